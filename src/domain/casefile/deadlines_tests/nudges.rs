//! Nudges (municipal practice)

use super::*;

#[test]
fn nudges() {
    struct Case {
        name: &'static str,
        category: Category,
        events: fn(&mut CaseScript),
        terms: Terms,
        /// The nudge and when it is due, or none.
        expected: Option<(DeadlineKind, &'static str)>,
    }
    let t = Terms::default();
    // The case is entered at 26-11 15:31.
    let cases = [
        Case {
            name: "nothing logged since the case was opened: idle after 14 days",
            category: Category::FysiekGeweld,
            events: |_| {},
            terms: t,
            expected: Some((DeadlineKind::Idle, "2026-12-10T15:31:00+01:00")),
        },
        Case {
            name: "the newest event counts, not the opening",
            category: Category::FysiekGeweld,
            events: |s| {
                log_at(
                    s,
                    at(2026, 12, 1, 9, 0),
                    EventBody::Note {
                        text: "gebeld".into(),
                    },
                );
            },
            terms: t,
            expected: Some((DeadlineKind::Idle, "2026-12-15T09:00:00+01:00")),
        },
        Case {
            name: "idle_days = 7",
            category: Category::FysiekGeweld,
            events: |_| {},
            terms: Terms { idle_days: 7, ..t },
            expected: Some((DeadlineKind::Idle, "2026-12-03T15:31:00+01:00")),
        },
        Case {
            name: "emotioneel gedrag: no handling, so no nudge (as open_steps)",
            category: Category::EmotioneelGedrag,
            events: |_| {},
            terms: t,
            expected: None,
        },
        Case {
            name: "in behandeling: still nudged",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(status(CaseStatus::InBehandeling, "opgepakt"));
            },
            terms: t,
            expected: Some((DeadlineKind::Idle, "2026-12-10T15:32:00+01:00")),
        },
        Case {
            name: "an aangifte with a police reference: feedback after 30 days",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(consent(true));
                s.log(filed());
            },
            terms: t,
            expected: Some((DeadlineKind::PoliceFeedback, "2026-12-26T15:33:00+01:00")),
        },
        Case {
            name: "police_feedback_days = 10",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(consent(true));
                s.log(filed());
            },
            terms: Terms {
                police_feedback_days: 10,
                ..t
            },
            expected: Some((DeadlineKind::PoliceFeedback, "2026-12-06T15:33:00+01:00")),
        },
        Case {
            name: "an aangifte without a police reference: idle",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(consent(true));
                s.log(EventBody::AangifteFiled {
                    on: day(2026, 11, 26),
                    vpt: true,
                    domicile: "Hofstraat 1, Aalten".into(),
                    police_reference: "  ".into(),
                });
            },
            terms: t,
            expected: Some((DeadlineKind::Idle, "2026-12-10T15:33:00+01:00")),
        },
        Case {
            name: "closed: no nudge",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
            },
            terms: t,
            expected: None,
        },
        Case {
            name: "closed with a police reference: no nudge",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(consent(true));
                s.log(filed());
                s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
            },
            terms: t,
            expected: None,
        },
        Case {
            name: "reopened: idle from the reopening",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
                log_at(
                    s,
                    at(2027, 1, 4, 10, 0),
                    status(CaseStatus::Open, "nieuw feit"),
                );
            },
            terms: t,
            expected: Some((DeadlineKind::Idle, "2027-01-18T10:00:00+01:00")),
        },
    ];
    for c in cases {
        let mut s = CaseScript::intake(VictimRole::Raadslid, c.category);
        (c.events)(&mut s);
        let mut f = s.file();
        f.terms = c.terms;
        let nudges: Vec<Deadline> = f
            .deadlines()
            .into_iter()
            .filter(|d| d.what.is_nudge())
            .collect();
        let got: Vec<_> = nudges.iter().map(|d| (d.what, rfc(d.late_after))).collect();
        let want: Vec<_> = c
            .expected
            .iter()
            .map(|(what, due)| (*what, due.to_string()))
            .collect();
        assert_eq!(got, want, "{}", c.name);
        for d in &nudges {
            assert_eq!(d.due, d.late_after, "{}: due", c.name);
            assert_eq!(d.window_start, None, "{}: no window", c.name);
            assert_eq!(d.soon_from(), d.due, "{}: no lead", c.name);
            assert_eq!(
                d.reminder_moments(),
                vec![d.due],
                "{}: one reminder",
                c.name
            );
            assert!(!d.what.outlives_case(), "{}: not after closing", c.name);
        }
    }
}

#[test]
fn nudge_states() {
    struct Case {
        name: &'static str,
        now: Time,
        expected: DeadlineState,
    }
    use DeadlineState::*;
    // Idle: due 10-12 15:31.
    let due = at(2026, 12, 10, 15, 31);
    let cases = [
        Case {
            name: "a day before: not yet",
            now: due - Duration::days(1),
            expected: Open,
        },
        Case {
            name: "exactly 14 days: due",
            now: due,
            expected: DueSoon,
        },
        Case {
            name: "a second later: overdue",
            now: due + Duration::seconds(1),
            expected: Overdue,
        },
    ];
    let f = crossing().file();
    let d = find(&f, DeadlineKind::Idle, "idle");
    for c in cases {
        assert_eq!(d.state_at(c.now), c.expected, "{}", c.name);
    }
}
