//! The case register at scale: 100,000 cases, about a million events.
//!
//! The register is made once by the demo generator and kept in
//! `<target>/bench-data/register-100k.db` (next to cargo's own target
//! directory, so `CARGO_TARGET_DIR` moves it too); it is made again when it
//! is missing, or when the schema version or the generator stamp differs.
//! Making it takes a while the first time (see the printed time).
//!
//! Benchmarks, all through the public `Store` API:
//!
//! - `list/first_page`: the first 50 cases, newest first (opening the browser);
//! - `list/status_year`: filtered by status and year;
//! - `list/urgency`: sorted by urgency;
//! - `list/deep_page`: a page 5,000 rows down (scrolling far);
//! - `count/*`: the "N" of "n of N", with and without search, and with a
//!   status filter and a one-letter search together;
//! - `search/list/<prefix>`: search while typing, each prefix of a word
//!   through `list_cases` (first page, newest first), against
//!   `search/bare_fts/<prefix>`: the bare FTS5 query on the same index,
//!   `SELECT rowid FROM case_text WHERE case_text MATCH ? ORDER BY rank LIMIT 50`.
//!
//! After the criterion groups `main` measures each prefix again, list and
//! bare query in turn, and prints the ratio of the medians (goal: at most
//! 1.5x), with the count and a second baseline (FTS5 in rowid order, which
//! stops after 50 rows) for context.
//!
//! Run with `cargo bench --bench register`. Under `cargo test --benches` it
//! runs once on a small register (2,000 cases) as a smoke test.
//! `RAADSORDE_BENCH_CASES=N` sets the size; `RAADSORDE_BENCH_ONLY=board`
//! measures only the deadline board, `RAADSORDE_BENCH_ONLY=startup` only
//! the start-up.

mod common;

use common::{bench_data_dir, measuring, median, ms};

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};

use raadsorde::domain::case::CaseStatus;
use raadsorde::storage::{
    COUNT_CAP, CaseQuery, CaseSort, CaseState, SCHEMA_VERSION, Store, fts_query,
};

/// Cases in the register under `cargo bench`.
const CASES: usize = 100_000;
/// The same under `cargo test --benches`.
const CASES_TEST: usize = 2_000;
const SEED: u64 = 2026;
/// Bump when the demo generator (or the shape of the indexes at one schema
/// version) changes what it makes.
const GENERATOR_STAMP: &str = "demo-5-due-items-by-urgency";

/// The word typed letter by letter.
const WORD: &str = "verstoring";

/// Rounds per prefix of the closing measurement, under `cargo bench`.
const MANUAL_ROUNDS: usize = 40;
const MANUAL_ROUNDS_TEST: usize = 2;

fn stamp(cases: usize) -> String {
    format!("schema={SCHEMA_VERSION} generator={GENERATOR_STAMP} cases={cases} seed={SEED}\n")
}

