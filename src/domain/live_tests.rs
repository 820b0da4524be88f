use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::time::to_local;

/// Builds committed events one by one, checking each against the rules.
struct Script {
    events: Vec<Event>,
    t: Time,
    case: Option<u64>,
}

impl Script {
    fn new() -> Script {
        Script {
            events: Vec::new(),
            t: to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap()),
            case: None,
        }
    }

    fn view(&self) -> LiveView {
        LiveView::derive(&self.events, &[])
    }

    fn try_log(&mut self, body: EventBody, corrects: Option<u64>) -> Result<u64, Refusal> {
        self.view().permits(&body, corrects)?;
        self.t += Duration::seconds(30);
        let seq = self.events.len() as u64 + 1;
        if matches!(body, EventBody::DisturbanceStarted { .. }) {
            self.case = Some(seq * 100);
        }
        self.events.push(Event {
            seq,
            at: self.t,
            actor: "griffie".into(),
            meeting_id: Some(1),
            case_id: self.case,
            corrects,
            body,
        });
        Ok(seq)
    }

    fn log(&mut self, body: EventBody) -> u64 {
        self.try_log(body, None).expect("step refused")
    }

    fn meeting(&mut self) {
        self.log(EventBody::MeetingStarted {
            meeting_type: MeetingType::Raadsvergadering,
            title: "Raadsvergadering".into(),
            chair: "burgemeester".into(),
            location: "raadzaal".into(),
        });
    }

    fn disturbance(&mut self) {
        self.log(EventBody::DisturbanceStarted {
            category: Category::VerbaleAgressie,
            place: "publieke tribune".into(),
            description: String::new(),
        });
    }

    fn demand(&mut self) -> Result<u64, Refusal> {
        let next = self
            .view()
            .disturbance
            .map_or(1, |d| d.demands.len() as u8 + 1);
        self.demand_numbered(next)
    }

    fn demand_numbered(&mut self, number: u8) -> Result<u64, Refusal> {
        self.try_log(
            EventBody::Demand {
                number,
                by: DemandBy::Voorzitter,
                wording: "Verlaat de zaal".into(),
            },
            None,
        )
    }
}

#[test]
fn nothing_but_a_meeting_can_start_without_a_meeting() {
    let s = Script::new();
    let v = s.view();
    assert_eq!(
        v.permits(&EventBody::Suspended {}, None),
        Err(Refusal::NoMeeting)
    );
    assert_eq!(
        v.permits(&EventBody::LivestreamStopped {}, None),
        Err(Refusal::NoMeeting)
    );
    assert_eq!(
        v.permits(
            &EventBody::Demand {
                number: 1,
                by: DemandBy::Voorzitter,
                wording: String::new()
            },
            None
        ),
        Err(Refusal::NoMeeting)
    );
}

#[test]
fn demands_are_counted_and_timed() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.demand().unwrap();
    s.demand().unwrap();
    let v = s.view();
    let d = v.disturbance.as_ref().unwrap();
    assert_eq!(d.demands.len(), 2);
    assert_eq!(d.demands[0].number, 1);
    assert_eq!(d.demands[1].number, 2);
    assert!(d.demands[0].at < d.demands[1].at);
    assert!(!d.lokaalvredebreuk());
}

#[test]
fn third_refused_demand_is_lokaalvredebreuk_and_a_fourth_is_refused() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    for _ in 0..3 {
        s.demand().unwrap();
    }
    let v = s.view();
    assert!(v.disturbance.as_ref().unwrap().lokaalvredebreuk());
    assert_eq!(s.demand(), Err(Refusal::DemandsExhausted));
}

#[test]
fn leaving_after_the_third_demand_is_no_lokaalvredebreuk() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    for _ in 0..3 {
        s.demand().unwrap();
    }
    s.log(EventBody::LeftVoluntarily {});
    let v = s.view();
    assert!(!v.disturbance.as_ref().unwrap().lokaalvredebreuk());
    assert_eq!(s.demand(), Err(Refusal::PersonGone));
}

#[test]
fn a_demand_needs_a_disturbance() {
    let mut s = Script::new();
    s.meeting();
    assert_eq!(s.demand(), Err(Refusal::NoDisturbance));
}

