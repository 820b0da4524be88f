//! What the reminder tests share: a case entered by intake.

use chrono::DateTime;

use crate::domain::case::{Channel, Victim, VictimRole};
use crate::domain::{Category, EventBody, NewEvent};
use crate::storage::Store;

/// A case that happened on 1 March 2026 at 20:00 (Amsterdam), entered the
/// next morning, with `name` as its victim; its id. Normoverschrijdend:
/// the talks and the route have their deadlines.
pub fn intake(store: &mut Store, role: VictimRole, name: &str) -> u64 {
    let at = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+01:00").expect("a fixed time");
    store
        .append(NewEvent {
            at,
            actor: "griffie".into(),
            meeting_id: None,
            case_id: None,
            corrects: None,
            disturbance: None,
            body: EventBody::CaseOpened {
                occurred_at: "2026-03-01T20:00:00+01:00".into(),
                channel: Channel::Email,
                victim: Victim {
                    name: name.into(),
                    role,
                    also: String::new(),
                },
                what: format!("dreigmail aan {name}"),
                place: "raadhuis".into(),
                category: Category::BedreigingIntimidatie,
            },
        })
        .expect("the fixture's intake is valid")
        .case_id
        .expect("an intake opens a case")
}
