//! The one reader of event rows for the screens and the rules: an event
//! as the domain knows it, read leniently (a row that cannot be read comes
//! back as `EventBody::Unreadable`, so that one damaged event does not stop
//! a screen). `verify` and `export` read the raw rows themselves
//! (`verify::ROW_COLUMNS`), hashes and all, to check and copy them.

use chrono::DateTime;
use rusqlite::Connection;
use rusqlite::OptionalExtension;

use super::StoreError;
use crate::domain::event::{Event, EventBody};

/// Whether the `events` table has the columns of a register (of any chain
/// version): a file that merely has a table of that name is no register.
pub(super) fn has_register_columns(conn: &Connection) -> bool {
    conn.prepare(
        "SELECT seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                payload, payload_digest, prev_hash, hash FROM events LIMIT 0",
    )
    .is_ok()
}

const COLUMNS: &str =
    "SELECT seq, at_local, actor, kind, meeting_id, case_id, corrects, payload FROM events";

fn decode_all(tx: &Connection, sql: &str, param: u64) -> Result<Vec<Event>, StoreError> {
    let mut stmt = tx.prepare_cached(sql)?;
    let rows = stmt.query_map([param], raw_event)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?.decode_lenient());
    }
    Ok(out)
}

/// Every event after `seq`, oldest first.
pub(super) fn events_after(tx: &Connection, seq: u64) -> Result<Vec<Event>, StoreError> {
    decode_all(tx, &format!("{COLUMNS} WHERE seq > ?1 ORDER BY seq"), seq)
}

/// The events after `seq` that can concern a meeting: those of a meeting
/// and every meeting start, oldest first. A superset of what the live
/// view folds in ([`super::rules`]), without decoding the events of cases
/// handled outside a meeting, which may be most of the register.
pub(super) fn meeting_events_after(tx: &Connection, seq: u64) -> Result<Vec<Event>, StoreError> {
    decode_all(
        tx,
        &format!(
            "{COLUMNS} WHERE seq > ?1 AND (meeting_id IS NOT NULL OR kind = 'meeting-started') ORDER BY seq"
        ),
        seq,
    )
}

/// The lookups by meeting and by case: each served by its partial index
/// (migration 8), which `meeting_id = ?1` and `case_id = ?1` imply.
const BY_MEETING: &str = "WHERE meeting_id = ?1 ORDER BY seq";
const BY_CASE: &str = "WHERE case_id = ?1 ORDER BY seq";

pub(super) fn meeting_events(tx: &Connection, meeting: u64) -> Result<Vec<Event>, StoreError> {
    decode_all(tx, &format!("{COLUMNS} {BY_MEETING}"), meeting)
}

/// The risk checks (§4.2), oldest first (index `events_risk_checks`).
pub(super) fn risk_checks(tx: &Connection) -> Result<Vec<Event>, StoreError> {
    decode_all(
        tx,
        &format!("{COLUMNS} WHERE kind = 'risk-check-recorded' AND seq > ?1 ORDER BY seq"),
        0,
    )
}

/// The records of documents written (access-log entries) that name this
/// SHA-256 (hex, lower case), oldest first.
pub(super) fn document_records(tx: &Connection, sha256: &str) -> Result<Vec<Event>, StoreError> {
    let mut stmt = tx.prepare_cached(&format!(
        "{COLUMNS} WHERE kind = 'access-logged' AND instr(payload, ?1) > 0 ORDER BY seq"
    ))?;
    let needle = format!("\"sha256\":\"{sha256}\"");
    let rows = stmt.query_map([needle], raw_event)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?.decode()?);
    }
    Ok(out)
}

pub(super) fn case_events(tx: &Connection, case: u64) -> Result<Vec<Event>, StoreError> {
    decode_all(tx, &format!("{COLUMNS} {BY_CASE}"), case)
}

