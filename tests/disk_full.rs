//! Disk full on demand: `PRAGMA max_page_count` on the app driver's store
//! connection makes every write that needs a new page fail with
//! SQLITE_FULL. The steps typed meanwhile wait: the screen says "NIET
//! OPGESLAGEN", they stay in the outbox and in the fallback file, nothing is
//! lost, and once the limit is raised they are written, in order, with the
//! moments their keys were pressed.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use raadsorde::app::driver::Driver;
use raadsorde::app::fallback::Fallback;
use raadsorde::app::{App, Screen};
use raadsorde::cases::Browser;
use raadsorde::config::Config;
use raadsorde::domain::time::to_local;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;
use raadsorde::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

type Time = chrono::DateTime<chrono::FixedOffset>;

fn app_on(store: &Store, fallback: &Fallback, now: Time) -> App {
    let events = store.open_meeting_events().unwrap();
    let console = Console::new(Config::default(), Keymap::defaults(), events, now);
    let browser = Browser::new(Config::default(), Keymap::defaults(), now);
    App::new(console, browser, Screen::Live).with_fallback(fallback.clone())
}

fn pragma(d: &Driver, sql: &str) -> i64 {
    d.store
        .connection()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Makes the register "full": no page may be added to it. Then types long
/// notes until one does not fit in the pages there are (the first steps may
/// still fit in the free space of existing pages); returns how many were
/// stored. From then on the waiting note heads the outbox, so every step
/// behind it waits too.
fn fill_disk(d: &mut Driver) -> usize {
    let pages = pragma(d, "PRAGMA page_count");
    let limit = pragma(d, &format!("PRAGMA max_page_count = {pages}"));
    assert_eq!(limit, pages, "max_page_count not applied");
    for i in 0..60 {
        d.keys(&format!(
            "n{i:02} {}<enter>",
            "getuigenverklaring ".repeat(23)
        ));
        if !d.app.outbox.is_empty() {
            return i;
        }
    }
    panic!("60 long notes fitted in {pages} pages: SQLITE_FULL never happened");
}

fn free_disk(d: &Driver) {
    pragma(d, "PRAGMA max_page_count = 1073741823");
}

fn screen(d: &Driver) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| ui::draw(f, &d.app.console, &Theme::monochrome()))
        .unwrap();
    terminal.backend().to_string()
}

fn kinds(d: &Driver) -> Vec<String> {
    d.store
        .export()
        .unwrap()
        .events
        .iter()
        .map(|e| e.kind.clone())
        .collect()
}

