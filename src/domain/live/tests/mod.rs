//! The live view and the rules of §5, against scripted events.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::time::to_local;

mod corrections;
mod folding;
mod persons;
mod session;

/// Builds committed events one by one, checking each against the rules as
/// the store does: a disturbance opens a case (seq × 100), and a step is
/// tied to the case of the disturbance it names.
struct Script {
    events: Vec<Event>,
    t: Time,
    /// The disturbance steps go to (its number), unless a step names one.
    current: Option<u8>,
}

impl Script {
    fn new() -> Script {
        Script {
            events: Vec::new(),
            t: to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap()),
            current: None,
        }
    }

    fn view(&self) -> LiveView {
        LiveView::derive(&self.events, &[])
    }

    fn target(&self, corrects: Option<u64>) -> Target {
        Target {
            case_id: None,
            disturbance: self.current,
            corrects,
        }
    }

    fn try_log(&mut self, body: EventBody, corrects: Option<u64>) -> Result<u64, Refusal> {
        let target = self.target(corrects);
        self.try_log_for(body, target)
    }

    /// Corrects entry `target` with `reason`.
    fn correct(&mut self, target: u64, reason: &str) -> Result<u64, Refusal> {
        let body = EventBody::Correction {
            reason: reason.into(),
        };
        self.try_log(body, Some(target))
    }

    fn try_log_for(&mut self, body: EventBody, target: Target) -> Result<u64, Refusal> {
        let view = self.view();
        view.permits(&body, &target)?;
        self.t += Duration::seconds(30);
        let seq = self.events.len() as u64 + 1;
        let case_id = match &body {
            EventBody::DisturbanceStarted { number, .. } => {
                self.current = Some(if *number == 0 {
                    view.next_disturbance_number()
                } else {
                    *number
                });
                Some(seq * 100)
            }
            b if b.is_disturbance_step() => view.target(&target).ok().and_then(|d| d.case_id),
            _ => None,
        };
        self.events.push(Event {
            seq,
            at: self.t,
            actor: "griffie".into(),
            meeting_id: Some(1),
            case_id,
            corrects: target.corrects,
            body,
        });
        Ok(seq)
    }

    fn log(&mut self, body: EventBody) -> u64 {
        self.try_log(body, None).expect("step refused")
    }

    fn meeting_of(&mut self, meeting_type: MeetingType) {
        self.log(EventBody::MeetingStarted {
            meeting_type,
            title: "Raadsvergadering".into(),
            chair: "burgemeester".into(),
            location: "raadzaal".into(),
            town_hall: true,
            risk_check: None,
        });
    }

    fn meeting(&mut self) {
        self.meeting_of(MeetingType::Raadsvergadering);
    }

    /// A disturbance logged at the key press: nothing known yet.
    fn disturbance(&mut self) -> u8 {
        let number = self.view().next_disturbance_number();
        self.log(EventBody::DisturbanceStarted {
            number,
            category: None,
            place: String::new(),
            description: String::new(),
            opened_by: None,
        });
        number
    }

    fn categorise(&mut self, category: Category) {
        self.log(EventBody::DisturbanceDescribed {
            category: Some(category),
            place: None,
            what: None,
        });
    }

    fn current(&self) -> DisturbanceView {
        let v = self.view();
        v.target(&self.target(None)).unwrap().clone()
    }

    fn demand_to(&mut self, person: u8) -> Result<u64, Refusal> {
        let next = self
            .view()
            .target(&self.target(None))
            .ok()
            .and_then(|d| d.person(person).map(|p| p.demands.len() as u8 + 1))
            .unwrap_or(1);
        self.demand_numbered(person, next)
    }

    fn demand(&mut self) -> Result<u64, Refusal> {
        self.demand_to(FIRST_PERSON)
    }

    fn demand_numbered(&mut self, person: u8, number: u8) -> Result<u64, Refusal> {
        self.try_log(
            EventBody::Demand {
                number,
                by: DemandBy::Voorzitter,
                wording: "Verlaat de zaal".into(),
                person,
            },
            None,
        )
    }

    fn add_person(&mut self, kind: PerpetratorKind) -> u8 {
        let number = self.current().persons.len() as u8 + 1;
        self.log(EventBody::PersonAdded {
            number,
            who: crate::domain::event::Who {
                kind,
                description: String::new(),
                name: String::new(),
                known: None,
            },
        });
        number
    }
}
