//! The full JSON export: every meeting, case and event.
//!
//! [`stream`] writes each row as it reads it, so memory does not grow with
//! the register, and marks a row it cannot read in place
//! (`{"seq": N, "onleesbaar": "…"}`) instead of giving up. [`run`] builds
//! the same document in memory, for tests and small uses.

use std::io::Write;

use rusqlite::{Connection, Row};
use serde::Serialize;

use super::StoreError;
use super::error::Action;
use super::verify::{StoredRow, row_columns};

pub const FORMAT: &str = "raadsorde-export/1";

#[derive(Debug, Serialize)]
pub struct Export {
    pub format: &'static str,
    pub exported_at: String,
    pub meetings: Vec<MeetingRow>,
    pub cases: Vec<CaseRow>,
    pub events: Vec<ExportEvent>,
}

#[derive(Debug, Serialize)]
pub struct MeetingRow {
    pub id: u64,
    pub meeting_type: String,
    pub title: String,
    pub chair: String,
    pub location: String,
    pub started_at: String,
    pub ended_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CaseRow {
    pub id: u64,
    pub number: String,
    pub origin: String,
    pub meeting_id: Option<u64>,
    pub opened_seq: u64,
    pub category: String,
    pub opened_at: String,
    pub status: String,
    pub occurred_at: Option<String>,
    pub channel: Option<String>,
    pub victim_role: Option<String>,
    /// Registered perpetrators linked to the case (their ids).
    pub perpetrators: Vec<u64>,
}

/// One event as exported. `P` is the payload: parsed (the in-memory
/// [`Export`]), or the stored text itself, checked to be JSON and written
/// as it is (the streamed document: the bytes its digest covers, without a
/// tree built and written again for each of a million events).
#[derive(Debug, Serialize)]
pub struct ExportEvent<P = serde_json::Value> {
    pub seq: u64,
    pub at_local: String,
    pub at_utc: String,
    pub actor: String,
    pub kind: String,
    pub meeting_id: Option<u64>,
    pub case_id: Option<u64>,
    pub corrects: Option<u64>,
    /// `null` when erased by a retention purge; its digest stays.
    pub payload: Option<P>,
    pub payload_digest: String,
    pub prev_hash: String,
    pub hash: String,
    /// The chain version of the event (1 or 2; see `domain::chain`).
    pub chain: u8,
    /// Version 2: when the event was committed (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committed_utc: Option<String>,
    /// Version 2: the salt of the payload digest, hex (`null` when erased
    /// with the payload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

pub fn run(conn: &Connection) -> Result<Export, StoreError> {
    let meetings = conn
        .prepare(MEETINGS_SQL)?
        .query_map([], meeting_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let cases = conn
        .prepare(CASES_SQL)?
        .query_map([], case_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let columns = row_columns(conn)?;
    let mut stmt = conn.prepare(&format!("SELECT {columns} FROM events ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        let row = StoredRow::read(r).map_err(|reason| StoreError::Corrupt {
            seq: events.len() as u64 + 1,
            reason,
        })?;
        events.push(export_event::<serde_json::Value>(&row).map_err(|reason| {
            StoreError::Corrupt {
                seq: row.seq,
                reason,
            }
        })?);
    }
    Ok(Export {
        format: FORMAT,
        exported_at: crate::domain::time::local_string(&crate::domain::time::now()),
        meetings,
        cases,
        events,
    })
}

const MEETINGS_SQL: &str = "SELECT id, meeting_type, title, chair, location, started_at, ended_at
     FROM meetings ORDER BY id";

const CASES_SQL: &str =
    "SELECT c.id, c.number, c.origin, c.meeting_id, c.opened_seq, c.category, c.opened_at,
            c.status, c.occurred_at, c.channel, c.victim_role,
            (SELECT group_concat(perpetrator_id) FROM case_perpetrators cp
              WHERE cp.case_id = c.id)
     FROM cases c ORDER BY c.id";

fn meeting_row(r: &Row<'_>) -> rusqlite::Result<MeetingRow> {
    Ok(MeetingRow {
        id: r.get(0)?,
        meeting_type: r.get(1)?,
        title: r.get(2)?,
        chair: r.get(3)?,
        location: r.get(4)?,
        started_at: r.get(5)?,
        ended_at: r.get(6)?,
    })
}

fn case_row(r: &Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        number: r.get(1)?,
        origin: r.get(2)?,
        meeting_id: r.get(3)?,
        opened_seq: r.get(4)?,
        category: r.get(5)?,
        opened_at: r.get(6)?,
        status: r.get(7)?,
        occurred_at: r.get(8)?,
        channel: r.get(9)?,
        victim_role: r.get(10)?,
        perpetrators: r
            .get::<_, Option<String>>(11)?
            .unwrap_or_default()
            .split(',')
            .filter_map(|id| id.parse().ok())
            .collect(),
    })
}

/// An event as exported, or why it cannot be.
fn export_event<'r, P: serde::Deserialize<'r>>(
    row: &'r StoredRow,
) -> Result<ExportEvent<P>, String> {
    if !row.unreadable.is_empty() {
        return Err(row.unreadable.join("; "));
    }
    let payload = match (&row.payload, row.payload_text()) {
        (None, _) => None,
        (Some(_), None) => return Err("inhoud is geen geldige tekst (UTF-8)".into()),
        (Some(_), Some(p)) => {
            Some(serde_json::from_str(p).map_err(|e| format!("inhoud is geen geldige JSON: {e}"))?)
        }
    };
    let hex = |d: Option<[u8; 32]>| d.as_ref().map(hex_of).unwrap_or_default();
    Ok(ExportEvent {
        seq: row.seq,
        at_local: row.at_local.clone().unwrap_or_default(),
        at_utc: row.at_utc.clone().unwrap_or_default(),
        actor: row.actor.clone().unwrap_or_default(),
        kind: row.kind.clone().unwrap_or_default(),
        meeting_id: row.meeting_id,
        case_id: row.case_id,
        corrects: row.corrects,
        payload,
        payload_digest: hex(row.payload_digest),
        prev_hash: hex(row.prev_hash),
        hash: hex(row.hash),
        chain: row.chain.unwrap_or(1),
        committed_utc: row.committed_utc.clone(),
        salt: row.salt.as_ref().map(hex_of),
    })
}

/// Lower-case hex, as `hex::encode` writes it, through a buffer on the
/// stack: `hex::encode` collects characters one by one, half of the
/// export's own work per event in `perf record` of `export --json`.
fn hex_of(bytes: &[u8; 32]) -> String {
    let mut buf = [0u8; 64];
    // The lengths match by construction; the fallback is never taken.
    match hex::encode_to_slice(bytes, &mut buf).map(|()| String::from_utf8(buf.to_vec())) {
        Ok(Ok(hex)) => hex,
        _ => hex::encode(bytes),
    }
}

/// What a streamed export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub meetings: u64,
    pub cases: u64,
    pub events: u64,
    /// Rows marked as unreadable: (table, id or seq, why).
    pub unreadable: Vec<(&'static str, u64, String)>,
}

/// A row that could not be read, marked in place.
#[derive(Serialize)]
struct Unreadable<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seq: Option<u64>,
    onleesbaar: &'a str,
}