#[test]
fn a_full_disk_keeps_every_step_and_writes_them_in_order_once_there_is_room() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("r.db");
    let fallback = Fallback::new(&dir.path().join("noodmap"), &db);
    let now = to_local(Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap());
    let store = Store::open(&db).unwrap();
    let app = app_on(&store, &fallback, now);
    let mut d = Driver::new(app, store, now);
    d.keys("m<enter>v");
    assert_eq!(kinds(&d), ["meeting-started", "disturbance-started"]);
    assert!(d.app.outbox.is_empty());

    // The disk is full: the note at the head needs a page the register may
    // not add, and the steps typed after it wait behind it.
    let stored_notes = fill_disk(&mut d);
    let before = kinds(&d).len();
    assert_eq!(before, 2 + stored_notes);
    d.keys("sddd");
    let waiting = d.app.outbox.len();
    eprintln!(
        "disk full after {stored_notes} long notes: {waiting} steps waiting, {} stored while full",
        kinds(&d).len() - before
    );
    assert_eq!(kinds(&d).len(), before, "a step was stored on a full disk");
    assert_eq!(waiting, 5, "note + suspend + 3 demands should wait");
    let failure = d.app.outbox.failure().unwrap().reason.clone();
    eprintln!("the store said: {failure}");
    // What the user sees: not saved, with the projected state.
    let shown = screen(&d);
    assert!(shown.contains("NIET OPGESLAGEN"), "{shown}");
    let dist = d.app.console.projected().newest().unwrap();
    assert_eq!(dist.persons[0].demands.len(), 3, "projected demands");
    assert!(dist.lokaalvredebreuk());
    assert!(shown.contains("LOKAALVREDEBREUK"), "{shown}");
    // A fourth demand is refused on the projected state, and not queued.
    d.keys("d");
    assert_eq!(d.app.outbox.len(), waiting, "a refused step was queued");
    // Kept in the fallback file, with their key-press times.
    let kept = fallback.load().unwrap();
    let pressed: Vec<Time> = d.app.outbox.waiting().map(|w| w.event.at).collect();
    assert_eq!(kept.len(), waiting);
    assert_eq!(kept.iter().map(|w| w.event.at).collect::<Vec<_>>(), pressed);

    // Automatic retries while still full: still waiting, nothing lost.
    for _ in 0..5 {
        d.clock += chrono::Duration::seconds(10);
        d.tick();
    }
    assert_eq!(d.app.outbox.len(), waiting);
    assert!(d.app.outbox.failure().unwrap().attempts > 1);

    // Room again: the next automatic retry writes them all, in order.
    free_disk(&d);
    d.clock += chrono::Duration::seconds(10);
    d.tick();
    assert!(
        d.app.outbox.is_empty(),
        "{} still waiting",
        d.app.outbox.len()
    );
    assert!(
        !fallback.exists(),
        "fallback file kept after everything was written"
    );
    let mut expected = vec!["meeting-started", "disturbance-started"];
    expected.extend(std::iter::repeat_n("note", stored_notes + 1));
    expected.extend(["suspended", "demand", "demand", "demand"]);
    assert_eq!(kinds(&d), expected);
    let events = d.store.open_meeting_events().unwrap();
    let at: Vec<Time> = events[events.len() - waiting..]
        .iter()
        .map(|e| e.at)
        .collect();
    assert_eq!(at, pressed, "written with other times than the key presses");
    assert!(d.store.verify().unwrap().is_intact());
    assert!(!screen(&d).contains("NIET OPGESLAGEN"));
}

#[test]
fn a_full_disk_and_a_crash_lose_nothing_thanks_to_the_fallback_file() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("r.db");
    let fallback = Fallback::new(&dir.path().join("noodmap"), &db);
    let now = to_local(Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap());
    let store = Store::open(&db).unwrap();
    let app = app_on(&store, &fallback, now);
    let mut d = Driver::new(app, store, now);
    d.keys("m<enter>v1<enter>");
    fill_disk(&mut d);
    d.keys("sl");
    d.keys("n");
    d.keys("notitie tijdens volle schijf<enter>");
    let waiting = d.app.outbox.len();
    assert_eq!(waiting, 4, "long note, suspend, livestream, note");
    let pressed: Vec<Time> = d.app.outbox.waiting().map(|w| w.event.at).collect();
    // The process dies: no quit, no destructor of the app's own.
    std::mem::forget(d.app);
    drop(d.store);

    // The next start: the register has room; the fallback file has the steps.
    let store = Store::open(&db).unwrap();
    let mut kept = fallback.load().unwrap();
    assert_eq!(kept.len(), waiting);
    kept.retain(|w| !store.holds(&w.event).unwrap());
    let mut app = app_on(&store, &fallback, now);
    app.recover(kept, fallback.path());
    let mut d = Driver::new(app, store, now + chrono::Duration::minutes(2));
    d.tick();
    assert!(d.app.outbox.is_empty());
    let events = d.store.open_meeting_events().unwrap();
    let at: Vec<Time> = events[events.len() - waiting..]
        .iter()
        .map(|e| e.at)
        .collect();
    assert_eq!(at, pressed);
    assert_eq!(kinds(&d).last().map(String::as_str), Some("note"));
    assert!(d.store.verify().unwrap().is_intact());
}
