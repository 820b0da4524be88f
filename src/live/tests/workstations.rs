//! A second workstation on the same register: its steps are folded in,
//! and the rules hold across both.

use super::*;

/// The second workstation: another connection to the same file.
fn other(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("r.db")).unwrap()
}

fn demand_by_other(store: &mut Store, d: &Driver, number: u8) {
    let meeting = d.app.console.view.open_meeting().and_then(|m| m.id);
    let mut step = NewEvent::new(
        d.clock,
        "werkplek-2",
        EventBody::Demand {
            number,
            by: DemandBy::Voorzitter,
            wording: "Verlaat de zaal".into(),
            person: 1,
        },
    );
    step.meeting_id = meeting;
    store.append(step).unwrap();
}

#[test]
fn a_waiting_step_refused_when_finally_written_shows_as_refused() {
    let (mut d, dir) = start();
    let mut second = other(&dir);
    d.keys("m<enter>v2");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.keys("d");
    assert_eq!(d.app.console.pending(), 1);
    // Meanwhile the other workstation logs the same demand.
    demand_by_other(&mut second, &d, 1);
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    d.keys("R");
    assert_eq!(d.app.console.pending(), 0);
    assert!(d.app.outbox.is_empty());
    let f = d.app.console.flash.clone().unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(f.text.contains("GEWEIGERD"), "{}", f.text);
    assert!(
        f.text
            .contains("Vordering 1 aan persoon 1 is al vastgelegd"),
        "{}",
        f.text
    );
    assert_eq!(d.app.console.refused.len(), 1);
    assert_eq!(d.app.console.saving.refused, 1);
}

#[test]
fn the_console_folds_in_what_the_other_workstation_wrote() {
    let (mut d, dir) = start();
    let mut second = other(&dir);
    d.keys("m<enter>v2");
    demand_by_other(&mut second, &d, 1);
    d.watch();
    assert_eq!(demands(&d), 1, "the other's demand counts here");
    // The chair's next demand comes a while later: number 2, accepted.
    d.clock += chrono::Duration::seconds(20);
    d.keys("dd");
    assert_eq!(d.app.console.pending(), 0);
    assert!(dist(&d).lokaalvredebreuk());
    d.keys("d");
    assert!(
        flash(&d).contains("drie vorderingen"),
        "a fourth is refused here already"
    );
}

#[test]
fn a_console_started_before_the_other_opened_its_meeting_joins_it() {
    let (mut d, dir) = start();
    let mut second = other(&dir);
    second
        .append(NewEvent::new(
            d.clock,
            "werkplek-2",
            EventBody::MeetingStarted {
                meeting_type: crate::domain::MeetingType::Raadsvergadering,
                title: "Raadsvergadering van werkplek 2".into(),
                chair: "burgemeester".into(),
                location: "raadzaal".into(),
                town_hall: true,
                risk_check: None,
            },
        ))
        .unwrap();
    d.watch();
    let m = d
        .app
        .console
        .view
        .open_meeting()
        .expect("the other's meeting");
    assert_eq!(m.title, "Raadsvergadering van werkplek 2");
    d.keys("m");
    assert!(d.app.console.dialog.is_none(), "no second meeting");
    d.keys("s");
    assert_eq!(kinds(&d), ["meeting-started", "suspended"]);
}
