use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::time::to_local;

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
fn a_disturbance_is_logged_before_anything_is_known_and_described_after() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    let d = s.current();
    assert_eq!(d.number, 1);
    assert_eq!(d.category, None);
    assert_eq!(d.persons.len(), 1, "person 1 comes with it");
    // The case cannot go to the register without its category.
    assert_eq!(
        s.try_log(EventBody::DisturbanceEnded {}, None),
        Err(Refusal::CategoryMissing("verstoring 1".into()))
    );
    s.categorise(Category::BedreigingIntimidatie);
    s.log(EventBody::DisturbanceDescribed {
        category: None,
        place: Some("balkon".into()),
        what: Some("gooide met papier".into()),
    });
    let d = s.current();
    assert_eq!(d.category, Some(Category::BedreigingIntimidatie));
    assert_eq!(d.place, "balkon");
    assert_eq!(d.what, "gooide met papier");
    // Describing it the same again changes nothing, and is refused.
    assert_eq!(
        s.try_log(
            EventBody::DisturbanceDescribed {
                category: Some(Category::BedreigingIntimidatie),
                place: None,
                what: None
            },
            None
        ),
        Err(Refusal::NothingChanged)
    );
    s.log(EventBody::DisturbanceEnded {});
    let v = s.view();
    assert!(v.disturbances.is_empty());
    assert_eq!(v.ended.len(), 1);
    assert_eq!(v.ended[0].category, Some(Category::BedreigingIntimidatie));
    assert!(v.timeline[1].text.starts_with("Verstoring gemeld"));
}

#[test]
fn demands_are_counted_and_timed() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.demand().unwrap();
    s.demand().unwrap();
    let d = s.current();
    let p = d.person(1).unwrap();
    assert_eq!(p.demands.len(), 2);
    assert_eq!(p.demands[0].number, 1);
    assert_eq!(p.demands[1].number, 2);
    assert!(p.demands[0].at < p.demands[1].at);
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
    assert!(s.current().lokaalvredebreuk());
    assert_eq!(
        s.demand(),
        Err(Refusal::DemandsExhausted("persoon 1".into()))
    );
}

#[test]
fn each_person_has_their_own_demands_leaving_and_removal() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    let group = s.add_person(PerpetratorKind::Collectief);
    assert_eq!(group, 2);
    for _ in 0..3 {
        s.demand_to(1).unwrap();
    }
    s.demand_to(group).unwrap();
    let d = s.current();
    assert!(d.person(1).unwrap().lokaalvredebreuk());
    assert!(!d.person(2).unwrap().lokaalvredebreuk());
    assert!(d.lokaalvredebreuk(), "lokaalvredebreuk for one of them");
    assert_eq!(d.person(2).unwrap().label(), "groep 2");
    // The group leaves; person 1 is removed by the police.
    s.log(EventBody::LeftVoluntarily { person: group });
    assert_eq!(
        s.demand_to(group),
        Err(Refusal::PersonGone("Groep 2".into()))
    );
    assert_eq!(
        s.try_log(EventBody::RemovedByPolice { person: 1 }, None),
        Err(Refusal::PoliceNotArrived)
    );
    s.log(EventBody::PoliceCalled {});
    s.log(EventBody::PoliceArrived {});
    s.log(EventBody::RemovedByPolice { person: 1 });
    let d = s.current();
    assert!(d.all_gone());
    assert!(d.person(1).unwrap().removed_at.is_some());
    assert!(d.person(2).unwrap().left_at.is_some());
    // The timeline says whom each step was for.
    let view = s.view();
    let texts: Vec<&str> = view.timeline.iter().map(|r| r.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Vordering 1 aan groep 2")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Groep 2 is vrijwillig vertrokken")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Persoon 1 door de politie verwijderd")),
        "{texts:?}"
    );
    // A person who does not exist.
    assert_eq!(s.demand_to(7), Err(Refusal::UnknownPerson(7)));
}

#[test]
fn a_person_number_taken_by_another_workstation_is_refused() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.add_person(PerpetratorKind::Persoon);
    let again = EventBody::PersonAdded {
        number: 2,
        who: crate::domain::event::Who {
            kind: PerpetratorKind::Persoon,
            description: String::new(),
            name: String::new(),
            known: None,
        },
    };
    assert!(matches!(
        s.try_log(again, None),
        Err(Refusal::PersonTaken(2, _))
    ));
    let skip = EventBody::PersonAdded {
        number: 5,
        who: crate::domain::event::Who {
            kind: PerpetratorKind::Persoon,
            description: String::new(),
            name: String::new(),
            known: None,
        },
    };
    assert_eq!(s.try_log(skip, None), Err(Refusal::PersonOutOfOrder(5, 3)));
}

