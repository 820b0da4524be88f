//! Checking the register: the hash chain, every row on its own, logged
//! purges, the append-only guards, and the projections the screens and the
//! export read, rebuilt from the events.
//!
//! Nothing stops at the first problem: every bad row is reported with its
//! seq and why, and the walk goes on.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::StoreError;
use super::compare;
use super::error::Action;
use super::guards;
use super::project::replay::{Holding, Replay};
use crate::domain::chain::{self, Digest, GENESIS, Header, HeaderV2};
use crate::domain::event::{Event, EventBody};

mod row;

use row::ROW_COLUMNS;
pub(super) use row::{StoredRow, row_columns};

/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 1000;

/// The outcome of checking the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every event links to the one before it and matches its hash, every
    /// erased payload was logged as purged, the guards are in place and the
    /// projections follow from the events.
    Intact {
        count: u64,
        head: Option<(u64, Digest)>,
    },
    /// Something is damaged or was changed; see [`Damage`].
    Damaged(Damage),
}

impl Verdict {
    /// The problems found; empty when intact.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Verdict::Intact { .. } => &[],
            Verdict::Damaged(d) => &d.problems,
        }
    }

    pub fn is_intact(&self) -> bool {
        matches!(self, Verdict::Intact { .. })
    }
}

/// What is wrong with a register, every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// Event rows read.
    pub count: u64,
    /// The newest event row read, if its hash could be read.
    pub head: Option<(u64, Digest)>,
    /// In the order found: rows in seq order, then purges, projections and
    /// guards.
    pub problems: Vec<Problem>,
    /// Problems found beyond [`MAX_PROBLEMS`], not listed.
    pub unlisted: u64,
}

/// One problem: where (the event's seq, when it concerns one event), what
/// kind, and why, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub seq: Option<u64>,
    pub kind: ProblemKind,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The chain does not hold: an event changed, removed, moved or added.
    Chain,
    /// A row cannot be read (a damaged page, a flipped byte).
    Unreadable,
    /// A payload was erased without a logged purge event.
    Purge,
    /// A projection table differs from what the events say.
    Projection,
    /// An append-only guard (trigger) is missing or altered.
    Schema,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ProblemKind::Chain => "KETEN VERBROKEN",
            ProblemKind::Unreadable => "ONLEESBAAR",
            ProblemKind::Purge => "INHOUD GEWIST ZONDER WISGEBEURTENIS",
            ProblemKind::Projection => "REGISTER WIJKT AF VAN DE GEBEURTENISSEN",
            ProblemKind::Schema => "BEVEILIGING ONTBREEKT",
        };
        match self.seq {
            Some(seq) => write!(f, "{what} bij seq {seq}: {}", self.reason),
            None => write!(f, "{what}: {}", self.reason),
        }
    }
}

/// Collects problems, listing at most [`MAX_PROBLEMS`].
#[derive(Debug, Default)]
pub(super) struct Problems {
    list: Vec<Problem>,
    unlisted: u64,
}

impl Problems {
    pub(super) fn push(&mut self, seq: Option<u64>, kind: ProblemKind, reason: impl Into<String>) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem {
                seq,
                kind,
                reason: reason.into(),
            });
        } else {
            self.unlisted += 1;
        }
    }
}

pub(super) fn run(
    conn: &Connection,
    reopen: super::events::Reopen<'_>,
) -> Result<Verdict, StoreError> {
    run_inner(conn, Some(Holding::default()), reopen).map_err(|e| e.during(Action::Read))
}

/// [`run`], with the events of the rebuild held as `holding` says.
#[cfg(test)]
pub(super) fn run_holding(
    conn: &Connection,
    reopen: super::events::Reopen<'_>,
    holding: Holding,
) -> Result<Verdict, StoreError> {
    run_inner(conn, Some(holding), reopen).map_err(|e| e.during(Action::Read))
}

/// The history alone: the chain, every row, the purges and the guards,
/// without rebuilding the projections (the background check at start,
/// which must not cost a replay of the whole register).
pub(super) fn run_history(
    conn: &Connection,
    reopen: super::events::Reopen<'_>,
) -> Result<Verdict, StoreError> {
    run_inner(conn, None, reopen).map_err(|e| e.during(Action::Read))
}

/// Whether the file has the tables of the current schema: a table the
/// last migration made. (`user_version` alone can be changed by anyone.)
pub(super) fn has_current_tables(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'perpetrators')",
        [],
        |r| r.get(0),
    )?)
}

/// Whether the events' indexes by meeting and by case leave out the events
/// of no meeting or case (migration 8).
fn partial_event_indexes(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'index'
           AND name IN ('events_by_meeting', 'events_by_case') AND sql LIKE '%WHERE%IS NOT NULL%'",
        [],
        |r| r.get(0),
    )?)
}

