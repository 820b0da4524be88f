//! When to fire: the next due moment is computed and slept until with a
//! tokio timer (never a poll every second). The list is replaced whenever
//! the register changed. Tokio's timers are monotonic and stop while a
//! laptop sleeps, so the wall clock is looked at again at least every
//! [`RECHECK`]: a moment passed during a suspend fires within a minute of
//! waking up.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::Reminder;

/// The longest sleep between two looks at the wall clock.
pub const RECHECK: Duration = Duration::from_secs(60);

/// Where the scheduler reads the time of day.
pub trait Clock: Send + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The system's wall clock (it jumps forward after a suspend).
#[derive(Debug, Clone, Copy, Default)]
pub struct WallClock;

impl Clock for WallClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The reminders of this run and the keys already fired.
pub struct Scheduler<C: Clock> {
    clock: C,
    reminders: Vec<Reminder>,
    /// Each key fires once per run, whatever the register says later.
    sent: HashSet<String>,
}

impl<C: Clock> Scheduler<C> {
    pub fn new(clock: C) -> Scheduler<C> {
        Scheduler {
            clock,
            reminders: Vec::new(),
            sent: HashSet::new(),
        }
    }

    /// The register changed: this is the list from now on.
    pub fn replace(&mut self, reminders: Vec<Reminder>) {
        self.reminders = reminders;
    }

    /// Every reminder whose moment has passed and that was not fired yet,
    /// earliest first; they count as fired from now on.
    pub fn due(&mut self) -> Vec<Reminder> {
        let now = self.clock.now();
        let mut due: Vec<Reminder> = Vec::new();
        for r in &self.reminders {
            if r.at <= now && !self.sent.contains(&r.key) && !due.iter().any(|d| d.key == r.key) {
                due.push(r.clone());
            }
        }
        due.sort_by_key(|r| r.at);
        for r in &due {
            self.sent.insert(r.key.clone());
        }
        due
    }

    /// How long to sleep: until the next moment not yet fired, and never
    /// longer than [`RECHECK`].
    pub fn wait(&self) -> Duration {
        let now = self.clock.now();
        self.reminders
            .iter()
            .filter(|r| !self.sent.contains(&r.key))
            .map(|r| (r.at - now).to_std().unwrap_or(Duration::ZERO))
            .min()
            .map_or(RECHECK, |d| d.min(RECHECK))
    }

    /// Fires reminders into `fired` until `updates` closes: at once what is
    /// due, then asleep until the next moment, a new list or [`RECHECK`].
    pub async fn run(
        mut self,
        mut updates: UnboundedReceiver<Vec<Reminder>>,
        fired: UnboundedSender<Vec<Reminder>>,
    ) {
        loop {
            let due = self.due();
            if !due.is_empty() && fired.send(due).is_err() {
                return;
            }
            let wake = tokio::time::Instant::now() + self.wait();
            tokio::select! {
                _ = tokio::time::sleep_until(wake) => {}
                update = updates.recv() => match update {
                    Some(list) => self.replace(list),
                    None => return,
                },
            }
        }
    }
}

#[cfg(test)]
#[path = "scheduler_tests.rs"]
mod tests;
