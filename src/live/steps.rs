//! The steps of the live actions: which step an action logs and which are
//! suggested now, and queueing a step once the rules allow it, with what an
//! outside system must do for it.

use super::{Console, Effect};
use crate::domain::live::{Refusal, Target};
use crate::domain::text::{self, limits};
use crate::domain::{
    AangifteChoice, DemandBy, EventBody, NewEvent,
    event::{AlarmTarget, Setting, StreamCommand},
};
use crate::keymap::Action;

impl Console {
    /// The live actions that make sense now, most urgent first, for the key
    /// hints. Derived from the rules themselves: an action is suggested when
    /// `LiveView::permits` would let its step be logged now, the same check
    /// that refuses it on the key and at the moment of writing. Help lists
    /// all of them.
    pub fn suggested_actions(&self) -> Vec<Action> {
        /// Steps in order of urgency; each is offered when the rules permit it.
        const STEPS: [Action; 23] = [
            Action::MeetingStart,
            Action::Category1,
            Action::Category2,
            Action::Category3,
            Action::Category4,
            Action::ConversationEnd,
            Action::Suspend,
            Action::Demand,
            Action::DemandGriffier,
            Action::LeftVoluntarily,
            Action::LivestreamStop,
            Action::CallInterventionTeam,
            Action::CallPolice,
            Action::PoliceArrived,
            Action::RemovedByPolice,
            Action::AangifteDecision,
            Action::Resume,
            Action::LivestreamResume,
            Action::DisturbanceEnd,
            Action::PhysicalProtection,
            Action::PersonAdd,
            Action::DisturbanceStart,
            Action::MeetingEnd,
        ];
        let v = self.projected();
        let mut out = Vec::new();
        if self.saving.failure.is_some() {
            out.push(Action::Retry);
        }
        let category_known = self.current().is_some_and(|(d, _)| d.category.is_some());
        // With several people (or disturbances), who the steps are for is
        // the first thing to be able to change.
        if self.selectable() > 1 {
            out.push(Action::NextPerson);
        }
        out.extend(STEPS.into_iter().filter(|a| {
            // The category keys are offered while it is not known; they
            // change it too, but need no hint then.
            if a.category().is_some() && category_known {
                return false;
            }
            self.step_for(*a).is_some_and(|(body, target)| {
                match v.permits(&body, &target) {
                    Ok(()) => true,
                    // Ending asks for the category when it is missing.
                    Err(Refusal::CategoryMissing(_)) => *a == Action::DisturbanceEnd,
                    Err(_) => false,
                }
            })
        }));
        if self.current().is_some() {
            out.push(Action::Describe);
        }
        if v.open_meeting().is_some() {
            out.push(Action::Note);
            if !v.correctable().is_empty() {
                out.push(Action::Correct);
            }
        } else {
            out.extend([Action::RiskCheckConversation, Action::RiskCheckGathering]);
        }
        out.push(Action::Show112Card);
        if v.disturbances.is_empty() {
            out.push(Action::SwitchScreen);
        }
        out.extend([Action::Help, Action::Quit]);
        out
    }

    /// Whether a demand now would come within the configured interval of
    /// the previous one to the same person: more likely a key that bounced
    /// than a new demand.
    pub(super) fn bounced(&self) -> bool {
        let window = i64::from(self.config.live.demand_repeat_secs);
        window > 0
            && self
                .current()
                .and_then(|(_, p)| p.demands.last())
                .is_some_and(|last| (0..window).contains(&(self.now - last.at).num_seconds()))
    }

    /// The words of a demand in this setting.
    fn demand_wording(&self) -> String {
        let wording = match self.projected().setting() {
            Setting::Gesprek => &self.config.live.conversation_demand_wording,
            _ => &self.config.live.demand_wording,
        };
        text::clean(wording, limits::NOTE)
    }