/// Whether the events table has no unique index on `hash` (migration 9
/// made the table again without it).
fn hash_not_indexed(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM pragma_index_list('events') WHERE origin = 'u')",
        [],
        |r| r.get(0),
    )?)
}

/// The whole check; the projections are rebuilt and compared when
/// `projections` says how.
fn run_inner(
    conn: &Connection,
    projections: Option<Holding>,
    reopen: super::events::Reopen<'_>,
) -> Result<Verdict, StoreError> {
    let mut problems = Problems::default();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let current = has_current_tables(conn)?;
    let table = |name: &str| -> rusqlite::Result<bool> {
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [name],
            |r| r.get(0),
        )
    };
    let tables = if row_columns(conn)? != ROW_COLUMNS {
        2
    } else if !table("purged")? {
        // The purge migration adds a table, no column.
        super::migrate::BEFORE_PURGE
    } else if table("access_log")? {
        // The roles (migration 6) add tables and case columns, the due
        // items (7) tables, 8 makes two indexes partial and 9 drops the
        // unique index on `hash`.
        if !table("due_items")? {
            6
        } else if !partial_event_indexes(conn)? {
            7
        } else if !hash_not_indexed(conn)? {
            8
        } else {
            super::SCHEMA_VERSION
        }
    } else {
        super::migrate::BEFORE_PURGE + 1
    };
    if current && version != tables {
        problems.push(
            None,
            ProblemKind::Schema,
            format!(
                "het bestand zegt schemaversie {version}, maar de tabellen zijn van versie {tables}: de versie is buiten raadsorde om gewijzigd"
            ),
        );
    }
    // A register of an older schema has no register tables to compare.
    let mut replay = if let Some(holding) = projections.filter(|_| current) {
        let mut replay = Replay::new(holding)?;
        // The due items follow the register's terms of municipal practice.
        replay.use_terms_of(conn)?;
        replay.read_case_ends(conn);
        Some(replay)
    } else {
        None
    };
    let columns = row_columns(conn)?;
    let mut walk = Walk::default();
    // A damaged page can end a query half-way: name the events it held and
    // go on with the first readable one after it.
    let mut after = 0u64;
    let mut last_failure: Option<u64> = None;
    // After a damaged page: the connection reading goes on with.
    let mut fresh: Option<Connection> = None;
    loop {
        let failed = {
            let conn = fresh.as_ref().unwrap_or(conn);
            let mut stmt = conn.prepare(&format!(
                "SELECT {columns} FROM events WHERE seq >= ?1 ORDER BY seq"
            ))?;
            // From the first seq wanted: seeking past `after` would land on
            // the page that holds it, which may be the damaged one.
            let mut rows = stmt.query([after + 1])?;
            loop {
                match rows.next() {
                    Ok(Some(r)) => match StoredRow::read(r) {
                        Ok(row) => {
                            after = row.seq;
                            walk.row(&row, &mut problems, replay.as_mut(), conn);
                        }
                        Err(reason) => {
                            problems.push(
                                Some(after + 1),
                                ProblemKind::Unreadable,
                                format!("rij na seq {after}: {reason}"),
                            );
                            walk.prev = None;
                        }
                    },
                    Ok(None) => break None,
                    Err(e) => break Some(e),
                }
            }
        };
        let Some(e) = failed else { break };
        // Stopped on purpose (`Store::stop_when`): no damage, no more to do.
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            return Err(e.into());
        }
        // Skip the damaged page: name what it held, read on after it.
        let (skip, conn) = super::events::skip_damage(reopen, after);
        fresh = conn;
        let mut next = skip.next;
        if next == Some(after + 1) && last_failure == Some(after) {
            // The row after the failure reads on its own but a scan from
            // it fails: step over it.
            next = Some(after + 2);
        }
        problems.push(
            Some(after + 1),
            ProblemKind::Unreadable,
            format!(
                "{} onleesbaar (een beschadigde pagina van het bestand; de rest is gecontroleerd): {}",
                super::events::lost_range(after, &skip),
                super::error::describe_as(Action::Read, &e)
            ),
        );
        walk.prev = None;
        last_failure = Some(after);
        match (next, &fresh) {
            (Some(n), Some(_)) => after = n - 1,
            _ => break,
        }
    }
    // What follows reads other tables: on a connection not left in an
    // error state by a damaged page.
    if last_failure.is_some() && fresh.is_none() {
        fresh = reopen();
    }
    let conn = fresh.as_ref().unwrap_or(conn);

    for seq in &walk.erased {
        if !walk.purged.contains(seq) {
            problems.push(
                Some(*seq),
                ProblemKind::Purge,
                "de inhoud is gewist (NULL), maar geen wisgebeurtenis (payload-purged) noemt deze gebeurtenis: wissen buiten het programma om",
            );
        }
    }
    if let Some(replay) = replay {
        let rebuilt = replay.finish(conn, &mut problems)?;
        compare::run(conn, &rebuilt, &mut problems)?;
    }
    for missing in guards::check(conn)? {
        problems.push(
            None,
            ProblemKind::Schema,
            format!(
                "{missing}: de gebeurtenissen zijn niet meer tegen wijzigen of wissen beveiligd"
            ),
        );
    }

    if problems.list.is_empty() && problems.unlisted == 0 {
        Ok(Verdict::Intact {
            count: walk.count,
            head: walk.head,
        })
    } else {
        Ok(Verdict::Damaged(Damage {
            count: walk.count,
            head: walk.head,
            problems: problems.list,
            unlisted: problems.unlisted,
        }))
    }
}

