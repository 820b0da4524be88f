//! The live console's state, rebuilt from events, and the rules of §5.
//!
//! `LiveView::derive` folds the events of one meeting (committed ones and,
//! optionally, ones still waiting for the store) into what the console shows.
//! `LiveView::permits` says whether a step may be logged now, and if not, why,
//! in Dutch. Nothing here touches a terminal or a database.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::category::Category;
use super::event::{AangifteChoice, DemandBy, Event, EventBody, MeetingType, NewEvent};

/// The municipality's own rule: three demands to leave, then lokaalvredebreuk.
pub const DEMANDS_BEFORE_LOKAALVREDEBREUK: usize = 3;

type Time = DateTime<FixedOffset>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingView {
    pub id: Option<u64>,
    pub meeting_type: MeetingType,
    pub title: String,
    pub chair: String,
    pub location: String,
    pub started_at: Time,
    pub ended_at: Option<Time>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandView {
    pub number: usize,
    pub at: Time,
    pub by: DemandBy,
    pub wording: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisturbanceView {
    pub case_id: Option<u64>,
    pub category: Category,
    pub place: String,
    pub description: String,
    pub started_at: Time,
    pub demands: Vec<DemandView>,
    pub left_at: Option<Time>,
    pub intervention_team_at: Option<Time>,
    pub police_called_at: Option<Time>,
    pub police_arrived_at: Option<Time>,
    pub removed_at: Option<Time>,
    pub protections: Vec<Time>,
    pub aangifte: Option<(AangifteChoice, Time)>,
}

impl DisturbanceView {
    /// The person is no longer in the room.
    pub fn person_gone(&self) -> bool {
        self.left_at.is_some() || self.removed_at.is_some()
    }

    /// Three demands were refused: the protocol calls this lokaalvredebreuk
    /// (art. 139 Sr). A demand counts as refused while the person stays.
    pub fn lokaalvredebreuk(&self) -> bool {
        self.demands.len() >= DEMANDS_BEFORE_LOKAALVREDEBREUK && self.left_at.is_none()
    }
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineRow {
    /// `None` while the store has not yet committed it.
    pub seq: Option<u64>,
    pub at: Time,
    pub text: String,
    /// The reason given when this entry was corrected.
    pub corrected: Option<String>,
    pub is_correction: bool,
}

impl TimelineRow {
    pub fn is_pending(&self) -> bool {
        self.seq.is_none()
    }
}

/// What the live console shows, derived from events alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveView {
    pub meeting: Option<MeetingView>,
    pub suspended_since: Option<Time>,
    pub livestream_down_since: Option<Time>,
    pub disturbance: Option<DisturbanceView>,
    /// Cases made from disturbances that ended in this meeting.
    pub closed_cases: Vec<Option<u64>>,
    /// Shared rows: the view is copied once per key while a step waits for
    /// the store, and the rows themselves never change once made.
    pub timeline: Vec<Arc<TimelineRow>>,
}

/// Why a step cannot be logged now. The messages are shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Er is geen vergadering geopend. Open eerst een vergadering.")]
    NoMeeting,
    #[error("Er loopt al een vergadering ({0}). Sluit die eerst.")]
    MeetingOpen(String),
    #[error("Sluit eerst de lopende verstoring af; daarna kan de vergadering worden gesloten.")]
    DisturbanceStillOpen,
    #[error("Er is geen verstoring gemeld. Meld eerst een verstoring.")]
    NoDisturbance,
    #[error("Er loopt al een verstoring. Sluit die eerst af.")]
    DisturbanceOpen,
    #[error("De vergadering is al geschorst (sinds {0}).")]
    AlreadySuspended(String),
    #[error("De vergadering is niet geschorst.")]
    NotSuspended,
    #[error("Er zijn al drie vorderingen gedaan: dit is lokaalvredebreuk. Bel de politie (112).")]
    DemandsExhausted,
    #[error("Vordering {0} is al vastgelegd om {1}.")]
    DemandTaken(usize, String),
    #[error("Vordering {0} kan niet: de volgende vordering is nummer {1}.")]
    DemandOutOfOrder(usize, usize),
    #[error("De persoon is niet meer in de zaal.")]
    PersonGone,
    #[error("De livestream is al gestopt (sinds {0}).")]
    StreamAlreadyStopped(String),
    #[error("De livestream loopt al.")]
    StreamRunning,
    #[error("{0} is al vastgelegd om {1}.")]
    AlreadyLogged(&'static str, String),
    #[error("De politie is nog niet gebeld.")]
    PoliceNotCalled,
    #[error("Leg eerst vast dat de politie ter plaatse is.")]
    PoliceNotArrived,
    #[error("Een fysieke beschermende maatregel moet eerst worden bevestigd.")]
    ProtectionNotConfirmed,
    #[error("Over aangifte is al besloten ({0}). Corrigeer dat besluit als het anders is.")]
    AangifteDecided(&'static str),
    #[error("Regel {0} staat niet in de tijdlijn van deze vergadering.")]
    UnknownEntry(u64),
    #[error("Regel {0} is al gecorrigeerd.")]
    AlreadyCorrected(u64),
    #[error("Een correctie kan niet zelf worden gecorrigeerd; leg een notitie vast.")]
    CorrectionOfCorrection,
    #[error("Er is niets om te corrigeren.")]
    NothingToCorrect,
    #[error("Een lege {0} wordt niet vastgelegd.")]
    Empty(&'static str),
    #[error("Dit hoort bij de afhandeling van een zaak, niet bij de live console.")]
    NotALiveStep,
}

fn hhmm(t: &Time) -> String {
    t.format("%H:%M:%S").to_string()
}

struct Item<'a> {
    seq: Option<u64>,
    at: Time,
    case_id: Option<u64>,
    corrects: Option<u64>,
    body: &'a EventBody,
}

impl<'a> Item<'a> {
    fn committed(e: &'a Event) -> Item<'a> {
        Item {
            seq: Some(e.seq),
            at: e.at,
            case_id: e.case_id,
            corrects: e.corrects,
            body: &e.body,
        }
    }

    fn pending(e: &'a NewEvent) -> Item<'a> {
        Item {
            seq: None,
            at: e.at,
            case_id: e.case_id,
            corrects: e.corrects,
            body: &e.body,
        }
    }
}

impl LiveView {
    /// Folds the events of one meeting, then the steps still waiting for the store.
    pub fn derive(committed: &[Event], pending: &[NewEvent]) -> LiveView {
        let items: Vec<Item<'_>> = committed
            .iter()
            .map(Item::committed)
            .chain(pending.iter().map(Item::pending))
            .collect();

        let mut corrections: HashMap<u64, String> = HashMap::new();
        for item in &items {
            if let (Some(target), EventBody::Correction { reason }) = (item.corrects, item.body) {
                corrections.entry(target).or_insert_with(|| reason.clone());
            }
        }
        let mut view = LiveView::default();
        for item in &items {
            let corrected = item.seq.and_then(|s| corrections.get(&s).cloned());
            view.fold(item, corrected);
        }
        view
    }

    /// Appends a committed event to `events` (the meeting's, in order) and
    /// to this view of them: folded in, or derived again when it can change
    /// earlier entries (a correction); a new meeting starts both afresh.
    /// The one way the live console and the write-time rules keep a
    /// meeting's view up to date.
    pub fn append(&mut self, events: &mut Vec<Event>, event: Event) {
        if matches!(event.body, EventBody::MeetingStarted { .. }) {
            events.clear();
            *self = LiveView::default();
        }
        let folded = self.push(&event);
        events.push(event);
        if !folded {
            *self = LiveView::derive(events, &[]);
        }
    }

    /// Adds one committed event at the end, as `derive` would, without
    /// walking the whole meeting again. Returns `false` (and changes nothing)
    /// for a correction, which can change earlier entries: derive again then.
    pub fn push(&mut self, event: &Event) -> bool {
        self.extend(Item::committed(event))
    }

    /// Adds one step that waits for the store; `false` for a correction.
    pub fn push_pending(&mut self, new: &NewEvent) -> bool {
        self.extend(Item::pending(new))
    }

    fn extend(&mut self, item: Item<'_>) -> bool {
        if matches!(item.body, EventBody::Correction { .. }) {
            return false;
        }
        self.fold(&item, None);
        true
    }

    /// One step of the fold: the timeline row, then the effect unless voided.
    fn fold(&mut self, item: &Item<'_>, corrected: Option<String>) {
        let voided = corrected.is_some() && !item.body.is_structural();
        let text = self.describe(item);
        self.timeline.push(Arc::new(TimelineRow {
            seq: item.seq,
            at: item.at,
            text,
            corrected,
            is_correction: matches!(item.body, EventBody::Correction { .. }),
        }));
        if !voided {
            self.apply(item);
        }
    }

    fn describe(&self, item: &Item<'_>) -> String {
        match item.body {
            EventBody::DisturbanceEnded {} => match item.case_id {
                Some(id) => format!("Verstoring afgesloten; geregistreerd als zaak #{id}"),
                None => "Verstoring afgesloten; wordt geregistreerd als zaak".into(),
            },
            EventBody::Demand { by, wording, .. } => {
                // Numbered as counted now: a corrected demand does not count.
                let n = self
                    .disturbance
                    .as_ref()
                    .map(|d| d.demands.len() + 1)
                    .unwrap_or(1);
                format!("Vordering {n} door {}: “{wording}”", by.label())
            }
            EventBody::Correction { reason } => {
                let target = item.corrects.unwrap_or_default();
                format!("Correctie van regel {target}: {reason}")
            }
            other => other.summary(),
        }
    }

    fn apply(&mut self, item: &Item<'_>) {
        let at = item.at;
        match item.body {
            EventBody::MeetingStarted {
                meeting_type,
                title,
                chair,
                location,
            } => {
                let timeline = std::mem::take(&mut self.timeline);
                *self = LiveView {
                    meeting: Some(MeetingView {
                        id: item.seq,
                        meeting_type: *meeting_type,
                        title: title.clone(),
                        chair: chair.clone(),
                        location: location.clone(),
                        started_at: at,
                        ended_at: None,
                    }),
                    timeline,
                    ..LiveView::default()
                };
            }
            EventBody::MeetingEnded {} => {
                if let Some(m) = &mut self.meeting {
                    m.ended_at = Some(at);
                }
                self.suspended_since = None;
            }
            EventBody::DisturbanceStarted {
                category,
                place,
                description,
            } => {
                self.disturbance = Some(DisturbanceView {
                    case_id: item.case_id,
                    category: *category,
                    place: place.clone(),
                    description: description.clone(),
                    started_at: at,
                    demands: Vec::new(),
                    left_at: None,
                    intervention_team_at: None,
                    police_called_at: None,
                    police_arrived_at: None,
                    removed_at: None,
                    protections: Vec::new(),
                    aangifte: None,
                });
            }
            EventBody::DisturbanceEnded {} => {
                if let Some(d) = self.disturbance.take() {
                    self.closed_cases.push(d.case_id.or(item.case_id));
                }
            }
            EventBody::Suspended {} => self.suspended_since = Some(at),
            EventBody::Resumed {} => self.suspended_since = None,
            EventBody::LivestreamStopped {} => self.livestream_down_since = Some(at),
            EventBody::LivestreamResumed {} => self.livestream_down_since = None,
            EventBody::Note { .. } | EventBody::Correction { .. } => {}
            body => {
                let Some(d) = &mut self.disturbance else {
                    return;
                };
                match body {
                    EventBody::Demand { by, wording, .. } => d.demands.push(DemandView {
                        number: d.demands.len() + 1,
                        at,
                        by: *by,
                        wording: wording.clone(),
                    }),
                    EventBody::LeftVoluntarily {} => d.left_at = Some(at),
                    EventBody::InterventionTeamCalled {} => d.intervention_team_at = Some(at),
                    EventBody::PoliceCalled {} => d.police_called_at = Some(at),
                    EventBody::PoliceArrived {} => d.police_arrived_at = Some(at),
                    EventBody::RemovedByPolice {} => d.removed_at = Some(at),
                    EventBody::PhysicalProtection { .. } => d.protections.push(at),
                    EventBody::AangifteDecision { decision, .. } => {
                        d.aangifte = Some((*decision, at))
                    }
                    _ => {}
                }
            }
        }
    }

    /// The meeting, if one is open.
    pub fn open_meeting(&self) -> Option<&MeetingView> {
        self.meeting.as_ref().filter(|m| m.ended_at.is_none())
    }

    fn need_meeting(&self) -> Result<&MeetingView, Refusal> {
        self.open_meeting().ok_or(Refusal::NoMeeting)
    }

    fn need_disturbance(&self) -> Result<&DisturbanceView, Refusal> {
        self.need_meeting()?;
        self.disturbance.as_ref().ok_or(Refusal::NoDisturbance)
    }

    fn need_present(&self) -> Result<&DisturbanceView, Refusal> {
        let d = self.need_disturbance()?;
        if d.person_gone() {
            return Err(Refusal::PersonGone);
        }
        Ok(d)
    }

    fn once(at: Option<Time>, what: &'static str) -> Result<(), Refusal> {
        match at {
            Some(t) => Err(Refusal::AlreadyLogged(what, hhmm(&t))),
            None => Ok(()),
        }
    }

    /// Whether `body` (correcting `corrects`, for a correction) may be logged now.
    pub fn permits(&self, body: &EventBody, corrects: Option<u64>) -> Result<(), Refusal> {
        match body {
            EventBody::MeetingStarted { .. } => match self.open_meeting() {
                Some(m) => Err(Refusal::MeetingOpen(m.title.clone())),
                None => Ok(()),
            },
            EventBody::MeetingEnded {} => {
                self.need_meeting()?;
                if self.disturbance.is_some() {
                    return Err(Refusal::DisturbanceStillOpen);
                }
                Ok(())
            }
            EventBody::DisturbanceStarted { .. } => {
                self.need_meeting()?;
                if self.disturbance.is_some() {
                    return Err(Refusal::DisturbanceOpen);
                }
                Ok(())
            }
            EventBody::DisturbanceEnded {} => self.need_disturbance().map(|_| ()),
            EventBody::Suspended {} => {
                self.need_meeting()?;
                match self.suspended_since {
                    Some(t) => Err(Refusal::AlreadySuspended(hhmm(&t))),
                    None => Ok(()),
                }
            }
            EventBody::Resumed {} => {
                self.need_meeting()?;
                self.suspended_since
                    .map(|_| ())
                    .ok_or(Refusal::NotSuspended)
            }
            EventBody::Demand { number, .. } => {
                let d = self.need_present()?;
                // Each demand names its number: a demand whose number was
                // taken meanwhile (by another workstation) is the same
                // demand logged twice, not the next one.
                let number = usize::from(*number);
                if let Some(taken) = number.checked_sub(1).and_then(|i| d.demands.get(i)) {
                    return Err(Refusal::DemandTaken(number, hhmm(&taken.at)));
                }
                if d.demands.len() >= DEMANDS_BEFORE_LOKAALVREDEBREUK {
                    return Err(Refusal::DemandsExhausted);
                }
                if number != d.demands.len() + 1 {
                    return Err(Refusal::DemandOutOfOrder(number, d.demands.len() + 1));
                }
                Ok(())
            }
            EventBody::LeftVoluntarily {} => self.need_present().map(|_| ()),
            EventBody::LivestreamStopped {} => {
                self.need_meeting()?;
                match self.livestream_down_since {
                    Some(t) => Err(Refusal::StreamAlreadyStopped(hhmm(&t))),
                    None => Ok(()),
                }
            }
            EventBody::LivestreamResumed {} => {
                self.need_meeting()?;
                self.livestream_down_since
                    .map(|_| ())
                    .ok_or(Refusal::StreamRunning)
            }
            EventBody::InterventionTeamCalled {} => {
                let d = self.need_disturbance()?;
                Self::once(
                    d.intervention_team_at,
                    "Het alarmeren van het interventieteam",
                )
            }
            EventBody::PoliceCalled {} => {
                let d = self.need_disturbance()?;
                Self::once(d.police_called_at, "Het bellen van de politie")
            }
            EventBody::PoliceArrived {} => {
                let d = self.need_disturbance()?;
                if d.police_called_at.is_none() {
                    return Err(Refusal::PoliceNotCalled);
                }
                Self::once(d.police_arrived_at, "De aankomst van de politie")
            }
            EventBody::RemovedByPolice {} => {
                let d = self.need_present()?;
                if d.police_arrived_at.is_none() {
                    return Err(Refusal::PoliceNotArrived);
                }
                Ok(())
            }
            EventBody::PhysicalProtection { confirmed_rule } => {
                self.need_disturbance()?;
                if !confirmed_rule {
                    return Err(Refusal::ProtectionNotConfirmed);
                }
                Ok(())
            }
            EventBody::AangifteDecision { .. } => {
                let d = self.need_disturbance()?;
                match d.aangifte {
                    Some((choice, _)) if choice != AangifteChoice::Later => {
                        Err(Refusal::AangifteDecided(choice.label()))
                    }
                    _ => Ok(()),
                }
            }
            EventBody::Note { text } => {
                self.need_meeting()?;
                if text.trim().is_empty() {
                    return Err(Refusal::Empty("notitie"));
                }
                Ok(())
            }
            EventBody::Correction { reason } => {
                let target = corrects.ok_or(Refusal::NothingToCorrect)?;
                let row = self
                    .timeline
                    .iter()
                    .find(|r| r.seq == Some(target))
                    .ok_or(Refusal::UnknownEntry(target))?;
                if row.is_correction {
                    return Err(Refusal::CorrectionOfCorrection);
                }
                if row.corrected.is_some() {
                    return Err(Refusal::AlreadyCorrected(target));
                }
                if reason.trim().is_empty() {
                    return Err(Refusal::Empty("reden van correctie"));
                }
                Ok(())
            }
            _ => Err(Refusal::NotALiveStep),
        }
    }

    /// Timeline rows that may still be corrected (committed, not corrections,
    /// not corrected yet), newest last.
    pub fn correctable(&self) -> Vec<&TimelineRow> {
        self.timeline
            .iter()
            .filter(|r| r.seq.is_some() && !r.is_correction && r.corrected.is_none())
            .map(Arc::as_ref)
            .collect()
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
