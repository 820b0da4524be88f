//! The dated duties of a case and where they stand: one table of terms
//! ([`term_table`]), each with the protocol section it follows or marked as
//! municipal practice (then set in `[deadlines]`), and the rules that turn a
//! case's events into due items.
//!
//! Every item has a moment from which it is to be done (`soon_from`), a
//! moment after which it is late (`late_after`) and, once settled, the day it
//! was done or declined. Local time is Europe/Amsterdam, so "the end of the
//! third day" is midnight there whatever the offset (DST included).
//!
//! - Aftercare (§6.3), for a normoverschrijdend case: talk 1 within exactly
//!   24 hours of the incident; talk 2 by the end of the third calendar day
//!   after it; talk 3 from day 28 to the end of day 42 (held sooner counts:
//!   "of eerder voor zover nodig"). A talk the victim declines is declined,
//!   not overdue.
//! - Arbeidsinspectie (§6.4; Arbowet art. 9: "direct"), whatever the
//!   category: due at once, late 24 hours after the incident or after the
//!   moment the injury became known, whichever is later.
//! - The report routed and each person on the route informed (§6.1), and
//!   for a burgemeester as victim the Commissaris van de Koning (§6.4):
//!   municipal practice, by the end of the `report_working_days`-th working
//!   day after the incident (Algemene termijnenwet).
//! - The aangifte, once the victim consented: filed by the end of the
//!   `aangifte_working_days`-th working day after the consent.
//! - A ban (toegangsverbod, vergaderverbod art. 26, or any measure with an
//!   end date): to do from a week before its last day, late after that day
//!   unless finished or withdrawn. Its reminders outlive the case.
//! - Nudges (municipal practice): an open case without any handling step
//!   for `idle_days`; with a police reference, the victim's feedback on the
//!   prosecution after `police_feedback_days` without anything logged.

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{CaseFile, Measure};
use crate::domain::calendar;
use crate::domain::case::{CaseStatus, MeasureKind, Recipient, Talk, VictimRole};
use crate::domain::dates::start_of_day;

type Time = DateTime<FixedOffset>;

/// Within this time after the incident (or the injury became known).
const ARBEIDSINSPECTIE_WITHIN: Duration = Duration::hours(24);
/// Aftercare talk 1: exactly this long after the incident (§6.3).
const TALK_1_WITHIN: Duration = Duration::hours(24);
/// Aftercare talk 2: by the end of this calendar day after the incident.
const TALK_2_DAY: u64 = 3;
/// Aftercare talk 3: from this day after the incident ...
const TALK_3_FROM_DAY: u64 = 28;
/// ... to the end of this one.
const TALK_3_TO_DAY: u64 = 42;
/// A ban's reminder: this many days before its last day.
const BAN_LEAD_DAYS: u64 = 7;

/// The terms of municipal practice (`[deadlines]` in the settings): the
/// protocol sets no term for these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Terms {
    /// The report routed and each person on the route informed: by the
    /// end of this working day after the incident.
    pub report_working_days: u32,
    /// The aangifte filed: by the end of this working day after consent.
    pub aangifte_working_days: u32,
    /// An open case without a handling step this many days: a nudge.
    pub idle_days: u32,
    /// With a police reference, nothing logged this many days: feedback to
    /// the victim on the prosecution (§6.4).
    pub police_feedback_days: u32,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            report_working_days: 1,
            aangifte_working_days: 2,
            idle_days: 14,
            police_feedback_days: 30,
        }
    }
}

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    Talk(Talk),
    Arbeidsinspectie,
    /// The report made to the first on the route (§6.1).
    Report(Recipient),
    /// Someone on the route (or the Commissaris van de Koning) informed.
    Inform(Recipient),
    /// The aangifte filed, once the victim consented.
    Aangifte,
    /// A measure (its id) that runs until the end of `end`.
    MeasureEnds {
        measure: u64,
        kind: MeasureKind,
        end: NaiveDate,
    },
    /// No handling step for a while.
    Idle,
    /// Feedback to the victim on the prosecution.
    PoliceFeedback,
}

