//! The rules at the moment of writing. Every event is checked inside its
//! own write transaction (`BEGIN IMMEDIATE`, so no other process can write
//! in between) against the events committed so far: whatever a second
//! workstation, a stale screen or a script wrote meanwhile is folded in
//! first. The rules themselves are the pure core's ([`LiveView::permits`],
//! [`CaseFile::permits`]): the screens ask the same functions for their
//! hints and early refusals, so a rule is written once.

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;
use super::events::{CaseEvents, meeting_events, meeting_events_after};
use crate::domain::casefile::CaseFile;
use crate::domain::chain::Digest;
use crate::domain::event::{Event, EventBody, NewEvent};
use crate::domain::live::{LiveView, Target, TimelineRow};
use crate::domain::preparation;

/// Which rules an event answers to.
enum Scope {
    /// A step of the live console: checked against the open meeting.
    Live,
    /// Handling of an existing case: checked against its case file.
    Case(u64),
    /// The intake of a new case.
    Opening,
    /// Not tied to a meeting or case (a perpetrator registered on its own,
    /// what the program itself did: an OBS answer, an alarm command).
    Free,
    /// A risk check (§4.2): its own rules.
    Preparation,
    /// Roles, identity links, hand-overs and the access log
    /// (`storage/access.rs`).
    Access,
}

/// The open meeting as folded from the committed events, kept between
/// transactions so that a key in the live console costs the events written
/// since, not the whole meeting.
struct LiveFold {
    /// The newest event folded (of any meeting or case), with its hash: if
    /// the register no longer holds that hash at that seq (a transaction
    /// that rolled back), the fold is made again from scratch.
    through: Option<(u64, Digest)>,
    events: Vec<Event>,
    view: LiveView,
}

/// What the store keeps to check events quickly.
#[derive(Default)]
pub(super) struct Rules {
    live: Option<LiveFold>,
    /// The retention term a purge is held to.
    pub(super) retention: super::retention::Retention,
}

impl Rules {
    /// Checks `new` against the committed events; fills in the meeting and
    /// case it belongs to (the open meeting, the disturbance under way, the
    /// case of the entry it corrects). A refusal says why in Dutch and what
    /// was logged last, which is what the other workstation did.
    pub(super) fn check(
        &mut self,
        tx: &Connection,
        new: &mut NewEvent,
        cases: &mut CaseEvents,
    ) -> Result<(), StoreError> {
        match self.scope(tx, new)? {
            Scope::Live => self.check_live(tx, new),
            Scope::Case(id) => check_case(tx, id, new, cases),
            Scope::Opening => {
                CaseFile::permits_opening(&new.body, new.at).map_err(|r| refused(r, None))
            }
            Scope::Free if matches!(new.body, EventBody::PayloadPurged { .. }) => {
                super::retention::check(tx, new, &self.retention)
            }
            Scope::Free => {
                // An alarm's outcome for a disturbance whose case was not
                // committed when it was queued: its case by its number.
                if matches!(new.body, EventBody::AlarmRun { .. })
                    && new.case_id.is_none()
                    && new.disturbance.is_some()
                {
                    let view = self.live_view(tx)?;
                    new.case_id = view
                        .disturbances
                        .iter()
                        .chain(&view.ended)
                        .find(|d| Some(d.number) == new.disturbance)
                        .and_then(|d| d.case_id);
                }
                Ok(())
            }
            Scope::Preparation => {
                preparation::permits_risk_check(&new.body).map_err(|r| refused(r, None))
            }
            Scope::Access => super::access::check(tx, new).map_err(|r| refused(r, None)),
        }
    }

