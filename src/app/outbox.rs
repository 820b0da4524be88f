//! The one outbox: every write of every screen waits here, in order, until
//! the store has committed it durably. One write is with the store at a
//! time. A write that fails (disk full, read-only, locked) stays at the head
//! and is retried by itself with a growing pause, or at once on `retry`; a
//! write that a rule refuses against the committed events (another
//! workstation got there first) leaves the queue and is kept, with why, so
//! that it never silently vanishes.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, FixedOffset};

use crate::domain::NewEvent;
use crate::storage::worker::{Origin, StoreRequest};

type Time = DateTime<FixedOffset>;

/// The pauses between automatic retries, in seconds; the last one repeats.
const BACKOFF_SECS: [i64; 4] = [1, 2, 4, 5];

/// A write waiting for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub origin: Origin,
    pub event: NewEvent,
}

/// Why the head of the queue could not be written, and when it is tried again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub reason: String,
    /// Failed attempts in a row.
    pub attempts: u32,
    pub retry_at: Time,
}

/// A write the store refused when it was finally written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub origin: Origin,
    pub event: NewEvent,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Outbox {
    queue: VecDeque<Waiting>,
    in_flight: bool,
    failure: Option<Failure>,
    refused: Vec<Refused>,
    /// Why nothing may be written at all (a damaged register): writes wait.
    held: Option<String>,
}

impl Outbox {
    pub fn push(&mut self, origin: Origin, event: NewEvent) {
        self.queue.push_back(Waiting { origin, event });
    }

    /// Writes not yet committed, including the one with the store.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    pub fn waiting(&self) -> impl Iterator<Item = &Waiting> {
        self.queue.iter()
    }

    pub fn failure(&self) -> Option<&Failure> {
        self.failure.as_ref()
    }

    /// Writes refused when they were written, oldest first.
    pub fn refused(&self) -> &[Refused] {
        &self.refused
    }

    /// The request to make now, if any: the head, unless it is already
    /// with the store or its retry is not yet due.
    pub fn next(&mut self, now: Time) -> Option<StoreRequest> {
        if self.in_flight || self.held.is_some() {
            return None;
        }
        if let Some(f) = &self.failure
            && now < f.retry_at
        {
            return None;
        }
        let head = self.queue.front()?;
        self.in_flight = true;
        Some(StoreRequest::Append {
            origin: head.origin,
            event: head.event.clone(),
        })
    }

    /// The head was committed: it leaves the queue.
    pub fn committed(&mut self) -> Option<Waiting> {
        self.in_flight = false;
        self.failure = None;
        self.queue.pop_front()
    }

    /// The head could not be written: it stays, and is tried again later.
    pub fn failed(&mut self, reason: String, now: Time) {
        self.in_flight = false;
        let attempts = self.failure.as_ref().map_or(0, |f| f.attempts) + 1;
        let pause = BACKOFF_SECS[(attempts as usize - 1).min(BACKOFF_SECS.len() - 1)];
        self.failure = Some(Failure {
            reason,
            attempts,
            retry_at: now + Duration::seconds(pause),
        });
    }

    /// The head was refused by a rule: it leaves the queue and is kept as
    /// refused. The writes behind it go on.
    pub fn refused_head(&mut self, reason: String) -> Option<Refused> {
        self.in_flight = false;
        self.failure = None;
        let head = self.queue.pop_front()?;
        let refused = Refused {
            origin: head.origin,
            event: head.event,
            reason,
        };
        self.refused.push(refused.clone());
        Some(refused)
    }

    /// Writes nothing more, for `reason`: what is queued waits (and is
    /// kept in the fallback file).
    pub fn hold(&mut self, reason: String) {
        self.held = Some(reason);
    }

    pub fn held(&self) -> Option<&str> {
        self.held.as_deref()
    }

    /// Makes a failed write due at once. Returns whether anything waited.
    pub fn retry_now(&mut self, now: Time) -> bool {
        match &mut self.failure {
            Some(f) => {
                f.retry_at = now;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::EventBody;
    use crate::domain::time::to_local;

    fn at(s: i64) -> Time {
        to_local(chrono::Utc.with_ymd_and_hms(2026, 12, 1, 20, 0, 0).unwrap())
            + Duration::seconds(s)
    }

    fn step(body: EventBody) -> NewEvent {
        NewEvent {
            at: at(0),
            actor: "griffie".into(),
            meeting_id: None,
            case_id: None,
            corrects: None,
            disturbance: None,
            body,
        }
    }

    fn sent(r: Option<StoreRequest>) -> NewEvent {
        match r {
            Some(StoreRequest::Append { event, .. }) => event,
            other => panic!("expected an append, got {other:?}"),
        }
    }

    #[test]
    fn one_write_at_a_time_in_order() {
        let mut o = Outbox::default();
        o.push(Origin::Live, step(EventBody::Suspended {}));
        o.push(Origin::Cases, step(EventBody::Resumed {}));
        assert_eq!(sent(o.next(at(0))).body, EventBody::Suspended {});
        assert!(o.next(at(0)).is_none(), "the head is still with the store");
        o.committed();
        assert_eq!(sent(o.next(at(0))).body, EventBody::Resumed {});
        o.committed();
        assert!(o.is_empty());
    }

    #[test]
    fn a_failed_write_stays_and_is_retried_with_a_growing_pause() {
        let mut o = Outbox::default();
        o.push(Origin::Live, step(EventBody::Suspended {}));
        sent(o.next(at(0)));
        o.failed("de schijf is vol".into(), at(0));
        assert_eq!(o.len(), 1);
        assert!(o.next(at(0)).is_none(), "not before the pause");
        sent(o.next(at(1)));
        o.failed("de schijf is vol".into(), at(1));
        assert!(o.next(at(2)).is_none(), "the second pause is longer");
        sent(o.next(at(3)));
        o.failed("de schijf is vol".into(), at(3));
        assert_eq!(o.failure().unwrap().attempts, 3);
        assert!(o.retry_now(at(3)));
        sent(o.next(at(3)));
        o.committed();
        assert!(o.failure().is_none());
        assert!(o.is_empty());
    }

    #[test]
    fn a_refused_write_is_kept_with_why_and_the_rest_goes_on() {
        let mut o = Outbox::default();
        o.push(Origin::Live, step(EventBody::Suspended {}));
        o.push(Origin::Live, step(EventBody::Resumed {}));
        sent(o.next(at(0)));
        let r = o.refused_head("al geschorst".into()).unwrap();
        assert_eq!(r.event.body, EventBody::Suspended {});
        assert_eq!(o.refused().len(), 1);
        assert_eq!(o.refused()[0].reason, "al geschorst");
        assert_eq!(sent(o.next(at(0))).body, EventBody::Resumed {});
    }

    #[test]
    fn retry_with_nothing_failed_says_so() {
        let mut o = Outbox::default();
        assert!(!o.retry_now(at(0)));
    }
}
