//! The live console's state, rebuilt from events, and the rules of §5.
//!
//! `LiveView::derive` folds the events of one meeting, conversation or
//! gathering (committed ones and, optionally, ones still waiting for the
//! store) into what the console shows. `LiveView::permits` (`live/rules.rs`)
//! says whether a step may be logged now, and if not, why, in Dutch.
//! Nothing here touches a terminal or a database.
//!
//! The shape of a session:
//! - one meeting (or conversation, or gathering) is open at a time;
//! - it may have several disturbances, one after another or overlapping;
//!   each is one case, numbered within the meeting (verstoring 1, 2, …);
//! - a disturbance has one or more persons (a person, a group, someone
//!   acting for an organisation), numbered within it; person 1 comes with
//!   the disturbance, the others are added;
//! - demands, leaving and removal are each person's; three refused demands
//!   make lokaalvredebreuk for that person; the police, the interventieteam,
//!   the aangifte decision and the category are the disturbance's.
//!
//! A step names its disturbance by case (once committed) or by number
//! ([`Target`]), and its person in its payload.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::case::PerpetratorKind;
use super::category::Category;
use super::event::{
    AangifteChoice, AlarmTarget, DemandBy, Event, EventBody, MeetingType, NewEvent, Setting,
    StreamCommand, Who,
};

mod describe;
mod rules;
mod timeline;

pub use rules::Refusal;
pub use timeline::Timeline;

/// The municipality's own rule: three demands to leave, then lokaalvredebreuk.
pub const DEMANDS_BEFORE_LOKAALVREDEBREUK: usize = 3;

/// The person a disturbance starts with; steps of registers of before were
/// all this person's.
pub const FIRST_PERSON: u8 = 1;

type Time = DateTime<FixedOffset>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingView {
    pub id: Option<u64>,
    pub meeting_type: MeetingType,
    pub title: String,
    pub chair: String,
    pub location: String,
    /// The location is the town hall (the interventieteam is at hand in
    /// office hours).
    pub town_hall: bool,
    /// The risk check (§4.2) it was prepared with.
    pub risk_check: Option<u64>,
    pub started_at: Time,
    pub ended_at: Option<Time>,
    /// A conversation: when the office holder ended it.
    pub conversation_ended_at: Option<Time>,
}

impl MeetingView {
    pub fn setting(&self) -> Setting {
        self.meeting_type.setting()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandView {
    pub number: usize,
    pub at: Time,
    pub by: DemandBy,
    pub wording: String,
}

/// One person (or group) disturbing, within a disturbance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonView {
    pub number: u8,
    pub kind: PerpetratorKind,
    pub description: String,
    pub name: String,
    /// Known in the register (as found when written): shown only as a flag.
    pub known: bool,
    pub added_at: Time,
    pub demands: Vec<DemandView>,
    pub left_at: Option<Time>,
    pub removed_at: Option<Time>,
}

impl PersonView {
    fn new(number: u8, at: Time) -> PersonView {
        PersonView {
            number,
            kind: PerpetratorKind::Persoon,
            description: String::new(),
            name: String::new(),
            known: false,
            added_at: at,
            demands: Vec::new(),
            left_at: None,
            removed_at: None,
        }
    }

    /// What was told of who this is.
    fn tell(&mut self, who: &Who) {
        self.kind = who.kind;
        self.description = who.description.clone();
        self.name = who.name.clone();
        self.known = who.known.is_some();
    }

    /// No longer in the room (or building).
    pub fn gone(&self) -> bool {
        self.left_at.is_some() || self.removed_at.is_some()
    }

    /// Three demands were refused: the protocol calls this lokaalvredebreuk
    /// (art. 139 Sr). A demand counts as refused while the person stays.
    pub fn lokaalvredebreuk(&self) -> bool {
        self.demands.len() >= DEMANDS_BEFORE_LOKAALVREDEBREUK && self.left_at.is_none()
    }

    /// Told to leave and still there.
    pub fn refuses(&self) -> bool {
        !self.demands.is_empty() && !self.gone()
    }

