//! Key sequences -> state, against a real store in a temporary directory.

use chrono::{TimeZone, Utc};
use tempfile::TempDir;

use super::*;
use crate::app::driver::Driver;
use crate::app::jobs::{Job, JobDone};
use crate::domain::case::PerpetratorKind;
use crate::domain::event::Setting;
use crate::domain::live::DisturbanceView;
use crate::domain::text::limits;
use crate::domain::time::to_local;
use crate::domain::{AangifteChoice, Category, DemandBy, EventBody};
use crate::keymap::Action;
use crate::storage::{Store, Verdict};

fn start() -> (Driver, TempDir) {
    start_with(Config::default())
}

fn start_with(config: Config) -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    // Thursday 26 November 2026, 20:30 in Aalten: outside office hours.
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(config, Keymap::defaults(), Vec::new(), now);
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

/// The newest disturbance under way, as committed.
fn dist(d: &Driver) -> DisturbanceView {
    d.app.console.view.newest().cloned().expect("a disturbance")
}

/// The demands to person 1 of the newest disturbance.
fn demands(d: &Driver) -> usize {
    dist(d).persons[0].demands.len()
}

fn flash(d: &Driver) -> String {
    d.app
        .console
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn one_key_and_enter_opens_a_meeting_with_the_defaults() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    let m = d.app.console.view.open_meeting().expect("meeting open");
    assert_eq!(m.title, "Raadsvergadering");
    assert_eq!(m.chair, "burgemeester");
    assert!(m.town_hall, "the municipal office is the town hall");
    assert_eq!(kinds(&d), ["meeting-started"]);
}

/// The whole §5 scenario, counted: every step one key, the aangifte
/// choice and the category one more each. Also in the README.
pub const SECTION_5_KEYS: &str = "vsdddliptrajhLV2";

#[test]
fn the_whole_section_5_scenario_takes_sixteen_keys_each_acknowledged_at_once() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    let keys = crate::app::driver::parse_keys(SECTION_5_KEYS);
    assert!(keys.len() <= 16, "{} keys", keys.len());
    let mut logged = kinds(&d).len();
    for key in keys {
        d.key(key);
        // Acknowledged at once: nothing waits after any key.
        assert_eq!(d.app.console.pending(), 0);
        assert!(d.app.outbox.is_empty());
        logged = logged.max(kinds(&d).len());
    }
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
            "resumed",
            "livestream-resumed",
            "disturbance-described",
            "disturbance-ended",
        ]
    );
    // The deciders by name, from the meeting and the settings: no keys.
    let decided = d
        .app
        .console
        .committed()
        .iter()
        .find_map(|e| match &e.body {
            EventBody::AangifteDecision { decided_by, .. } => Some(decided_by.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(decided.len(), 3);
    let ended = &d.app.console.view.ended[0];
    assert_eq!(ended.category, Some(Category::BedreigingIntimidatie));
    d.keys("Mj");
    assert!(matches!(
        d.store.verify().unwrap(),
        Verdict::Intact { count: 17, .. }
    ));
    let export = d.store.export().unwrap();
    assert_eq!(export.cases.len(), 1);
    assert_eq!(export.cases[0].status, "open");
    assert_eq!(export.cases[0].category, "bedreiging-intimidatie");
}

#[test]
fn a_disturbance_is_logged_at_the_key_press_and_described_after() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    let pressed = d.clock;
    d.keys("v");
    assert!(d.app.console.dialog.is_none(), "no form in the way");
    let v = dist(&d);
    assert_eq!(v.started_at, pressed, "timed at the key press");
    assert_eq!(v.category, None);
    // The category is one key, now or later.
    d.keys("3");
    assert_eq!(dist(&d).category, Some(Category::VerbaleAgressie));
    d.keys("1");
    assert_eq!(dist(&d).category, Some(Category::FysiekGeweld), "changed");
    // Place, what happened and who, in a form below the status.
    d.keys("e");
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) => {
            assert!(matches!(form.purpose, LiveForm::Describe { .. }))
        }
        other => panic!("{other:?}"),
    }
    d.keys("balkon<tab>gooit met stoelen<tab>1<tab>man in rode jas<enter>");
    let v = dist(&d);
    assert_eq!(v.place, "balkon");
    assert_eq!(v.what, "gooit met stoelen");
    assert_eq!(v.persons[0].description, "man in rode jas");
    assert_eq!(
        &kinds(&d)[1..],
        [
            "disturbance-started",
            "disturbance-described",
            "disturbance-described",
            "disturbance-described",
            "person-described"
        ]
    );
}

