//! Key action -> durable commit, against a bare SQLite INSERT on the same disk.
//!
//! Two paths, each ending in a `synchronous=FULL` commit in WAL mode:
//!
//! - `bare_insert_full_sync`: `BEGIN IMMEDIATE; INSERT one row; COMMIT` on a
//!   plain `rusqlite::Connection`, the floor set by SQLite and the disk.
//! - `console_key_to_commit`: one key (`l` livestream stop, `L` resume) typed
//!   into the console through [`Driver`], which runs `Console::update` and
//!   `Store::append` (chain head, canonical JSON, SHA-256, insert, projection,
//!   commit) before it returns.
//!
//! Both databases live in one temporary directory under
//! `std::env::temp_dir()` (set `TMPDIR` to measure another disk). After the
//! criterion group, `main` measures both paths again itself, interleaved, and
//! prints the ratio of the medians, which criterion does not hand out.
//!
//! Run with `cargo bench --bench commit`.

mod common;

use common::{measuring, median, ms};

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use rusqlite::{Connection, TransactionBehavior, params};
use tempfile::TempDir;

use raadsorde::app::driver::Driver;
use raadsorde::config::Config;
use raadsorde::domain::time;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;

/// Events per meeting before the console bench closes it and opens a new one
/// (outside the timing). The console re-derives its view from all events of
/// the open meeting on every step, so an endless meeting would measure an
/// evening of tens of thousands of events instead of a real one.
const MEETING_LEN: usize = 200;

/// Iterations of the closing measurement, per path, under `cargo bench`.
const MANUAL_ITERS: usize = 2_000;
/// The same under `cargo test --benches`: only a smoke test.
const MANUAL_ITERS_TEST: usize = 10;

/// A plain connection with one table shaped like an event row.
struct Bare {
    conn: Connection,
    seq: i64,
}

impl Bare {
    fn open(path: &Path) -> Bare {
        // Keyed like the register: the baseline pays for encryption too.
        let conn = raadsorde::storage::open_raw(path).expect("bare: open database");
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .expect("bare: set WAL");
        assert!(
            mode.eq_ignore_ascii_case("wal"),
            "bare: WAL refused: {mode}"
        );
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             CREATE TABLE events (
                 seq     INTEGER PRIMARY KEY,
                 at      TEXT NOT NULL,
                 kind    TEXT NOT NULL,
                 payload TEXT NOT NULL,
                 hash    BLOB NOT NULL
             );",
        )
        .expect("bare: create table");
        Bare { conn, seq: 0 }
    }

    /// One durable insert: `BEGIN IMMEDIATE; INSERT; COMMIT`.
    fn insert(&mut self) {
        self.seq += 1;
        let seq = self.seq;
        let kind = if seq % 2 == 0 {
            "livestream-resumed"
        } else {
            "livestream-stopped"
        };
        let mut hash = [0u8; 32];
        hash[..8].copy_from_slice(&seq.to_le_bytes());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("bare: begin");
        tx.prepare_cached(
            "INSERT INTO events (seq, at, kind, payload, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .expect("bare: prepare")
        .execute(params![
            seq,
            "2026-11-26T19:30:00+01:00",
            kind,
            "{}",
            &hash[..]
        ])
        .expect("bare: insert");
        tx.commit().expect("bare: commit");
    }
}

/// The console with a meeting open, typing `l` and `L` in turn.
struct Rig {
    driver: Driver,
    /// Whether the next key is `l` (stop) rather than `L` (resume).
    stop_next: bool,
    in_meeting: usize,
    /// Whether a meeting is closed at `MEETING_LEN` (the long run keeps one).
    resets: bool,
}

impl Rig {
    fn open(path: &Path) -> Rig {
        Rig::open_with(path, true)
    }

