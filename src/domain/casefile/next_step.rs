//! The next step of a case, for the case list.
//!
//! A closed case has no next step. Otherwise these steps count, listed in
//! this order (which also breaks ties):
//!
//! 1. `Arbeidsinspectie melden` once serious injury is recorded, until it is
//!    notified. This one counts whatever the category: it is a legal duty
//!    (Arbowet art. 9).
//!
//! The rest only for a normoverschrijdend case; emotioneel gedrag needs no
//! further handling unless it is re-classified:
//!
//! 2. `slachtoffer vastleggen` while a live case has no victim (without it the
//!    route is unknown);
//! 3. the route of §6.1: `melden aan griffier`, then `burgemeester
//!    informeren` for each one still to be told;
//! 4. the aangifte (§6.4): `besluiten over aangifte` after the live decision
//!    "later"; `toestemming slachtoffer vragen` when an aangifte is intended
//!    (live decision "ja", or an aangifte measure that is not withdrawn) and
//!    the victim has not answered; `OM informeren` once it is filed;
//! 5. the open deadlines (see `deadlines.rs`): the aftercare talks, the
//!    aangifte once consented, and the end of measures;
//! 6. `zaak afsluiten` when nothing else is open.
//!
//! Urgency orders steps, within a case and across cases: overdue steps first
//! (the earliest due first), then the others by due time, then undated ones.
//! Step 2 and the steps of 4 before consent are due at once: at the time of
//! the incident (`OM informeren`: the day of filing); the route of 3 is a
//! deadline (municipal practice: by the end of the next working day).

use chrono::{DateTime, FixedOffset};

use super::CaseFile;
use super::deadlines::{Deadline, DeadlineKind, DeadlineState, measure_noun, ordinal};
use crate::domain::case::{CaseStatus, Talk};
use crate::domain::dates::start_of_day;
use crate::domain::event::AangifteChoice;

type Time = DateTime<FixedOffset>;

/// How urgent a step is; sorts most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Past its deadline, which was at this moment.
    Overdue(Time),
    /// Due at this moment.
    Due(Time),
    /// No date: when nothing else is open.
    Whenever,
}

/// An open step: a short Dutch line for the case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    pub text: String,
    pub urgency: Urgency,
    /// For a step with a deadline: the moment after which it is late (shown
    /// as "uiterlijk"). Unlike the text and the urgency this does not depend
    /// on `now`, so a stored projection can tell lateness later.
    pub late_after: Option<Time>,
}

impl NextStep {
    fn new(text: impl Into<String>, urgency: Urgency) -> NextStep {
        NextStep {
            text: text.into(),
            urgency,
            late_after: None,
        }
    }

    /// When the step is due (`None` for "zaak afsluiten").
    pub fn due(&self) -> Option<Time> {
        match self.urgency {
            Urgency::Overdue(t) | Urgency::Due(t) => Some(t),
            Urgency::Whenever => None,
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self.urgency, Urgency::Overdue(_))
    }
}

/// `28-11 14:30`; a deadline at midnight as the end of the day before it
/// (`27-11 einde dag`), as the deadline board and the reminders say it.
fn day_time(t: &Time) -> String {
    if t.format("%H:%M").to_string() == "00:00" {
        let day = t.date_naive().pred_opt().unwrap_or(t.date_naive());
        format!("{} einde dag", day.format("%d-%m"))
    } else {
        t.format("%d-%m %H:%M").to_string()
    }
}

fn day_month(d: &chrono::NaiveDate) -> String {
    d.format("%d-%m").to_string()
}

const LATE: &str = " — TE LAAT";

impl CaseFile {
    /// The single most urgent open step, if any.
    pub fn next_step(&self, now: Time) -> Option<NextStep> {
        self.open_steps(now).into_iter().next()
    }

    /// Every open step, most urgent first.
    pub fn open_steps(&self, now: Time) -> Vec<NextStep> {
        if self.status == CaseStatus::Afgesloten {
            return Vec::new();
        }
        let (injury, others): (Vec<Deadline>, Vec<Deadline>) = self
            .deadlines()
            .into_iter()
            .partition(|d| d.what == DeadlineKind::Arbeidsinspectie);
        let mut steps: Vec<NextStep> = injury
            .iter()
            .filter_map(|d| self.deadline_step(d, now))
            .collect();
        if self.crosses_norm() {
            steps.extend(self.reporting_steps());
            steps.extend(self.aangifte_step());
            steps.extend(others.iter().filter_map(|d| self.deadline_step(d, now)));
            if steps.is_empty() {
                steps.push(NextStep::new("zaak afsluiten", Urgency::Whenever));
            }
        }
        steps.sort_by_key(|s| s.urgency);
        steps
    }

