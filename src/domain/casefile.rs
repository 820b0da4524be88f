//! The case file (protocol §6), derived from the case's events alone, and the
//! rules for handling a case afterwards. Nothing here touches a terminal or a
//! database.
//!
//! - `CaseFile::derive` folds one case's events, in store order, into what the
//!   case browser shows. An event corrected by a later `Correction` (header
//!   `corrects`) is void: it stays on the timeline, struck through with the
//!   reason, but has no effect. The opener (`CaseOpened` or
//!   `DisturbanceStarted`) is the exception: its correction is only shown
//!   (fix a wrong category with `Reclassified`, a wrong victim with
//!   `VictimRecorded`).
//! - `route` gives the reporting route of §6.1 for the victim's role.
//! - `CaseFile::deadlines` gives the dated duties (aftercare talks, the
//!   Arbeidsinspectie, the aangifte advice, the end of measures) and
//!   `CaseFile::state_at` where each stands; see `deadlines.rs`.
//! - `CaseFile::next_step` picks the single most urgent open step for the case
//!   list; `CaseFile::open_steps` lists them all. Which steps count is
//!   described in `next_step.rs`.
//! - `CaseFile::permits` says whether a case-handling event may be recorded
//!   now, and if not, why, in Dutch; see `validate.rs`.
//! - `incident_order` says whether a case is a perpetrator's first or a
//!   repeated incident.

mod deadlines;
mod fold;
mod next_step;
mod repeat;
mod route;
mod support;
mod validate;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::case::{
    CaseStatus, Cents, Channel, MeasureKind, MeasureStatus, Recipient, Talk, Victim,
};
use super::category::Category;
use super::event::{AangifteChoice, Event, EventBody};
use super::live::{DisturbanceView, LiveView, TimelineRow};
use super::time::to_local;

pub use deadlines::{Deadline, DeadlineKind, DeadlineState, TermRow, Terms, term_table};
pub use next_step::{NextStep, Urgency};
pub use repeat::{Repeat, incident_order};
pub use route::{Route, route};
pub use support::SUPPORT_LINES;
pub use validate::CaseRefusal;

type Time = DateTime<FixedOffset>;

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A disturbance logged in the live console (opened by `DisturbanceStarted`).
    Live,
    /// Entered afterwards (opened by `CaseOpened`).
    Intake,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Live => "live console",
            Origin::Intake => "intake",
        }
    }
}

/// One classification in the case's history; the first is the opening one
/// (with an empty reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub category: Category,
    pub at: Time,
    pub reason: String,
}

/// An item of online evidence (§6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceItem {
    pub seq: u64,
    pub platform: String,
    pub account: String,
    pub urls: Vec<String>,
    /// When the message was sent (RFC 3339, as stored), if known.
    pub message_at: Option<String>,
    pub file_path: String,
    pub file_sha256: String,
    pub norm_communicated: bool,
    pub reported_to_platform: bool,
}

/// A measure (§6.2). Its id is the seq of its `MeasureRecorded`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub id: u64,
    pub kind: MeasureKind,
    pub decided_on: NaiveDate,
    pub decided_by: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The current status, after any `MeasureStatusChanged`.
    pub status: MeasureStatus,
    /// When the current status was recorded.
    pub status_since: Time,
    pub note: String,
}

impl Measure {
    /// Withdrawn or finished: nothing more to do for it.
    pub fn is_settled(&self) -> bool {
        matches!(
            self.status,
            MeasureStatus::Afgerond | MeasureStatus::Ingetrokken
        )
    }
}

/// A planned aftercare talk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkPlan {
    pub on: NaiveDate,
    pub by: String,
}

/// An aftercare talk that was held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkHeld {
    pub on: NaiveDate,
    pub by: String,
    /// Referred to professional help (costs covered by the municipality).
    pub referral: bool,
}

/// One of the three aftercare talks (§6.3); the latest plan counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AftercareTalk {
    pub talk: Talk,
    pub planned: Option<TalkPlan>,
    pub held: Option<TalkHeld>,
    /// The day the victim declined it (a talk held after all still counts).
    pub declined: Option<NaiveDate>,
}

/// The aangifte as filed (§6.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AangifteFiling {
    pub seq: u64,
    pub on: NaiveDate,
    pub vpt: bool,
    /// The municipality's address, never the victim's home.
    pub domicile: String,
    pub police_reference: String,
}

/// A damage item (§6.4): paid to the victim first, recovered from the perpetrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub seq: u64,
    pub description: String,
    pub amount: Cents,
    pub paid_to_victim: Cents,
    pub recovered: Cents,
}

/// The damage items added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DamageTotals {
    pub amount: Cents,
    pub paid: Cents,
    pub recovered: Cents,
    /// Paid to the victim but not yet recovered from the perpetrator.
    pub outstanding: Cents,
}

