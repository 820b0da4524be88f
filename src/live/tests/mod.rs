//! Key sequences -> state, against a real store in a temporary directory.

use chrono::{TimeZone, Utc};
use tempfile::TempDir;

use super::*;
use crate::app::driver::Driver;
use crate::app::jobs::{Job, JobDone};
use crate::domain::case::PerpetratorKind;
use crate::domain::event::Setting;
use crate::domain::live::DisturbanceView;
use crate::domain::text::limits;
use crate::domain::time::to_local;
use crate::domain::{AangifteChoice, Category, DemandBy, EventBody};
use crate::keymap::Action;
use crate::storage::{Store, Verdict};

mod durable;
mod situations;
mod steps;
mod text;
mod workstations;

fn start() -> (Driver, TempDir) {
    start_with(Config::default())
}

fn start_with(config: Config) -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    // Thursday 26 November 2026, 20:30 in Aalten: outside office hours.
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(config, Keymap::defaults(), Vec::new(), now);
    (Driver::live(console, store), dir)
}

fn kinds(d: &Driver) -> Vec<String> {
    d.app
        .console
        .committed()
        .iter()
        .map(|e| e.body.to_parts().unwrap().0)
        .collect()
}

/// The newest disturbance under way, as committed.
fn dist(d: &Driver) -> DisturbanceView {
    d.app.console.view.newest().cloned().expect("a disturbance")
}

/// The demands to person 1 of the newest disturbance.
fn demands(d: &Driver) -> usize {
    dist(d).persons[0].demands.len()
}

fn flash(d: &Driver) -> String {
    d.app
        .console
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}
