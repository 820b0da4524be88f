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

mod event;

pub use event::ExportEvent;
use event::{HexBuffers, StreamedEvent, export_event};

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
    let mut hex = HexBuffers::default();
    while let Some(r) = rows.next()? {
        let row = StoredRow::read(r).map_err(|reason| StoreError::Corrupt {
            seq: events.len() as u64 + 1,
            reason,
        })?;
        let event = export_event(&row, &mut hex).and_then(|e| e.to_owned_event());
        events.push(event.map_err(|reason| StoreError::Corrupt {
            seq: row.seq,
            reason,
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
/// An item is serialised into a buffer of its own and written to `out` in
/// one call: serde writes a key, a colon or a quote at a time, and each
/// such write through `dyn Write` was a call that could not be inlined.
struct Items<'w> {
    out: &'w mut dyn Write,
    first: bool,
    buf: Vec<u8>,
}

impl<'w> Items<'w> {
    fn open(out: &'w mut dyn Write, key: &str, lead: &str) -> Result<Items<'w>, StoreError> {
        write!(out, "{lead}\"{key}\":[").map_err(io_err)?;
        Ok(Items {
            out,
            first: true,
            buf: Vec::with_capacity(4096),
        })
    }

    fn item<T: Serialize>(&mut self, value: &T) -> Result<(), StoreError> {
        self.write_with(|buf| serde_json::to_writer(buf, value))
    }

    /// An event, which writes itself (see [`StreamedEvent::write_json`]).
    fn event(&mut self, event: &StreamedEvent<'_>) -> Result<(), StoreError> {
        self.write_with(|buf| {
            event.write_json(buf);
            Ok(())
        })
    }

    fn write_with(
        &mut self,
        write: impl FnOnce(&mut Vec<u8>) -> Result<(), serde_json::Error>,
    ) -> Result<(), StoreError> {
        let sep = if self.first { "\n" } else { ",\n" };
        self.first = false;
        self.buf.clear();
        self.buf.extend_from_slice(sep.as_bytes());
        write(&mut self.buf).map_err(json_err)?;
        self.out.write_all(&self.buf).map_err(io_err)?;
        // One item of unusual size does not keep its buffer.
        if self.buf.capacity() > 1 << 20 {
            self.buf = Vec::with_capacity(4096);
        }
        Ok(())
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
    let mut hex = HexBuffers::default();
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
                        Ok(row) => match export_event(&row, &mut hex) {
                            Ok(e) => {
                                items.event(&e)?;
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
    use crate::storage::Store;

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
}
