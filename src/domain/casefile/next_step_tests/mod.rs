//! The next step of a case file, per kind of step.

use chrono::Duration;

use super::*;
use crate::domain::case::{MeasureKind, MeasureStatus, Recipient, VictimRole};
use crate::domain::casefile::fixture::*;
use crate::domain::category::Category;
use crate::domain::event::EventBody;
use crate::domain::time::local_string;

mod aangifte;
mod aftercare;
mod arbeidsinspectie;
mod order;
mod route;

fn texts(f: &CaseFile, now: Time) -> Vec<String> {
    f.open_steps(now).into_iter().map(|s| s.text).collect()
}

fn next(f: &CaseFile, now: Time) -> Option<String> {
    f.next_step(now).map(|s| s.text)
}

/// Two hours after the incident.
fn soon() -> Time {
    incident() + Duration::hours(2)
}

/// The end of Friday 27-11, the first working day after the incident:
/// when the route is late.
fn end_of_friday() -> Time {
    at(2026, 11, 28, 0, 0)
}

/// A raadslid's case with the whole route informed.
fn reported() -> CaseScript {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    s.log(informed(Recipient::Burgemeester, day(2026, 11, 26)));
    s
}

/// An intake case of an incident at `occurred`, entered an hour later.
fn case_at(role: VictimRole, category: Category, occurred: Time) -> CaseScript {
    let mut s = CaseScript::intake(role, category);
    let entered = occurred + Duration::hours(1);
    let opener = &mut s.events[0];
    opener.at = entered;
    match &mut opener.body {
        EventBody::CaseOpened { occurred_at, .. } => *occurred_at = local_string(&occurred),
        other => panic!("the fixture opens a case with CaseOpened, not {other:?}"),
    }
    s.t = entered;
    s
}

/// Logs `body` (checked) as entered at `when`.
fn log_at(s: &mut CaseScript, when: Time, body: EventBody) -> u64 {
    s.t = when - Duration::minutes(1);
    s.log(body)
}

fn injury(known_at: Option<&str>) -> EventBody {
    EventBody::SeriousInjury {
        known_at: known_at.map(str::to_string),
    }
}
