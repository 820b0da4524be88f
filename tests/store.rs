//! The evidence store against a real database file.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use raadsorde::domain::case::CaseStatus;
use raadsorde::domain::time::to_local;
use raadsorde::domain::{Category, DemandBy, EventBody, LiveView, MeetingType, NewEvent};
use raadsorde::storage::{Retention, Store, Verdict};
use tempfile::TempDir;

fn at(secs: i64) -> chrono::DateTime<chrono::FixedOffset> {
    to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap()) + Duration::seconds(secs)
}

fn new(body: EventBody, secs: i64, meeting: Option<u64>, case: Option<u64>) -> NewEvent {
    NewEvent {
        at: at(secs),
        actor: "griffie".into(),
        meeting_id: meeting,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

/// A meeting with a disturbance and two demands; returns (store, dir).
fn scenario() -> (Store, TempDir) {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("register.db")).unwrap();
    let m = store
        .append(new(
            EventBody::MeetingStarted {
                meeting_type: MeetingType::Raadsvergadering,
                title: "Raadsvergadering 26 november".into(),
                chair: "burgemeester".into(),
                location: "raadzaal".into(),
                town_hall: false,
                risk_check: None,
            },
            0,
            None,
            None,
        ))
        .unwrap();
    assert_eq!(m.meeting_id, Some(m.seq));
    let d = store
        .append(new(
            EventBody::DisturbanceStarted {
                number: 0,
                category: Some(Category::VerbaleAgressie),
                place: "publieke tribune".into(),
                description: "man, rode jas".into(),
                opened_by: None,
            },
            10,
            m.meeting_id,
            None,
        ))
        .unwrap();
    assert!(d.case_id.is_some());
    for (i, secs) in [20, 40].iter().enumerate() {
        store
            .append(new(
                EventBody::Demand {
                    number: i as u8 + 1,
                    by: DemandBy::Voorzitter,
                    wording: "Verlaat de zaal".into(),
                    person: 1,
                },
                *secs,
                m.meeting_id,
                d.case_id,
            ))
            .unwrap();
    }
    (store, dir)
}

#[test]
fn migrates_from_empty_and_reopens() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sub/dir/register.db");
    {
        let store = Store::open(&path).unwrap();
        let v: i64 = store
            .connection()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, raadsorde::storage::SCHEMA_VERSION);
        let mode: String = store
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store
            .connection()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous must be FULL");
    }
    // Opening again does not re-run the migrations.
    Store::open(&path).unwrap();
}

#[test]
fn refuses_a_database_from_a_newer_version() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("register.db");
    {
        let store = Store::open(&path).unwrap();
        store
            .connection()
            .pragma_update(None, "user_version", 99)
            .unwrap();
    }
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("schemaversie 99"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_gets_a_dutch_message() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kapot.db");
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("kapot.db"), "{err}");
    // Encrypted registers: random bytes and a register under another key
    // look the same, so the message names both.
    assert!(err.contains("geen register van raadsorde"), "{err}");
    assert!(err.contains("registersleutel"), "{err}");
}

#[test]
fn events_cannot_be_updated_or_deleted() {
    let (store, _dir) = scenario();
    let c = store.connection();
    let upd = c
        .execute("UPDATE events SET actor = 'x' WHERE seq = 2", [])
        .unwrap_err();
    assert!(upd.to_string().contains("onveranderlijk"), "{upd}");
    let del = c
        .execute("DELETE FROM events WHERE seq = 4", [])
        .unwrap_err();
    assert!(del.to_string().contains("verwijderd"), "{del}");
    assert!(matches!(
        store.verify().unwrap(),
        Verdict::Intact { count: 4, .. }
    ));
}

#[test]
fn reopening_rebuilds_the_live_session() {
    let (store, dir) = scenario();
    let before = LiveView::derive(&store.open_meeting_events().unwrap(), &[]);
    drop(store);
    let store = Store::open(&dir.path().join("register.db")).unwrap();
    let events = store.open_meeting_events().unwrap();
    assert_eq!(events.len(), 4);
    let after = LiveView::derive(&events, &[]);
    assert_eq!(before, after);
    assert_eq!(after.newest().unwrap().persons[0].demands.len(), 2);
}

