//! `verify` checks what the screens show, and a damaged register is handled:
//! projections rebuilt from the events, logged purges, every bad row named,
//! read-only opens, the append-only guards.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use raadsorde::domain::case::{CaseStatus, Channel, PerpetratorKind, Victim, VictimRole};
use raadsorde::domain::time::to_local;
use raadsorde::domain::{Category, DemandBy, EventBody, MeetingType, NewEvent};
use raadsorde::storage::{OpenMode, Problem, ProblemKind, Retention, Store, StoreError, Verdict};
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

/// A register with a meeting, a disturbance that ended (case 1, with a
/// victim, a note, a registered perpetrator and a status change) and an
/// intake case (case 2): 12 events.
fn register() -> (Store, TempDir) {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("register.db")).unwrap();
    let m = Some(1);
    let events = vec![
        new(
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
        ),
        new(
            EventBody::DisturbanceStarted {
                number: 0,
                category: Some(Category::VerbaleAgressie),
                place: "publieke tribune".into(),
                description: "man, rode jas".into(),
                opened_by: None,
            },
            10,
            m,
            None,
        ),
        new(
            EventBody::Demand {
                number: 1,
                by: DemandBy::Voorzitter,
                wording: "Verlaat de zaal".into(),
                person: 1,
            },
            20,
            m,
            Some(1),
        ),
        new(EventBody::DisturbanceEnded {}, 30, m, Some(1)),
        new(EventBody::MeetingEnded {}, 40, m, None),
        new(
            EventBody::VictimRecorded {
                victim: Victim {
                    name: "Jan Jansen".into(),
                    role: VictimRole::Raadslid,
                    also: String::new(),
                },
            },
            50,
            None,
            Some(1),
        ),
        new(
            EventBody::Note {
                text: "camerabeelden opgevraagd".into(),
            },
            60,
            None,
            Some(1),
        ),
        new(
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "man met rode jas".into(),
                name: "Piet Pietersen".into(),
            },
            70,
            None,
            Some(1),
        ),
        new(
            EventBody::StatusChanged {
                status: CaseStatus::InBehandeling,
                reason: String::new(),
            },
            80,
            None,
            Some(1),
        ),
        new(
            EventBody::CaseOpened {
                occurred_at: "2026-11-20T09:00:00+01:00".into(),
                channel: Channel::Persoonlijk,
                victim: Victim {
                    name: "Chloë van Dijk".into(),
                    role: VictimRole::Wethouder,
                    also: String::new(),
                },
                what: "scheldpartij bij de balie".into(),
                place: "hal gemeentekantoor".into(),
                category: Category::BedreigingIntimidatie,
            },
            90,
            None,
            None,
        ),
        new(
            EventBody::PerpetratorLinked { perpetrator: 8 },
            100,
            None,
            Some(2),
        ),
        new(
            EventBody::Note {
                text: "gesprek gepland".into(),
            },
            110,
            None,
            Some(2),
        ),
    ];
    for e in events {
        store.append(e).unwrap();
    }
    (store, dir)
}

/// Edits the file as someone with write access would: drops the guards,
/// runs `sql`, and puts the guards back, so that only the edit shows.
fn tamper(path: &Path, sql: &str) {
    let c = raadsorde::storage::open_raw(path).unwrap();
    c.execute_batch(
        "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; PRAGMA foreign_keys = OFF;",
    )
    .unwrap();
    c.execute_batch(sql).unwrap();
    c.execute_batch(&raadsorde::storage::guard_statements())
        .unwrap();
}

fn verify(path: &Path) -> Verdict {
    Store::open_read_only(path).unwrap().verify().unwrap()
}

fn problems(v: &Verdict) -> Vec<String> {
    v.problems().iter().map(Problem::to_string).collect()
}

#[test]
fn a_register_built_by_the_program_verifies_with_its_projections() {
    let (store, dir) = register();
    let v = store.verify().unwrap();
    assert!(
        matches!(v, Verdict::Intact { count: 12, .. }),
        "{:#?}",
        problems(&v)
    );
    drop(store);
    let v = verify(&dir.path().join("register.db"));
    assert!(v.is_intact(), "{:#?}", problems(&v));
}

