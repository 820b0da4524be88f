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
use crate::domain::json;

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

/// One event as exported. `S` is how its text is held: owned (the
/// in-memory [`Export`]) or borrowed from the row as read and from buffers
/// on the stack (the streamed document, which copies no column of a
/// million events). `P` is the payload: parsed (the in-memory export), or
/// the stored text itself, checked to be JSON and written as it is (the
/// streamed document: the bytes its digest covers).
#[derive(Debug, Serialize)]
pub struct ExportEvent<S = String, P = serde_json::Value> {
    pub seq: u64,
    pub at_local: S,
    pub at_utc: S,
    pub actor: S,
    pub kind: S,
    pub meeting_id: Option<u64>,
    pub case_id: Option<u64>,
    pub corrects: Option<u64>,
    /// `null` when erased by a retention purge; its digest stays.
    pub payload: Option<P>,
    pub payload_digest: S,
    pub prev_hash: S,
    pub hash: S,
    /// The chain version of the event (1 or 2; see `domain::chain`).
    pub chain: u8,
    /// Version 2: when the event was committed (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committed_utc: Option<S>,
    /// Version 2: the salt of the payload digest, hex (`null` when erased
    /// with the payload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salt: Option<S>,
}

/// An event as the stream writes it: borrowed from its row and from the
/// buffers its hex is written in.
type StreamedEvent<'a> = ExportEvent<&'a str, &'a serde_json::value::RawValue>;

impl StreamedEvent<'_> {
    /// The same event, owned, its payload parsed.
    fn to_owned_event(&self) -> Result<ExportEvent, String> {
        let payload = match self.payload {
            None => None,
            Some(raw) => Some(
                serde_json::from_str(raw.get())
                    .map_err(|e| format!("inhoud is geen geldige JSON: {e}"))?,
            ),
        };
        Ok(ExportEvent {
            seq: self.seq,
            at_local: self.at_local.to_string(),
            at_utc: self.at_utc.to_string(),
            actor: self.actor.to_string(),
            kind: self.kind.to_string(),
            meeting_id: self.meeting_id,
            case_id: self.case_id,
            corrects: self.corrects,
            payload,
            payload_digest: self.payload_digest.to_string(),
            prev_hash: self.prev_hash.to_string(),
            hash: self.hash.to_string(),
            chain: self.chain,
            committed_utc: self.committed_utc.map(str::to_string),
            salt: self.salt.map(str::to_string),
        })
    }
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

impl StreamedEvent<'_> {
    /// Appends the event as JSON to `out`: the bytes `serde_json` writes
    /// for it (the derived `Serialize`, tested equal on arbitrary events),
    /// written field by field. serde escapes every key and string a byte at
    /// a time, and most of what an event holds (its keys, four hex hashes,
    /// its times) needs no escaping: a sixth of the export's time in
    /// `perf record`. A string that needs it still goes through serde.
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"seq\":");
        number(out, Some(self.seq));
        out.extend_from_slice(b",\"at_local\":");
        json::string(out, self.at_local);
        out.extend_from_slice(b",\"at_utc\":");
        json::string(out, self.at_utc);
        out.extend_from_slice(b",\"actor\":");
        json::string(out, self.actor);
        out.extend_from_slice(b",\"kind\":");
        json::string(out, self.kind);
        out.extend_from_slice(b",\"meeting_id\":");
        number(out, self.meeting_id);
        out.extend_from_slice(b",\"case_id\":");
        number(out, self.case_id);
        out.extend_from_slice(b",\"corrects\":");
        number(out, self.corrects);
        out.extend_from_slice(b",\"payload\":");
        match self.payload {
            Some(raw) => out.extend_from_slice(raw.get().as_bytes()),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"payload_digest\":");
        json::string(out, self.payload_digest);
        out.extend_from_slice(b",\"prev_hash\":");
        json::string(out, self.prev_hash);
        out.extend_from_slice(b",\"hash\":");
        json::string(out, self.hash);
        out.extend_from_slice(b",\"chain\":");
        number(out, Some(u64::from(self.chain)));
        if let Some(committed) = self.committed_utc {
            out.extend_from_slice(b",\"committed_utc\":");
            json::string(out, committed);
        }
        if let Some(salt) = self.salt {
            out.extend_from_slice(b",\"salt\":");
            json::string(out, salt);
        }
        out.push(b'}');
    }
}