    fn open_with(path: &Path, resets: bool) -> Rig {
        let store = Store::open(path).expect("console: open store");
        let console = Console::new(
            Config::default(),
            Keymap::defaults(),
            Vec::new(),
            time::now(),
        );
        let mut rig = Rig {
            driver: Driver::live(console, store),
            stop_next: true,
            in_meeting: 0,
            resets,
        };
        rig.open_meeting();
        rig
    }

    fn open_meeting(&mut self) {
        self.driver.keys("m<enter>");
        assert!(
            self.driver.app.console.view.open_meeting().is_some(),
            "console: m<enter> opened no meeting"
        );
        assert_eq!(
            self.driver.app.console.pending(),
            0,
            "console: meeting not committed"
        );
        self.stop_next = true;
        self.in_meeting = self.driver.app.console.committed().len();
    }

    /// Closes the meeting and opens a new one when it has grown to
    /// `MEETING_LEN`; call outside the timing.
    fn maybe_new_meeting(&mut self) {
        if self.resets && self.in_meeting >= MEETING_LEN && self.stop_next {
            self.driver.keys("Mj");
            assert!(
                self.driver.app.console.view.open_meeting().is_none(),
                "console: meeting did not close"
            );
            self.open_meeting();
        }
    }

    /// The key to time next.
    fn next_key(&mut self) -> &'static str {
        let key = if self.stop_next { "l" } else { "L" };
        self.stop_next = !self.stop_next;
        key
    }

    /// Checks that the last key was committed; call outside the timing.
    fn check(&mut self, before: usize) {
        let console = &self.driver.app.console;
        assert_eq!(console.pending(), 0, "console: step not committed");
        assert!(
            console.saving.failure.is_none(),
            "console: write failed: {:?}",
            console.saving.failure
        );
        assert_eq!(
            console.committed().len(),
            before + 1,
            "console: key logged nothing"
        );
        self.in_meeting += 1;
    }

    /// Types one key and returns how long it took to be committed.
    fn timed_key(&mut self) -> Duration {
        self.maybe_new_meeting();
        let key = self.next_key();
        let before = self.driver.app.console.committed().len();
        let start = Instant::now();
        self.driver.keys(black_box(key));
        let took = start.elapsed();
        self.check(before);
        took
    }
}

fn key_to_durable_commit(c: &mut Criterion, dir: &Path) {
    let mut group = c.benchmark_group("key_to_durable_commit");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(200)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(12));

    let mut bare = Bare::open(&dir.join("bare.db"));
    group.bench_function("bare_insert_full_sync", |b| b.iter(|| bare.insert()));

    let mut rig = Rig::open(&dir.join("console.db"));
    group.bench_function("console_key_to_commit", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| rig.timed_key()).sum())
    });

    group.finish();
}

/// Both paths again, one step of each in turn so that both see the same disk,
/// on fresh databases in the same directory; prints the ratio of the medians.
fn manual_ratio(dir: &Path, iters: usize) {
    let mut bare = Bare::open(&dir.join("bare-manual.db"));
    let mut rig = Rig::open(&dir.join("console-manual.db"));
    // Warm up: page cache, statement caches, WAL file.
    for _ in 0..20 {
        bare.insert();
        rig.timed_key();
    }
    let mut bare_t = Vec::with_capacity(iters);
    let mut console_t = Vec::with_capacity(iters);
    for _ in 0..iters {
        let start = Instant::now();
        bare.insert();
        bare_t.push(start.elapsed());
        console_t.push(rig.timed_key());
    }
    let bare_med = median(&mut bare_t);
    let console_med = median(&mut console_t);
    let ratio = console_med.as_secs_f64() / bare_med.as_secs_f64().max(f64::MIN_POSITIVE);
    println!(
        "ratio console/bare (median of {iters}): {ratio:.2}x  (console {:.3} ms, bare {:.3} ms)",
        ms(console_med),
        ms(bare_med)
    );
}

/// Keys in a row in the long run, and the window each line reports.
const LONG_KEYS: usize = 20_000;
const LONG_WINDOW: usize = 2_000;
const LONG_KEYS_TEST: usize = 20;
const LONG_WINDOW_TEST: usize = 10;

