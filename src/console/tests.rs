//! Key sequences -> state, against a real store in a temporary directory.

use chrono::{TimeZone, Utc};
use tempfile::TempDir;

use super::driver::Driver;
use super::*;
use crate::domain::time::to_local;
use crate::storage::{Store, Verdict};

fn start() -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    (Driver::new(console, store), dir)
}

fn kinds(d: &Driver) -> Vec<String> {
    d.console
        .committed()
        .iter()
        .map(|e| e.body.to_parts().unwrap().0)
        .collect()
}

#[test]
fn one_key_and_enter_opens_a_meeting_with_the_defaults() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    let m = d.console.view.open_meeting().expect("meeting open");
    assert_eq!(m.title, "Raadsvergadering");
    assert_eq!(m.chair, "burgemeester");
    assert_eq!(kinds(&d), ["meeting-started"]);
}

#[test]
fn the_whole_section_5_scenario_takes_about_one_key_per_step() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    d.keys("v2<enter>"); // disturbance: bedreiging / intimidatie, default place
    d.keys("s"); // suspend
    d.keys("ddd"); // three demands
    let dist = d.console.view.disturbance.clone().unwrap();
    assert_eq!(dist.demands.len(), 3);
    assert!(dist.lokaalvredebreuk());
    assert!(
        d.console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("LOKAALVREDEBREUK")
    );
    d.keys("l"); // livestream stopped
    d.keys("i"); // interventieteam
    d.keys("p"); // police called: the 112 card opens
    assert!(matches!(d.console.dialog, Some(Dialog::Card112)));
    d.keys("<esc>");
    d.keys("t"); // police arrived
    d.keys("r"); // removed by police
    d.keys("aj"); // aangifte: yes
    d.keys("Vj"); // end disturbance -> case
    d.keys("h"); // resume
    d.keys("L"); // livestream resumed
    d.keys("Mj"); // end meeting
    assert_eq!(
        kinds(&d),
        [
            "meeting-started",
            "disturbance-started",
            "suspended",
            "demand",
            "demand",
            "demand",
            "livestream-stopped",
            "intervention-team-called",
            "police-called",
            "police-arrived",
            "removed-by-police",
            "aangifte-decision",
            "disturbance-ended",
            "resumed",
            "livestream-resumed",
            "meeting-ended",
        ]
    );
    assert_eq!(d.console.pending(), 0);
    assert!(matches!(
        d.store.verify().unwrap(),
        Verdict::Intact { count: 16, .. }
    ));
    let export = d.store.export().unwrap();
    assert_eq!(export.cases.len(), 1);
    assert_eq!(export.cases[0].status, "open");
}

#[test]
fn a_fourth_demand_is_refused_with_a_dutch_message() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1<enter>dddd");
    assert_eq!(
        d.console.view.disturbance.as_ref().unwrap().demands.len(),
        3
    );
    let flash = d.console.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Warning);
    assert!(flash.text.contains("al drie vorderingen"), "{}", flash.text);
}

#[test]
fn a_demand_by_the_griffier_is_recorded_as_such() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v3<enter>dD");
    let demands = &d.console.view.disturbance.as_ref().unwrap().demands;
    assert_eq!(demands[0].by, DemandBy::Voorzitter);
    assert_eq!(demands[1].by, DemandBy::Griffier);
    assert_eq!(demands[1].wording, d.console.config.live.demand_wording);
}

#[test]
fn steps_without_a_meeting_are_refused() {
    let (mut d, _dir) = start();
    d.keys("sdv");
    assert!(d.console.committed().is_empty());
    assert!(
        d.console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("geen vergadering")
    );
}

#[test]
fn disturbance_form_needs_a_category_but_never_a_description() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v<enter>");
    assert!(matches!(d.console.dialog, Some(Dialog::Disturbance { .. })));
    assert!(d.console.flash.as_ref().unwrap().text.contains("categorie"));
    d.keys("4<enter>");
    let dist = d.console.view.disturbance.clone().unwrap();
    assert_eq!(dist.category, Category::EmotioneelGedrag);
    assert_eq!(dist.place, "publieke tribune");
    assert_eq!(dist.description, "");
}

#[test]
fn disturbance_form_takes_place_and_description() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1<c-u>balkon<tab>Man met pet, ’t Hart<enter>");
    let dist = d.console.view.disturbance.clone().unwrap();
    assert_eq!(dist.category, Category::FysiekGeweld);
    assert_eq!(dist.place, "balkon");
    assert_eq!(dist.description, "Man met pet, ’t Hart");
}