/// The register of `cases` cases, made if needed.
fn register(cases: usize) -> PathBuf {
    let dir = bench_data_dir();
    std::fs::create_dir_all(&dir).expect("create bench-data directory");
    let name = if cases.is_multiple_of(1000) {
        format!("register-{}k.db", cases / 1000)
    } else {
        format!("register-{cases}.db")
    };
    let path = dir.join(&name);
    let stamp_path = dir.join(format!("{name}.stamp"));
    let current = std::fs::read_to_string(&stamp_path).ok();
    if path.exists() && current.as_deref() == Some(stamp(cases).as_str()) {
        return path;
    }
    let tmp = dir.join(format!("{name}.making"));
    remove_db(&tmp);
    eprintln!("making {} with {cases} cases…", path.display());
    let start = Instant::now();
    let stats = {
        let mut store = Store::open(&tmp).expect("open new register");
        raadsorde::demo::generate(&mut store, cases, SEED).expect("generate register")
    };
    let took = start.elapsed();
    eprintln!(
        "made {} cases ({} live), {} events, {} perpetrators in {:.1} s ({:.0} events/s)",
        stats.cases,
        stats.live_cases,
        stats.events,
        stats.perpetrators,
        took.as_secs_f64(),
        stats.events as f64 / took.as_secs_f64()
    );
    remove_db(&path);
    std::fs::rename(&tmp, &path).expect("move register in place");
    std::fs::write(&stamp_path, stamp(cases)).expect("write stamp");
    path
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn query(f: impl FnOnce(&mut CaseQuery)) -> CaseQuery {
    let mut q = CaseQuery::default();
    f(&mut q);
    q
}

fn status_year() -> CaseQuery {
    query(|q| {
        q.status = Some(CaseState::from(CaseStatus::Afgesloten));
        q.year = Some(2025);
    })
}

fn search(prefix: &str) -> CaseQuery {
    query(|q| q.text = prefix.to_string())
}

const BARE_RANK: &str =
    "SELECT rowid FROM case_text WHERE case_text MATCH ?1 ORDER BY rank LIMIT 50";
const BARE_ROWID: &str =
    "SELECT rowid FROM case_text WHERE case_text MATCH ?1 ORDER BY rowid DESC LIMIT 50";

fn bare(store: &Store, sql: &str, prefix: &str) -> usize {
    let Some(m) = fts_query(prefix) else {
        return 0;
    };
    let conn = store.connection();
    let mut stmt = conn.prepare_cached(sql).expect("prepare bare query");
    let rows = stmt
        .query_map([m], |r| r.get::<_, i64>(0))
        .expect("bare query");
    let mut n = 0;
    for row in rows {
        black_box(row.expect("bare row"));
        n += 1;
    }
    n
}

fn list(store: &Store, q: &CaseQuery) -> usize {
    store.list_cases(q).expect("list cases").len()
}

fn prefixes() -> Vec<&'static str> {
    WORD.char_indices()
        .map(|(i, c)| &WORD[..i + c.len_utf8()])
        .collect()
}

fn benches(c: &mut Criterion, store: &Store) {
    let mut g = c.benchmark_group("list");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    let first = CaseQuery::default();
    g.bench_function("first_page", |b| b.iter(|| list(store, black_box(&first))));
    let sy = status_year();
    g.bench_function("status_year", |b| b.iter(|| list(store, black_box(&sy))));
    let urgent = query(|q| q.sort = CaseSort::Urgency);
    g.bench_function("urgency", |b| b.iter(|| list(store, black_box(&urgent))));
    let deep = query(|q| q.offset = 5_000);
    g.bench_function("deep_page", |b| b.iter(|| list(store, black_box(&deep))));
    g.finish();

    let mut g = c.benchmark_group("count");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    g.bench_function("all", |b| b.iter(|| store.count_cases(black_box(&first))));
    g.bench_function("status_year", |b| {
        b.iter(|| store.count_cases(black_box(&sy)))
    });
    for prefix in ["v", "ver", "verstoring"] {
        let q = search(prefix);
        g.bench_with_input(BenchmarkId::new("search", prefix), &q, |b, q| {
            b.iter(|| store.count_cases(q))
        });
    }
    let status_v = query(|q| {
        q.status = Some(CaseState::from(CaseStatus::Afgesloten));
        q.text = "v".into();
    });
    g.bench_function("status_search_v", |b| {
        b.iter(|| store.count_cases(black_box(&status_v)))
    });
    g.finish();

    let mut g = c.benchmark_group("search");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for prefix in prefixes() {
        let q = search(prefix);
        g.bench_with_input(BenchmarkId::new("list", prefix), &q, |b, q| {
            b.iter(|| list(store, q))
        });
        g.bench_with_input(BenchmarkId::new("bare_fts", prefix), prefix, |b, p| {
            b.iter(|| bare(store, BARE_RANK, p))
        });
    }
    g.finish();
}

fn timed(f: impl FnOnce() -> usize) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

/// The time until `f` has its result; what it keeps open (a register, a
/// terminal) is closed after the clock stopped: closing is not starting.
fn timed_until<K>(f: impl FnOnce() -> (usize, K)) -> Duration {
    let start = Instant::now();
    let (n, kept) = f();
    let took = start.elapsed();
    black_box(n);
    drop(kept);
    took
}

/// The first page of the case list's index, read by a bare connection.
fn first_page(conn: &rusqlite::Connection) -> usize {
    let mut stmt = conn
        .prepare(
            "SELECT id, number, occurred_at FROM cases ORDER BY occurred_utc DESC, id DESC LIMIT 50",
        )
        .expect("bare prepare");
    stmt.query_map([], |r| r.get::<_, u64>(0))
        .expect("bare query")
        .count()
}