/// A number as serde writes it, or `null`.
fn number(out: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => json::number(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// An event as exported, or why it cannot be: borrowed from its row, its
/// hex written into `hex`.
fn export_event<'a>(
    row: &StoredRow<'a>,
    hex: &'a mut HexBuffers,
) -> Result<StreamedEvent<'a>, String> {
    if !row.unreadable.is_empty() {
        return Err(row.unreadable.join("; "));
    }
    let payload = match (row.payload, row.payload_text()) {
        (None, _) => None,
        (Some(_), None) => return Err("inhoud is geen geldige tekst (UTF-8)".into()),
        (Some(_), Some(p)) => {
            Some(serde_json::from_str(p).map_err(|e| format!("inhoud is geen geldige JSON: {e}"))?)
        }
    };
    let [digest, prev, hash, salt] = &mut hex.0;
    Ok(ExportEvent {
        seq: row.seq,
        at_local: row.at_local.unwrap_or_default(),
        at_utc: row.at_utc.unwrap_or_default(),
        actor: row.actor.unwrap_or_default(),
        kind: row.kind.unwrap_or_default(),
        meeting_id: row.meeting_id,
        case_id: row.case_id,
        corrects: row.corrects,
        payload,
        payload_digest: row.payload_digest.map_or("", |d| hex_into(&d, digest)),
        prev_hash: row.prev_hash.map_or("", |d| hex_into(&d, prev)),
        hash: row.hash.map_or("", |d| hex_into(&d, hash)),
        chain: row.chain.unwrap_or(1),
        committed_utc: row.committed_utc,
        salt: row.salt.map(|s| hex_into(&s, salt)),
    })
}

/// Where an event's four hex values are written: on the stack, reused
/// for every event.
struct HexBuffers([[u8; 64]; 4]);

impl Default for HexBuffers {
    fn default() -> HexBuffers {
        HexBuffers([[0; 64]; 4])
    }
}

/// Lower-case hex, as `hex::encode` writes it, into `buf`: no allocation
/// per value (`hex::encode` collects characters one by one, half of the
/// export's own work per event in `perf record` of `export --json`), and
/// two characters per byte from one table (`hex::encode_to_slice` looks up
/// each half and checks each index: a twentieth of the export's time).
fn hex_into<'b>(bytes: &[u8; 32], buf: &'b mut [u8; 64]) -> &'b str {
    for (pair, byte) in buf.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(*byte)]);
    }
    // Hex is ASCII: the empty fallback is never taken.
    std::str::from_utf8(buf).unwrap_or_default()
}

/// Each byte's two lower-case hex characters.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut pairs = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        pairs[i] = [DIGITS[i >> 4], DIGITS[i & 0xf]];
        i += 1;
    }
    pairs
};

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
        /// The event as the stream writes it field by field is, byte for
        /// byte, what serde writes for it from the derived `Serialize`.
        #[test]
        fn a_streamed_event_is_written_as_serde_writes_it(
            seq in any::<u64>(),
            texts in proptest::array::uniform9(crate::domain::json::tests::any_text()),
            ids in proptest::array::uniform3(proptest::option::of(any::<u64>())),
            payload in proptest::option::of(prop_oneof![
                Just("{}".to_string()),
                Just("{ \"b\" : 1 ,\"a\":[ true ] }".to_string()),
                crate::domain::json::tests::any_text().prop_map(|t| serde_json::json!({"description": t, "n": 3}).to_string()),
            ]),
            chain in any::<u8>(),
            committed in any::<bool>(),
            salted in any::<bool>(),
        ) {
            let raw = payload
                .as_deref()
                .map(|p| serde_json::from_str::<&serde_json::value::RawValue>(p).unwrap());
            let event: StreamedEvent<'_> = ExportEvent {
                seq,
                at_local: &texts[0],
                at_utc: &texts[1],
                actor: &texts[2],
                kind: &texts[3],
                meeting_id: ids[0],
                case_id: ids[1],
                corrects: ids[2],
                payload: raw,
                payload_digest: &texts[4],
                prev_hash: &texts[5],
                hash: &texts[6],
                chain,
                committed_utc: committed.then_some(texts[7].as_str()),
                salt: salted.then_some(texts[8].as_str()),
            };
            let mut written = Vec::new();
            event.write_json(&mut written);
            prop_assert_eq!(
                String::from_utf8(written).unwrap(),
                serde_json::to_string(&event).unwrap()
            );
        }

        #[test]
        fn hex_into_is_hex_encode(bytes in proptest::array::uniform32(any::<u8>())) {
            let mut buf = [0u8; 64];
            prop_assert_eq!(hex_into(&bytes, &mut buf), hex::encode(bytes));
        }
    }
}
