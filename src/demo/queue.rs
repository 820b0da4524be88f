//! What is to be logged, waiting for its time: the history is made in time
//! order across cases.

use std::cmp::Ordering;

use super::*;

/// Something to log at a time.
pub(super) enum Action {
    /// Open case `n` (the index into `Gen::occurred`).
    Open(usize),
    Event {
        case: usize,
        actor: &'static str,
        body: EventBody,
    },
    /// Link a perpetrator of the pool, registering it at its first case.
    Perpetrator { case: usize, perp: usize },
    /// The newest measure of the case is completed.
    MeasureDone { case: usize },
}

pub(super) struct Item {
    pub(super) at: i64,
    pub(super) tie: u64,
    pub(super) action: Action,
}

impl PartialEq for Item {
    fn eq(&self, other: &Item) -> bool {
        (self.at, self.tie) == (other.at, other.tie)
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Item) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Item {
    /// Reversed: the heap yields the earliest first.
    fn cmp(&self, other: &Item) -> Ordering {
        (other.at, other.tie).cmp(&(self.at, self.tie))
    }
}

/// Entries waiting for their time, earliest first.
pub(super) struct Queue {
    pub(super) heap: BinaryHeap<Item>,
    pub(super) tie: u64,
    /// Entries after this are dropped: not yet happened.
    pub(super) end: i64,
    /// Per case: the time of its latest event so far.
    pub(super) latest: std::collections::HashMap<usize, i64>,
}

impl Queue {
    pub(super) fn schedule(&mut self, at: i64, action: Action) {
        if at <= self.end {
            self.tie += 1;
            self.heap.push(Item {
                at,
                tie: self.tie,
                action,
            });
        }
    }

    pub(super) fn event(&mut self, at: i64, case: usize, actor: &'static str, body: EventBody) {
        let latest = self.latest.entry(case).or_insert(at);
        *latest = (*latest).max(at);
        self.schedule(at, Action::Event { case, actor, body });
    }

    /// `at`, or just after the case's latest event if that is later: a case
    /// is closed only after everything done on it (the rules refuse
    /// handling of a closed case).
    pub(super) fn after_all(&self, case: usize, at: i64) -> i64 {
        self.latest
            .get(&case)
            .map_or(at, |latest| at.max(latest + MINUTE))
    }
}