/// What the store thread does for one key in the search field
/// (`Store::list_with_count`, as `worker` calls it): the first page and the
/// count capped at [`COUNT_CAP`], the plan worked out once for both (the
/// exact count follows only when no key waits, and stops for the next
/// one). Until the eleventh round this measured `list_cases` and
/// `count_cases_upto` one after the other, each planning on its own: more
/// than the program does (the "list ms" and "capped ms" columns still show
/// those two calls).
fn per_key(store: &Store, q: &CaseQuery) -> usize {
    let (page, total) = store
        .list_with_count(q, COUNT_CAP)
        .expect("page and capped count");
    page.len() + total.at_least() as usize
}

/// Each prefix, in turn: the store's work per key (list + capped count),
/// the exact count it no longer waits for, and the bare FTS5 queries for
/// the first 50 matches: in rowid order (the like-for-like baseline: the
/// list's first page in the order of an index, stopping after 50) and by
/// rank (scores every match; the old baseline, kept for comparison).
fn manual_ratio(store: &Store, rounds: usize) {
    println!();
    println!(
        "search while typing '{WORD}' ({} cases), median of {rounds} rounds:",
        store.count_cases(&CaseQuery::default()).expect("count all")
    );
    println!(
        "{:<11} {:>8} {:>9} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8}",
        "prefix",
        "matches",
        "key ms",
        "list ms",
        "capped ms",
        "exact ms",
        "rowid ms",
        "rank ms",
        "ratio"
    );
    let mut worst: f64 = 0.0;
    for prefix in prefixes() {
        let q = search(prefix);
        let matches = store.count_cases(&q).expect("count");
        // Warm up.
        per_key(store, &q);
        bare(store, BARE_ROWID, prefix);
        let (mut k, mut l, mut cc, mut c, mut r, mut b) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        for _ in 0..rounds {
            k.push(timed(|| per_key(store, &q)));
            l.push(timed(|| list(store, &q)));
            cc.push(timed(|| {
                store
                    .count_cases_upto(&q, COUNT_CAP)
                    .expect("capped")
                    .at_least() as usize
            }));
            c.push(timed(|| store.count_cases(&q).expect("count") as usize));
            r.push(timed(|| bare(store, BARE_ROWID, prefix)));
        }
        // By rank apart: it reads every match, which takes the page cache
        // from what the others use.
        for _ in 0..rounds {
            b.push(timed(|| bare(store, BARE_RANK, prefix)));
        }
        let (k, l, cc, c, r, b) = (
            median(&mut k),
            median(&mut l),
            median(&mut cc),
            median(&mut c),
            median(&mut r),
            median(&mut b),
        );
        let ratio = k.as_secs_f64() / r.as_secs_f64().max(f64::MIN_POSITIVE);
        worst = worst.max(ratio);
        println!(
            "{prefix:<11} {matches:>8} {:>9.3} {:>9.3} {:>10.3} {:>9.3} {:>9.3} {:>9.3} {ratio:>7.2}x",
            ms(k),
            ms(l),
            ms(cc),
            ms(c),
            ms(r),
            ms(b)
        );
    }
    println!(
        "worst ratio per key (list + capped count) / bare FTS5 first 50 (rowid): {worst:.2}x (goal ≤ 1.5x)"
    );

    println!();
    println!("other searches (few matches: looked up one by one), median of {rounds} rounds:");
    println!(
        "{:<15} {:>8} {:>10} {:>10} {:>10} {:>8}",
        "search", "matches", "list ms", "count ms", "bare ms", "ratio"
    );
    for text in OTHER_SEARCHES {
        let q = search(text);
        let matches = store.count_cases(&q).expect("count");
        list(store, &q);
        let (mut l, mut c, mut b) = (vec![], vec![], vec![]);
        for _ in 0..rounds {
            l.push(timed(|| list(store, &q)));
            c.push(timed(|| store.count_cases(&q).expect("count") as usize));
            b.push(timed(|| bare(store, BARE_RANK, text)));
        }
        let (l, c, b) = (median(&mut l), median(&mut c), median(&mut b));
        let ratio = l.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE);
        println!(
            "{text:<15} {matches:>8} {:>10.3} {:>10.3} {:>10.3} {ratio:>7.2}x",
            ms(l),
            ms(c),
            ms(b)
        );
    }
}

