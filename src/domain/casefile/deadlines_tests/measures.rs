//! The end of a measure (§6.2)

use super::*;
use crate::domain::case::MeasureStatus;

#[test]
fn measure_end_terms() {
    struct Case {
        name: &'static str,
        kind: MeasureKind,
        start: NaiveDate,
        end: NaiveDate,
        /// The week before, the start of the last day, the end of it.
        reminders: [&'static str; 3],
    }
    let cases = [
        Case {
            name: "vergaderverbod ending on Sunday 28-02-2027",
            kind: MeasureKind::Vergaderverbod,
            start: day(2026, 12, 1),
            end: day(2027, 2, 28),
            reminders: [
                "2027-02-21T00:00:00+01:00",
                "2027-02-28T00:00:00+01:00",
                "2027-03-01T00:00:00+01:00",
            ],
        },
        Case {
            name: "toegangsverbod ending on Christmas Day: not moved to a working day",
            kind: MeasureKind::Toegangsverbod,
            start: day(2026, 12, 1),
            end: day(2026, 12, 25),
            reminders: [
                "2026-12-18T00:00:00+01:00",
                "2026-12-25T00:00:00+01:00",
                "2026-12-26T00:00:00+01:00",
            ],
        },
        Case {
            name: "toegangsverbod ending on Sunday 03-01-2027",
            kind: MeasureKind::Toegangsverbod,
            start: day(2026, 12, 1),
            end: day(2027, 1, 3),
            reminders: [
                "2026-12-27T00:00:00+01:00",
                "2027-01-03T00:00:00+01:00",
                "2027-01-04T00:00:00+01:00",
            ],
        },
        Case {
            name: "ending on the day summer time starts (28-03-2027)",
            kind: MeasureKind::Toegangsverbod,
            start: day(2026, 12, 1),
            end: day(2027, 3, 28),
            reminders: [
                "2027-03-21T00:00:00+01:00",
                "2027-03-28T00:00:00+01:00",
                "2027-03-29T00:00:00+02:00",
            ],
        },
        Case {
            name: "ending on the day winter time starts (31-10-2027)",
            kind: MeasureKind::Toegangsverbod,
            start: day(2026, 12, 1),
            end: day(2027, 10, 31),
            reminders: [
                "2027-10-24T00:00:00+02:00",
                "2027-10-31T00:00:00+02:00",
                "2027-11-01T00:00:00+01:00",
            ],
        },
        Case {
            name: "any measure with an end date: beperking dienstverlening",
            kind: MeasureKind::BeperkingDienstverlening,
            start: day(2026, 12, 1),
            end: day(2027, 1, 15),
            reminders: [
                "2027-01-08T00:00:00+01:00",
                "2027-01-15T00:00:00+01:00",
                "2027-01-16T00:00:00+01:00",
            ],
        },
        Case {
            name: "a one-day ban: the week before lies before its start",
            kind: MeasureKind::Vergaderverbod,
            start: day(2026, 12, 1),
            end: day(2026, 12, 1),
            reminders: [
                "2026-11-24T00:00:00+01:00",
                "2026-12-01T00:00:00+01:00",
                "2026-12-02T00:00:00+01:00",
            ],
        },
    ];
    for c in cases {
        let mut s = crossing();
        let id = s.log(ban(c.kind, c.start, c.end));
        let f = s.file();
        let d = measure_end(&f, c.name);
        assert_eq!(
            d.what,
            DeadlineKind::MeasureEnds {
                measure: id,
                kind: c.kind,
                end: c.end
            },
            "{}",
            c.name
        );
        assert_eq!(d.last_day(), c.end, "{}: last day", c.name);
        assert_eq!(
            d.window_start.map(rfc).as_deref(),
            Some(c.reminders[0]),
            "{}: a week before",
            c.name
        );
        assert_eq!(rfc(d.late_after), c.reminders[2], "{}: late after", c.name);
        assert_eq!(d.due, d.late_after, "{}: due", c.name);
        let moments: Vec<String> = d.reminder_moments().into_iter().map(rfc).collect();
        assert_eq!(moments, c.reminders, "{}: reminders", c.name);
        assert!(d.what.outlives_case(), "{}: outlives the case", c.name);
    }
}

#[test]
fn measure_end_states() {
    struct Case {
        name: &'static str,
        initial: MeasureStatus,
        change: Option<MeasureStatus>,
        close_case: bool,
        now: Time,
        expected: DeadlineState,
    }
    use DeadlineState::*;
    // A toegangsverbod whose last day is Christmas Day 2026.
    let open = |name, now, expected| Case {
        name,
        initial: MeasureStatus::Genomen,
        change: None,
        close_case: false,
        now,
        expected,
    };
    let cases = [
        open(
            "the day before the week before: not yet",
            at(2026, 12, 17, 23, 59),
            Open,
        ),
        open(
            "a week before the last day: to do",
            at(2026, 12, 18, 0, 0),
            DueSoon,
        ),
        open(
            "on its last day (a holiday): to do",
            at(2026, 12, 25, 9, 0),
            DueSoon,
        ),
        open(
            "at the end of its last day: still to do",
            at(2026, 12, 26, 0, 0),
            DueSoon,
        ),
        open(
            "a second after its last day: overdue",
            at(2026, 12, 26, 0, 0) + Duration::seconds(1),
            Overdue,
        ),
        Case {
            name: "finished (afgerond): done",
            initial: MeasureStatus::Genomen,
            change: Some(MeasureStatus::Afgerond),
            close_case: false,
            now: at(2026, 12, 27, 9, 0),
            expected: Done,
        },
        Case {
            name: "withdrawn (ingetrokken): done",
            initial: MeasureStatus::Genomen,
            change: Some(MeasureStatus::Ingetrokken),
            close_case: false,
            now: at(2026, 12, 27, 9, 0),
            expected: Done,
        },
        Case {
            name: "intended, then taken: still pending",
            initial: MeasureStatus::Voorgenomen,
            change: Some(MeasureStatus::Genomen),
            close_case: false,
            now: at(2026, 12, 27, 9, 0),
            expected: Overdue,
        },
        Case {
            name: "the case closed: still listed, and overdue",
            initial: MeasureStatus::Genomen,
            change: None,
            close_case: true,
            now: at(2026, 12, 27, 9, 0),
            expected: Overdue,
        },
    ];
    for c in cases {
        let mut s = crossing();
        let id = s.log(measure_with(
            MeasureKind::Toegangsverbod,
            Some(day(2026, 12, 1)),
            Some(day(2026, 12, 25)),
            c.initial,
            "burgemeester",
        ));
        let changed_at = at(2026, 12, 20, 10, 0);
        if let Some(status) = c.change {
            log_at(
                &mut s,
                changed_at,
                EventBody::MeasureStatusChanged {
                    measure: id,
                    status,
                },
            );
        }
        if c.close_case {
            s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
        }
        let d = measure_end(&s.file(), c.name);
        let settled = matches!(
            c.change,
            Some(MeasureStatus::Afgerond | MeasureStatus::Ingetrokken)
        );
        assert_eq!(
            d.done,
            settled.then(|| changed_at.date_naive()),
            "{}: done on the day it was settled",
            c.name
        );
        assert_eq!(d.state_at(c.now), c.expected, "{}", c.name);
    }
}

#[test]
fn only_measures_with_an_end_date_have_a_term() {
    struct Case {
        name: &'static str,
        kind: MeasureKind,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        expected: bool,
    }
    let cases = [
        Case {
            name: "a warning: no term",
            kind: MeasureKind::MondelingeWaarschuwing,
            start: None,
            end: None,
            expected: false,
        },
        Case {
            name: "a restriction without an end: no term",
            kind: MeasureKind::BeperkingDienstverlening,
            start: Some(day(2026, 12, 1)),
            end: None,
            expected: false,
        },
        Case {
            name: "a restriction with an end: a term",
            kind: MeasureKind::BeperkingDienstverlening,
            start: Some(day(2026, 12, 1)),
            end: Some(day(2027, 1, 1)),
            expected: true,
        },
        Case {
            name: "a police agreement with an end: a term",
            kind: MeasureKind::AfspraakPolitie,
            start: Some(day(2026, 12, 1)),
            end: Some(day(2027, 1, 1)),
            expected: true,
        },
    ];
    for c in cases {
        let mut s = crossing();
        s.log(measure(c.kind, c.start, c.end));
        let f = s.file();
        let has = f
            .deadlines()
            .iter()
            .any(|d| matches!(d.what, DeadlineKind::MeasureEnds { .. }));
        assert_eq!(has, c.expected, "{}: {:?}", c.name, kinds(&f));
    }
}