#[test]
fn edits_to_the_projections_are_found_and_named() {
    let cases: &[(&str, &str)] = &[
        (
            "UPDATE cases SET status = 'afgesloten' WHERE id = 1",
            "tabel cases, rij 1, kolom status: opgeslagen 'afgesloten', volgens de gebeurtenissen 'in-behandeling'",
        ),
        (
            "UPDATE cases SET victim_name = 'Iemand Anders' WHERE id = 1",
            "tabel cases, rij 1, kolom victim_name: opgeslagen 'Iemand Anders', volgens de gebeurtenissen 'Jan Jansen'",
        ),
        (
            "UPDATE meetings SET title = 'Geen vergadering' WHERE id = 1",
            "tabel meetings, rij 1, kolom title: opgeslagen 'Geen vergadering'",
        ),
        (
            "DELETE FROM case_perpetrators WHERE case_id = 2; DELETE FROM cases WHERE id = 2",
            "tabel cases, rij 2: ontbreekt in het register",
        ),
        (
            "UPDATE perpetrators SET name = 'Klaas Klaassen' WHERE id = 8",
            "tabel perpetrators, rij 8, kolom name: opgeslagen 'Klaas Klaassen', volgens de gebeurtenissen 'Piet Pietersen'",
        ),
        (
            "INSERT INTO case_perpetrators (case_id, perpetrator_id, linked_seq) VALUES (2, 8, 12)
               ON CONFLICT DO UPDATE SET linked_seq = 12",
            "tabel case_perpetrators, rij 2, 8, kolom linked_seq: opgeslagen 12, volgens de gebeurtenissen 11",
        ),
        (
            "UPDATE cases SET next_step = 'niets meer te doen' WHERE id = 2",
            "tabel cases, rij 2, kolom next_step: opgeslagen 'niets meer te doen'",
        ),
        (
            "DELETE FROM case_text WHERE rowid = 1",
            "zoekindex case_text, rij 1",
        ),
        // A deadline moved or taken off the board.
        (
            "UPDATE due_items SET late_utc = '2099-01-01T00:00:00.000Z' WHERE case_id = 1 AND key = 'gesprek-1'",
            "tabel due_items, rij 1, 'gesprek-1', kolom late_utc: opgeslagen '2099-01-01T00:00:00.000Z'",
        ),
        (
            "DELETE FROM due_items WHERE case_id = 1 AND key = 'gesprek-2'",
            "tabel due_items, rij 1, 'gesprek-2': ontbreekt in het register",
        ),
    ];
    for (sql, expected) in cases {
        let (store, dir) = register();
        drop(store);
        let path = dir.path().join("register.db");
        tamper(&path, sql);
        let v = verify(&path);
        let found = problems(&v);
        assert!(
            v.problems()
                .iter()
                .all(|p| p.kind == ProblemKind::Projection),
            "{sql}: {found:#?}"
        );
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{sql}: expected {expected:?} in {found:#?}"
        );
    }
}

#[test]
fn a_null_payload_without_a_purge_event_is_tampering() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    tamper(&path, "UPDATE events SET payload = NULL WHERE seq = 6");
    let v = verify(&path);
    let p = v.problems();
    assert_eq!(p.len(), 1, "{:#?}", problems(&v));
    assert_eq!(p[0].seq, Some(6));
    assert_eq!(p[0].kind, ProblemKind::Purge);
    assert!(p[0].reason.contains("payload-purged"), "{}", p[0].reason);
}

/// Closes case 1 (at 200) and purges it six years later: the purge event
/// is seq 14 and erases the payloads of case 1's events (not of
/// perpetrator 8, who is linked to case 2 too).
fn close_and_purge(store: &mut Store) -> Vec<u64> {
    store
        .append(new(
            EventBody::StatusChanged {
                status: CaseStatus::Afgesloten,
                reason: "afgehandeld".into(),
            },
            200,
            None,
            Some(1),
        ))
        .unwrap();
    let later = at(0) + Duration::days(6 * 366);
    store
        .purge(&later, &Retention::default(), "griffie")
        .unwrap()
        .plan
        .seqs
}

#[test]
fn a_logged_purge_verifies_and_covers_only_what_it_names() {
    let (mut store, dir) = register();
    let purged = close_and_purge(&mut store);
    assert_eq!(purged, vec![2, 3, 4, 6, 7, 9, 13]);
    drop(store);
    let path = dir.path().join("register.db");
    let v = verify(&path);
    assert!(
        matches!(v, Verdict::Intact { count: 14, .. }),
        "{:#?}",
        problems(&v)
    );
    // An erased payload the purge does not name is still tampering.
    tamper(&path, "UPDATE events SET payload = NULL WHERE seq = 12");
    let v = verify(&path);
    let seqs: Vec<_> = v.problems().iter().map(|p| (p.seq, p.kind)).collect();
    assert_eq!(
        seqs,
        [(Some(12), ProblemKind::Purge)],
        "{:#?}",
        problems(&v)
    );
}

#[test]
fn every_bad_row_is_reported_with_its_seq_and_the_walk_goes_on() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    // A flipped byte that leaves invalid UTF-8 in the actor of event 3, a
    // changed payload at 7 and a broken hash at 10.
    tamper(
        &path,
        "UPDATE events SET actor = CAST(X'67726966C3' AS TEXT) WHERE seq = 3;
         UPDATE events SET payload = replace(payload, 'camera', 'kamera') WHERE seq = 7;
         UPDATE events SET hash = zeroblob(32) WHERE seq = 10;",
    );
    let v = verify(&path);
    let rows: Vec<_> = v
        .problems()
        .iter()
        .filter(|p| p.kind != ProblemKind::Projection)
        .map(|p| (p.seq, p.kind))
        .collect();
    assert_eq!(
        rows,
        [
            (Some(3), ProblemKind::Unreadable),
            (Some(7), ProblemKind::Chain),
            (Some(10), ProblemKind::Chain),
            (Some(11), ProblemKind::Chain),
        ],
        "{:#?}",
        problems(&v)
    );
    let text = problems(&v).join("\n");
    assert!(
        text.contains("actor is geen geldige tekst (UTF-8)"),
        "{text}"
    );
    assert!(text.contains("inhoud is gewijzigd"), "{text}");
    let Verdict::Damaged(d) = v else {
        unreachable!()
    };
    assert_eq!(d.count, 12, "every row was read");
}

