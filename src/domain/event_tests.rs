//! Events: every shape through its stored kind and payload and back,
//! payloads written by earlier versions, kinds as named, and which bodies
//! are confidential.

use super::*;

#[test]
fn parts_round_trip_for_every_shape() {
    let bodies = vec![
        EventBody::MeetingStarted {
            meeting_type: MeetingType::Commissie,
            title: "Commissie Bestuur".into(),
            chair: "Özdemir".into(),
            location: "raadzaal".into(),
            town_hall: true,
            risk_check: Some(4),
        },
        EventBody::MeetingEnded {},
        EventBody::Demand {
            number: 2,
            by: DemandBy::Griffier,
            wording: "Verlaat de zaal".into(),
            person: 2,
        },
        EventBody::AangifteDecision {
            decision: AangifteChoice::Later,
            decided_by: AANGIFTE_DECIDERS.iter().map(|s| s.to_string()).collect(),
            dissent: "griffier: wel aangifte".into(),
        },
        EventBody::DisturbanceStarted {
            number: 2,
            category: None,
            place: String::new(),
            description: String::new(),
            opened_by: None,
        },
        EventBody::PersonAdded {
            number: 2,
            who: Who {
                description: "groep bij de deur".into(),
                ..Who::of(PerpetratorKind::Collectief)
            },
        },
        EventBody::RiskCheckRecorded {
            setting: Setting::Gesprek,
            subject: "bezwaar WOZ".into(),
            planned_at: None,
            location: "spreekkamer 1".into(),
            second_person: "J. de Vries".into(),
            intervention_team_informed: true,
            secure_room: true,
            assessment: String::new(),
            measures: String::new(),
            security: String::new(),
        },
        EventBody::Correction {
            reason: "verkeerde toets".into(),
        },
    ];
    for body in bodies {
        let (kind, payload) = body.to_parts().unwrap();
        assert_eq!(read_both(&kind, payload).unwrap(), body);
    }
}

/// Reads stored parts both ways, through a JSON value and straight
/// from the text, and checks that they agree.
fn read_both(kind: &str, payload: serde_json::Value) -> Result<EventBody, BodyError> {
    let text = crate::domain::chain::canonical_json(&payload);
    let direct = EventBody::from_stored(kind, &text);
    let via_value = EventBody::from_parts(kind, payload);
    match (&direct, &via_value) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{kind} {text}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{kind} {text}: {direct:?} against {via_value:?}"),
    }
    direct
}

#[test]
fn a_stored_payload_that_is_no_json_is_named_as_such() {
    for text in ["", "{", "{\"reason\": \"x\"", "{} {}", "{}x", "nul"] {
        let err = EventBody::from_stored("correction", text).unwrap_err();
        assert!(matches!(err, BodyError::Payload(_)), "{text:?}: {err:?}");
        assert!(err.to_string().contains("geen geldige JSON"), "{err}");
    }
    // Valid JSON of the wrong shape, or an unknown kind: a decode error
    // that names the kind.
    for (kind, text) in [
        ("correction", "[1]"),
        ("correction", "{\"reason\": 5}"),
        ("correction", "{}"),
        ("iets-anders", "{}"),
    ] {
        let err = EventBody::from_stored(kind, text).unwrap_err();
        assert!(matches!(err, BodyError::Decode { .. }), "{text}: {err:?}");
        assert!(err.to_string().contains(kind), "{err}");
    }
    assert_eq!(
        EventBody::from_stored("correction", " {\"reason\": \"r\"} \n").unwrap(),
        EventBody::Correction { reason: "r".into() }
    );
}

#[test]
fn payloads_of_before_still_read_with_their_old_meaning() {
    // A register written before persons and numbered disturbances: the
    // steps were the one person's, the category was given at once.
    let started = read_both(
        "disturbance-started",
        serde_json::json!({"category": "verbale-agressie", "place": "tribune", "description": "man met pet"}),
    )
    .unwrap();
    assert_eq!(
        started,
        EventBody::DisturbanceStarted {
            number: 0,
            category: Some(Category::VerbaleAgressie),
            place: "tribune".into(),
            description: "man met pet".into(),
            opened_by: None,
        }
    );
    let demand = read_both(
        "demand",
        serde_json::json!({"number": 1, "by": "voorzitter", "wording": "Verlaat de zaal"}),
    )
    .unwrap();
    assert!(matches!(demand, EventBody::Demand { person: 1, .. }));
    let left = read_both("left-voluntarily", serde_json::json!({})).unwrap();
    assert_eq!(left, EventBody::LeftVoluntarily { person: 1 });
    let meeting = read_both(
        "meeting-started",
        serde_json::json!({"meeting_type": "commissie", "title": "t", "chair": "c", "location": "l"}),
    )
    .unwrap();
    assert!(matches!(
        meeting,
        EventBody::MeetingStarted {
            town_hall: false,
            risk_check: None,
            ..
        }
    ));
    let decision = read_both(
        "aangifte-decision",
        serde_json::json!({"decision": "ja", "decided_by": ["voorzitter"]}),
    )
    .unwrap();
    assert!(
        matches!(decision, EventBody::AangifteDecision { ref dissent, .. } if dissent.is_empty())
    );
}