/// The same reads for identities with one role (`domain::access`): what a
/// viewer's route adds to each query. A frame at 60 Hz is 16.7 ms.
fn viewer_times(path: &Path, rounds: usize) {
    let stores = viewer_stores(path);
    viewer_lists(&stores, rounds);
    board_times(&stores, rounds);
}

/// The register as the admin (every role), a griffie and a kabinet account.
fn viewer_stores(path: &Path) -> [(&'static str, Store); 3] {
    use raadsorde::domain::access::Role;
    let mut admin = Store::open(path).expect("open register");
    admin.act_as("bench-beheer").expect("act as admin");
    let matrix = admin.role_matrix().expect("roles");
    for (who, role) in [
        ("bench-griffie", Role::Griffie),
        ("bench-kabinet", Role::Kabinet),
    ] {
        if !matrix.iter().any(|(i, r)| i == who && r.contains(&role)) {
            admin.grant_role(who, role).expect("grant");
        }
    }
    let unrestricted = Store::open(path).expect("open register");
    let viewer = |who: &str| {
        let mut s = Store::open(path).expect("open register");
        s.act_as(who).expect("act as viewer");
        s
    };
    [
        ("alles", unrestricted),
        ("griffie", viewer("bench-griffie")),
        ("kabinet", viewer("bench-kabinet")),
    ]
}

/// The case list per viewer.
fn viewer_lists(stores: &[(&str, Store)], rounds: usize) {
    let queries: Vec<(&str, CaseQuery)> = vec![
        ("first_page", CaseQuery::default()),
        ("status_year", status_year()),
        ("urgency", query(|q| q.sort = CaseSort::Urgency)),
        ("deep_page", query(|q| q.offset = 5_000)),
        ("search v", search("v")),
        ("search ver", search("ver")),
        ("search verstoring", search("verstoring")),
        ("search ozdemir", search("ozdemir")),
    ];
    println!();
    println!(
        "per viewer, median of {rounds} rounds (ms; l = list, n = count capped at 1,000; goal: list + count ≤ 16.7 ms, one frame at 60 Hz):"
    );
    print!("{:<18}", "query");
    for (name, _) in stores {
        print!(" {:>9} {:>9}", format!("{name} l"), format!("{name} n"));
    }
    println!();
    let mut worst: f64 = 0.0;
    for (name, q) in &queries {
        print!("{name:<18}");
        for (who, store) in stores {
            list(store, q);
            let (mut l, mut c) = (vec![], vec![]);
            for _ in 0..rounds {
                l.push(timed(|| list(store, q)));
                c.push(timed(|| {
                    store
                        .count_cases_upto(q, COUNT_CAP)
                        .expect("count")
                        .at_least() as usize
                }));
            }
            let (l, c) = (median(&mut l), median(&mut c));
            if *who != "alles" {
                worst = worst.max(ms(l) + ms(c));
            }
            print!(" {:>9.3} {:>9.3}", ms(l), ms(c));
        }
        println!();
    }
    print!("{:<18}", "perpetrators");
    for (_, store) in stores {
        let mut p = vec![];
        for _ in 0..rounds {
            p.push(timed(|| {
                store.perpetrators("", 50).expect("perpetrators").len()
            }));
        }
        print!(" {:>9.3} {:>9}", ms(median(&mut p)), "");
    }
    println!();
    println!("worst list + count for a viewer: {worst:.3} ms (goal ≤ 16.7 ms)");
}

/// The deadline board (key `T`): its 1,000 most urgent items with the
/// counts, per viewer, against the bare query for the same rows on the same
/// file (the index on `late_utc`, no role filter, no counts).
fn board_times(stores: &[(&str, Store)], rounds: usize) {
    let now = raadsorde::domain::time::now();
    let bare = |store: &Store| {
        let conn = store.connection();
        let mut stmt = conn
            .prepare_cached(
                "SELECT d.case_id, c.number, d.key, d.label, d.late_utc FROM due_items d
                   JOIN cases c ON c.id = d.case_id ORDER BY d.late_utc LIMIT 1000",
            )
            .expect("bare board query");
        stmt.query_map([], |r| r.get::<_, u64>(0))
            .expect("rows")
            .count()
    };
    println!();
    println!("deadline board, median of {rounds} rounds (ms; one key, goal ≤ 16.7 ms):");
    for (who, store) in stores {
        let board = store.due_board(now, 1_000).expect("board");
        let (mut b, mut items, mut base) = (vec![], vec![], vec![]);
        for _ in 0..rounds {
            b.push(timed(|| {
                store.due_board(now, 1_000).expect("board").items.len()
            }));
            items.push(timed(|| {
                store
                    .due_items_with(now, None, false, Some(1_000))
                    .expect("items")
                    .len()
            }));
            base.push(timed(|| bare(store)));
        }
        println!(
            "{who:<10} board {:>8.3} (of which the rows {:>7.3})   bare first 1,000 {:>7.3}   ({} items, {} overdue)",
            ms(median(&mut b)),
            ms(median(&mut items)),
            ms(median(&mut base)),
            board.total,
            board.overdue
        );
    }
}

/// Start-up to the first filled frame of the register, as a griffie
/// viewer: open the store (migration check, guards, head, receipt), act as
/// the viewer, the browser's first query (first page and capped count) and
/// one 120x40 frame drawn through the crossterm backend (into a sink, not a
/// terminal; the reminders are asked after it). Against the bare anchor on
/// the same file: a program that has the raw key opens the file with it
/// and reads the first page of the list's index (`SELECT ... ORDER BY
/// occurred_utc DESC LIMIT 50`). Goal: at most 2x. Until the seventh round
/// the anchor opened through `open_raw`, which also reads the key file and
/// probes whether the file is unencrypted; both are printed. Since then the
/// clock stops when the frame is drawn (the anchors: when the page is
/// read); closing the register afterwards is not timed, on either side.
fn startup_times(path: &Path, rounds: usize) {
    use raadsorde::app::{App, Input, Screen};
    use raadsorde::cases::Browser;
    use raadsorde::config::Config;
    use raadsorde::keymap::Keymap;
    use raadsorde::live::Console;
    use raadsorde::storage::worker::StoreRequest;
    use raadsorde::ui::Theme;
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::{Terminal, TerminalOptions, Viewport};

    // In the program the list is asked first and drawn when it comes; the
    // reminders are asked after it and come later (see `App::start`).
    let start = || {
        let mut store = Store::open(path).expect("open register");
        store.act_as("bench-griffie").expect("act as viewer");
        let now = raadsorde::domain::time::now();
        // As `raadsorde cases` does: the settings and the keymap read once,
        // a copy for each screen.
        let (config, keymap) = (Config::default(), Keymap::defaults());
        let browser = Browser::new(config.clone(), keymap.clone(), now);
        let console = Console::new(config, keymap, Vec::new(), now);
        let mut app = App::new(console, browser, Screen::Cases);
        let first = app.start().into_iter().next().expect("the first query");
        assert!(
            matches!(first, StoreRequest::List { .. }),
            "the list comes first"
        );
        for reply in store.serve(first) {
            app.update(Input::Store(reply), now);
        }
        // The program's own backend, writing its escape sequences to
        // nowhere instead of a terminal (a test backend would keep a third
        // copy of the screen that the program does not).
        let mut terminal = Terminal::with_options(
            CrosstermBackend::new(std::io::sink()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
            },
        )
        .expect("terminal");
        let theme = Theme::monochrome();
        terminal.draw(|f| app.draw(f, &theme)).expect("draw");
        let rows = app.browser.rows.len();
        (rows, (store, app, terminal))
    };
    // The bare program: the raw key at hand (read once, here), the file
    // opened with it and the first page read; nothing else.
    let key = raadsorde::storage::key::Settings::from_env()
        .candidates()
        .expect("the register's key")
        .into_iter()
        .next()
        .expect("a key")
        .key;
    let pragma = format!("PRAGMA key = \"x'{}'\";", key.hex());
    let bare = || {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .expect("bare open");
        conn.execute_batch(&pragma).expect("the key");
        (first_page(&conn), conn)
    };
    // The anchor of the rounds before the seventh: `open_raw`, which also
    // finds the key in the key file and first asks, with a connection of
    // its own, whether the file is unencrypted. Kept to compare.
    let raw = || {
        let conn = raadsorde::storage::open_raw(path).expect("bare open");
        (first_page(&conn), conn)
    };
    assert!(start().0 > 0, "the register shows no case");
    assert_eq!(bare().0, raw().0, "both anchors read the first page");
    let (mut s, mut b, mut r) = (vec![], vec![], vec![]);
    for _ in 0..rounds {
        s.push(timed_until(start));
        b.push(timed_until(bare));
        r.push(timed_until(raw));
    }
    let (s, b, r) = (median(&mut s), median(&mut b), median(&mut r));
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE);
    println!();
    println!(
        "start-up to the first filled frame (griffie viewer), median of {rounds}: {:.3} ms; bare open with the raw key + first page {:.3} ms: {:.2}x (goal ≤ 2x); the earlier anchor (open_raw: key file, unencrypted probe) {:.3} ms: {:.2}x",
        ms(s),
        ms(b),
        ratio(s, b),
        ms(r),
        ratio(s, r)
    );
}