impl DeadlineKind {
    /// A short Dutch name.
    pub fn label(self) -> String {
        match self {
            DeadlineKind::Talk(talk) => format!("{} nazorggesprek", ordinal(talk)),
            DeadlineKind::Arbeidsinspectie => "melding Arbeidsinspectie".into(),
            DeadlineKind::Report(r) => format!("melden aan {}", r.label()),
            DeadlineKind::Inform(r) => format!("{} informeren", r.label()),
            DeadlineKind::Aangifte => "aangifte doen".into(),
            DeadlineKind::MeasureEnds { measure, kind, .. } => {
                format!("einde {} #{measure}", measure_noun(kind))
            }
            DeadlineKind::Idle => "zaak oppakken: geen behandelstap".into(),
            DeadlineKind::PoliceFeedback => "slachtoffer informeren over de vervolging".into(),
        }
    }

    /// A stable key within the case (for the store and notifications).
    pub fn key(self) -> String {
        match self {
            DeadlineKind::Talk(talk) => format!("gesprek-{}", talk as u8 + 1),
            DeadlineKind::Arbeidsinspectie => "arbeidsinspectie".into(),
            DeadlineKind::Report(r) => format!("melden-{}", r.key()),
            DeadlineKind::Inform(r) => format!("informeren-{}", r.key()),
            DeadlineKind::Aangifte => "aangifte".into(),
            DeadlineKind::MeasureEnds { measure, .. } => format!("maatregel-{measure}"),
            DeadlineKind::Idle => "stilstand".into(),
            DeadlineKind::PoliceFeedback => "terugkoppeling".into(),
        }
    }

    /// How long before `due` a deadline without a window counts as due.
    fn lead(self) -> Duration {
        match self {
            DeadlineKind::Talk(Talk::Eerste) => Duration::hours(8),
            DeadlineKind::Talk(_) | DeadlineKind::Aangifte => Duration::days(1),
            DeadlineKind::Arbeidsinspectie
            | DeadlineKind::Report(_)
            | DeadlineKind::Inform(_)
            | DeadlineKind::Idle
            | DeadlineKind::PoliceFeedback => Duration::zero(),
            DeadlineKind::MeasureEnds { .. } => Duration::days(BAN_LEAD_DAYS as i64),
        }
    }

    /// A ban's reminders show after its case was closed.
    pub fn outlives_case(self) -> bool {
        matches!(self, DeadlineKind::MeasureEnds { .. })
    }

    /// A nudge: not shown before it is due.
    pub fn is_nudge(self) -> bool {
        matches!(self, DeadlineKind::Idle | DeadlineKind::PoliceFeedback)
    }

