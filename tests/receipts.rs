//! Signed head receipts: written at the end of a meeting, on the first use
//! of a day, with an export and on request; `verify --receipts DIR` proves
//! that no receipt's head was rewritten or cut off, even when every hash in
//! the file was recomputed or SQLite dropped committed frames of the -wal;
//! the start-up head check warns.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Duration, TimeZone, Utc};
use raadsorde::domain::time::to_local;
use raadsorde::domain::{EventBody, MeetingType, NewEvent};
use raadsorde::storage::commands;
use raadsorde::storage::receipts::{self, Reason, Settings};
use raadsorde::storage::{HeadCheck, Store};
use tempfile::TempDir;

fn at(secs: i64) -> chrono::DateTime<chrono::FixedOffset> {
    to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap()) + Duration::seconds(secs)
}

fn new(body: EventBody, secs: i64, meeting: Option<u64>) -> NewEvent {
    NewEvent {
        at: at(secs),
        actor: "griffie".into(),
        meeting_id: meeting,
        case_id: None,
        corrects: None,
        disturbance: None,
        body,
    }
}

fn started(secs: i64) -> NewEvent {
    new(
        EventBody::MeetingStarted {
            meeting_type: MeetingType::Raadsvergadering,
            title: "Raadsvergadering".into(),
            chair: "burgemeester".into(),
            location: "raadzaal".into(),
            town_hall: false,
            risk_check: None,
        },
        secs,
        None,
    )
}

struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Place {
        Place {
            dir: TempDir::new().unwrap(),
        }
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("register.db")
    }
    fn receipts(&self) -> PathBuf {
        self.dir.path().join("tweede-schijf").join("bewijzen")
    }
    fn settings(&self) -> Settings {
        Settings {
            dir: self.receipts(),
            key: self.dir.path().join("config").join(receipts::KEY_FILE),
        }
    }
    fn open(&self) -> Store {
        Store::open_with(&self.db(), Some(self.settings())).unwrap()
    }
    fn count(&self) -> usize {
        receipts::load_all(&self.receipts()).unwrap().len()
    }
}

/// Two meetings, each started and ended: 4 events, a receipt after each end.
fn two_meetings(place: &Place) -> Store {
    let mut store = place.open();
    for i in 0..2 {
        let m = store.append(started(i * 100)).unwrap().seq;
        store
            .append(new(EventBody::MeetingEnded {}, i * 100 + 50, Some(m)))
            .unwrap();
    }
    store
}

fn verify(path: &Path, receipts: Option<&Path>) -> (u8, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = commands::verify(path, receipts, &mut out, &mut err).unwrap();
    (
        code,
        String::from_utf8(out).unwrap() + &String::from_utf8(err).unwrap(),
    )
}

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

#[test]
fn the_end_of_a_meeting_writes_a_signed_receipt_that_verify_accepts() {
    let place = Place::new();
    let store = two_meetings(&place);
    let last = store.last_receipt().unwrap().clone();
    assert_eq!(last.reason, Reason::MeetingEnded);
    assert_eq!((last.number, last.seq), (2, 4));
    assert_eq!(last.head, hex::encode(store.head().unwrap().unwrap().1));
    assert_eq!(
        receipts::latest(&place.receipts(), None).unwrap(),
        Some(last.clone())
    );
    assert_eq!(
        receipts::latest_of(&place.receipts(), &place.db()).unwrap(),
        Some(last.clone())
    );
    // For the closing screen: head and fingerprint.
    let summary = store.receipt_summary().unwrap();
    assert_eq!(summary.head, Some((4, last.head.clone())));
    assert_eq!(summary.fingerprint, Some(last.fingerprint()));
    assert_eq!(summary.latest, Some(last.clone()));
    drop(store);

    let (code, text) = verify(&place.db(), Some(&place.receipts()));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("ontvangstbewijzen kloppen: 2 bewijzen"),
        "{text}"
    );
    assert!(text.contains(&last.fingerprint()), "{text}");
}

#[test]
fn a_rewritten_history_with_every_hash_recomputed_passes_verify_but_not_the_receipts() {
    let place = Place::new();
    drop(two_meetings(&place));
    // Rebuild the register from scratch with the second meeting's title
    // changed: a whole new, internally consistent chain.
    let forged = place.dir.path().join("nagemaakt.db");
    {
        let mut s = Store::open_with(&forged, None).unwrap();
        let m = s.append(started(0)).unwrap().seq;
        s.append(new(EventBody::MeetingEnded {}, 50, Some(m)))
            .unwrap();
        let mut other = started(100);
        if let EventBody::MeetingStarted { title, .. } = &mut other.body {
            *title = "Commissie".into();
        }
        let m = s.append(other).unwrap().seq;
        s.append(new(EventBody::MeetingEnded {}, 150, Some(m)))
            .unwrap();
    }
    std::fs::copy(&forged, place.db()).unwrap();
    let (code, text) = verify(&place.db(), None);
    assert_eq!(code, 0, "plain verify cannot see it: {text}");
    let (code, text) = verify(&place.db(), Some(&place.receipts()));
    assert_eq!(code, 4, "{text}");
    assert!(
        text.contains("geen ontvangstbewijs van dit register"),
        "{text}"
    );
}