/// The events of the cases one write transaction has read, kept until it
/// ends: the rules check a case's file before each of its events and the
/// end of the transaction derives its next step, and in a batch (the demo,
/// an import) the same case comes back many times. Exact, because nothing
/// else writes while the transaction holds the write lock (`BEGIN
/// IMMEDIATE`), and every event the transaction appends to a loaded case is
/// added to it as a reader would decode it from its row
/// ([`CaseEvents::appended`]). A purge changes rows in place: everything is
/// read again after one ([`CaseEvents::clear`]).
#[derive(Debug, Default)]
pub(super) struct CaseEvents {
    loaded: std::collections::HashMap<u64, Vec<Event>>,
}

impl CaseEvents {
    /// The events of `case`, oldest first, as [`case_events`] reads them.
    pub(super) fn get(&mut self, tx: &Connection, case: u64) -> Result<&[Event], StoreError> {
        use std::collections::hash_map::Entry;
        Ok(match self.loaded.entry(case) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(case_events(tx, case)?),
        })
    }

    /// The same, for the last use within the transaction: the events are
    /// handed over, not kept (a rebuild touches every case once).
    pub(super) fn take(&mut self, tx: &Connection, case: u64) -> Result<Vec<Event>, StoreError> {
        match self.loaded.remove(&case) {
            Some(events) => Ok(events),
            None => case_events(tx, case),
        }
    }

    /// Whether the events of `case` are held.
    pub(super) fn holds(&self, case: u64) -> bool {
        self.loaded.contains_key(&case)
    }

    /// How many events of `case` are held.
    pub(super) fn held(&self, case: u64) -> usize {
        self.loaded.get(&case).map_or(0, Vec::len)
    }

    /// Holds `event` as the next of `case`, from its first: for a rebuild,
    /// which reads every event in order and so need not read any back.
    pub(super) fn record(&mut self, case: u64, event: Event) {
        self.loaded.entry(case).or_default().push(event);
    }

    /// The cases held and how many events each: (count, case).
    pub(super) fn sizes(&self) -> Vec<(usize, u64)> {
        self.loaded.iter().map(|(c, e)| (e.len(), *c)).collect()
    }

    /// Stops holding the events of `case`: read again when next asked for.
    pub(super) fn forget(&mut self, case: u64) -> Option<Vec<Event>> {
        self.loaded.remove(&case)
    }

    /// An event just inserted into a case that is held, decoded from the
    /// very columns stored ([`RawEvent::decode_lenient`]): what reading it
    /// back would give.
    pub(super) fn appended(&mut self, case: u64, row: RawEvent) {
        if let Some(events) = self.loaded.get_mut(&case) {
            events.push(row.decode_lenient());
        }
    }

    /// Forgets everything: read again from the rows.
    pub(super) fn clear(&mut self) {
        self.loaded.clear();
    }
}

/// An event row as read, before its payload is decoded.
pub(super) struct RawEvent {
    pub(super) seq: u64,
    pub(super) at_local: String,
    pub(super) actor: String,
    pub(super) kind: String,
    pub(super) meeting_id: Option<u64>,
    pub(super) case_id: Option<u64>,
    pub(super) corrects: Option<u64>,
    pub(super) payload: Option<String>,
}

pub(super) fn raw_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
    // Text is read leniently: a damaged byte makes this one event
    // unreadable (see `decode_lenient`), not the whole query fail.
    let text = |i: usize| -> rusqlite::Result<Option<String>> {
        use rusqlite::types::ValueRef;
        Ok(match r.get_ref(i)? {
            ValueRef::Null => None,
            ValueRef::Text(b) | ValueRef::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
            ValueRef::Integer(n) => Some(n.to_string()),
            ValueRef::Real(x) => Some(x.to_string()),
        })
    };
    let id = |i: usize| -> Option<u64> { r.get::<_, Option<u64>>(i).ok().flatten() };
    Ok(RawEvent {
        seq: r.get(0)?,
        at_local: text(1)?.unwrap_or_default(),
        actor: text(2)?.unwrap_or_default(),
        kind: text(3)?.unwrap_or_default(),
        meeting_id: id(4),
        case_id: id(5),
        corrects: id(6),
        payload: text(7)?,
    })
}

