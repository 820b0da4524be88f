//! The deadline rules, one table of cases per rule; every assert names its
//! case. Expected moments are written in RFC 3339 with the offset that
//! Europe/Amsterdam has at that moment, so a deadline at the right instant
//! but in the wrong offset (shown an hour off on screen) fails too.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::domain::calendar::Holiday;
use crate::domain::case::{CaseStatus, MeasureStatus, VictimRole};
use crate::domain::casefile::fixture::*;
use crate::domain::category::Category;
use crate::domain::event::EventBody;
use crate::domain::time::{local_string, to_local, utc_string};

/// A moment as the tests write it.
fn rfc(t: Time) -> String {
    t.to_rfc3339()
}

/// A moment written in RFC 3339.
fn moment(text: &str) -> Time {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("bad test moment {text}: {e}"))
}

/// `t` plus `d`, as Amsterdam local time.
fn later(t: Time, d: Duration) -> Time {
    to_local((t + d).with_timezone(&Utc))
}

/// A normoverschrijdend intake case of a raadslid, at the fixture's
/// incident (Thursday 26 November 2026, 14:30).
fn crossing() -> CaseScript {
    CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld)
}

/// An intake case whose incident is stored as `occurred_at` (RFC 3339),
/// entered at `entered`.
fn opened_as(
    role: VictimRole,
    category: Category,
    occurred_at: String,
    entered: Time,
) -> CaseScript {
    let mut s = CaseScript::intake(role, category);
    let opener = &mut s.events[0];
    opener.at = entered;
    match &mut opener.body {
        EventBody::CaseOpened { occurred_at: o, .. } => *o = occurred_at,
        other => panic!("the fixture opens a case with CaseOpened, not {other:?}"),
    }
    s.t = entered;
    s
}

/// An intake case of an incident at `occurred`, entered an hour later.
fn case_at(role: VictimRole, category: Category, occurred: Time) -> CaseScript {
    opened_as(
        role,
        category,
        local_string(&occurred),
        later(occurred, Duration::hours(1)),
    )
}

/// Logs `body` (checked) as entered at `when`.
fn log_at(s: &mut CaseScript, when: Time, body: EventBody) -> u64 {
    s.t = when - Duration::minutes(1);
    s.log(body)
}

fn kinds(f: &CaseFile) -> Vec<DeadlineKind> {
    f.deadlines().iter().map(|d| d.what).collect()
}

fn find(f: &CaseFile, what: DeadlineKind, case: &str) -> Deadline {
    f.deadlines()
        .into_iter()
        .find(|d| d.what == what)
        .unwrap_or_else(|| panic!("{case}: no deadline {what:?} in {:?}", kinds(f)))
}

fn injury(known_at: Option<&str>) -> EventBody {
    EventBody::SeriousInjury {
        known_at: known_at.map(str::to_string),
    }
}

fn consent(yes: bool) -> EventBody {
    EventBody::ConsentRecorded { consent: yes }
}

fn declined(talk: Talk, on: NaiveDate) -> EventBody {
    EventBody::AftercareDeclined { talk, on }
}

fn ban(kind: MeasureKind, start: NaiveDate, end: NaiveDate) -> EventBody {
    measure(kind, Some(start), Some(end))
}

/// The end of the case's (only) measure with an end date.
fn measure_end(f: &CaseFile, case: &str) -> Deadline {
    f.deadlines()
        .into_iter()
        .find(|d| matches!(d.what, DeadlineKind::MeasureEnds { .. }))
        .unwrap_or_else(|| panic!("{case}: no measure end in {:?}", kinds(f)))
}

// ---------------------------------------------------------------------------
// Aftercare (§6.3)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Arbeidsinspectie (§6.4, Arbowet art. 9)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The route (§6.1) and the Commissaris van de Koning (§6.4)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The aangifte (§6.4)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The end of a measure (§6.2)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Nudges (municipal practice)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The whole list
// ---------------------------------------------------------------------------