fn json_err(e: serde_json::Error) -> StoreError {
    match e.io_error_kind() {
        Some(kind) => StoreError::Io {
            path: "(uitvoer)".into(),
            action: Action::Save,
            source: std::io::Error::from(kind),
        },
        None => StoreError::Invalid(format!("export kon niet worden omgezet naar JSON: {e}")),
    }
}

fn io_err(source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: "(uitvoer)".into(),
        action: Action::Save,
        source,
    }
}

/// Writes the items of one array: each as it is read, comma-separated.
struct Items<'w> {
    out: &'w mut dyn Write,
    first: bool,
}

impl<'w> Items<'w> {
    fn open(out: &'w mut dyn Write, key: &str, lead: &str) -> Result<Items<'w>, StoreError> {
        write!(out, "{lead}\"{key}\":[").map_err(io_err)?;
        Ok(Items { out, first: true })
    }

    fn item<T: Serialize>(&mut self, value: &T) -> Result<(), StoreError> {
        let sep = if self.first { "\n" } else { ",\n" };
        self.first = false;
        self.out.write_all(sep.as_bytes()).map_err(io_err)?;
        serde_json::to_writer(&mut *self.out, value).map_err(json_err)
    }

    fn close(self) -> Result<(), StoreError> {
        let end = if self.first { "]" } else { "\n]" };
        self.out.write_all(end.as_bytes()).map_err(io_err)
    }
}

/// Writes the rows of one projection (`key` in the document) and returns
/// how many there were, and whether a damaged page ended the list (then
/// marked; the events, the evidence it is made from, still follow, and the
/// caller reads on with a new connection: a statement that met a damaged
/// page leaves its connection in an error state).
fn projection<T: Serialize>(
    conn: &Connection,
    out: &mut dyn Write,
    key: &'static str,
    label: &str,
    sql: &str,
    read: fn(&Row<'_>) -> rusqlite::Result<T>,
    summary: &mut ExportSummary,
) -> Result<(u64, bool), StoreError> {
    let mut items = Items::open(out, key, ",")?;
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut count = 0;
    let mut damaged = false;
    let mut last: Option<u64> = None;
    loop {
        let r = match rows.next() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                let why = format!(
                    "{label} {}onleesbaar (een beschadigde pagina van het bestand); ze volgen uit de gebeurtenissen hieronder: {}",
                    last.map_or(String::new(), |id| format!("na {id} ")),
                    super::error::describe_as(Action::Read, &e)
                );
                summary
                    .unreadable
                    .push((key, last.map_or(0, |id| id + 1), why.clone()));
                items.item(&Unreadable {
                    id: None,
                    seq: None,
                    onleesbaar: &why,
                })?;
                damaged = true;
                break;
            }
        };
        last = r.get::<_, u64>(0).ok().or(last);
        match read(r) {
            Ok(row) => items.item(&row)?,
            Err(e) => {
                let id = r.get::<_, u64>(0).ok();
                let why = super::error::describe_as(Action::Read, &e);
                summary
                    .unreadable
                    .push((key, id.unwrap_or_default(), why.clone()));
                items.item(&Unreadable {
                    id,
                    seq: None,
                    onleesbaar: &why,
                })?;
            }
        }
        count += 1;
    }
    drop(rows);
    drop(stmt);
    items.close()?;
    Ok((count, damaged))
}