fn mean(times: &[Duration]) -> Duration {
    times.iter().sum::<Duration>() / u32::try_from(times.len().max(1)).unwrap_or(u32::MAX)
}

/// The share of `times` above `limit`.
fn above(times: &[Duration], limit: Duration) -> f64 {
    times.iter().filter(|t| **t > limit).count() as f64 / times.len().max(1) as f64
}

/// One meeting that is never closed and one bare table, `keys` steps of
/// each in turn on fresh databases: per window of `window` keys the median
/// and the mean of both and both ratios, so that a cost that grows with
/// the meeting or the register shows as drift, and the difference between
/// criterion's means and the medians above is visible where it arises (the
/// share of commits slower than 1 ms: the disk's flushes that take long).
fn long_run(dir: &Path, keys: usize, window: usize) {
    let mut bare = Bare::open(&dir.join("bare-long.db"));
    let mut rig = Rig::open_with(&dir.join("console-long.db"), false);
    for _ in 0..20 {
        bare.insert();
        rig.timed_key();
    }
    println!(
        "long run: one meeting, never closed, {keys} keys in turn with bare inserts; per {window} keys:"
    );
    println!(
        "  keys      console med/mean ms   bare med/mean ms   ratio med  ratio mean  > 1 ms console/bare"
    );
    let (mut all_c, mut all_b) = (Vec::with_capacity(keys), Vec::with_capacity(keys));
    let mut done = 0;
    while done < keys {
        let (mut c, mut b) = (Vec::with_capacity(window), Vec::with_capacity(window));
        for _ in 0..window {
            let start = Instant::now();
            bare.insert();
            b.push(start.elapsed());
            c.push(rig.timed_key());
        }
        done += window;
        let (cm, bm) = (mean(&c), mean(&b));
        let slow = Duration::from_millis(1);
        let (cs, bs) = (above(&c, slow), above(&b, slow));
        all_c.extend_from_slice(&c);
        all_b.extend_from_slice(&b);
        let (cmed, bmed) = (median(&mut c), median(&mut b));
        println!(
            "  {done:>6}    {:>7.3} / {:>7.3}      {:>7.3} / {:>7.3}    {:>6.2}x    {:>6.2}x     {:>4.1}% / {:>4.1}%",
            ms(cmed),
            ms(cm),
            ms(bmed),
            ms(bm),
            cmed.as_secs_f64() / bmed.as_secs_f64().max(f64::MIN_POSITIVE),
            cm.as_secs_f64() / bm.as_secs_f64().max(f64::MIN_POSITIVE),
            cs * 100.0,
            bs * 100.0
        );
    }
    let (cm, bm) = (mean(&all_c), mean(&all_b));
    let (cmed, bmed) = (median(&mut all_c), median(&mut all_b));
    println!(
        "  all {keys}: ratio of the medians {:.2}x, of the means {:.2}x (goal: at most 1.2x by both)",
        cmed.as_secs_f64() / bmed.as_secs_f64().max(f64::MIN_POSITIVE),
        cm.as_secs_f64() / bm.as_secs_f64().max(f64::MIN_POSITIVE)
    );
}

fn main() {
    let dir = TempDir::new().expect("create temporary directory");
    let mut criterion = Criterion::default().configure_from_args();
    key_to_durable_commit(&mut criterion, dir.path());
    criterion.final_summary();

    let listing = std::env::args().any(|a| a == "--list");
    if !listing {
        let iters = if measuring() {
            MANUAL_ITERS
        } else {
            MANUAL_ITERS_TEST
        };
        manual_ratio(dir.path(), iters);
        if measuring() {
            long_run(dir.path(), LONG_KEYS, LONG_WINDOW);
        } else {
            long_run(dir.path(), LONG_KEYS_TEST, LONG_WINDOW_TEST);
        }
    }
}