#[test]
fn described_persons_keep_their_kind_and_known_flag() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.log(EventBody::PersonDescribed {
        person: 1,
        who: crate::domain::event::Who {
            kind: PerpetratorKind::Persoon,
            description: "man met pet".into(),
            name: "J. Jansen".into(),
            known: Some(12),
        },
    });
    let p = s.current().person(1).unwrap().clone();
    assert_eq!(p.description, "man met pet");
    assert!(p.known);
    assert_eq!(p.described(), "persoon 1 (man met pet)");
}

#[test]
fn overlapping_disturbances_are_separate_cases() {
    let mut s = Script::new();
    s.meeting();
    let first = s.disturbance();
    s.demand().unwrap();
    let second = s.disturbance();
    assert_eq!((first, second), (1, 2));
    let v = s.view();
    assert_eq!(v.disturbances.len(), 2);
    assert_ne!(v.disturbances[0].case_id, v.disturbances[1].case_id);
    // Steps go to the disturbance they name.
    s.demand().unwrap();
    s.demand().unwrap();
    s.current = Some(first);
    s.demand().unwrap();
    let v = s.view();
    let count = |n: u8| v.disturbance(n).unwrap().persons[0].demands.len();
    assert_eq!((count(1), count(2)), (2, 2));
    // The meeting cannot close while either runs.
    assert_eq!(
        s.try_log(EventBody::MeetingEnded {}, None),
        Err(Refusal::DisturbanceStillOpen("vergadering"))
    );
    s.categorise(Category::VerbaleAgressie);
    s.log(EventBody::DisturbanceEnded {});
    // Ended: a step for it is refused; the other goes on.
    assert_eq!(s.demand(), Err(Refusal::DisturbanceClosed));
    s.current = Some(second);
    s.demand().unwrap();
    assert!(s.view().disturbance(2).unwrap().lokaalvredebreuk());
    // Its steps are marked in the timeline as the second's.
    let v = s.view();
    assert!(
        v.timeline
            .iter()
            .any(|r| r.text.starts_with("V2 · Vordering 3")),
        "{:?}",
        v.timeline.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    assert!(
        v.timeline
            .iter()
            .any(|r| r.text.starts_with("Verstoring 2 gemeld"))
    );
}

#[test]
fn disturbance_numbers_are_given_once() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    let same = EventBody::DisturbanceStarted {
        number: 1,
        category: None,
        place: String::new(),
        description: String::new(),
        opened_by: None,
    };
    assert!(matches!(
        s.try_log(same, None),
        Err(Refusal::DisturbanceTaken(1, _))
    ));
    let skip = EventBody::DisturbanceStarted {
        number: 3,
        category: None,
        place: String::new(),
        description: String::new(),
        opened_by: None,
    };
    assert_eq!(
        s.try_log(skip, None),
        Err(Refusal::DisturbanceOutOfOrder(3, 2))
    );
    assert_eq!(
        s.view().target(&Target::disturbance(9)),
        Err(Refusal::UnknownDisturbance(9))
    );
}

