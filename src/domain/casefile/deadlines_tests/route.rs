//! The route (§6.1) and the Commissaris van de Koning (§6.4)

use super::*;

#[test]
fn route_items_per_victim_role() {
    use DeadlineKind::{Inform, Report};
    use Recipient::*;
    struct Case {
        name: &'static str,
        role: VictimRole,
        expected: Vec<DeadlineKind>,
    }
    let cases = [
        Case {
            name: "raadslid: griffier, then burgemeester",
            role: VictimRole::Raadslid,
            expected: vec![Report(Griffier), Inform(Burgemeester)],
        },
        Case {
            name: "fractievolger: as a raadslid",
            role: VictimRole::Fractievolger,
            expected: vec![Report(Griffier), Inform(Burgemeester)],
        },
        Case {
            name: "wethouder: burgemeester, then gemeentesecretaris; no CdK",
            role: VictimRole::Wethouder,
            expected: vec![Report(Burgemeester), Inform(Gemeentesecretaris)],
        },
        Case {
            name: "burgemeester: the route and the Commissaris van de Koning",
            role: VictimRole::Burgemeester,
            expected: vec![
                Report(Gemeentesecretaris),
                Inform(Griffier),
                Inform(AangewezenAmbtenaar),
                Inform(CommissarisVanDeKoning),
            ],
        },
        Case {
            name: "ambtenaar: leidinggevende, then gemeentesecretaris",
            role: VictimRole::Ambtenaar,
            expected: vec![Report(Leidinggevende), Inform(Gemeentesecretaris)],
        },
    ];
    for c in cases {
        let f = CaseScript::intake(c.role, Category::FysiekGeweld).file();
        let route: Vec<Deadline> = f
            .deadlines()
            .into_iter()
            .filter(|d| matches!(d.what, Report(_) | Inform(_)))
            .collect();
        let got: Vec<_> = route.iter().map(|d| d.what).collect();
        assert_eq!(got, c.expected, "{}", c.name);
        for d in &route {
            assert_eq!(
                rfc(d.late_after),
                "2026-11-28T00:00:00+01:00",
                "{}: {:?} by the end of Friday 27-11",
                c.name,
                d.what
            );
            assert_eq!(d.due, d.late_after, "{}: {:?} due", c.name, d.what);
            assert_eq!(
                d.window_start,
                Some(incident()),
                "{}: {:?} to do from the incident",
                c.name,
                d.what
            );
        }
    }
}

