//! The calendar the working days follow

use super::*;
use crate::domain::calendar::Holiday;

#[test]
fn working_days_against_known_calendars() {
    struct Case {
        name: &'static str,
        from: NaiveDate,
        n: u32,
        expected: NaiveDate,
    }
    let cases = [
        Case {
            name: "Friday + 1: Monday",
            from: day(2026, 11, 27),
            n: 1,
            expected: day(2026, 11, 30),
        },
        Case {
            name: "Saturday + 2: Tuesday",
            from: day(2026, 11, 28),
            n: 2,
            expected: day(2026, 12, 1),
        },
        Case {
            name: "Maundy Thursday 2027 + 1: Good Friday is a working day",
            from: day(2027, 3, 25),
            n: 1,
            expected: day(2027, 3, 26),
        },
        Case {
            name: "Good Friday 2027 + 1: over Easter to Tuesday",
            from: day(2027, 3, 26),
            n: 1,
            expected: day(2027, 3, 30),
        },
        Case {
            name: "Maundy Thursday 2027 + 3: Friday, Tuesday, Wednesday",
            from: day(2027, 3, 25),
            n: 3,
            expected: day(2027, 3, 31),
        },
        Case {
            name: "Friday 23-04-2027 + 2: King's Day (Tuesday) skipped",
            from: day(2027, 4, 23),
            n: 2,
            expected: day(2027, 4, 28),
        },
        Case {
            name: "Friday 25-04-2025 + 1: King's Day on Saturday 26-04, Monday 28-04 works",
            from: day(2025, 4, 25),
            n: 1,
            expected: day(2025, 4, 28),
        },
        Case {
            name: "Monday 04-05-2026 + 1: Bevrijdingsdag every year",
            from: day(2026, 5, 4),
            n: 1,
            expected: day(2026, 5, 6),
        },
        Case {
            name: "Tuesday 04-05-2027 + 1: Bevrijdingsdag and Hemelvaart",
            from: day(2027, 5, 4),
            n: 1,
            expected: day(2027, 5, 7),
        },
        Case {
            name: "Friday 14-05-2027 + 1: Whit Monday",
            from: day(2027, 5, 14),
            n: 1,
            expected: day(2027, 5, 18),
        },
        Case {
            name: "Wednesday 23-12-2026 + 2: over Christmas",
            from: day(2026, 12, 23),
            n: 2,
            expected: day(2026, 12, 28),
        },
        Case {
            name: "Thursday 31-12-2026 + 1: over New Year",
            from: day(2026, 12, 31),
            n: 1,
            expected: day(2027, 1, 4),
        },
        Case {
            name: "+ 0 on a working day: that day",
            from: day(2026, 11, 26),
            n: 0,
            expected: day(2026, 11, 26),
        },
        Case {
            name: "+ 0 on Easter Monday: the next working day",
            from: day(2027, 3, 29),
            n: 0,
            expected: day(2027, 3, 30),
        },
    ];
    for c in cases {
        assert_eq!(
            calendar::add_working_days(c.from, c.n),
            c.expected,
            "{}",
            c.name
        );
        if c.n > 0 {
            assert_eq!(
                calendar::working_days_between(c.from, c.expected),
                i64::from(c.n),
                "{}: the inverse",
                c.name
            );
        }
    }
}

#[test]
fn dutch_public_holidays() {
    struct Case {
        name: &'static str,
        date: NaiveDate,
        holiday: Option<Holiday>,
        working: bool,
    }
    let cases = [
        Case {
            name: "King's Day 2027 on Tuesday 27-04",
            date: day(2027, 4, 27),
            holiday: Some(Holiday::KingsDay),
            working: false,
        },
        Case {
            name: "King's Day 2025 moved to Saturday 26-04",
            date: day(2025, 4, 26),
            holiday: Some(Holiday::KingsDay),
            working: false,
        },
        Case {
            name: "Sunday 27-04-2025 is not King's Day",
            date: day(2025, 4, 27),
            holiday: None,
            working: false,
        },
        Case {
            name: "Good Friday 2027 is no holiday",
            date: day(2027, 3, 26),
            holiday: None,
            working: true,
        },
        Case {
            name: "Easter Sunday 2027",
            date: day(2027, 3, 28),
            holiday: Some(Holiday::EasterSunday),
            working: false,
        },
        Case {
            name: "Easter Monday 2027",
            date: day(2027, 3, 29),
            holiday: Some(Holiday::EasterMonday),
            working: false,
        },
        Case {
            name: "Ascension 2027",
            date: day(2027, 5, 6),
            holiday: Some(Holiday::AscensionDay),
            working: false,
        },
        Case {
            name: "Whit Monday 2027",
            date: day(2027, 5, 17),
            holiday: Some(Holiday::WhitMonday),
            working: false,
        },
        Case {
            name: "Bevrijdingsdag 2026 (not a lustrum year)",
            date: day(2026, 5, 5),
            holiday: Some(Holiday::LiberationDay),
            working: false,
        },
        Case {
            name: "Bevrijdingsdag and Hemelvaart on one day (2016)",
            date: day(2016, 5, 5),
            holiday: Some(Holiday::LiberationDay),
            working: false,
        },
        Case {
            name: "Christmas Day 2026 (a Friday)",
            date: day(2026, 12, 25),
            holiday: Some(Holiday::ChristmasDay),
            working: false,
        },
        Case {
            name: "Boxing Day 2026 (a Saturday)",
            date: day(2026, 12, 26),
            holiday: Some(Holiday::SecondChristmasDay),
            working: false,
        },
        Case {
            name: "New Year's Day 2027",
            date: day(2027, 1, 1),
            holiday: Some(Holiday::NewYearsDay),
            working: false,
        },
        Case {
            name: "Christmas Eve 2026 is a working day",
            date: day(2026, 12, 24),
            holiday: None,
            working: true,
        },
    ];
    for c in cases {
        assert_eq!(calendar::holiday(c.date), c.holiday, "{}", c.name);
        assert_eq!(
            calendar::is_working_day(c.date),
            c.working,
            "{}: working day",
            c.name
        );
    }
}