#[test]
fn ending_asks_for_the_category_when_missing_and_one_key_answers() {
    let (mut d, _dir) = start();
    d.keys("m<enter>vV");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::EndDisturbance(1)))
    ));
    // Yes alone does not end it: the category is missing.
    d.keys("j");
    assert!(d.app.console.view.newest().is_some());
    assert!(flash(&d).contains("categorie"), "{}", flash(&d));
    assert!(d.app.console.dialog.is_some(), "the question stays");
    d.keys("4");
    assert!(d.app.console.view.newest().is_none(), "ended");
    assert_eq!(
        d.app.console.view.ended[0].category,
        Some(Category::EmotioneelGedrag)
    );
}

#[test]
fn a_fourth_demand_is_refused_with_a_dutch_message() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1dddd");
    assert_eq!(demands(&d), 3);
    let f = d.app.console.flash.clone().unwrap();
    assert_eq!(f.level, Level::Warning);
    assert!(f.text.contains("al drie vorderingen"), "{}", f.text);
}

#[test]
fn a_demand_by_the_griffier_is_recorded_as_such() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v3dD");
    let p = &dist(&d).persons[0];
    assert_eq!(p.demands[0].by, DemandBy::Voorzitter);
    assert_eq!(p.demands[1].by, DemandBy::Griffier);
    assert_eq!(
        p.demands[1].wording,
        d.app.console.config.live.demand_wording
    );
}

#[test]
fn steps_without_a_meeting_are_refused() {
    let (mut d, _dir) = start();
    d.keys("sdv");
    assert!(d.app.console.committed().is_empty());
    assert!(flash(&d).contains("geen vergadering"), "{}", flash(&d));
}

#[test]
fn several_persons_each_with_their_own_demands() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2");
    // A second person: logged at once, and current.
    d.keys("+");
    assert_eq!(dist(&d).persons.len(), 2);
    assert_eq!(d.app.console.current().unwrap().1.number, 2);
    d.keys("d");
    assert_eq!(dist(&d).persons[1].demands.len(), 1);
    assert_eq!(dist(&d).persons[0].demands.len(), 0);
    // `o` makes person 1 current; three demands: lokaalvredebreuk for them.
    d.keys("o");
    assert_eq!(d.app.console.current().unwrap().1.number, 1);
    d.keys("ddd");
    let v = dist(&d);
    assert!(v.persons[0].lokaalvredebreuk());
    assert!(!v.persons[1].lokaalvredebreuk());
    assert!(
        flash(&d).contains("LOKAALVREDEBREUK (persoon 1)"),
        "{}",
        flash(&d)
    );
    // Person 2 leaves; person 1 is removed once the police are there.
    d.keys("o");
    d.keys("w");
    d.keys("optr");
    let v = dist(&d);
    assert!(v.persons[1].left_at.is_some());
    assert!(v.persons[0].removed_at.is_some());
    assert!(v.all_gone());
    // The steps name their person.
    let last = d.app.console.committed().last().unwrap();
    assert_eq!(last.body, EventBody::RemovedByPolice { person: 1 });
}

#[test]
fn overlapping_disturbances_are_separate_cases_and_o_cycles_through_them() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2d");
    d.keys("v3"); // a second disturbance, elsewhere in the room
    let v = &d.app.console.view;
    assert_eq!(v.disturbances.len(), 2);
    let cases: Vec<_> = v.disturbances.iter().map(|x| x.case_id).collect();
    assert_ne!(cases[0], cases[1]);
    assert_eq!(d.app.console.current().unwrap().0.number, 2);
    d.keys("dd");
    assert_eq!(
        d.app.console.view.disturbance(2).unwrap().persons[0]
            .demands
            .len(),
        2
    );
    assert_eq!(
        d.app.console.view.disturbance(1).unwrap().persons[0]
            .demands
            .len(),
        1
    );
    // o goes to the first; ending it leaves the second under way.
    d.keys("o");
    assert_eq!(d.app.console.current().unwrap().0.number, 1);
    d.keys("Vj");
    let v = &d.app.console.view;
    assert_eq!(v.disturbances.len(), 1);
    assert_eq!(v.disturbances[0].number, 2);
    assert_eq!(d.app.console.current().unwrap().0.number, 2);
    // Each step went to its own case.
    let second = cases[1];
    let of_second = d
        .app
        .console
        .committed()
        .iter()
        .filter(|e| e.case_id == second && matches!(e.body, EventBody::Demand { .. }))
        .count();
    assert_eq!(of_second, 2);
}

