//! Rebuilding the projections from the events, for `verify`: each event as
//! read from the register goes through the same projection code as
//! [`Writer::append`] ([`Writer::project`], `open_case`, [`Writer::settle`])
//! into a private temporary database made by the same migrations. The
//! result is compared with the stored tables (`storage/compare.rs`).
//!
//! The events themselves are not copied into that database: the case-file
//! rules (the next step) and the search words read a case's events, and
//! the replay holds each case's in memory from its opening and settles the
//! case as soon as its last event is replayed (the last event of every case
//! is read from the register's index by case before the walk). What it
//! holds is bounded ([`HOLD_AT_MOST`]): past that, the cases with the most
//! events are let go and read from the register when they are settled, as
//! is a case whose opening the walk did not see (a damaged page).
//!
//! An event whose payload cannot be read (erased by a purge, or damaged)
//! cannot be projected: the rows it made are copied from the register as
//! they are, and what it could have changed is marked opaque — a whole
//! meeting, case or perpetrator for the events that make them, otherwise
//! only the columns (or the search text, or the links) its kind changes,
//! and always the case's next step — so that the comparison leaves that
//! out instead of reporting it, and still checks the rest.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::DateTime;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::{Opening, Writer, open_case};
use crate::domain::event::{Event, EventBody};
use crate::storage::StoreError;
use crate::storage::events::RawEvent;
use crate::storage::verify::{ProblemKind, Problems, StoredRow};

mod opaque;
pub(in crate::storage) use opaque::Opaque;
use opaque::case_columns_of;

/// The projections rebuilt from the events.
pub(in crate::storage) struct Rebuilt {
    pub conn: Connection,
    pub opaque: Opaque,
    /// The directory of its file: removed after the connection closes.
    _dir: crate::storage::rebuild_dir::RebuildDir,
}

pub(in crate::storage) struct Replay {
    conn: Connection,
    /// The directory of its file, removed (with the file) when the replay
    /// is dropped, after the connection (fields drop in order).
    _dir: crate::storage::rebuild_dir::RebuildDir,
    writer: Writer,
    opaque: Opaque,
    /// Cases with an unreadable event: their next step cannot be derived
    /// (the case-file rules read every event), so [`Writer::settle`] leaves
    /// them out and their `updated_at` is set here.
    unsettled: BTreeSet<u64>,
    /// (seq of its last event, case) for every case in the register, in
    /// the order of that seq; `next_end` is the first not yet reached.
    ends: Vec<(u64, u64)>,
    next_end: usize,
    /// Cases whose last event has been replayed, to be settled together.
    ready: Vec<u64>,
    /// How many events the writer holds, at most [`HOLD_AT_MOST`].
    held: usize,
    /// Cases whose events are not held (let go, or their opening not
    /// seen): read from the register when they are settled.
    let_go: BTreeSet<u64>,
    /// Why the rebuild stopped half-way, if it did.
    failed: Option<StoreError>,
    holding: Holding,
}