    /// `persoon 2`, `groep 2`: what the console calls this person.
    pub fn label(&self) -> String {
        let noun = match self.kind {
            PerpetratorKind::Persoon => "persoon",
            PerpetratorKind::Collectief => "groep",
            PerpetratorKind::Organisatie => "namens organisatie",
        };
        format!("{noun} {}", self.number)
    }

    /// The label with the description, if any: `persoon 1 (man met pet)`.
    pub fn described(&self) -> String {
        if self.description.is_empty() {
            self.label()
        } else {
            format!("{} ({})", self.label(), self.description)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmView {
    pub target: AlarmTarget,
    pub ok: bool,
    pub detail: String,
    pub at: Time,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisturbanceView {
    /// Its number within the meeting, from 1.
    pub number: u8,
    pub case_id: Option<u64>,
    /// Not yet known right after the key press; required before the case
    /// goes to the register.
    pub category: Option<Category>,
    pub place: String,
    /// What happened.
    pub what: String,
    pub started_at: Time,
    /// Person 1 first; never empty.
    pub persons: Vec<PersonView>,
    pub intervention_team_at: Option<Time>,
    pub police_called_at: Option<Time>,
    pub police_arrived_at: Option<Time>,
    pub protections: Vec<Time>,
    pub aangifte: Option<(AangifteChoice, Time)>,
    /// A decider's dissent with the aangifte decision, if any.
    pub dissent: String,
    /// What configured alarm commands answered.
    pub alarms: Vec<AlarmView>,
}

impl DisturbanceView {
    pub fn person(&self, number: u8) -> Option<&PersonView> {
        self.persons.iter().find(|p| p.number == number)
    }

    fn person_mut(&mut self, number: u8) -> Option<&mut PersonView> {
        self.persons.iter_mut().find(|p| p.number == number)
    }

    /// Everyone has left or was removed.
    pub fn all_gone(&self) -> bool {
        self.persons.iter().all(PersonView::gone)
    }

    /// Lokaalvredebreuk for at least one of its persons.
    pub fn lokaalvredebreuk(&self) -> bool {
        self.persons.iter().any(PersonView::lokaalvredebreuk)
    }

    /// `verstoring 2`.
    pub fn label(&self) -> String {
        format!("verstoring {}", self.number)
    }
}

/// The livestream as OBS Studio last reported it, when the program
/// controls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamView {
    pub command: StreamCommand,
    pub ok: bool,
    pub detail: String,
    pub at: Time,
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
    /// The disturbances under way, oldest first.
    pub disturbances: Vec<DisturbanceView>,
    /// When each disturbance of this meeting started, by number (index + 1):
    /// ended ones too, so that numbers are never given twice.
    pub disturbance_starts: Vec<Time>,
    /// The disturbances of this meeting that ended (each now a case in the
    /// register), oldest first.
    pub ended: Vec<DisturbanceView>,
    /// OBS Studio's last answer, if the program controls the stream.
    pub stream: Option<StreamView>,
    /// Shared rows, in shared chunks: the view is copied once per key while
    /// a step waits for the store, and a row never changes once made.
    pub timeline: Timeline,
}

/// Which disturbance a step is for, and which entry a correction corrects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Target {
    /// The disturbance's case, once committed.
    pub case_id: Option<u64>,
    /// The disturbance's number within the meeting (for one whose case is
    /// not committed yet).
    pub disturbance: Option<u8>,
    pub corrects: Option<u64>,
}

impl Target {
    /// The disturbance with this number.
    pub fn disturbance(number: u8) -> Target {
        Target {
            disturbance: Some(number),
            ..Target::default()
        }
    }

    /// The target of a step as queued or stored.
    pub fn of(new: &NewEvent) -> Target {
        Target {
            case_id: new.case_id,
            disturbance: new.disturbance,
            corrects: new.corrects,
        }
    }
}

fn hhmm(t: &Time) -> String {
    t.format("%H:%M:%S").to_string()
}

struct Item<'a> {
    seq: Option<u64>,
    at: Time,
    case_id: Option<u64>,
    disturbance: Option<u8>,
    corrects: Option<u64>,
    body: &'a EventBody,
}

impl<'a> Item<'a> {
    fn committed(e: &'a Event) -> Item<'a> {
        Item {
            seq: Some(e.seq),
            at: e.at,
            case_id: e.case_id,
            disturbance: None,
            corrects: e.corrects,
            body: &e.body,
        }
    }

    fn pending(e: &'a NewEvent) -> Item<'a> {
        Item {
            seq: None,
            at: e.at,
            case_id: e.case_id,
            disturbance: e.disturbance,
            corrects: e.corrects,
            body: &e.body,
        }
    }
}

impl LiveView {
    /// Folds the events of one meeting, then the steps still waiting for the store.
    pub fn derive(committed: &[Event], pending: &[NewEvent]) -> LiveView {
        LiveView::derive_with(committed, pending, true)
    }

    /// [`LiveView::derive`] of committed events without the timeline (no
    /// rows, so no words written), for what reads only the disturbances and
    /// the meeting: the case file that the rules and the next step derive
    /// ([`crate::domain::casefile::CaseFile::derive_untold`]). The words were
    /// a quarter of deriving a case file in `perf record` of `raadsorde demo`.
    pub fn derive_untold(committed: &[Event]) -> LiveView {
        LiveView::derive_with(committed, &[], false)
    }

    fn derive_with(committed: &[Event], pending: &[NewEvent], texts: bool) -> LiveView {
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
            view.fold(item, corrected, texts);
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
        self.fold(&item, None, true);
        true
    }

    /// One step of the fold: the timeline row (unless `texts` is off: see
    /// [`LiveView::derive_untold`]), then the effect unless voided.
    fn fold(&mut self, item: &Item<'_>, corrected: Option<String>, texts: bool) {
        let voided = corrected.is_some() && !item.body.is_structural();
        if texts {
            let text = self.describe(item);
            self.timeline.push(Arc::new(TimelineRow {
                seq: item.seq,
                at: item.at,
                text,
                corrected,
                is_correction: matches!(item.body, EventBody::Correction { .. }),
            }));
        }
        if !voided {
            self.apply(item);
        }
    }

    /// The open disturbance a step is for: by its case, else by its
    /// number, else (a step of before, or a script) the newest.
    fn index_of(&self, case_id: Option<u64>, number: Option<u8>) -> Option<usize> {
        if let Some(case) = case_id
            && let Some(i) = self
                .disturbances
                .iter()
                .position(|d| d.case_id == Some(case))
        {
            return Some(i);
        }
        match (case_id, number) {
            (_, Some(n)) => self.disturbances.iter().position(|d| d.number == n),
            (Some(_), None) => None,
            (None, None) => self.disturbances.len().checked_sub(1),
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
                town_hall,
                risk_check,
            } => {
                let timeline = std::mem::take(&mut self.timeline);
                *self = LiveView {
                    meeting: Some(MeetingView {
                        id: item.seq,
                        meeting_type: *meeting_type,
                        title: title.clone(),
                        chair: chair.clone(),
                        location: location.clone(),
                        town_hall: *town_hall,
                        risk_check: *risk_check,
                        started_at: at,
                        ended_at: None,
                        conversation_ended_at: None,
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
            EventBody::ConversationEnded {} => {
                if let Some(m) = &mut self.meeting {
                    m.conversation_ended_at.get_or_insert(at);
                }
            }
            EventBody::DisturbanceStarted {
                number,
                category,
                place,
                description,
                ..
            } => {
                let number = if *number == 0 {
                    u8::try_from(self.disturbance_starts.len() + 1).unwrap_or(u8::MAX)
                } else {
                    *number
                };
                self.disturbance_starts.push(at);
                let mut first = PersonView::new(FIRST_PERSON, at);
                first.description = description.clone();
                self.disturbances.push(DisturbanceView {
                    number,
                    case_id: item.case_id,
                    category: *category,
                    place: place.clone(),
                    what: String::new(),
                    started_at: at,
                    persons: vec![first],
                    intervention_team_at: None,
                    police_called_at: None,
                    police_arrived_at: None,
                    protections: Vec::new(),
                    aangifte: None,
                    dissent: String::new(),
                    alarms: Vec::new(),
                });
            }
            EventBody::DisturbanceEnded {} => {
                if let Some(i) = self.index_of(item.case_id, item.disturbance) {
                    let mut d = self.disturbances.remove(i);
                    d.case_id = d.case_id.or(item.case_id);
                    self.ended.push(d);
                }
            }
            EventBody::Suspended {} => self.suspended_since = Some(at),
            EventBody::Resumed {} => self.suspended_since = None,
            EventBody::LivestreamStopped {} => self.livestream_down_since = Some(at),
            EventBody::LivestreamResumed {} => self.livestream_down_since = None,
            EventBody::StreamControlled {
                command,
                ok,
                detail,
            } => {
                self.stream = Some(StreamView {
                    command: *command,
                    ok: *ok,
                    detail: detail.clone(),
                    at,
                });
            }
            EventBody::Note { .. } | EventBody::Correction { .. } => {}
            body => {
                let Some(i) = self.index_of(item.case_id, item.disturbance) else {
                    return;
                };
                let d = &mut self.disturbances[i];
                match body {
                    EventBody::DisturbanceDescribed {
                        category,
                        place,
                        what,
                    } => {
                        if category.is_some() {
                            d.category = *category;
                        }
                        if let Some(p) = place {
                            d.place = p.clone();
                        }
                        if let Some(w) = what {
                            d.what = w.clone();
                        }
                    }
                    EventBody::PersonAdded { number, who } => {
                        let mut p = PersonView::new(*number, at);
                        p.tell(who);
                        d.persons.push(p);
                    }
                    EventBody::PersonDescribed { person, who } => {
                        if let Some(p) = d.person_mut(*person) {
                            p.tell(who);
                        }
                    }
                    EventBody::Demand {
                        by,
                        wording,
                        person,
                        ..
                    } => {
                        if let Some(p) = d.person_mut(*person) {
                            p.demands.push(DemandView {
                                number: p.demands.len() + 1,
                                at,
                                by: *by,
                                wording: wording.clone(),
                            });
                        }
                    }
                    EventBody::LeftVoluntarily { person } => {
                        if let Some(p) = d.person_mut(*person) {
                            p.left_at = Some(at);
                        }
                    }
                    EventBody::RemovedByPolice { person } => {
                        if let Some(p) = d.person_mut(*person) {
                            p.removed_at = Some(at);
                        }
                    }
                    EventBody::InterventionTeamCalled {} => d.intervention_team_at = Some(at),
                    EventBody::PoliceCalled {} => d.police_called_at = Some(at),
                    EventBody::PoliceArrived {} => d.police_arrived_at = Some(at),
                    EventBody::PhysicalProtection { .. } => d.protections.push(at),
                    EventBody::AangifteDecision {
                        decision, dissent, ..
                    } => {
                        d.aangifte = Some((*decision, at));
                        d.dissent = dissent.clone();
                    }
                    EventBody::AlarmRun {
                        target, ok, detail, ..
                    } => d.alarms.push(AlarmView {
                        target: *target,
                        ok: *ok,
                        detail: detail.clone(),
                        at,
                    }),
                    _ => {}
                }
            }
        }
    }

    /// The meeting, if one is open.
    pub fn open_meeting(&self) -> Option<&MeetingView> {
        self.meeting.as_ref().filter(|m| m.ended_at.is_none())
    }

    /// The setting of the open meeting (a meeting when none is open).
    pub fn setting(&self) -> Setting {
        self.open_meeting()
            .map_or(Setting::Vergadering, MeetingView::setting)
    }

    /// The disturbance of a case, under way or ended.
    pub fn of_case(&self, case_id: u64) -> Option<&DisturbanceView> {
        self.disturbances
            .iter()
            .chain(&self.ended)
            .find(|d| d.case_id == Some(case_id))
    }

    /// The newest disturbance under way.
    pub fn newest(&self) -> Option<&DisturbanceView> {
        self.disturbances.last()
    }

    /// The disturbance under way with this number.
    pub fn disturbance(&self, number: u8) -> Option<&DisturbanceView> {
        self.disturbances.iter().find(|d| d.number == number)
    }

    /// The number the next disturbance gets.
    pub fn next_disturbance_number(&self) -> u8 {
        u8::try_from(self.disturbance_starts.len() + 1).unwrap_or(u8::MAX)
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

/// `Persoon 2` from `persoon 2`.
fn capital(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