#[test]
fn a_zero_byte_file_is_not_a_register() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("leeg.db");
    std::fs::write(&path, b"").unwrap();
    let err = Store::open_read_only(&path).err().unwrap();
    assert!(matches!(err, StoreError::EmptyFile { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("leeg (0 bytes)"), "{text}");
    assert!(text.contains("geen register"), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
}

#[test]
fn a_file_that_is_not_a_register_is_named_as_such() {
    let dir = TempDir::new().unwrap();
    let text_file = dir.path().join("notities.txt");
    std::fs::write(&text_file, "dit is geen database, maar wel lang genoeg").unwrap();
    let err = Store::open_read_only(&text_file).err().unwrap().to_string();
    assert!(err.contains("geen register van raadsorde"), "{err}");
    assert!(err.contains("notities.txt"), "{err}");

    let other = dir.path().join("ander.db");
    raadsorde::storage::open_raw(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = Store::open_read_only(&other).err().unwrap().to_string();
    assert!(err.contains("zonder tabel met gebeurtenissen"), "{err}");
    assert!(err.contains("ander.db"), "{err}");
}

#[test]
fn a_missing_register_is_not_created() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nergens.db");
    let err = Store::open_read_only(&path).err().unwrap().to_string();
    assert!(err.contains("bestaat niet"), "{err}");
    assert!(err.contains("nergens.db"), "{err}");
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_empty_register_verifies_as_empty() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nieuw.db");
    drop(Store::open(&path).unwrap());
    assert!(matches!(
        verify(&path),
        Verdict::Intact {
            count: 0,
            head: None
        }
    ));
}

#[test]
fn an_unknown_schema_version_is_refused_in_dutch() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    for (version, expected) in [(99, "schemaversie 99, nieuwer"), (-3, "schemaversie -3")] {
        raadsorde::storage::open_raw(&path)
            .unwrap()
            .pragma_update(None, "user_version", version)
            .unwrap();
        let err = Store::open_read_only(&path).err().unwrap().to_string();
        assert!(err.contains(expected), "{err}");
        assert!(err.contains("register.db"), "{err}");
        assert!(!err.to_lowercase().contains("pragma"), "raw SQL: {err}");
    }
}

/// The bytes and modification time of a file.
fn fingerprint(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    (
        std::fs::read(path).unwrap(),
        std::fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn verify_opens_read_only_and_changes_nothing() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    let before = fingerprint(&path);
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.mode(), OpenMode::ReadOnly);
    assert!(store.verify().unwrap().is_intact());
    let refused = store
        .connection()
        .execute("INSERT INTO meetings (id, meeting_type, title, chair, location, started_at) VALUES (99, 'x', 'x', 'x', 'x', 'x')", []);
    assert!(refused.is_err(), "a read-only open must not write");
    drop(store);
    assert_eq!(fingerprint(&path), before);
}

/// Read-only media, as root: root may write wherever permissions say it
/// may not, so the `-shm` SQLite needs is made impossible to open or create
/// by putting a dangling symbolic link in its place (into a directory that
/// does not exist). (A directory in its place is not enough: SQLite opens
/// it read-only and builds the index in memory.) The plain read-only open
/// fails, the register is opened immutable, the unread `-wal` is named,
/// and nothing is written. The real thing, a directory of mode 555 read by
/// an unprivileged user, is in `tests/cli.rs`.
#[test]
fn where_the_shm_cannot_be_opened_the_register_is_read_immutable() {
    let (mut store, dir) = register();
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0;")
        .unwrap();
    store
        .append(new(
            EventBody::Note {
                text: "laatste".into(),
            },
            300,
            None,
            Some(2),
        ))
        .unwrap();
    // Copy the register as it is now: the last event only in its -wal.
    let media = TempDir::new().unwrap();
    for suffix in ["", "-wal"] {
        std::fs::copy(
            dir.path().join(format!("register.db{suffix}")),
            media.path().join(format!("register.db{suffix}")),
        )
        .unwrap();
    }
    drop(store);
    let path = media.path().join("register.db");
    std::os::unix::fs::symlink(
        media.path().join("bestaat-niet/shm"),
        media.path().join("register.db-shm"),
    )
    .unwrap();
    let before = fingerprint(&path);
    let wal_before = fingerprint(&media.path().join("register.db-wal"));
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.mode(), OpenMode::Immutable);
    assert_eq!(store.warnings().len(), 1, "{:?}", store.warnings());
    assert!(
        store.warnings()[0].contains("register.db-wal"),
        "{:?}",
        store.warnings()
    );
    // What only the -wal holds is not seen (and the warning says so).
    let v = store.verify().unwrap();
    assert!(
        matches!(v, Verdict::Intact { count: 12, .. }),
        "{:#?}",
        problems(&v)
    );
    drop(store);
    assert_eq!(fingerprint(&path), before);
    assert_eq!(
        fingerprint(&media.path().join("register.db-wal")),
        wal_before
    );
}