/// The receipt the start-up checks the head against, the newest of the
/// register, in a directory of years of receipts (one a day and one per
/// meeting: about 500 a year): found by the file names, against reading and
/// parsing every receipt file, as the start did before (the like-for-like
/// operation it would otherwise run), in the same run.
fn receipt_times(receipts: usize, rounds: usize) {
    use raadsorde::storage::receipts::{self, Reason, Settings};
    let dir = tempfile::TempDir::new().expect("temporary directory");
    let settings = Settings {
        dir: dir.path().join("ontvangstbewijzen"),
        key: dir.path().join("ontvangstsleutel"),
    };
    let register = dir.path().join("register.db");
    let id = [7u8; 32];
    for seq in 1..=receipts as u64 {
        receipts::write(&settings, &register, &id, (seq, [9u8; 32]), Reason::Daily)
            .expect("write a receipt");
    }
    let id = hex::encode(id);
    let by_name = || receipts::latest(&settings.dir, Some(&id)).expect("by name");
    let read_all = || {
        receipts::load_all(&settings.dir)
            .expect("every receipt")
            .into_iter()
            .filter_map(|f| f.receipt.ok())
            .filter(|r| r.register_id == id)
            .max_by_key(|r| r.number)
    };
    let newest = by_name().expect("a newest receipt");
    assert_eq!(newest.number, receipts as u64);
    assert_eq!(read_all(), Some(newest), "both find the same receipt");
    let (mut n, mut a) = (vec![], vec![]);
    for _ in 0..rounds {
        n.push(timed(|| by_name().map_or(0, |r| r.number as usize)));
        a.push(timed(|| read_all().map_or(0, |r| r.number as usize)));
    }
    println!(
        "newest of {receipts} receipts, median of {rounds}: by file name {:.3} ms; reading every receipt (as before) {:.3} ms",
        ms(median(&mut n)),
        ms(median(&mut a))
    );
}

