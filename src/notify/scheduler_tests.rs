//! The scheduler on tokio's paused clock: a test clock of wall time that
//! follows tokio's time (and can jump, as after a suspend).

use std::sync::{Arc, Mutex};

use chrono::TimeZone;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, error::TryRecvError};

use super::*;

/// Wall time: a fixed start plus tokio's elapsed time plus any jump.
#[derive(Clone)]
struct TestClock {
    wall: DateTime<Utc>,
    start: tokio::time::Instant,
    jump: Arc<Mutex<chrono::TimeDelta>>,
}

impl TestClock {
    fn new() -> TestClock {
        TestClock {
            wall: Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0).unwrap(),
            start: tokio::time::Instant::now(),
            jump: Arc::new(Mutex::new(chrono::TimeDelta::zero())),
        }
    }

    /// The wall clock moves on while tokio's does not (a suspend).
    fn suspend(&self, d: chrono::TimeDelta) {
        *self.jump.lock().unwrap() += d;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::TimeDelta::from_std(self.start.elapsed()).unwrap();
        self.wall + elapsed + *self.jump.lock().unwrap()
    }
}

fn reminder(key: &str, at: DateTime<Utc>, critical: bool) -> Reminder {
    Reminder {
        key: key.into(),
        case_ref: "2026-0042".into(),
        at,
        summary: "Termijn: zaak 2026-0042".into(),
        body: "melden aan griffier; termijn 12-03-2026 10:10".into(),
        critical,
    }
}

fn minutes(m: i64) -> chrono::TimeDelta {
    chrono::TimeDelta::minutes(m)
}

struct Running {
    clock: TestClock,
    updates: UnboundedSender<Vec<Reminder>>,
    fired: UnboundedReceiver<Vec<Reminder>>,
}

/// The scheduler running in a task of its own with `list`.
fn start(list: Vec<Reminder>) -> Running {
    let clock = TestClock::new();
    let (updates, rx) = tokio::sync::mpsc::unbounded_channel();
    let (tx, fired) = tokio::sync::mpsc::unbounded_channel();
    updates.send(list).unwrap();
    tokio::spawn(Scheduler::new(clock.clone()).run(rx, tx));
    Running {
        clock,
        updates,
        fired,
    }
}

/// Lets tokio's clock move on by `d` (paused: at once, timers firing in
/// order), then lets every task that woke run.
async fn pass(d: Duration) {
    tokio::time::sleep(d).await;
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

fn keys(batch: &[Reminder]) -> Vec<&str> {
    batch.iter().map(|r| r.key.as_str()).collect()
}

#[tokio::test(start_paused = true)]
async fn a_reminder_fires_once_and_only_once_when_the_clock_passes_its_moment() {
    let wall = TestClock::new().wall;
    let mut s = start(vec![reminder("42:a", wall + minutes(10), false)]);

    pass(Duration::from_secs(9 * 60 + 59)).await;
    assert_eq!(
        s.fired.try_recv().unwrap_err(),
        TryRecvError::Empty,
        "not before"
    );

    pass(Duration::from_secs(2)).await;
    let batch = s.fired.try_recv().expect("fired once the moment passed");
    assert_eq!(keys(&batch), ["42:a"]);
    assert!(!batch[0].critical);

    // An hour on, the register recomputed with the same reminder: never again.
    s.updates
        .send(vec![reminder("42:a", wall + minutes(10), true)])
        .unwrap();
    pass(Duration::from_secs(3600)).await;
    assert_eq!(
        s.fired.try_recv().unwrap_err(),
        TryRecvError::Empty,
        "not twice"
    );
}

#[tokio::test(start_paused = true)]
async fn a_reminder_overdue_at_start_fires_at_once() {
    let wall = TestClock::new().wall;
    let mut s = start(vec![
        reminder("7:late", wall - minutes(90), true),
        reminder("8:later", wall + minutes(30), false),
    ]);
    pass(Duration::ZERO).await;
    let batch = s.fired.try_recv().expect("the overdue one at once");
    assert_eq!(keys(&batch), ["7:late"]);
    assert!(batch[0].critical);
    assert_eq!(s.fired.try_recv().unwrap_err(), TryRecvError::Empty);
}

#[tokio::test(start_paused = true)]
async fn a_register_change_with_a_new_reminder_reschedules() {
    let wall = TestClock::new().wall;
    let mut s = start(vec![reminder("1:x", wall + minutes(120), false)]);
    pass(Duration::from_secs(60)).await;
    // Another workstation added a step due in 5 minutes; the first went.
    s.updates
        .send(vec![reminder("2:y", wall + minutes(6), false)])
        .unwrap();
    pass(Duration::from_secs(4 * 60)).await;
    assert_eq!(s.fired.try_recv().unwrap_err(), TryRecvError::Empty);
    pass(Duration::from_secs(61)).await;
    let batch = s.fired.try_recv().expect("the new one at its moment");
    assert_eq!(keys(&batch), ["2:y"]);
    // The one taken off the list never fires.
    pass(Duration::from_secs(3 * 3600)).await;
    assert_eq!(s.fired.try_recv().unwrap_err(), TryRecvError::Empty);
}

#[tokio::test(start_paused = true)]
async fn a_moment_passed_during_a_suspend_fires_within_a_minute_of_waking() {
    let wall = TestClock::new().wall;
    let mut s = start(vec![reminder("3:z", wall + minutes(180), false)]);
    pass(Duration::from_secs(1)).await;
    // The lid closes for four hours: tokio's timers stand still.
    s.clock.suspend(minutes(240));
    assert_eq!(s.fired.try_recv().unwrap_err(), TryRecvError::Empty);
    pass(RECHECK).await;
    let batch = s.fired.try_recv().expect("noticed by the wall clock");
    assert_eq!(keys(&batch), ["3:z"]);
}

#[test]
fn the_sleep_is_until_the_next_moment_and_at_most_a_minute() {
    struct Fixed(DateTime<Utc>);
    impl Clock for Fixed {
        fn now(&self) -> DateTime<Utc> {
            self.0
        }
    }
    let now = Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0).unwrap();
    let mut s = Scheduler::new(Fixed(now));
    assert_eq!(s.wait(), RECHECK, "nothing to wait for");
    s.replace(vec![
        reminder("a", now + chrono::TimeDelta::seconds(20), false),
        reminder("b", now + chrono::TimeDelta::seconds(5), false),
        reminder("c", now - chrono::TimeDelta::seconds(5), true),
    ]);
    assert_eq!(s.wait(), Duration::ZERO, "one is due");
    assert_eq!(keys(&s.due()), ["c"]);
    assert_eq!(s.wait(), Duration::from_secs(5));
    assert!(s.due().is_empty());
    s.replace(vec![reminder("d", now + minutes(30), false)]);
    assert_eq!(s.wait(), RECHECK);
}