/// How a replay holds the events of the cases: by default each case's
/// from its opening to its last event, at most [`HOLD_AT_MOST`] events in
/// all. Tests make the bound small, or settle every case at the end, to
/// check that each way gives the same rebuild.
#[derive(Debug, Clone)]
pub(in crate::storage) struct Holding {
    pub hold_at_most: usize,
    /// Settle each case at its last event (read before the walk); else
    /// every case at the end.
    pub settle_early: bool,
    /// How many cases whose last event was replayed are settled together.
    pub settle_at_once: usize,
    /// How many cases were read back from the register (let go, or their
    /// opening not seen).
    pub read_back: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Default for Holding {
    fn default() -> Self {
        Holding {
            hold_at_most: HOLD_AT_MOST,
            settle_early: true,
            settle_at_once: SETTLE_AT_ONCE,
            read_back: Default::default(),
        }
    }
}

/// How many events the replay holds at most (about 25 MiB): the cases of a
/// register are open side by side for weeks, not for its whole history,
/// so this is rarely reached; past it, memory stays bounded and the cases
/// let go are read back from the register.
pub(in crate::storage) const HOLD_AT_MOST: usize = 100_000;

/// How many cases whose last event was replayed are settled together (in
/// the order of their ids; their search rows are written later, many at a
/// time: see [`Writer::write_words`]).
const SETTLE_AT_ONCE: usize = 1_000;

impl Replay {
    /// A private database in a new temporary directory (on disk, removed
    /// when dropped, so that a large register does not have to fit in
    /// memory) with the schema. Not SQLite's own temporary database (`""`):
    /// this build keeps that in memory (`SQLITE_TEMP_STORE=2`), which at
    /// 1.3 million events took 750 MiB (`cargo bench --bench scale`).
    pub(in crate::storage) fn new(holding: Holding) -> Result<Replay, StoreError> {
        let dir =
            crate::storage::rebuild_dir::RebuildDir::new().map_err(|e| StoreError::Failed {
                action: crate::storage::Action::Read,
                reason: format!("tijdelijke map voor de controle: {e}"),
            })?;
        let mut conn = crate::storage::connection::open(dir.path().join("herbouw.db"))?;
        // A temporary database may spill to a file: it holds the register's
        // content, so it is encrypted too, with a key that dies with it.
        crate::storage::key::Key::random()
            .map_err(|e| StoreError::Failed {
                action: crate::storage::Action::Read,
                reason: e.to_string(),
            })?
            .apply(&conn)?;
        // Its pages authenticated with HMAC-SHA256 instead of SQLCipher's
        // default SHA-512, the largest single item of `verify`'s profile:
        // processors with SHA extensions (this machine's, most x86 and ARM
        // of recent years) do SHA-256 in hardware, 2.5 times as fast here
        // (`openssl speed sha256 sha512`). Only this throw-away file: the
        // register's own format is not touched.
        crate::storage::key::cipher_setting(&conn, "PRAGMA cipher_hmac_algorithm = HMAC_SHA256")?;
        // Rows copied for opaque events need not satisfy the foreign keys.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
        )?;
        // The store's page cache, bounded whatever the register's size.
        conn.pragma_update(None, "cache_size", -crate::storage::PAGE_CACHE_KIB)?;
        crate::storage::migrate::run(&mut conn, Path::new("(herbouw)"))?;
        conn.execute_batch("BEGIN")?;
        Ok(Replay {
            conn,
            _dir: dir,
            writer: Writer::default(),
            opaque: Opaque::default(),
            unsettled: BTreeSet::new(),
            ends: Vec::new(),
            next_end: 0,
            ready: Vec::new(),
            held: 0,
            let_go: BTreeSet::new(),
            failed: None,
            holding,
        })
    }

