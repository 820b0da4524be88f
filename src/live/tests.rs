//! Key sequences -> state, against a real store in a temporary directory.

use chrono::{TimeZone, Utc};
use tempfile::TempDir;

use super::*;
use crate::app::driver::Driver;
use crate::domain::time::to_local;
use crate::storage::{Store, Verdict};
use crate::widgets::Form;

fn start() -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    (Driver::live(console, store), dir)
}

fn kinds(d: &Driver) -> Vec<String> {
    d.app
        .console
        .committed()
        .iter()
        .map(|e| e.body.to_parts().unwrap().0)
        .collect()
}

#[test]
fn one_key_and_enter_opens_a_meeting_with_the_defaults() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    let m = d.app.console.view.open_meeting().expect("meeting open");
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
    let dist = d.app.console.view.disturbance.clone().unwrap();
    assert_eq!(dist.demands.len(), 3);
    assert!(dist.lokaalvredebreuk());
    assert!(
        d.app
            .console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("LOKAALVREDEBREUK")
    );
    d.keys("l"); // livestream stopped
    d.keys("i"); // interventieteam
    d.keys("p"); // police called: the 112 card opens
    assert!(matches!(d.app.console.dialog, Some(Dialog::Card112)));
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
    assert_eq!(d.app.console.pending(), 0);
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
        d.app
            .console
            .view
            .disturbance
            .as_ref()
            .unwrap()
            .demands
            .len(),
        3
    );
    let flash = d.app.console.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Warning);
    assert!(flash.text.contains("al drie vorderingen"), "{}", flash.text);
}

#[test]
fn a_demand_by_the_griffier_is_recorded_as_such() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v3<enter>dD");
    let demands = &d.app.console.view.disturbance.as_ref().unwrap().demands;
    assert_eq!(demands[0].by, DemandBy::Voorzitter);
    assert_eq!(demands[1].by, DemandBy::Griffier);
    assert_eq!(demands[1].wording, d.app.console.config.live.demand_wording);
}

#[test]
fn steps_without_a_meeting_are_refused() {
    let (mut d, _dir) = start();
    d.keys("sdv");
    assert!(d.app.console.committed().is_empty());
    assert!(
        d.app
            .console
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
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Form(Form {
            purpose: LiveForm::Disturbance,
            ..
        }))
    ));
    assert!(
        d.app
            .console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("categorie")
    );
    d.keys("4<enter>");
    let dist = d.app.console.view.disturbance.clone().unwrap();
    assert_eq!(dist.category, Category::EmotioneelGedrag);
    assert_eq!(dist.place, "publieke tribune");
    assert_eq!(dist.description, "");
}

#[test]
fn disturbance_form_takes_place_and_description() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1<c-u>balkon<tab>Man met pet, ’t Hart<enter>");
    let dist = d.app.console.view.disturbance.clone().unwrap();
    assert_eq!(dist.category, Category::FysiekGeweld);
    assert_eq!(dist.place, "balkon");
    assert_eq!(dist.description, "Man met pet, ’t Hart");
}

#[test]
fn physical_protection_asks_for_confirmation_of_the_rule() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1<enter>f");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::PhysicalProtection))
    ));
    d.keys("<esc>");
    assert!(
        d.app
            .console
            .view
            .disturbance
            .as_ref()
            .unwrap()
            .protections
            .is_empty()
    );
    d.keys("fj");
    assert_eq!(
        d.app
            .console
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
    let v = &d.app.console.view;
    assert_eq!(v.disturbance.as_ref().unwrap().demands.len(), 1);
    let corrected = v.timeline.iter().find(|r| r.corrected.is_some()).unwrap();
    assert!(corrected.text.starts_with("Vordering 2"));
    d.keys("nSpandoek op de tribune<enter>");
    let last = d.app.console.committed().last().unwrap();
    assert_eq!(
        last.body,
        EventBody::Note {
            text: "Spandoek op de tribune".into()
        }
    );
    // The correction is linked to the case of the corrected entry.
    let correction = &d.app.console.committed()[4];
    assert_eq!(correction.corrects, Some(4));
    assert_eq!(correction.case_id, d.app.console.committed()[3].case_id);
}

