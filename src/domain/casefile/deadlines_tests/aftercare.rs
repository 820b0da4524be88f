//! Aftercare (§6.3)

use super::*;

#[test]
fn aftercare_talk_terms() {
    struct Case {
        name: &'static str,
        occurred: Time,
        talk: Talk,
        window_start: Option<&'static str>,
        late_after: &'static str,
    }
    let cases = [
        Case {
            name: "talk 1: exactly 24 hours after the incident",
            occurred: incident(),
            talk: Talk::Eerste,
            window_start: None,
            late_after: "2026-11-27T14:30:00+01:00",
        },
        Case {
            name: "talk 2: by the end of the third calendar day (Sun 29-11)",
            occurred: incident(),
            talk: Talk::Tweede,
            window_start: None,
            late_after: "2026-11-30T00:00:00+01:00",
        },
        Case {
            name: "talk 3: from the start of day 28 (24-12) to the end of day 42 (07-01)",
            occurred: incident(),
            talk: Talk::Derde,
            window_start: Some("2026-12-24T00:00:00+01:00"),
            late_after: "2027-01-08T00:00:00+01:00",
        },
        Case {
            name: "talk 1 of an incident at 23:59: 23:59 the next day",
            occurred: at(2026, 11, 26, 23, 59),
            talk: Talk::Eerste,
            window_start: None,
            late_after: "2026-11-27T23:59:00+01:00",
        },
        Case {
            name: "talk 2 counts calendar days, not hours: incident at 23:59",
            occurred: at(2026, 11, 26, 23, 59),
            talk: Talk::Tweede,
            window_start: None,
            late_after: "2026-11-30T00:00:00+01:00",
        },
        Case {
            name: "talk 2 of an incident at midnight",
            occurred: at(2026, 11, 26, 0, 0),
            talk: Talk::Tweede,
            window_start: None,
            late_after: "2026-11-30T00:00:00+01:00",
        },
        Case {
            name: "talk 3 of an incident at 23:59: the same days",
            occurred: at(2026, 11, 26, 23, 59),
            talk: Talk::Derde,
            window_start: Some("2026-12-24T00:00:00+01:00"),
            late_after: "2027-01-08T00:00:00+01:00",
        },
        Case {
            name: "talk 2 over the turn of the year (day 3 is 2 January)",
            occurred: at(2026, 12, 30, 10, 0),
            talk: Talk::Tweede,
            window_start: None,
            late_after: "2027-01-03T00:00:00+01:00",
        },
    ];
    for c in cases {
        let f = case_at(VictimRole::Raadslid, Category::FysiekGeweld, c.occurred).file();
        let d = find(&f, DeadlineKind::Talk(c.talk), c.name);
        assert_eq!(
            d.window_start.map(rfc).as_deref(),
            c.window_start,
            "{}: window start",
            c.name
        );
        assert_eq!(rfc(d.late_after), c.late_after, "{}: late after", c.name);
        assert_eq!(d.due, d.late_after, "{}: due is when it is late", c.name);
        assert_eq!(
            (d.done, d.declined, d.basis.clone()),
            (None, None, None),
            "{}: nothing settled",
            c.name
        );
        if c.talk == Talk::Eerste {
            assert_eq!(
                d.late_after - c.occurred,
                Duration::hours(24),
                "{}: exactly 24 hours",
                c.name
            );
        }
    }
}