#[test]
fn physical_protection_asks_for_confirmation_of_the_rule() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1<enter>f");
    assert!(matches!(
        d.console.dialog,
        Some(Dialog::Confirm(Question::PhysicalProtection))
    ));
    d.keys("n");
    assert!(
        d.console
            .view
            .disturbance
            .as_ref()
            .unwrap()
            .protections
            .is_empty()
    );
    d.keys("fj");
    assert_eq!(
        d.console
            .view
            .disturbance
            .as_ref()
            .unwrap()
            .protections
            .len(),
        1
    );
}

#[test]
fn notes_and_corrections() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1<enter>dd");
    // Correct the second demand (the newest entry is preselected).
    d.keys("c<enter>per ongeluk<enter>");
    let v = &d.console.view;
    assert_eq!(v.disturbance.as_ref().unwrap().demands.len(), 1);
    let corrected = v.timeline.iter().find(|r| r.corrected.is_some()).unwrap();
    assert!(corrected.text.starts_with("Vordering 2"));
    d.keys("nSpandoek op de tribune<enter>");
    let last = d.console.committed().last().unwrap();
    assert_eq!(
        last.body,
        EventBody::Note {
            text: "Spandoek op de tribune".into()
        }
    );
    // The correction is linked to the case of the corrected entry.
    let correction = &d.console.committed()[4];
    assert_eq!(correction.corrects, Some(4));
    assert_eq!(correction.case_id, d.console.committed()[3].case_id);
}

#[test]
fn correction_picker_moves_with_arrows() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nA<enter>nB<enter>c<up><up><enter>titel klopt niet<enter>");
    let last = d.console.committed().last().unwrap();
    assert_eq!(last.corrects, Some(1));
}

#[test]
fn esc_keeps_typed_text_as_a_draft() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nhalve not<esc>");
    assert!(d.console.dialog.is_none());
    d.keys("n");
    match &d.console.dialog {
        Some(Dialog::Note { field }) => assert_eq!(field.value(), "halve not"),
        other => panic!("expected the note draft, got {other:?}"),
    }
}

#[test]
fn a_failed_write_stays_pending_until_retried() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.keys("s");
    assert_eq!(d.console.pending(), 1);
    assert!(
        d.console.view.suspended_since.is_none(),
        "not shown as done"
    );
    assert!(d.console.projected().timeline.last().unwrap().is_pending());
    let flash = d.console.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Error);
    assert!(flash.text.contains("NIET OPGESLAGEN"), "{}", flash.text);
    // Further steps queue behind it, in order.
    d.keys("l");
    assert_eq!(d.console.pending(), 2);
    // Quitting now asks first.
    d.keys("q");
    assert!(matches!(
        d.console.dialog,
        Some(Dialog::Confirm(Question::QuitUnsaved))
    ));
    d.keys("n");
    assert!(!d.quit);
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    d.keys("R");
    assert_eq!(d.console.pending(), 0);
    assert!(d.console.view.suspended_since.is_some());
    assert!(d.console.view.livestream_down_since.is_some());
    assert_eq!(
        kinds(&d),
        ["meeting-started", "suspended", "livestream-stopped"]
    );
}

#[test]
fn timestamps_are_when_the_key_was_pressed_not_when_stored() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    let pressed = d.clock;
    d.keys("s");
    d.clock += chrono::Duration::minutes(5);
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    d.keys("R");
    assert_eq!(d.console.committed().last().unwrap().at, pressed);
}

#[test]
fn restart_resumes_the_live_session() {
    let (mut d, dir) = start();
    d.keys("m<enter>v2<enter>sdd");
    drop(d);
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let events = store.open_meeting_events().unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 45, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), events, now);
    assert!(console.view.suspended_since.is_some());
    assert_eq!(console.view.disturbance.as_ref().unwrap().demands.len(), 2);
    assert!(console.flash.as_ref().unwrap().text.contains("hervat"));
    let mut d = Driver::new(console, store);
    d.keys("d");
    assert!(
        d.console
            .view
            .disturbance
            .as_ref()
            .unwrap()
            .lokaalvredebreuk()
    );
}

#[test]
fn a_huge_paste_into_a_note_is_capped() {
    let (mut d, _dir) = start();
    d.keys("m<enter>n");
    d.send(Msg::Paste("x\u{1b}[2J".repeat(200_000)));
    match &d.console.dialog {
        Some(Dialog::Note { field }) => assert_eq!(field.len(), limits::NOTE),
        other => panic!("{other:?}"),
    }
    assert!(d.console.flash.as_ref().unwrap().text.contains("ingekort"));
}

#[test]
fn quit_waits_for_nothing_when_everything_is_stored() {
    let (mut d, _dir) = start();
    d.keys("m<enter>q");
    assert!(d.quit);
}

#[test]
fn unbound_keys_say_so() {
    let (mut d, _dir) = start();
    d.keys("z");
    assert!(
        d.console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("geen functie")
    );
}
