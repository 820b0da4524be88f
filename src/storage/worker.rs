//! The store on its own thread: rusqlite blocks, the screen must not.
//!
//! The screens send requests (append an event, list cases, load a case) and
//! hear back over a channel. An append is answered only after its commit, so
//! what a screen shows as done is on disk.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::OptionalExtension;
use tokio::sync::mpsc::UnboundedSender;

use super::{
    AccessFilter, AccessLogView, CaseListRow, CaseQuery, PerpetratorRow, Store, StoreError,
};
use crate::domain::access::{AccessKind, Role};
use crate::domain::case::PerpetratorKind;
use crate::domain::event::{Event, EventBody, NewEvent};

mod check;
pub use check::{BackgroundCheck, Checked, check};

/// Lines of the access log shown at most.
const ACCESS_LOG_ROWS: u32 = 500;
/// The deadline board shows at most this many items (the most urgent);
/// its header counts them all.
const BOARD_ROWS: u32 = 1_000;

/// How often an idle store looks for what another process committed.
pub const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

/// Which screen asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Live,
    Cases,
    /// Waiting writes of an earlier run, read back from the fallback file.
    Recovered,
}

/// The cases of one perpetrator: (case id, when it happened).
pub type PerpetratorCases = Vec<(u64, DateTime<FixedOffset>)>;

/// A case with what the case file screen needs.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCase {
    pub id: u64,
    pub number: String,
    pub events: Vec<Event>,
    /// Each linked perpetrator with (case id, when it happened) of all its cases.
    pub perpetrators: Vec<(PerpetratorRow, PerpetratorCases)>,
}

#[derive(Debug, Clone)]
// One request per key press: size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum StoreRequest {
    Append {
        origin: Origin,
        event: NewEvent,
    },
    List {
        seq: u64,
        query: CaseQuery,
    },
    Load(u64),
    /// Open a case on screen: checked, logged in the access log (at the
    /// time of the key press), loaded.
    Open {
        id: u64,
        at: DateTime<FixedOffset>,
    },
    /// The matrix of roles.
    Roles,
    /// The access log.
    AccessLog,
    /// The due items of the cases the viewer may see, at this moment.
    DueItems {
        at: DateTime<FixedOffset>,
    },
    /// Hand a live case over to the roles on its route.
    HandOver {
        id: u64,
        at: DateTime<FixedOffset>,
    },
    /// Grant or revoke a role.
    Assign {
        identity: String,
        role: Role,
        grant: bool,
    },
    /// The reminders of the register for this identity, as seen at `now`
    /// (`notify::reminders`).
    Reminders {
        now: DateTime<Utc>,
    },
}

/// What the store thread reports back.
#[derive(Debug, Clone)]
// One message per key press or commit: size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum StoreReply {
    /// Committed durably.
    Committed {
        origin: Origin,
        event: Event,
    },
    /// The number the store gave a case it just opened.
    CaseNumber(u64, String),
    /// Not stored; the message says why, in Dutch. The event may be retried.
    Failed {
        origin: Origin,
        reason: String,
    },
    /// Not stored because a rule refused it against the committed events
    /// (another workstation got there first): final, never retried.
    Refused {
        origin: Origin,
        reason: String,
    },
    /// A page of the case list, with how many match: counted up to
    /// [`super::COUNT_CAP`] so that the page comes back within a frame.
    Listed {
        seq: u64,
        rows: Vec<CaseListRow>,
        total: super::CaseTotal,
    },
    /// The exact count of list `seq`, where `Listed` said "more than":
    /// counted when no request waited, given up when one came.
    Counted {
        seq: u64,
        total: u64,
    },
    Loaded(LoadedCase),
    /// The matrix of roles, or why not (Dutch).
    Roles(Result<Vec<(String, Vec<Role>)>, String>),
    /// The access log, or why not (Dutch).
    AccessLog(Result<AccessLogView, String>),
    DueItems(Result<super::DueBoard, String>),
    /// A role granted or revoked, or why not (Dutch).
    Assigned(Result<String, String>),
    /// A case handed over, or why not (Dutch).
    HandedOver(Result<String, String>),
    /// Events another process (a second workstation) committed, oldest first.
    External(Vec<Event>),
    /// The background check of the whole register at start.
    Checked(Checked),
    /// A meeting ended: the head of the chain and its signed receipt, for
    /// the minutes.
    Anchored(super::ReceiptSummary),
    /// A read failed; the message says why, in Dutch.
    ReadFailed(String),
    /// The reminders, or why not (Dutch).
    Reminders(Result<Vec<crate::notify::Reminder>, String>),
}