    /// Without a victim the route is unknown: that comes first. The route's
    /// own steps are deadlines (`deadlines.rs`).
    fn reporting_steps(&self) -> Vec<NextStep> {
        match self.route() {
            None => vec![NextStep::new(
                "slachtoffer vastleggen",
                Urgency::Due(self.occurred_at),
            )],
            Some(_) => Vec::new(),
        }
    }

    fn aangifte_step(&self) -> Option<NextStep> {
        let due = Urgency::Due(self.occurred_at);
        if let Some(filed) = &self.aangifte {
            return self
                .om_informed
                .is_none()
                .then(|| NextStep::new("OM informeren", Urgency::Due(start_of_day(filed.on))));
        }
        if self.consent.is_some() {
            // Yes: the aangifte deadline covers it. No: there is no aangifte.
            return None;
        }
        if self.aangifte_intended() {
            Some(NextStep::new("toestemming slachtoffer vragen", due))
        } else if matches!(self.aangifte_decision, Some((AangifteChoice::Later, _))) {
            Some(NextStep::new("besluiten over aangifte", due))
        } else {
            None
        }
    }

    fn deadline_step(&self, d: &Deadline, now: Time) -> Option<NextStep> {
        let state = d.state_at(now);
        // A nudge is a step only once it is due.
        if d.what.is_nudge() && state != DeadlineState::Overdue {
            return None;
        }
        let urgency = match state {
            DeadlineState::Done | DeadlineState::Declined => return None,
            DeadlineState::Overdue => Urgency::Overdue(d.due),
            DeadlineState::Open | DeadlineState::DueSoon => Urgency::Due(d.due),
        };
        let late = state == DeadlineState::Overdue;
        let text = match d.what {
            DeadlineKind::Talk(talk) => self.talk_text(talk, d, late),
            DeadlineKind::Arbeidsinspectie if late => format!("Arbeidsinspectie melden{LATE}"),
            DeadlineKind::Arbeidsinspectie => {
                format!(
                    "Arbeidsinspectie melden, uiterlijk {}",
                    day_time(&d.late_after)
                )
            }
            DeadlineKind::Aangifte if late => format!("aangifte doen{LATE}"),
            DeadlineKind::Aangifte => {
                format!("aangifte doen (VPT), uiterlijk {}", day_time(&d.due))
            }
            DeadlineKind::MeasureEnds { kind, end, .. } if late => format!(
                "{} verlopen op {}: afronden of verlengen",
                measure_noun(kind),
                day_month(&end)
            ),
            DeadlineKind::MeasureEnds { kind, end, .. } => {
                format!("{} loopt af op {}", measure_noun(kind), day_month(&end))
            }
            DeadlineKind::Report(_) | DeadlineKind::Inform(_) if late => {
                format!("{}{LATE}", d.what.label())
            }
            DeadlineKind::Report(_) | DeadlineKind::Inform(_) => {
                format!("{}, uiterlijk {}", d.what.label(), day_time(&d.due))
            }
            DeadlineKind::Idle => format!(
                "zaak oppakken: niets vastgelegd sinds {}",
                day_month(&self.last_logged().date_naive())
            ),
            DeadlineKind::PoliceFeedback => format!(
                "slachtoffer informeren over de vervolging (niets vastgelegd sinds {})",
                day_month(&self.last_logged().date_naive())
            ),
        };
        Some(NextStep {
            late_after: Some(d.late_after),
            ..NextStep::new(text, urgency)
        })
    }

    fn talk_text(&self, talk: Talk, d: &Deadline, late: bool) -> String {
        let name = format!("{} nazorggesprek", ordinal(talk));
        if late {
            return format!("{name}{LATE}");
        }
        if let Some(plan) = &self.talk(talk).planned {
            return format!("{name} gepland op {} ({})", day_month(&plan.on), plan.by);
        }
        match d.window_start {
            Some(from) => format!(
                "{name} tussen {} en {}",
                day_month(&from.date_naive()),
                day_month(&d.last_day())
            ),
            None => format!("{name} uiterlijk {}", day_time(&d.due)),
        }
    }
}

#[cfg(test)]
#[path = "next_step_tests/mod.rs"]
mod tests;
