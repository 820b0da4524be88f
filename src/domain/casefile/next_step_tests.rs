use chrono::Duration;

use super::*;
use crate::domain::case::{MeasureKind, MeasureStatus, Recipient, VictimRole};
use crate::domain::casefile::fixture::*;
use crate::domain::category::Category;
use crate::domain::event::EventBody;
use crate::domain::time::local_string;

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

/// The end of Friday 27-11, the first working day after the incident:
/// when the route is late.
fn end_of_friday() -> Time {
    at(2026, 11, 28, 0, 0)
}

/// A raadslid's case with the whole route informed.
fn reported() -> CaseScript {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    s.log(informed(Recipient::Burgemeester, day(2026, 11, 26)));
    s
}

/// An intake case of an incident at `occurred`, entered an hour later.
fn case_at(role: VictimRole, category: Category, occurred: Time) -> CaseScript {
    let mut s = CaseScript::intake(role, category);
    let entered = occurred + Duration::hours(1);
    let opener = &mut s.events[0];
    opener.at = entered;
    match &mut opener.body {
        EventBody::CaseOpened { occurred_at, .. } => *occurred_at = local_string(&occurred),
        other => panic!("the fixture opens a case with CaseOpened, not {other:?}"),
    }
    s.t = entered;
    s
}

/// Logs `body` (checked) as entered at `when`.
fn log_at(s: &mut CaseScript, when: Time, body: EventBody) -> u64 {
    s.t = when - Duration::minutes(1);
    s.log(body)
}

fn injury(known_at: Option<&str>) -> EventBody {
    EventBody::SeriousInjury {
        known_at: known_at.map(str::to_string),
    }
}

#[test]
fn the_route_is_due_by_the_end_of_the_next_working_day() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    let steps = s.file().open_steps(soon());
    let shown: Vec<_> = steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        shown[..4],
        [
            "eerste nazorggesprek uiterlijk 27-11 14:30",
            "melden aan griffier, uiterlijk 27-11 einde dag",
            "burgemeester informeren, uiterlijk 27-11 einde dag",
            "tweede nazorggesprek uiterlijk 29-11 einde dag",
        ],
        "the first talk is due before the route"
    );
    let report = &steps[1];
    assert_eq!(report.urgency, Urgency::Due(end_of_friday()));
    assert_eq!(report.due(), Some(end_of_friday()));
    assert_eq!(report.late_after, Some(end_of_friday()));
    assert!(!report.is_overdue());
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    let shown = texts(&s.file(), soon());
    assert!(!shown.iter().any(|t| t.contains("griffier")), "{shown:?}");
    assert!(
        shown.contains(&"burgemeester informeren, uiterlijk 27-11 einde dag".to_string()),
        "{shown:?}"
    );
    s.log(informed(Recipient::Burgemeester, day(2026, 11, 26)));
    let shown = texts(&s.file(), soon());
    assert!(!shown.iter().any(|t| t.contains("informeren")), "{shown:?}");
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("eerste nazorggesprek uiterlijk 27-11 14:30")
    );
}

#[test]
fn route_steps_per_victim_role() {
    struct Case {
        name: &'static str,
        role: VictimRole,
        expected: Vec<&'static str>,
    }
    let cases = [
        Case {
            name: "raadslid",
            role: VictimRole::Raadslid,
            expected: vec![
                "melden aan griffier, uiterlijk 27-11 einde dag",
                "burgemeester informeren, uiterlijk 27-11 einde dag",
            ],
        },
        Case {
            name: "wethouder: no Commissaris van de Koning",
            role: VictimRole::Wethouder,
            expected: vec![
                "melden aan burgemeester, uiterlijk 27-11 einde dag",
                "gemeentesecretaris informeren, uiterlijk 27-11 einde dag",
            ],
        },
        Case {
            name: "burgemeester: everyone in order, then the Commissaris van de Koning",
            role: VictimRole::Burgemeester,
            expected: vec![
                "melden aan gemeentesecretaris, uiterlijk 27-11 einde dag",
                "griffier informeren, uiterlijk 27-11 einde dag",
                "aangewezen ambtenaar informeren, uiterlijk 27-11 einde dag",
                "Commissaris van de Koning informeren, uiterlijk 27-11 einde dag",
            ],
        },
        Case {
            name: "ambtenaar",
            role: VictimRole::Ambtenaar,
            expected: vec![
                "melden aan leidinggevende, uiterlijk 27-11 einde dag",
                "gemeentesecretaris informeren, uiterlijk 27-11 einde dag",
            ],
        },
    ];
    for c in cases {
        let f = CaseScript::intake(c.role, Category::FysiekGeweld).file();
        let steps = f.open_steps(soon());
        let route: Vec<&str> = steps
            .iter()
            .filter(|s| s.late_after == Some(end_of_friday()))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(route, c.expected, "{}", c.name);
        assert_eq!(
            steps[0].text, "eerste nazorggesprek uiterlijk 27-11 14:30",
            "{}: the first talk is due first",
            c.name
        );
    }
}

