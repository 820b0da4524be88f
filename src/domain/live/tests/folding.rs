//! The view folded from events: steps still waiting, a step for a
//! disturbance not yet stored, rebuilding and pushing one by one give the
//! same view, and the case file sees the disturbance as the console did.

use super::*;

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

#[test]
fn deriving_untold_is_deriving_less_the_timeline() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.demand().unwrap();
    let wrong = s.demand().unwrap();
    s.correct(wrong, "toets per ongeluk").unwrap();
    // A structural entry corrected keeps its effect.
    s.correct(1, "titel is Commissie Bestuur").unwrap();
    s.add_person(PerpetratorKind::Collectief);
    s.demand_to(2).unwrap();
    s.disturbance();
    s.log(EventBody::Suspended {});
    s.log(EventBody::LivestreamStopped {});
    let told = LiveView::derive(&s.events, &[]);
    let untold = LiveView::derive_untold(&s.events);
    assert!(told.timeline.len() >= 10);
    assert!(untold.timeline.is_empty(), "no rows, so no words");
    let mut blank = told.clone();
    blank.timeline = Default::default();
    assert_eq!(blank, untold);
    // The corrected demand does not count, the structural entry does.
    assert_eq!(untold.disturbances[0].persons[0].demands.len(), 1);
    assert_eq!(untold.disturbances[0].persons[1].demands.len(), 1);
    assert!(untold.open_meeting().is_some());
    assert!(untold.suspended_since.is_some());
}