#[test]
fn route_terms_count_working_days() {
    struct Case {
        name: &'static str,
        occurred: Time,
        report_working_days: u32,
        last_day: NaiveDate,
        late_after: &'static str,
    }
    let cases = [
        Case {
            name: "Thursday: by the end of Friday",
            occurred: incident(),
            report_working_days: 1,
            last_day: day(2026, 11, 27),
            late_after: "2026-11-28T00:00:00+01:00",
        },
        Case {
            name: "Friday: over the weekend, by the end of Monday",
            occurred: at(2026, 11, 27, 16, 0),
            report_working_days: 1,
            last_day: day(2026, 11, 30),
            late_after: "2026-12-01T00:00:00+01:00",
        },
        Case {
            name: "Saturday: by the end of Monday",
            occurred: at(2026, 11, 28, 11, 0),
            report_working_days: 1,
            last_day: day(2026, 11, 30),
            late_after: "2026-12-01T00:00:00+01:00",
        },
        Case {
            name: "Sunday 23:59: by the end of Monday",
            occurred: at(2026, 11, 29, 23, 59),
            report_working_days: 1,
            last_day: day(2026, 11, 30),
            late_after: "2026-12-01T00:00:00+01:00",
        },
        Case {
            name: "Monday 00:00: by the end of Tuesday",
            occurred: at(2026, 11, 30, 0, 0),
            report_working_days: 1,
            last_day: day(2026, 12, 1),
            late_after: "2026-12-02T00:00:00+01:00",
        },
        Case {
            name: "Thursday, three working days: Tuesday",
            occurred: incident(),
            report_working_days: 3,
            last_day: day(2026, 12, 1),
            late_after: "2026-12-02T00:00:00+01:00",
        },
        Case {
            name: "Wednesday 23-12: Thursday 24-12 is a working day",
            occurred: at(2026, 12, 23, 10, 0),
            report_working_days: 1,
            last_day: day(2026, 12, 24),
            late_after: "2026-12-25T00:00:00+01:00",
        },
        Case {
            name: "Wednesday 23-12, two working days: over Christmas to Monday 28-12",
            occurred: at(2026, 12, 23, 10, 0),
            report_working_days: 2,
            last_day: day(2026, 12, 28),
            late_after: "2026-12-29T00:00:00+01:00",
        },
        Case {
            name: "Thursday 24-12: Christmas and the weekend, Monday 28-12",
            occurred: at(2026, 12, 24, 10, 0),
            report_working_days: 1,
            last_day: day(2026, 12, 28),
            late_after: "2026-12-29T00:00:00+01:00",
        },
        Case {
            name: "Thursday 31-12: New Year, Monday 04-01",
            occurred: at(2026, 12, 31, 10, 0),
            report_working_days: 1,
            last_day: day(2027, 1, 4),
            late_after: "2027-01-05T00:00:00+01:00",
        },
        Case {
            name: "Friday 23-04-2027: Monday 26-04",
            occurred: at(2027, 4, 23, 10, 0),
            report_working_days: 1,
            last_day: day(2027, 4, 26),
            late_after: "2027-04-27T00:00:00+02:00",
        },
        Case {
            name: "Friday 23-04-2027, two working days: King's Day skipped, Wednesday 28-04",
            occurred: at(2027, 4, 23, 10, 0),
            report_working_days: 2,
            last_day: day(2027, 4, 28),
            late_after: "2027-04-29T00:00:00+02:00",
        },
        Case {
            name: "Monday 26-04-2027: King's Day, Wednesday 28-04",
            occurred: at(2027, 4, 26, 10, 0),
            report_working_days: 1,
            last_day: day(2027, 4, 28),
            late_after: "2027-04-29T00:00:00+02:00",
        },
        Case {
            name: "Good Friday 26-03-2027 (a working day itself): Easter Monday, Tuesday 30-03",
            occurred: at(2027, 3, 26, 10, 0),
            report_working_days: 1,
            last_day: day(2027, 3, 30),
            late_after: "2027-03-31T00:00:00+02:00",
        },
        Case {
            name: "Saturday 27-03-2027 22:00, before summer time: Tuesday 30-03",
            occurred: at(2027, 3, 27, 22, 0),
            report_working_days: 1,
            last_day: day(2027, 3, 30),
            late_after: "2027-03-31T00:00:00+02:00",
        },
        Case {
            name: "Tuesday 04-05-2027: Bevrijdingsdag and Hemelvaart, Friday 07-05",
            occurred: at(2027, 5, 4, 10, 0),
            report_working_days: 1,
            last_day: day(2027, 5, 7),
            late_after: "2027-05-08T00:00:00+02:00",
        },
        Case {
            name: "Friday 14-05-2027: Whit Monday, Tuesday 18-05",
            occurred: at(2027, 5, 14, 10, 0),
            report_working_days: 1,
            last_day: day(2027, 5, 18),
            late_after: "2027-05-19T00:00:00+02:00",
        },
        Case {
            name: "Saturday 24-10-2026 22:00, before winter time: Monday 26-10",
            occurred: at(2026, 10, 24, 22, 0),
            report_working_days: 1,
            last_day: day(2026, 10, 26),
            late_after: "2026-10-27T00:00:00+01:00",
        },
    ];
    for c in cases {
        let mut f = case_at(VictimRole::Raadslid, Category::FysiekGeweld, c.occurred).file();
        f.terms = Terms {
            report_working_days: c.report_working_days,
            ..Terms::default()
        };
        for what in [
            DeadlineKind::Report(Recipient::Griffier),
            DeadlineKind::Inform(Recipient::Burgemeester),
        ] {
            let d = find(&f, what, c.name);
            assert_eq!(d.last_day(), c.last_day, "{}: {what:?} last day", c.name);
            assert!(
                calendar::is_working_day(d.last_day()),
                "{}: {what:?} ends on a working day",
                c.name
            );
            assert_eq!(rfc(d.late_after), c.late_after, "{}: {what:?}", c.name);
            assert_eq!(d.window_start, Some(c.occurred), "{}: {what:?}", c.name);
        }
    }
}