#[test]
fn correction_picker_moves_with_arrows() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nA<enter>nB<enter>c<up><up><enter>titel klopt niet<enter>");
    let last = d.app.console.committed().last().unwrap();
    assert_eq!(last.corrects, Some(1));
}

#[test]
fn esc_keeps_typed_text_as_a_draft() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nhalve not<esc>");
    assert!(d.app.console.dialog.is_none());
    d.keys("n");
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) if form.purpose == LiveForm::Note => {
            assert_eq!(form.text(0), "halve not")
        }
        other => panic!("expected the note draft, got {other:?}"),
    }
}

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
    let flash = d.app.console.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Error);
    assert!(flash.text.contains("NIET OPGESLAGEN"), "{}", flash.text);
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
    assert_eq!(d.app.console.committed().last().unwrap().at, pressed);
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
    let mut d = Driver::live(console, store);
    d.keys("d");
    assert!(
        d.app
            .console
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
    d.send(crate::app::Input::Paste("x\u{1b}[2J".repeat(200_000)));
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) if form.purpose == LiveForm::Note => {
            assert_eq!(form.text(0).chars().count(), limits::NOTE)
        }
        other => panic!("{other:?}"),
    }
    assert!(
        d.app
            .console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("ingekort")
    );
}

#[test]
fn quit_waits_for_nothing_when_everything_is_stored() {
    let (mut d, _dir) = start();
    d.keys("m<enter>q");
    assert!(d.app.quit);
}

#[test]
fn unbound_keys_say_so() {
    let (mut d, _dir) = start();
    d.keys("z");
    assert!(
        d.app
            .console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("geen functie")
    );
}

/// The second workstation: another connection to the same file.
fn other(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("r.db")).unwrap()
}

fn demand_by_other(store: &mut Store, d: &Driver, number: u8) {
    let meeting = d.app.console.view.open_meeting().and_then(|m| m.id);
    store
        .append(NewEvent {
            at: d.clock,
            actor: "werkplek-2".into(),
            meeting_id: meeting,
            case_id: None,
            corrects: None,
            body: EventBody::Demand {
                number,
                by: DemandBy::Voorzitter,
                wording: "Verlaat de zaal".into(),
            },
        })
        .unwrap();
}

#[test]
fn a_waiting_step_refused_when_finally_written_shows_as_refused() {
    let (mut d, dir) = start();
    let mut second = other(&dir);
    d.keys("m<enter>v2<enter>");
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
    let flash = d.app.console.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Error);
    assert!(flash.text.contains("GEWEIGERD"), "{}", flash.text);
    assert!(
        flash.text.contains("Vordering 1 is al vastgelegd"),
        "{}",
        flash.text
    );
    assert_eq!(d.app.console.refused.len(), 1);
    assert_eq!(d.app.console.saving.refused, 1);
}

#[test]
fn the_console_folds_in_what_the_other_workstation_wrote() {
    let (mut d, dir) = start();
    let mut second = other(&dir);
    d.keys("m<enter>v2<enter>");
    demand_by_other(&mut second, &d, 1);
    d.watch();
    let demands = d
        .app
        .console
        .view
        .disturbance
        .as_ref()
        .unwrap()
        .demands
        .len();
    assert_eq!(demands, 1, "the other's demand counts here");
    // The chair's next demand comes a while later: number 2, accepted.
    d.clock += chrono::Duration::seconds(20);
    d.keys("dd");
    assert_eq!(d.app.console.pending(), 0);
    assert!(
        d.app
            .console
            .view
            .disturbance
            .as_ref()
            .unwrap()
            .lokaalvredebreuk()
    );
    d.keys("d");
    assert!(
        d.app
            .console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("drie vorderingen"),
        "a fourth is refused here already"
    );
}