impl RawEvent {
    /// The event, or, when it cannot be read (damaged bytes, a payload
    /// erased without a logged purge, an unknown kind), an `Unreadable`
    /// event in its place: the screens show it as such and go on.
    pub(super) fn decode_lenient(self) -> Event {
        let (seq, meeting_id, case_id) = (self.seq, self.meeting_id, self.case_id);
        let at = DateTime::parse_from_rfc3339(&self.at_local)
            .unwrap_or_else(|_| crate::domain::time::to_local(chrono::DateTime::UNIX_EPOCH));
        let actor = self.actor.clone();
        match self.decode() {
            Ok(event) => event,
            Err(e) => {
                tracing::error!("event {seq} unreadable: {e}");
                Event {
                    seq,
                    at,
                    actor,
                    meeting_id,
                    case_id,
                    corrects: None,
                    body: EventBody::Unreadable {
                        seq,
                        reason: e.to_string(),
                    },
                }
            }
        }
    }

    pub(super) fn decode(self) -> Result<Event, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            seq: self.seq,
            reason,
        };
        let at = DateTime::parse_from_rfc3339(&self.at_local)
            .map_err(|e| corrupt(format!("tijdstip '{}': {e}", self.at_local)))?;
        let body = match &self.payload {
            Some(p) => match EventBody::from_stored(&self.kind, p) {
                Ok(body) => body,
                Err(crate::domain::event::BodyError::Payload(e)) => {
                    return Err(corrupt(format!("inhoud: {e}")));
                }
                Err(e) => return Err(e.into()),
            },
            None => return Err(corrupt("inhoud is gewist (bewaartermijn)".into())),
        };
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

/// After a scan of the events failed just past `after` (a damaged page: in
/// an encrypted register one flipped byte makes its whole page fail its
/// HMAC), where reading can go on: the first seq after `after` whose row
/// can be read on its own, and how far the damage reaches. Point lookups
/// only touch the path to their own page, so every page after the damaged
/// one is still read.
pub(super) struct Skip {
    /// The first seq that can be read again (`None`: nothing after the
    /// damage could be read).
    pub next: Option<u64>,
    /// The last seq known to be lost (the end of the register when
    /// nothing more could be read and its end is known).
    pub lost_to: Option<u64>,
}

/// How far a skip probes when the register's end is unknown (its last
/// page is damaged too): more rows than any page holds.
const PROBE_LIMIT: u64 = 10_000;

/// Opens the register again: after a damaged page a connection stays in
/// its error state (SQLCipher's failed HMAC), so reading goes on with a new
/// one. `None`: it cannot be opened again.
pub(in crate::storage) type Reopen<'a> = &'a dyn Fn() -> Option<Connection>;

/// See [`Skip`]; returns a fresh connection to read on with (the one the
/// last probe succeeded on).
pub(super) fn skip_damage(reopen: Reopen<'_>, after: u64) -> (Skip, Option<Connection>) {
    let Some(mut conn) = reopen() else {
        return (
            Skip {
                next: None,
                lost_to: None,
            },
            None,
        );
    };
    let end: Option<u64> = match conn.query_row("SELECT max(seq) FROM events", [], |r| r.get(0)) {
        Ok(end) => end,
        Err(_) => match reopen() {
            Some(c) => {
                conn = c;
                None
            }
            None => {
                return (
                    Skip {
                        next: None,
                        lost_to: None,
                    },
                    None,
                );
            }
        },
    };
    let limit = end.unwrap_or(after + PROBE_LIMIT);
    let mut seq = after + 1;
    while seq <= limit {
        let read = conn
            .query_row("SELECT seq FROM events WHERE seq = ?1", [seq], |r| {
                r.get::<_, u64>(0)
            })
            .optional();
        match read {
            // A row that is simply not there is for the chain check to name.
            Ok(found) => {
                return (
                    Skip {
                        next: found.or(Some(seq)),
                        lost_to: seq.checked_sub(1).filter(|l| *l > after),
                    },
                    Some(conn),
                );
            }
            Err(_) => match reopen() {
                Some(c) => conn = c,
                None => break,
            },
        }
        seq += 1;
    }
    (
        Skip {
            next: None,
            lost_to: end,
        },
        Some(conn),
    )
}

