//! Two workstations on one register: two stores (two connections, as two
//! processes have) on one file. Every rule is checked in the write
//! transaction against what the other one committed.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset};
use raadsorde::domain::case::{CaseStatus, Channel, Victim, VictimRole};
use raadsorde::domain::{Category, DemandBy, Event, EventBody, MeetingType, NewEvent};
use raadsorde::storage::{Store, StoreError};
use tempfile::TempDir;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn ev(at: &str, meeting: Option<u64>, case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        at: t(at),
        actor: "griffie".into(),
        meeting_id: meeting,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

fn two() -> (Store, Store, TempDir) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("register.db");
    let a = Store::open(&path).unwrap();
    let b = Store::open(&path).unwrap();
    (a, b, dir)
}

fn meeting() -> EventBody {
    EventBody::MeetingStarted {
        meeting_type: MeetingType::Raadsvergadering,
        title: "Raadsvergadering".into(),
        chair: "burgemeester".into(),
        location: "raadzaal".into(),
        town_hall: false,
        risk_check: None,
    }
}

fn disturbance() -> EventBody {
    EventBody::DisturbanceStarted {
        number: 0,
        category: Some(Category::VerbaleAgressie),
        place: "publieke tribune".into(),
        description: String::new(),
        opened_by: None,
    }
}

fn demand(number: u8) -> EventBody {
    EventBody::Demand {
        number,
        by: DemandBy::Voorzitter,
        wording: "Verlaat de zaal".into(),
        person: 1,
    }
}

/// A meeting opened at 20:00 with a disturbance at 20:01.
fn meeting_with_disturbance(store: &mut Store) -> (Event, Event) {
    let m = store
        .append(ev("2026-11-26T20:00:00+01:00", None, None, meeting()))
        .unwrap();
    let d = store
        .append(ev(
            "2026-11-26T20:01:00+01:00",
            m.meeting_id,
            None,
            disturbance(),
        ))
        .unwrap();
    (m, d)
}

/// The numbers of the demands of meeting `seq`, as committed.
fn demand_numbers(store: &Store, seq: u64) -> Vec<u8> {
    store
        .meeting_events(seq)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.body {
            EventBody::Demand { number, .. } => Some(number),
            _ => None,
        })
        .collect()
}