#[test]
fn a_console_started_before_the_other_opened_its_meeting_joins_it() {
    let (mut d, dir) = start();
    let mut second = other(&dir);
    second
        .append(NewEvent {
            at: d.clock,
            actor: "werkplek-2".into(),
            meeting_id: None,
            case_id: None,
            corrects: None,
            body: EventBody::MeetingStarted {
                meeting_type: crate::domain::MeetingType::Raadsvergadering,
                title: "Raadsvergadering van werkplek 2".into(),
                chair: "burgemeester".into(),
                location: "raadzaal".into(),
            },
        })
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

#[test]
fn hints_offer_exactly_the_steps_the_rules_permit_at_every_point() {
    let (mut d, _dir) = start();
    let steps = [
        Action::MeetingStart,
        Action::DisturbanceStart,
        Action::Suspend,
        Action::Demand,
        Action::LeftVoluntarily,
        Action::LivestreamStop,
        Action::CallInterventionTeam,
        Action::CallPolice,
        Action::PoliceArrived,
        Action::RemovedByPolice,
        Action::AangifteDecision,
        Action::DisturbanceEnd,
        Action::Resume,
        Action::LivestreamResume,
        Action::MeetingEnd,
    ];
    // The §5 scenario, one key at a time.
    for keys in [
        "",
        "m<enter>",
        "v2<enter>",
        "s",
        "d",
        "d",
        "d",
        "l",
        "i",
        "p<enter>",
        "t",
        "r",
        "aj",
        "Vj",
        "h",
        "L",
        "Mj",
    ] {
        d.keys(keys);
        let c = &d.app.console;
        let offered = c.suggested_actions();
        for a in steps {
            let body = c.step_for(a).unwrap();
            let permitted = c.projected().permits(&body, None).is_ok();
            assert_eq!(
                offered.contains(&a),
                permitted,
                "after {keys:?}: {a:?} offered {} but permitted {permitted}",
                offered.contains(&a)
            );
        }
    }
}

#[test]
fn a_demand_right_after_another_asks_first_and_a_burst_gives_one() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2<enter>");
    // A burst: a key that bounced, 50 times in 0.1 s each.
    d.tick = chrono::Duration::milliseconds(100);
    d.keys(&"d".repeat(50));
    let demands = |d: &Driver| {
        d.app
            .console
            .view
            .disturbance
            .as_ref()
            .unwrap()
            .demands
            .len()
    };
    assert_eq!(demands(&d), 1, "one demand, not three");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::RepeatDemand(_)))
    ));
    d.keys("<esc>");
    // Confirmed with one key, it is a second demand.
    d.keys("dj");
    assert_eq!(demands(&d), 2);
    // After the interval, a demand is just a demand.
    d.tick = chrono::Duration::seconds(30);
    d.keys("<esc>d");
    assert_eq!(demands(&d), 3);
    assert!(d.app.console.dialog.is_none());
}

#[test]
fn quitting_during_a_disturbance_asks_even_when_all_is_saved() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2<enter>s");
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

fn start_with(config: Config) -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(config, Keymap::defaults(), Vec::new(), now);
    (Driver::live(console, store), dir)
}

fn card(d: &Driver) -> String {
    let c = &d.app.console;
    let m = c.projected().open_meeting().map(|m| m.location.clone());
    m.unwrap_or_default()
}

#[test]
fn the_112_card_reads_the_location_chosen_for_this_meeting() {
    let mut config = Config::default();
    config.locations.push(crate::config::Location {
        name: "Dorpshuis De Kei".into(),
        address: "Markt 1, Bredevoort".into(),
        room: "Grote zaal".into(),
    });
    let (mut d, _dir) = start_with(config.clone());
    // The location is the fourth field: Tab past title and chair, pick 2.
    d.keys("m<tab><tab>2<enter>");
    assert_eq!(
        card(&d),
        "Grote zaal, Dorpshuis De Kei, Markt 1, Bredevoort"
    );
    assert!(!card(&d).contains("Hofstraat"));

    // "anders" needs an address typed; the card reads exactly that.
    let (mut d, _dir) = start_with(config);
    d.keys("m<tab><tab>3<enter>");
    assert!(d.app.console.dialog.is_some(), "refused without an address");
    assert!(
        d.app
            .console
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("Typ het adres"),
        "{:?}",
        d.app.console.flash
    );
    d.keys("Sporthal, Hamelandweg 4, Aalten<enter>");
    assert_eq!(card(&d), "Sporthal, Hamelandweg 4, Aalten");
}