/// Communication (§7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Communication {
    /// Other office holders may be told (only with the victim's consent).
    pub may_inform_others: bool,
    pub spokesperson: String,
}

/// A change of status with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    pub status: CaseStatus,
    pub at: Time,
    pub reason: String,
}

/// A note on the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNote {
    pub seq: u64,
    pub at: Time,
    pub text: String,
}

/// Everything known about one case, derived from its events alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    pub case_id: u64,
    pub origin: Origin,
    /// The meeting a live case came from.
    pub meeting_id: Option<u64>,
    /// When the first event of the case was logged.
    pub opened_at: Time,
    /// When it happened: `CaseOpened.occurred_at`, or the time the disturbance
    /// was logged live; `opened_at` if neither is known.
    pub occurred_at: Time,
    /// How the report came in; live cases have none.
    pub channel: Option<Channel>,
    /// The latest victim recorded; a live case has none until `VictimRecorded`.
    pub victim: Option<Victim>,
    pub what: String,
    pub place: String,
    /// The current category: the last of `classifications`.
    pub category: Category,
    pub classifications: Vec<Classification>,
    /// Who on the reporting route was informed, and on which day.
    pub informed: Vec<(Recipient, NaiveDate)>,
    pub evidence: Vec<EvidenceItem>,
    /// Registered perpetrators linked to this case (ids), in linking order.
    pub perpetrators: Vec<u64>,
    pub measures: Vec<Measure>,
    /// The three talks, in the order of `Talk::ALL`.
    pub aftercare: [AftercareTalk; 3],
    /// The victim's latest answer on an aangifte, if asked.
    pub consent: Option<bool>,
    /// When that answer was recorded.
    pub consent_at: Option<Time>,
    pub aangifte: Option<AangifteFiling>,
    /// The live console's decision on an aangifte of the disturbance.
    pub aangifte_decision: Option<(AangifteChoice, Time)>,
    pub om_informed: Option<NaiveDate>,
    /// When serious injury was recorded (the Arbeidsinspectie must be told).
    pub serious_injury: Option<Time>,
    /// When it became known, as the event says (else when it was recorded).
    pub injury_known: Option<Time>,
    pub arbeidsinspectie_notified: Option<NaiveDate>,
    pub damages: Vec<Damage>,
    pub communication: Option<Communication>,
    /// CONFIDENTIAL (§7): security measures. No export meant for others
    /// (press, police form, yearly report, other office holders) may carry
    /// this field; only the case file itself shows it.
    pub security_measures: Option<String>,
    pub status: CaseStatus,
    /// Every status change, oldest first (the initial `Open` is not listed).
    pub status_history: Vec<StatusEntry>,
    pub notes: Vec<CaseNote>,
    /// Every event of the case in order, corrections shown.
    pub timeline: Vec<TimelineRow>,
    /// A case from the live console: the disturbance as the console saw
    /// it (its persons with their demands, leaving and removal, the
    /// police, the aangifte decision), by the console's own rules.
    pub live: Option<DisturbanceView>,
    /// The terms of municipal practice the deadlines use (`[deadlines]`).
    pub terms: Terms,
}

/// Whether the event opens the case: its correction is shown, never voids it.
fn is_opener(body: &EventBody) -> bool {
    matches!(
        body,
        EventBody::CaseOpened { .. } | EventBody::DisturbanceStarted { .. }
    )
}

/// The reason of the first correction of each corrected event.
fn corrections(events: &[Event]) -> HashMap<u64, String> {
    let mut map = HashMap::new();
    for event in events {
        if let (Some(target), EventBody::Correction { reason }) = (event.corrects, &event.body) {
            map.entry(target).or_insert_with(|| reason.clone());
        }
    }
    map
}

fn describe(event: &Event) -> String {
    match &event.body {
        EventBody::Correction { reason } => format!(
            "Correctie van regel {}: {reason}",
            event.corrects.unwrap_or_default()
        ),
        body => body.summary(),
    }
}

impl CaseFile {
    /// Folds the events of one case, in the order the store returns them.
    ///
    /// Total: events before the opener are applied too, and a slice without an
    /// opener gives an intake file with an empty story, category emotioneel
    /// gedrag as a placeholder, dated at its first event (or at the Unix epoch
    /// when there are no events at all). Such an empty file is what a new
    /// intake is checked against (`permits_opening`).
    pub fn derive(case_id: u64, events: &[Event]) -> CaseFile {
        CaseFile::derive_with(case_id, events, true)
    }

    /// [`CaseFile::derive`] without the text of the timeline rows (empty
    /// strings), for what does not show them: the rules at the moment of
    /// writing, the next step and the due items. Writing the text of every
    /// event was a third of checking one (`perf record` of `raadsorde
    /// demo`). Everything else is the same (tested).
    pub fn derive_untold(case_id: u64, events: &[Event]) -> CaseFile {
        CaseFile::derive_with(case_id, events, false)
    }