#[test]
fn disturbance_opens_a_numbered_case_that_becomes_open_when_ended() {
    let (mut store, _dir) = scenario();
    let events = store.open_meeting_events().unwrap();
    let case_id = events[1].case_id.unwrap();
    assert_eq!(store.case_number(case_id).unwrap().unwrap(), "2026-0001");
    store
        .append(new(
            EventBody::DisturbanceEnded {},
            60,
            Some(1),
            Some(case_id),
        ))
        .unwrap();
    let export = store.export().unwrap();
    assert_eq!(export.cases.len(), 1);
    assert_eq!(export.cases[0].status, "open");
    assert_eq!(export.cases[0].category, "verbale-agressie");
}

#[test]
fn ended_meeting_is_not_resumed() {
    let (mut store, _dir) = scenario();
    store
        .append(new(EventBody::DisturbanceEnded {}, 60, Some(1), Some(1)))
        .unwrap();
    store
        .append(new(EventBody::MeetingEnded {}, 70, Some(1), None))
        .unwrap();
    assert!(store.open_meeting_events().unwrap().is_empty());
    assert_eq!(store.meeting_events(1).unwrap().len(), 6);
}

/// Drops the append-only triggers, as someone editing the file by hand
/// would, and puts them back afterwards, so that only the edit shows.
fn tamper(store: &Store, sql: &str) {
    let c = store.connection();
    c.execute_batch(
        "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; PRAGMA foreign_keys = OFF;",
    )
    .unwrap();
    c.execute_batch(sql).unwrap();
    c.execute_batch(&raadsorde::storage::guard_statements())
        .unwrap();
}

/// The seq of the first problem verify reports.
fn broken_at(store: &Store) -> u64 {
    let v = store.verify().unwrap();
    match v.problems().first() {
        Some(p) => p.seq.unwrap_or_else(|| panic!("no seq in {p}")),
        None => panic!("expected a broken chain, got {v:?}"),
    }
}

#[test]
fn verify_names_a_changed_payload() {
    let (store, _dir) = scenario();
    tamper(
        &store,
        "UPDATE events SET payload = replace(payload, 'rode', 'rood') WHERE seq = 2",
    );
    assert_eq!(broken_at(&store), 2);
}

#[test]
fn verify_names_a_changed_timestamp_or_actor() {
    let (store, _dir) = scenario();
    tamper(&store, "UPDATE events SET actor = 'iemand' WHERE seq = 3");
    assert_eq!(broken_at(&store), 3);
    let (store, _dir) = scenario();
    tamper(
        &store,
        "UPDATE events SET at_utc = replace(at_utc, '19:30:40', '19:30:41') WHERE seq = 4",
    );
    assert_eq!(broken_at(&store), 4);
}

#[test]
fn verify_names_a_removed_event() {
    let (store, _dir) = scenario();
    tamper(&store, "DELETE FROM events WHERE seq = 3");
    assert_eq!(broken_at(&store), 3);
}

#[test]
fn verify_names_reordered_events() {
    let (store, _dir) = scenario();
    tamper(
        &store,
        "UPDATE events SET seq = 100 WHERE seq = 3;
         UPDATE events SET seq = 3 WHERE seq = 4;
         UPDATE events SET seq = 4 WHERE seq = 100;",
    );
    assert_eq!(broken_at(&store), 3);
}

#[test]
fn verify_detects_a_flipped_byte_in_a_hash() {
    let (store, _dir) = scenario();
    tamper(
        &store,
        "UPDATE events SET hash = zeroblob(32) WHERE seq = 1",
    );
    assert_eq!(broken_at(&store), 1);
}