impl Store {
    /// What another process wrote, as replies: the events, and the case
    /// number of each case they opened (for the screens to show).
    pub fn external_replies(&self, events: Vec<Event>) -> Vec<StoreReply> {
        // Someone looking at a case elsewhere changes nothing on screen.
        let events: Vec<Event> = events
            .into_iter()
            .filter(|e| !matches!(e.body, EventBody::AccessLogged { .. }))
            .collect();
        if events.is_empty() {
            return Vec::new();
        }
        let numbers: Vec<StoreReply> = events
            .iter()
            .filter(|e| {
                matches!(
                    e.body,
                    EventBody::DisturbanceStarted { .. } | EventBody::CaseOpened { .. }
                )
            })
            .filter_map(|e| e.case_id)
            .filter_map(|id| match self.case_number(id) {
                Ok(Some(n)) => Some(StoreReply::CaseNumber(id, n)),
                _ => None,
            })
            .collect();
        let mut out = vec![StoreReply::External(events)];
        out.extend(numbers);
        out
    }

    /// One registered perpetrator.
    pub fn perpetrator(&self, id: u64) -> Result<Option<PerpetratorRow>, StoreError> {
        let row: Option<(String, String, String, String)> = self
            .connection()
            .prepare_cached(
                "SELECT kind, description, name, registered_at FROM perpetrators WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((kind, description, name, registered_at)) = row else {
            return Ok(None);
        };
        let kind: PerpetratorKind = serde_json::from_value(serde_json::Value::String(kind))
            .map_err(|e| StoreError::Sqlite(format!("onbekende soort veroorzaker: {e}")))?;
        let cases = self.perpetrator_cases(id)?.len() as u64;
        Ok(Some(PerpetratorRow {
            id,
            kind,
            description,
            name,
            registered_at,
            cases,
        }))
    }

    /// A case with its events and its perpetrators' other cases.
    pub fn load_case(&self, id: u64) -> Result<LoadedCase, StoreError> {
        let events = self.case_events(id)?;
        let number = self.case_number(id)?.unwrap_or_else(|| format!("#{id}"));
        let mut ids: Vec<u64> = Vec::new();
        for e in &events {
            let linked = match e.body {
                EventBody::PerpetratorLinked { perpetrator } => Some(perpetrator),
                EventBody::PerpetratorRegistered { .. } => Some(e.seq),
                _ => None,
            };
            if let Some(p) = linked
                && !ids.contains(&p)
            {
                ids.push(p);
            }
        }
        let mut perpetrators = Vec::new();
        for p in ids {
            let Some(row) = self.perpetrator(p)? else {
                continue;
            };
            let cases = self
                .perpetrator_cases(p)?
                .into_iter()
                .filter_map(|(case, at)| DateTime::parse_from_rfc3339(&at).ok().map(|t| (case, t)))
                .collect();
            perpetrators.push((row, cases));
        }
        Ok(LoadedCase {
            id,
            number,
            events,
            perpetrators,
        })
    }