#[test]
fn route_steps_over_weekends_and_holidays() {
    struct Case {
        name: &'static str,
        occurred: Time,
        text: &'static str,
        late_after: Time,
    }
    let cases = [
        Case {
            name: "Friday: by the end of Monday",
            occurred: at(2026, 11, 27, 16, 0),
            text: "melden aan griffier, uiterlijk 30-11 einde dag",
            late_after: at(2026, 12, 1, 0, 0),
        },
        Case {
            name: "Christmas Eve: over Christmas and the weekend, Monday 28-12",
            occurred: at(2026, 12, 24, 10, 0),
            text: "melden aan griffier, uiterlijk 28-12 einde dag",
            late_after: at(2026, 12, 29, 0, 0),
        },
        Case {
            name: "Monday 26-04-2027: King's Day skipped, Wednesday 28-04",
            occurred: at(2027, 4, 26, 10, 0),
            text: "melden aan griffier, uiterlijk 28-04 einde dag",
            late_after: at(2027, 4, 29, 0, 0),
        },
    ];
    for c in cases {
        let f = case_at(VictimRole::Raadslid, Category::VerbaleAgressie, c.occurred).file();
        let now = c.occurred + Duration::hours(2);
        let step = f
            .open_steps(now)
            .into_iter()
            .find(|s| s.text.starts_with("melden aan griffier"))
            .unwrap_or_else(|| panic!("{}: no report step", c.name));
        assert_eq!(step.text, c.text, "{}", c.name);
        assert_eq!(step.late_after, Some(c.late_after), "{}", c.name);
        let late = f
            .open_steps(c.late_after + Duration::seconds(1))
            .into_iter()
            .find(|s| s.text.starts_with("melden aan griffier"))
            .unwrap_or_else(|| panic!("{}: no report step when late", c.name));
        assert_eq!(late.text, "melden aan griffier — TE LAAT", "{}", c.name);
        assert_eq!(late.urgency, Urgency::Overdue(c.late_after), "{}", c.name);
    }
}

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
fn emotional_behaviour_needs_no_step_until_reclassified() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
    assert_eq!(s.file().next_step(soon()), None);
    assert!(
        s.file()
            .open_steps(incident() + Duration::days(30))
            .is_empty(),
        "not even the nudge"
    );
    s.log(EventBody::Reclassified {
        category: Category::VerbaleAgressie,
        reason: "patroon".into(),
    });
    let shown = texts(&s.file(), soon());
    assert_eq!(shown[0], "eerste nazorggesprek uiterlijk 27-11 14:30");
    assert!(
        shown.contains(&"melden aan griffier, uiterlijk 27-11 einde dag".to_string()),
        "{shown:?}"
    );
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
fn arbeidsinspectie_step_and_its_lateness() {
    let mut s = reported();
    s.log(injury(None));
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
fn arbeidsinspectie_step_counts_from_the_incident_or_when_known() {
    struct Case {
        name: &'static str,
        known_at: Option<&'static str>,
        text: &'static str,
        overdue_from: Time,
    }
    // Recorded at 26-11 15:34 (after the route).
    let cases = [
        Case {
            name: "known_at unset: from the recording",
            known_at: None,
            text: "Arbeidsinspectie melden, uiterlijk 27-11 15:34",
            overdue_from: at(2026, 11, 27, 15, 34),
        },
        Case {
            name: "known before the incident: from the incident",
            known_at: Some("2026-11-26T09:00:00+01:00"),
            text: "Arbeidsinspectie melden, uiterlijk 27-11 14:30",
            overdue_from: at(2026, 11, 27, 14, 30),
        },
        Case {
            name: "known after the incident: from then",
            known_at: Some("2026-11-26T15:00:00+01:00"),
            text: "Arbeidsinspectie melden, uiterlijk 27-11 15:00",
            overdue_from: at(2026, 11, 27, 15, 0),
        },
    ];
    for c in cases {
        let mut s = reported();
        s.log(injury(c.known_at));
        let f = s.file();
        assert_eq!(next(&f, soon()).as_deref(), Some(c.text), "{}", c.name);
        let injury_step = |now| {
            f.open_steps(now)
                .into_iter()
                .find(|s| s.text.starts_with("Arbeidsinspectie"))
                .unwrap_or_else(|| panic!("{}: no Arbeidsinspectie step", c.name))
        };
        let step = injury_step(c.overdue_from);
        assert_eq!(step.text, c.text, "{}: due up to the moment itself", c.name);
        assert!(!step.is_overdue(), "{}: not yet overdue", c.name);
        let step = injury_step(c.overdue_from + Duration::seconds(1));
        assert_eq!(
            step.text, "Arbeidsinspectie melden — TE LAAT",
            "{}: a second later",
            c.name
        );
        assert_eq!(step.late_after, Some(c.overdue_from), "{}", c.name);
    }
}

#[test]
fn arbeidsinspectie_counts_even_for_emotional_behaviour() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
    s.log(injury(None));
    assert_eq!(
        texts(&s.file(), soon() + Duration::days(2)),
        vec!["Arbeidsinspectie melden — TE LAAT"]
    );
}