    /// Where the case browser shows it (a section of the case file).
    pub fn section(self) -> &'static str {
        match self {
            DeadlineKind::Talk(_) => "nazorg",
            DeadlineKind::Arbeidsinspectie | DeadlineKind::Aangifte => "aangifte",
            DeadlineKind::Report(_) | DeadlineKind::Inform(_) => "route",
            DeadlineKind::MeasureEnds { .. } => "maatregelen",
            DeadlineKind::Idle | DeadlineKind::PoliceFeedback => "tijdlijn",
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

/// One row of the table of terms, for the help screen and the README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRow {
    pub what: &'static str,
    pub term: String,
    /// The protocol section (or law) it follows, or "gemeentelijke
    /// praktijk" with the setting that changes it.
    pub source: String,
}

/// Every term the program keeps, with its source; the practice terms as set.
pub fn term_table(t: &Terms) -> Vec<TermRow> {
    let practice = |key: &str| format!("gemeentelijke praktijk ([deadlines] {key})");
    let row = |what, term: String, source: String| TermRow { what, term, source };
    vec![
        row(
            "eerste nazorggesprek",
            "binnen 24 uur na het incident".into(),
            "protocol §6.3".into(),
        ),
        row(
            "tweede nazorggesprek",
            format!("uiterlijk eind van de {TALK_2_DAY}e kalenderdag na het incident"),
            "protocol §6.3".into(),
        ),
        row(
            "derde nazorggesprek",
            format!(
                "tussen dag {TALK_3_FROM_DAY} en eind dag {TALK_3_TO_DAY} (4 tot 6 weken; eerder mag)"
            ),
            "protocol §6.3".into(),
        ),
        row(
            "melding Arbeidsinspectie",
            "direct; te laat 24 uur na het incident of na het bekend worden van het letsel (wat later is)".into(),
            "protocol §6.4, Arbowet art. 9".into(),
        ),
        row(
            "melden en informeren volgens de route",
            format!("uiterlijk eind van de {}e werkdag na het incident", t.report_working_days),
            practice("report_working_days"),
        ),
        row(
            "Commissaris van de Koning (burgemeester slachtoffer)",
            format!("uiterlijk eind van de {}e werkdag na het incident", t.report_working_days),
            format!("protocol §6.4; termijn: {}", practice("report_working_days")),
        ),
        row(
            "aangifte na toestemming",
            format!("uiterlijk eind van de {}e werkdag na de toestemming", t.aangifte_working_days),
            practice("aangifte_working_days"),
        ),
        row(
            "einde toegangs- of vergaderverbod",
            format!("herinnering {BAN_LEAD_DAYS} dagen vooraf en op de laatste dag"),
            "protocol §6.2, Gemeentewet art. 26".into(),
        ),
        row(
            "zaak zonder behandelstap",
            format!("na {} dagen", t.idle_days),
            practice("idle_days"),
        ),
        row(
            "terugkoppeling vervolging aan slachtoffer",
            format!("na {} dagen zonder vastlegging (met kenmerk politie)", t.police_feedback_days),
            format!("protocol §6.4; termijn: {}", practice("police_feedback_days")),
        ),
    ]
}

/// A dated duty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub what: DeadlineKind,
    /// The moment to show as "uiterlijk" (the third talk: the end of its
    /// window; the Arbeidsinspectie: the moment it became due).
    pub due: Time,
    /// Where a window opens (the third talk: day 28; a ban: a week before).
    pub window_start: Option<Time>,
    /// Overdue after this moment.
    pub late_after: Time,
    /// When it was done.
    pub done: Option<NaiveDate>,
    /// When the victim declined it (aftercare).
    pub declined: Option<NaiveDate>,
    /// Why this term, when the case decides it (the Arbeidsinspectie: from
    /// the incident or from when the injury became known).
    pub basis: Option<String>,
}

/// Where a deadline stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeadlineState {
    Done,
    /// Declined by the victim, or no longer applicable.
    Declined,
    /// Not yet to be done.
    Open,
    /// To be done now (its window opened, or it is due today).
    DueSoon,
    Overdue,
}

impl DeadlineState {
    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::Done => "gedaan",
            DeadlineState::Declined => "afgeslagen",
            DeadlineState::Open => "komt eraan",
            DeadlineState::DueSoon => "nu te doen",
            DeadlineState::Overdue => "te laat",
        }
    }

    /// Still to be done.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            DeadlineState::Open | DeadlineState::DueSoon | DeadlineState::Overdue
        )
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
            declined: None,
            basis: None,
        }
    }

    /// The last day it may be done on (local): for a deadline at
    /// midnight, the day before it.
    pub fn last_day(&self) -> NaiveDate {
        (self.late_after - Duration::nanoseconds(1)).date_naive()
    }

    /// From when it counts as to be done: its window, else a lead time
    /// before it is due (a day-based term: the start of its last day).
    pub fn soon_from(&self) -> Time {
        match (self.window_start, self.what) {
            (Some(from), _) => from,
            (None, DeadlineKind::Talk(Talk::Tweede)) => start_of_day(self.last_day()),
            (None, what) => local(self.due - what.lead()),
        }
    }

    /// Where this deadline stands at `now`.
    pub fn state_at(&self, now: Time) -> DeadlineState {
        if self.done.is_some() {
            DeadlineState::Done
        } else if self.declined.is_some() {
            DeadlineState::Declined
        } else if now > self.late_after {
            DeadlineState::Overdue
        } else if now >= self.soon_from() || now.date_naive() == self.last_day() {
            DeadlineState::DueSoon
        } else {
            DeadlineState::Open
        }
    }

    /// The moments a reminder is due, ascending: when a window opens later
    /// than the incident (a ban: a week before; the third talk: day 28),
    /// the start of its last day (a ban: the day it ends), and when it is
    /// late. Nudges: only when due. A duty that is to be done at once (the
    /// route, the aangifte) has no reminder at that moment: whoever logged
    /// the case is at it, possibly in a meeting.
    pub fn reminder_moments(&self) -> Vec<Time> {
        let mut at = Vec::new();
        if self.what.is_nudge()
            || matches!(
                self.what,
                DeadlineKind::MeasureEnds { .. } | DeadlineKind::Talk(Talk::Derde)
            )
        {
            at.push(self.soon_from());
        }
        if !self.what.is_nudge() {
            at.push(start_of_day(self.last_day()));
            at.push(self.late_after);
        }
        at.sort();
        at.dedup();
        at
    }
}