    /// Answers one request.
    pub fn serve(&mut self, request: StoreRequest) -> Vec<StoreReply> {
        match request {
            StoreRequest::Append { origin, event } => {
                let opens_case = matches!(
                    event.body,
                    EventBody::DisturbanceStarted { .. } | EventBody::CaseOpened { .. }
                );
                match self.append(event) {
                    Ok(event) => {
                        let mut out = Vec::new();
                        match self.external_before(event.seq) {
                            Ok(ext) => out.extend(self.external_replies(ext)),
                            Err(e) => out.push(StoreReply::ReadFailed(e.to_string())),
                        }
                        if opens_case
                            && let Some(id) = event.case_id
                            && let Ok(Some(number)) = self.case_number(id)
                        {
                            out.push(StoreReply::CaseNumber(id, number));
                        }
                        let ended = matches!(event.body, EventBody::MeetingEnded {});
                        out.push(StoreReply::Committed { origin, event });
                        if ended {
                            match self.receipt_summary() {
                                Ok(summary) => out.push(StoreReply::Anchored(summary)),
                                Err(e) => out.push(StoreReply::ReadFailed(e.to_string())),
                            }
                        }
                        out
                    }
                    Err(e) if e.is_refusal() => {
                        tracing::info!("append refused: {e}");
                        // What the other workstation wrote, that the rule
                        // was checked against, comes first: the screen shows
                        // the refusal next to its cause.
                        let mut out = Vec::new();
                        match self.external() {
                            Ok(ext) => out.extend(self.external_replies(ext)),
                            Err(e) => out.push(StoreReply::ReadFailed(e.to_string())),
                        }
                        out.push(StoreReply::Refused {
                            origin,
                            reason: e.to_string(),
                        });
                        out
                    }
                    Err(e) => {
                        tracing::error!("append failed: {e}");
                        vec![StoreReply::Failed {
                            origin,
                            reason: e.to_string(),
                        }]
                    }
                }
            }
            StoreRequest::List { seq, query } => {
                let listed = self.list_with_count(&query, super::COUNT_CAP);
                match listed {
                    Ok((rows, total)) => vec![StoreReply::Listed { seq, rows, total }],
                    Err(e) => vec![StoreReply::ReadFailed(e.to_string())],
                }
            }
            StoreRequest::Load(id) => match self.load_case(id) {
                Ok(loaded) => vec![StoreReply::Loaded(loaded)],
                Err(e) => vec![StoreReply::ReadFailed(e.to_string())],
            },
            StoreRequest::Open { id, at } => {
                let logged = self
                    .check_visible(id)
                    .and_then(|()| self.log_access_at(at, AccessKind::CaseOpened, Some(id), ""));
                match logged {
                    Ok(event) => {
                        // What other workstations wrote before it is passed
                        // on; the access event itself is no news.
                        let mut out = match self.external_before(event.seq) {
                            Ok(ext) => self.external_replies(ext),
                            Err(e) => vec![StoreReply::ReadFailed(e.to_string())],
                        };
                        out.push(match self.load_case(id) {
                            Ok(loaded) => StoreReply::Loaded(loaded),
                            Err(e) => StoreReply::ReadFailed(e.to_string()),
                        });
                        out
                    }
                    Err(e) => vec![StoreReply::ReadFailed(e.to_string())],
                }
            }
            StoreRequest::HandOver { id, at } => match self.hand_over_at(at, id) {
                Ok(event) => {
                    let mut out = match self.external_before(event.seq) {
                        Ok(ext) => self.external_replies(ext),
                        Err(e) => vec![StoreReply::ReadFailed(e.to_string())],
                    };
                    out.push(StoreReply::HandedOver(Ok(event.body.summary())));
                    out
                }
                Err(e) => vec![StoreReply::HandedOver(Err(e.to_string()))],
            },
            StoreRequest::Roles => vec![StoreReply::Roles(
                self.role_matrix().map_err(|e| e.to_string()),
            )],
            StoreRequest::DueItems { at } => vec![StoreReply::DueItems(
                self.due_board(at, BOARD_ROWS).map_err(|e| e.to_string()),
            )],
            StoreRequest::AccessLog => {
                let log = self
                    .access_log(&AccessFilter::All, ACCESS_LOG_ROWS)
                    .and_then(|rows| {
                        let (by_identity, by_case) = self.access_totals()?;
                        Ok(AccessLogView {
                            rows,
                            by_identity,
                            by_case,
                        })
                    });
                vec![StoreReply::AccessLog(log.map_err(|e| e.to_string()))]
            }
            StoreRequest::Assign {
                identity,
                role,
                grant,
            } => {
                let done = if grant {
                    self.grant_role(&identity, role)
                } else {
                    self.revoke_role(&identity, role)
                };
                let mut out = Vec::new();
                match done {
                    Ok(event) => {
                        if let Ok(ext) = self.external_before(event.seq) {
                            out.extend(self.external_replies(ext));
                        }
                        out.push(StoreReply::Assigned(Ok(event.body.summary())));
                    }
                    Err(e) => out.push(StoreReply::Assigned(Err(e.to_string()))),
                }
                out.push(StoreReply::Roles(
                    self.role_matrix().map_err(|e| e.to_string()),
                ));
                out
            }
            StoreRequest::Reminders { now } => vec![StoreReply::Reminders(
                crate::notify::reminders(self, now).map_err(|e| e.to_string()),
            )],
        }
    }
}

