//! The one place that speaks SQL: the append-only, hash-chained evidence log
//! and its projections, in SQLite.

mod error;
mod export;
mod migrate;
mod verify;
pub mod worker;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use crate::domain::chain::{self, Digest, GENESIS, Header};
use crate::domain::event::{Event, EventBody, NewEvent};
use crate::domain::time;

pub use error::{StoreError, describe as describe_sqlite_error};
pub use export::{CaseRow, Export, ExportEvent, MeetingRow};
pub use verify::Verdict;

/// How long a write waits for a lock held by another process before failing.
const BUSY_TIMEOUT_MS: u64 = 5_000;

/// The evidence store: one SQLite database file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            reason: describe_sqlite_error(&e),
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))
            .map_err(open_err)?;
        // WAL with synchronous=FULL: a commit is on disk before it returns.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: format!("WAL-modus niet beschikbaar (kreeg '{mode}')"),
            });
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(open_err)?;
        migrate::run(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event durably: when this returns `Ok`, the event is
    /// committed to disk. Fills in `meeting_id` for `meeting-started` and
    /// opens a case for `disturbance-started`.
    pub fn append(&mut self, new: NewEvent) -> Result<Event, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let event = append_in(&tx, new)?;
        tx.commit()?;
        Ok(event)
    }

    /// The events of the meeting that is still open (the live session to
    /// resume), or of none.
    pub fn open_meeting_events(&self) -> Result<Vec<Event>, StoreError> {
        let open: Option<u64> = self
            .conn
            .query_row(
                "SELECT id FROM meetings WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        match open {
            Some(id) => self.meeting_events(id),
            None => Ok(Vec::new()),
        }
    }

    /// All events of one meeting, in order.
    pub fn meeting_events(&self, meeting_id: u64) -> Result<Vec<Event>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at_local, actor, kind, meeting_id, case_id, corrects, payload
             FROM events WHERE meeting_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([meeting_id], raw_event)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row?.decode()?);
        }
        Ok(out)
    }

    /// The sequence number and hash of the newest event.
    pub fn head(&self) -> Result<Option<(u64, Digest)>, StoreError> {
        head(&self.conn)
    }

    /// The case number (e.g. `2026-0007`) of a case.
    pub fn case_number(&self, case_id: u64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT number FROM cases WHERE id = ?1", [case_id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Walks the whole chain; see [`Verdict`].
    pub fn verify(&self) -> Result<Verdict, StoreError> {
        verify::run(&self.conn)
    }

    /// Every meeting, case and event, for audit and the right of access.
    pub fn export(&self) -> Result<Export, StoreError> {
        export::run(&self.conn)
    }

    #[doc(hidden)]
    /// For tests that need to tamper with the file the way an attacker would.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn head(conn: &Connection) -> Result<Option<(u64, Digest)>, StoreError> {
    let row: Option<(u64, Vec<u8>)> = conn
        .query_row(
            "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((seq, hash)) => {
            let hash: Digest = hash.try_into().map_err(|_| StoreError::Corrupt {
                seq,
                reason: "hash is geen 32 bytes".into(),
            })?;
            Ok(Some((seq, hash)))
        }
    }
}

fn append_in(tx: &Transaction<'_>, new: NewEvent) -> Result<Event, StoreError> {
    let (prev_seq, prev_hash) = head(tx)?.unwrap_or((0, GENESIS));
    let seq = prev_seq + 1;
    let mut meeting_id = new.meeting_id;
    let mut case_id = new.case_id;
    if let EventBody::MeetingStarted { .. } = new.body {
        meeting_id = Some(seq);
    }
    if let EventBody::DisturbanceStarted { category, .. } = &new.body {
        case_id = Some(open_case(tx, seq, meeting_id, category, &new.at)?);
    }

    let (kind, payload) = new.body.to_parts()?;
    let payload = chain::canonical_json(&payload);
    let payload_digest = chain::sha256(payload.as_bytes());
    let at_local = time::local_string(&new.at);
    let at_utc = time::utc_string(&new.at);
    let header = Header {
        at_local: &at_local,
        at_utc: &at_utc,
        actor: &new.actor,
        kind: &kind,
        meeting_id,
        case_id,
        corrects: new.corrects,
    };
    let hash = chain::link(seq, &prev_hash, &header.digest(), &payload_digest);

    tx.prepare_cached(
        "INSERT INTO events (seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                             payload, payload_digest, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        seq,
        at_local,
        at_utc,
        new.actor,
        kind,
        meeting_id,
        case_id,
        new.corrects,
        payload,
        &payload_digest[..],
        &prev_hash[..],
        &hash[..],
    ])?;

    project(tx, seq, meeting_id, case_id, &at_local, &new.body)?;

    Ok(Event {
        seq,
        at: new.at,
        actor: new.actor,
        meeting_id,
        case_id,
        corrects: new.corrects,
        body: new.body,
    })
}

