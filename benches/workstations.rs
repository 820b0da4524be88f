//! How soon a second workstation sees what the first committed.
//!
//! Two stores on one file, as two processes on one host have. Workstation A
//! commits an event; workstation B's store thread (the program's real
//! mechanism: while idle it checks `PRAGMA data_version` every
//! `WATCH_INTERVAL`) hands it on as `StoreReply::External`. The delay is
//! from A's commit returning to B's reply arriving.
//!
//! Baseline, same run: a bare rusqlite connection polling `PRAGMA
//! data_version` in a tight loop (every 1 ms), the floor of noticing a
//! commit from another connection at all.
//!
//! Run with `cargo bench --bench workstations`.

use std::time::{Duration, Instant};

use chrono::Duration as Span;
use tempfile::TempDir;

use raadsorde::domain::{EventBody, MeetingType, NewEvent, time};
use raadsorde::storage::Store;
use raadsorde::storage::worker::{StoreReply, StoreThread, WATCH_INTERVAL};

fn samples() -> usize {
    // `cargo test --benches` only checks that it runs.
    if std::env::args().any(|a| a == "--bench") {
        40
    } else {
        3
    }
}

fn step(at: chrono::DateTime<chrono::FixedOffset>, body: EventBody) -> NewEvent {
    NewEvent {
        at,
        actor: "werkplek-a".into(),
        meeting_id: None,
        case_id: None,
        corrects: None,
        disturbance: None,
        body,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut d: Vec<Duration>) -> Duration {
    d.sort();
    let median = percentile(&d, 0.5);
    println!(
        "{name:<40} median {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms   (n = {})",
        median.as_secs_f64() * 1e3,
        percentile(&d, 0.95).as_secs_f64() * 1e3,
        d.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        d.len()
    );
    median
}

fn main() {
    let dir = TempDir::new().expect("temporary directory");
    let path = dir.path().join("register.db");
    let mut a = Store::open(&path).expect("open A");
    let b = Store::open(&path).expect("open B");
    let bare = raadsorde::storage::open_raw(&path).expect("open bare");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let _b = StoreThread::spawn(b, tx);

    let mut t = time::now();
    a.append(step(
        t,
        EventBody::MeetingStarted {
            meeting_type: MeetingType::Raadsvergadering,
            title: "Meting".into(),
            chair: "voorzitter".into(),
            location: "raadzaal".into(),
            town_hall: false,
            risk_check: None,
        },
    ))
    .expect("meeting");
    // B hears the meeting; from here on each sample is one commit.
    let _ = rx.blocking_recv();

    let n = samples();
    let mut program = Vec::with_capacity(n);
    let mut floor = Vec::with_capacity(n);
    let mut version: i64 = bare
        .query_row("PRAGMA data_version", [], |r| r.get(0))
        .expect("data_version");
    for i in 0..n {
        t += Span::seconds(1);
        let body = if i % 2 == 0 {
            EventBody::Suspended {}
        } else {
            EventBody::Resumed {}
        };
        a.append(step(t, body)).expect("append");
        let committed = Instant::now();
        // The floor: a bare connection noticing the commit.
        loop {
            let v: i64 = bare
                .query_row("PRAGMA data_version", [], |r| r.get(0))
                .expect("data_version");
            if v != version {
                version = v;
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        floor.push(committed.elapsed());
        // The program: B's store thread hands it on.
        match rx.blocking_recv() {
            Some(StoreReply::External(events)) => assert_eq!(events.len(), 1),
            other => panic!("expected the other workstation's event, got {other:?}"),
        }
        program.push(committed.elapsed());
        // Start the next sample at a random point of B's polling cycle.
        std::thread::sleep(Duration::from_millis(37 * (i as u64 % 7)));
    }
    println!(
        "second workstation sees a commit (watch interval {} ms):",
        WATCH_INTERVAL.as_millis()
    );
    let p = report("raadsorde: store thread -> External", program);
    let f = report("baseline: bare data_version poll, 1 ms", floor);
    println!(
        "ratio of medians: {:.1}x (goal: the program within about a second)",
        p.as_secs_f64() / f.as_secs_f64().max(1e-6)
    );
}
