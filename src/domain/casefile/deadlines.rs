//! The dated duties of a case and where they stand.
//!
//! - Aftercare talks (§6.3), for a normoverschrijdend case, counted from
//!   `occurred_at`: the first within 24 hours; the second within 3 days (same
//!   clock time); the third in the window from 4 to 6 weeks (held sooner
//!   counts as done, the protocol allows "of eerder"). Done when held.
//! - Arbeidsinspectie (§6.4; Arbowet art. 9 says "direct"), whatever the
//!   category: due at once (at the moment serious injury was recorded), late
//!   after 24 hours. Done when notified.
//! - Aangifte (advice, §6.4): best filed within two working days (Monday to
//!   Friday; public holidays are not taken into account) of the incident.
//!   Listed once the victim consented, or when it was filed. Done when filed.
//! - The end of a measure with an end date (a ban): due when its last day is
//!   over. Done when the measure is finished or withdrawn.
//!
//! State: `Done` when done; `Overdue` after `late_after`; `DueSoon` from
//! `soon_from()` (the window opened, or a lead time before `due`); else `Open`.

use chrono::{DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate};

use super::{CaseFile, Measure};
use crate::domain::case::{MeasureKind, Talk};
use crate::domain::dates::{amsterdam, start_of_day};

type Time = DateTime<FixedOffset>;

/// Within this time after the moment serious injury is recorded.
const ARBEIDSINSPECTIE_WITHIN: Duration = Duration::hours(24);

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineKind {
    Talk(Talk),
    Arbeidsinspectie,
    /// Advice: file within two working days.
    Aangifte,
    /// A measure (its id) that runs until the end of `end`.
    MeasureEnds {
        measure: u64,
        kind: MeasureKind,
        end: NaiveDate,
    },
}

impl DeadlineKind {
    /// A short Dutch name.
    pub fn label(self) -> String {
        match self {
            DeadlineKind::Talk(talk) => format!("{} nazorggesprek", ordinal(talk)),
            DeadlineKind::Arbeidsinspectie => "melding Arbeidsinspectie".into(),
            DeadlineKind::Aangifte => "aangifte (advies: binnen twee werkdagen)".into(),
            DeadlineKind::MeasureEnds { measure, kind, .. } => {
                format!("einde {} #{measure}", measure_noun(kind))
            }
        }
    }

    /// How long before `due` a deadline without a window counts as due soon.
    fn lead(self) -> Duration {
        match self {
            DeadlineKind::Talk(Talk::Eerste) => Duration::hours(8),
            DeadlineKind::Talk(_) | DeadlineKind::Aangifte => Duration::days(1),
            DeadlineKind::Arbeidsinspectie => Duration::zero(),
            DeadlineKind::MeasureEnds { .. } => Duration::days(7),
        }
    }
}

/// `eerste`, `tweede`, `derde`.
pub(super) fn ordinal(talk: Talk) -> &'static str {
    match talk {
        Talk::Eerste => "eerste",
        Talk::Tweede => "tweede",
        Talk::Derde => "derde",
    }
}

/// The word for a measure in a short line.
pub(super) fn measure_noun(kind: MeasureKind) -> &'static str {
    match kind {
        MeasureKind::Vergaderverbod => "vergaderverbod",
        MeasureKind::Toegangsverbod => "toegangsverbod",
        MeasureKind::BeperkingDienstverlening => "beperking dienstverlening",
        _ => "maatregel",
    }
}

/// A dated duty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub what: DeadlineKind,
    /// The moment to show as "uiterlijk" (the third talk: the end of its
    /// window; the Arbeidsinspectie: the moment it became due).
    pub due: Time,
    /// Where a window opens (the third talk: after 4 weeks).
    pub window_start: Option<Time>,
    /// Overdue after this moment: `due`, or 24 hours later for the
    /// Arbeidsinspectie.
    pub late_after: Time,
    /// When it was done.
    pub done: Option<NaiveDate>,
}

/// Where a deadline stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeadlineState {
    Done,
    Open,
    DueSoon,
    Overdue,
}