/// The state of the walk along the chain.
#[derive(Debug)]
struct Walk {
    expected_seq: u64,
    /// The hash the next event must link to; `None` after a row whose hash
    /// could not be read.
    prev: Option<Digest>,
    head: Option<(u64, Digest)>,
    count: u64,
    /// Events whose payload is NULL.
    erased: Vec<u64>,
    /// Events a purge event names.
    purged: BTreeSet<u64>,
    /// Whether a version 1 row was seen.
    seen_v1: bool,
    /// The first version 2 row seen: from there on every row is version 2.
    v2_since: Option<u64>,
    /// The newest commit time read (version 2), with its seq.
    committed: Option<(u64, DateTime<Utc>)>,
}

impl Default for Walk {
    fn default() -> Self {
        Walk {
            expected_seq: 1,
            prev: Some(GENESIS),
            head: None,
            count: 0,
            erased: Vec::new(),
            purged: BTreeSet::new(),
            seen_v1: false,
            v2_since: None,
            committed: None,
        }
    }
}

impl Walk {
    fn row(
        &mut self,
        row: &StoredRow,
        problems: &mut Problems,
        replay: Option<&mut Replay>,
        stored: &Connection,
    ) {
        let seq = row.seq;
        self.count += 1;
        let mut reasons: Vec<String> = Vec::new();
        let mut kind = ProblemKind::Chain;
        let gap = seq != self.expected_seq;
        if gap {
            let missing = if seq == self.expected_seq + 1 {
                format!("gebeurtenis {} ontbreekt", self.expected_seq)
            } else {
                format!(
                    "gebeurtenissen {} tot en met {} ontbreken",
                    self.expected_seq,
                    seq.saturating_sub(1)
                )
            };
            problems.push(
                Some(self.expected_seq),
                ProblemKind::Chain,
                format!("{missing} (volgende is {seq})"),
            );
        }
        if !row.unreadable.is_empty() {
            kind = ProblemKind::Unreadable;
            reasons.extend(row.unreadable.iter().cloned());
        }
        if let (Some(prev), Some(prev_hash)) = (self.prev, row.prev_hash)
            && prev != prev_hash
            && !gap
        {
            reasons
                .push("sluit niet aan op de vorige gebeurtenis (verwijderd of verplaatst?)".into());
        }
        match row.chain {
            Some(1) => self.version_1(row, &mut reasons),
            Some(_) => self.version_2(row, &mut reasons),
            None => {}
        }
        let decoded = match &row.payload {
            None => {
                self.erased.push(seq);
                None
            }
            Some(_) => match row.decode() {
                Ok(event) => Some(event),
                Err(reason) => {
                    if row.unreadable.is_empty() {
                        kind = ProblemKind::Unreadable;
                        reasons.push(reason);
                    }
                    None
                }
            },
        };
        if let Some(Event {
            body: EventBody::PayloadPurged { seqs, .. },
            ..
        }) = &decoded
        {
            self.purged.extend(seqs.iter().copied());
        }
        if let Some(replay) = replay {
            replay.apply(stored, row, decoded.as_ref(), problems);
        }
        if !reasons.is_empty() {
            problems.push(Some(seq), kind, reasons.join("; "));
        }
        self.prev = row.hash;
        if let Some(hash) = row.hash {
            self.head = Some((seq, hash));
        }
        // Rows come in ascending seq order (the primary key).
        self.expected_seq = seq + 1;
    }

