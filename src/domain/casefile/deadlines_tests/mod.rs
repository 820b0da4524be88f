//! The deadline rules, one table of cases per rule; every assert names its
//! case. Expected moments are written in RFC 3339 with the offset that
//! Europe/Amsterdam has at that moment, so a deadline at the right instant
//! but in the wrong offset (shown an hour off on screen) fails too.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::domain::case::{CaseStatus, VictimRole};
use crate::domain::casefile::fixture::*;
use crate::domain::category::Category;
use crate::domain::event::EventBody;
use crate::domain::time::{local_string, to_local};

mod aangifte;
mod aftercare;
mod arbeidsinspectie;
mod dst;
mod list;
mod measures;
mod nudges;
mod route;
mod terms;
mod working_days;

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