#[test]
fn a_person_known_in_the_register_shows_only_as_known() {
    let (mut d, dir) = start();
    // The griffier registered this perpetrator earlier.
    let mut other = Store::open(&dir.path().join("r.db")).unwrap();
    let known = other
        .append(NewEvent::new(
            d.clock,
            "griffier",
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "vaste bezoeker".into(),
                name: "Jan Özdemir".into(),
            },
        ))
        .unwrap()
        .seq;
    d.keys("m<enter>v2e<tab><tab><tab><tab>jan  OZDEMIR<enter>");
    let described = d
        .app
        .console
        .committed()
        .iter()
        .find_map(|e| match &e.body {
            EventBody::PersonDescribed { who, .. } => Some(who.known),
            _ => None,
        })
        .unwrap();
    assert_eq!(described, Some(known), "found at the moment of writing");
    assert!(dist(&d).persons[0].known);
    // A part of the name is not the name.
    d.keys("+e<tab><tab><tab><tab>Jan<enter>");
    assert!(!dist(&d).persons[1].known);
}

#[test]
fn physical_protection_asks_for_confirmation_of_the_rule() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1f");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::PhysicalProtection))
    ));
    d.keys("<esc>");
    assert!(dist(&d).protections.is_empty());
    d.keys("fj");
    assert_eq!(dist(&d).protections.len(), 1);
}

#[test]
fn notes_and_corrections() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1dd");
    // Correct the second demand (the newest entry is preselected).
    d.keys("c<enter>per ongeluk<enter>");
    assert_eq!(demands(&d), 1);
    let corrected = d
        .app
        .console
        .view
        .timeline
        .iter()
        .find(|r| r.corrected.is_some())
        .unwrap()
        .clone();
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
    let committed = d.app.console.committed();
    let correction = committed
        .iter()
        .find(|e| matches!(e.body, EventBody::Correction { .. }))
        .unwrap();
    let target = committed
        .iter()
        .find(|e| Some(e.seq) == correction.corrects)
        .unwrap();
    assert!(matches!(target.body, EventBody::Demand { number: 2, .. }));
    assert_eq!(correction.case_id, target.case_id);
}

#[test]
fn correction_picker_moves_with_arrows() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nA<enter>nB<enter>c<up><up><enter>titel klopt niet<enter>");
    let last = d.app.console.committed().last().unwrap();
    assert_eq!(last.corrects, Some(1));
}

#[test]
fn esc_keeps_typed_text_as_a_draft_and_gives_the_live_keys_back_at_once() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nhalve not, ddd");
    // In a text field letters are text: no demand was logged.
    assert_eq!(kinds(&d), ["meeting-started"]);
    d.keys("<esc>");
    assert!(d.app.console.dialog.is_none());
    // The next key is a live step again.
    d.keys("s");
    assert!(d.app.console.view.suspended_since.is_some());
    d.keys("n");
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) if form.purpose == LiveForm::Note => {
            assert_eq!(form.text(0), "halve not, ddd")
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
    assert!(flash(&d).contains("ingekort"));
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
    assert!(flash(&d).contains("geen functie"));
}

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
        Action::PersonAdd,
        Action::Resume,
        Action::LivestreamResume,
        Action::MeetingEnd,
        Action::ConversationEnd,
    ];
    // The §5 scenario, one key at a time.
    for keys in [
        "", "m<enter>", "v", "2", "s", "d", "d", "d", "l", "i", "p<enter>", "t", "r", "aj", "h",
        "L", "Vj", "Mj",
    ] {
        d.keys(keys);
        let c = &d.app.console;
        let offered = c.suggested_actions();
        for a in steps {
            let (body, target) = c.step_for(a).unwrap();
            let permitted = c.projected().permits(&body, &target).is_ok();
            assert_eq!(
                offered.contains(&a),
                permitted,
                "after {keys:?}: {a:?} offered {} but permitted {permitted}",
                offered.contains(&a)
            );
        }
        // Ending is offered whenever a disturbance runs: it asks the
        // category when that is missing.
        assert_eq!(
            offered.contains(&Action::DisturbanceEnd),
            c.current().is_some(),
            "after {keys:?}"
        );
    }
}