    /// Reads where each case of the register ends (the seq of its last
    /// event, from the index by case), so that each is settled as soon as
    /// the walk has replayed it. When that cannot be read (a damaged
    /// page), every case is settled at the end instead.
    pub(in crate::storage) fn read_case_ends(&mut self, stored: &Connection) {
        if !self.holding.settle_early {
            return;
        }
        let ends = stored
            .prepare(
                "SELECT max(seq), case_id FROM events WHERE case_id IS NOT NULL GROUP BY case_id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |r| Ok((r.get::<_, u64>(0)?, r.get::<_, u64>(1)?)))?
                    .collect::<Result<Vec<_>, _>>()
            });
        let mut ends = ends.unwrap_or_default();
        ends.sort_unstable();
        self.ends = ends;
        self.next_end = 0;
    }

    /// Takes the terms the register's due items were computed with (its
    /// `due_terms`), so that the rebuilt ones are computed the same way.
    pub(in crate::storage) fn use_terms_of(&self, stored: &Connection) -> Result<(), StoreError> {
        let terms: Option<String> = stored
            .query_row("SELECT terms FROM due_terms WHERE id = 1", [], |r| r.get(0))
            .optional()
            .ok()
            .flatten();
        if let Some(terms) = terms {
            self.conn.execute(
                "INSERT OR REPLACE INTO due_terms (id, terms) VALUES (1, ?1)",
                [terms],
            )?;
        }
        Ok(())
    }

    /// Projects one event row, as read; `event` is it decoded, when it
    /// could be. Settles the cases whose last event this was.
    pub(in crate::storage) fn apply(
        &mut self,
        stored: &Connection,
        row: &StoredRow,
        event: Option<&Event>,
        problems: &mut Problems,
    ) {
        if self.failed.is_some() {
            return;
        }
        let projected = self.project_row(stored, row, event, problems);
        self.hold(row, event.filter(|_| projected));
        self.reached(stored, row.seq);
    }

    /// [`Replay::apply`]'s projection; `false` when the row was taken as
    /// opaque.
    fn project_row(
        &mut self,
        stored: &Connection,
        row: &StoredRow,
        event: Option<&Event>,
        problems: &mut Problems,
    ) -> bool {
        let seq = row.seq;
        let Some(ev) = event else {
            self.opaque_row(stored, row, problems);
            return false;
        };
        let opening = match &ev.body {
            EventBody::DisturbanceStarted {
                category,
                opened_by,
                ..
            } => Some(Opening {
                seq,
                origin: "live",
                status: "live",
                meeting_id: ev.meeting_id,
                category: *category,
                registered: &ev.at,
                occurred: &ev.at,
                channel: None,
                victim: None,
                opened_by: opened_by.as_deref(),
            }),
            _ => None,
        };
        let occurred;
        let opening = match (&ev.body, opening) {
            (
                EventBody::CaseOpened {
                    occurred_at,
                    channel,
                    victim,
                    category,
                    ..
                },
                _,
            ) => match DateTime::parse_from_rfc3339(occurred_at) {
                Ok(t) => {
                    occurred = t;
                    Some(Opening {
                        seq,
                        origin: "intake",
                        status: "open",
                        meeting_id: ev.meeting_id,
                        category: Some(*category),
                        registered: &ev.at,
                        occurred: &occurred,
                        channel: Some(*channel),
                        victim: Some(victim),
                        opened_by: None,
                    })
                }
                Err(_) => {
                    problems.push(
                        Some(seq),
                        ProblemKind::Projection,
                        format!("tijdstip van het voorval '{occurred_at}' is onleesbaar"),
                    );
                    self.opaque_row(stored, row, problems);
                    return false;
                }
            },
            (_, opening) => opening,
        };
        if let Some(o) = opening {
            match open_case(&self.conn, &o) {
                Ok(id) if Some(id) == ev.case_id => {}
                Ok(id) => problems.push(
                    Some(seq),
                    ProblemKind::Projection,
                    format!(
                        "opent bij herbouw zaak {id}, maar de gebeurtenis noemt zaak {}",
                        ev.case_id
                            .map(|c| c.to_string())
                            .unwrap_or_else(|| "geen".into())
                    ),
                ),
                Err(e) => problems.push(
                    Some(seq),
                    ProblemKind::Projection,
                    format!("zaak kon bij herbouw niet worden geopend: {e}"),
                ),
            }
        }
        let at_local = row.at_local.unwrap_or_default();
        if let Err(e) = self.writer.project(
            &self.conn,
            seq,
            ev.meeting_id,
            ev.case_id,
            at_local,
            &ev.body,
        ) {
            problems.push(
                Some(seq),
                ProblemKind::Projection,
                format!("kan niet in het register worden verwerkt: {e}"),
            );
        }
        true
    }

    /// Holds the row's event for its case's next step and search words:
    /// `event` as decoded, or, for an opaque row, what reading it back from
    /// the register would give (an unreadable event). From a case's opening
    /// on; a case not held from its opening is read from the register.
    fn hold(&mut self, row: &StoredRow, event: Option<&Event>) {
        let Some(case) = row.case_id else { return };
        let opening = matches!(row.kind, Some("disturbance-started" | "case-opened"));
        if self.let_go.contains(&case) || !(opening || self.writer.cases.holds(case)) {
            self.let_go.insert(case);
            return;
        }
        let event = match event {
            Some(event) => event.clone(),
            None => RawEvent {
                seq: row.seq,
                at_local: row.at_local.unwrap_or_default().to_string(),
                actor: row.actor.unwrap_or_default().to_string(),
                kind: row.kind.unwrap_or_default().to_string(),
                meeting_id: row.meeting_id,
                case_id: row.case_id,
                corrects: row.corrects,
                payload: None,
            }
            .decode_lenient(),
        };
        self.writer.cases.record(case, event);
        self.held += 1;
        if self.held > self.holding.hold_at_most {
            self.let_go_of_largest();
        }
    }

    /// Lets go of the cases holding the most events until half the room is
    /// free.
    fn let_go_of_largest(&mut self) {
        let mut sizes = self.writer.cases.sizes();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        for (count, case) in sizes {
            if self.held <= self.holding.hold_at_most / 2 {
                break;
            }
            self.writer.cases.forget(case);
            self.held -= count;
            self.let_go.insert(case);
        }
    }

    /// After the row `seq`: the cases whose last event it was are ready,
    /// and settled once there are enough of them.
    fn reached(&mut self, stored: &Connection, seq: u64) {
        while let Some(&(last, case)) = self.ends.get(self.next_end) {
            if last > seq {
                break;
            }
            self.next_end += 1;
            self.ready.push(case);
        }
        if self.ready.len() >= self.holding.settle_at_once
            && let Err(e) = self.settle_ready(stored)
        {
            self.failed = Some(e);
        }
    }

    /// Settles the ready cases: those with an unreadable event only their
    /// `updated_at` (and their search text, unless their opening is
    /// unreadable), the others as the writer settles a transaction.
    fn settle_ready(&mut self, stored: &Connection) -> Result<(), StoreError> {
        let mut cases = std::mem::take(&mut self.ready);
        // In the order of their ids, as the writer settles a transaction:
        // the rows of the cases and their due items are then updated page
        // after page.
        cases.sort_unstable();
        for case in &cases {
            self.held -= self.writer.cases.held(*case);
            if self.let_go.remove(case) {
                self.holding.read_back.set(self.holding.read_back.get() + 1);
                // Read back from the register; a case whose events cannot
                // be read (a damaged page) is left out of the comparison.
                match crate::storage::events::case_events(stored, *case) {
                    Ok(events) => {
                        for event in events {
                            self.writer.cases.record(*case, event);
                        }
                    }
                    Err(_) => {
                        self.opaque.whole_case(*case);
                        self.writer.touched.remove(case);
                        self.writer.text.remove(case);
                    }
                }
            }
            if self.unsettled.contains(case)
                && let Some(at_local) = self.writer.touched.remove(case)
            {
                self.conn
                    .prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?
                    .execute(params![case, at_local])?;
            }
            if self.opaque.cases.contains(case) {
                self.writer.text.remove(case);
            }
        }
        self.writer.settle(&self.conn, stored, cases)
    }

    /// An event that cannot be projected: copies what it made, marks what
    /// it concerns as opaque.
    fn opaque_row(&mut self, stored: &Connection, row: &StoredRow, problems: &mut Problems) {
        let seq = row.seq;
        let copies: Vec<(&str, &str, u64)> = match (row.kind, row.case_id) {
            (Some("meeting-started"), _) => {
                self.opaque.meetings.insert(seq);
                vec![("meetings", "id", seq)]
            }
            (Some("disturbance-started" | "case-opened"), Some(case)) => {
                vec![("cases", "id", case)]
            }
            (Some("perpetrator-registered"), _) => {
                self.opaque.perpetrators.insert(seq);
                vec![
                    ("perpetrators", "id", seq),
                    ("case_perpetrators", "linked_seq", seq),
                ]
            }
            (Some("perpetrator-linked"), _) => vec![("case_perpetrators", "linked_seq", seq)],
            _ => Vec::new(),
        };
        for (table, column, key) in copies {
            if let Err(e) = copy_rows(stored, &self.conn, table, column, key) {
                problems.push(
                    Some(seq),
                    ProblemKind::Projection,
                    format!("rij in {table} kon niet worden overgenomen: {e}"),
                );
            }
        }
        if matches!(
            row.kind,
            Some("role-granted" | "role-revoked" | "identity-linked" | "access-logged")
        ) {
            self.opaque.access = true;
        }
        if row.kind == Some("meeting-ended")
            && let Some(m) = row.meeting_id
        {
            self.opaque.meetings.insert(m);
        }
        if let Some(case) = row.case_id {
            let kind = row.kind.unwrap_or_default();
            match case_columns_of(kind) {
                None => self.opaque.whole_case(case),
                Some(columns) => {
                    let unknown = self.opaque.case_columns.entry(case).or_default();
                    unknown.extend(columns.iter().copied());
                    unknown.extend(["next_step", "next_due_utc"]);
                }
            }
            if matches!(
                kind,
                "note"
                    | "victim-recorded"
                    | "perpetrator-registered"
                    | "perpetrator-linked"
                    | "disturbance-described"
                    | "person-added"
                    | "person-described"
            ) {
                self.opaque.case_text.insert(case);
            }
            if matches!(kind, "perpetrator-registered" | "perpetrator-linked") {
                self.opaque.case_links.insert(case);
            }
            self.unsettled.insert(case);
            // Its `updated_at`: the time of its last event, this one's as
            // stored if it is the last.
            self.writer
                .touched
                .insert(case, row.at_local.unwrap_or_default().to_string());
        }
    }

    /// Settles what the projection code defers, leaving the next step of
    /// cases with an unreadable event out (their events cannot all be read
    /// back). `None` when the rebuild failed; the problem says why.
    pub(in crate::storage) fn finish(
        mut self,
        stored: &Connection,
        problems: &mut Problems,
    ) -> Result<Option<Rebuilt>, StoreError> {
        let finished = match self.failed.take() {
            Some(e) => Err(e),
            None => {
                // Every case not settled yet: its end was not reached (not
                // read, or in rows the walk could not read).
                let mut rest: BTreeSet<u64> = self.ready.drain(..).collect();
                rest.extend(self.writer.touched.keys().copied());
                rest.extend(self.writer.text.iter().copied());
                self.ready = rest.into_iter().collect();
                self.settle_ready(stored)
                    .and_then(|()| self.writer.write_words(&self.conn))
            }
        };
        self.conn.execute_batch("COMMIT")?;
        if let Err(e) = finished {
            problems.push(
                None,
                ProblemKind::Projection,
                format!(
                    "het register kon niet uit de gebeurtenissen worden herbouwd ({e}); zaken en veroorzakers zijn niet vergeleken"
                ),
            );
            return Ok(None);
        }
        Ok(Some(Rebuilt {
            conn: self.conn,
            opaque: self.opaque,
            _dir: self._dir,
        }))
    }
}

/// Copies the rows of `table` whose `column` is `key` from the register
/// into the rebuild. `table` and `column` come from constants, never input.
fn copy_rows(
    stored: &Connection,
    rebuilt: &Connection,
    table: &str,
    column: &str,
    key: u64,
) -> Result<(), StoreError> {
    let mut stmt = stored.prepare(&format!("SELECT * FROM {table} WHERE {column} = ?1"))?;
    let names = stmt.column_names().collect::<Vec<_>>().join(", ");
    let count = stmt.column_count();
    let marks = (1..=count)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let insert = format!("INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})");
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        let mut values = Vec::with_capacity(count);
        for i in 0..count {
            values.push(owned(r.get_ref(i)?));
        }
        rebuilt.execute(&insert, params_from_iter(values))?;
    }
    Ok(())
}

fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod tests;