/// The same clock time `days` calendar days later, in Amsterdam.
#[cfg(test)]
pub(super) fn days_later(t: Time, days: u64) -> Time {
    crate::domain::dates::amsterdam(t.naive_local() + Days::new(days))
}

/// `t` in Amsterdam time: every moment is counted, and shown, there, whatever
/// offset it was stored with; a sum of hours keeps the right offset across
/// a change of summer time.
fn local(t: Time) -> Time {
    crate::domain::time::to_local(t.with_timezone(&chrono::Utc))
}

/// Midnight (Amsterdam) at the end of `day`.
fn end_of_day(day: NaiveDate) -> Time {
    start_of_day(day.checked_add_days(Days::new(1)).unwrap_or(day))
}

/// The end of the `n`-th working day after the day of `t` (Algemene
/// termijnenwet: no weekends, no public holidays).
fn working_days_after(t: Time, n: u32) -> Time {
    end_of_day(calendar::add_working_days(local(t).date_naive(), n))
}

impl CaseFile {
    /// The dated duties of this case, settled ones included: the
    /// Arbeidsinspectie, the route, the talks, the aangifte, the measures'
    /// ends, the nudges.
    pub fn deadlines(&self) -> Vec<Deadline> {
        let mut list = Vec::new();
        list.extend(self.arbeidsinspectie_deadline());
        if self.crosses_norm() {
            list.extend(self.route_deadlines());
            list.extend(Talk::ALL.map(|talk| self.talk_deadline(talk)));
            list.extend(self.aangifte_deadline());
        }
        list.extend(self.measures.iter().filter_map(measure_end));
        list.extend(self.nudges());
        list
    }

    /// Where `deadline` stands at `now` (the same as `deadline.state_at(now)`).
    pub fn state_at(&self, deadline: &Deadline, now: Time) -> DeadlineState {
        deadline.state_at(now)
    }

    fn talk_deadline(&self, talk: Talk) -> Deadline {
        let base = local(self.occurred_at);
        let day = base.date_naive();
        let t = self.talk(talk);
        let done = t.held.as_ref().map(|h| h.on);
        let mut d = match talk {
            Talk::Eerste => {
                Deadline::new(DeadlineKind::Talk(talk), local(base + TALK_1_WITHIN), done)
            }
            Talk::Tweede => Deadline::new(
                DeadlineKind::Talk(talk),
                end_of_day(day + Days::new(TALK_2_DAY)),
                done,
            ),
            Talk::Derde => Deadline {
                window_start: Some(start_of_day(day + Days::new(TALK_3_FROM_DAY))),
                ..Deadline::new(
                    DeadlineKind::Talk(talk),
                    end_of_day(day + Days::new(TALK_3_TO_DAY)),
                    done,
                )
            },
        };
        d.declined = t.declined;
        d
    }