#[test]
fn a_demand_right_after_another_asks_first_and_a_burst_gives_one() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2");
    // A burst: a key that bounced, 50 times in 0.1 s each.
    d.tick = chrono::Duration::milliseconds(100);
    d.keys(&"d".repeat(50));
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

fn location(d: &Driver) -> String {
    let c = &d.app.console;
    let m = c.projected().open_meeting().map(|m| m.location.clone());
    m.unwrap_or_default()
}

fn bredevoort() -> Config {
    let mut config = Config::default();
    config.locations.push(crate::config::Location {
        name: "Dorpshuis De Kei".into(),
        address: "Markt 1, Bredevoort".into(),
        room: "Grote zaal".into(),
        town_hall: false,
    });
    config
}

#[test]
fn the_112_card_reads_the_location_chosen_for_this_meeting() {
    let (mut d, _dir) = start_with(bredevoort());
    // The location is the fourth field: Tab past title and chair, pick 2.
    d.keys("m<tab><tab>2<enter>");
    assert_eq!(
        location(&d),
        "Grote zaal, Dorpshuis De Kei, Markt 1, Bredevoort"
    );
    assert!(!d.app.console.view.open_meeting().unwrap().town_hall);

    // "anders" needs an address typed; the card reads exactly that.
    let (mut d, _dir) = start_with(bredevoort());
    d.keys("m<tab><tab>3<enter>");
    assert!(d.app.console.dialog.is_some(), "refused without an address");
    assert!(flash(&d).contains("Typ het adres"), "{}", flash(&d));
    d.keys("Sporthal, Hamelandweg 4, Aalten<enter>");
    assert_eq!(location(&d), "Sporthal, Hamelandweg 4, Aalten");
}

#[test]
fn the_aangifte_decision_records_who_decided_by_name_and_a_dissent() {
    let mut config = Config::default();
    config.live.griffier = "M. de Griffier".into();
    config.live.oov_official = "J. Veilig".into();
    let (mut d, _dir) = start_with(config);
    d.keys("m<enter>v2aj");
    let decision = |d: &Driver| {
        d.app
            .console
            .committed()
            .iter()
            .rev()
            .find_map(|e| match &e.body {
                EventBody::AangifteDecision {
                    decided_by,
                    dissent,
                    decision,
                } => Some((*decision, decided_by.clone(), dissent.clone())),
                _ => None,
            })
            .expect("the decision")
    };
    let (_, decided, dissent) = decision(&d);
    assert_eq!(
        decided,
        [
            "voorzitter: burgemeester",
            "griffier: M. de Griffier",
            "aangewezen ambtenaar OOV: J. Veilig"
        ]
    );
    assert!(dissent.is_empty());
    // Another disturbance, decided with the griffier disagreeing.
    d.keys("v2a!");
    assert!(matches!(
        &d.app.console.dialog,
        Some(Dialog::Form(f)) if matches!(f.purpose, LiveForm::AangifteDissent { .. })
    ));
    d.keys("22wil wel aangifte<enter>");
    let (choice, _, dissent) = decision(&d);
    assert_eq!(choice, AangifteChoice::Nee);
    assert_eq!(dissent, "griffier: M. de Griffier — wil wel aangifte");
    assert_eq!(dist(&d).dissent, dissent);
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
    d.keys("m<enter>v1p");
    assert!(matches!(d.app.console.dialog, Some(Dialog::Card112)));
    // The police arrive while the card is still open.
    d.keys("t");
    assert!(d.app.console.dialog.is_none());
    assert!(
        dist(&d).police_arrived_at.is_some(),
        "t logged, not swallowed"
    );
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
    d.keys("m<enter>v2s");
    // The aangifte dialog is open when the chair reopens the meeting.
    d.keys("a");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Aangifte { disturbance: 1 })
    ));
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
        Some(Dialog::Confirm(Question::EndDisturbance(_)))
    ));
    d.keys("l");
    assert!(
        d.app.console.view.livestream_down_since.is_some(),
        "l logged"
    );
    assert!(d.app.console.view.newest().is_some(), "not ended");
    // The question's own step again does not run past it.
    d.keys("VV");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::EndDisturbance(_)))
    ));
    d.keys("j");
    assert!(d.app.console.view.newest().is_none());
    // The aangifte choice has keys of its own that clash with none.
    d.keys("v2ax");
    assert_eq!(dist(&d).aangifte.map(|(c, _)| c), Some(AangifteChoice::Nee));
    d.keys("va");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Aangifte { disturbance: 3 })
    ));
    d.keys("2");
    assert_eq!(
        dist(&d).category,
        Some(Category::BedreigingIntimidatie),
        "a category key is a live step: it closes the choice"
    );
}

