//! The event loop's answers: a step committed or refused by the store,
//! events of another workstation, what OBS and the alarm command did.

use super::{Console, Level, RefusedStep, StreamState};
use crate::domain::live::PersonView;
use crate::domain::{
    Event, EventBody, NewEvent,
    event::{AlarmTarget, Setting, StreamCommand},
};

impl Console {
    /// A waiting step the store refused: it leaves the projection, and the
    /// screen says which step and why.
    pub(super) fn refused_step(&mut self, reason: String) {
        if let Some(step) = self.pending.pop_front() {
            let what = step.body.summary();
            self.error(format!("GEWEIGERD bij opslaan: {what}. {reason}"));
            self.refused.push(RefusedStep {
                at: step.at,
                what,
                why: reason,
            });
        }
        self.project_pending();
    }

    /// Events a second workstation committed: those of this console's
    /// meeting (or a meeting it opened while none was open here) are folded
    /// in; risk checks are kept for the next session.
    pub(super) fn external(&mut self, events: Vec<Event>) {
        let mut changed = false;
        for event in events {
            if matches!(event.body, EventBody::RiskCheckRecorded { .. }) {
                self.risk_checks.push(event);
                continue;
            }
            let ours = self.view.meeting.as_ref().and_then(|m| m.id);
            let adopt = matches!(event.body, EventBody::MeetingStarted { .. })
                && self.view.open_meeting().is_none();
            if !adopt && (ours.is_none() || event.meeting_id != ours) {
                continue;
            }
            changed = true;
            self.view.append(&mut self.committed, event);
        }
        if changed {
            self.project_pending();
            // A warning or error stays in view; this is only news.
            if self.flash.as_ref().is_none_or(|f| f.level == Level::Info) {
                self.info("Bijgewerkt met wat een andere werkplek vastlegde.");
            }
        }
    }

    pub(super) fn committed_event(&mut self, event: Event) {
        self.pending.pop_front();
        let body = event.body.clone();
        if matches!(body, EventBody::RiskCheckRecorded { .. }) {
            self.risk_checks.push(event);
            self.info("Risico-inschatting vastgelegd (vertrouwelijk); kies die bij het openen van het gesprek of de bijeenkomst.");
            return;
        }
        let case = event.case_id;
        self.view.append(&mut self.committed, event);
        self.project_pending();
        match body {
            EventBody::Demand { person, .. } => {
                let breach = case
                    .and_then(|c| self.view.of_case(c))
                    .and_then(|d| d.person(person))
                    .filter(|p| p.lokaalvredebreuk())
                    .map(PersonView::label);
                if let Some(who) = breach
                    && self.view.setting() != Setting::Gesprek
                {
                    self.error(format!(
                        "LOKAALVREDEBREUK ({who}): derde vordering geweigerd (art. 139 Sr). Bel de politie (112)."
                    ));
                }
            }
            EventBody::DisturbanceEnded {} => {
                self.info("Verstoring afgesloten en als zaak geregistreerd in het register.");
            }
            _ => {}
        }
    }

    /// OBS answered: the outcome is evidence of its own; the step itself
    /// was logged at the key press.
    pub(super) fn stream_answered(&mut self, command: StreamCommand, ok: bool, detail: String) {
        self.stream_state = match (command, ok) {
            (StreamCommand::Stop, true) => StreamState::Off,
            (StreamCommand::Start, true) => StreamState::Live,
            _ => self.stream_state.clone(),
        };
        if !ok {
            let what = match command {
                StreamCommand::Stop => "STOP DE LIVESTREAM MET DE HAND",
                StreamCommand::Start => "Start de livestream met de hand",
            };
            self.error(format!("{what}: {detail}"));
        }
        self.record(EventBody::StreamControlled {
            command,
            ok,
            detail,
        });
    }

    pub(super) fn alarm_answered(
        &mut self,
        target: AlarmTarget,
        ok: bool,
        exit_code: Option<i32>,
        detail: String,
        disturbance: u8,
    ) {
        if !ok {
            self.error(format!(
                "Alarmcommando ({}) mislukt: {detail}. Alarmeer zelf.",
                target.label()
            ));
        }
        let case_id = self.view.disturbance(disturbance).and_then(|d| d.case_id);
        let meeting_id = self.view.open_meeting().and_then(|m| m.id);
        let step = NewEvent {
            at: self.now,
            actor: self.config.profile.clone(),
            meeting_id,
            case_id,
            corrects: None,
            disturbance: Some(disturbance),
            body: EventBody::AlarmRun {
                target,
                ok,
                exit_code,
                detail,
            },
        };
        self.queue(step);
    }
}
