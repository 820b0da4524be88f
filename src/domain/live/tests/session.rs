//! The session around the disturbances: what needs a meeting, suspension,
//! a conversation, the livestream and OBS, the police, physical protection,
//! the aangifte decision, ending the meeting.

use super::*;

#[test]
fn nothing_but_a_meeting_can_start_without_a_meeting() {
    let s = Script::new();
    let v = s.view();
    let none = Target::default();
    assert_eq!(
        v.permits(&EventBody::Suspended {}, &none),
        Err(Refusal::NoMeeting)
    );
    assert_eq!(
        v.permits(&EventBody::LivestreamStopped {}, &none),
        Err(Refusal::NoMeeting)
    );
    assert_eq!(
        v.permits(
            &EventBody::Demand {
                number: 1,
                by: DemandBy::Voorzitter,
                wording: String::new(),
                person: 1,
            },
            &none
        ),
        Err(Refusal::NoMeeting)
    );
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
fn a_conversation_is_ended_not_suspended_and_has_no_livestream() {
    let mut s = Script::new();
    s.meeting_of(MeetingType::Gesprek);
    assert_eq!(s.view().setting(), Setting::Gesprek);
    assert_eq!(
        s.try_log(EventBody::Suspended {}, None),
        Err(Refusal::NoSuspensionInConversation)
    );
    assert_eq!(
        s.try_log(EventBody::LivestreamStopped {}, None),
        Err(Refusal::NoStreamInConversation)
    );
    s.disturbance();
    s.log(EventBody::ConversationEnded {});
    assert!(matches!(
        s.try_log(EventBody::ConversationEnded {}, None),
        Err(Refusal::AlreadyLogged(..))
    ));
    s.demand().unwrap();
    let d = s.current();
    assert!(d.persons[0].refuses(), "told to leave, still there");
    assert!(
        s.view()
            .open_meeting()
            .unwrap()
            .conversation_ended_at
            .is_some()
    );
    // A meeting is not ended like a conversation.
    let mut m = Script::new();
    m.meeting();
    assert_eq!(
        m.try_log(EventBody::ConversationEnded {}, None),
        Err(Refusal::NotAConversation)
    );
    // The timeline says what closed.
    s.categorise(Category::BedreigingIntimidatie);
    s.log(EventBody::DisturbanceEnded {});
    s.log(EventBody::MeetingEnded {});
    assert_eq!(s.view().timeline.last().unwrap().text, "Gesprek gesloten");
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
fn what_obs_answered_is_kept_with_the_meeting() {
    let mut s = Script::new();
    s.meeting();
    s.log(EventBody::LivestreamStopped {});
    s.events.push(Event {
        seq: 3,
        at: s.t,
        actor: "griffie".into(),
        meeting_id: Some(1),
        case_id: None,
        corrects: None,
        body: EventBody::StreamControlled {
            command: StreamCommand::Stop,
            ok: false,
            detail: "OBS niet bereikbaar".into(),
        },
    });
    let v = s.view();
    let stream = v.stream.unwrap();
    assert!(!stream.ok);
    assert!(v.timeline.last().unwrap().text.contains("MISLUKT"));
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
        s.try_log(EventBody::RemovedByPolice { person: 1 }, None),
        Err(Refusal::PoliceNotArrived)
    );
    s.log(EventBody::PoliceArrived {});
    s.log(EventBody::RemovedByPolice { person: 1 });
    assert!(s.current().all_gone());
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
    assert_eq!(s.current().protections.len(), 1);
}

#[test]
fn aangifte_later_can_be_decided_again_but_yes_is_final() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    let decide = |c, dissent: &str| EventBody::AangifteDecision {
        decision: c,
        decided_by: vec![],
        dissent: dissent.into(),
    };
    s.log(decide(AangifteChoice::Later, ""));
    s.log(decide(AangifteChoice::Ja, "griffier: liever niet"));
    assert_eq!(s.current().dissent, "griffier: liever niet");
    assert!(matches!(
        s.try_log(decide(AangifteChoice::Nee, ""), None),
        Err(Refusal::AangifteDecided(_))
    ));
}

#[test]
fn meeting_cannot_end_during_a_disturbance() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    assert_eq!(
        s.try_log(EventBody::MeetingEnded {}, None),
        Err(Refusal::DisturbanceStillOpen("vergadering"))
    );
    s.categorise(Category::VerbaleAgressie);
    s.log(EventBody::DisturbanceEnded {});
    let v = s.view();
    assert!(v.disturbances.is_empty());
    assert_eq!(v.ended[0].case_id, Some(200));
    s.log(EventBody::MeetingEnded {});
    assert!(s.view().open_meeting().is_none());
}