    /// The step a live action logs (with the details a dialog would still
    /// ask for left at their defaults) and whom it is for, for asking the
    /// rules about it.
    pub fn step_for(&self, action: Action) -> Option<(EventBody, Target)> {
        let target = self.current_target();
        let person = self.current_person();
        let v = self.projected();
        let body = match action {
            Action::MeetingStart => EventBody::MeetingStarted {
                meeting_type: self.config.meeting.meeting_type,
                title: String::new(),
                chair: String::new(),
                location: String::new(),
                town_hall: false,
                risk_check: None,
            },
            Action::DisturbanceStart => EventBody::DisturbanceStarted {
                number: v.next_disturbance_number(),
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
            Action::Category1 | Action::Category2 | Action::Category3 | Action::Category4 => {
                EventBody::DisturbanceDescribed {
                    category: action.category(),
                    place: None,
                    what: None,
                }
            }
            Action::PersonAdd => EventBody::PersonAdded {
                number: self.current().map_or(2, |(d, _)| {
                    u8::try_from(d.persons.len() + 1).unwrap_or(u8::MAX)
                }),
                who: crate::domain::event::Who::of(crate::domain::case::PerpetratorKind::Persoon),
            },
            Action::ConversationEnd => EventBody::ConversationEnded {},
            Action::Suspend => EventBody::Suspended {},
            Action::Resume => EventBody::Resumed {},
            Action::Demand | Action::DemandGriffier => {
                let number = self.current().map_or(1, |(_, p)| p.demands.len() + 1);
                EventBody::Demand {
                    number: u8::try_from(number).unwrap_or(u8::MAX),
                    by: if action == Action::Demand {
                        DemandBy::Voorzitter
                    } else {
                        DemandBy::Griffier
                    },
                    wording: self.demand_wording(),
                    person,
                }
            }
            Action::LeftVoluntarily => EventBody::LeftVoluntarily { person },
            Action::LivestreamStop => EventBody::LivestreamStopped {},
            Action::LivestreamResume => EventBody::LivestreamResumed {},
            Action::CallInterventionTeam => EventBody::InterventionTeamCalled {},
            Action::CallPolice => EventBody::PoliceCalled {},
            Action::PoliceArrived => EventBody::PoliceArrived {},
            Action::RemovedByPolice => EventBody::RemovedByPolice { person },
            Action::PhysicalProtection => EventBody::PhysicalProtection {
                confirmed_rule: true,
            },
            Action::AangifteDecision => EventBody::AangifteDecision {
                decision: AangifteChoice::Later,
                decided_by: Vec::new(),
                dissent: String::new(),
            },
            Action::DisturbanceEnd => EventBody::DisturbanceEnded {},
            Action::MeetingEnd => EventBody::MeetingEnded {},
            _ => return None,
        };
        Some((body, target))
    }

    /// Records what the program itself did (an outcome, a preparation):
    /// not a step the rules of the meeting answer to.
    pub(super) fn record(&mut self, body: EventBody) {
        let meeting_id = match body {
            EventBody::RiskCheckRecorded { .. } => None,
            _ => self.view.open_meeting().and_then(|m| m.id),
        };
        let mut step = NewEvent::new(self.now, self.config.profile.clone(), body);
        step.meeting_id = meeting_id;
        self.queue(step);
    }

    pub(super) fn queue(&mut self, step: NewEvent) {
        self.pending.push_back(step.clone());
        self.to_send.push(step);
        self.project_pending();
    }

    /// Queues a step for the current disturbance if the rules allow it now;
    /// says why not otherwise.
    pub(super) fn log(&mut self, body: EventBody, corrects: Option<u64>) -> bool {
        let mut target = self.current_target();
        target.corrects = corrects;
        self.log_for(body, target)
    }

    /// Queues a step for `target` if the rules allow it now.
    pub(super) fn log_for(&mut self, body: EventBody, target: Target) -> bool {
        if let Err(refusal) = self.projected().permits(&body, &target) {
            self.warn(refusal.to_string());
            return false;
        }
        // The meeting and case as committed here; the store fills them in
        // for steps queued before those were committed, and refuses a step
        // whose meeting or disturbance another workstation has closed.
        let meeting_id = self.view.open_meeting().and_then(|m| m.id);
        let (case_id, disturbance) = match &body {
            EventBody::MeetingStarted { .. } | EventBody::DisturbanceStarted { .. } => (None, None),
            EventBody::Correction { .. } => (
                self.committed
                    .iter()
                    .find(|e| Some(e.seq) == target.corrects)
                    .and_then(|e| e.case_id),
                None,
            ),
            // A note during a disturbance belongs to its case too.
            b if b.is_disturbance_step() || matches!(b, EventBody::Note { .. }) => {
                (target.case_id, target.disturbance)
            }
            _ => (None, None),
        };
        // What follows from the step: a new disturbance or person becomes
        // current.
        match &body {
            EventBody::DisturbanceStarted { number, .. } => {
                self.selection = Some((*number, crate::domain::live::FIRST_PERSON));
            }
            EventBody::PersonAdded { number, .. } => {
                if let Some(d) = target.disturbance {
                    self.selection = Some((d, *number));
                }
            }
            _ => {}
        }
        let integration = self.integration_for(&body, target.disturbance);
        let step = NewEvent {
            at: self.now,
            actor: self.config.profile.clone(),
            meeting_id: if matches!(body, EventBody::MeetingStarted { .. }) {
                None
            } else {
                meeting_id
            },
            case_id,
            corrects: target.corrects,
            disturbance,
            body,
        };
        let before = self.current().map(|(d, p)| (d.number, p.number));
        self.queue(step);
        self.effects.extend(integration);
        if self.saving.failure.is_none() {
            self.flash = None;
        }
        // Someone left: the steps now go to whoever is still there.
        let after = self.current().map(|(d, p)| (d.number, p.number));
        if before.is_some()
            && before != after
            && let Some((d, p)) = self.current()
            && self.saving.failure.is_none()
        {
            let text = format!("Nu: {} · {}", d.label(), p.described());
            self.info(text);
        }
        true
    }

    /// What an outside system must do for a step, when configured: logging
    /// never waits for it.
    fn integration_for(&self, body: &EventBody, disturbance: Option<u8>) -> Option<Effect> {
        match body {
            EventBody::LivestreamStopped {} if self.integrations.obs => {
                Some(Effect::Stream(StreamCommand::Stop))
            }
            EventBody::LivestreamResumed {} if self.integrations.obs => {
                Some(Effect::Stream(StreamCommand::Start))
            }
            EventBody::InterventionTeamCalled {} | EventBody::PoliceCalled {}
                if self.integrations.alarm =>
            {
                let target = if matches!(body, EventBody::PoliceCalled {}) {
                    AlarmTarget::Politie
                } else {
                    AlarmTarget::Interventieteam
                };
                let number = disturbance?;
                Some(Effect::Alarm {
                    target,
                    text: self.alarm_text(target, number),
                    disturbance: number,
                })
            }
            _ => None,
        }
    }

    /// The text an alarm command gets: the 112 card's, without names.
    fn alarm_text(&self, target: AlarmTarget, disturbance: u8) -> String {
        let card = crate::domain::card::Card112::of(
            self.projected(),
            &self.config.municipality,
            &self.config.emergency.notes,
            self.projected().disturbance(disturbance),
        );
        format!(
            "{} — {}\n{}",
            target.label(),
            self.now.format("%d-%m-%Y %H:%M:%S"),
            card.text()
        )
    }

    /// Checks a step against the rules without logging it (before a form opens).
    pub(super) fn allowed(&mut self, body: &EventBody, target: &Target) -> bool {
        match self.projected().permits(body, target) {
            Ok(()) => true,
            Err(refusal) => {
                self.warn(refusal.to_string());
                false
            }
        }
    }
}