#[test]
fn dropped_guards_are_restored_at_open_recorded_and_reported() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    {
        let c = raadsorde::storage::open_raw(&path).unwrap();
        c.execute_batch(
            "DROP TRIGGER events_no_delete;
             DROP TRIGGER events_no_update;
             CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT 1; END;",
        )
        .unwrap();
    }
    // A read-only check reports both, and changes nothing.
    let v = verify(&path);
    let schema: Vec<String> = v
        .problems()
        .iter()
        .filter(|p| p.kind == ProblemKind::Schema)
        .map(Problem::to_string)
        .collect();
    assert_eq!(schema.len(), 2, "{:#?}", problems(&v));
    assert!(
        schema[0].contains("events_no_update is gewijzigd"),
        "{schema:?}"
    );
    assert!(
        schema[1].contains("events_no_delete ontbreekt"),
        "{schema:?}"
    );

    // A read-write open puts them back, records it and warns.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.warnings().len(), 1, "{:?}", store.warnings());
    assert!(
        store.warnings()[0].contains("hersteld"),
        "{:?}",
        store.warnings()
    );
    assert!(store.warnings()[0].contains("register.db"));
    let last = store
        .connection()
        .query_row(
            "SELECT kind, payload FROM events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .unwrap();
    assert_eq!(last.0, "schema-restored");
    assert!(last.1.contains("events_no_delete ontbreekt"), "{}", last.1);
    let del = store
        .connection()
        .execute("DELETE FROM events WHERE seq = 2", []);
    assert!(del.is_err(), "the guard is back");
    let upd = store
        .connection()
        .execute("UPDATE events SET actor = 'x' WHERE seq = 2", []);
    assert!(upd.is_err(), "the altered guard is replaced");
    assert!(store.verify().unwrap().is_intact());
    drop(store);
    // Once restored, the next open has nothing to say.
    assert!(Store::open(&path).unwrap().warnings().is_empty());
}

#[test]
fn export_streams_and_marks_an_unreadable_row_in_place() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    tamper(
        &path,
        "UPDATE events SET payload = CAST(X'7B2274657874223A22C3' AS TEXT) WHERE seq = 7",
    );
    let store = Store::open_read_only(&path).unwrap();
    assert!(store.export().is_err(), "the in-memory export stops");
    let mut out = Vec::new();
    let summary = store.export_to(&mut out).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["format"], "raadsorde-export/1");
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 12);
    assert_eq!(events[6]["seq"], 7);
    assert!(
        events[6]["onleesbaar"].as_str().unwrap().contains("UTF-8"),
        "{}",
        events[6]
    );
    assert_eq!(events[7]["kind"], "perpetrator-registered");
    assert_eq!(doc["cases"].as_array().unwrap().len(), 2);
    assert_eq!(doc["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(summary.events, 12);
    assert_eq!(summary.unreadable.len(), 1);
    assert_eq!(summary.unreadable[0].1, 7);
}

#[test]
fn a_file_in_the_way_of_the_directory_is_said_in_dutch() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("data");
    std::fs::write(&file, "ik ben een bestand").unwrap();
    let err = Store::open(&file.join("register.db"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("kon niet worden aangemaakt"), "{err}");
    assert!(err.contains("bestaat al een bestand met die naam"), "{err}");
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(!err.contains("File exists"), "{err}");
}

#[test]
fn a_user_version_that_does_not_match_the_tables_is_said_without_sql() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    raadsorde::storage::open_raw(&path)
        .unwrap()
        .pragma_update(None, "user_version", 1)
        .unwrap();
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("schemaversie 1"), "{err}");
    assert!(err.contains("buiten raadsorde om gewijzigd"), "{err}");
    assert!(err.contains("register.db"), "{err}");
    assert!(!err.contains("duplicate column"), "raw SQL: {err}");
    assert!(!err.contains("ALTER"), "raw SQL: {err}");
}

