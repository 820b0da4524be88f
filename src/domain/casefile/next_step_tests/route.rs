//! The reporting route: due by the end of the next working day, its steps
//! per victim role, over weekends and holidays; what needs no step.

use super::*;

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