    fn scope(&mut self, tx: &Connection, new: &mut NewEvent) -> Result<Scope, StoreError> {
        if new.body.is_live_step() {
            return Ok(Scope::Live);
        }
        match &new.body {
            EventBody::CaseOpened { .. } => Ok(Scope::Opening),
            EventBody::Correction { .. } => {
                let Some(target) = new.corrects else {
                    return Err(StoreError::Invalid(
                        "een correctie moet zeggen welke regel zij corrigeert".into(),
                    ));
                };
                let in_meeting = self
                    .live_view(tx)?
                    .timeline
                    .iter()
                    .any(|r| r.seq == Some(target));
                let target_case = case_of(tx, target)?;
                if in_meeting && new.case_id.is_none_or(|c| Some(c) == target_case) {
                    return Ok(Scope::Live);
                }
                match target_case {
                    Some(case) if new.case_id.is_none_or(|c| c == case) => {
                        new.case_id = Some(case);
                        Ok(Scope::Case(case))
                    }
                    _ => Err(StoreError::Invalid(format!(
                        "regel {target} hoort niet bij deze zaak of vergadering"
                    ))),
                }
            }
            EventBody::Note { .. } => match new.case_id {
                None => Ok(Scope::Live),
                Some(case) => {
                    let view = self.live_view(tx)?;
                    let live = view.open_meeting().is_some_and(|m| m.id == new.meeting_id)
                        && view.disturbances.iter().any(|d| d.case_id == Some(case));
                    Ok(if live { Scope::Live } else { Scope::Case(case) })
                }
            },
            EventBody::RiskCheckRecorded { .. } => Ok(Scope::Preparation),
            EventBody::RoleGranted { .. }
            | EventBody::RoleRevoked { .. }
            | EventBody::IdentityLinked { .. }
            | EventBody::AccessLogged { .. }
            | EventBody::CaseHandedOver { .. } => Ok(Scope::Access),
            EventBody::StreamControlled { .. } | EventBody::AlarmRun { .. } => Ok(Scope::Free),
            EventBody::PerpetratorRegistered { .. } if new.case_id.is_none() => Ok(Scope::Free),
            EventBody::Unreadable { .. } => Err(StoreError::Invalid(
                "een onleesbare gebeurtenis kan niet worden vastgelegd".into(),
            )),
            // Events about the register itself.
            EventBody::SchemaRestored { .. }
            | EventBody::PayloadPurged { .. }
            | EventBody::Restored { .. }
            | EventBody::ChainUpgraded { .. } => Ok(Scope::Free),
            _ => match new.case_id {
                Some(case) => Ok(Scope::Case(case)),
                None => {
                    let kind = new.body.to_parts().map(|(k, _)| k).unwrap_or_default();
                    Err(StoreError::Invalid(format!(
                        "'{kind}' hoort bij een zaak, maar er is geen zaak opgegeven"
                    )))
                }
            },
        }
    }

    fn check_live(&mut self, tx: &Connection, new: &mut NewEvent) -> Result<(), StoreError> {
        let view = self.live_view(tx)?;
        let last = last_committed(view.timeline.iter().map(|r| r.as_ref()));
        let open = view.open_meeting().and_then(|m| m.id);
        if !matches!(new.body, EventBody::MeetingStarted { .. }) {
            if let (Some(asked), Some(open)) = (new.meeting_id, open)
                && asked != open
            {
                return Err(refused(
                    "De vergadering waarin dit werd vastgelegd is intussen gesloten; er loopt nu een andere vergadering.",
                    last,
                ));
            }
            new.meeting_id = open.or(new.meeting_id);
            match &new.body {
                EventBody::DisturbanceStarted { .. } => new.case_id = None,
                EventBody::Correction { .. } => {
                    new.case_id = match new.corrects {
                        Some(target) => case_of(tx, target)?,
                        None => None,
                    }
                }
                // A note made during a disturbance belongs to its case;
                // one whose disturbance has ended is the meeting's.
                EventBody::Note { .. } => {
                    new.case_id = match (new.case_id, new.disturbance) {
                        (None, None) => None,
                        _ => view.target(&Target::of(new)).ok().and_then(|d| d.case_id),
                    }
                }
                body if body.is_disturbance_step() => {
                    // The disturbance it names (by case, or by number for
                    // a step queued before its case was committed); one
                    // that was closed meanwhile refuses it.
                    let d = view
                        .target(&Target::of(new))
                        .map_err(|r| refused(r, last.clone()))?;
                    new.case_id = d.case_id;
                }
                _ => new.case_id = None,
            }
        }
        view.permits(&new.body, &Target::of(new))
            .map_err(|r| refused(r, last))?;
        if let EventBody::MeetingStarted {
            meeting_type,
            risk_check: Some(seq),
            ..
        } = &new.body
        {
            check_risk_check(tx, *seq, *meeting_type)?;
        }
        // A person with a name: is that name in the perpetrator register?
        // Written with the step; the console shows only "bekend".
        if let EventBody::PersonAdded { who, .. } | EventBody::PersonDescribed { who, .. } =
            &mut new.body
        {
            who.known = super::register::known_perpetrator(tx, &who.name)?;
        }
        Ok(())
    }

    /// The event just appended in this write transaction, linked to `prev`:
    /// if the live view was current up to `prev` (it was checked against
    /// it), the event is folded in now, so that the next step's check does
    /// not read it back and decode it. Otherwise nothing changes and the
    /// next check catches up as before. Should the transaction roll back,
    /// the fold stands at a head the register does not hold: the next check
    /// finds another hash (or none) at that seq and folds again from scratch.
    pub(super) fn appended(&mut self, link: Option<((u64, Digest), (u64, Digest))>, event: &Event) {
        let (Some(fold), Some((prev, head))) = (&mut self.live, link) else {
            return;
        };
        if fold.through != Some(prev) || head.0 != event.seq {
            return;
        }
        if fold.concerns(event) {
            fold.fold(event.clone());
        }
        fold.through = Some(head);
    }