#[test]
fn hour_terms_are_shown_in_local_time_across_dst() {
    struct Case {
        name: &'static str,
        occurred: Time,
        injury: bool,
        text: &'static str,
    }
    let cases = [
        Case {
            name: "spring: talk 1 of Saturday 22:00, 24 hours later is 23:00 summer time",
            occurred: at(2027, 3, 27, 22, 0),
            injury: false,
            text: "eerste nazorggesprek uiterlijk 28-03 23:00",
        },
        Case {
            name: "autumn: talk 1 of Saturday 22:00, 24 hours later is 21:00 winter time",
            occurred: at(2026, 10, 24, 22, 0),
            injury: false,
            text: "eerste nazorggesprek uiterlijk 25-10 21:00",
        },
        Case {
            name: "spring: Arbeidsinspectie, known before the incident",
            occurred: at(2027, 3, 27, 22, 0),
            injury: true,
            text: "Arbeidsinspectie melden, uiterlijk 28-03 23:00",
        },
    ];
    for c in cases {
        let mut s = case_at(VictimRole::Raadslid, Category::VerbaleAgressie, c.occurred);
        let on = c.occurred.date_naive();
        s.log(informed(Recipient::Griffier, on));
        s.log(informed(Recipient::Burgemeester, on));
        if c.injury {
            s.log(injury(Some(&local_string(
                &(c.occurred - Duration::hours(1)),
            ))));
        }
        let now = c.occurred + Duration::hours(2);
        assert_eq!(next(&s.file(), now).as_deref(), Some(c.text), "{}", c.name);
    }
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
    // Consent on Thursday: the end of the second working day, Monday 30-11.
    let steps = s.file().open_steps(soon());
    let aangifte = steps
        .iter()
        .find(|s| s.text.starts_with("aangifte doen"))
        .unwrap_or_else(|| panic!("no aangifte step in {steps:?}"));
    assert_eq!(
        aangifte.text,
        "aangifte doen (VPT), uiterlijk 30-11 einde dag"
    );
    assert_eq!(aangifte.late_after, Some(at(2026, 12, 1, 0, 0)));
    assert!(!steps.iter().any(|s| s.text.contains("toestemming")));
    let late = s
        .file()
        .open_steps(at(2026, 12, 1, 0, 0) + Duration::seconds(1));
    assert!(
        late.iter().any(|s| s.text == "aangifte doen — TE LAAT"),
        "{late:?}"
    );
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
    let mut s = CaseScript::live(Category::FysiekGeweld);
    let step = s.file().next_step(soon()).unwrap();
    assert_eq!(step.text, "slachtoffer vastleggen");
    assert_eq!(step.urgency, Urgency::Due(incident()));
    assert!(
        !texts(&s.file(), soon())
            .iter()
            .any(|t| t.starts_with("melden aan")),
        "no route without a victim"
    );
    s.log(EventBody::VictimRecorded {
        victim: victim(VictimRole::Raadslid),
    });
    let shown = texts(&s.file(), soon());
    assert!(!shown.iter().any(|t| t.contains("slachtoffer vastleggen")));
    assert!(
        shown.contains(&"melden aan griffier, uiterlijk 27-11 einde dag".to_string()),
        "{shown:?}"
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
fn a_declined_talk_drops_out() {
    struct Case {
        name: &'static str,
        declined: &'static [Talk],
        now: Time,
        next: &'static str,
        absent: &'static str,
    }
    let cases = [
        Case {
            name: "talk 1 declined: not late after 24 hours",
            declined: &[Talk::Eerste],
            now: incident() + Duration::hours(30),
            next: "tweede nazorggesprek uiterlijk 29-11 einde dag",
            absent: "eerste",
        },
        Case {
            name: "talk 2 declined: not late after day 3",
            declined: &[Talk::Tweede],
            now: at(2026, 12, 1, 9, 0),
            next: "eerste nazorggesprek — TE LAAT",
            absent: "tweede",
        },
        Case {
            name: "talk 3 declined: not late after day 42",
            declined: &[Talk::Derde],
            now: at(2027, 1, 10, 9, 0),
            next: "eerste nazorggesprek — TE LAAT",
            absent: "derde",
        },
        Case {
            name: "all three declined: nothing left",
            declined: &[Talk::Eerste, Talk::Tweede, Talk::Derde],
            now: soon(),
            next: "zaak afsluiten",
            absent: "nazorggesprek",
        },
    ];
    for c in cases {
        let mut s = reported();
        for talk in c.declined {
            s.log(EventBody::AftercareDeclined {
                talk: *talk,
                on: day(2026, 11, 26),
            });
        }
        let f = s.file();
        let shown = texts(&f, c.now);
        assert_eq!(shown[0], c.next, "{}: {shown:?}", c.name);
        assert!(
            !shown.iter().any(|t| t.contains(c.absent)),
            "{}: {shown:?}",
            c.name
        );
    }
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
    // Nothing was logged since 26-11: the nudge is overdue too, and longer.
    let march = at(2027, 3, 2, 9, 0);
    assert_eq!(
        texts(&s.file(), march),
        vec![
            "zaak oppakken: niets vastgelegd sinds 26-11",
            "vergaderverbod verlopen op 28-02: afronden of verlengen",
        ]
    );
    log_at(
        &mut s,
        at(2027, 3, 2, 8, 0),
        EventBody::MeasureStatusChanged {
            measure: id,
            status: MeasureStatus::Afgerond,
        },
    );
    assert_eq!(next(&s.file(), march).as_deref(), Some("zaak afsluiten"));
}

#[test]
fn nudges_show_only_once_overdue() {
    struct Case {
        name: &'static str,
        police: bool,
        close: bool,
        now: Time,
        expected: Vec<&'static str>,
    }
    // Everything done by 26-11 15:36 (15:39 with the aangifte and the OM).
    let idle = at(2026, 12, 10, 15, 36);
    let feedback = at(2026, 12, 26, 15, 39);
    let second = Duration::seconds(1);
    let cases = [
        Case {
            name: "idle, exactly 14 days: not yet a step",
            police: false,
            close: false,
            now: idle,
            expected: vec!["zaak afsluiten"],
        },
        Case {
            name: "idle, a second later: a step instead of closing",
            police: false,
            close: false,
            now: idle + second,
            expected: vec!["zaak oppakken: niets vastgelegd sinds 26-11"],
        },
        Case {
            name: "a police reference: no idle nudge after 14 days",
            police: true,
            close: false,
            now: at(2026, 12, 20, 9, 0),
            expected: vec!["zaak afsluiten"],
        },
        Case {
            name: "a police reference: exactly 30 days, not yet",
            police: true,
            close: false,
            now: feedback,
            expected: vec!["zaak afsluiten"],
        },
        Case {
            name: "a police reference: feedback after 30 days",
            police: true,
            close: false,
            now: feedback + second,
            expected: vec![
                "slachtoffer informeren over de vervolging (niets vastgelegd sinds 26-11)",
            ],
        },
        Case {
            name: "closed: nothing",
            police: false,
            close: true,
            now: idle + Duration::days(30),
            expected: vec![],
        },
    ];
    for c in cases {
        let mut s = reported();
        for talk in Talk::ALL {
            s.log(held(talk, day(2026, 11, 26)));
        }
        if c.police {
            s.log(EventBody::ConsentRecorded { consent: true });
            s.log(filed());
            s.log(EventBody::OmInformed {
                on: day(2026, 11, 26),
            });
        }
        if c.close {
            s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
        }
        let f = s.file();
        let steps = f.open_steps(c.now);
        let shown: Vec<_> = steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(shown, c.expected, "{}", c.name);
        if let Some(step) = steps.iter().find(|s| s.text != "zaak afsluiten") {
            assert!(step.is_overdue(), "{}: overdue", c.name);
            let due = if c.police { feedback } else { idle };
            assert_eq!(step.urgency, Urgency::Overdue(due), "{}", c.name);
            assert_eq!(step.late_after, Some(due), "{}", c.name);
        }
    }
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