/// One flipped byte in the file itself (not through SQL). The register is
/// encrypted: the byte makes its whole page fail its HMAC. verify names the
/// range of events that page held and checks the rest; the streamed export
/// marks the range and carries every other event.
#[test]
fn a_flipped_byte_in_the_file_loses_one_page_and_the_rest_is_checked_and_exported() {
    let (mut store, dir) = register();
    let meeting = Some(
        store
            .append(new(
                EventBody::MeetingStarted {
                    meeting_type: MeetingType::Raadsvergadering,
                    title: "Raadsvergadering 3 december".into(),
                    chair: "burgemeester".into(),
                    location: "raadzaal".into(),
                    town_hall: false,
                    risk_check: None,
                },
                90,
                None,
                None,
            ))
            .unwrap()
            .seq,
    );
    for i in 0..400 {
        store
            .append(new(
                EventBody::Note {
                    text: format!("aantekening {i}: camerabeelden opgevraagd bij de beheerder"),
                },
                100 + i,
                meeting,
                None,
            ))
            .unwrap();
    }
    drop(store);
    let path = dir.path().join("register.db");
    assert!(
        !dir.path().join("register.db-wal").exists(),
        "closing checkpoints the WAL into the file"
    );
    let good = std::fs::read(&path).unwrap();
    let total = 413u64;
    let page = 4096;
    let pages = good.len() / page;
    // Some page in the middle of the events: the first whose damage loses
    // a range of events with readable events after it.
    let mut found = false;
    for n in 1..pages {
        let mut bytes = good.clone();
        bytes[n * page + page / 2] ^= 0x5a;
        std::fs::write(&path, &bytes).unwrap();
        let Ok(store) = Store::open_read_only(&path) else {
            continue;
        };
        let Ok(v) = store.verify() else { continue };
        let Some(lost) = v
            .problems()
            .iter()
            .find(|p| p.kind == ProblemKind::Unreadable && p.reason.contains("tot en met"))
        else {
            continue;
        };
        let from = lost.seq.unwrap();
        let to: u64 = lost
            .reason
            .split("tot en met ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        if to >= total {
            continue;
        }
        found = true;
        assert!(lost.reason.contains("beschadigde pagina"), "{lost}");
        assert!(!lost.reason.contains("hmac"), "{lost}");
        let Verdict::Damaged(d) = &v else {
            unreachable!()
        };
        assert_eq!(d.head.map(|(seq, _)| seq), Some(total), "read to the end");
        // The export carries every event but those of the lost page.
        let mut out = Vec::new();
        let summary = store.export_to(&mut out).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let events = doc["events"].as_array().unwrap();
        let readable: Vec<u64> = events
            .iter()
            .filter(|e| e["onleesbaar"].is_null())
            .map(|e| e["seq"].as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = (1..=total).filter(|s| *s < from || *s > to).collect();
        assert_eq!(readable, expected, "page {n}: lost {from}..={to}");
        assert!(
            summary
                .unreadable
                .iter()
                .any(|(_, seq, why)| *seq == from && why.contains("tot en met")),
            "{:?}",
            summary.unreadable
        );
        break;
    }
    assert!(found, "no page of events in {pages} pages");
}

/// An unreadable event blinds the check only to what its kind can change:
/// a damaged demand leaves the case's next step unknown, but its status,
/// victim and search text are still compared.
#[test]
fn an_unreadable_event_hides_only_what_it_could_have_changed() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    tamper(
        &path,
        "UPDATE events SET payload = '{\"number\":1,' WHERE seq = 3",
    );
    let v = verify(&path);
    let found: Vec<_> = v.problems().iter().map(|p| (p.seq, p.kind)).collect();
    assert_eq!(
        found,
        [(Some(3), ProblemKind::Unreadable)],
        "{:#?}",
        problems(&v)
    );
    tamper(
        &path,
        "UPDATE cases SET status = 'open', victim_name = 'X' WHERE id = 1;
         DELETE FROM case_text WHERE rowid = 1;",
    );
    let v = verify(&path);
    let text = problems(&v).join("\n");
    assert!(text.contains("tabel cases, rij 1, kolom status"), "{text}");
    assert!(
        text.contains("tabel cases, rij 1, kolom victim_name"),
        "{text}"
    );
    assert!(text.contains("zoekindex case_text, rij 1"), "{text}");
}

#[test]
fn a_dropped_projection_table_is_a_problem_not_a_failed_check() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    tamper(
        &path,
        "DROP TABLE case_perpetrators; DROP TABLE perpetrator_text;",
    );
    let v = verify(&path);
    let text = problems(&v).join("\n");
    assert!(
        text.contains("tabel case_perpetrators kon niet worden gelezen"),
        "{text}"
    );
    assert!(
        text.contains("zoekindex perpetrator_text kon niet worden gelezen"),
        "{text}"
    );
    assert!(
        v.problems()
            .iter()
            .all(|p| p.kind == ProblemKind::Projection),
        "{text}"
    );
}

/// `user_version` can be changed by anyone with the file: a register with
/// the current tables that claims an older schema is still compared, and
/// the claim is reported.
#[test]
fn an_old_version_claimed_by_a_current_register_does_not_hide_the_register() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    tamper(
        &path,
        "PRAGMA user_version = 1; UPDATE cases SET status = 'open' WHERE id = 1;",
    );
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.schema_version(), 1);
    let v = store.verify().unwrap();
    let text = problems(&v).join("\n");
    assert!(text.contains("zegt schemaversie 1"), "{text}");
    assert!(text.contains("tabel cases, rij 1, kolom status"), "{text}");
}

/// Schema 7's two indexes on events, which migration 8 made partial.
const SCHEMA_7_INDEXES: &str = "DROP INDEX events_by_meeting;
     CREATE INDEX events_by_meeting ON events(meeting_id, seq);
     DROP INDEX events_by_case;
     CREATE INDEX events_by_case ON events(case_id, seq);";

/// A register of schema 7 read where it cannot be migrated is not taken for
/// one whose version was changed by hand (its tables are those of 7); one
/// of the current schema that claims 7 is. Opened to write, the first is
/// migrated and verifies intact.
#[test]
fn a_schema_7_register_is_told_from_a_changed_version_and_migrated_when_opened() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");

    tamper(&path, "PRAGMA user_version = 7;");
    let store = Store::open_read_only(&path).unwrap();
    let text = problems(&store.verify().unwrap()).join("\n");
    assert!(text.contains("zegt schemaversie 7"), "{text}");
    drop(store);

    tamper(&path, SCHEMA_7_INDEXES);
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.schema_version(), 7);
    let text = problems(&store.verify().unwrap()).join("\n");
    assert!(!text.contains("zegt schemaversie"), "{text}");
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version(), raadsorde::storage::SCHEMA_VERSION);
    let v = store.verify().unwrap();
    assert!(problems(&v).is_empty(), "{:?}", problems(&v));
    drop(store);
    let c = raadsorde::storage::open_raw(&path).unwrap();
    let partial: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('events_by_meeting', 'events_by_case')
               AND sql LIKE '%WHERE%IS NOT NULL'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(partial, 2);
}