    fn arbeidsinspectie_deadline(&self) -> Option<Deadline> {
        let recorded = local(self.serious_injury?);
        let known = local(self.injury_known.unwrap_or(recorded));
        let incident = local(self.occurred_at);
        let (from, basis) = if known > incident {
            (
                known,
                format!(
                    "24 uur nadat het letsel bekend werd ({})",
                    known.format("%d-%m %H:%M")
                ),
            )
        } else {
            (incident, "24 uur na het incident".to_string())
        };
        Some(Deadline {
            late_after: local(from + ARBEIDSINSPECTIE_WITHIN),
            basis: Some(basis),
            ..Deadline::new(
                DeadlineKind::Arbeidsinspectie,
                from,
                self.arbeidsinspectie_notified,
            )
        })
    }

    /// The report and everyone on the route (and the Commissaris van de
    /// Koning for a burgemeester), once the victim is known.
    fn route_deadlines(&self) -> Vec<Deadline> {
        let Some(route) = self.route() else {
            return Vec::new();
        };
        let due = working_days_after(self.occurred_at, self.terms.report_working_days);
        let mut kinds = vec![DeadlineKind::Report(route.reports_to)];
        kinds.extend(route.then_inform.iter().map(|r| DeadlineKind::Inform(*r)));
        if self.victim.as_ref().map(|v| v.role) == Some(VictimRole::Burgemeester) {
            kinds.push(DeadlineKind::Inform(Recipient::CommissarisVanDeKoning));
        }
        kinds
            .into_iter()
            .map(|what| {
                let r = match what {
                    DeadlineKind::Report(r) | DeadlineKind::Inform(r) => r,
                    _ => unreachable!("only route kinds here"),
                };
                Deadline {
                    window_start: Some(local(self.occurred_at)),
                    ..Deadline::new(what, due, self.informed_on(r))
                }
            })
            .collect()
    }

    fn aangifte_deadline(&self) -> Option<Deadline> {
        let filed = self.aangifte.as_ref().map(|a| a.on);
        let consented = self.consent_at.filter(|_| self.consent == Some(true));
        let from = match (consented, filed) {
            (Some(at), _) => local(at),
            (None, Some(_)) => local(self.occurred_at),
            (None, None) => return None,
        };
        Some(Deadline {
            window_start: Some(from),
            ..Deadline::new(
                DeadlineKind::Aangifte,
                working_days_after(from, self.terms.aangifte_working_days),
                filed,
            )
        })
    }

    /// When the newest event of the case was logged.
    pub fn last_logged(&self) -> Time {
        self.timeline
            .iter()
            .map(|r| r.at)
            .max()
            .unwrap_or(self.opened_at)
    }

    /// Only for a normoverschrijdend case that is not closed: emotioneel
    /// gedrag needs no handling (the same as `open_steps`).
    fn nudges(&self) -> Vec<Deadline> {
        if self.status == CaseStatus::Afgesloten || !self.crosses_norm() {
            return Vec::new();
        }
        let last = self.last_logged();
        let police = self
            .aangifte
            .as_ref()
            .is_some_and(|a| !a.police_reference.trim().is_empty());
        let (what, days) = if police {
            (
                DeadlineKind::PoliceFeedback,
                self.terms.police_feedback_days,
            )
        } else {
            (DeadlineKind::Idle, self.terms.idle_days)
        };
        let due = local(last + Duration::days(i64::from(days)));
        vec![Deadline::new(what, due, None)]
    }
}

fn measure_end(m: &Measure) -> Option<Deadline> {
    let end = m.end?;
    let what = DeadlineKind::MeasureEnds {
        measure: m.id,
        kind: m.kind,
        end,
    };
    let done = m.is_settled().then(|| m.status_since.date_naive());
    Some(Deadline {
        window_start: Some(start_of_day(end - Days::new(BAN_LEAD_DAYS))),
        ..Deadline::new(what, end_of_day(end), done)
    })
}

#[cfg(test)]
#[path = "deadlines_tests/mod.rs"]
mod tests;
