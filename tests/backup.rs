//! Backup and restore: a backup taken during a live meeting while others
//! write restores elsewhere with every event up to its head; the Dutch
//! refusals of the commands.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::Sandbox;
use raadsorde::domain::case::PerpetratorKind;
use raadsorde::domain::{EventBody, NewEvent};
use raadsorde::storage::{Store, Verdict};

fn perpetrator(i: usize) -> NewEvent {
    NewEvent {
        at: raadsorde::domain::time::now(),
        actor: "tweede werkplek".into(),
        meeting_id: None,
        case_id: None,
        corrects: None,
        disturbance: None,
        body: EventBody::PerpetratorRegistered {
            kind: PerpetratorKind::Persoon,
            description: format!("bezoeker {i}"),
            name: String::new(),
        },
    }
}

/// Runs the binary with `args`: (exit code, stdout, stderr).
fn run(sandbox: &Sandbox, db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(common::bin())
        .current_dir(sandbox.root())
        .env_remove("RAADSORDE_LOG")
        .envs(sandbox.env())
        .env("RAADSORDE_DB", db)
        .arg("--db")
        .arg(db)
        .arg("--config-dir")
        .arg(sandbox.config_dir())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn export(sandbox: &Sandbox, db: &Path) -> Vec<serde_json::Value> {
    let (code, out, err) = run(sandbox, db, &["export", "--json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["events"].as_array().unwrap().clone()
}

fn seq(e: &serde_json::Value) -> u64 {
    e["seq"].as_u64().unwrap()
}

fn head(path: &Path) -> u64 {
    match Store::open_read_only(path).unwrap().verify().unwrap() {
        Verdict::Intact { head, .. } => head.unwrap().0,
        v => panic!("{path:?}: {v:?}"),
    }
}

#[test]
fn a_backup_during_a_live_meeting_restores_elsewhere_with_every_event_up_to_its_head() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    let tui = sandbox.spawn_tui(&[]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    tui.step("v", "✓ Verstoring gemeld");
    tui.step("s", "✓ Vergadering geschorst");
    tui.step("d", "✓ Vordering 1 door voorzitter");

    // A second workstation keeps writing during the backup.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let db = db.clone();
        std::thread::spawn(move || {
            let mut store = Store::open_with(&db, None).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) || n < 20 {
                store.append(perpetrator(n)).unwrap();
                n += 1;
                // A workstation, not a loop that never lets go of the
                // write lock: the backup itself writes too (its entry in
                // the access log) and must get a turn within the 5 s that
                // SQLite waits for it.
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            n
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    let backup = sandbox.root().join("kopie").join("raadsorde-kopie.db");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    let (code, out, err) = run(&sandbox, &db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("gecontroleerd"), "{out}");
    // The meeting goes on after the backup.
    tui.step("d", "✓ Vordering 2 door voorzitter");
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written >= 20);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // One file: nothing of it is left in a -wal.
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = backup.as_os_str().to_owned();
        side.push(suffix);
        assert!(
            !Path::new(&side).exists(),
            "{suffix} left beside the backup"
        );
    }

    // The register is in use: it cannot be replaced now.
    let (code, _, err) = run(
        &sandbox,
        &db,
        &["restore", backup.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("in gebruik"), "{err}");
    assert!(err.contains("sluit raadsorde"), "{err}");

    // Restored elsewhere: verified, and the same events up to its head.
    let elsewhere = sandbox.root().join("elders").join("terug.db");
    std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
    let (code, out, err) = run(&sandbox, &elsewhere, &["restore", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("teruggezet"), "{out}");
    let (code, out, err) = run(&sandbox, &elsewhere, &["verify"]);
    assert_eq!(code, 0, "{out}{err}");

    let backup_head = head(&backup);
    let original = export(&sandbox, &db);
    let restored = export(&sandbox, &elsewhere);
    let upto = |events: &[serde_json::Value]| -> Vec<serde_json::Value> {
        events
            .iter()
            .filter(|e| seq(e) <= backup_head)
            .cloned()
            .collect()
    };
    assert_eq!(upto(&restored), upto(&original));
    assert_eq!(upto(&original).len() as u64, backup_head);
    // The backup holds the meeting up to the first demand, and the other
    // workstation's writes committed before it.
    let kinds: Vec<String> = upto(&restored)
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    for kind in [
        "meeting-started",
        "disturbance-started",
        "suspended",
        "demand",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} missing: {kinds:?}");
    }
    // What came after: the second demand is not in it; the restore is.
    assert!(original.len() as u64 > backup_head);
    // The last event before the export's own entry in the access log.
    let last = last_domain(&restored);
    assert_eq!(last["kind"], "restored");
    assert_eq!(seq(last), backup_head + 1);

    tui.keys("q");
    drop(tui);
}

#[test]
fn a_forced_restore_of_an_older_backup_keeps_the_register_aside_and_the_head_check_accepts_it() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    {
        let mut store = Store::open(&db).unwrap();
        for i in 0..5 {
            store.append(perpetrator(i)).unwrap();
        }
    }
    // A receipt of the head now: the start-up check compares with it.
    let (code, _, err) = run(&sandbox, &db, &["receipt"]);
    assert_eq!(code, 0, "{err}");
    let backup = sandbox.root().join("kopie.db");
    let (code, _, err) = run(&sandbox, &db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    // Without --force an existing file is not overwritten.
    let before = std::fs::read(&backup).unwrap();
    let (code, _, err) = run(&sandbox, &db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bestaat al"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(err.contains(backup.to_str().unwrap()), "{err}");
    assert_eq!(std::fs::read(&backup).unwrap(), before);

    // The register goes on, and gets a newer receipt.
    {
        let mut store = Store::open(&db).unwrap();
        for i in 5..8 {
            store.append(perpetrator(i)).unwrap();
        }
    }
    let (code, _, err) = run(&sandbox, &db, &["receipt"]);
    assert_eq!(code, 0, "{err}");
    let current = head(&db);

    // An older backup is refused without --force, and nothing changes.
    let (code, _, err) = run(&sandbox, &db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("ouder"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(err.contains("niets teruggezet"), "{err}");
    assert_eq!(head(&db), current);

    let (code, out, err) = run(
        &sandbox,
        &db,
        &["restore", backup.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("ouder"), "{err}");
    // The replaced register is kept, whole.
    let aside: Vec<_> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".vervangen-"))
        .filter(|p| {
            !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(head(&aside[0]), current);
    assert!(out.contains(aside[0].to_str().unwrap()), "{out}");
    // The restored register: the backup's events (the register's, the
    // first account's roles and the backup's own access entry) and the
    // restore.
    assert_eq!(head(&db), head(&backup) + 1);
    let events = export(&sandbox, &db);
    assert_eq!(last_domain(&events)["kind"], "restored");
    // The start-up check accepts it: a receipt can be written, and opening
    // it warns of nothing.
    let (code, _, err) = run(&sandbox, &db, &["receipt"]);
    assert_eq!(code, 0, "{err}");
    let settings =
        raadsorde::storage::receipts::Settings::for_config_dir(&db, &sandbox.config_dir());
    let store = Store::open_with(&db, Some(settings)).unwrap();
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
}

#[test]
fn restore_refuses_what_is_not_a_register_or_not_there_in_dutch() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    {
        let mut store = Store::open(&db).unwrap();
        store.append(perpetrator(0)).unwrap();
    }
    let current = head(&db);
    let missing = sandbox.root().join("bestaat-niet.db");
    let (code, _, err) = run(&sandbox, &db, &["restore", missing.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bestaat niet"), "{err}");
    assert!(err.contains(missing.to_str().unwrap()), "{err}");

    let text = sandbox.root().join("notities.txt");
    std::fs::write(&text, "dit is geen register\n".repeat(100)).unwrap();
    let (code, _, err) = run(&sandbox, &db, &["restore", text.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains(text.to_str().unwrap()), "{err}");
    assert!(err.contains("niets teruggezet"), "{err}");
    assert!(err.contains("geen register"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let empty = sandbox.root().join("leeg.db");
    std::fs::write(&empty, b"").unwrap();
    let (code, _, err) = run(&sandbox, &db, &["restore", empty.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("leeg"), "{err}");
    assert_eq!(head(&db), current);

    // A register of another history is refused without --force.
    let other_dir = sandbox.root().join("ander");
    let other = other_dir.join("ander.db");
    {
        let mut store = Store::open_with(&other, None).unwrap();
        for i in 0..3 {
            store.append(perpetrator(i)).unwrap();
        }
    }
    let (code, _, err) = run(&sandbox, &db, &["restore", other.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("geen voortzetting"), "{err}");
    assert_eq!(head(&db), current);

    // A backup into a directory that does not exist.
    let nowhere = sandbox.root().join("geen-map").join("kopie.db");
    let (code, _, err) = run(&sandbox, &db, &["backup", nowhere.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bestaat niet"), "{err}");
    // A backup of a register that does not exist.
    let (code, _, err) = run(
        &sandbox,
        &missing,
        &["backup", sandbox.root().join("k.db").to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("bestaat niet"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn a_replaced_register_is_never_overwritten_and_a_backup_never_replaces_the_register() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("register.db");
    let store = {
        let mut store = Store::open_with(&db, None).unwrap();
        for i in 0..3 {
            store.append(perpetrator(i)).unwrap();
        }
        store
    };
    let err = store.backup_to(&db, true).unwrap_err().to_string();
    assert!(err.contains("het register zelf"), "{err}");
    let backup = dir.path().join("kopie.db");
    let report = store.backup_to(&backup, false).unwrap();
    assert_eq!(report.count, 3);
    drop(store);
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00+01:00").unwrap();
    let request = |force| raadsorde::storage::RestoreRequest {
        backup: &backup,
        force,
        actor: "griffie",
        receipts: None,
        now,
    };
    // The same head: a continuation, no --force needed.
    let first = raadsorde::storage::backup::restore(&db, request(false)).unwrap();
    assert_eq!(first.forced, None);
    assert_eq!(head(&db), 4);
    // Now the register is one event ahead: only with --force, and in the
    // same second: the first file set aside stays.
    let err = raadsorde::storage::backup::restore(&db, request(false))
        .unwrap_err()
        .to_string();
    assert!(err.contains("ouder"), "{err}");
    let second = raadsorde::storage::backup::restore(&db, request(true)).unwrap();
    assert!(second.forced.is_some());
    let (a, b) = (first.replaced.unwrap(), second.replaced.unwrap());
    assert_ne!(a, b);
    assert_eq!(head(&a), 3);
    assert_eq!(head(&b), 4);
    assert_eq!(head(&db), 4);
}

/// The newest event that is not bookkeeping of who may see what (the
/// export's own `access-logged` comes after everything).
fn last_domain(events: &[serde_json::Value]) -> &serde_json::Value {
    events
        .iter()
        .rev()
        .find(|e| !common::ACCESS_KINDS.contains(&e["kind"].as_str().unwrap()))
        .unwrap()
}
