//! `verify` and `export --json` over the whole register: time and peak
//! memory, each against a bare pass over the same file in the same run.
//!
//! The register is the one `cargo bench --bench register` makes and keeps
//! (`<target>/bench-data/register-100k.db`: 100,000 cases, about 1.3
//! million events); run that bench first. Under `cargo test --benches` a
//! small register is made here instead, as a smoke test.
//!
//! - `verify`: what `raadsorde verify` runs (`storage::commands::verify`:
//!   the chain, every payload decoded, the projections rebuilt and
//!   compared), against a bare pass that reads every event row with the
//!   raw key and hashes its payload and header fields with SHA-256
//!   (goal ≤ 1.5x).
//! - the history alone (`Store::verify_history`: the chain, every row and
//!   payload, the purges and the guards, no projections), which the export
//!   command and the background check at start run; same anchor.
//! - `export --json`: the streamed document (`Store::export_to`) written to
//!   a sink, against a bare `SELECT * FROM events` that reads every column
//!   (goal ≤ 1.5x, memory not growing with the register: ≤ 64 MiB).
//! - `export --json`, the whole command (`storage::commands::export` as the
//!   admin `bench-beheer`, to a sink): before it writes, it checks the
//!   whole history (`Store::verify_history`) so that the access log is not
//!   written onto a damaged chain, logs the access and writes a receipt.
//!   Run on a copy of the register made before the clock starts, so that
//!   the bench register does not grow; same anchor. The copy has no roles
//!   yet, so the command also records its first admin (without checking
//!   the history a second time: `Store::act_as_after`).
//!
//! Peak memory: each pass runs in a process of its own (this bench started
//! again for it), and reports that process's peak resident set (`VmHWM`,
//! Linux), the program itself included.
//!
//! Run with `cargo bench --bench scale`.

mod common;

use common::{bench_data_dir, measuring, ms};

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sha2::{Digest, Sha256};

use raadsorde::storage::Store;

/// `VmHWM` of this process in KiB (Linux), or 0: its peak resident set.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// The bare anchor of `verify`: every event row read with the raw key,
/// payload and header fields hashed.
fn bare_read_and_hash(path: &Path) -> u64 {
    let conn = raadsorde::storage::open_raw(path).expect("bare open");
    let mut stmt = conn
        .prepare(
            "SELECT seq, at_local, at_utc, committed_utc, actor, kind, meeting_id, case_id,
                    corrects, payload, salt, payload_digest, prev_hash, hash
               FROM events ORDER BY seq",
        )
        .expect("bare prepare");
    let mut rows = stmt.query([]).expect("bare query");
    let mut n = 0;
    let mut acc = [0u8; 32];
    while let Some(r) = rows.next().expect("bare row") {
        let mut h = Sha256::new();
        for i in [1, 2, 3, 4, 5, 9] {
            if let Some(text) = r.get::<_, Option<String>>(i).expect("bare text") {
                h.update(text.as_bytes());
            }
        }
        for i in [6, 7, 8] {
            if let Some(v) = r.get::<_, Option<i64>>(i).expect("bare number") {
                h.update(v.to_be_bytes());
            }
        }
        for i in [10, 11, 12, 13] {
            if let Some(bytes) = r.get::<_, Option<Vec<u8>>>(i).expect("bare blob") {
                h.update(&bytes);
            }
        }
        let d: [u8; 32] = h.finalize().into();
        acc[0] ^= d[0];
        n += 1;
    }
    black_box(acc);
    n
}

/// The bare anchor of `export --json`: every column of every event read.
fn bare_select_all(path: &Path) -> u64 {
    let conn = raadsorde::storage::open_raw(path).expect("bare open");
    let mut stmt = conn
        .prepare("SELECT * FROM events ORDER BY seq")
        .expect("bare prepare");
    let columns = stmt.column_count();
    let mut rows = stmt.query([]).expect("bare query");
    let mut n = 0;
    let mut bytes = 0usize;
    while let Some(r) = rows.next().expect("bare row") {
        for i in 0..columns {
            if let Ok(v) = r.get_ref(i) {
                bytes += match v {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        t.len()
                    }
                    _ => 8,
                };
            }
        }
        n += 1;
    }
    black_box(bytes);
    n
}

fn verify(path: &Path) -> u64 {
    let code = raadsorde::storage::commands::verify(
        path,
        None,
        &mut std::io::sink(),
        &mut std::io::sink(),
    )
    .expect("verify");
    assert_eq!(code, 0, "verify found a problem in the bench register");
    1
}

/// The history alone (`Store::verify_history`): the chain, every row, the
/// purges and the guards, without the projections. What `export --json`
/// checks before it logs the access, and the background check at start.
fn history(path: &Path) -> u64 {
    let store = Store::open_read_only(path).expect("open read-only");
    let verdict = store.verify_history().expect("verify history");
    assert!(
        verdict.is_intact(),
        "the bench register's history is damaged"
    );
    1
}

fn export(path: &Path) -> u64 {
    let store = Store::open_read_only(path).expect("open read-only");
    let summary = store
        .export_to(&mut std::io::sink())
        .expect("export --json");
    summary.events
}

fn small_register(dir: &Path) -> PathBuf {
    let path = dir.join("scale-test.db");
    let mut store = Store::open(&path).expect("open new register");
    raadsorde::demo::generate(&mut store, 100, 7).expect("generate");
    path
}

