//! The search words of a case ([`CaseWords`]) against what the search row
//! held before they were derived in Rust: the `json_extract` query over the
//! stored payloads, kept here as the reference.

use rusqlite::Connection;

use super::CaseWords;
use crate::domain::Category;
use crate::domain::case::PerpetratorKind;
use crate::domain::event::Who;
use crate::domain::event::{Event, EventBody, NewEvent};
use crate::storage::Store;
use crate::storage::events::case_events;

/// What the search row's `what`, `place` and `notes` were made of until
/// December 2026: SQL over the stored payloads of the case's events.
fn by_sql(tx: &Connection, case_id: u64) -> CaseWords {
    tx.query_row(
        "SELECT group_concat(CASE e.kind
                    WHEN 'case-opened' THEN json_extract(e.payload, '$.what')
                    WHEN 'disturbance-started' THEN json_extract(e.payload, '$.description')
                    WHEN 'disturbance-described' THEN json_extract(e.payload, '$.what')
                    WHEN 'person-added' THEN trim(COALESCE(json_extract(e.payload, '$.description'), '')
                        || ' ' || COALESCE(json_extract(e.payload, '$.name'), ''))
                    WHEN 'person-described' THEN trim(COALESCE(json_extract(e.payload, '$.description'), '')
                        || ' ' || COALESCE(json_extract(e.payload, '$.name'), ''))
                END, ' '),
                group_concat(CASE WHEN e.kind IN ('case-opened', 'disturbance-started', 'disturbance-described')
                    THEN json_extract(e.payload, '$.place') END, ' '),
                group_concat(CASE WHEN e.kind = 'note'
                    THEN json_extract(e.payload, '$.text') END, ' ')
           FROM events e WHERE e.case_id = ?1",
        [case_id],
        |r| {
            Ok(CaseWords {
                what: r.get(0)?,
                place: r.get(1)?,
                notes: r.get(2)?,
            })
        },
    )
    .unwrap()
}

/// Every case of the demo (live disturbances with their persons and
/// descriptions, intakes, notes), plus notes added here: the words derived
/// from the decoded events are the words the SQL took from the payloads.
#[test]
fn the_words_of_every_case_are_what_the_payloads_say() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    crate::demo::generate(&mut store, 300, 5).unwrap();
    let appended = store
        .batch(|b| {
            let mut appended = Vec::new();
            for (case, text) in [(3u64, "met  twee spaties "), (4, "x"), (5, "“ë” — slot")] {
                let mut note = NewEvent::new(
                    chrono::Utc::now().fixed_offset(),
                    "test",
                    EventBody::Note { text: text.into() },
                );
                note.case_id = Some(case);
                if b.append_permitted(note)?.is_some() {
                    appended.push(case);
                }
            }
            Ok(appended)
        })
        .unwrap();
    assert_eq!(appended, [3, 4, 5], "the notes were taken");
    let (mut what, mut place, mut notes, mut persons) = (0, 0, 0, 0);
    store
        .batch(|b| {
            let cases: u64 =
                b.tx.query_row("SELECT max(id) FROM cases", [], |r| r.get(0))?;
            for case in 1..=cases {
                let events = case_events(&b.tx, case)?;
                let words = CaseWords::of(&events);
                assert_eq!(words, by_sql(&b.tx, case), "case {case}");
                what += usize::from(words.what.is_some());
                place += usize::from(words.place.is_some());
                notes += usize::from(words.notes.is_some());
                persons += events
                    .iter()
                    .filter(|e| matches!(e.body, EventBody::PersonAdded { .. }))
                    .count();
            }
            Ok(())
        })
        .unwrap();
    assert!(what > 100 && place > 100, "{what} {place}");
    assert!(notes >= 3, "{notes}");
    assert!(persons > 0, "the demo has no added persons");
}

/// The cases the demo does not make: an empty string field is not stored
/// (so tells nothing), an empty `Option` is stored (and counts), a person
/// with only a name, an erased or unreadable event adds nothing.
#[test]
fn empty_fields_count_as_the_stored_payload_says() {
    let at = chrono::Utc::now().fixed_offset();
    let event = |seq: u64, body: EventBody| Event {
        seq,
        at,
        actor: "test".into(),
        meeting_id: Some(1),
        case_id: Some(1),
        corrects: None,
        body,
    };
    let events = vec![
        event(
            1,
            EventBody::DisturbanceStarted {
                number: 1,
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
        ),
        event(
            2,
            EventBody::DisturbanceDescribed {
                category: Some(Category::VerbaleAgressie),
                place: None,
                what: Some(String::new()),
            },
        ),
        event(
            3,
            EventBody::PersonAdded {
                number: 2,
                who: Who {
                    name: "Jansen".into(),
                    ..Who::of(PerpetratorKind::Persoon)
                },
            },
        ),
        event(
            4,
            EventBody::DisturbanceDescribed {
                category: None,
                place: Some("tribune".into()),
                what: Some("roept".into()),
            },
        ),
    ];
    assert_eq!(
        CaseWords::of(&events),
        CaseWords {
            what: Some(" Jansen roept".into()),
            place: Some("tribune".into()),
            notes: None,
        }
    );
    assert_eq!(CaseWords::of(&events[..1]), CaseWords::default());
}