#[test]
fn which_deadlines_a_case_has() {
    use DeadlineKind::*;
    struct Case {
        name: &'static str,
        build: fn() -> CaseScript,
        expected: Vec<DeadlineKind>,
    }
    let talks = [
        Talk(super::Talk::Eerste),
        Talk(super::Talk::Tweede),
        Talk(super::Talk::Derde),
    ];
    let cases = [
        Case {
            name: "a raadslid's normoverschrijdend case",
            build: crossing,
            expected: [
                vec![Report(Recipient::Griffier), Inform(Recipient::Burgemeester)],
                talks.to_vec(),
                vec![Idle],
            ]
            .concat(),
        },
        Case {
            name: "emotioneel gedrag: nothing (no handling, no nudge)",
            build: || CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag),
            expected: vec![],
        },
        Case {
            name: "emotioneel gedrag with serious injury: the legal duty only",
            build: || {
                let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
                s.log(injury(None));
                s
            },
            expected: vec![Arbeidsinspectie],
        },
        Case {
            name: "a live case without a victim: no route",
            build: || CaseScript::live(Category::FysiekGeweld),
            expected: [talks.to_vec(), vec![Idle]].concat(),
        },
        Case {
            name: "everything, in order",
            build: || {
                let mut s = CaseScript::intake(VictimRole::Burgemeester, Category::FysiekGeweld);
                s.log(injury(None));
                s.log(consent(true));
                s.log(ban(
                    MeasureKind::Toegangsverbod,
                    day(2026, 12, 1),
                    day(2027, 3, 1),
                ));
                s
            },
            expected: [
                vec![
                    Arbeidsinspectie,
                    Report(Recipient::Gemeentesecretaris),
                    Inform(Recipient::Griffier),
                    Inform(Recipient::AangewezenAmbtenaar),
                    Inform(Recipient::CommissarisVanDeKoning),
                ],
                talks.to_vec(),
                vec![
                    Aangifte,
                    MeasureEnds {
                        measure: 13,
                        kind: MeasureKind::Toegangsverbod,
                        end: day(2027, 3, 1),
                    },
                    Idle,
                ],
            ]
            .concat(),
        },
        Case {
            name: "closed: everything stays listed but the nudge",
            build: || {
                let mut s = crossing();
                s.log(ban(
                    MeasureKind::Vergaderverbod,
                    day(2026, 12, 1),
                    day(2027, 2, 28),
                ));
                s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
                s
            },
            expected: [
                vec![Report(Recipient::Griffier), Inform(Recipient::Burgemeester)],
                talks.to_vec(),
                vec![MeasureEnds {
                    measure: 11,
                    kind: MeasureKind::Vergaderverbod,
                    end: day(2027, 2, 28),
                }],
            ]
            .concat(),
        },
    ];
    for c in cases {
        let f = (c.build)().file();
        assert_eq!(kinds(&f), c.expected, "{}", c.name);
        let mut keys: Vec<String> = f.deadlines().iter().map(|d| d.what.key()).collect();
        let all = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), all, "{}: keys are unique in a case", c.name);
    }
}

