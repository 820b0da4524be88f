//! Waiting writes survive a register that cannot be written: kept in the
//! fallback file, read back at the next start, written with their
//! key-press times; what the register already holds is not written twice.
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
use tempfile::TempDir;

fn app_on(store: &Store, fallback: &Fallback, now: chrono::DateTime<chrono::FixedOffset>) -> App {
    let events = store.open_meeting_events().unwrap();
    let console = Console::new(Config::default(), Keymap::defaults(), events, now);
    let browser = Browser::new(Config::default(), Keymap::defaults(), now);
    App::new(console, browser, Screen::Live).with_fallback(fallback.clone())
}

fn read_only(d: &Driver, on: bool) {
    let v = if on { "ON" } else { "OFF" };
    d.store
        .connection()
        .execute_batch(&format!("PRAGMA query_only = {v}"))
        .unwrap();
}

#[test]
fn waiting_steps_are_kept_when_quitting_and_written_at_the_next_start() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("r.db");
    let fallback = Fallback::new(&dir.path().join("noodmap"), &db);
    let now = to_local(Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap());

    let store = Store::open(&db).unwrap();
    let app = app_on(&store, &fallback, now);
    let mut d = Driver::new(app, store, now);
    d.keys("m<enter>v");
    read_only(&d, true);
    d.keys("sdd");
    assert_eq!(d.app.outbox.len(), 3);
    assert!(fallback.exists(), "kept as soon as a write failed");
    assert_eq!(fallback.load().unwrap().len(), 3);
    let pressed: Vec<_> = d.app.outbox.waiting().map(|w| w.event.at).collect();
    // Quitting asks, and says where the steps are kept.
    d.keys("q");
    assert!(d.app.quit_prompt);
    assert!(
        d.app
            .quit_consequence()
            .contains(&fallback.path().display().to_string())
    );
    d.keys("j");
    assert!(d.app.quit);
    assert_eq!(fallback.load().unwrap().len(), 3, "kept for the next start");
    drop(d);

    // The next start: the register can be written again.
    let store = Store::open(&db).unwrap();
    let waiting = fallback.load().unwrap();
    let mut app = app_on(&store, &fallback, now);
    app.recover(waiting, fallback.path());
    assert!(
        app.console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("NIET opgeslagen"),
        "the restart says what was not saved"
    );
    let later = now + chrono::Duration::minutes(5);
    let mut d = Driver::new(app, store, later);
    d.tick();
    assert!(d.app.outbox.is_empty());
    assert!(!fallback.exists(), "gone once written");
    let events = d.store.open_meeting_events().unwrap();
    let kinds: Vec<String> = events
        .iter()
        .map(|e| e.body.to_parts().unwrap().0)
        .collect();
    assert_eq!(
        kinds,
        [
            "meeting-started",
            "disturbance-started",
            "suspended",
            "demand",
            "demand"
        ]
    );
    // With the moments the keys were pressed, not the moment of writing.
    let at: Vec<_> = events[2..].iter().map(|e| e.at).collect();
    assert_eq!(at, pressed);
    // And the console shows them.
    let demands = d.app.console.view.newest().unwrap().persons[0]
        .demands
        .len();
    assert_eq!(demands, 2);
}

#[test]
fn steps_the_register_already_holds_are_not_written_twice() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("r.db");
    let fallback = Fallback::new(&dir.path().join("noodmap"), &db);
    let now = to_local(Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap());
    let store = Store::open(&db).unwrap();
    let app = app_on(&store, &fallback, now);
    let mut d = Driver::new(app, store, now);
    d.keys("m<enter>");
    read_only(&d, true);
    d.keys("n");
    d.keys("eerste notitie<enter>");
    let kept = fallback.load().unwrap();
    assert_eq!(kept.len(), 1);
    // The write went through after all (say, just before a crash).
    read_only(&d, false);
    d.store.append(kept[0].event.clone()).unwrap();
    assert!(d.store.holds(&kept[0].event).unwrap());
    let mut other = kept[0].event.clone();
    other.at += chrono::Duration::milliseconds(1);
    assert!(
        !d.store.holds(&other).unwrap(),
        "a different key press is not"
    );
}
