//! Summer and winter time

use super::*;
use crate::domain::time::utc_string;

#[test]
fn day_terms_across_dst_land_on_local_midnight() {
    struct Case {
        name: &'static str,
        occurred: Time,
        what: DeadlineKind,
        window_start: Option<&'static str>,
        late_after: &'static str,
    }
    let spring = at(2027, 3, 27, 22, 0); // Saturday, clocks go forward that night
    let autumn = at(2026, 10, 24, 22, 0); // Saturday, clocks go back that night
    let cases = [
        Case {
            name: "spring: talk 2 by the end of Tuesday 30-03",
            occurred: spring,
            what: DeadlineKind::Talk(Talk::Tweede),
            window_start: None,
            late_after: "2027-03-31T00:00:00+02:00",
        },
        Case {
            name: "spring: talk 3 from 24-04 to the end of 08-05",
            occurred: spring,
            what: DeadlineKind::Talk(Talk::Derde),
            window_start: Some("2027-04-24T00:00:00+02:00"),
            late_after: "2027-05-09T00:00:00+02:00",
        },
        Case {
            name: "spring: the report by the end of Tuesday 30-03 (Easter Monday)",
            occurred: spring,
            what: DeadlineKind::Report(Recipient::Griffier),
            window_start: Some("2027-03-27T22:00:00+01:00"),
            late_after: "2027-03-31T00:00:00+02:00",
        },
        Case {
            name: "spring, 01:30 in the night of the change: talk 2 by the end of 31-03",
            occurred: at(2027, 3, 28, 1, 30),
            what: DeadlineKind::Talk(Talk::Tweede),
            window_start: None,
            late_after: "2027-04-01T00:00:00+02:00",
        },
        Case {
            name: "spring: day 3 is the day of the change",
            occurred: at(2027, 3, 25, 10, 0),
            what: DeadlineKind::Talk(Talk::Tweede),
            window_start: None,
            late_after: "2027-03-29T00:00:00+02:00",
        },
        Case {
            name: "spring: talk 3's window opens on the day of the change",
            occurred: at(2027, 2, 28, 10, 0),
            what: DeadlineKind::Talk(Talk::Derde),
            window_start: Some("2027-03-28T00:00:00+01:00"),
            late_after: "2027-04-12T00:00:00+02:00",
        },
        Case {
            name: "autumn: talk 2 by the end of Tuesday 27-10",
            occurred: autumn,
            what: DeadlineKind::Talk(Talk::Tweede),
            window_start: None,
            late_after: "2026-10-28T00:00:00+01:00",
        },
        Case {
            name: "autumn: talk 3 from 21-11 to the end of 05-12",
            occurred: autumn,
            what: DeadlineKind::Talk(Talk::Derde),
            window_start: Some("2026-11-21T00:00:00+01:00"),
            late_after: "2026-12-06T00:00:00+01:00",
        },
        Case {
            name: "autumn: the report by the end of Monday 26-10",
            occurred: autumn,
            what: DeadlineKind::Report(Recipient::Griffier),
            window_start: Some("2026-10-24T22:00:00+02:00"),
            late_after: "2026-10-27T00:00:00+01:00",
        },
        Case {
            name: "autumn: day 3 is the day of the change",
            occurred: at(2026, 10, 22, 10, 0),
            what: DeadlineKind::Talk(Talk::Tweede),
            window_start: None,
            late_after: "2026-10-26T00:00:00+01:00",
        },
        Case {
            name: "autumn: talk 3's window opens on the day of the change",
            occurred: at(2026, 9, 27, 10, 0),
            what: DeadlineKind::Talk(Talk::Derde),
            window_start: Some("2026-10-25T00:00:00+02:00"),
            late_after: "2026-11-09T00:00:00+01:00",
        },
    ];
    for c in cases {
        let f = case_at(VictimRole::Raadslid, Category::FysiekGeweld, c.occurred).file();
        let d = find(&f, c.what, c.name);
        assert_eq!(
            d.window_start.map(rfc).as_deref(),
            c.window_start,
            "{}: window start",
            c.name
        );
        assert_eq!(rfc(d.late_after), c.late_after, "{}: late after", c.name);
    }
}

