//! Arbeidsinspectie (§6.4, Arbowet art. 9)

use super::*;

#[test]
fn arbeidsinspectie_terms() {
    struct Case {
        name: &'static str,
        category: Category,
        recorded: Time,
        known_at: Option<&'static str>,
        due: &'static str,
        late_after: &'static str,
        basis: &'static str,
    }
    let from_recording = "24 uur nadat het letsel bekend werd (26-11 15:32)";
    let from_incident = "24 uur na het incident";
    let cases = [
        Case {
            name: "recorded without known_at: 24 hours from the recording",
            category: Category::FysiekGeweld,
            recorded: at(2026, 11, 26, 15, 32),
            known_at: None,
            due: "2026-11-26T15:32:00+01:00",
            late_after: "2026-11-27T15:32:00+01:00",
            basis: from_recording,
        },
        Case {
            name: "known before the incident: 24 hours from the incident",
            category: Category::FysiekGeweld,
            recorded: at(2026, 11, 26, 15, 32),
            known_at: Some("2026-11-26T12:00:00+01:00"),
            due: "2026-11-26T14:30:00+01:00",
            late_after: "2026-11-27T14:30:00+01:00",
            basis: from_incident,
        },
        Case {
            name: "known at the moment of the incident: from the incident",
            category: Category::FysiekGeweld,
            recorded: at(2026, 11, 26, 15, 32),
            known_at: Some("2026-11-26T14:30:00+01:00"),
            due: "2026-11-26T14:30:00+01:00",
            late_after: "2026-11-27T14:30:00+01:00",
            basis: from_incident,
        },
        Case {
            name: "known a minute after the incident: from then",
            category: Category::FysiekGeweld,
            recorded: at(2026, 11, 26, 15, 32),
            known_at: Some("2026-11-26T14:31:00+01:00"),
            due: "2026-11-26T14:31:00+01:00",
            late_after: "2026-11-27T14:31:00+01:00",
            basis: "24 uur nadat het letsel bekend werd (26-11 14:31)",
        },
        Case {
            name: "known the next morning, recorded that afternoon: from the morning",
            category: Category::FysiekGeweld,
            recorded: at(2026, 11, 27, 16, 0),
            known_at: Some("2026-11-27T09:00:00+01:00"),
            due: "2026-11-27T09:00:00+01:00",
            late_after: "2026-11-28T09:00:00+01:00",
            basis: "24 uur nadat het letsel bekend werd (27-11 09:00)",
        },
        Case {
            name: "recorded three days later without known_at: from the recording",
            category: Category::FysiekGeweld,
            recorded: at(2026, 11, 29, 10, 0),
            known_at: None,
            due: "2026-11-29T10:00:00+01:00",
            late_after: "2026-11-30T10:00:00+01:00",
            basis: "24 uur nadat het letsel bekend werd (29-11 10:00)",
        },
        Case {
            name: "emotioneel gedrag counts too (any category)",
            category: Category::EmotioneelGedrag,
            recorded: at(2026, 11, 26, 15, 32),
            known_at: None,
            due: "2026-11-26T15:32:00+01:00",
            late_after: "2026-11-27T15:32:00+01:00",
            basis: from_recording,
        },
        Case {
            name: "verbale agressie, known before the incident",
            category: Category::VerbaleAgressie,
            recorded: at(2026, 11, 26, 15, 32),
            known_at: Some("2026-11-26T14:00:00+01:00"),
            due: "2026-11-26T14:30:00+01:00",
            late_after: "2026-11-27T14:30:00+01:00",
            basis: from_incident,
        },
    ];
    for c in cases {
        let mut s = CaseScript::intake(VictimRole::Raadslid, c.category);
        log_at(&mut s, c.recorded, injury(c.known_at));
        let f = s.file();
        let d = find(&f, DeadlineKind::Arbeidsinspectie, c.name);
        assert_eq!(rfc(d.due), c.due, "{}: due at once", c.name);
        assert_eq!(rfc(d.late_after), c.late_after, "{}: late after", c.name);
        assert_eq!(
            d.late_after - d.due,
            Duration::hours(24),
            "{}: 24 hours",
            c.name
        );
        assert_eq!(d.basis.as_deref(), Some(c.basis), "{}: basis", c.name);
        assert_eq!(d.window_start, None, "{}: no window", c.name);
        assert_eq!(d.done, None, "{}: not notified", c.name);
        assert_eq!(
            f.deadlines()[0].what,
            DeadlineKind::Arbeidsinspectie,
            "{}: listed first",
            c.name
        );
    }
}

#[test]
fn arbeidsinspectie_states() {
    struct Case {
        name: &'static str,
        known_at: Option<&'static str>,
        notified: Option<NaiveDate>,
        now: Time,
        expected: DeadlineState,
    }
    use DeadlineState::*;
    // Recorded at 26-11 15:32: late after 27-11 15:32, or after 27-11 14:30
    // when known before the incident.
    let recorded = at(2026, 11, 26, 15, 32);
    let s = Duration::seconds(1);
    let before = Some("2026-11-26T14:00:00+01:00");
    let cases = [
        Case {
            name: "at the recording: due at once",
            known_at: None,
            notified: None,
            now: recorded,
            expected: DueSoon,
        },
        Case {
            name: "exactly 24 hours after the recording: still due",
            known_at: None,
            notified: None,
            now: recorded + Duration::hours(24),
            expected: DueSoon,
        },
        Case {
            name: "24 hours and a second after the recording: overdue",
            known_at: None,
            notified: None,
            now: recorded + Duration::hours(24) + s,
            expected: Overdue,
        },
        Case {
            name: "known before: exactly 24 hours after the incident, still due",
            known_at: before,
            notified: None,
            now: incident() + Duration::hours(24),
            expected: DueSoon,
        },
        Case {
            name: "known before: a second later overdue, though not 24 hours after the recording",
            known_at: before,
            notified: None,
            now: incident() + Duration::hours(24) + s,
            expected: Overdue,
        },
        Case {
            name: "notified the next day: done",
            known_at: None,
            notified: Some(day(2026, 11, 27)),
            now: at(2026, 11, 30, 9, 0),
            expected: Done,
        },
        Case {
            name: "notified late: done all the same",
            known_at: None,
            notified: Some(day(2026, 11, 29)),
            now: at(2026, 11, 30, 9, 0),
            expected: Done,
        },
    ];
    for c in cases {
        let mut script = crossing();
        log_at(&mut script, recorded, injury(c.known_at));
        if let Some(on) = c.notified {
            log_at(
                &mut script,
                at(2026, 11, 30, 8, 0),
                EventBody::ArbeidsinspectieNotified { on },
            );
        }
        let d = find(&script.file(), DeadlineKind::Arbeidsinspectie, c.name);
        assert_eq!(d.done, c.notified, "{}: done", c.name);
        assert_eq!(d.state_at(c.now), c.expected, "{}", c.name);
    }
}