#[test]
fn a_register_cut_off_below_a_receipt_or_changed_at_its_seq_is_reported_with_exit_4() {
    let place = Place::new();
    drop(two_meetings(&place));
    let path = place.db();
    tamper(
        &path,
        "DELETE FROM events WHERE seq = 4; UPDATE meetings SET ended_at = NULL WHERE id = 3;",
    );
    let (code, text) = verify(&path, None);
    assert_eq!(code, 0, "plain verify cannot see a cut-off end: {text}");
    let (code, text) = verify(&path, Some(&place.receipts()));
    assert_eq!(code, 4, "{text}");
    assert!(text.contains("ontvangstbewijs nr. 2"), "{text}");
    assert!(text.contains("ingekort"), "{text}");
    assert!(text.contains("bij seq 3"), "{text}");

    // The start-up head check says so, and writes no receipt over it.
    let before = place.count();
    let store = place.open();
    let warning = store.warnings().join("\n");
    assert!(warning.contains("ingekort"), "{warning}");
    assert!(warning.contains(&path.display().to_string()), "{warning}");
    assert!(warning.contains("verify --receipts"), "{warning}");
    assert!(matches!(
        store.check_receipt_head(&place.settings()).unwrap(),
        HeadCheck::Broken { .. }
    ));
    drop(store);
    assert_eq!(
        place.count(),
        before,
        "no receipt anchors a cut-off register"
    );

    // A changed event at a receipt's seq.
    tamper(&path, "UPDATE events SET hash = zeroblob(32) WHERE seq = 2");
    let (code, text) = verify(&path, Some(&place.receipts()));
    assert_eq!(code, 4, "{text}");
    assert!(text.contains("ontvangstbewijs nr. 1"), "{text}");
    assert!(
        text.contains("gebeurtenis 2 heeft niet meer de hash"),
        "{text}"
    );
}

#[test]
fn a_broken_receipt_chain_or_a_forged_receipt_is_reported() {
    let place = Place::new();
    let mut store = two_meetings(&place);
    store.write_receipt(Reason::Manual).unwrap().unwrap();
    drop(store);
    let files: Vec<PathBuf> = receipts::load_all(&place.receipts())
        .unwrap()
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(files.len(), 3);
    // Receipt 2 removed: 3 no longer names the one before it.
    let second = std::fs::read(&files[1]).unwrap();
    std::fs::remove_file(&files[1]).unwrap();
    let (code, text) = verify(&place.db(), Some(&place.receipts()));
    assert_eq!(code, 4, "{text}");
    assert!(text.contains("nr. 2 tot en met 2 ontbreken"), "{text}");
    // Put back with its seq changed: the signature no longer holds.
    let forged = String::from_utf8(second)
        .unwrap()
        .replace("\"seq\": 4", "\"seq\": 3");
    std::fs::write(&files[1], forged).unwrap();
    let (code, text) = verify(&place.db(), Some(&place.receipts()));
    assert_eq!(code, 4, "{text}");
    assert!(text.contains("handtekening klopt niet"), "{text}");
}

/// SQLite checks each -wal frame's checksum and silently drops the frame
/// with a bad one, and every frame after it: committed events vanish and the
/// chain that is left is intact. The receipt of the head shows it.
#[test]
fn a_flipped_byte_in_the_wal_that_drops_committed_frames_is_exposed_by_the_receipts() {
    let place = Place::new();
    let mut store = two_meetings(&place);
    store.write_receipt(Reason::Manual).unwrap().unwrap();
    // A copy of the register with its -wal, taken while it is open.
    let copy = place.dir.path().join("kopie");
    std::fs::create_dir(&copy).unwrap();
    let db = copy.join("register.db");
    std::fs::copy(place.db(), &db).unwrap();
    let wal = place.dir.path().join("register.db-wal");
    let mut bytes = std::fs::read(&wal).unwrap();
    assert!(bytes.len() > 32 + 24, "the events are in the -wal");
    drop(store);
    // The last frame holds the last commit: flip a byte in its page.
    let at = bytes.len() - 100;
    bytes[at] ^= 0x01;
    std::fs::write(copy.join("register.db-wal"), &bytes).unwrap();

    let (code, text) = verify(&db, None);
    assert_eq!(
        code, 0,
        "plain verify sees an intact, shorter chain: {text}"
    );
    assert!(
        text.contains("keten intact: 3 gebeurtenissen"),
        "the last commit was dropped, the rest is consistent: {text}"
    );
    assert!(
        text.contains("modus alleen-lezen"),
        "the -wal was read: {text}"
    );
    let (code, text) = verify(&db, Some(&place.receipts()));
    assert_eq!(code, 4, "{text}");
    assert!(
        text.contains("ingekort of vastgelegde gebeurtenissen zijn verloren"),
        "{text}"
    );
}