#[test]
fn suspension_and_resumption() {
    let mut s = Script::new();
    s.meeting();
    assert_eq!(
        s.try_log(EventBody::Resumed {}, None),
        Err(Refusal::NotSuspended)
    );
    s.log(EventBody::Suspended {});
    let since = s.view().suspended_since.unwrap();
    assert!(matches!(
        s.try_log(EventBody::Suspended {}, None),
        Err(Refusal::AlreadySuspended(_))
    ));
    assert_eq!(since, s.events[1].at);
    s.log(EventBody::Resumed {});
    assert_eq!(s.view().suspended_since, None);
}

#[test]
fn livestream_state_follows_stop_and_resume() {
    let mut s = Script::new();
    s.meeting();
    s.log(EventBody::LivestreamStopped {});
    assert!(s.view().livestream_down_since.is_some());
    assert!(s.try_log(EventBody::LivestreamStopped {}, None).is_err());
    s.log(EventBody::LivestreamResumed {});
    assert_eq!(s.view().livestream_down_since, None);
    assert_eq!(
        s.try_log(EventBody::LivestreamResumed {}, None),
        Err(Refusal::StreamRunning)
    );
}

#[test]
fn police_steps_come_in_order() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    assert_eq!(
        s.try_log(EventBody::PoliceArrived {}, None),
        Err(Refusal::PoliceNotCalled)
    );
    s.log(EventBody::PoliceCalled {});
    assert!(matches!(
        s.try_log(EventBody::PoliceCalled {}, None),
        Err(Refusal::AlreadyLogged(..))
    ));
    assert_eq!(
        s.try_log(EventBody::RemovedByPolice {}, None),
        Err(Refusal::PoliceNotArrived)
    );
    s.log(EventBody::PoliceArrived {});
    s.log(EventBody::RemovedByPolice {});
    assert!(s.view().disturbance.unwrap().person_gone());
}

#[test]
fn physical_protection_needs_confirmation_of_the_rule() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    assert_eq!(
        s.try_log(
            EventBody::PhysicalProtection {
                confirmed_rule: false
            },
            None
        ),
        Err(Refusal::ProtectionNotConfirmed)
    );
    s.log(EventBody::PhysicalProtection {
        confirmed_rule: true,
    });
    assert_eq!(s.view().disturbance.unwrap().protections.len(), 1);
}

#[test]
fn aangifte_later_can_be_decided_again_but_yes_is_final() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    let decide = |c| EventBody::AangifteDecision {
        decision: c,
        decided_by: vec![],
    };
    s.log(decide(AangifteChoice::Later));
    s.log(decide(AangifteChoice::Ja));
    assert!(matches!(
        s.try_log(decide(AangifteChoice::Nee), None),
        Err(Refusal::AangifteDecided(_))
    ));
}

#[test]
fn a_corrected_demand_no_longer_counts_and_stays_visible() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.demand().unwrap();
    let wrong = s.demand().unwrap();
    s.try_log(
        EventBody::Correction {
            reason: "toets per ongeluk".into(),
        },
        Some(wrong),
    )
    .unwrap();
    let v = s.view();
    assert_eq!(v.disturbance.as_ref().unwrap().demands.len(), 1);
    let row = v.timeline.iter().find(|r| r.seq == Some(wrong)).unwrap();
    assert_eq!(row.corrected.as_deref(), Some("toets per ongeluk"));
    assert!(row.text.starts_with("Vordering 2"));
    let last = v.timeline.last().unwrap();
    assert!(last.is_correction);
    assert!(last.text.contains("toets per ongeluk"));
    // The next demand is number 2 again.
    s.demand().unwrap();
    assert_eq!(
        s.view().disturbance.unwrap().demands.last().unwrap().number,
        2
    );
}

#[test]
fn corrections_cannot_be_doubled_or_corrected() {
    let mut s = Script::new();
    s.meeting();
    let note = s.log(EventBody::Note {
        text: "spandoek".into(),
    });
    let reason = || EventBody::Correction {
        reason: "typfout".into(),
    };
    let corr = s.try_log(reason(), Some(note)).unwrap();
    assert_eq!(
        s.try_log(reason(), Some(note)),
        Err(Refusal::AlreadyCorrected(note))
    );
    assert_eq!(
        s.try_log(reason(), Some(corr)),
        Err(Refusal::CorrectionOfCorrection)
    );
    assert_eq!(
        s.try_log(reason(), Some(999)),
        Err(Refusal::UnknownEntry(999))
    );
    assert_eq!(s.try_log(reason(), None), Err(Refusal::NothingToCorrect));
}