    fn derive_with(case_id: u64, events: &[Event], texts: bool) -> CaseFile {
        let corrected = corrections(events);
        let start = events
            .first()
            .map(|e| e.at)
            .unwrap_or_else(|| to_local(DateTime::<Utc>::UNIX_EPOCH));
        let mut file = CaseFile::empty(case_id, start);
        // A case from the live console: its disturbance as the console saw
        // it, and its steps as the console wrote them (whom each was for).
        let mut live_text: HashMap<u64, String> = HashMap::new();
        if events
            .iter()
            .any(|e| matches!(e.body, EventBody::DisturbanceStarted { .. }))
        {
            let view = if texts {
                LiveView::derive(events, &[])
            } else {
                LiveView::derive_untold(events)
            };
            file.live = view.of_case(case_id).cloned();
            if texts {
                live_text = view
                    .timeline
                    .iter()
                    .filter_map(|r| r.seq.map(|s| (s, r.text.clone())))
                    .collect();
            }
        }
        for event in events {
            let reason = corrected.get(&event.seq).cloned();
            let voided = reason.is_some() && !is_opener(&event.body);
            let text = match live_text.remove(&event.seq) {
                Some(t) if event.body.is_live_step() => t,
                _ if texts => describe(event),
                _ => String::new(),
            };
            file.timeline.push(TimelineRow {
                seq: Some(event.seq),
                at: event.at,
                text,
                corrected: reason,
                is_correction: matches!(event.body, EventBody::Correction { .. }),
            });
            if !voided {
                file.apply(event);
            }
        }
        file
    }

    fn empty(case_id: u64, at: Time) -> CaseFile {
        CaseFile {
            case_id,
            origin: Origin::Intake,
            meeting_id: None,
            opened_at: at,
            occurred_at: at,
            channel: None,
            victim: None,
            what: String::new(),
            place: String::new(),
            category: Category::EmotioneelGedrag,
            classifications: Vec::new(),
            informed: Vec::new(),
            evidence: Vec::new(),
            perpetrators: Vec::new(),
            measures: Vec::new(),
            aftercare: Talk::ALL.map(|talk| AftercareTalk {
                talk,
                planned: None,
                held: None,
                declined: None,
            }),
            consent: None,
            consent_at: None,
            aangifte: None,
            aangifte_decision: None,
            om_informed: None,
            serious_injury: None,
            injury_known: None,
            arbeidsinspectie_notified: None,
            damages: Vec::new(),
            communication: None,
            security_measures: None,
            status: CaseStatus::Open,
            status_history: Vec::new(),
            notes: Vec::new(),
            timeline: Vec::new(),
            live: None,
            terms: Terms::default(),
        }
    }

    /// One of the three aftercare talks.
    pub fn talk(&self, talk: Talk) -> &AftercareTalk {
        &self.aftercare[talk as usize]
    }

    fn talk_mut(&mut self, talk: Talk) -> &mut AftercareTalk {
        &mut self.aftercare[talk as usize]
    }

    /// Whether the current category is normoverschrijdend.
    pub fn crosses_norm(&self) -> bool {
        self.category.crosses_norm()
    }

    /// The reporting route for the victim, once the victim is known.
    pub fn route(&self) -> Option<Route> {
        self.victim.as_ref().map(|v| route(v.role))
    }

    /// When `recipient` was informed, if they were.
    pub fn informed_on(&self, recipient: Recipient) -> Option<NaiveDate> {
        self.informed
            .iter()
            .find(|(r, _)| *r == recipient)
            .map(|(_, on)| *on)
    }

    /// An aangifte is intended: the live decision was "ja", or an aangifte
    /// measure was recorded and not withdrawn.
    pub fn aangifte_intended(&self) -> bool {
        matches!(self.aangifte_decision, Some((AangifteChoice::Ja, _)))
            || self
                .measures
                .iter()
                .any(|m| m.kind == MeasureKind::Aangifte && m.status != MeasureStatus::Ingetrokken)
    }

    /// A measure of this case by its id.
    pub fn measure(&self, id: u64) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// The damage items added up; outstanding is paid minus recovered.
    pub fn damage_totals(&self) -> DamageTotals {
        let mut totals = DamageTotals::default();
        for d in &self.damages {
            totals.amount += d.amount;
            totals.paid += d.paid_to_victim;
            totals.recovered += d.recovered;
        }
        totals.outstanding = totals.paid - totals.recovered;
        totals
    }

    /// Timeline rows that may still be corrected (not corrections, not
    /// corrected yet), oldest first.
    pub fn correctable(&self) -> Vec<&TimelineRow> {
        self.timeline
            .iter()
            .filter(|r| !r.is_correction && r.corrected.is_none())
            .collect()
    }
}

#[cfg(test)]
mod fixture;

#[cfg(test)]
#[path = "casefile_tests.rs"]
mod tests;
