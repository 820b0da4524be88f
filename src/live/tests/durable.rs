//! Nothing typed is lost: failed writes wait and retry, quitting asks, a
//! restart resumes.

use super::*;

#[test]
fn a_failed_write_stays_pending_retries_by_itself_and_quitting_asks() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.keys("s");
    assert_eq!(d.app.console.pending(), 1);
    assert_eq!(d.app.outbox.len(), 1);
    assert!(
        d.app.console.view.suspended_since.is_none(),
        "not shown as done"
    );
    assert!(
        d.app
            .console
            .projected()
            .timeline
            .last()
            .unwrap()
            .is_pending()
    );
    let f = d.app.console.flash.clone().unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(f.text.contains("NIET OPGESLAGEN"), "{}", f.text);
    assert!(d.app.console.saving.failure.is_some());
    // Further steps queue behind it, in order.
    d.keys("l");
    assert_eq!(d.app.console.pending(), 2);
    // Quitting now asks first; Esc stays.
    d.keys("q");
    assert!(d.app.quit_prompt);
    d.keys("<esc>");
    assert!(!d.app.quit_prompt);
    assert!(!d.app.quit);
    // The database can be written again: the next due retry saves all,
    // without the user doing anything.
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    for _ in 0..6 {
        d.clock += chrono::Duration::seconds(1);
        d.tick();
    }
    assert_eq!(d.app.console.pending(), 0);
    assert!(d.app.outbox.is_empty());
    assert!(d.app.console.saving.failure.is_none());
    assert!(d.app.console.view.suspended_since.is_some());
    assert!(d.app.console.view.livestream_down_since.is_some());
    assert_eq!(
        kinds(&d),
        ["meeting-started", "suspended", "livestream-stopped"]
    );
}

#[test]
fn waiting_steps_of_a_waiting_disturbance_go_to_it_when_written() {
    // The disk fails before the second disturbance: it, a person added to
    // it and a demand to the first wait; written later, each goes to the
    // right case.
    let (mut d, _dir) = start();
    d.keys("m<enter>v2");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.keys("v3+");
    d.keys("o"); // back to disturbance 1, person 1
    assert_eq!(d.app.console.current().unwrap().0.number, 1);
    d.keys("d");
    assert_eq!(d.app.console.pending(), 4);
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    d.keys("R");
    assert_eq!(d.app.console.pending(), 0);
    let v = &d.app.console.view;
    let first = v.disturbance(1).unwrap();
    let second = v.disturbance(2).unwrap();
    assert_eq!(first.persons[0].demands.len(), 1);
    assert_eq!(second.persons.len(), 2);
    assert_eq!(second.category, Some(Category::VerbaleAgressie));
}

#[test]
fn retry_key_saves_at_once() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.keys("s");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    // Well before the automatic retry is due.
    d.tick = chrono::Duration::zero();
    d.keys("R");
    assert_eq!(d.app.console.pending(), 0);
    assert_eq!(kinds(&d), ["meeting-started", "suspended"]);
}

#[test]
fn restart_resumes_the_live_session() {
    let (mut d, dir) = start();
    d.keys("m<enter>v2sdd+d");
    drop(d);
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let events = store.open_meeting_events().unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 45, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), events, now);
    assert!(console.view.suspended_since.is_some());
    let v = console.view.newest().unwrap().clone();
    assert_eq!(v.persons[0].demands.len(), 2);
    assert_eq!(v.persons[1].demands.len(), 1);
    assert!(console.flash.as_ref().unwrap().text.contains("hervat"));
    let mut d = Driver::live(console, store);
    // After a restart the current person is the first still present.
    d.keys("d");
    assert!(dist(&d).persons[0].lokaalvredebreuk());
}

#[test]
fn quit_waits_for_nothing_when_everything_is_stored() {
    let (mut d, _dir) = start();
    d.keys("m<enter>q");
    assert!(d.app.quit);
}

#[test]
fn quitting_during_a_disturbance_asks_even_when_all_is_saved() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2s");
    assert!(d.app.outbox.is_empty());
    d.keys("q");
    assert!(d.app.quit_prompt, "asks");
    assert!(
        d.app.unsaved()[0].contains("verstoring"),
        "{:?}",
        d.app.unsaved()
    );
    d.keys("<esc>");
    assert!(!d.app.quit);
    d.keys("qj");
    assert!(d.app.quit);
}
