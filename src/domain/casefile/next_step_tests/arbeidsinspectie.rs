//! The report to the Arbeidsinspectie: its step and lateness, its term from
//! the incident or from when it was known, also for emotional behaviour.

use super::*;

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