#[test]
fn the_aangifte_decision_records_who_decided_by_name() {
    let mut config = Config::default();
    config.live.griffier = "M. de Griffier".into();
    config.live.oov_official = "J. Veilig".into();
    let (mut d, _dir) = start_with(config);
    d.keys("m<enter>v2<enter>aj");
    let decided = d
        .app
        .console
        .committed()
        .iter()
        .find_map(|e| match &e.body {
            EventBody::AangifteDecision { decided_by, .. } => Some(decided_by.clone()),
            _ => None,
        })
        .expect("the decision");
    assert_eq!(
        decided,
        [
            "voorzitter: burgemeester",
            "griffier: M. de Griffier",
            "aangewezen ambtenaar OOV: J. Veilig"
        ]
    );
}

#[test]
fn a_burst_of_keys_outside_a_text_field_is_held_and_asked_about() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    let before = kinds(&d).len();
    // A paste in a terminal without bracketed paste: "q" in it must not quit.
    d.burst("sdlq v2 dd");
    assert!(d.app.held_keys.is_some(), "held");
    assert_eq!(kinds(&d).len(), before, "nothing run");
    assert!(!d.app.quit);
    d.keys("<esc>");
    assert!(d.app.held_keys.is_none());
    assert_eq!(kinds(&d).len(), before, "thrown away");
    // Said yes to, the keys run one by one.
    d.burst("slllll");
    d.keys("j");
    assert!(d.app.console.view.suspended_since.is_some());
    assert!(d.app.console.view.livestream_down_since.is_some());
    // In a text field a burst is text.
    d.keys("n");
    d.burst("een geplakte zin");
    assert!(d.app.held_keys.is_none());
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) => assert_eq!(form.text(0), "een geplakte zin"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_live_key_on_the_112_card_or_help_closes_it_and_logs_its_step() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1<enter>p");
    assert!(matches!(d.app.console.dialog, Some(Dialog::Card112)));
    // The police arrive while the card is still open.
    d.keys("t");
    assert!(d.app.console.dialog.is_none());
    let dist = d.app.console.view.disturbance.clone().unwrap();
    assert!(dist.police_arrived_at.is_some(), "t logged, not swallowed");
    d.keys("?s");
    assert!(d.app.console.dialog.is_none());
    assert!(
        d.app.console.view.suspended_since.is_some(),
        "s logged from help"
    );
    // Enter or Esc only close.
    d.keys("k<enter>");
    assert!(d.app.console.dialog.is_none());
}

#[test]
fn a_live_key_in_a_question_or_the_aangifte_choice_is_not_swallowed() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2<enter>s");
    // The aangifte dialog is open when the chair reopens the meeting.
    d.keys("a");
    assert!(matches!(d.app.console.dialog, Some(Dialog::Aangifte)));
    d.keys("h");
    assert!(d.app.console.dialog.is_none(), "the choice closed");
    assert!(
        d.app.console.view.suspended_since.is_none(),
        "h logged the resumption"
    );
    // A question: a live key closes it unanswered and runs its step.
    d.keys("V");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::EndDisturbance))
    ));
    d.keys("l");
    assert!(
        d.app.console.view.livestream_down_since.is_some(),
        "l logged"
    );
    assert!(d.app.console.view.disturbance.is_some(), "not ended");
    // The question's own step again does not run past it.
    d.keys("VV");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::EndDisturbance))
    ));
    d.keys("j");
    assert!(d.app.console.view.disturbance.is_none());
    // The aangifte choice has keys of its own that clash with none.
    d.keys("v2<enter>a2");
    let decided = d.app.console.view.disturbance.as_ref().unwrap().aangifte;
    assert_eq!(decided.map(|(c, _)| c), Some(AangifteChoice::Nee));
}