/// Searches with fewer matches: a victim's name, a perpetrator's name, a
/// rare word, nothing.
const OTHER_SEARCHES: &[&str] = &["ozdemir", "schafer jurgen", "nooduitgang", "zzz"];

fn main() {
    let listing = std::env::args().any(|a| a == "--list");
    let measure = measuring();
    let cases = std::env::var("RAADSORDE_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if measure { CASES } else { CASES_TEST });
    if listing {
        // Listing would need the register; there is nothing to list cheaply.
        return;
    }
    let path = register(cases);
    let rounds = if measure {
        MANUAL_ROUNDS
    } else {
        MANUAL_ROUNDS_TEST
    };
    // `RAADSORDE_BENCH_ONLY=board`: only the deadline board's figures.
    if std::env::var("RAADSORDE_BENCH_ONLY").as_deref() == Ok("board") {
        board_times(&viewer_stores(&path), rounds);
        return;
    }
    // `RAADSORDE_BENCH_ONLY=startup`: only the start-up figure.
    let receipts = if measure { 1_500 } else { 20 };
    if std::env::var("RAADSORDE_BENCH_ONLY").as_deref() == Ok("startup") {
        startup_times(&path, rounds);
        receipt_times(receipts, rounds);
        return;
    }
    let store = Store::open(&path).expect("open register");
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion, &store);
    criterion.final_summary();
    manual_ratio(&store, rounds);
    drop(store);
    viewer_times(&path, rounds);
    startup_times(&path, rounds);
    receipt_times(receipts, rounds);
}