/// "gebeurtenissen 8 tot en met 14" / "gebeurtenis 8" / "gebeurtenissen
/// na 7".
pub(super) fn lost_range(after: u64, skip: &Skip) -> String {
    match skip.lost_to {
        Some(to) if to == after + 1 => format!("gebeurtenis {to}"),
        Some(to) if to > after + 1 => format!("gebeurtenissen {} tot en met {to}", after + 1),
        _ => format!("gebeurtenissen na {after}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::NewEvent;
    use crate::storage::Store;

    /// The events of a meeting and of a case are found through their
    /// partial indexes, never by reading the whole table: on a register of
    /// before migration 8 too, once opened.
    #[test]
    fn the_events_of_a_meeting_or_a_case_are_looked_up_by_index() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("r.db");
        let store = Store::open(&path).unwrap();
        drop(store);
        // A register of schema 7: the indexes whole, as they were.
        let c = crate::storage::open_raw(&path).unwrap();
        c.execute_batch(
            "DROP INDEX events_by_meeting; CREATE INDEX events_by_meeting ON events(meeting_id, seq);
             DROP INDEX events_by_case; CREATE INDEX events_by_case ON events(case_id, seq);
             PRAGMA user_version = 7;",
        )
        .unwrap();
        drop(c);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version(), crate::storage::SCHEMA_VERSION);
        drop(store);
        let c = crate::storage::open_raw(&path).unwrap();
        for (index, clause) in [
            ("events_by_meeting", BY_MEETING),
            ("events_by_case", BY_CASE),
        ] {
            let sql: String = c
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                    [index],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(sql.ends_with("IS NOT NULL"), "{sql}");
            let mut plan = c
                .prepare(&format!("EXPLAIN QUERY PLAN {COLUMNS} {clause}"))
                .unwrap();
            let details: Vec<String> = plan
                .query_map([1], |r| r.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert!(
                details
                    .iter()
                    .any(|d| d.contains(&format!("INDEX {index} "))),
                "{clause}: {details:?}"
            );
            assert!(
                !details.iter().any(|d| d.starts_with("SCAN")),
                "{details:?}"
            );
        }
    }

    /// What a transaction holds of a case is what reading the case back
    /// gives, event for event, after appends made at a time in another
    /// offset and finer than the stored milliseconds, and after corrections.
    #[test]
    fn the_events_a_transaction_holds_are_the_rows_read_back() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("r.db")).unwrap();
        crate::demo::generate(&mut store, 40, 7).unwrap();
        let checked = store
            .batch(|b| {
                let mut appended = 0;
                for case in 1..=40u64 {
                    let at = chrono::Utc::now().fixed_offset();
                    let mut note = NewEvent::new(
                        at,
                        "test",
                        EventBody::Note {
                            text: format!("notitie bij zaak {case} — “ë”"),
                        },
                    );
                    note.case_id = Some(case);
                    let Some(first) = b.append_permitted(note)? else {
                        continue;
                    };
                    let mut fix = NewEvent::new(
                        at,
                        "test",
                        EventBody::Correction {
                            reason: "verkeerde zaak".into(),
                        },
                    );
                    fix.case_id = Some(case);
                    fix.corrects = Some(first.seq);
                    b.append_permitted(fix)?;
                    appended += 1;
                }
                let mut checked = 0;
                for case in 1..=40u64 {
                    if !b.writer.cases.holds(case) {
                        continue;
                    }
                    let held = b.writer.cases.get(&b.tx, case)?.to_vec();
                    assert_eq!(held, case_events(&b.tx, case)?, "case {case}");
                    let held_text: Vec<String> = held.iter().map(|e| format!("{e:?}")).collect();
                    let read_text: Vec<String> = case_events(&b.tx, case)?
                        .iter()
                        .map(|e| format!("{e:?}"))
                        .collect();
                    assert_eq!(held_text, read_text, "case {case}: offsets and all");
                    checked += 1;
                }
                assert!(appended >= 10, "{appended} cases took a note");
                Ok(checked)
            })
            .unwrap();
        assert!(checked >= 10, "{checked} cases held");
    }
}
