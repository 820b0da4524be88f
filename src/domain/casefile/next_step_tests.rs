use chrono::Duration;

use super::*;
use crate::domain::case::{MeasureKind, MeasureStatus, Recipient, VictimRole};
use crate::domain::casefile::fixture::*;
use crate::domain::category::Category;
use crate::domain::event::EventBody;

fn texts(f: &CaseFile, now: Time) -> Vec<String> {
    f.open_steps(now).into_iter().map(|s| s.text).collect()
}

fn next(f: &CaseFile, now: Time) -> Option<String> {
    f.next_step(now).map(|s| s.text)
}

/// Two hours after the incident.
fn soon() -> Time {
    incident() + Duration::hours(2)
}

/// A raadslid's case with the whole route informed.
fn reported() -> CaseScript {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    s.log(informed(Recipient::Burgemeester, day(2026, 11, 26)));
    s
}

#[test]
fn the_route_comes_first_then_the_first_talk() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    let report = s.file().next_step(soon()).unwrap();
    assert_eq!(report.text, "melden aan griffier");
    assert_eq!(report.urgency, Urgency::Due(incident()));
    assert_eq!(
        report.late_after, None,
        "reporting has no deadline of its own"
    );
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("burgemeester informeren")
    );
    s.log(informed(Recipient::Burgemeester, day(2026, 11, 26)));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("eerste nazorggesprek uiterlijk 27-11 14:30")
    );
}

#[test]
fn the_mayors_route_lists_everyone_in_order() {
    let f = CaseScript::intake(VictimRole::Burgemeester, Category::FysiekGeweld).file();
    assert_eq!(
        texts(&f, soon())[..3],
        [
            "melden aan gemeentesecretaris",
            "griffier informeren",
            "aangewezen ambtenaar informeren"
        ]
    );
}

#[test]
fn all_steps_in_order_of_urgency() {
    let f = reported().file();
    assert_eq!(
        texts(&f, soon()),
        vec![
            "eerste nazorggesprek uiterlijk 27-11 14:30",
            "tweede nazorggesprek uiterlijk 29-11 14:30",
            "derde nazorggesprek tussen 24-12 en 07-01",
        ]
    );
}

#[test]
fn overdue_steps_come_before_undone_reporting() {
    let s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    let f = s.file();
    let later = incident() + Duration::days(2);
    let steps = f.open_steps(later);
    assert_eq!(steps[0].text, "eerste nazorggesprek — TE LAAT");
    assert!(steps[0].is_overdue());
    assert_eq!(steps[1].text, "melden aan griffier");
    assert_eq!(steps[2].text, "burgemeester informeren");
    assert_eq!(steps[3].text, "tweede nazorggesprek uiterlijk 29-11 14:30");
}

#[test]
fn emotional_behaviour_needs_no_step_until_reclassified() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
    assert_eq!(s.file().next_step(soon()), None);
    s.log(EventBody::Reclassified {
        category: Category::VerbaleAgressie,
        reason: "patroon".into(),
    });
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("melden aan griffier")
    );
}

#[test]
fn a_closed_case_has_no_next_step() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    s.log(EventBody::SeriousInjury {});
    s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
    assert_eq!(s.file().next_step(soon()), None);
    assert!(s.file().open_steps(soon()).is_empty());
}

#[test]
fn arbeidsinspectie_step_and_its_lateness() {
    let mut s = reported();
    s.log(EventBody::SeriousInjury {});
    let recorded = s.t;
    let f = s.file();
    let due = (recorded + Duration::hours(24)).format("%d-%m %H:%M");
    assert_eq!(
        next(&f, recorded).unwrap(),
        format!("Arbeidsinspectie melden, uiterlijk {due}")
    );
    let late = recorded + Duration::hours(25);
    let step = f.next_step(late).unwrap();
    assert_eq!(step.text, "Arbeidsinspectie melden — TE LAAT");
    assert_eq!(step.urgency, Urgency::Overdue(recorded));
    assert_eq!(step.due(), Some(recorded));
    assert_eq!(step.late_after, Some(recorded + Duration::hours(24)));
}

#[test]
fn arbeidsinspectie_counts_even_for_emotional_behaviour() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
    s.log(EventBody::SeriousInjury {});
    assert_eq!(
        texts(&s.file(), soon() + Duration::days(2)),
        vec!["Arbeidsinspectie melden — TE LAAT"]
    );
}