/// Streams the export to `out` (see the module documentation).
pub fn stream(
    conn: &Connection,
    out: &mut dyn Write,
    reopen: super::events::Reopen<'_>,
) -> Result<ExportSummary, StoreError> {
    // After a damaged page a connection stays in its error state: what
    // follows is read on a new one.
    let mut fresh: Option<Connection> = None;
    let mut summary = ExportSummary::default();
    // The keys in the order of [`Export`]: format first.
    let exported_at = crate::domain::time::local_string(&crate::domain::time::now());
    write!(
        out,
        "{{\"format\":{},\"exported_at\":{}",
        serde_json::Value::from(FORMAT),
        serde_json::Value::from(exported_at)
    )
    .map_err(io_err)?;

    let conn_now = fresh.as_ref().unwrap_or(conn);
    let (count, damaged) = projection(
        conn_now,
        out,
        "meetings",
        "vergaderingen",
        MEETINGS_SQL,
        meeting_row,
        &mut summary,
    )?;
    summary.meetings = count;
    if damaged {
        fresh = reopen();
    }
    let conn_now = fresh.as_ref().unwrap_or(conn);
    let (count, damaged) = projection(
        conn_now,
        out,
        "cases",
        "zaken",
        CASES_SQL,
        case_row,
        &mut summary,
    )?;
    summary.cases = count;
    if damaged {
        fresh = reopen();
    }

    let mut items = Items::open(out, "events", ",")?;
    // A damaged page can end the query half-way: mark what it held and go
    // on with the first readable event after it.
    let mut after = 0u64;
    let mut last_failure: Option<u64> = None;
    let columns = row_columns(fresh.as_ref().unwrap_or(conn))?;
    loop {
        let conn_now = fresh.as_ref().unwrap_or(conn);
        let mut stmt = conn_now.prepare(&format!(
            "SELECT {columns} FROM events WHERE seq >= ?1 ORDER BY seq"
        ))?;
        // From the first seq wanted: seeking past `after` would land on
        // the page that holds it, which may be the damaged one.
        let mut rows = stmt.query([after + 1])?;
        let failed = loop {
            match rows.next() {
                Ok(Some(r)) => {
                    summary.events += 1;
                    // The event is written while its row is at hand: its
                    // payload is the row's own text.
                    let (seq, failure) = match StoredRow::read(r) {
                        Ok(row) => match export_event::<&serde_json::value::RawValue>(&row) {
                            Ok(e) => {
                                items.item(&e)?;
                                (row.seq, None)
                            }
                            Err(why) => (row.seq, Some(why)),
                        },
                        Err(why) => (after + 1, Some(why)),
                    };
                    after = seq;
                    if let Some(why) = failure {
                        items.item(&Unreadable {
                            id: None,
                            seq: Some(seq),
                            onleesbaar: &why,
                        })?;
                        summary.unreadable.push(("events", seq, why));
                    }
                }
                Ok(None) => break None,
                Err(e) => break Some(e),
            }
        };
        drop(rows);
        drop(stmt);
        let Some(e) = failed else { break };
        // Skip the damaged page: mark what it held, carry the rest.
        let (skip, reopened) = super::events::skip_damage(reopen, after);
        let readable = reopened.is_some();
        fresh = reopened;
        let mut next = skip.next;
        if next == Some(after + 1) && last_failure == Some(after) {
            next = Some(after + 2);
        }
        let why = format!(
            "{} onleesbaar (een beschadigde pagina van het bestand): {}",
            super::events::lost_range(after, &skip),
            super::error::describe_as(Action::Read, &e)
        );
        items.item(&Unreadable {
            id: None,
            seq: Some(after + 1),
            onleesbaar: &why,
        })?;
        summary.unreadable.push(("events", after + 1, why));
        last_failure = Some(after);
        match next {
            Some(n) if readable => after = n - 1,
            _ => break,
        }
    }
    items.close()?;
    out.write_all(b"}\n").map_err(io_err)?;
    out.flush().map_err(io_err)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Store;
    use proptest::prelude::*;

    fn without_time(mut v: serde_json::Value) -> serde_json::Value {
        if let Some(o) = v.as_object_mut() {
            o.remove("exported_at");
        }
        v
    }

    /// The streamed document, whose payloads are the stored text written
    /// as it is, is the in-memory export, whose payloads are parsed and
    /// written again: every meeting, case and event, field for field.
    #[test]
    fn the_streamed_document_is_the_in_memory_export() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("r.db")).unwrap();
        crate::demo::generate(&mut store, 60, 11).unwrap();
        let whole = serde_json::to_value(store.export().unwrap()).unwrap();
        let mut out = Vec::new();
        let summary = store.export_to(&mut out).unwrap();
        let streamed: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let events = whole["events"].as_array().unwrap().len();
        assert!(events > 500, "{events} events");
        assert_eq!(summary.events, events as u64);
        assert!(summary.unreadable.is_empty());
        assert_eq!(without_time(streamed), without_time(whole));
    }

    /// A payload stored in another layout than the program writes (an old
    /// version, a hand-made register) is written as stored: the bytes its
    /// digest covers. Text that is not JSON is marked, not written.
    #[test]
    fn a_payload_is_written_as_stored_and_one_that_is_not_json_is_marked() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("r.db");
        let mut store = Store::open(&path).unwrap();
        crate::demo::generate(&mut store, 3, 5).unwrap();
        drop(store);
        let c = crate::storage::open_raw(&path).unwrap();
        c.execute_batch(
            "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;
             UPDATE events SET payload = '{ \"b\" : 1 ,\"a\":[ true ] }' WHERE seq = 2;
             UPDATE events SET payload = '{\"a\":' WHERE seq = 3;",
        )
        .unwrap();
        c.execute_batch(&crate::storage::guard_statements())
            .unwrap();
        drop(c);
        let store = Store::open_read_only(&path).unwrap();
        let mut out = Vec::new();
        let summary = store.export_to(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("\"payload\":{ \"b\" : 1 ,\"a\":[ true ] }"),
            "{text}"
        );
        assert_eq!(summary.unreadable.len(), 1, "{:?}", summary.unreadable);
        let (table, seq, why) = &summary.unreadable[0];
        assert_eq!((*table, *seq), ("events", 3));
        assert!(why.contains("geen geldige JSON"), "{why}");
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["events"][2]["seq"], 3);
        assert!(doc["events"][2]["onleesbaar"].is_string());
    }

    proptest! {
        #[test]
        fn hex_of_is_hex_encode(bytes in proptest::array::uniform32(any::<u8>())) {
            prop_assert_eq!(hex_of(&bytes), hex::encode(bytes));
        }
    }
}