#[test]
fn the_first_open_of_a_day_writes_a_receipt_and_later_opens_do_not() {
    let place = Place::new();
    // Empty: nothing to anchor.
    let mut store = place.open();
    assert_eq!(place.count(), 0);
    store.append(started(0)).unwrap();
    drop(store);
    let store = place.open();
    assert_eq!(place.count(), 1);
    let daily = receipts::latest(&place.receipts(), None).unwrap().unwrap();
    assert_eq!((daily.reason, daily.seq), (Reason::Daily, 1));
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    drop(store);
    drop(place.open());
    assert_eq!(place.count(), 1, "one a day");
}

fn cli(sandbox: &common::Sandbox, place: &Place) -> Command {
    let mut c = Command::new(common::bin());
    c.envs(sandbox.env())
        .env(receipts::DIR_ENV, place.receipts())
        .env(receipts::KEY_ENV, place.settings().key)
        .arg("--db")
        .arg(place.db());
    c
}

#[test]
fn export_and_the_receipt_command_write_receipts_and_say_so() {
    let sandbox = common::Sandbox::new();
    let place = Place::new();
    drop(two_meetings(&place));
    let out = cli(&sandbox, &place)
        .args(["export", "--json"])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("ontvangstbewijs nr. 3 geschreven"), "{err}");
    let latest = receipts::latest(&place.receipts(), None).unwrap().unwrap();
    assert_eq!(latest.reason, Reason::Export);

    let out = cli(&sandbox, &place).arg("receipt").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("ONTVANGSTBEWIJS"), "{text}");
    assert!(text.contains("nr. 4"), "{text}");
    // The head the export anchored: its own access event (and the roles
    // the first user got) came after the four events of the meetings.
    assert!(latest.seq > 4, "{latest:?}");
    assert!(text.contains(&format!("seq {}", latest.seq)), "{text}");
    assert!(text.contains(&latest.fingerprint()), "{text}");

    let out = cli(&sandbox, &place)
        .args(["verify", "--receipts"])
        .arg(place.receipts())
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("ontvangstbewijzen kloppen: 4 bewijzen"),
        "{text}"
    );
}

#[test]
fn a_receipts_directory_that_is_missing_or_empty_cannot_be_checked_exit_1() {
    let place = Place::new();
    drop(two_meetings(&place));
    let missing = place.dir.path().join("nergens");
    let (code, text) = verify(&place.db(), Some(&missing));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("bestaat niet"), "{text}");
    assert!(text.contains(&missing.display().to_string()), "{text}");
    std::fs::create_dir(&missing).unwrap();
    let (code, text) = verify(&place.db(), Some(&missing));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("bevat geen ontvangstbewijzen"), "{text}");
}

#[test]
fn the_signing_key_is_made_in_the_config_directory_on_first_use_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = common::Sandbox::new();
    let place = Place::new();
    drop(two_meetings(&place));
    let config = place.dir.path().join("andere-config");
    let out = Command::new(common::bin())
        .envs(sandbox.env())
        .env(receipts::DIR_ENV, place.receipts())
        .arg("--db")
        .arg(place.db())
        .arg("--config-dir")
        .arg(&config)
        .arg("receipt")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let key = config.join(receipts::KEY_FILE);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&key), 0o600);
    assert_eq!(mode(&config), 0o700);
    let fp = receipts::Key::load(&key).unwrap().unwrap().fingerprint();
    assert!(text.contains(&fp), "{text}");
    // A new key (not the one that signed the meetings' receipts): the
    // receipt chain says so.
    let (code, text) = verify(&place.db(), Some(&place.receipts()));
    assert_eq!(code, 4, "{text}");
    assert!(text.contains("andere sleutel"), "{text}");
}

