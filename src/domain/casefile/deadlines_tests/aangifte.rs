//! The aangifte (§6.4)

use super::*;

#[test]
fn aangifte_counts_working_days_from_the_consent() {
    struct Case {
        name: &'static str,
        consent_at: Time,
        aangifte_working_days: u32,
        last_day: NaiveDate,
        late_after: &'static str,
    }
    let cases = [
        Case {
            name: "consent on Thursday: Friday and Monday",
            consent_at: at(2026, 11, 26, 15, 32),
            aangifte_working_days: 2,
            last_day: day(2026, 11, 30),
            late_after: "2026-12-01T00:00:00+01:00",
        },
        Case {
            name: "consent on Monday 30-11: from the consent, not the incident",
            consent_at: at(2026, 11, 30, 10, 0),
            aangifte_working_days: 2,
            last_day: day(2026, 12, 2),
            late_after: "2026-12-03T00:00:00+01:00",
        },
        Case {
            name: "consent on Wednesday 23-12: over Christmas to Monday 28-12",
            consent_at: at(2026, 12, 23, 10, 0),
            aangifte_working_days: 2,
            last_day: day(2026, 12, 28),
            late_after: "2026-12-29T00:00:00+01:00",
        },
        Case {
            name: "consent on Friday 23-04-2027: Monday, King's Day skipped, Wednesday",
            consent_at: at(2027, 4, 23, 10, 0),
            aangifte_working_days: 2,
            last_day: day(2027, 4, 28),
            late_after: "2027-04-29T00:00:00+02:00",
        },
        Case {
            name: "consent on Saturday 27-03-2027: Easter Monday skipped, Tuesday and Wednesday",
            consent_at: at(2027, 3, 27, 22, 0),
            aangifte_working_days: 2,
            last_day: day(2027, 3, 31),
            late_after: "2027-04-01T00:00:00+02:00",
        },
        Case {
            name: "one working day: Friday",
            consent_at: at(2026, 11, 26, 15, 32),
            aangifte_working_days: 1,
            last_day: day(2026, 11, 27),
            late_after: "2026-11-28T00:00:00+01:00",
        },
        Case {
            name: "five working days: Thursday 03-12",
            consent_at: at(2026, 11, 26, 15, 32),
            aangifte_working_days: 5,
            last_day: day(2026, 12, 3),
            late_after: "2026-12-04T00:00:00+01:00",
        },
    ];
    for c in cases {
        let mut s = crossing();
        log_at(&mut s, c.consent_at, consent(true));
        let mut f = s.file();
        f.terms = Terms {
            aangifte_working_days: c.aangifte_working_days,
            ..Terms::default()
        };
        let d = find(&f, DeadlineKind::Aangifte, c.name);
        assert_eq!(
            d.window_start,
            Some(c.consent_at),
            "{}: from the consent",
            c.name
        );
        assert_eq!(d.last_day(), c.last_day, "{}: last day", c.name);
        assert_eq!(rfc(d.late_after), c.late_after, "{}: late after", c.name);
        assert_eq!(d.due, d.late_after, "{}: due", c.name);
    }
}

#[test]
fn aangifte_listed_once_consented() {
    enum Expect {
        Absent,
        Pending(DeadlineState),
        Done(NaiveDate),
    }
    struct Case {
        name: &'static str,
        category: Category,
        events: fn(&mut CaseScript),
        now: Time,
        expected: Expect,
    }
    let ask = |s: &mut CaseScript| {
        s.log(consent(true));
    };
    let cases = [
        Case {
            name: "not asked: no term",
            category: Category::FysiekGeweld,
            events: |_| {},
            now: at(2026, 11, 27, 9, 0),
            expected: Expect::Absent,
        },
        Case {
            name: "the victim says no: no term",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(consent(false));
            },
            now: at(2026, 11, 27, 9, 0),
            expected: Expect::Absent,
        },
        Case {
            name: "consent withdrawn: no term",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(consent(true));
                s.log(consent(false));
            },
            now: at(2026, 11, 27, 9, 0),
            expected: Expect::Absent,
        },
        Case {
            name: "consented: to do at once",
            category: Category::FysiekGeweld,
            events: ask,
            now: at(2026, 11, 26, 16, 0),
            expected: Expect::Pending(DeadlineState::DueSoon),
        },
        Case {
            name: "consented: at the end of Monday still due",
            category: Category::FysiekGeweld,
            events: ask,
            now: at(2026, 12, 1, 0, 0),
            expected: Expect::Pending(DeadlineState::DueSoon),
        },
        Case {
            name: "consented: a second later overdue",
            category: Category::FysiekGeweld,
            events: ask,
            now: at(2026, 12, 1, 0, 0) + Duration::seconds(1),
            expected: Expect::Pending(DeadlineState::Overdue),
        },
        Case {
            name: "filed: done on the day filed",
            category: Category::FysiekGeweld,
            events: |s| {
                s.log(consent(true));
                log_at(s, at(2026, 11, 30, 9, 0), filed_on(day(2026, 11, 27)));
            },
            now: at(2026, 12, 2, 9, 0),
            expected: Expect::Done(day(2026, 11, 27)),
        },
        Case {
            name: "emotioneel gedrag: no term",
            category: Category::EmotioneelGedrag,
            events: ask,
            now: at(2026, 11, 27, 9, 0),
            expected: Expect::Absent,
        },
    ];
    for c in cases {
        let mut s = CaseScript::intake(VictimRole::Raadslid, c.category);
        (c.events)(&mut s);
        let f = s.file();
        let d = f
            .deadlines()
            .into_iter()
            .find(|d| d.what == DeadlineKind::Aangifte);
        match (c.expected, d) {
            (Expect::Absent, None) => {}
            (Expect::Pending(state), Some(d)) => {
                assert_eq!(d.done, None, "{}", c.name);
                assert_eq!(d.state_at(c.now), state, "{}", c.name);
            }
            (Expect::Done(on), Some(d)) => {
                assert_eq!(d.done, Some(on), "{}", c.name);
                assert_eq!(d.state_at(c.now), DeadlineState::Done, "{}", c.name);
            }
            (_, d) => panic!("{}: got {d:?}", c.name),
        }
    }
}