#[test]
fn a_register_of_before_reads_as_one_person_with_a_category() {
    // Events as written before persons, numbers and late categories.
    let mut s = Script::new();
    s.meeting();
    s.log(EventBody::DisturbanceStarted {
        number: 0,
        category: Some(Category::FysiekGeweld),
        place: "tribune".into(),
        description: "man met pet".into(),
        opened_by: None,
    });
    s.demand().unwrap();
    let d = s.current();
    assert_eq!(d.number, 1);
    assert_eq!(d.category, Some(Category::FysiekGeweld));
    assert_eq!(d.persons[0].description, "man met pet");
    assert_eq!(d.persons[0].demands.len(), 1);
    s.current = None; // a step without number or case: the newest
    s.log(EventBody::LeftVoluntarily { person: 1 });
    assert!(s.view().newest().unwrap().all_gone());
    s.log(EventBody::DisturbanceEnded {});
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
    assert_eq!(s.current().persons[0].demands.len(), 1);
    let row = v.timeline.iter().find(|r| r.seq == Some(wrong)).unwrap();
    assert_eq!(row.corrected.as_deref(), Some("toets per ongeluk"));
    assert!(row.text.starts_with("Vordering 2"));
    let last = v.timeline.last().unwrap();
    assert!(last.is_correction);
    assert!(last.text.contains("toets per ongeluk"));
    // The next demand is number 2 again.
    s.demand().unwrap();
    assert_eq!(s.current().persons[0].demands.last().unwrap().number, 2);
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

#[test]
fn a_demand_whose_number_was_taken_is_refused_with_when() {
    // Two workstations both log "demand 1": the second is the same demand.
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.demand_numbered(1, 1).unwrap();
    let at = s.current().persons[0].demands[0].at;
    assert_eq!(
        s.demand_numbered(1, 1),
        Err(Refusal::DemandTaken(
            1,
            "persoon 1".into(),
            at.format("%H:%M:%S").to_string()
        ))
    );
    assert_eq!(
        s.demand_numbered(1, 3),
        Err(Refusal::DemandOutOfOrder(3, "persoon 1".into(), 2))
    );
    s.demand_numbered(1, 2).unwrap();
    s.demand_numbered(1, 3).unwrap();
    assert!(matches!(
        s.demand_numbered(1, 3),
        Err(Refusal::DemandTaken(3, ..))
    ));
    assert_eq!(
        s.demand_numbered(1, 4),
        Err(Refusal::DemandsExhausted("persoon 1".into()))
    );
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
        disturbance: Some(1),
        body: EventBody::Demand {
            number: 1,
            by: DemandBy::Voorzitter,
            wording: "Verlaat de zaal".into(),
            person: 1,
        },
    }];
    let committed = LiveView::derive(&s.events, &[]);
    let projected = LiveView::derive(&s.events, &pending);
    assert_eq!(committed.disturbances[0].persons[0].demands.len(), 0);
    assert_eq!(projected.disturbances[0].persons[0].demands.len(), 1);
    assert!(projected.timeline.last().unwrap().is_pending());
}

#[test]
fn a_step_waiting_for_a_disturbance_not_yet_stored_goes_to_it_by_number() {
    // Disturbance 1 is stored; disturbance 2 and a demand for it wait.
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    let at = s.t + Duration::seconds(5);
    let step = |disturbance, body| NewEvent {
        at,
        actor: "griffie".into(),
        meeting_id: Some(1),
        case_id: None,
        corrects: None,
        disturbance,
        body,
    };
    let pending = vec![
        step(
            None,
            EventBody::DisturbanceStarted {
                number: 2,
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
        ),
        step(
            Some(1),
            EventBody::Demand {
                number: 1,
                by: DemandBy::Voorzitter,
                wording: "x".into(),
                person: 1,
            },
        ),
        step(
            Some(2),
            EventBody::PersonAdded {
                number: 2,
                who: crate::domain::event::Who {
                    kind: PerpetratorKind::Persoon,
                    description: String::new(),
                    name: String::new(),
                    known: None,
                },
            },
        ),
    ];
    let v = LiveView::derive(&s.events, &pending);
    assert_eq!(v.disturbances.len(), 2);
    assert_eq!(v.disturbance(1).unwrap().persons[0].demands.len(), 1);
    assert_eq!(v.disturbance(2).unwrap().persons.len(), 2);
    assert_eq!(v.disturbance(2).unwrap().case_id, None);
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
    assert_eq!(again.disturbances[0].persons[0].demands.len(), 1);
    assert!(again.disturbances[0].intervention_team_at.is_some());
}

#[test]
fn pushing_events_one_by_one_equals_deriving() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.log(EventBody::Suspended {});
    s.demand().unwrap();
    s.add_person(PerpetratorKind::Collectief);
    s.demand_to(2).unwrap();
    s.disturbance();
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

#[test]
fn a_case_file_sees_its_disturbance_as_the_console_did() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.add_person(PerpetratorKind::Persoon);
    s.demand_to(2).unwrap();
    s.categorise(Category::FysiekGeweld);
    s.log(EventBody::DisturbanceEnded {});
    let case = s.view().ended[0].case_id.unwrap();
    let of_case: Vec<Event> = s
        .events
        .iter()
        .filter(|e| e.case_id == Some(case))
        .cloned()
        .collect();
    let seen = LiveView::derive(&of_case, &[]);
    let d = seen.of_case(case).unwrap();
    assert_eq!(d.persons.len(), 2);
    assert_eq!(d.persons[1].demands.len(), 1);
    assert_eq!(d.category, Some(Category::FysiekGeweld));
}
