//! Rebuilding the projections from the events, for `verify`: each event as
//! read from the register goes through the same projection code as
//! [`Writer::append`] ([`Writer::project`], `open_case`, [`Writer::finish`])
//! into a private temporary database made by the same migrations. The
//! result is compared with the stored tables (`storage/compare.rs`).
//!
//! An event whose payload cannot be read (erased by a purge, or damaged)
//! cannot be projected: the rows it made are copied from the register as
//! they are, and what it could have changed is marked opaque — a whole
//! meeting, case or perpetrator for the events that make them, otherwise
//! only the columns (or the search text, or the links) its kind changes,
//! and always the case's next step — so that the comparison leaves that
//! out instead of reporting it, and still checks the rest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::DateTime;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::{Opening, Writer, open_case};
use crate::domain::event::{Event, EventBody};
use crate::storage::StoreError;
use crate::storage::verify::{ProblemKind, Problems, StoredRow};

/// What the rebuild could not derive from the events.
#[derive(Debug, Default)]
pub(in crate::storage) struct Opaque {
    pub meetings: BTreeSet<u64>,
    /// Cases whose every column is unknown (their opening is unreadable).
    pub cases: BTreeSet<u64>,
    /// Columns of a case that an unreadable event may have changed.
    pub case_columns: BTreeMap<u64, BTreeSet<&'static str>>,
    /// Cases whose search text is unknown.
    pub case_text: BTreeSet<u64>,
    /// Cases whose links to perpetrators are unknown.
    pub case_links: BTreeSet<u64>,
    pub perpetrators: BTreeSet<u64>,
    /// An unreadable role, link or access event: the tables of who may see
    /// what are not compared.
    pub access: bool,
}

impl Opaque {
    /// Whether a column of a case is unknown.
    pub(in crate::storage) fn case_column(&self, case: u64, column: &str) -> bool {
        self.cases.contains(&case)
            || self
                .case_columns
                .get(&case)
                .is_some_and(|c| c.contains(column))
    }

    fn whole_case(&mut self, case: u64) {
        self.cases.insert(case);
        self.case_text.insert(case);
        self.case_links.insert(case);
    }
}

/// The case columns an event of `kind` changes (besides `updated_at`, which
/// comes from its header, and the next step, unknown for any unreadable
/// event); `None` for kinds that make or may remake the whole case.
fn case_columns_of(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "disturbance-started" | "case-opened" => None,
        "disturbance-ended" | "status-changed" => Some(&["status"]),
        "victim-recorded" => Some(&["victim_role", "victim_name", "visible"]),
        "case-handed-over" => Some(&["handed_over"]),
        "reclassified" | "disturbance-described" => Some(&["category"]),
        _ if KNOWN_KINDS.contains(&kind) => Some(&[]),
        _ => None,
    }
}

/// Every kind this program writes, for [`case_columns_of`]: an unknown kind
/// (a damaged header) may have done anything to its case.
const KNOWN_KINDS: &[&str] = &[
    "meeting-started",
    "meeting-ended",
    "disturbance-started",
    "disturbance-ended",
    "disturbance-described",
    "person-added",
    "person-described",
    "conversation-ended",
    "stream-controlled",
    "alarm-run",
    "risk-check-recorded",
    "suspended",
    "resumed",
    "demand",
    "left-voluntarily",
    "livestream-stopped",
    "livestream-resumed",
    "intervention-team-called",
    "police-called",
    "police-arrived",
    "removed-by-police",
    "physical-protection",
    "aangifte-decision",
    "note",
    "correction",
    "case-opened",
    "victim-recorded",
    "reclassified",
    "informed",
    "evidence-added",
    "perpetrator-registered",
    "perpetrator-linked",
    "measure-recorded",
    "measure-status-changed",
    "aftercare-planned",
    "aftercare-held",
    "consent-recorded",
    "aangifte-filed",
    "om-informed",
    "serious-injury",
    "arbeidsinspectie-notified",
    "damage-recorded",
    "communication-set",
    "security-measures-noted",
    "status-changed",
    "payload-purged",
    "schema-restored",
    "chain-upgraded",
    "restored",
    "role-granted",
    "role-revoked",
    "identity-linked",
    "case-handed-over",
    "access-logged",
];

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
    /// (the case-file rules read every event), so [`Writer::finish`] leaves
    /// them out and their `updated_at` is set here.
    unsettled: BTreeSet<u64>,
}