    /// A row of chain version 1: only before the first version 2 row.
    fn version_1(&mut self, row: &StoredRow, reasons: &mut Vec<String>) {
        self.seen_v1 = true;
        if let Some(since) = self.v2_since {
            reasons.push(format!(
                "staat in ketenversie 1, maar de keten is sinds seq {since} versie 2: deze gebeurtenis is met de oude formule herberekend of ingevoegd"
            ));
        }
        if let (Some(p), Some(digest)) = (&row.payload, row.payload_digest)
            && chain::sha256(p) != digest
        {
            reasons.push("inhoud is gewijzigd".into());
        }
        if let (
            Some(at_local),
            Some(at_utc),
            Some(actor),
            Some(kind),
            Some(prev_hash),
            Some(payload_digest),
            Some(hash),
        ) = (
            &row.at_local,
            &row.at_utc,
            &row.actor,
            &row.kind,
            row.prev_hash,
            row.payload_digest,
            row.hash,
        ) {
            let header = Header {
                at_local,
                at_utc,
                actor,
                kind,
                meeting_id: row.meeting_id,
                case_id: row.case_id,
                corrects: row.corrects,
            };
            if chain::link(row.seq, &prev_hash, &header.digest(), &payload_digest) != hash {
                reasons.push("tijdstip, actor, soort, koppeling of hash is gewijzigd".into());
            }
        }
    }

    /// A row of chain version 2: salted payload digest, commit time that
    /// does not go back, and after version 1 rows first the marker.
    fn version_2(&mut self, row: &StoredRow, reasons: &mut Vec<String>) {
        let seq = row.seq;
        let marker = row.kind == Some("chain-upgraded");
        match self.v2_since {
            None => {
                self.v2_since = Some(seq);
                if self.seen_v1 && !marker && row.kind.is_some() {
                    reasons.push(
                        "de keten gaat hier over van versie 1 naar versie 2 zonder markering (chain-upgraded): gebeurtenissen ervoor zijn ingevoegd of met de oude formule herberekend".into(),
                    );
                }
                if marker && !self.seen_v1 {
                    reasons.push(
                        "markering van een ketenversie-overgang, maar er gaat geen gebeurtenis van versie 1 aan vooraf".into(),
                    );
                }
            }
            Some(since) => {
                if marker {
                    reasons.push(format!(
                        "tweede markering van een ketenversie-overgang (de keten is al versie 2 sinds seq {since})"
                    ));
                }
            }
        }
        match (&row.payload, row.salt, row.payload_digest) {
            (Some(p), Some(salt), Some(digest)) if chain::salted_digest(&salt, p) != digest => {
                reasons.push("inhoud is gewijzigd".into());
            }
            (Some(_), None, _) if row.unreadable.is_empty() => {
                reasons.push(
                    "het zout van de inhoud ontbreekt (alleen een wisgebeurtenis wist het, samen met de inhoud)".into(),
                );
            }
            _ => {}
        }
        let committed = match &row.committed_utc {
            None => {
                if row.unreadable.is_empty() {
                    reasons.push("vastlegtijd ontbreekt".into());
                }
                None
            }
            Some(text) => match DateTime::parse_from_rfc3339(text) {
                Ok(t) => Some(t.with_timezone(&Utc)),
                Err(_) => {
                    reasons.push(format!("vastlegtijd '{text}' is geen geldige tijd"));
                    None
                }
            },
        };
        if let Some(t) = committed {
            if let Some((before_seq, before)) = self.committed
                && t < before
            {
                reasons.push(format!(
                    "vastgelegd op {}, eerder dan gebeurtenis {before_seq} ervoor ({}): de vastlegtijd gaat nooit terug, dus hier is een tijd teruggezet of een gebeurtenis tussengevoegd",
                    row.committed_utc.unwrap_or_default(),
                    crate::domain::time::utc_string(&before.fixed_offset())
                ));
            }
            if self.committed.is_none_or(|(_, before)| t >= before) {
                self.committed = Some((seq, t));
            }
        }
        if let (
            Some(at_local),
            Some(at_utc),
            Some(committed_utc),
            Some(actor),
            Some(kind),
            Some(prev_hash),
            Some(payload_digest),
            Some(hash),
        ) = (
            &row.at_local,
            &row.at_utc,
            &row.committed_utc,
            &row.actor,
            &row.kind,
            row.prev_hash,
            row.payload_digest,
            row.hash,
        ) {
            let header = HeaderV2 {
                at_local,
                at_utc,
                committed_utc,
                actor,
                kind,
                meeting_id: row.meeting_id,
                case_id: row.case_id,
                corrects: row.corrects,
            };
            if chain::link_v2(seq, &prev_hash, &header.digest(), &payload_digest) != hash {
                reasons.push(
                    "tijdstip, vastlegtijd, actor, soort, koppeling of hash is gewijzigd".into(),
                );
            }
        }
    }
}