impl DeadlineState {
    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::Done => "gedaan",
            DeadlineState::Open => "open",
            DeadlineState::DueSoon => "binnenkort",
            DeadlineState::Overdue => "te laat",
        }
    }
}

impl Deadline {
    fn new(what: DeadlineKind, due: Time, done: Option<NaiveDate>) -> Deadline {
        Deadline {
            what,
            due,
            window_start: None,
            late_after: due,
            done,
        }
    }

    /// From when it counts as due soon.
    pub fn soon_from(&self) -> Time {
        self.window_start.unwrap_or(self.due - self.what.lead())
    }

    /// Where this deadline stands at `now`.
    pub fn state_at(&self, now: Time) -> DeadlineState {
        if self.done.is_some() {
            DeadlineState::Done
        } else if now > self.late_after {
            DeadlineState::Overdue
        } else if now >= self.soon_from() {
            DeadlineState::DueSoon
        } else {
            DeadlineState::Open
        }
    }
}

/// The same clock time `days` calendar days later, in Amsterdam.
fn days_later(t: Time, days: u64) -> Time {
    amsterdam(t.naive_local() + Days::new(days))
}

/// The same clock time `n` (at least 1) working days later (Monday to Friday).
fn working_days_later(t: Time, n: usize) -> Time {
    let day = t
        .date_naive()
        .iter_days()
        .skip(1)
        .filter(|d| d.weekday().num_days_from_monday() < 5)
        .nth(n.saturating_sub(1))
        .unwrap_or(t.date_naive());
    amsterdam(day.and_time(t.time()))
}

impl CaseFile {
    /// The dated duties of this case: the Arbeidsinspectie first, then the
    /// talks, the aangifte, and the end of each measure.
    pub fn deadlines(&self) -> Vec<Deadline> {
        let mut list = Vec::new();
        list.extend(self.arbeidsinspectie_deadline());
        if self.crosses_norm() {
            list.extend(Talk::ALL.map(|talk| self.talk_deadline(talk)));
        }
        list.extend(self.aangifte_deadline());
        list.extend(self.measures.iter().filter_map(measure_end));
        list
    }

    /// Where `deadline` stands at `now` (the same as `deadline.state_at(now)`).
    pub fn state_at(&self, deadline: &Deadline, now: Time) -> DeadlineState {
        deadline.state_at(now)
    }

    fn talk_deadline(&self, talk: Talk) -> Deadline {
        let base = self.occurred_at;
        let done = self.talk(talk).held.as_ref().map(|h| h.on);
        match talk {
            Talk::Eerste => {
                Deadline::new(DeadlineKind::Talk(talk), base + Duration::hours(24), done)
            }
            Talk::Tweede => Deadline::new(DeadlineKind::Talk(talk), days_later(base, 3), done),
            Talk::Derde => Deadline {
                window_start: Some(days_later(base, 28)),
                ..Deadline::new(DeadlineKind::Talk(talk), days_later(base, 42), done)
            },
        }
    }

    fn arbeidsinspectie_deadline(&self) -> Option<Deadline> {
        let recorded = self.serious_injury?;
        Some(Deadline {
            late_after: recorded + ARBEIDSINSPECTIE_WITHIN,
            ..Deadline::new(
                DeadlineKind::Arbeidsinspectie,
                recorded,
                self.arbeidsinspectie_notified,
            )
        })
    }

    fn aangifte_deadline(&self) -> Option<Deadline> {
        if self.aangifte.is_none() && self.consent != Some(true) {
            return None;
        }
        Some(Deadline::new(
            DeadlineKind::Aangifte,
            working_days_later(self.occurred_at, 2),
            self.aangifte.as_ref().map(|a| a.on),
        ))
    }
}

fn measure_end(m: &Measure) -> Option<Deadline> {
    let end = m.end?;
    let over = start_of_day(end.succ_opt()?);
    let what = DeadlineKind::MeasureEnds {
        measure: m.id,
        kind: m.kind,
        end,
    };
    let done = m.is_settled().then(|| m.status_since.date_naive());
    Some(Deadline::new(what, over, done))
}

#[cfg(test)]
#[path = "deadlines_tests.rs"]
mod tests;
