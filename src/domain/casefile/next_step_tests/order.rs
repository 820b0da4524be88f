//! Which step comes first: overdue before due, the earliest first; a closed
//! case has none; and cases sorted by their next step.

use super::*;

#[test]
fn all_steps_in_order_of_urgency() {
    let f = reported().file();
    assert_eq!(
        texts(&f, soon()),
        vec![
            "eerste nazorggesprek uiterlijk 27-11 14:30",
            "tweede nazorggesprek uiterlijk 29-11 einde dag",
            // The window's last day is day 42 (07-01), not the midnight after it.
            "derde nazorggesprek tussen 24-12 en 07-01",
        ]
    );
}

#[test]
fn overdue_steps_come_first_the_earliest_first() {
    let s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    let f = s.file();
    let later = incident() + Duration::days(2);
    let steps = f.open_steps(later);
    let shown: Vec<_> = steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        shown[..4],
        [
            "eerste nazorggesprek — TE LAAT",
            "melden aan griffier — TE LAAT",
            "burgemeester informeren — TE LAAT",
            "tweede nazorggesprek uiterlijk 29-11 einde dag",
        ]
    );
    assert_eq!(
        steps[0].urgency,
        Urgency::Overdue(incident() + Duration::hours(24))
    );
    assert!(steps[1].is_overdue());
    assert_eq!(steps[1].urgency, Urgency::Overdue(end_of_friday()));
    assert_eq!(steps[2].urgency, Urgency::Overdue(end_of_friday()));
    assert_eq!(steps[3].urgency, Urgency::Due(at(2026, 11, 30, 0, 0)));
    assert!(!steps[3].is_overdue());
}

#[test]
fn a_closed_case_has_no_next_step() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    s.log(injury(None));
    s.log(measure(
        MeasureKind::Toegangsverbod,
        Some(day(2026, 12, 1)),
        Some(day(2027, 2, 28)),
    ));
    s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
    let f = s.file();
    assert_eq!(f.next_step(soon()), None);
    assert!(f.open_steps(soon()).is_empty());
    assert!(
        f.open_steps(at(2027, 3, 2, 9, 0)).is_empty(),
        "the ban's reminder is for the deadline board, not a step"
    );
    assert!(
        f.deadlines().iter().any(|d| d.what.outlives_case()),
        "the ban is still listed as a deadline"
    );
}

#[test]
fn nothing_left_means_closing_the_case() {
    let mut s = reported();
    for talk in Talk::ALL {
        s.log(held(talk, day(2026, 11, 26)));
    }
    let step = s.file().next_step(soon()).unwrap();
    assert_eq!(step.text, "zaak afsluiten");
    assert_eq!(step.urgency, Urgency::Whenever);
    assert_eq!(step.due(), None);
    assert_eq!(step.late_after, None);
}

#[test]
fn urgency_sorts_overdue_then_by_due_then_undated() {
    let a = incident();
    let b = a + Duration::hours(1);
    let mut list = vec![
        Urgency::Whenever,
        Urgency::Due(a),
        Urgency::Overdue(b),
        Urgency::Due(b),
        Urgency::Overdue(a),
    ];
    list.sort();
    assert_eq!(
        list,
        vec![
            Urgency::Overdue(a),
            Urgency::Overdue(b),
            Urgency::Due(a),
            Urgency::Due(b),
            Urgency::Whenever,
        ]
    );
}

#[test]
fn cases_sort_by_their_next_step() {
    let nothing_done = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld).file();
    let mut first_talk_held = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    first_talk_held.log(held(Talk::Eerste, day(2026, 11, 26)));
    let first_talk_held = first_talk_held.file();
    let mut route_and_first_talk = reported();
    route_and_first_talk.log(held(Talk::Eerste, day(2026, 11, 26)));
    let route_and_first_talk = route_and_first_talk.file();
    let mut injured = reported();
    injured.log(injury(Some("2026-11-26T14:00:00+01:00")));
    let injured = injured.file();
    let mut done = reported();
    for talk in Talk::ALL {
        done.log(held(talk, day(2026, 11, 26)));
    }
    let done = done.file();
    let mut list = [
        &done,
        &route_and_first_talk,
        &first_talk_held,
        &nothing_done,
        &injured,
    ];
    list.sort_by_key(|f| f.next_step(soon()).map(|s| s.urgency));
    let order: Vec<_> = list
        .iter()
        .filter_map(|f| f.next_step(soon()).map(|s| s.text))
        .collect();
    assert_eq!(
        order,
        vec![
            "Arbeidsinspectie melden, uiterlijk 27-11 14:30",
            "eerste nazorggesprek uiterlijk 27-11 14:30",
            "melden aan griffier, uiterlijk 27-11 einde dag",
            "tweede nazorggesprek uiterlijk 29-11 einde dag",
            "zaak afsluiten"
        ]
    );
}
