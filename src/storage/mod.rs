//! The one place that speaks SQL: the append-only, hash-chained evidence log
//! and its projections, in SQLite.
//!
//! Writing (`project.rs`): every event goes through [`Store::append`] (one
//! `BEGIN IMMEDIATE` transaction per event) or [`Store::batch`] /
//! [`Store::append_batch`] (many events, one transaction); the projections —
//! meetings, the case register, the perpetrator register and the full-text
//! index — change in the same transaction. Reading the register
//! (`register.rs`): [`Store::list_cases`], [`Store::count_cases`],
//! [`Store::case_events`], [`Store::perpetrators`],
//! [`Store::perpetrator_cases`].

mod access;
mod anchor;
pub mod backup;
pub mod backup_terms;
pub mod cipher;
pub mod commands;
mod compare;
pub mod connection;
pub mod convert;
pub mod csv_export;
pub mod dossier;
mod due;
mod error;
mod events;
mod export;
pub mod filesystem;
mod guards;
pub mod key;
mod migrate;
mod open;
mod project;
mod readonly;
pub mod rebuild_dir;
pub mod receipts;
pub mod recovery;
mod register;
pub mod report;
mod retention;
mod rules;
pub mod share;
mod subject;
pub mod upkeep;
mod verify;
pub mod worker;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::domain::chain::Digest;
use crate::domain::event::{Event, EventBody, NewEvent};

pub use access::{AccessFilter, AccessLogView, AccessRow, SYSTEM};
pub use anchor::{HeadCheck, ReceiptReport, ReceiptSummary};
pub use backup::{BackupReport, RestoreReport, RestoreRequest};
pub use cipher::open_raw;
pub use due::{DueBoard, DueItem};
pub use error::{Action, StoreError, describe as describe_sqlite_error, io_text};
pub use export::{CaseRow, Export, ExportEvent, ExportSummary, MeetingRow};
pub use migrate::VERSION as SCHEMA_VERSION;
pub use project::set_next_step;
pub use readonly::OpenMode;
pub use register::{
    COUNT_CAP, CaseListRow, CaseOrigin, CaseQuery, CaseSort, CaseState, CaseTotal, PerpetratorRow,
    fts_query,
};
pub use retention::{PurgeCase, PurgePlan, PurgeReport, Retention};
pub use subject::SubjectExport;
pub use verify::{Damage, Problem, ProblemKind, Verdict};

/// How long a write waits for a lock held by another process before failing.
const BUSY_TIMEOUT_MS: u64 = 5_000;

/// Page cache per connection, in KiB (SQLite's default is 2 MiB). A register
/// of 100,000 cases is some hundreds of MiB; the pages a list or search
/// touches stay in memory instead of being read (and decrypted) again each
/// keystroke. 16 MiB holds them: 64 MiB measured no faster (issue 11), and
/// every command's memory includes it (`cargo bench --bench scale`).
const PAGE_CACHE_KIB: i64 = 16 * 1024;

/// Prepared statements kept per connection: the case list builds one SQL
/// text per combination of filters, and each stays prepared.
const STATEMENT_CACHE: usize = 128;

/// The evidence store: one SQLite database file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The domain rules, checked in every write transaction.
    rules: rules::Rules,
    /// The newest seq this store has passed on (its own commits and what
    /// other processes wrote), and SQLite's counter of other connections'
    /// commits: together they find what a second workstation wrote.
    seen: u64,
    data_version: i64,
    mode: OpenMode,
    /// The schema version of the file (read-only opens do not migrate).
    version: i64,
    /// What the open found that the user must hear (in Dutch).
    warnings: Vec<String>,
    /// Where head receipts go (`None`: this store writes none).
    receipts: Option<receipts::Settings>,
    /// The register no longer holds the newest receipt's head: no receipt
    /// may anchor what it holds now.
    receipts_blocked: bool,
    /// The receipt this store wrote last.
    last_receipt: Option<receipts::Receipt>,
    /// The identity (operating-system account) this store reads and writes
    /// for; `None`: unrestricted (see `access.rs`).
    viewer: Option<String>,
    /// The key that opened the register (`None`: an unencrypted file read
    /// only).
    key: Option<key::Key>,
}