    /// The open meeting (or the last one), folded up to the newest committed event.
    fn live_view(&mut self, tx: &Connection) -> Result<&LiveView, StoreError> {
        let head = super::head(tx)?;
        let fresh = match &self.live {
            Some(fold) if fold.through == head => true,
            Some(fold) => match fold.through {
                None => false,
                Some((seq, hash)) => hash_at(tx, seq)? == Some(hash),
            },
            None => false,
        };
        if !fresh || self.live.is_none() {
            self.live = Some(rebuild(tx, head)?);
        } else if let Some(fold) = &mut self.live
            && fold.through != head
        {
            let after = fold.through.map_or(0, |(s, _)| s);
            for event in meeting_events_after(tx, after)? {
                fold.fold(event);
            }
            fold.through = head;
        }
        match &self.live {
            Some(fold) => Ok(&fold.view),
            None => Err(StoreError::Invalid("geen vergadering".into())),
        }
    }
}

impl LiveFold {
    /// Whether an event changes the view: a meeting's start, or an event
    /// of the meeting folded.
    fn concerns(&self, event: &Event) -> bool {
        let current = self.view.meeting.as_ref().and_then(|m| m.id);
        matches!(event.body, EventBody::MeetingStarted { .. })
            || (current.is_some() && event.meeting_id == current)
    }

    /// Adds one committed event, of whatever meeting or case.
    fn fold(&mut self, event: Event) {
        if self.concerns(&event) {
            self.view.append(&mut self.events, event);
        }
    }
}

fn rebuild(tx: &Connection, head: Option<(u64, Digest)>) -> Result<LiveFold, StoreError> {
    let meeting: Option<u64> = tx
        .prepare_cached("SELECT id FROM meetings ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let events = match meeting {
        Some(id) => meeting_events(tx, id)?,
        None => Vec::new(),
    };
    let view = LiveView::derive(&events, &[]);
    Ok(LiveFold {
        through: head,
        events,
        view,
    })
}

fn check_case(
    tx: &Connection,
    case: u64,
    new: &NewEvent,
    cases: &mut CaseEvents,
) -> Result<(), StoreError> {
    let events = cases.get(tx, case)?;
    if events.is_empty() {
        return Err(StoreError::Invalid(format!("zaak {case} bestaat niet")));
    }
    let file = CaseFile::derive_untold(case, events);
    let checked = match (&new.body, new.corrects) {
        (EventBody::Correction { reason }, Some(target)) => file.permits_correction(target, reason),
        (body, _) => file.permits(body, new.at),
    };
    // A refusal names what was logged last, in words: only then are they
    // written.
    checked.map_err(|r| {
        let told = CaseFile::derive(case, events);
        refused(r, last_committed(told.timeline.iter()))
    })
}

/// A session opened from risk check `seq`: it must be one, of its kind.
fn check_risk_check(
    tx: &Connection,
    seq: u64,
    meeting_type: crate::domain::MeetingType,
) -> Result<(), StoreError> {
    let row: Option<(String, Option<String>)> = tx
        .prepare_cached("SELECT kind, payload FROM events WHERE seq = ?1")?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let body = match row {
        Some((kind, Some(payload))) if kind == "risk-check-recorded" => {
            EventBody::from_stored(&kind, &payload).ok()
        }
        _ => None,
    };
    match body {
        Some(EventBody::RiskCheckRecorded { setting, .. }) => {
            preparation::fits(setting, meeting_type).map_err(|r| refused(r, None))
        }
        _ => Err(refused(
            preparation::PreparationRefusal::NotARiskCheck(seq),
            None,
        )),
    }
}

fn last_committed<'a>(
    timeline: impl DoubleEndedIterator<Item = &'a TimelineRow>,
) -> Option<TimelineRow> {
    timeline.rev().find(|r| r.seq.is_some()).cloned()
}

/// A refusal, with what was logged last: on a register shared by two
/// workstations, that is usually what the other one did.
pub(super) fn refused(rule: impl ToString, last: Option<TimelineRow>) -> StoreError {
    let rule = rule.to_string();
    let rule = rule.trim_end_matches('.');
    StoreError::Refused(match last {
        Some(row) => format!(
            "Geweigerd: {rule}. Laatst vastgelegd (mogelijk op een andere werkplek): “{}” om {}.",
            row.text,
            row.at.format("%H:%M:%S")
        ),
        None => format!("Geweigerd: {rule}."),
    })
}

fn hash_at(tx: &Connection, seq: u64) -> Result<Option<Digest>, StoreError> {
    let hash: Option<Vec<u8>> = tx
        .prepare_cached("SELECT hash FROM events WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .optional()?;
    Ok(hash.and_then(|h| Digest::try_from(h).ok()))
}

/// The case an event belongs to.
fn case_of(tx: &Connection, seq: u64) -> Result<Option<u64>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT case_id FROM events WHERE seq = ?1")?
        .query_row([seq], |r| r.get::<_, Option<u64>>(0))
        .optional()?
        .flatten())
}