/// The whole `export --json` command on a copy of the register (made by
/// [`CommandCopy::new`] before the clock starts).
fn export_command(copy: &CommandCopy) -> u64 {
    let settings =
        raadsorde::storage::receipts::Settings::for_config_dir(&copy.db, copy.dir.path());
    let mut err = Vec::new();
    let code = raadsorde::storage::commands::export(
        &copy.db,
        settings,
        None,
        "bench-beheer",
        raadsorde::storage::commands::ExportKind::Full,
        &mut std::io::sink(),
        &mut err,
    )
    .expect("export --json");
    let err = String::from_utf8_lossy(&err);
    assert_eq!(code, 0, "export --json failed: {err}");
    // "… N gebeurtenissen geëxporteerd": the events it carried.
    err.lines()
        .find_map(|l| {
            let (before, _) = l.split_once(" gebeurtenissen geëxporteerd")?;
            before.rsplit(' ').next()?.parse().ok()
        })
        .unwrap_or_else(|| panic!("export --json said no count: {err}"))
}

/// A copy of the register with its own receipts, in a directory removed
/// after the pass.
struct CommandCopy {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl CommandCopy {
    fn new(path: &Path) -> CommandCopy {
        let dir = tempfile::TempDir::new_in(path.parent().expect("the register's directory"))
            .expect("directory for the copy");
        let db = dir.path().join("register.db");
        std::fs::copy(path, &db).expect("copy the register");
        CommandCopy { dir, db }
    }
}

/// The passes, each run in a process of its own (this program started
/// again with [`ONLY_ENV`]), so that its peak memory is its own and not
/// what an earlier pass left in the allocator.
const PASSES: [&str; 6] = [
    "verify",
    "history",
    "bare-verify",
    "export",
    "export-command",
    "bare-export",
];
const ONLY_ENV: &str = "RAADSORDE_SCALE_PASS";
const PATH_ENV: &str = "RAADSORDE_SCALE_DB";

/// Runs one pass here and prints `ms peak_kib events`.
fn one_pass(pass: &str, path: &Path) {
    let copy = (pass == "export-command").then(|| CommandCopy::new(path));
    let start = Instant::now();
    let n = match (pass, &copy) {
        ("export-command", Some(copy)) => export_command(copy),
        ("verify", _) => verify(path),
        ("history", _) => history(path),
        ("bare-verify", _) => bare_read_and_hash(path),
        ("export", _) => export(path),
        ("bare-export", _) => bare_select_all(path),
        (other, _) => panic!("unknown pass {other}"),
    };
    let took = start.elapsed();
    println!("PASS {pass} {:.3} {} {n}", ms(took), peak_kib());
}

/// One pass in a child process: (time, peak MiB, events).
fn child(pass: &str, path: &Path) -> (f64, f64, u64) {
    let exe = std::env::current_exe().expect("this program");
    let out = std::process::Command::new(exe)
        .args(std::env::args().skip(1))
        .env(ONLY_ENV, pass)
        .env(PATH_ENV, path)
        .output()
        .expect("run a pass");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("PASS "))
        .unwrap_or_else(|| {
            panic!(
                "pass {pass} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let f: Vec<&str> = line.split_whitespace().collect();
    (
        f[2].parse().expect("ms"),
        f[3].parse::<f64>().expect("kib") / 1024.0,
        f[4].parse().expect("events"),
    )
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let (Ok(pass), Ok(path)) = (std::env::var(ONLY_ENV), std::env::var(PATH_ENV)) {
        one_pass(&pass, Path::new(&path));
        return;
    }
    let tmp = tempfile::TempDir::new().expect("temporary directory");
    let path = if measuring() {
        let path = bench_data_dir().join("register-100k.db");
        if !path.exists() {
            eprintln!(
                "{} is missing: run `cargo bench --bench register` first (it makes the register)",
                path.display()
            );
            std::process::exit(2);
        }
        path
    } else {
        small_register(tmp.path())
    };
    println!("register {}", path.display());
    // Two rounds of the six passes; the second is reported (the first
    // brings the file into the operating system's cache for all).
    let rounds = if measuring() { 2 } else { 1 };
    let mut results = Vec::new();
    for _ in 0..rounds {
        results = PASSES.iter().map(|p| child(p, &path)).collect();
    }
    let [
        (vt, vm, _),
        (ht, hm, _),
        (bt, bm, events),
        (et, em, exported),
        (ct, cm, command_exported),
        (st, sm, _),
    ] = results[..]
    else {
        panic!("six passes");
    };
    assert_eq!(exported, events, "export carried every event");
    // The command logs the access first (on a register without roles yet,
    // after recording its first admin): its own events are exported too.
    assert!(
        command_exported > events,
        "the command carried every event: {command_exported} of {events} and its own"
    );
    println!("{events} events; time and peak resident memory of each pass in its own process");
    println!(
        "verify          {vt:>9.0} ms {vm:>7.1} MiB   bare read-and-hash {bt:>8.0} ms {bm:>6.1} MiB   {:.2}x (goal ≤ 1.5x)",
        vt / bt.max(f64::MIN_POSITIVE)
    );
    println!(
        "  the history   {ht:>9.0} ms {hm:>7.1} MiB   bare read-and-hash {bt:>8.0} ms {bm:>6.1} MiB   {:.2}x (chain, rows, purges, guards; no projections)",
        ht / bt.max(f64::MIN_POSITIVE)
    );
    println!(
        "export --json   {et:>9.0} ms {em:>7.1} MiB   bare select *      {st:>8.0} ms {sm:>6.1} MiB   {:.2}x (goal ≤ 1.5x, ≤ 64 MiB)",
        et / st.max(f64::MIN_POSITIVE)
    );
    println!(
        "  the command   {ct:>9.0} ms {cm:>7.1} MiB   bare select *      {st:>8.0} ms {sm:>6.1} MiB   {:.2}x (history checked before the access is logged)",
        ct / st.max(f64::MIN_POSITIVE)
    );
}