#[test]
fn purged_payload_still_verifies() {
    // A retention purge is logged as an event, then erases the payloads of
    // a case closed longer ago than the term, keeping their digests: the
    // chain holds.
    let (mut store, _dir) = scenario();
    store
        .append(new(EventBody::DisturbanceEnded {}, 50, Some(1), Some(1)))
        .unwrap();
    store
        .append(new(EventBody::MeetingEnded {}, 60, Some(1), None))
        .unwrap();
    store
        .append(new(
            EventBody::StatusChanged {
                status: CaseStatus::Afgesloten,
                reason: "afgehandeld".into(),
            },
            70,
            None,
            Some(1),
        ))
        .unwrap();
    let later = at(0) + Duration::days(6 * 366);
    let report = store
        .purge(&later, &Retention::default(), "griffie")
        .unwrap();
    assert_eq!(report.plan.seqs, vec![2, 3, 4, 5, 7]);
    let payload: Option<String> = store
        .connection()
        .query_row("SELECT payload FROM events WHERE seq = 2", [], |r| r.get(0))
        .unwrap();
    assert_eq!(payload, None);
    let v = store.verify().unwrap();
    assert!(matches!(v, Verdict::Intact { count: 8, .. }), "{v:?}");
}

#[test]
fn an_unlogged_purge_is_tampering() {
    let (store, _dir) = scenario();
    tamper(&store, "UPDATE events SET payload = NULL WHERE seq = 2");
    assert_eq!(broken_at(&store), 2);
}

#[test]
fn a_read_only_database_fails_with_a_clear_message_and_loses_nothing() {
    let (store, dir) = scenario();
    drop(store);
    let path = dir.path().join("register.db");
    let mut store = Store::open(&path).unwrap();
    store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    let err = store
        .append(new(EventBody::Note { text: "x".into() }, 90, Some(1), None))
        .unwrap_err()
        .to_string();
    assert!(err.contains("opslaan mislukt"), "{err}");
    store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    let again = store
        .append(new(EventBody::Note { text: "x".into() }, 90, Some(1), None))
        .unwrap();
    assert_eq!(again.seq, 5);
    assert!(matches!(
        store.verify().unwrap(),
        Verdict::Intact { count: 5, .. }
    ));
}

#[test]
fn export_carries_every_event_with_its_chain() {
    let (store, _dir) = scenario();
    let export = store.export().unwrap();
    assert_eq!(export.format, "raadsorde-export/1");
    assert_eq!(export.meetings.len(), 1);
    assert_eq!(export.events.len(), 4);
    let first = &export.events[0];
    assert_eq!(first.kind, "meeting-started");
    assert_eq!(first.prev_hash, "0".repeat(64));
    assert_eq!(export.events[1].prev_hash, first.hash);
    assert_eq!(
        export.events[1].payload.as_ref().unwrap()["description"],
        "man, rode jas"
    );
    assert!(first.at_local.ends_with("+01:00"));
    assert!(first.at_utc.ends_with('Z'));
}

#[test]
fn steps_named_by_disturbance_number_go_to_its_case_even_after_it_ended() {
    let (mut store, _dir) = scenario();
    let events = store.open_meeting_events().unwrap();
    let meeting = events[0].meeting_id;
    let first_case = events[1].case_id;
    // A second disturbance, and a demand to it queued before its case was
    // known: by number.
    let second = store
        .append(new(
            EventBody::DisturbanceStarted {
                number: 2,
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
            60,
            meeting,
            None,
        ))
        .unwrap();
    assert_ne!(second.case_id, first_case);
    let mut demand = new(
        EventBody::Demand {
            number: 1,
            by: DemandBy::Voorzitter,
            wording: "Verlaat de zaal".into(),
            person: 1,
        },
        70,
        meeting,
        None,
    );
    demand.disturbance = Some(2);
    assert_eq!(store.append(demand).unwrap().case_id, second.case_id);
    // Number 1 ended meanwhile; an alarm's outcome queued for it still
    // goes to its case, but a step for it is refused.
    store
        .append(new(EventBody::DisturbanceEnded {}, 80, meeting, first_case))
        .unwrap();
    let mut alarm = new(
        EventBody::AlarmRun {
            target: raadsorde::domain::event::AlarmTarget::Politie,
            ok: true,
            exit_code: Some(0),
            detail: "alarmcommando uitgevoerd".into(),
        },
        90,
        meeting,
        None,
    );
    alarm.disturbance = Some(1);
    assert_eq!(store.append(alarm).unwrap().case_id, first_case);
    let mut late = new(EventBody::PoliceCalled {}, 95, meeting, None);
    late.disturbance = Some(1);
    let refused = store.append(late).unwrap_err().to_string();
    assert!(refused.contains("intussen afgesloten"), "{refused}");
    assert!(store.verify().unwrap().is_intact());
}