#[test]
fn route_states() {
    use DeadlineKind::{Inform, Report};
    use DeadlineState::*;
    use Recipient::*;
    struct Case {
        name: &'static str,
        role: VictimRole,
        informed: Option<(Recipient, NaiveDate)>,
        what: DeadlineKind,
        now: Time,
        expected: DeadlineState,
    }
    let end_of_friday = at(2026, 11, 28, 0, 0);
    let cases = [
        Case {
            name: "the report at the incident: to do at once",
            role: VictimRole::Raadslid,
            informed: None,
            what: Report(Griffier),
            now: incident(),
            expected: DueSoon,
        },
        Case {
            name: "the burgemeester at 23:59 on Friday: still due",
            role: VictimRole::Raadslid,
            informed: None,
            what: Inform(Burgemeester),
            now: at(2026, 11, 27, 23, 59),
            expected: DueSoon,
        },
        Case {
            name: "the report at the end of Friday: still due",
            role: VictimRole::Raadslid,
            informed: None,
            what: Report(Griffier),
            now: end_of_friday,
            expected: DueSoon,
        },
        Case {
            name: "the report a second later: overdue",
            role: VictimRole::Raadslid,
            informed: None,
            what: Report(Griffier),
            now: end_of_friday + Duration::seconds(1),
            expected: Overdue,
        },
        Case {
            name: "the griffier informed: the report is done",
            role: VictimRole::Raadslid,
            informed: Some((Griffier, day(2026, 11, 27))),
            what: Report(Griffier),
            now: at(2026, 11, 30, 9, 0),
            expected: Done,
        },
        Case {
            name: "the griffier informed does not settle the burgemeester",
            role: VictimRole::Raadslid,
            informed: Some((Griffier, day(2026, 11, 27))),
            what: Inform(Burgemeester),
            now: at(2026, 11, 30, 9, 0),
            expected: Overdue,
        },
        Case {
            name: "the Commissaris van de Koning, not yet told on Monday: overdue",
            role: VictimRole::Burgemeester,
            informed: None,
            what: Inform(CommissarisVanDeKoning),
            now: at(2026, 11, 30, 9, 0),
            expected: Overdue,
        },
        Case {
            name: "the Commissaris van de Koning told: done",
            role: VictimRole::Burgemeester,
            informed: Some((CommissarisVanDeKoning, day(2026, 11, 26))),
            what: Inform(CommissarisVanDeKoning),
            now: at(2026, 11, 30, 9, 0),
            expected: Done,
        },
    ];
    for c in cases {
        let mut s = CaseScript::intake(c.role, Category::FysiekGeweld);
        if let Some((who, on)) = c.informed {
            log_at(&mut s, at(2026, 11, 30, 8, 0), informed(who, on));
        }
        let d = find(&s.file(), c.what, c.name);
        let done = c.informed.and_then(|(who, on)| match c.what {
            Report(r) | Inform(r) if r == who => Some(on),
            _ => None,
        });
        assert_eq!(d.done, done, "{}: done", c.name);
        assert_eq!(d.state_at(c.now), c.expected, "{}", c.name);
    }
}

#[test]
fn a_live_case_has_its_route_once_the_victim_is_known() {
    struct Case {
        name: &'static str,
        victim: Option<VictimRole>,
        expected: usize,
        cdk: bool,
    }
    let cases = [
        Case {
            name: "no victim yet: no route",
            victim: None,
            expected: 0,
            cdk: false,
        },
        Case {
            name: "a raadslid: report and inform",
            victim: Some(VictimRole::Raadslid),
            expected: 2,
            cdk: false,
        },
        Case {
            name: "the burgemeester: three on the route and the CdK",
            victim: Some(VictimRole::Burgemeester),
            expected: 4,
            cdk: true,
        },
    ];
    for c in cases {
        let mut s = CaseScript::live(Category::BedreigingIntimidatie);
        if let Some(role) = c.victim {
            s.log(EventBody::VictimRecorded {
                victim: victim(role),
            });
        }
        let f = s.file();
        let route: Vec<_> = f
            .deadlines()
            .into_iter()
            .filter(|d| d.what.section() == "route")
            .collect();
        assert_eq!(route.len(), c.expected, "{}: {:?}", c.name, kinds(&f));
        assert_eq!(
            route
                .iter()
                .any(|d| d.what == DeadlineKind::Inform(Recipient::CommissarisVanDeKoning)),
            c.cdk,
            "{}: CdK",
            c.name
        );
        for d in &route {
            assert_eq!(
                rfc(d.late_after),
                "2026-11-28T00:00:00+01:00",
                "{}: from the incident, not from recording the victim",
                c.name
            );
        }
    }
}
