//! The console's steps: a meeting, a disturbance, demands and persons, the
//! rules the keys answer to and the hints that follow them.

use super::*;

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
fn unbound_keys_say_so() {
    let (mut d, _dir) = start();
    d.keys("z");
    assert!(flash(&d).contains("geen functie"));
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