/// Every screen writes through the store thread: a meeting ended there is
/// anchored before the commit is answered.
#[test]
fn a_meeting_ended_through_the_store_thread_has_its_receipt_before_the_reply() {
    use raadsorde::storage::worker::{Origin, StoreReply, StoreRequest};
    let place = Place::new();
    let mut store = place.open();
    let mut seq = 0;
    for event in [started(0), new(EventBody::MeetingEnded {}, 60, Some(1))] {
        let replies = store.serve(StoreRequest::Append {
            origin: Origin::Live,
            event,
        });
        for r in replies {
            if let StoreReply::Committed { event, .. } = r {
                seq = event.seq;
            }
        }
    }
    assert_eq!(seq, 2);
    let receipt = receipts::latest_of(&place.receipts(), &place.db())
        .unwrap()
        .unwrap();
    assert_eq!((receipt.seq, receipt.reason), (2, Reason::MeetingEnded));
    receipt.check_signature().unwrap();
}

#[test]
fn a_newest_receipt_signed_with_another_key_is_warned_about_at_start() {
    let place = Place::new();
    drop(two_meetings(&place));
    // Someone without the key writes the next receipt with a key of their own.
    let mut other = place.settings();
    other.key = place.dir.path().join("andere-sleutel");
    let mut store = Store::open_read_only(&place.db())
        .unwrap()
        .with_receipts(Some(other));
    store.write_receipt(Reason::Manual).unwrap().unwrap();
    drop(store);
    let store = place.open();
    let warning = store.warnings().join("\n");
    assert!(warning.contains("andere sleutel"), "{warning}");
    assert!(warning.contains("verify --receipts"), "{warning}");
}

#[test]
fn a_signing_key_readable_by_others_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let place = Place::new();
    drop(two_meetings(&place));
    let key = place.settings().key;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = place.open();
    let warning = store.warnings().join("\n");
    assert!(warning.contains("leesbaar voor anderen"), "{warning}");
    assert!(warning.contains("chmod 600"), "{warning}");
}

/// The start finds the newest receipt of its register by the file names
/// (one file read, however many years of receipts the directory holds):
/// past another register's receipts with higher numbers, past a newest
/// file that cannot be read (the one before it counts, as before), and
/// never trusting a file whose content is another receipt than its name
/// says; `verify --receipts` names such a file.
#[test]
fn the_newest_receipt_is_found_by_its_name_and_a_renamed_one_is_reported() {
    let place = Place::new();
    let mut store = two_meetings(&place);
    for _ in 0..10 {
        store.write_receipt(Reason::Manual).unwrap().unwrap();
    }
    let newest = store.last_receipt().unwrap().clone();
    assert_eq!(newest.number, 12);
    let id = newest.register_id.clone();
    drop(store);
    // Another register with its receipts in the same directory, more of
    // them, so higher numbers.
    {
        let mut other =
            Store::open_with(&place.dir.path().join("ander.db"), Some(place.settings())).unwrap();
        let m = other.append(started(0)).unwrap().seq;
        other
            .append(new(EventBody::MeetingEnded {}, 50, Some(m)))
            .unwrap();
        for _ in 0..15 {
            other.write_receipt(Reason::Manual).unwrap().unwrap();
        }
        assert_eq!(other.last_receipt().unwrap().number, 16);
    }
    let dir = place.receipts();
    assert_eq!(
        receipts::latest(&dir, Some(&id)).unwrap(),
        Some(newest.clone())
    );
    let store = place.open();
    match store.check_receipt_head(&place.settings()).unwrap() {
        HeadCheck::Holds(r) => assert_eq!(r, newest),
        other => panic!("the head holds: {other:?}"),
    }
    drop(store);

    let file = |n: u64| dir.join(format!("ontvangstbewijs-{}-{n:06}.json", &id[..12]));
    let twelve = std::fs::read(file(12)).unwrap();
    // The newest file unreadable: the one before it.
    std::fs::write(file(12), b"{ half").unwrap();
    assert_eq!(
        receipts::latest(&dir, Some(&id)).unwrap().unwrap().number,
        11
    );
    // Receipt 12 under a higher number's name: not taken as newer than it
    // is, and not as receipt 99; verify --receipts says the name is wrong.
    std::fs::remove_file(file(12)).unwrap();
    std::fs::write(file(99), &twelve).unwrap();
    assert_eq!(
        receipts::latest(&dir, Some(&id)).unwrap().unwrap().number,
        11
    );
    let (code, text) = verify(&place.db(), Some(&dir));
    assert_eq!(code, 4, "{text}");
    assert!(text.contains("andere naam (hernoemd?)"), "{text}");
    assert!(
        text.contains(&format!("ontvangstbewijs-{}-000012.json", &id[..12])),
        "{text}"
    );
    // Put back under its own name: all in order again.
    std::fs::rename(file(99), file(12)).unwrap();
    assert_eq!(receipts::latest(&dir, Some(&id)).unwrap(), Some(newest));
    let (code, text) = verify(&place.db(), Some(&dir));
    assert_eq!(code, 0, "{text}");
}