#[test]
fn labels_keys_and_sections() {
    struct Case {
        what: DeadlineKind,
        label: &'static str,
        key: &'static str,
        section: &'static str,
        nudge: bool,
        outlives_case: bool,
    }
    let row = |what, label, key, section, nudge, outlives_case| Case {
        what,
        label,
        key,
        section,
        nudge,
        outlives_case,
    };
    let cases = [
        row(
            DeadlineKind::Talk(Talk::Eerste),
            "eerste nazorggesprek",
            "gesprek-1",
            "nazorg",
            false,
            false,
        ),
        row(
            DeadlineKind::Talk(Talk::Tweede),
            "tweede nazorggesprek",
            "gesprek-2",
            "nazorg",
            false,
            false,
        ),
        row(
            DeadlineKind::Talk(Talk::Derde),
            "derde nazorggesprek",
            "gesprek-3",
            "nazorg",
            false,
            false,
        ),
        row(
            DeadlineKind::Arbeidsinspectie,
            "melding Arbeidsinspectie",
            "arbeidsinspectie",
            "aangifte",
            false,
            false,
        ),
        row(
            DeadlineKind::Report(Recipient::Griffier),
            "melden aan griffier",
            "melden-griffier",
            "route",
            false,
            false,
        ),
        row(
            DeadlineKind::Inform(Recipient::AangewezenAmbtenaar),
            "aangewezen ambtenaar informeren",
            "informeren-aangewezen-ambtenaar",
            "route",
            false,
            false,
        ),
        row(
            DeadlineKind::Inform(Recipient::CommissarisVanDeKoning),
            "Commissaris van de Koning informeren",
            "informeren-commissaris-van-de-koning",
            "route",
            false,
            false,
        ),
        row(
            DeadlineKind::Aangifte,
            "aangifte doen",
            "aangifte",
            "aangifte",
            false,
            false,
        ),
        row(
            DeadlineKind::MeasureEnds {
                measure: 12,
                kind: MeasureKind::Toegangsverbod,
                end: day(2027, 1, 1),
            },
            "einde toegangsverbod #12",
            "maatregel-12",
            "maatregelen",
            false,
            true,
        ),
        row(
            DeadlineKind::MeasureEnds {
                measure: 3,
                kind: MeasureKind::Vergaderverbod,
                end: day(2027, 1, 1),
            },
            "einde vergaderverbod #3",
            "maatregel-3",
            "maatregelen",
            false,
            true,
        ),
        row(
            DeadlineKind::Idle,
            "zaak oppakken: geen behandelstap",
            "stilstand",
            "tijdlijn",
            true,
            false,
        ),
        row(
            DeadlineKind::PoliceFeedback,
            "slachtoffer informeren over de vervolging",
            "terugkoppeling",
            "tijdlijn",
            true,
            false,
        ),
    ];
    for c in cases {
        let name = format!("{:?}", c.what);
        assert_eq!(c.what.label(), c.label, "{name}: label");
        assert_eq!(c.what.key(), c.key, "{name}: key");
        assert_eq!(c.what.section(), c.section, "{name}: section");
        assert_eq!(c.what.is_nudge(), c.nudge, "{name}: nudge");
        assert_eq!(
            c.what.outlives_case(),
            c.outlives_case,
            "{name}: outlives the case"
        );
    }
    let states = [
        (DeadlineState::Done, "gedaan"),
        (DeadlineState::Declined, "afgeslagen"),
        (DeadlineState::Open, "komt eraan"),
        (DeadlineState::DueSoon, "nu te doen"),
        (DeadlineState::Overdue, "te laat"),
    ];
    for (state, label) in states {
        assert_eq!(state.label(), label, "{state:?}");
    }
}

