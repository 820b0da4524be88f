//! A damaged register at work: an unreadable event in the open meeting is
//! shown as unreadable and the screens go on; a register whose history does
//! not hold is written to no more (what is typed waits in the fallback
//! file), and the screens say so and what to do.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use raadsorde::app::driver::Driver;
use raadsorde::app::fallback::Fallback;
use raadsorde::app::{App, Screen};
use raadsorde::cases::Browser;
use raadsorde::config::Config;
use raadsorde::domain::EventBody;
use raadsorde::domain::time::to_local;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;
use tempfile::TempDir;

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    to_local(Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap())
}

fn app(store: &Store, fallback: &Fallback) -> App {
    let events = store.open_meeting_events().unwrap();
    let console = Console::new(Config::default(), Keymap::defaults(), events, now());
    let browser = Browser::new(Config::default(), Keymap::defaults(), now());
    App::new(console, browser, Screen::Live).with_fallback(fallback.clone())
}

/// A meeting with a disturbance and a suspension, then the suspension's
/// payload overwritten by someone who dropped the guard.
fn damaged_meeting(dir: &TempDir) -> std::path::PathBuf {
    let db = dir.path().join("r.db");
    let store = Store::open(&db).unwrap();
    let fallback = Fallback::new(&dir.path().join("nood"), &db);
    let mut d = Driver::new(app(&store, &fallback), store, now());
    d.keys("m<enter>v2<enter>sd");
    assert_eq!(d.app.outbox.len(), 0);
    d.store
        .connection()
        .execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET payload = '{kapot' WHERE kind = 'suspended';",
        )
        .unwrap();
    db
}

#[test]
fn an_unreadable_event_in_the_open_meeting_is_shown_and_the_console_goes_on() {
    let dir = TempDir::new().unwrap();
    let db = damaged_meeting(&dir);
    let store = Store::open(&db).unwrap();
    assert!(
        store
            .warnings()
            .iter()
            .any(|w| w.contains("hersteld") || w.contains("beveiliging")),
        "the guard is restored and said: {:?}",
        store.warnings()
    );
    let events = store.open_meeting_events().unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e.body, EventBody::Unreadable { .. })),
        "{events:?}"
    );
    let fallback = Fallback::new(&dir.path().join("nood"), &db);
    let d = Driver::new(app(&store, &fallback), store, now());
    let timeline = &d.app.console.view.timeline;
    assert!(
        timeline
            .iter()
            .any(|r| r.text.contains("ONLEESBARE gebeurtenis")),
        "{timeline:?}"
    );
    // The rest of the meeting is there: the disturbance and its demand.
    let dist = d.app.console.view.newest().unwrap();
    assert_eq!(dist.persons[0].demands.len(), 1);
}

#[test]
fn a_broken_history_is_written_to_no_more_and_what_is_typed_waits_in_the_fallback() {
    let dir = TempDir::new().unwrap();
    let db = damaged_meeting(&dir);
    let store = Store::open(&db).unwrap();
    let fallback = Fallback::new(&dir.path().join("nood"), &db);
    let mut d = Driver::new(app(&store, &fallback), store, now());
    let before = d.store.head().unwrap().unwrap().0;
    d.check();
    let flash = d.app.console.flash.clone().unwrap().text;
    assert!(flash.contains("BESCHADIGD"), "{flash}");
    assert!(
        flash.contains("raadsorde verify"),
        "says what to do: {flash}"
    );
    assert!(d.app.console.saving.held.is_some());
    d.keys("dl");
    assert_eq!(
        d.store.head().unwrap().unwrap().0,
        before,
        "nothing chained on"
    );
    assert_eq!(d.app.outbox.len(), 2, "the steps wait");
    assert_eq!(
        fallback.load().unwrap().len(),
        2,
        "kept in the fallback file"
    );
}

#[test]
fn an_intact_register_passes_the_check_and_stays_writable() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("r.db");
    let store = Store::open(&db).unwrap();
    let fallback = Fallback::new(&dir.path().join("nood"), &db);
    let mut d = Driver::new(app(&store, &fallback), store, now());
    d.keys("m<enter>");
    d.check();
    assert!(d.app.console.saving.held.is_none());
    d.keys("s");
    assert!(d.app.outbox.is_empty());
    assert!(d.app.console.view.suspended_since.is_some());
}
