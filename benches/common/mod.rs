//! What the benchmarks share: whether this run measures, medians, and where
//! the generated registers are kept. Each bench uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

/// Whether this run measures (`cargo bench`) rather than tests or lists.
pub fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--bench") && !has("--test") && !has("--list")
}

/// `<target>/bench-data`, beside cargo's own target directory (so that
/// `CARGO_TARGET_DIR` moves it too).
pub fn bench_data_dir() -> PathBuf {
    // <target>/tmp -> <target>/bench-data
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("bench-data")
}

pub fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    let n = samples.len();
    if n == 0 {
        Duration::ZERO
    } else if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