#[test]
fn hour_terms_across_dst_are_24_real_hours() {
    struct Case {
        name: &'static str,
        occurred: Time,
        /// For the Arbeidsinspectie: known before the incident.
        known_at: Option<&'static str>,
        what: DeadlineKind,
        late_after: &'static str,
    }
    let cases = [
        Case {
            name: "spring: talk 1 of Saturday 22:00 is late after Sunday 23:00 summer time",
            occurred: at(2027, 3, 27, 22, 0),
            known_at: None,
            what: DeadlineKind::Talk(Talk::Eerste),
            late_after: "2027-03-28T23:00:00+02:00",
        },
        Case {
            name: "spring: talk 1 of 01:30 in the night of the change: 02:30 the next night",
            occurred: at(2027, 3, 28, 1, 30),
            known_at: None,
            what: DeadlineKind::Talk(Talk::Eerste),
            late_after: "2027-03-29T02:30:00+02:00",
        },
        Case {
            name: "autumn: talk 1 of Saturday 22:00 is late after Sunday 21:00 winter time",
            occurred: at(2026, 10, 24, 22, 0),
            known_at: None,
            what: DeadlineKind::Talk(Talk::Eerste),
            late_after: "2026-10-25T21:00:00+01:00",
        },
        Case {
            name: "autumn: talk 1 of 01:30 summer time in the night of the change: 00:30 Monday",
            occurred: at(2026, 10, 25, 1, 30),
            known_at: None,
            what: DeadlineKind::Talk(Talk::Eerste),
            late_after: "2026-10-26T00:30:00+01:00",
        },
        Case {
            name: "spring: Arbeidsinspectie 24 hours after the incident",
            occurred: at(2027, 3, 27, 22, 0),
            known_at: Some("2027-03-27T21:00:00+01:00"),
            what: DeadlineKind::Arbeidsinspectie,
            late_after: "2027-03-28T23:00:00+02:00",
        },
        Case {
            name: "autumn: Arbeidsinspectie 24 hours after the incident",
            occurred: at(2026, 10, 24, 22, 0),
            known_at: Some("2026-10-24T21:00:00+02:00"),
            what: DeadlineKind::Arbeidsinspectie,
            late_after: "2026-10-25T21:00:00+01:00",
        },
    ];
    for c in cases {
        let mut s = case_at(VictimRole::Raadslid, Category::FysiekGeweld, c.occurred);
        if c.what == DeadlineKind::Arbeidsinspectie {
            s.log(injury(c.known_at));
        }
        let f = s.file();
        let d = find(&f, c.what, c.name);
        assert_eq!(
            d.late_after - c.occurred,
            Duration::hours(24),
            "{}: 24 real hours",
            c.name
        );
        assert_eq!(
            rfc(d.late_after),
            c.late_after,
            "{}: in Amsterdam time",
            c.name
        );
    }
}

#[test]
fn moments_stored_in_another_offset_count_in_amsterdam_time() {
    struct Case {
        name: &'static str,
        /// The incident as stored.
        occurred_at: &'static str,
        known_at: Option<&'static str>,
        what: DeadlineKind,
        late_after: &'static str,
        basis: Option<&'static str>,
    }
    // 23:30 UTC on Thursday 26-11 is 00:30 on Friday 27-11 in Amsterdam.
    let friday_early = "2026-11-26T23:30:00Z";
    let cases = [
        Case {
            name: "talk 1 shown in Amsterdam time",
            occurred_at: friday_early,
            known_at: None,
            what: DeadlineKind::Talk(Talk::Eerste),
            late_after: "2026-11-28T00:30:00+01:00",
            basis: None,
        },
        Case {
            name: "talk 2 counts from the local day (Friday)",
            occurred_at: friday_early,
            known_at: None,
            what: DeadlineKind::Talk(Talk::Tweede),
            late_after: "2026-12-01T00:00:00+01:00",
            basis: None,
        },
        Case {
            name: "the report counts from the local day (Friday): Monday",
            occurred_at: friday_early,
            known_at: None,
            what: DeadlineKind::Report(Recipient::Griffier),
            late_after: "2026-12-01T00:00:00+01:00",
            basis: None,
        },
        Case {
            name: "known_at in UTC: the basis in Amsterdam time",
            occurred_at: "2026-11-26T14:30:00+01:00",
            known_at: Some("2026-11-26T14:00:00Z"),
            what: DeadlineKind::Arbeidsinspectie,
            late_after: "2026-11-27T15:00:00+01:00",
            basis: Some("24 uur nadat het letsel bekend werd (26-11 15:00)"),
        },
    ];
    for c in cases {
        let entered = at(2026, 11, 27, 9, 0);
        let mut s = opened_as(
            VictimRole::Raadslid,
            Category::FysiekGeweld,
            c.occurred_at.to_string(),
            entered,
        );
        if c.what == DeadlineKind::Arbeidsinspectie {
            s.log(injury(c.known_at));
        }
        let f = s.file();
        assert_eq!(
            utc_string(&f.occurred_at),
            utc_string(&moment(c.occurred_at)),
            "{}: the incident as stored",
            c.name
        );
        let d = find(&f, c.what, c.name);
        assert_eq!(rfc(d.late_after), c.late_after, "{}", c.name);
        assert_eq!(d.basis.as_deref(), c.basis, "{}: basis", c.name);
    }
}