impl Replay {
    /// A private database in a new temporary directory (on disk, removed
    /// when dropped, so that a large register does not have to fit in
    /// memory) with the schema. Not SQLite's own temporary database (`""`):
    /// this build keeps that in memory (`SQLITE_TEMP_STORE=2`), which at
    /// 1.3 million events took 750 MiB (`cargo bench --bench scale`).
    pub(in crate::storage) fn new() -> Result<Replay, StoreError> {
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
        })
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
    /// could be.
    pub(in crate::storage) fn apply(
        &mut self,
        stored: &Connection,
        row: &StoredRow,
        event: Option<&Event>,
        problems: &mut Problems,
    ) {
        let seq = row.seq;
        let Some(ev) = event else {
            self.opaque_row(stored, row, problems);
            return;
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
                    return;
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
        self.insert(row, row.payload_text(), problems);
        let at_local = row.at_local.as_deref().unwrap_or_default();
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
    }

    /// An event that cannot be projected: copies what it made, marks what
    /// it concerns as opaque.
    fn opaque_row(&mut self, stored: &Connection, row: &StoredRow, problems: &mut Problems) {
        let seq = row.seq;
        self.insert(row, None, problems);
        let copies: Vec<(&str, &str, u64)> = match (row.kind.as_deref(), row.case_id) {
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
            row.kind.as_deref(),
            Some("role-granted" | "role-revoked" | "identity-linked" | "access-logged")
        ) {
            self.opaque.access = true;
        }
        if row.kind.as_deref() == Some("meeting-ended")
            && let Some(m) = row.meeting_id
        {
            self.opaque.meetings.insert(m);
        }
        if let Some(case) = row.case_id {
            let kind = row.kind.as_deref().unwrap_or_default();
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
        }
    }

    /// Inserts the event row into the rebuild, for the projection code that
    /// reads a case's events back. The chain columns are not needed there.
    fn insert(&mut self, row: &StoredRow, payload: Option<&str>, problems: &mut Problems) {
        // Unique like a hash, and rising with the seq: the unique index on
        // `hash` then grows at its end. A digest of the seq landed each row
        // at a random place of that index, page after page written out and
        // read back through the cipher: a third of `verify` at 1.3 million
        // events.
        let mut placeholder = [0u8; 32];
        placeholder[24..].copy_from_slice(&row.seq.to_be_bytes());
        let result = self
            .conn
            .prepare_cached(
                "INSERT INTO events (seq, at_local, at_utc, actor, kind, meeting_id, case_id,
                                     corrects, payload, payload_digest, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, zeroblob(32), zeroblob(32), ?10)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    row.seq,
                    row.at_local.as_deref().unwrap_or_default(),
                    row.at_utc.as_deref().unwrap_or_default(),
                    row.actor.as_deref().unwrap_or_default(),
                    row.kind.as_deref().unwrap_or_default(),
                    row.meeting_id,
                    row.case_id,
                    row.corrects,
                    payload,
                    &placeholder[..],
                ])
            });
        if let Err(e) = result {
            problems.push(
                Some(row.seq),
                ProblemKind::Projection,
                format!("kon bij herbouw niet worden ingevoegd: {e}"),
            );
        }
    }

    /// Settles what the projection code defers, leaving the next step of
    /// cases with an unreadable event out (their events cannot all be read
    /// back). `None` when the rebuild failed; the problem says why.
    pub(in crate::storage) fn finish(
        mut self,
        problems: &mut Problems,
    ) -> Result<Option<Rebuilt>, StoreError> {
        let unsettled = &self.unsettled;
        self.writer.touched.retain(|id, _| !unsettled.contains(id));
        // The search text is rebuilt from the events as read: an erased
        // payload adds nothing (and the kinds that add text are opaque).
        let whole = &self.opaque.cases;
        self.writer.text.retain(|id| !whole.contains(id));
        let finished = self.writer.finish(&self.conn).and_then(|()| {
            // What `finish` would have set: the time of the case's last event.
            for case in &self.unsettled {
                self.conn
                    .prepare_cached(
                        "UPDATE cases SET updated_at = (SELECT at_local FROM events
                          WHERE case_id = ?1 ORDER BY seq DESC LIMIT 1) WHERE id = ?1",
                    )?
                    .execute([case])?;
            }
            Ok(())
        });
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
mod tests {
    use super::*;

    /// Every name in the list is a kind the program knows (no typos). A
    /// kind missing from the list is only treated more cautiously: its
    /// whole case is left out of the comparison.
    #[test]
    fn the_known_kinds_are_kinds() {
        let unknown = |kind: &str| match EventBody::from_parts(kind, serde_json::json!({})) {
            Ok(_) => false,
            Err(e) => format!("{e:?}").contains("unknown variant"),
        };
        assert!(unknown("iets-anders"));
        for kind in KNOWN_KINDS {
            assert!(!unknown(kind), "{kind}");
        }
        assert_eq!(case_columns_of("demand"), Some(&[][..]));
        assert_eq!(case_columns_of("iets-anders"), None);
        assert_eq!(case_columns_of("status-changed"), Some(&["status"][..]));
    }
}