#[test]
fn a_disturbance_logged_at_the_key_press_stores_only_what_is_known() {
    let (_, payload) = EventBody::DisturbanceStarted {
        number: 1,
        category: None,
        place: String::new(),
        description: String::new(),
        opened_by: None,
    }
    .to_parts()
    .unwrap();
    assert_eq!(payload, serde_json::json!({"number": 1}));
}

#[test]
fn a_person_is_stored_flat() {
    let (_, payload) = EventBody::PersonAdded {
        number: 2,
        who: Who {
            name: "J. Jansen".into(),
            known: Some(12),
            ..Who::of(PerpetratorKind::Persoon)
        },
    }
    .to_parts()
    .unwrap();
    assert_eq!(
        payload,
        serde_json::json!({"number": 2, "kind": "persoon", "name": "J. Jansen", "known": 12})
    );
}

#[test]
fn risk_checks_and_security_measures_are_confidential() {
    assert!(EventBody::SecurityMeasuresNoted { text: "x".into() }.is_confidential());
    assert!(!EventBody::PoliceCalled {}.is_confidential());
    let (kind, _) = EventBody::RiskCheckRecorded {
        setting: Setting::Bijeenkomst,
        subject: String::new(),
        planned_at: None,
        location: String::new(),
        second_person: String::new(),
        intervention_team_informed: false,
        secure_room: false,
        assessment: String::new(),
        measures: String::new(),
        security: String::new(),
    }
    .to_parts()
    .unwrap();
    assert_eq!(kind, "risk-check-recorded");
}

#[test]
fn kinds_are_kebab_case() {
    let (kind, payload) = EventBody::InterventionTeamCalled {}.to_parts().unwrap();
    assert_eq!(kind, "intervention-team-called");
    assert_eq!(payload, serde_json::json!({}));
}

#[test]
fn the_register_kinds_are_stored_as_named_and_described_in_dutch() {
    let purge = EventBody::PayloadPurged {
        seqs: vec![2, 7],
        reason: "bewaartermijn verstreken".into(),
    };
    let (kind, payload) = purge.to_parts().unwrap();
    assert_eq!(kind, "payload-purged");
    assert_eq!(
        payload,
        serde_json::json!({"seqs": [2, 7], "reason": "bewaartermijn verstreken"})
    );
    assert_eq!(EventBody::from_parts(&kind, payload).unwrap(), purge);
    assert_eq!(
        purge.summary(),
        "Bewaartermijn: inhoud gewist van gebeurtenis 2, 7 (bewaartermijn verstreken)"
    );
    let restored = EventBody::SchemaRestored {
        guards: vec!["trigger events_no_delete ontbreekt".into()],
    };
    let (kind, payload) = restored.to_parts().unwrap();
    assert_eq!(kind, "schema-restored");
    assert_eq!(EventBody::from_parts(&kind, payload).unwrap(), restored);
    assert!(restored.summary().contains("events_no_delete ontbreekt"));
}

#[test]
fn the_chain_marker_is_stored_as_named() {
    let marker = EventBody::ChainUpgraded { from: 1, to: 2 };
    let (kind, payload) = marker.to_parts().unwrap();
    assert_eq!(kind, "chain-upgraded");
    assert_eq!(payload, serde_json::json!({"from": 1, "to": 2}));
    assert_eq!(EventBody::from_parts(&kind, payload).unwrap(), marker);
    assert!(
        marker.summary().contains("versie 2"),
        "{}",
        marker.summary()
    );
}

#[test]
fn unknown_kind_is_a_clear_error() {
    let err = read_both("iets-anders", serde_json::json!({})).unwrap_err();
    assert!(err.to_string().contains("iets-anders"));
}