/// Opens a conversation: type 5 in the first field (gesprek).
fn conversation(d: &mut Driver) {
    d.keys("m<backtab>5<enter>");
}

#[test]
fn a_conversation_at_the_town_hall_follows_its_own_flow() {
    let (mut d, _dir) = start();
    conversation(&mut d);
    let m = d.app.console.view.open_meeting().unwrap().clone();
    assert_eq!(m.setting(), Setting::Gesprek);
    assert_eq!(m.title, "Gesprek met een burger");
    assert!(m.town_hall);
    // No suspension, no livestream: said, not logged.
    d.keys("s");
    assert!(
        flash(&d).contains("gesprek wordt niet geschorst"),
        "{}",
        flash(&d)
    );
    d.keys("l");
    assert!(flash(&d).contains("geen livestream"), "{}", flash(&d));
    // The incident, the conversation ended, told to leave the building.
    d.keys("v2gd");
    let p = &dist(&d).persons[0];
    assert_eq!(
        p.demands[0].wording,
        d.app.console.config.live.conversation_demand_wording
    );
    assert!(
        d.app
            .console
            .view
            .open_meeting()
            .unwrap()
            .conversation_ended_at
            .is_some()
    );
    assert!(p.refuses());
    // No lokaalvredebreuk talk in a conversation.
    assert!(!flash(&d).contains("LOKAALVREDEBREUK"));
    d.keys("pttw");
    d.keys("Vj");
    d.keys("Mj");
    assert_eq!(
        kinds(&d),
        [
            "meeting-started",
            "disturbance-started",
            "disturbance-described",
            "conversation-ended",
            "demand",
            "police-called",
            "police-arrived",
            "left-voluntarily",
            "disturbance-ended",
            "meeting-ended"
        ]
    );
}

#[test]
fn a_risk_check_prepares_the_session_and_shows_in_its_header() {
    let (mut d, _dir) = start();
    d.keys("b");
    match &d.app.console.dialog {
        Some(Dialog::Form(f)) => assert_eq!(f.purpose, LiveForm::RiskCheck(Setting::Gesprek)),
        other => panic!("{other:?}"),
    }
    // Without a second person it is refused (§4.2).
    d.keys("bezwaar WOZ<tab>morgen 14:00<tab><tab>j<tab><tab>j<enter>");
    assert!(flash(&d).contains("tweede persoon"), "{}", flash(&d));
    d.keys("<backtab>J. de Vries<enter>");
    assert!(d.app.console.dialog.is_none(), "{}", flash(&d));
    assert_eq!(d.app.console.risk_checks.len(), 1);
    let seq = d.app.console.risk_checks[0].seq;
    // A meeting cannot be opened with a conversation's check.
    d.keys("m<tab><tab><tab><tab>2<enter>");
    assert!(flash(&d).contains("past niet"), "{}", flash(&d));
    assert!(d.app.console.view.open_meeting().is_none());
    // A conversation can: the form stays, its focus back on the kind.
    d.keys("5<enter>");
    let m = d.app.console.view.open_meeting().expect("opened").clone();
    assert_eq!(m.risk_check, Some(seq));
    let header = d.app.console.risk_check_header().unwrap();
    assert!(header.contains("2e persoon J. de Vries"), "{header}");
    assert!(header.contains("interventieteam ingelicht"), "{header}");
    assert!(header.contains("beveiligde zone"), "{header}");
    // The check itself belongs to no meeting: it is confidential.
    let check = &d.app.console.risk_checks[0];
    assert_eq!(check.meeting_id, None);
    assert!(check.body.is_confidential());
}