#[test]
fn correcting_a_structural_entry_keeps_its_effect() {
    let mut s = Script::new();
    s.meeting();
    s.try_log(
        EventBody::Correction {
            reason: "titel is Commissie Bestuur".into(),
        },
        Some(1),
    )
    .unwrap();
    let v = s.view();
    assert!(v.open_meeting().is_some());
    assert!(v.timeline[0].corrected.is_some());
}

#[test]
fn meeting_cannot_end_during_a_disturbance() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    assert_eq!(
        s.try_log(EventBody::MeetingEnded {}, None),
        Err(Refusal::DisturbanceStillOpen)
    );
    s.log(EventBody::DisturbanceEnded {});
    let v = s.view();
    assert!(v.disturbance.is_none());
    assert_eq!(v.closed_cases, vec![Some(200)]);
    s.log(EventBody::MeetingEnded {});
    assert!(s.view().open_meeting().is_none());
}

#[test]
fn a_demand_whose_number_was_taken_is_refused_with_when() {
    // Two workstations both log "demand 1": the second is the same demand.
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.demand_numbered(1).unwrap();
    let at = s.view().disturbance.unwrap().demands[0].at;
    assert_eq!(
        s.demand_numbered(1),
        Err(Refusal::DemandTaken(1, at.format("%H:%M:%S").to_string()))
    );
    assert_eq!(s.demand_numbered(3), Err(Refusal::DemandOutOfOrder(3, 2)));
    s.demand_numbered(2).unwrap();
    s.demand_numbered(3).unwrap();
    assert!(matches!(
        s.demand_numbered(3),
        Err(Refusal::DemandTaken(3, _))
    ));
    assert_eq!(s.demand_numbered(4), Err(Refusal::DemandsExhausted));
}

#[test]
fn pending_steps_are_projected_but_marked() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    let pending = vec![NewEvent {
        at: s.t + Duration::seconds(5),
        actor: "griffie".into(),
        meeting_id: Some(1),
        case_id: None,
        corrects: None,
        body: EventBody::Demand {
            number: 1,
            by: DemandBy::Voorzitter,
            wording: "Verlaat de zaal".into(),
        },
    }];
    let committed = LiveView::derive(&s.events, &[]);
    let projected = LiveView::derive(&s.events, &pending);
    assert_eq!(committed.disturbance.unwrap().demands.len(), 0);
    assert_eq!(projected.disturbance.unwrap().demands.len(), 1);
    assert!(projected.timeline.last().unwrap().is_pending());
}

#[test]
fn rebuilding_from_events_gives_the_same_view() {
    let mut s = Script::new();
    s.meeting();
    s.log(EventBody::Suspended {});
    s.disturbance();
    s.demand().unwrap();
    s.log(EventBody::LivestreamStopped {});
    s.log(EventBody::InterventionTeamCalled {});
    let once = s.view();
    // What a restart does: derive again from the same stored events.
    let again = LiveView::derive(&s.events.clone(), &[]);
    assert_eq!(once, again);
    assert!(again.suspended_since.is_some());
    assert_eq!(again.disturbance.as_ref().unwrap().demands.len(), 1);
    assert!(again.disturbance.unwrap().intervention_team_at.is_some());
}

#[test]
fn pushing_events_one_by_one_equals_deriving() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.log(EventBody::Suspended {});
    s.demand().unwrap();
    s.log(EventBody::LivestreamStopped {});
    let mut pushed = LiveView::default();
    for e in &s.events {
        assert!(pushed.push(e));
    }
    assert_eq!(pushed, s.view());
    let correction = Event {
        seq: 99,
        at: s.t,
        actor: "griffie".into(),
        meeting_id: Some(1),
        case_id: None,
        corrects: Some(4),
        body: EventBody::Correction { reason: "x".into() },
    };
    assert!(
        !pushed.push(&correction),
        "a correction needs a full derive"
    );
    assert_eq!(pushed, s.view(), "and leaves the view unchanged");
}