/// Schema 8's events table, with the unique index on `hash` that migration
/// 9 made the table again without: that migration read backwards (the
/// guards, dropped with the table, are put back by `tamper`).
fn schema_8_events() -> String {
    let table = include_str!("../src/storage/migrations/009_events_without_hash_index.sql");
    let unique = table
        .replace(
            "hash           BLOB    NOT NULL CHECK",
            "hash           BLOB    NOT NULL UNIQUE CHECK",
        )
        .replace("events_9", "events_8");
    assert_ne!(unique, table.replace("events_9", "events_8"));
    unique
}

/// Every column of every event, in order: what a migration must not change.
fn all_rows(path: &Path) -> Vec<Vec<rusqlite::types::Value>> {
    let c = raadsorde::storage::open_raw(path).unwrap();
    let mut stmt = c.prepare("SELECT * FROM events ORDER BY seq").unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn hash_indexes(path: &Path) -> i64 {
    raadsorde::storage::open_raw(path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM pragma_index_list('events') WHERE origin = 'u'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// A register of schema 8 (the unique index on `hash`) is told apart from
/// one whose version was changed by hand, verifies intact where it cannot
/// be migrated, and opened to write is migrated to a table without that
/// index: every row the same, the chain intact, the guards in place, and
/// a step after it appended and verified.
#[test]
fn a_schema_8_register_is_migrated_to_events_without_a_hash_index_and_every_row_kept() {
    let (store, dir) = register();
    drop(store);
    let path = dir.path().join("register.db");
    assert_eq!(hash_indexes(&path), 0, "a new register has no hash index");

    tamper(&path, "PRAGMA user_version = 8;");
    let text = problems(&verify(&path)).join("\n");
    assert!(
        text.contains("zegt schemaversie 8, maar de tabellen zijn van versie 9"),
        "{text}"
    );

    tamper(&path, &schema_8_events());
    assert_eq!(hash_indexes(&path), 1);
    let before = all_rows(&path);
    assert_eq!(before.len(), 12);
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.schema_version(), 8);
    let v = store.verify().unwrap();
    assert!(problems(&v).is_empty(), "{:?}", problems(&v));
    drop(store);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version(), raadsorde::storage::SCHEMA_VERSION);
    assert_eq!(all_rows(&path), before, "the migration changed an event");
    assert_eq!(hash_indexes(&path), 0);
    let v = store.verify().unwrap();
    assert!(
        matches!(v, Verdict::Intact { count: 12, .. }),
        "{:?}",
        problems(&v)
    );
    store
        .append(new(
            EventBody::Note {
                text: "na de migratie".into(),
            },
            200,
            None,
            Some(2),
        ))
        .unwrap();
    let v = store.verify().unwrap();
    assert!(
        matches!(v, Verdict::Intact { count: 13, .. }),
        "{:?}",
        problems(&v)
    );
    drop(store);

    // The append-only guards hold on the new table.
    let c = raadsorde::storage::open_raw(&path).unwrap();
    let update = c.execute("UPDATE events SET actor = 'x' WHERE seq = 1", []);
    assert!(update.is_err(), "an event was changed");
    let delete = c.execute("DELETE FROM events WHERE seq = 13", []);
    assert!(delete.is_err(), "an event was deleted");
    assert_eq!(all_rows(&path).len(), 13);
}

// --- chain version 2 ---------------------------------------------------------

/// Recomputes the digest and hash of every event from `from` on, the way
/// someone who knows the formulas would after editing the rows: each row by
/// the version its `chain` column claims.
fn rechain(path: &Path, from: u64) {
    use raadsorde::domain::chain::{self, GENESIS, Header, HeaderV2};
    let c = raadsorde::storage::open_raw(path).unwrap();
    c.execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
        .unwrap();
    let mut prev: [u8; 32] = if from == 1 {
        GENESIS
    } else {
        let h: Vec<u8> = c
            .query_row("SELECT hash FROM events WHERE seq = ?1", [from - 1], |r| {
                r.get(0)
            })
            .unwrap();
        h.try_into().unwrap()
    };
    type Row = (
        u64,
        String,
        String,
        Option<String>,
        String,
        String,
        [Option<u64>; 3],
        Option<String>,
        Option<Vec<u8>>,
        i64,
    );
    let rows: Vec<Row> = c
        .prepare(
            "SELECT seq, at_local, at_utc, committed_utc, actor, kind, meeting_id, case_id,
                    corrects, payload, salt, chain
               FROM events WHERE seq >= ?1 ORDER BY seq",
        )
        .unwrap()
        .query_map([from], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                [r.get(6)?, r.get(7)?, r.get(8)?],
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (seq, at_local, at_utc, committed, actor, kind, [m, cs, co], payload, salt, version) in rows
    {
        let payload = payload.unwrap_or_default();
        let (digest, hash) = if version == 2 {
            let salt: [u8; 32] = salt.unwrap().try_into().unwrap();
            let digest = chain::salted_digest(&salt, payload.as_bytes());
            let committed = committed.unwrap();
            let header = HeaderV2 {
                at_local: &at_local,
                at_utc: &at_utc,
                committed_utc: &committed,
                actor: &actor,
                kind: &kind,
                meeting_id: m,
                case_id: cs,
                corrects: co,
            };
            (
                digest,
                chain::link_v2(seq, &prev, &header.digest(), &digest),
            )
        } else {
            let digest = chain::sha256(payload.as_bytes());
            let header = Header {
                at_local: &at_local,
                at_utc: &at_utc,
                actor: &actor,
                kind: &kind,
                meeting_id: m,
                case_id: cs,
                corrects: co,
            };
            (digest, chain::link(seq, &prev, &header.digest(), &digest))
        };
        c.execute(
            "UPDATE events SET payload_digest = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
            rusqlite::params![seq, &digest[..], &prev[..], &hash[..]],
        )
        .unwrap();
        prev = hash;
    }
    c.execute_batch(&raadsorde::storage::guard_statements())
        .unwrap();
}

/// A register of schema 2 written the way the program did before chain
/// version 2: a meeting that started, had a note, and ended; 3 events.
fn version_1_register(path: &Path) {
    use raadsorde::domain::chain::{self, GENESIS, Header};
    let c = raadsorde::storage::open_raw(path).unwrap();
    c.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .unwrap();
    c.execute_batch(include_str!(
        "../src/storage/migrations/001_evidence_log.sql"
    ))
    .unwrap();
    c.execute_batch(include_str!(
        "../src/storage/migrations/002_case_register.sql"
    ))
    .unwrap();
    c.pragma_update(None, "user_version", 2).unwrap();
    let bodies = [
        (
            None,
            EventBody::MeetingStarted {
                meeting_type: MeetingType::Raadsvergadering,
                title: "Raad van oktober".into(),
                chair: "burgemeester".into(),
                location: "raadzaal".into(),
                town_hall: false,
                risk_check: None,
            },
        ),
        (
            Some(1),
            EventBody::Note {
                text: "publiek rustig".into(),
            },
        ),
        (Some(1), EventBody::MeetingEnded {}),
    ];
    let mut prev = GENESIS;
    for (i, (meeting, body)) in bodies.into_iter().enumerate() {
        let seq = i as u64 + 1;
        let t = at(i as i64 * 60);
        let (at_local, at_utc) = (
            raadsorde::domain::time::local_string(&t),
            raadsorde::domain::time::utc_string(&t),
        );
        let (kind, payload) = body.to_parts().unwrap();
        let payload = chain::canonical_json(&payload);
        let digest = chain::sha256(payload.as_bytes());
        let meeting = if seq == 1 { Some(1) } else { meeting };
        let header = Header {
            at_local: &at_local,
            at_utc: &at_utc,
            actor: "griffie",
            kind: &kind,
            meeting_id: meeting,
            case_id: None,
            corrects: None,
        };
        let hash = chain::link(seq, &prev, &header.digest(), &digest);
        c.execute(
            "INSERT INTO events (seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                                 payload, payload_digest, prev_hash, hash)
             VALUES (?1, ?2, ?3, 'griffie', ?4, ?5, NULL, NULL, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                seq,
                at_local,
                at_utc,
                kind,
                meeting,
                payload,
                &digest[..],
                &prev[..],
                &hash[..]
            ],
        )
        .unwrap();
        match body {
            EventBody::MeetingStarted { .. } => c
                .execute(
                    "INSERT INTO meetings (id, meeting_type, title, chair, location, started_at)
                     VALUES (1, 'raadsvergadering', 'Raad van oktober', 'burgemeester', 'raadzaal', ?1)",
                    [&at_local],
                )
                .map(|_| ())
                .unwrap(),
            EventBody::MeetingEnded {} => c
                .execute("UPDATE meetings SET ended_at = ?1 WHERE id = 1", [&at_local])
                .map(|_| ())
                .unwrap(),
            _ => {}
        }
        prev = hash;
    }
}

fn chains(path: &Path) -> Vec<(i64, String)> {
    raadsorde::storage::open_raw(path)
        .unwrap()
        .prepare("SELECT chain, kind FROM events ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn meeting(title: &str, secs: i64) -> NewEvent {
    new(
        EventBody::MeetingStarted {
            meeting_type: MeetingType::Commissie,
            title: title.into(),
            chair: "voorzitter".into(),
            location: "raadzaal".into(),
            town_hall: false,
            risk_check: None,
        },
        secs,
        None,
        None,
    )
}

#[test]
fn a_version_1_register_verifies_as_version_1_and_goes_on_as_version_2_after_the_marker() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("oud.db");
    version_1_register(&path);
    // Checked as it is, read-only (not migrated): version 1 throughout.
    let v = verify(&path);
    assert!(
        matches!(v, Verdict::Intact { count: 3, .. }),
        "{:#?}",
        problems(&v)
    );

    let mut store = Store::open_with(&path, None).unwrap();
    assert_eq!(store.schema_version(), raadsorde::storage::SCHEMA_VERSION);
    store.append(meeting("Commissie Bestuur", 600)).unwrap();
    let m = store.head().unwrap().unwrap().0;
    store
        .append(new(EventBody::MeetingEnded {}, 660, Some(m), None))
        .unwrap();
    drop(store);
    // A second open writes no second marker.
    drop(Store::open_with(&path, None).unwrap());
    assert_eq!(
        chains(&path),
        [
            (1, "meeting-started".into()),
            (1, "note".into()),
            (1, "meeting-ended".into()),
            (2, "chain-upgraded".into()),
            (2, "meeting-started".into()),
            (2, "meeting-ended".into()),
        ]
    );
    let v = verify(&path);
    assert!(
        matches!(v, Verdict::Intact { count: 6, .. }),
        "{:#?}",
        problems(&v)
    );
}

#[test]
fn a_change_after_the_marker_rechained_with_the_version_1_formula_is_caught() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("oud.db");
    version_1_register(&path);
    let mut store = Store::open_with(&path, None).unwrap();
    store.append(meeting("Commissie Bestuur", 600)).unwrap();
    drop(store);
    // seq 5 gets another title; the row is made to look like version 1
    // (no salt, no commit time) and every hash from there is recomputed.
    tamper(
        &path,
        "UPDATE events SET payload = replace(payload, 'Commissie Bestuur', 'Commissie Ruimte'),
                           chain = 1, salt = NULL, committed_utc = NULL WHERE seq = 5;
         UPDATE meetings SET title = 'Commissie Ruimte' WHERE id = 5;",
    );
    rechain(&path, 5);
    let v = verify(&path);
    let p = v.problems();
    assert_eq!(p.len(), 1, "{:#?}", problems(&v));
    assert_eq!((p[0].seq, p[0].kind), (Some(5), ProblemKind::Chain));
    assert!(
        p[0].reason.contains("ketenversie 1") && p[0].reason.contains("sinds seq 4 versie 2"),
        "{}",
        p[0]
    );
    // Without the marker, the version 2 events after version 1 ones are
    // named too.
    tamper(&path, "UPDATE events SET kind = 'note' WHERE seq = 4");
    rechain(&path, 4);
    let text = problems(&verify(&path)).join("\n");
    assert!(text.contains("zonder markering"), "{text}");
}

#[test]
fn a_commit_time_earlier_than_the_event_before_is_tampering_but_an_early_key_press_is_not() {
    let (mut store, dir) = register();
    // A retried step: pressed an hour before the events already there.
    store
        .append(new(
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "vrouw met pet".into(),
                name: String::new(),
            },
            -3600,
            None,
            None,
        ))
        .unwrap();
    assert!(store.verify().unwrap().is_intact());
    drop(store);
    let path = dir.path().join("register.db");
    tamper(
        &path,
        "UPDATE events SET committed_utc = '2026-01-01T00:00:00.000Z' WHERE seq = 8",
    );
    rechain(&path, 8);
    let v = verify(&path);
    let p = v.problems();
    assert_eq!(p.len(), 1, "{:#?}", problems(&v));
    assert_eq!((p[0].seq, p[0].kind), (Some(8), ProblemKind::Chain));
    assert!(
        p[0].reason
            .contains("vastgelegd op 2026-01-01T00:00:00.000Z")
            && p[0].reason.contains("eerder dan gebeurtenis 7"),
        "{}",
        p[0]
    );
}

