//! A disturbance and its persons: logged before anything is known,
//! demands counted per person (the third refused one is lokaalvredebreuk),
//! leaving and removal, numbers given once, overlapping disturbances.

use super::*;

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