fn open_case(
    tx: &Transaction<'_>,
    seq: u64,
    meeting_id: Option<u64>,
    category: &crate::domain::Category,
    at: &DateTime<FixedOffset>,
) -> Result<u64, StoreError> {
    let year = at.year();
    let year_seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(year_seq), 0) + 1 FROM cases WHERE year = ?1")?
        .query_row([year], |r| r.get(0))?;
    let number = format!("{year}-{year_seq:04}");
    let category = serde_json::to_value(category)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    tx.prepare_cached(
        "INSERT INTO cases (number, year, year_seq, origin, meeting_id, opened_seq, category,
                            opened_at, status)
         VALUES (?1, ?2, ?3, 'live', ?4, ?5, ?6, ?7, 'live')",
    )?
    .execute(params![
        number,
        year,
        year_seq,
        meeting_id,
        seq,
        category,
        time::local_string(at)
    ])?;
    Ok(tx.last_insert_rowid() as u64)
}

/// Keeps the projections in step with the event just appended.
fn project(
    tx: &Transaction<'_>,
    seq: u64,
    meeting_id: Option<u64>,
    case_id: Option<u64>,
    at_local: &str,
    body: &EventBody,
) -> Result<(), StoreError> {
    match body {
        EventBody::MeetingStarted {
            meeting_type,
            title,
            chair,
            location,
        } => {
            tx.prepare_cached(
                "INSERT INTO meetings (id, meeting_type, title, chair, location, started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                seq,
                meeting_type.label(),
                title,
                chair,
                location,
                at_local
            ])?;
        }
        EventBody::MeetingEnded {} => {
            tx.prepare_cached("UPDATE meetings SET ended_at = ?2 WHERE id = ?1")?
                .execute(params![meeting_id, at_local])?;
        }
        EventBody::DisturbanceEnded {} => {
            tx.prepare_cached("UPDATE cases SET status = 'open' WHERE id = ?1")?
                .execute(params![case_id])?;
        }
        _ => {}
    }
    Ok(())
}

/// An event row as read, before its payload is decoded.
struct RawEvent {
    seq: u64,
    at_local: String,
    actor: String,
    kind: String,
    meeting_id: Option<u64>,
    case_id: Option<u64>,
    corrects: Option<u64>,
    payload: Option<String>,
}

fn raw_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
    Ok(RawEvent {
        seq: r.get(0)?,
        at_local: r.get(1)?,
        actor: r.get(2)?,
        kind: r.get(3)?,
        meeting_id: r.get(4)?,
        case_id: r.get(5)?,
        corrects: r.get(6)?,
        payload: r.get(7)?,
    })
}

impl RawEvent {
    fn decode(self) -> Result<Event, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            seq: self.seq,
            reason,
        };
        let at = DateTime::parse_from_rfc3339(&self.at_local)
            .map_err(|e| corrupt(format!("tijdstip '{}': {e}", self.at_local)))?;
        let payload = match &self.payload {
            Some(p) => serde_json::from_str(p).map_err(|e| corrupt(format!("inhoud: {e}")))?,
            None => return Err(corrupt("inhoud is gewist (bewaartermijn)".into())),
        };
        let body = EventBody::from_parts(&self.kind, payload)?;
        Ok(Event {
            seq: self.seq,
            at,
            actor: self.actor,
            meeting_id: self.meeting_id,
            case_id: self.case_id,
            corrects: self.corrects,
            body,
        })
    }
}