impl Store {
    /// How the store was opened.
    pub fn mode(&self) -> OpenMode {
        self.mode
    }

    /// The schema version the file says it has (`PRAGMA user_version`);
    /// a read-only open does not migrate.
    pub fn schema_version(&self) -> i64 {
        self.version
    }

    /// What the open found that the user must be told (Dutch, with the path
    /// and what to do): guards that were restored, a `-wal` that could not
    /// be read, an old schema.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The key that opened the register (for what is sealed with it: the
    /// fallback file of waiting steps, backups).
    pub fn key(&self) -> Option<&key::Key> {
        self.key.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event durably: when this returns `Ok`, the event is
    /// committed to disk. Fills in `meeting_id` for `meeting-started`, opens
    /// a case for `disturbance-started` (origin live) and `case-opened`
    /// (origin intake), and keeps the case register and its search index in
    /// step, all in one `BEGIN IMMEDIATE` transaction.
    pub fn append(&mut self, new: NewEvent) -> Result<Event, StoreError> {
        self.batch(|b| b.append(new))
    }

    /// Appends many events in one transaction, with the same chain and
    /// projections as [`Store::append`] one by one; all or nothing. For bulk
    /// loading: a commit per few thousand events instead of one per event.
    pub fn append_batch(&mut self, events: Vec<NewEvent>) -> Result<Vec<Event>, StoreError> {
        self.batch(|b| events.into_iter().map(|new| b.append(new)).collect())
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE`) and commits when
    /// it returns `Ok`; rolls back when it returns `Err`. Unlike
    /// [`Store::append_batch`], `f` sees each committed-to-be [`Event`]
    /// (its seq, meeting and case id) before it builds the next one. If an
    /// append inside fails, the whole batch is rolled back even when `f`
    /// carries on.
    pub fn batch<T>(
        &mut self,
        f: impl FnOnce(&mut Batch<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.batch_tx(f).map_err(|e| e.during(Action::Save))
    }

    fn batch_tx<T>(
        &mut self,
        f: impl FnOnce(&mut Batch<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let (out, meeting_ended) = {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut batch = Batch {
                tx,
                writer: project::Writer::default(),
                rules: &mut self.rules,
                failed: None,
                meeting_ended: false,
                identity: self.viewer.clone(),
            };
            let out = f(&mut batch)?;
            if let Some(reason) = batch.failed {
                return Err(StoreError::Invalid(format!(
                    "reeks niet opgeslagen: een gebeurtenis mislukte ({reason})"
                )));
            }
            batch.writer.finish(&batch.tx)?;
            let Batch {
                tx, meeting_ended, ..
            } = batch;
            tx.commit()?;
            (out, meeting_ended)
        };
        // The end of a meeting is anchored outside the file, whichever
        // screen ended it.
        if meeting_ended {
            self.automatic_receipt(receipts::Reason::MeetingEnded);
        } else if self
            .last_receipt()
            .is_some_and(receipts::from_an_earlier_day)
        {
            // The program ran into a new day: that day's receipt.
            self.automatic_receipt(receipts::Reason::Daily);
        }
        Ok(out)
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

    /// The risk checks (§4.2) on record, oldest first: confidential, for
    /// the live console only.
    pub fn risk_checks(&self) -> Result<Vec<Event>, StoreError> {
        events::risk_checks(&self.conn)
    }

    /// All events of one meeting, in order.
    pub fn meeting_events(&self, meeting_id: u64) -> Result<Vec<Event>, StoreError> {
        events::meeting_events(&self.conn, meeting_id)
    }

    /// Events another process committed since this store last looked, oldest
    /// first; empty (and one cheap pragma) when nothing changed.
    pub fn external(&mut self) -> Result<Vec<Event>, StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if version == self.data_version {
            return Ok(Vec::new());
        }
        self.data_version = version;
        let events = events::events_after(&self.conn, self.seen)?;
        if let Some(last) = events.last() {
            self.seen = last.seq;
        }
        Ok(events)
    }

    /// Before passing on `committed`, its own commit: the events other
    /// processes committed just before it, which this store has not passed
    /// on yet.
    pub fn external_before(&mut self, committed: u64) -> Result<Vec<Event>, StoreError> {
        let mut out = Vec::new();
        if committed > self.seen + 1 {
            out = events::events_after(&self.conn, self.seen)?;
            out.retain(|e| e.seq < committed);
        }
        self.seen = self.seen.max(committed);
        Ok(out)
    }

    /// Whether the register already holds `new` (same key-press time, actor,
    /// kind and payload) among its newest events: a waiting write read back
    /// after a crash may have been committed just before it.
    pub fn holds(&self, new: &NewEvent) -> Result<bool, StoreError> {
        /// A write waiting at a crash is among the newest events.
        const RECENT: u64 = 10_000;
        let mut new = new.clone();
        stamp(&mut new, self.viewer.as_deref());
        let (kind, payload) = new.body.to_parts()?;
        let payload = crate::domain::chain::canonical_json(&payload);
        let after = self
            .head()?
            .map_or(0, |(seq, _)| seq.saturating_sub(RECENT));
        let found: Option<u64> = self
            .conn
            .prepare_cached(
                "SELECT seq FROM events
                  WHERE seq > ?1 AND at_local = ?2 AND actor = ?3 AND kind = ?4 AND payload = ?5
                  LIMIT 1",
            )?
            .query_row(
                rusqlite::params![
                    after,
                    crate::domain::time::local_string(&new.at),
                    new.actor,
                    kind,
                    payload
                ],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.is_some())
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

    /// Checks the whole register and reports every problem; see [`Verdict`].
    /// The history alone (chain, rows, purges, guards), without rebuilding
    /// the projections; see [`Store::verify`] for the whole check.
    pub fn verify_history(&self) -> Result<Verdict, StoreError> {
        verify::run_history(&self.conn, &|| self.reopen())
    }

    pub fn verify(&self) -> Result<Verdict, StoreError> {
        verify::run(&self.conn, &|| self.reopen())
    }

    /// Every meeting, case and event, in memory, for audit and the right of
    /// access; fails on the first unreadable row. See [`Store::export_to`]
    /// for the streaming form that marks such rows instead.
    /// A store acting for an identity exports only for an admin.
    pub fn export(&self) -> Result<Export, StoreError> {
        if self.viewer.is_some() {
            self.check_full_export()?;
        }
        export::run(&self.conn).map_err(|e| e.during(Action::Read))
    }

    /// Writes the export as JSON to `out`, each row as it is read: a row
    /// that cannot be read is marked in place (`"onleesbaar"`) and the rest
    /// is written. Memory does not grow with the register.
    pub fn export_to(&self, out: &mut dyn std::io::Write) -> Result<ExportSummary, StoreError> {
        if self.viewer.is_some() {
            self.check_full_export()?;
        }
        export::stream(&self.conn, out, &|| self.reopen()).map_err(|e| e.during(Action::Read))
    }

    /// A new read-only connection to the same file with the same key: a
    /// damaged page leaves a connection in its error state, and `verify`
    /// and `export` read on after it with a new one.
    fn reopen(&self) -> Option<Connection> {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
            | rusqlite::OpenFlags::SQLITE_OPEN_URI;
        let target = match self.mode {
            OpenMode::Immutable => readonly::immutable_uri(&self.path),
            _ => self.path.to_str()?.to_string(),
        };
        let conn = connection::open_with_flags(target, flags).ok()?;
        if let Some(key) = &self.key {
            key.apply(&conn).ok()?;
        }
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))
            .ok()?;
        Some(conn)
    }

    #[doc(hidden)]
    /// For tests that need to tamper with the file the way an attacker would.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// From now on every statement of this store ends with SQLite's
    /// "interrupted" error once `stop` is set (asked every 1,000 steps of
    /// SQLite's machine): a long read on a thread of its own can be
    /// stopped.
    pub fn stop_when(
        &mut self,
        stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<(), StoreError> {
        self.conn.progress_handler(
            1_000,
            Some(move || stop.load(std::sync::atomic::Ordering::Relaxed)),
        )?;
        Ok(())
    }

    /// Sets the page cache to `kib` KiB for a bulk job (the demo), or back
    /// to the store's own size with `None`. A fixed bound either way: it
    /// does not grow with the register.
    pub fn set_page_cache(&self, kib: Option<i64>) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "cache_size", -kib.unwrap_or(PAGE_CACHE_KIB))?;
        Ok(())
    }
}

#[doc(hidden)]
/// The append-only guards' statements, for tests that edit the file by hand
/// (drop the guards, change a row) and put them back as the program has them.
pub fn guard_statements() -> String {
    guards::statements()
}

/// One write transaction of [`Store::batch`].
pub struct Batch<'s> {
    tx: Transaction<'s>,
    writer: project::Writer,
    rules: &'s mut rules::Rules,
    /// Set when an append failed half-way: the transaction must not commit.
    failed: Option<String>,
    /// A `meeting-ended` was appended: a receipt follows the commit.
    meeting_ended: bool,
    /// Who writes (the store's identity), for `opened_by` of a disturbance.
    identity: Option<String>,
}

impl Batch<'_> {
    /// Appends one event inside the batch's transaction; see [`Store::append`].
    /// Durable only when the batch commits.
    pub fn append(&mut self, new: NewEvent) -> Result<Event, StoreError> {
        if let Some(reason) = &self.failed {
            return Err(StoreError::Invalid(format!(
                "reeks afgebroken na een eerdere fout ({reason})"
            )));
        }
        let mut new = new;
        stamp(&mut new, self.identity.as_deref());
        let ends = matches!(new.body, EventBody::MeetingEnded {});
        let appended = self
            .rules
            .check(&self.tx, &mut new, &mut self.writer.cases)
            .and_then(|()| self.writer.append(&self.tx, new))
            .inspect_err(|e| {
                self.failed = Some(e.to_string());
            })?;
        self.rules.appended(self.writer.last_link(), &appended);
        self.meeting_ended |= ends;
        Ok(appended)
    }
}

impl Batch<'_> {
    /// Appends `new` if the rules permit it now; `Ok(None)` when they
    /// refuse it: nothing was written and the batch goes on. For bulk
    /// loaders whose input may be refused in part.
    pub fn append_permitted(&mut self, new: NewEvent) -> Result<Option<Event>, StoreError> {
        if self.failed.is_some() {
            return self.append(new).map(Some);
        }
        let mut new = new;
        stamp(&mut new, self.identity.as_deref());
        match self.rules.check(&self.tx, &mut new, &mut self.writer.cases) {
            Ok(()) => {}
            Err(e) if e.is_refusal() => return Ok(None),
            Err(e) => return Err(e),
        }
        let ends = matches!(new.body, EventBody::MeetingEnded {});
        let appended = self
            .writer
            .append(&self.tx, new)
            .inspect_err(|e| self.failed = Some(e.to_string()))?;
        self.rules.appended(self.writer.last_link(), &appended);
        self.meeting_ended |= ends;
        Ok(Some(appended))
    }
}

/// Fills in who logged a disturbance (`opened_by`) from the identity the
/// store acts for, when the console did not say.
fn stamp(new: &mut NewEvent, identity: Option<&str>) {
    if let (EventBody::DisturbanceStarted { opened_by, .. }, Some(me)) = (&mut new.body, identity)
        && opened_by.is_none()
    {
        *opened_by = Some(me.to_string());
    }
}

fn head(conn: &Connection) -> Result<Option<(u64, Digest)>, StoreError> {
    // Cached: the live rules ask for the head before every event they
    // check (an uncached statement was prepared anew each time, 4% of the
    // demo's profile).
    let row: Option<(u64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
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