fn refusal(result: Result<raadsorde::domain::Event, StoreError>) -> String {
    match result {
        Err(e) if e.is_refusal() => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn two_consoles_cannot_number_demands_twice_nor_pass_the_third() {
    let (mut a, mut b, _dir) = two();
    let (m, d) = meeting_with_disturbance(&mut a);
    // Both see the disturbance; both press "demand" for the same demand.
    a.append(ev(
        "2026-11-26T20:02:00+01:00",
        m.meeting_id,
        d.case_id,
        demand(1),
    ))
    .unwrap();
    let why = refusal(b.append(ev(
        "2026-11-26T20:02:01+01:00",
        m.meeting_id,
        d.case_id,
        demand(1),
    )));
    assert!(
        why.contains("Vordering 1 aan persoon 1 is al vastgelegd om 20:02:00"),
        "{why}"
    );
    assert!(
        why.contains("Laatst vastgelegd"),
        "says what was done: {why}"
    );
    b.append(ev(
        "2026-11-26T20:03:00+01:00",
        m.meeting_id,
        d.case_id,
        demand(2),
    ))
    .unwrap();
    a.append(ev(
        "2026-11-26T20:04:00+01:00",
        m.meeting_id,
        d.case_id,
        demand(3),
    ))
    .unwrap();
    let why = refusal(b.append(ev(
        "2026-11-26T20:05:00+01:00",
        m.meeting_id,
        d.case_id,
        demand(4),
    )));
    assert!(why.contains("drie vorderingen"), "{why}");
    // Exactly three demands, numbered 1, 2, 3.
    assert_eq!(demand_numbers(&a, m.seq), [1, 2, 3]);
}

#[test]
fn a_console_started_before_the_other_opened_its_meeting_cannot_open_a_second() {
    let (mut a, mut b, _dir) = two();
    a.append(ev("2026-11-26T20:00:00+01:00", None, None, meeting()))
        .unwrap();
    let why = refusal(b.append(ev("2026-11-26T20:00:05+01:00", None, None, meeting())));
    assert!(why.contains("Er loopt al een vergadering"), "{why}");
    // B's steps land in A's meeting: the store fills in the open meeting.
    let s = b
        .append(ev(
            "2026-11-26T20:01:00+01:00",
            None,
            None,
            EventBody::Suspended {},
        ))
        .unwrap();
    assert_eq!(s.meeting_id, Some(1));
    // A step for a meeting the other has closed is refused.
    a.append(ev(
        "2026-11-26T20:02:00+01:00",
        Some(1),
        None,
        EventBody::Resumed {},
    ))
    .unwrap();
    a.append(ev(
        "2026-11-26T20:03:00+01:00",
        Some(1),
        None,
        EventBody::MeetingEnded {},
    ))
    .unwrap();
    let why = refusal(b.append(ev(
        "2026-11-26T20:04:00+01:00",
        Some(1),
        None,
        EventBody::LivestreamStopped {},
    )));
    assert!(why.contains("geen vergadering"), "{why}");
}

fn intake(store: &mut Store) -> u64 {
    store
        .append(ev(
            "2026-11-02T10:00:00+01:00",
            None,
            None,
            EventBody::CaseOpened {
                occurred_at: "2026-11-02T09:00:00+01:00".into(),
                channel: Channel::Telefoon,
                victim: Victim {
                    name: "Anna de Vries".into(),
                    role: VictimRole::Raadslid,
                    also: String::new(),
                },
                what: "Dreigend telefoontje".into(),
                place: "telefoon".into(),
                category: Category::BedreigingIntimidatie,
            },
        ))
        .unwrap()
        .case_id
        .unwrap()
}

#[test]
fn case_rules_hold_against_what_the_other_workstation_wrote() {
    let (mut a, mut b, _dir) = two();
    let case = intake(&mut a);
    a.append(ev(
        "2026-11-02T11:00:00+01:00",
        None,
        Some(case),
        EventBody::SeriousInjury { known_at: None },
    ))
    .unwrap();
    let why = refusal(b.append(ev(
        "2026-11-02T11:00:30+01:00",
        None,
        Some(case),
        EventBody::SeriousInjury { known_at: None },
    )));
    assert!(why.to_lowercase().contains("letsel"), "{why}");
    // A closes the case; B, on a stale screen, adds damage.
    a.append(ev(
        "2026-11-03T09:00:00+01:00",
        None,
        Some(case),
        EventBody::StatusChanged {
            status: CaseStatus::Afgesloten,
            reason: "afgehandeld".into(),
        },
    ))
    .unwrap();
    let why = refusal(b.append(ev(
        "2026-11-03T09:01:00+01:00",
        None,
        Some(case),
        EventBody::DamageRecorded {
            description: "bril".into(),
            amount: 12_000,
            paid_to_victim: 0,
            recovered: 0,
        },
    )));
    assert!(why.contains("afgesloten"), "{why}");
    assert!(
        why.contains("Status: afgesloten"),
        "names what was done: {why}"
    );
}

/// The live rules of one workstation keep their view of the meeting and
/// read only what came after it: events of a meeting and meeting starts.
/// A case handled outside the meeting in between is passed over, a new
/// meeting and its steps are not.
#[test]
fn the_live_rules_follow_the_other_workstation_past_cases_and_into_a_new_meeting() {
    let (mut a, mut b, _dir) = two();
    let first = a
        .append(ev("2026-11-26T20:00:00+01:00", None, None, meeting()))
        .unwrap();
    // B's rules now hold the first meeting.
    b.append(ev(
        "2026-11-26T20:01:00+01:00",
        None,
        None,
        EventBody::Suspended {},
    ))
    .unwrap();
    // A: a case outside any meeting, the meeting closed, a new one opened
    // with a disturbance and its first demand.
    intake(&mut a);
    a.append(ev(
        "2026-11-26T20:02:00+01:00",
        first.meeting_id,
        None,
        EventBody::MeetingEnded {},
    ))
    .unwrap();
    let second = a
        .append(ev("2026-11-26T20:30:00+01:00", None, None, meeting()))
        .unwrap();
    assert_ne!(second.meeting_id, first.meeting_id);
    let d = a
        .append(ev("2026-11-26T20:31:00+01:00", None, None, disturbance()))
        .unwrap();
    assert_eq!(d.meeting_id, second.meeting_id);
    a.append(ev(
        "2026-11-26T20:32:00+01:00",
        second.meeting_id,
        d.case_id,
        demand(1),
    ))
    .unwrap();
    // B's step lands in the new meeting, and B knows its first demand.
    let s = b
        .append(ev(
            "2026-11-26T20:33:00+01:00",
            None,
            None,
            EventBody::LivestreamStopped {},
        ))
        .unwrap();
    assert_eq!(s.meeting_id, second.meeting_id);
    let why = refusal(b.append(ev(
        "2026-11-26T20:33:30+01:00",
        second.meeting_id,
        d.case_id,
        demand(1),
    )));
    assert!(
        why.contains("Vordering 1 aan persoon 1 is al vastgelegd"),
        "{why}"
    );
    b.append(ev(
        "2026-11-26T20:34:00+01:00",
        second.meeting_id,
        d.case_id,
        demand(2),
    ))
    .unwrap();
}

#[test]
fn a_link_to_a_perpetrator_that_does_not_exist_is_a_refusal_not_a_failure() {
    let (mut a, _b, _dir) = two();
    let case = intake(&mut a);
    let err = a
        .append(ev(
            "2026-11-02T11:00:00+01:00",
            None,
            Some(case),
            EventBody::PerpetratorLinked { perpetrator: 99 },
        ))
        .unwrap_err();
    assert!(err.is_refusal(), "{err:?}");
}

#[test]
fn each_store_hears_what_the_other_committed_and_nothing_else() {
    let (mut a, mut b, _dir) = two();
    assert!(b.external().unwrap().is_empty());
    let m = a
        .append(ev("2026-11-26T20:00:00+01:00", None, None, meeting()))
        .unwrap();
    a.append(ev(
        "2026-11-26T20:01:00+01:00",
        m.meeting_id,
        None,
        EventBody::Suspended {},
    ))
    .unwrap();
    let heard: Vec<u64> = b.external().unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(heard, [1, 2]);
    assert!(b.external().unwrap().is_empty(), "only once");
    // A does not hear its own commits.
    assert!(a.external().unwrap().is_empty());
    // B's own commit after A's unseen one: A's comes first.
    a.append(ev(
        "2026-11-26T20:02:00+01:00",
        m.meeting_id,
        None,
        EventBody::Resumed {},
    ))
    .unwrap();
    let own = b
        .append(ev(
            "2026-11-26T20:03:00+01:00",
            m.meeting_id,
            None,
            EventBody::LivestreamStopped {},
        ))
        .unwrap();
    let before: Vec<u64> = b
        .external_before(own.seq)
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(before, [3]);
}

/// The live rules fold a step in as soon as it is appended, before its
/// transaction commits, so that the next step's check need not read it
/// back. A transaction that rolls back leaves them at a head the register
/// never held: the next check sees that and folds again from what was
/// committed, here and when the other workstation wrote a step at the same
/// place in the chain.
#[test]
fn a_step_that_rolled_back_is_not_in_the_rules_of_the_next() {
    let (mut a, mut b, _dir) = two();
    let (m, d) = meeting_with_disturbance(&mut a);
    let step = |at: &str, body: EventBody| ev(at, m.meeting_id, d.case_id, body);
    // Demand 1, appended and checked, then the transaction rolls back.
    let rolled_back = a.batch(|batch| {
        batch.append(step("2026-11-26T20:02:00+01:00", demand(1)))?;
        Err::<(), _>(StoreError::Invalid("afgebroken".into()))
    });
    assert!(rolled_back.is_err());
    // Demand 2 is refused: demand 1 was never committed.
    let why = refusal(a.append(step("2026-11-26T20:02:30+01:00", demand(2))));
    assert!(why.contains("ordering"), "{why}");
    a.append(step("2026-11-26T20:03:00+01:00", demand(1)))
        .unwrap();

    // Again, and the other workstation writes the same demand at the seq
    // the rolled-back one had.
    let rolled_back = a.batch(|batch| {
        batch.append(step("2026-11-26T20:04:00+01:00", demand(2)))?;
        Err::<(), _>(StoreError::Invalid("afgebroken".into()))
    });
    assert!(rolled_back.is_err());
    b.append(step("2026-11-26T20:04:30+01:00", demand(2)))
        .unwrap();
    let why = refusal(a.append(step("2026-11-26T20:05:00+01:00", demand(2))));
    assert!(
        why.contains("Vordering 2 aan persoon 1 is al vastgelegd om 20:04:30"),
        "{why}"
    );
    a.append(step("2026-11-26T20:05:30+01:00", demand(3)))
        .unwrap();
    assert_eq!(demand_numbers(&a, m.seq), [1, 2, 3]);
}