#[test]
fn reminder_moments() {
    struct Case {
        name: &'static str,
        occurred: Time,
        what: DeadlineKind,
        expected: Vec<&'static str>,
    }
    // When a window opens later than the incident (talk 3, a ban), the
    // start of the last day, and when late; nothing at the incident itself.
    let cases = [
        Case {
            name: "talk 1: the start of its day and when late",
            occurred: incident(),
            what: DeadlineKind::Talk(Talk::Eerste),
            expected: vec!["2026-11-27T00:00:00+01:00", "2026-11-27T14:30:00+01:00"],
        },
        Case {
            name: "talk 2: the start of day 3 and its end",
            occurred: incident(),
            what: DeadlineKind::Talk(Talk::Tweede),
            expected: vec!["2026-11-29T00:00:00+01:00", "2026-11-30T00:00:00+01:00"],
        },
        Case {
            name: "talk 3: day 28, the start of day 42, its end",
            occurred: incident(),
            what: DeadlineKind::Talk(Talk::Derde),
            expected: vec![
                "2026-12-24T00:00:00+01:00",
                "2027-01-07T00:00:00+01:00",
                "2027-01-08T00:00:00+01:00",
            ],
        },
        Case {
            name: "the report: not at the incident; the start of the last day, its end",
            occurred: incident(),
            what: DeadlineKind::Report(Recipient::Griffier),
            expected: vec!["2026-11-27T00:00:00+01:00", "2026-11-28T00:00:00+01:00"],
        },
        Case {
            name: "talk 2 when day 3 is the day summer time starts (28-03-2027)",
            occurred: at(2027, 3, 25, 10, 0),
            what: DeadlineKind::Talk(Talk::Tweede),
            expected: vec!["2027-03-28T00:00:00+01:00", "2027-03-29T00:00:00+02:00"],
        },
        Case {
            name: "talk 2 when day 3 is the day winter time starts (25-10-2026)",
            occurred: at(2026, 10, 22, 10, 0),
            what: DeadlineKind::Talk(Talk::Tweede),
            expected: vec!["2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"],
        },
        Case {
            name: "the idle nudge: only when due (entered 15:30)",
            occurred: incident(),
            what: DeadlineKind::Idle,
            expected: vec!["2026-12-10T15:30:00+01:00"],
        },
    ];
    for c in cases {
        let f = case_at(VictimRole::Raadslid, Category::FysiekGeweld, c.occurred).file();
        let d = find(&f, c.what, c.name);
        let got: Vec<String> = d.reminder_moments().into_iter().map(rfc).collect();
        assert_eq!(got, c.expected, "{}", c.name);
    }
    // The Arbeidsinspectie (recorded 15:32) and the aangifte (consent 15:33).
    let mut s = crossing();
    s.log(injury(None));
    s.log(consent(true));
    let f = s.file();
    let more = [
        (
            "the Arbeidsinspectie: the start of its last day and when late",
            DeadlineKind::Arbeidsinspectie,
            vec!["2026-11-27T00:00:00+01:00", "2026-11-27T15:32:00+01:00"],
        ),
        (
            "the aangifte: not at the consent; the start of Monday, its end",
            DeadlineKind::Aangifte,
            vec!["2026-11-30T00:00:00+01:00", "2026-12-01T00:00:00+01:00"],
        ),
    ];
    for (name, what, expected) in more {
        let got: Vec<String> = find(&f, what, name)
            .reminder_moments()
            .into_iter()
            .map(rfc)
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Summer and winter time
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The table of terms
// ---------------------------------------------------------------------------

/// The row of the table of terms for a kind; a new kind must be added here.
fn term_row(what: DeadlineKind) -> &'static str {
    match what {
        DeadlineKind::Talk(Talk::Eerste) => "eerste nazorggesprek",
        DeadlineKind::Talk(Talk::Tweede) => "tweede nazorggesprek",
        DeadlineKind::Talk(Talk::Derde) => "derde nazorggesprek",
        DeadlineKind::Arbeidsinspectie => "melding Arbeidsinspectie",
        DeadlineKind::Inform(Recipient::CommissarisVanDeKoning) => {
            "Commissaris van de Koning (burgemeester slachtoffer)"
        }
        DeadlineKind::Report(_) | DeadlineKind::Inform(_) => {
            "melden en informeren volgens de route"
        }
        DeadlineKind::Aangifte => "aangifte na toestemming",
        DeadlineKind::MeasureEnds { .. } => "einde toegangs- of vergaderverbod",
        DeadlineKind::Idle => "zaak zonder behandelstap",
        DeadlineKind::PoliceFeedback => "terugkoppeling vervolging aan slachtoffer",
    }
}

#[test]
fn term_table_has_a_sourced_row_per_kind() {
    struct Case {
        what: DeadlineKind,
        source: &'static str,
        /// With the terms below.
        term_has: &'static str,
    }
    let terms = Terms {
        report_working_days: 3,
        aangifte_working_days: 4,
        idle_days: 21,
        police_feedback_days: 45,
    };
    let practice = "gemeentelijke praktijk ([deadlines] ";
    let cases = [
        Case {
            what: DeadlineKind::Talk(Talk::Eerste),
            source: "protocol §6.3",
            term_has: "24 uur",
        },
        Case {
            what: DeadlineKind::Talk(Talk::Tweede),
            source: "protocol §6.3",
            term_has: "3e kalenderdag",
        },
        Case {
            what: DeadlineKind::Talk(Talk::Derde),
            source: "protocol §6.3",
            term_has: "dag 28 en eind dag 42",
        },
        Case {
            what: DeadlineKind::Arbeidsinspectie,
            source: "protocol §6.4, Arbowet art. 9",
            term_has: "24 uur",
        },
        Case {
            what: DeadlineKind::Report(Recipient::Griffier),
            source: "gemeentelijke praktijk ([deadlines] report_working_days)",
            term_has: "3e werkdag",
        },
        Case {
            what: DeadlineKind::Inform(Recipient::Burgemeester),
            source: "gemeentelijke praktijk ([deadlines] report_working_days)",
            term_has: "3e werkdag",
        },
        Case {
            what: DeadlineKind::Inform(Recipient::CommissarisVanDeKoning),
            source: "protocol §6.4; termijn: gemeentelijke praktijk ([deadlines] report_working_days)",
            term_has: "3e werkdag",
        },
        Case {
            what: DeadlineKind::Aangifte,
            source: "gemeentelijke praktijk ([deadlines] aangifte_working_days)",
            term_has: "4e werkdag na de toestemming",
        },
        Case {
            what: DeadlineKind::MeasureEnds {
                measure: 1,
                kind: MeasureKind::Vergaderverbod,
                end: day(2027, 1, 1),
            },
            source: "protocol §6.2, Gemeentewet art. 26",
            term_has: "7 dagen vooraf",
        },
        Case {
            what: DeadlineKind::Idle,
            source: "gemeentelijke praktijk ([deadlines] idle_days)",
            term_has: "na 21 dagen",
        },
        Case {
            what: DeadlineKind::PoliceFeedback,
            source: "protocol §6.4; termijn: gemeentelijke praktijk ([deadlines] police_feedback_days)",
            term_has: "na 45 dagen",
        },
    ];
    let table = term_table(&terms);
    let settings = serde_json::to_value(Terms::default()).expect("terms serialise");
    for c in &cases {
        let what = term_row(c.what);
        let row = table
            .iter()
            .find(|r| r.what == what)
            .unwrap_or_else(|| panic!("{:?}: no row {what:?}", c.what));
        assert_eq!(row.source, c.source, "{:?}: source", c.what);
        assert!(
            row.term.contains(c.term_has),
            "{:?}: term {:?} should say {:?}",
            c.what,
            row.term,
            c.term_has
        );
        if let Some(rest) = row.source.split(practice).nth(1) {
            let key = rest.trim_end_matches(')');
            assert!(
                settings.get(key).is_some(),
                "{:?}: {key} is a [deadlines] setting",
                c.what
            );
        }
    }
    // Every row belongs to a kind, has a term and a source, and is listed once.
    for row in &table {
        assert!(
            cases.iter().any(|c| term_row(c.what) == row.what),
            "{}: a row without a kind",
            row.what
        );
        assert!(!row.term.trim().is_empty(), "{}: term", row.what);
        assert!(!row.source.trim().is_empty(), "{}: source", row.what);
        assert_eq!(
            table.iter().filter(|r| r.what == row.what).count(),
            1,
            "{}: listed once",
            row.what
        );
    }
    // The defaults are shown as set.
    let defaults = term_table(&Terms::default());
    let term = |what: &str| {
        defaults
            .iter()
            .find(|r| r.what == what)
            .map(|r| r.term.clone())
            .unwrap_or_default()
    };
    assert!(term("melden en informeren volgens de route").contains("1e werkdag"));
    assert!(term("aangifte na toestemming").contains("2e werkdag"));
    assert!(term("zaak zonder behandelstap").contains("14 dagen"));
    assert!(term("terugkoppeling vervolging aan slachtoffer").contains("30 dagen"));
}

// ---------------------------------------------------------------------------
// The calendar the working days follow
// ---------------------------------------------------------------------------

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
