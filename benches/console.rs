//! The live console in a long meeting: does a key cost more at 4,000 steps
//! than at 70?
//!
//! One meeting, never closed, grows by `l` / `L` (livestream stopped,
//! resumed) to each checkpoint; there each round times what the program
//! does for one key: `Console::update`, the store's append and durable
//! commit (through [`Driver`]), and one frame of the live screen drawn into
//! a 120×40 buffer, as the terminal loop draws after every key. Reported
//! per checkpoint: the wall time of key and frame (median), the CPU time of
//! the thread for both (mean over the round, from
//! `/proc/thread-self/schedstat`; the commit's wait for the disk is not
//! CPU), and the frame alone (median).
//!
//! Goal (issue 11): the CPU per key independent of the meeting's length,
//! at most 2 ms at 4,000 steps. The anchor is the same work at 70 steps,
//! measured in the same run.
//!
//! Run with `cargo bench --bench console`; under `cargo test --benches` it
//! runs small as a smoke test.

mod common;

use common::{measuring, median, ms};

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

use raadsorde::app::driver::Driver;
use raadsorde::config::Config;
use raadsorde::domain::time;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;
use raadsorde::ui::{self, Theme};

/// Steps in the meeting at which the cost of a key is measured.
const CHECKPOINTS: &[usize] = &[70, 2_000, 4_000];
const CHECKPOINTS_TEST: &[usize] = &[10, 40];
/// Keys timed at each checkpoint.
const ROUNDS: usize = 200;
const ROUNDS_TEST: usize = 5;

/// CPU time of this thread so far (Linux), or `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

struct Rig {
    driver: Driver,
    terminal: Terminal<TestBackend>,
    theme: Theme,
    stop_next: bool,
    /// Steps logged in the meeting (the opening included).
    steps: usize,
    _dir: TempDir,
}

impl Rig {
    fn open() -> Rig {
        let dir = TempDir::new().expect("temporary directory");
        let store = Store::open(&dir.path().join("console.db")).expect("open register");
        let console = Console::new(
            Config::default(),
            Keymap::defaults(),
            Vec::new(),
            time::now(),
        );
        let mut driver = Driver::live(console, store);
        driver.keys("m<enter>");
        assert!(
            driver.app.console.view.open_meeting().is_some(),
            "m<enter> opened no meeting"
        );
        Rig {
            driver,
            terminal: Terminal::new(TestBackend::new(120, 40)).expect("test terminal"),
            theme: Theme::monochrome(),
            stop_next: true,
            steps: 1,
            _dir: dir,
        }
    }

    fn key(&mut self) {
        let key = if self.stop_next { "l" } else { "L" };
        self.stop_next = !self.stop_next;
        let before = self.driver.app.console.committed().len();
        self.driver.keys(black_box(key));
        assert_eq!(
            self.driver.app.console.committed().len(),
            before + 1,
            "the key logged nothing"
        );
        self.steps += 1;
    }

    fn frame(&mut self) {
        let console = &self.driver.app.console;
        let theme = &self.theme;
        self.terminal
            .draw(|f| ui::draw(f, console, theme))
            .expect("draw");
    }

    /// Logs steps until the meeting has `steps`.
    fn grow_to(&mut self, steps: usize) {
        while self.steps < steps {
            self.key();
        }
    }
}

fn table(checkpoints: &[usize], rounds: usize) {
    let mut rig = Rig::open();
    println!();
    println!(
        "live console, one meeting, key + frame (120x40), {rounds} keys from each checkpoint (wall and frame: median; CPU: mean):"
    );
    println!(
        "{:>7} {:>12} {:>12} {:>10}",
        "steps", "wall ms", "CPU ms", "frame ms"
    );
    let mut cpu_at = Vec::new();
    for &at in checkpoints {
        rig.grow_to(at);
        let (mut wall, mut frame) = (vec![], vec![]);
        // The kernel's CPU clock of a thread advances in scheduler ticks:
        // read it around the whole round, and divide.
        let mut cpu = Duration::ZERO;
        for _ in 0..rounds {
            let c0 = thread_cpu();
            let t0 = Instant::now();
            rig.key();
            rig.frame();
            wall.push(t0.elapsed());
            if let (Some(a), Some(b)) = (c0, thread_cpu()) {
                cpu += b.saturating_sub(a);
            }
            let t1 = Instant::now();
            rig.frame();
            frame.push(t1.elapsed());
        }
        let c = cpu / u32::try_from(rounds).unwrap_or(u32::MAX).max(1);
        let (w, f) = (median(&mut wall), median(&mut frame));
        cpu_at.push(c);
        println!("{at:>7} {:>12.3} {:>12.3} {:>10.3}", ms(w), ms(c), ms(f));
    }
    if let (Some(first), Some(last)) = (cpu_at.first(), cpu_at.last()) {
        println!(
            "CPU per key at the last checkpoint / at the first: {:.2}x (goal: about 1x, at most 2 ms)",
            last.as_secs_f64() / first.as_secs_f64().max(f64::MIN_POSITIVE)
        );
    }
}

fn bench_long_meeting(c: &mut Criterion, steps: usize) {
    let mut rig = Rig::open();
    rig.grow_to(steps);
    let mut g = c.benchmark_group("console");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.bench_function(format!("frame_at_{steps}_steps"), |b| {
        b.iter(|| rig.frame())
    });
    g.finish();
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let measure = measuring();
    let (checkpoints, rounds) = if measure {
        (CHECKPOINTS, ROUNDS)
    } else {
        (CHECKPOINTS_TEST, ROUNDS_TEST)
    };
    let mut criterion = Criterion::default().configure_from_args();
    bench_long_meeting(&mut criterion, *checkpoints.last().unwrap_or(&70));
    criterion.final_summary();
    table(checkpoints, rounds);
}