#[test]
fn aftercare_talk_states() {
    enum Settle {
        Open,
        Held(NaiveDate),
        Declined(NaiveDate),
        DeclinedThenHeld(NaiveDate, NaiveDate),
    }
    struct Case {
        name: &'static str,
        talk: Talk,
        settle: Settle,
        now: Time,
        expected: DeadlineState,
    }
    use DeadlineState::*;
    let i = incident();
    let s = Duration::seconds(1);
    let cases = [
        // Talk 1: 24 hours.
        Case {
            name: "talk 1, two hours after: not yet",
            talk: Talk::Eerste,
            settle: Settle::Open,
            now: i + Duration::hours(2),
            expected: Open,
        },
        Case {
            name: "talk 1 from the start of its last day",
            talk: Talk::Eerste,
            settle: Settle::Open,
            now: at(2026, 11, 27, 0, 0),
            expected: DueSoon,
        },
        Case {
            name: "talk 1, 16 hours after",
            talk: Talk::Eerste,
            settle: Settle::Open,
            now: i + Duration::hours(16),
            expected: DueSoon,
        },
        Case {
            name: "talk 1 at exactly 24 hours: still due",
            talk: Talk::Eerste,
            settle: Settle::Open,
            now: i + Duration::hours(24),
            expected: DueSoon,
        },
        Case {
            name: "talk 1 one second after 24 hours: overdue",
            talk: Talk::Eerste,
            settle: Settle::Open,
            now: i + Duration::hours(24) + s,
            expected: Overdue,
        },
        Case {
            name: "talk 1 held on the day: done",
            talk: Talk::Eerste,
            settle: Settle::Held(day(2026, 11, 26)),
            now: i + Duration::hours(48),
            expected: Done,
        },
        Case {
            name: "talk 1 held late: done all the same",
            talk: Talk::Eerste,
            settle: Settle::Held(day(2026, 11, 28)),
            now: at(2026, 11, 30, 9, 0),
            expected: Done,
        },
        Case {
            name: "talk 1 declined: declined, not overdue",
            talk: Talk::Eerste,
            settle: Settle::Declined(day(2026, 11, 26)),
            now: i + Duration::hours(48),
            expected: Declined,
        },
        // Talk 2: the end of day 3 (Sunday 29-11).
        Case {
            name: "talk 2 on day 2 at 23:59: not yet",
            talk: Talk::Tweede,
            settle: Settle::Open,
            now: at(2026, 11, 28, 23, 59),
            expected: Open,
        },
        Case {
            name: "talk 2 from the start of day 3",
            talk: Talk::Tweede,
            settle: Settle::Open,
            now: at(2026, 11, 29, 0, 0),
            expected: DueSoon,
        },
        Case {
            name: "talk 2 at 23:59 of day 3: still due",
            talk: Talk::Tweede,
            settle: Settle::Open,
            now: at(2026, 11, 29, 23, 59),
            expected: DueSoon,
        },
        Case {
            name: "talk 2 at the midnight that ends day 3: still due",
            talk: Talk::Tweede,
            settle: Settle::Open,
            now: at(2026, 11, 30, 0, 0),
            expected: DueSoon,
        },
        Case {
            name: "talk 2 at 00:00:01 of day 4: overdue",
            talk: Talk::Tweede,
            settle: Settle::Open,
            now: at(2026, 11, 30, 0, 0) + s,
            expected: Overdue,
        },
        Case {
            name: "talk 2 held on day 2: done",
            talk: Talk::Tweede,
            settle: Settle::Held(day(2026, 11, 28)),
            now: days_later(i, 10),
            expected: Done,
        },
        Case {
            name: "talk 2 declined: declined on day 10",
            talk: Talk::Tweede,
            settle: Settle::Declined(day(2026, 11, 27)),
            now: days_later(i, 10),
            expected: Declined,
        },
        // Talk 3: from the start of day 28 (24-12) to the end of day 42 (07-01).
        Case {
            name: "talk 3 on day 27: not yet",
            talk: Talk::Derde,
            settle: Settle::Open,
            now: days_later(i, 27),
            expected: Open,
        },
        Case {
            name: "talk 3 at 23:59 of day 27: not yet",
            talk: Talk::Derde,
            settle: Settle::Open,
            now: at(2026, 12, 23, 23, 59),
            expected: Open,
        },
        Case {
            name: "talk 3 from the start of day 28",
            talk: Talk::Derde,
            settle: Settle::Open,
            now: at(2026, 12, 24, 0, 0),
            expected: DueSoon,
        },
        Case {
            name: "talk 3 on day 42 at 23:59: still due",
            talk: Talk::Derde,
            settle: Settle::Open,
            now: at(2027, 1, 7, 23, 59),
            expected: DueSoon,
        },
        Case {
            name: "talk 3 at 00:00:01 of day 43: overdue",
            talk: Talk::Derde,
            settle: Settle::Open,
            now: at(2027, 1, 8, 0, 0) + s,
            expected: Overdue,
        },
        Case {
            name: "talk 3 on day 43: overdue",
            talk: Talk::Derde,
            settle: Settle::Open,
            now: days_later(i, 43),
            expected: Overdue,
        },
        Case {
            name: "talk 3 held on day 10 counts (\"of eerder\")",
            talk: Talk::Derde,
            settle: Settle::Held(day(2026, 12, 6)),
            now: days_later(i, 43),
            expected: Done,
        },
        Case {
            name: "talk 3 declined: declined after day 42",
            talk: Talk::Derde,
            settle: Settle::Declined(day(2026, 12, 1)),
            now: days_later(i, 50),
            expected: Declined,
        },
        Case {
            name: "talk 3 declined, then held after all: done",
            talk: Talk::Derde,
            settle: Settle::DeclinedThenHeld(day(2026, 12, 1), day(2026, 12, 28)),
            now: days_later(i, 50),
            expected: Done,
        },
    ];
    for c in cases {
        let mut script = crossing();
        let later_on = at(2027, 3, 1, 9, 0);
        let (held_on, declined_on) = match c.settle {
            Settle::Open => (None, None),
            Settle::Held(on) => {
                log_at(&mut script, later_on, held(c.talk, on));
                (Some(on), None)
            }
            Settle::Declined(on) => {
                log_at(&mut script, later_on, declined(c.talk, on));
                (None, Some(on))
            }
            Settle::DeclinedThenHeld(no, yes) => {
                log_at(&mut script, later_on, declined(c.talk, no));
                script.log(held(c.talk, yes));
                (Some(yes), Some(no))
            }
        };
        let f = script.file();
        let d = find(&f, DeadlineKind::Talk(c.talk), c.name);
        assert_eq!(d.done, held_on, "{}: done", c.name);
        assert_eq!(d.declined, declined_on, "{}: declined", c.name);
        assert_eq!(d.state_at(c.now), c.expected, "{}", c.name);
        assert_eq!(
            f.state_at(&d, c.now),
            c.expected,
            "{}: via the file",
            c.name
        );
        assert_eq!(
            d.state_at(c.now).is_pending(),
            matches!(c.expected, Open | DueSoon | Overdue),
            "{}: pending",
            c.name
        );
    }
}