/// Drops every `List` request that a later `List` in the same batch
/// replaces: its answer would be thrown away by the screen anyway.
fn without_stale_lists(batch: Vec<StoreRequest>) -> Vec<StoreRequest> {
    let last_list = batch
        .iter()
        .rposition(|r| matches!(r, StoreRequest::List { .. }));
    batch
        .into_iter()
        .enumerate()
        .filter(|(i, r)| !matches!(r, StoreRequest::List { .. }) || Some(*i) == last_list)
        .map(|(_, r)| r)
        .collect()
}

/// The list whose exact count is still owed: its `seq` and query.
type OwedCount = Option<(u64, CaseQuery)>;

/// After a batch: a list answered with "more than" owes its exact count; a
/// list answered exactly, or a newer list, settles what was owed before.
fn owed_after(
    owed: OwedCount,
    asked: Option<(u64, CaseQuery)>,
    replies: &[StoreReply],
) -> OwedCount {
    let Some((seq, query)) = asked else {
        return owed;
    };
    let capped = replies.iter().any(
        |r| matches!(r, StoreReply::Listed { seq: s, total, .. } if *s == seq && !total.is_exact()),
    );
    capped.then_some((seq, query))
}

/// The sending side of the store thread. Dropping it stops the thread.
pub struct StoreThread {
    tx: Option<mpsc::Sender<StoreRequest>>,
    /// Requests sent and not yet taken by the thread: an exact count in
    /// progress stops as soon as this is not zero.
    waiting: Arc<AtomicUsize>,
    join: Option<JoinHandle<()>>,
}

