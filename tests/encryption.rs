//! The register at rest: encrypted with a key made at the first start (no
//! question asked), kept in a key file only its owner can read when no
//! keyring answers; nothing typed is readable in the database, its -wal and
//! -shm, the log or the fallback file, while the program runs and after it
//! quit; a missing or wrong key, an unencrypted old register and a file
//! that is not a register each get a Dutch message and nothing is written;
//! an old register is converted in place.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::Sandbox;
use raadsorde::storage::key::{KEY_ENV, KEY_FILE, KEYRING_ENV};
use raadsorde::storage::{Store, Verdict};

/// The bytes of the register, its -wal and -shm (what exists).
fn raw_files(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| {
            let mut p = db.as_os_str().to_owned();
            p.push(s);
            PathBuf::from(p)
        })
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

/// Every text of at least `min` characters in the payloads of an export:
/// the names, places, descriptions and notes the register holds.
fn payload_texts(export: &serde_json::Value, min: usize) -> Vec<String> {
    fn walk(v: &serde_json::Value, min: usize, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if s.chars().count() >= min => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, min, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, min, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for e in export["events"].as_array().unwrap() {
        walk(&e["payload"], min, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// Asserts that none of `texts` is in any of `files`.
fn none_readable(files: &[(PathBuf, Vec<u8>)], texts: &[String], when: &str) {
    for (path, bytes) in files {
        for t in texts {
            assert!(
                !contains(bytes, t.as_bytes()),
                "{when}: {t:?} is readable in {}",
                path.display()
            );
        }
        if !path.to_string_lossy().ends_with("-shm") && !bytes.is_empty() {
            assert!(
                !bytes.starts_with(b"SQLite format 3\0"),
                "{when}: {} is an unencrypted SQLite file",
                path.display()
            );
        }
    }
}

/// The sandbox's binary as a new user starts it: no key given, no keyring
/// (a CI machine has none; on a desktop the test must not touch the real
/// one), so the key goes into the key file of the config directory.
fn fresh_user(sandbox: &Sandbox) -> std::process::Command {
    let mut cmd = sandbox.command();
    cmd.env_remove(KEY_ENV).env(KEYRING_ENV, "uit");
    cmd
}

/// As [`fresh_user`], on another register file.
fn fresh_user_on(sandbox: &Sandbox, db: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(common::bin());
    cmd.current_dir(sandbox.root())
        .envs(sandbox.env())
        .env_remove(KEY_ENV)
        .env(KEYRING_ENV, "uit")
        .arg("--db")
        .arg(db)
        .arg("--config-dir")
        .arg(sandbox.config_dir());
    cmd
}

#[test]
fn a_new_register_is_encrypted_with_a_key_made_at_first_start_without_a_question() {
    let sandbox = Sandbox::new();
    let out = fresh_user(&sandbox)
        .args(["demo", "--cases", "60", "--seed", "5"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key_file = sandbox.config_dir().join(KEY_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&key_file), 0o600, "the key file");
        assert_eq!(mode(&sandbox.db()), 0o600, "the register");
        assert_eq!(mode(sandbox.db().parent().unwrap()), 0o700, "its directory");
        for (p, _) in raw_files(&sandbox.db()) {
            assert_eq!(mode(&p) & 0o077, 0, "{} is readable by others", p.display());
        }
    }
    // What the program shows (export, decrypted) is nowhere in the bytes.
    let out = fresh_user(&sandbox)
        .args(["export", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts = payload_texts(&export, 8);
    assert!(texts.len() >= 200, "only {} texts to look for", texts.len());
    none_readable(&raw_files(&sandbox.db()), &texts, "after the demo");
    // A backup is encrypted with the same key, and opens with no other.
    let backup = sandbox.root().join("reservekopie.db");
    let out = fresh_user(&sandbox)
        .arg("backup")
        .arg(&backup)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    none_readable(&raw_files(&backup), &texts, "in the backup");
    let out = fresh_user_on(&sandbox, &backup)
        .env(KEY_ENV, "5c".repeat(32))
        .arg("verify")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kan niet worden geopend met de registersleutel"),
        "{err}"
    );
    let out = fresh_user_on(&sandbox, &backup)
        .arg("verify")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `raadsorde sleutel` says where the key is, never the key.
    let out = fresh_user(&sandbox).args(["sleutel"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(&key_file.display().to_string()), "{said}");
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert!(!said.contains(key.trim()), "{said}");
}

#[test]
fn nothing_typed_is_readable_while_the_program_runs_or_after_it_quit() {
    let sandbox = Sandbox::new();
    // 200 cases through the program's own write path (the demo), then the
    // live console on the same register: a distinctive place typed.
    let mut store = Store::open(&sandbox.db()).unwrap();
    raadsorde::demo::generate(&mut store, 200, 11).unwrap();
    drop(store);
    let mut tui = sandbox.spawn_tui(&[]);
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    tui.step("v", "✓ Verstoring gemeld");
    tui.step("e", "beschrijven");
    tui.write("Tribune Zwaluwstaart-7781".as_bytes());
    std::thread::sleep(Duration::from_millis(200));
    tui.write(b"\r");
    std::thread::sleep(Duration::from_millis(500));
    // While it runs (the -wal holds the newest pages).
    let export = sandbox.export();
    let mut texts = payload_texts(&export, 8);
    assert!(
        texts.iter().any(|t| t.contains("Zwaluwstaart-7781")),
        "the typed place was saved: {:?}",
        texts
            .iter()
            .filter(|t| t.contains("Tribune"))
            .collect::<Vec<_>>()
    );
    texts.push("Zwaluwstaart".into());
    assert!(texts.len() >= 200, "only {} texts", texts.len());
    let running = raw_files(&sandbox.db());
    assert!(
        running
            .iter()
            .any(|(p, b)| p.to_string_lossy().ends_with("-wal") && !b.is_empty())
    );
    none_readable(&running, &texts, "while the console runs");
    tui.keys("q");
    std::thread::sleep(Duration::from_millis(300));
    tui.keys("j");
    tui.wait_exit(common::TIMEOUT);
    none_readable(&raw_files(&sandbox.db()), &texts, "after quitting");
    // The log and anything else the program wrote in its sandbox.
    for entry in walk(sandbox.root()) {
        if entry.starts_with(sandbox.db().parent().unwrap()) {
            continue;
        }
        let bytes = std::fs::read(&entry).unwrap();
        for t in &texts {
            assert!(
                !contains(&bytes, t.as_bytes()),
                "{t:?} is readable in {}",
                entry.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Runs `args` and returns (exit code, stderr), asserting the register's
/// bytes did not change.
fn refused(sandbox: &Sandbox, cmd: &mut std::process::Command) -> (i32, String) {
    let before = raw_files(&sandbox.db());
    let out = cmd.output().unwrap();
    let after = raw_files(&sandbox.db());
    assert_eq!(before.len(), after.len(), "files appeared or went");
    for ((p, a), (_, b)) in before.iter().zip(&after) {
        assert!(a == b, "{} was written", p.display());
    }
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_or_wrong_key_is_said_in_dutch_with_the_path_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    let out = fresh_user(&sandbox)
        .args(["demo", "--cases", "5"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let key_file = sandbox.config_dir().join(KEY_FILE);
    let db = sandbox.db().display().to_string();

    // The key file gone (a new laptop, a wiped profile).
    let kept = std::fs::read(&key_file).unwrap();
    std::fs::remove_file(&key_file).unwrap();
    for args in [
        &["verify"][..],
        &["export", "--json"],
        &["demo", "--cases", "1"],
    ] {
        let (code, err) = refused(&sandbox, fresh_user(&sandbox).args(args));
        assert_ne!(code, 0, "{args:?}");
        assert!(
            err.contains("geen registersleutel gevonden"),
            "{args:?}: {err}"
        );
        assert!(err.contains(&db), "{args:?}: {err}");
        assert!(err.contains("raadsorde sleutel herstel"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(
        !key_file.exists(),
        "no new key was made for an existing register"
    );

    // A wrong key.
    std::fs::write(&key_file, format!("{}\n", "7e".repeat(32))).unwrap();
    let (code, err) = refused(&sandbox, fresh_user(&sandbox).arg("verify"));
    assert_ne!(code, 0);
    assert!(
        err.contains("kan niet worden geopend met de registersleutel"),
        "{err}"
    );
    assert!(err.contains(&key_file.display().to_string()), "{err}");
    assert!(!err.contains("hmac"), "SQLCipher's log stays silent: {err}");
    // A wrong key in the environment.
    let (_, err) = refused(
        &sandbox,
        fresh_user(&sandbox)
            .env(KEY_ENV, "ab".repeat(32))
            .arg("verify"),
    );
    assert!(err.contains(KEY_ENV), "{err}");
    let (_, err) = refused(
        &sandbox,
        fresh_user(&sandbox).env(KEY_ENV, "kapot").arg("verify"),
    );
    assert!(err.contains("64 hexadecimale tekens"), "{err}");

    // The right key back: everything opens and is intact.
    std::fs::write(&key_file, kept).unwrap();
    let out = fresh_user(&sandbox).arg("verify").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_file_that_is_not_a_register_or_a_stock_sqlite_database_is_refused() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.db().parent().unwrap()).unwrap();
    std::fs::write(sandbox.db(), vec![0x5a; 8192]).unwrap();
    let (code, err) = refused(&sandbox, sandbox.command().arg("verify"));
    assert_ne!(code, 0);
    assert!(err.contains("geen register van raadsorde"), "{err}");
    std::fs::remove_file(sandbox.db()).unwrap();
    // A stock (unencrypted) SQLite database that is not a register.
    {
        let c = raadsorde::storage::connection::open(sandbox.db()).unwrap();
        c.execute_batch(
            "CREATE TABLE boodschappen (wat TEXT); INSERT INTO boodschappen VALUES ('brood');",
        )
        .unwrap();
    }
    let (code, err) = refused(&sandbox, sandbox.command().args(["demo", "--cases", "1"]));
    assert_ne!(code, 0);
    assert!(err.contains("geen register van raadsorde"), "{err}");
    assert!(err.contains("onversleutelde"), "{err}");
}

/// A stock SQLite file that a program left in the middle of a write: in
/// rollback-journal mode its changed pages in the file and the old ones in
/// a hot `-journal`; in WAL mode its last commits still in the `-wal`.
/// Refused as before, and none of its files is written. The open tries the
/// register's keys before it asks whether a file is unencrypted; a keyed
/// connection must never play such a journal back (it would decrypt the
/// old pages with the wrong key into the file) nor checkpoint such a WAL.
#[test]
fn an_unencrypted_file_left_in_the_middle_of_a_write_is_refused_and_left_as_it_was() {
    for (mode, sidecar) in [("DELETE", "-journal"), ("WAL", "-wal")] {
        let sandbox = Sandbox::new();
        std::fs::create_dir_all(sandbox.db().parent().unwrap()).unwrap();
        let work = sandbox.root().join("werk.db");
        let beside = |p: &Path| {
            let mut j = p.as_os_str().to_owned();
            j.push(sidecar);
            PathBuf::from(j)
        };
        let c = raadsorde::storage::connection::open(&work).unwrap();
        c.execute_batch(&format!(
            "PRAGMA journal_mode = {mode}; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = 2;
             CREATE TABLE boodschappen (wat TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
             INSERT INTO boodschappen SELECT printf('%.900c', 'b') FROM n;
             BEGIN; UPDATE boodschappen SET wat = printf('%.900c', 'x');"
        ))
        .unwrap();
        if mode == "WAL" {
            c.execute_batch("COMMIT").unwrap();
        }
        // What a power cut in the middle of the write leaves.
        std::fs::copy(&work, sandbox.db()).unwrap();
        std::fs::copy(beside(&work), beside(&sandbox.db())).unwrap();
        drop(c);
        let file = std::fs::read(sandbox.db()).unwrap();
        let left = std::fs::read(beside(&sandbox.db())).unwrap();
        assert!(file.starts_with(b"SQLite format 3\0"), "{mode}");
        assert!(left.len() > 4096, "{mode}: pages are left in {sidecar}");
        assert!(
            contains(&file, &[b'x'; 900]) || contains(&left, &[b'x'; 900]),
            "{mode}: the changed pages are on disk"
        );

        // Not `refused`: the refusal's own read-only look at a WAL file
        // makes SQLite create its `-shm` (the index of the WAL, derived
        // from it), as it did before the keys were tried first.
        let out = sandbox
            .command()
            .args(["demo", "--cases", "1"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{mode}");
        assert!(err.contains("onversleutelde"), "{mode}: {err}");
        assert!(
            std::fs::read(sandbox.db()).unwrap() == file,
            "{mode}: the file is not written"
        );
        assert!(
            std::fs::read(beside(&sandbox.db())).unwrap() == left,
            "{mode}: nor its {sidecar}"
        );
    }
}

/// An unencrypted register as an older raadsorde left it: the rows of a
/// register copied into a plain file with `sqlcipher_export`.
fn make_plain_copy(from: &Path, to: &Path) {
    let conn = raadsorde::storage::open_raw(from).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.execute("ATTACH DATABASE ?1 AS plain KEY ''", [to.to_str().unwrap()])
        .unwrap();
    conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA plain.user_version = {version}; DETACH DATABASE plain;"
    ))
    .unwrap();
    let head = std::fs::read(to).unwrap();
    assert!(head.starts_with(b"SQLite format 3\0"));
}

#[test]
fn an_old_unencrypted_register_is_refused_then_converted_in_place_and_verified() {
    let sandbox = Sandbox::new();
    let source = sandbox.root().join("bron.db");
    let mut store = Store::open(&source).unwrap();
    raadsorde::demo::generate(&mut store, 40, 3).unwrap();
    drop(store);
    std::fs::create_dir_all(sandbox.db().parent().unwrap()).unwrap();
    make_plain_copy(&source, &sandbox.db());
    let before = sandbox.export();
    let texts = payload_texts(&before, 8);
    assert!(
        raw_files(&sandbox.db())
            .iter()
            .any(|(_, b)| texts.iter().any(|t| contains(b, t.as_bytes())))
    );

    // The console (read-write) refuses it with the command that converts.
    let (code, err) = refused(&sandbox, sandbox.command().args(["demo", "--cases", "1"]));
    assert_ne!(code, 0);
    assert!(err.contains("niet versleuteld"), "{err}");
    assert!(err.contains("raadsorde versleutel"), "{err}");

    let out = sandbox.command().arg("versleutel").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("is versleuteld"), "{said}");
    assert!(said.contains("herstelkopie"), "{said}");
    none_readable(&raw_files(&sandbox.db()), &texts, "after converting");
    // No copy of the old file stays behind.
    let left: Vec<_> = walk(sandbox.db().parent().unwrap())
        .into_iter()
        .filter(|p| {
            p.to_string_lossy().contains("onversleuteld")
                || p.to_string_lossy().contains(".versleuteld")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let after = sandbox.export();
    // The export of the converted register also logs itself (and gives its
    // first account every role): those come after the events of before.
    let n = before["events"].as_array().unwrap().len();
    assert_eq!(
        before["events"].as_array().unwrap()[..],
        after["events"].as_array().unwrap()[..n],
        "the same events, the same chain"
    );
    assert!(
        after["events"].as_array().unwrap()[n..]
            .iter()
            .all(|e| common::ACCESS_KINDS.contains(&e["kind"].as_str().unwrap()))
    );
    let store = Store::open_read_only(&sandbox.db()).unwrap();
    assert!(matches!(store.verify().unwrap(), Verdict::Intact { .. }));
    // Converting twice is refused and changes nothing.
    let (code, err) = refused(&sandbox, sandbox.command().arg("versleutel"));
    assert_ne!(code, 0);
    assert!(err.contains("al versleuteld"), "{err}");
}

#[test]
fn a_recovery_copy_opens_the_register_on_another_machine() {
    let sandbox = Sandbox::new();
    let out = fresh_user(&sandbox)
        .args(["demo", "--cases", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let copy = sandbox.root().join("herstelkopie.json");
    let mut cmd = fresh_user(&sandbox);
    cmd.args(["sleutel", "herstelkopie"]).arg(&copy);
    let out = run_with_input(cmd, "twaalf tekens of meer\ntwaalf tekens of meer\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = std::fs::read_to_string(sandbox.config_dir().join(KEY_FILE)).unwrap();
    let text = std::fs::read_to_string(&copy).unwrap();
    assert!(!text.contains(key.trim()));

    // "Another machine": a config directory without a key.
    let other = sandbox.root().join("andere-computer");
    std::fs::create_dir_all(&other).unwrap();
    let on_other = || {
        let mut cmd = std::process::Command::new(common::bin());
        cmd.current_dir(sandbox.root())
            .envs(sandbox.env())
            .env_remove(KEY_ENV)
            .env(KEYRING_ENV, "uit")
            .env("RAADSORDE_CONFIG_DIR", &other)
            .arg("--db")
            .arg(sandbox.db())
            .arg("--config-dir")
            .arg(&other);
        cmd
    };
    let (_, err) = refused(&sandbox, on_other().arg("verify"));
    assert!(err.contains("geen registersleutel gevonden"), "{err}");
    // A wrong passphrase restores nothing.
    let mut cmd = on_other();
    cmd.args(["sleutel", "herstel"]).arg(&copy);
    let out = run_with_input(cmd, "dit is niet de wachtzin\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wachtzin klopt niet"));
    assert!(!other.join(KEY_FILE).exists());
    let mut cmd = on_other();
    cmd.args(["sleutel", "herstel"]).arg(&copy);
    let out = run_with_input(cmd, "twaalf tekens of meer\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = on_other().arg("verify").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_with_input(mut cmd: std::process::Command, input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_register_shared_with_a_group_is_read_by_another_account_with_its_own_key_copy() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let sandbox = Sandbox::new();
    let out = sandbox
        .command()
        .args(["demo", "--cases", "4"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let root = std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    // As root: the group of the account "nobody"; otherwise our own group.
    let gid = if root {
        65534
    } else {
        std::fs::metadata(sandbox.db()).unwrap().gid()
    };
    let out = sandbox
        .command()
        .args(["deel", "--groep", &gid.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("sleutel herstelkopie"), "{said}");
    let dir = sandbox.db().parent().unwrap().to_path_buf();
    let meta = std::fs::metadata(&dir).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o2770);
    assert_eq!(meta.gid(), gid);
    for (p, _) in raw_files(&sandbox.db()) {
        let m = std::fs::metadata(&p).unwrap();
        assert_eq!(m.permissions().mode() & 0o777, 0o660, "{}", p.display());
        assert_eq!(m.gid(), gid, "{}", p.display());
    }
    // An unknown group is said in Dutch, with what to do.
    let out = sandbox
        .command()
        .args(["deel", "--groep", "geen-groep-met-deze-naam"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("groupadd"));
    if !root {
        return;
    }
    // The other account (nobody, in the group) with its own copy of the
    // key reads the register; the sandbox root must be reachable for it.
    std::fs::set_permissions(sandbox.root(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let as_nobody = || {
        let mut cmd = std::process::Command::new("setpriv");
        cmd.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            common::bin(),
        ])
        .arg("--db")
        .arg(sandbox.db())
        .arg("verify")
        .env("HOME", sandbox.root());
        cmd
    };
    let out = match as_nobody().env(KEY_ENV, common::test_key_hex()).output() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: setpriv not available ({e})");
            return;
        }
    };
    let err = String::from_utf8_lossy(&out.stderr);
    if err.contains("setpriv:") {
        eprintln!("skipped: setpriv failed: {err}");
        return;
    }
    assert!(out.status.success(), "{err}");
    // Without the key, the group's member reads nothing.
    let out = as_nobody()
        .env(KEYRING_ENV, "uit")
        .env_remove(KEY_ENV)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("geen registersleutel gevonden"));
}
