//! The app's side of the reminders, driven synchronously against a real
//! store: when the store is asked, and the banner on every screen.

use chrono::{TimeZone, Utc};
use tempfile::TempDir;

use super::fixture::intake;
use super::{Delivered, Reminder};
use crate::app::driver::Driver;
use crate::app::{App, Input, Screen};
use crate::cases::Browser;
use crate::config::Config;
use crate::domain::case::VictimRole;
use crate::domain::time::to_local;
use crate::keymap::Keymap;
use crate::live::{Console, Flash, Level};
use crate::storage::Store;

/// The live console over a register with one overdue case, reminders on.
fn start() -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store.act_as("beheer").unwrap();
    intake(&mut store, VictimRole::Raadslid, "Klaas Kwetsbaar");
    let now = to_local(Utc.with_ymd_and_hms(2026, 3, 3, 9, 0, 0).unwrap());
    let config = Config::default();
    let console = Console::new(config.clone(), Keymap::defaults(), Vec::new(), now);
    let browser = Browser::new(config, Keymap::defaults(), now);
    let app = App::new(console, browser, Screen::Live).with_reminders();
    (Driver::new(app, store, now), dir)
}

fn delivered(desktop: Result<(), String>) -> Delivered {
    Delivered {
        reminders: vec![Reminder {
            key: "1:x".into(),
            case_ref: "2026-0001".into(),
            at: Utc.with_ymd_and_hms(2026, 3, 1, 19, 0, 0).unwrap(),
            summary: "Termijn verstreken: zaak 2026-0001".into(),
            body: "melden aan griffier; termijn 01-03-2026 20:00".into(),
            critical: true,
        }],
        first_failure: desktop.is_err(),
        desktop,
    }
}

#[test]
fn the_store_is_asked_at_start_and_again_after_the_register_changed() {
    let (mut d, _dir) = start();
    let first = d.app.reminders.take_fresh().expect("computed at start");
    // The talks and the route of a case from 1 March: the earliest first,
    // already late.
    assert!(first.len() > 1, "{first:#?}");
    assert!(first[0].critical);
    assert_eq!(first[0].summary, "Termijn verstreken: zaak 2026-0001");

    d.tick();
    assert_eq!(d.app.reminders.take_fresh(), None, "nothing changed");

    // A meeting opened here: a commit, so the list is computed again on
    // the next tick (not at the commit itself).
    d.keys("m<enter>");
    assert_eq!(d.app.reminders.take_fresh(), None);
    d.tick();
    assert!(d.app.reminders.take_fresh().is_some());

    // Another workstation wrote: the same.
    {
        let mut other = Store::open(d.store.path()).unwrap();
        other.act_as("beheer").unwrap();
        intake(&mut other, VictimRole::Burgemeester, "Bea Bestuur");
    }
    d.watch();
    d.tick();
    let after = d.app.reminders.take_fresh().expect("computed again");
    // The new case's items are among them.
    assert!(
        after.iter().any(|r| r.case_ref == "2026-0002"),
        "{after:#?}"
    );
    assert!(after.len() > first.len());
}

#[test]
fn a_reminder_shows_on_both_screens_and_waits_for_an_error_to_go() {
    let (mut d, _dir) = start();
    d.send(Input::Reminded(delivered(Err("no bus".into()))));
    for flash in [&d.app.console.flash, &d.app.browser.flash] {
        let flash = flash.as_ref().expect("the banner");
        assert_eq!(flash.level, Level::Warning);
        assert!(
            flash
                .text
                .starts_with("Termijn verstreken: zaak 2026-0001 — melden aan griffier"),
            "{}",
            flash.text
        );
        assert!(
            flash.text.contains("geen bureaubladmelding"),
            "{}",
            flash.text
        );
    }

    // An error on the status line stays in view; the reminder follows it.
    let error = Flash {
        text: "NIET OPGESLAGEN: schijf vol".into(),
        level: Level::Error,
    };
    d.app.console.flash = Some(error.clone());
    d.send(Input::Reminded(delivered(Ok(()))));
    assert_eq!(d.app.console.flash, Some(error));
    d.app.console.flash = None;
    d.tick();
    let shown = d
        .app
        .console
        .flash
        .clone()
        .expect("shown once the error went");
    assert!(!shown.text.contains("bureaubladmelding"), "{}", shown.text);
}