#[test]
fn the_salt_gives_the_same_payload_different_digests_and_a_purge_erases_it() {
    use raadsorde::domain::chain;
    let (mut store, dir) = register();
    let body = EventBody::PerpetratorRegistered {
        kind: PerpetratorKind::Persoon,
        description: "man".into(),
        name: "Jan Jansen".into(),
    };
    // Two perpetrators of case 1 only (seqs 13 and 14).
    store.append(new(body.clone(), 150, None, Some(1))).unwrap();
    store.append(new(body, 160, None, Some(1))).unwrap();
    let path = dir.path().join("register.db");
    let row = |seq: u64| -> (Option<String>, Vec<u8>, Option<Vec<u8>>) {
        raadsorde::storage::open_raw(&path)
            .unwrap()
            .query_row(
                "SELECT payload, payload_digest, salt FROM events WHERE seq = ?1",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    let (p13, d13, s13) = row(13);
    let (p14, d14, s14) = row(14);
    let (p13, s13, s14) = (p13.unwrap(), s13.unwrap(), s14.unwrap());
    assert_eq!(Some(&p13), p14.as_ref());
    assert_ne!(d13, d14, "same payload, different digests");
    assert_ne!(s13, s14);
    assert_eq!(s13.len(), 32);
    assert_ne!(d13, chain::sha256(p13.as_bytes()).to_vec());
    // A purge erases the payload and its salt: the digest that stays is not
    // that of the name, with or without any salt found elsewhere.
    let purged = close_and_purge(&mut store);
    assert!(purged.contains(&13) && purged.contains(&14), "{purged:?}");
    drop(store);
    let v = verify(&path);
    assert!(v.is_intact(), "{:#?}", problems(&v));
    let (payload, stored, salt) = row(13);
    assert_eq!((payload, salt), (None, None));
    assert_eq!(stored, d13);
    assert_ne!(stored, chain::sha256(p13.as_bytes()).to_vec());
    assert_ne!(
        stored,
        chain::salted_digest(&s14.try_into().unwrap(), p13.as_bytes()).to_vec()
    );
    // A salt erased while the payload stays is tampering.
    tamper(&path, "UPDATE events SET salt = NULL WHERE seq = 12");
    let text = problems(&verify(&path)).join("\n");
    assert!(text.contains("zout"), "{text}");
}