#[test]
fn consent_then_aangifte_then_om() {
    let mut s = CaseScript::live(Category::FysiekGeweld);
    s.push(EventBody::AangifteDecision {
        decision: crate::domain::event::AangifteChoice::Ja,
        decided_by: vec![],
        dissent: String::new(),
    });
    s.log(EventBody::VictimRecorded {
        victim: victim(VictimRole::Raadslid),
    });
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    s.log(informed(Recipient::Burgemeester, day(2026, 11, 26)));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("toestemming slachtoffer vragen")
    );
    s.log(EventBody::ConsentRecorded { consent: true });
    let steps = texts(&s.file(), soon());
    assert!(
        steps.contains(&"aangifte doen (VPT), uiterlijk 30-11 14:30".to_string()),
        "{steps:?}"
    );
    assert!(!steps.iter().any(|t| t.contains("toestemming")));
    s.log(filed());
    let steps = texts(&s.file(), soon());
    assert_eq!(steps[0], "OM informeren");
    s.log(EventBody::OmInformed {
        on: day(2026, 11, 26),
    });
    assert!(
        !texts(&s.file(), soon())
            .iter()
            .any(|t| t.contains("OM") || t.contains("aangifte"))
    );
}

#[test]
fn an_aangifte_measure_asks_for_consent_and_a_no_ends_it() {
    let mut s = reported();
    s.log(measure_with(
        MeasureKind::Aangifte,
        None,
        None,
        MeasureStatus::Voorgenomen,
        "burgemeester",
    ));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("toestemming slachtoffer vragen")
    );
    s.log(EventBody::ConsentRecorded { consent: false });
    assert!(
        !texts(&s.file(), soon())
            .iter()
            .any(|t| t.contains("aangifte") || t.contains("toestemming"))
    );
}

#[test]
fn a_later_decision_asks_for_a_decision() {
    let mut s = CaseScript::live(Category::BedreigingIntimidatie);
    s.push(EventBody::AangifteDecision {
        decision: crate::domain::event::AangifteChoice::Later,
        decided_by: vec![],
        dissent: String::new(),
    });
    assert!(texts(&s.file(), soon()).contains(&"besluiten over aangifte".to_string()));
}

#[test]
fn a_live_case_without_victim_asks_for_one() {
    let s = CaseScript::live(Category::FysiekGeweld);
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("slachtoffer vastleggen")
    );
}

#[test]
fn a_planned_talk_shows_its_date() {
    let mut s = reported();
    s.log(EventBody::AftercarePlanned {
        talk: Talk::Eerste,
        on: day(2026, 11, 27),
        by: "griffier".into(),
    });
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("eerste nazorggesprek gepland op 27-11 (griffier)")
    );
}

#[test]
fn a_ban_ending_is_a_step_and_late_when_not_settled() {
    let mut s = reported();
    for talk in Talk::ALL {
        s.log(held(talk, day(2026, 11, 26)));
    }
    let id = s.log(measure(
        MeasureKind::Vergaderverbod,
        Some(day(2026, 12, 1)),
        Some(day(2027, 2, 28)),
    ));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("vergaderverbod loopt af op 28-02")
    );
    assert_eq!(
        next(&s.file(), at(2027, 3, 2, 9, 0)).as_deref(),
        Some("vergaderverbod verlopen op 28-02: afronden of verlengen")
    );
    s.log(EventBody::MeasureStatusChanged {
        measure: id,
        status: MeasureStatus::Afgerond,
    });
    assert_eq!(
        next(&s.file(), at(2027, 3, 2, 9, 0)).as_deref(),
        Some("zaak afsluiten")
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
    let unreported = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld).file();
    let reported_case = reported().file();
    let mut done = reported();
    for talk in Talk::ALL {
        done.log(held(talk, day(2026, 11, 26)));
    }
    let done = done.file();
    let mut list = [&done, &reported_case, &unreported];
    list.sort_by_key(|f| f.next_step(soon()).map(|s| s.urgency));
    let order: Vec<_> = list
        .iter()
        .filter_map(|f| f.next_step(soon()).map(|s| s.text))
        .collect();
    assert_eq!(
        order,
        vec![
            "melden aan griffier",
            "eerste nazorggesprek uiterlijk 27-11 14:30",
            "zaak afsluiten"
        ]
    );
}