#[test]
fn with_obs_configured_the_livestream_keys_stop_and_start_the_stream_without_waiting() {
    let (mut d, _dir) = start();
    d.app.console.integrations.obs = true;
    d.keys("m<enter>l");
    // Logged at once; OBS is asked beside it.
    assert!(d.app.console.view.livestream_down_since.is_some());
    assert_eq!(d.app.jobs, [Job::Stream(StreamCommand::Stop)]);
    d.app.jobs.clear();
    // OBS is not reachable: the screen says to stop it by hand, and the
    // outcome is evidence of its own.
    d.send(crate::app::Input::Job(JobDone::Stream {
        command: StreamCommand::Stop,
        ok: false,
        detail: "OBS niet bereikbaar (127.0.0.1:4455)".into(),
    }));
    assert!(
        flash(&d).contains("STOP DE LIVESTREAM MET DE HAND"),
        "{}",
        flash(&d)
    );
    let last = d.app.console.committed().last().unwrap();
    assert!(matches!(
        last.body,
        EventBody::StreamControlled { ok: false, .. }
    ));
    d.keys("L");
    assert_eq!(d.app.jobs, [Job::Stream(StreamCommand::Start)]);
    // Quitting waits for OBS's answer, to record it (bounded by its timeout).
    d.keys("q");
    assert!(!d.app.quit, "waits for the answer");
    d.send(crate::app::Input::Job(JobDone::Stream {
        command: StreamCommand::Start,
        ok: true,
        detail: "OBS: stream gestart".into(),
    }));
    assert!(d.app.quit, "then quits");
    // Without OBS configured nothing is asked.
    let (mut d, _dir) = start();
    d.keys("m<enter>lL");
    assert!(d.app.jobs.is_empty());
}

#[test]
fn with_an_alarm_command_the_calls_run_it_with_a_text_without_names() {
    let (mut d, _dir) = start();
    d.app.console.integrations.alarm = true;
    d.keys("m<enter>v2e<tab><tab><tab>man met pet<tab>Jan Jansen<enter>i");
    let text = match d.app.jobs.as_slice() {
        [
            Job::Alarm {
                target: AlarmTarget::Interventieteam,
                text,
                disturbance: 1,
            },
        ] => text.clone(),
        other => panic!("{other:?}"),
    };
    assert!(text.contains("Hofstraat 8"), "{text}");
    assert!(text.contains("Bedreiging / intimidatie"), "{text}");
    for name in ["Jansen", "pet", "burgemeester", "Raadsvergadering"] {
        assert!(!text.contains(name), "{name} in {text}");
    }
    d.app.jobs.clear();
    d.send(crate::app::Input::Job(JobDone::Alarm {
        target: AlarmTarget::Interventieteam,
        ok: true,
        exit_code: Some(0),
        detail: "alarmcommando uitgevoerd (exit 0, 12 ms)".into(),
        disturbance: 1,
    }));
    let last = d.app.console.committed().last().unwrap().clone();
    assert!(matches!(
        last.body,
        EventBody::AlarmRun {
            ok: true,
            exit_code: Some(0),
            ..
        }
    ));
    assert_eq!(last.case_id, dist(&d).case_id, "with its case");
    assert_eq!(dist(&d).alarms.len(), 1);
    d.keys("p<esc>");
    assert!(matches!(
        d.app.jobs.as_slice(),
        [Job::Alarm {
            target: AlarmTarget::Politie,
            ..
        }]
    ));
}

#[test]
fn when_the_current_person_leaves_the_steps_go_to_whoever_is_still_there() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2+++");
    assert_eq!(d.app.console.current().unwrap().1.number, 4);
    d.keys("w");
    // Person 4 left: the first one still present is current, and said so.
    assert_eq!(d.app.console.current().unwrap().1.number, 1);
    assert!(
        flash(&d).contains("Nu: verstoring 1 · persoon 1"),
        "{}",
        flash(&d)
    );
    // `o` passes over whoever has left.
    d.keys("o");
    assert_eq!(d.app.console.current().unwrap().1.number, 2);
    d.keys("o");
    assert_eq!(d.app.console.current().unwrap().1.number, 3);
    d.keys("o");
    assert_eq!(d.app.console.current().unwrap().1.number, 1);
}