impl StoreThread {
    pub fn spawn(mut store: Store, replies: UnboundedSender<StoreReply>) -> StoreThread {
        let (tx, rx) = mpsc::channel::<StoreRequest>();
        let waiting = Arc::new(AtomicUsize::new(0));
        let pending = Arc::clone(&waiting);
        let join = std::thread::Builder::new()
            .name("raadsorde-store".into())
            .spawn(move || {
                let mut owed: OwedCount = None;
                loop {
                    // An exact count owed to the list on screen, while no
                    // key waits; a key that arrives stops it, and it is
                    // tried again when the store is idle once more.
                    if let Some((seq, query)) = owed.take() {
                        if pending.load(Ordering::Acquire) == 0 {
                            let stop = Arc::clone(&pending);
                            match store.count_cases_unless(&query, move || {
                                stop.load(Ordering::Acquire) > 0
                            }) {
                                Ok(Some(total)) => {
                                    if replies.send(StoreReply::Counted { seq, total }).is_err() {
                                        return;
                                    }
                                }
                                Ok(None) => owed = Some((seq, query)),
                                Err(e) => {
                                    if replies.send(StoreReply::ReadFailed(e.to_string())).is_err()
                                    {
                                        return;
                                    }
                                }
                            }
                        } else {
                            owed = Some((seq, query));
                        }
                    }
                    let first = match rx.recv_timeout(WATCH_INTERVAL) {
                        Ok(first) => {
                            pending.fetch_sub(1, Ordering::AcqRel);
                            first
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            // Idle: what did another workstation write?
                            let out = match store.external() {
                                Ok(events) => store.external_replies(events),
                                Err(e) => vec![StoreReply::ReadFailed(e.to_string())],
                            };
                            for reply in out {
                                if replies.send(reply).is_err() {
                                    return;
                                }
                            }
                            continue;
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    };
                    // Everything queued meanwhile, in order; of several case
                    // lists asked for while typing only the newest is run.
                    let mut batch = vec![first];
                    for more in rx.try_iter() {
                        pending.fetch_sub(1, Ordering::AcqRel);
                        batch.push(more);
                    }
                    for request in without_stale_lists(batch) {
                        let asked = match &request {
                            StoreRequest::List { seq, query } => Some((*seq, query.clone())),
                            _ => None,
                        };
                        let out = store.serve(request);
                        owed = owed_after(owed.take(), asked, &out);
                        for reply in out {
                            if replies.send(reply).is_err() {
                                return;
                            }
                        }
                    }
                }
            })
            .ok();
        StoreThread {
            tx: Some(tx),
            waiting,
            join,
        }
    }

    /// Queues a request. Returns `false` if the thread is gone.
    pub fn send(&self, request: StoreRequest) -> bool {
        let Some(tx) = self.tx.as_ref() else {
            return false;
        };
        self.waiting.fetch_add(1, Ordering::AcqRel);
        if tx.send(request).is_ok() {
            true
        } else {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            false
        }
    }
}

impl Drop for StoreThread {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(join) = self.join.take() {
            let _ = join.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_list_of_a_batch_is_run_and_appends_keep_their_order() {
        let list = |seq| StoreRequest::List {
            seq,
            query: CaseQuery::default(),
        };
        let batch = vec![list(1), StoreRequest::Load(7), list(2), list(3)];
        let kept = without_stale_lists(batch);
        assert_eq!(kept.len(), 2);
        assert!(matches!(kept[0], StoreRequest::Load(7)));
        assert!(matches!(kept[1], StoreRequest::List { seq: 3, .. }));
    }

    #[test]
    fn a_list_answered_with_more_than_owes_its_exact_count_until_a_newer_list() {
        use super::super::CaseTotal;
        let q = CaseQuery::default();
        let listed = |seq, total| StoreReply::Listed {
            seq,
            rows: Vec::new(),
            total,
        };
        let owed = owed_after(
            None,
            Some((4, q.clone())),
            &[listed(4, CaseTotal::MoreThan(1_000))],
        );
        assert_eq!(owed.as_ref().map(|o| o.0), Some(4));
        // A batch without a list (a case opened, an append) keeps it owed.
        let owed = owed_after(
            owed,
            None,
            &[StoreReply::Loaded(LoadedCase {
                id: 1,
                number: "2026-001".into(),
                events: Vec::new(),
                perpetrators: Vec::new(),
            })],
        );
        assert_eq!(owed.as_ref().map(|o| o.0), Some(4));
        // A newer list answered exactly settles it; so does a failed one.
        assert!(
            owed_after(
                owed.clone(),
                Some((5, q.clone())),
                &[listed(5, CaseTotal::Exact(3))]
            )
            .is_none()
        );
        assert!(owed_after(owed, Some((5, q)), &[StoreReply::ReadFailed("x".into())]).is_none());
    }
}
