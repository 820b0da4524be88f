//! The full JSON export: every meeting, case and event.

use rusqlite::Connection;
use serde::Serialize;

use super::StoreError;

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

#[derive(Debug, Serialize)]
pub struct ExportEvent {
    pub seq: u64,
    pub at_local: String,
    pub at_utc: String,
    pub actor: String,
    pub kind: String,
    pub meeting_id: Option<u64>,
    pub case_id: Option<u64>,
    pub corrects: Option<u64>,
    /// `null` when erased by a retention purge; its digest stays.
    pub payload: Option<serde_json::Value>,
    pub payload_digest: String,
    pub prev_hash: String,
    pub hash: String,
}

pub fn run(conn: &Connection) -> Result<Export, StoreError> {
    let meetings = conn
        .prepare(
            "SELECT id, meeting_type, title, chair, location, started_at, ended_at
             FROM meetings ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(MeetingRow {
                id: r.get(0)?,
                meeting_type: r.get(1)?,
                title: r.get(2)?,
                chair: r.get(3)?,
                location: r.get(4)?,
                started_at: r.get(5)?,
                ended_at: r.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let cases = conn
        .prepare(
            "SELECT c.id, c.number, c.origin, c.meeting_id, c.opened_seq, c.category, c.opened_at,
                    c.status, c.occurred_at, c.channel, c.victim_role,
                    (SELECT group_concat(perpetrator_id) FROM case_perpetrators cp
                      WHERE cp.case_id = c.id)
             FROM cases c ORDER BY c.id",
        )?
        .query_map([], |r| {
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
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                payload, payload_digest, prev_hash, hash
         FROM events ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: u64 = r.get(0)?;
        let payload: Option<String> = r.get(8)?;
        let payload = match payload {
            Some(p) => Some(serde_json::from_str(&p).map_err(|e| StoreError::Corrupt {
                seq,
                reason: format!("inhoud: {e}"),
            })?),
            None => None,
        };
        events.push(ExportEvent {
            seq,
            at_local: r.get(1)?,
            at_utc: r.get(2)?,
            actor: r.get(3)?,
            kind: r.get(4)?,
            meeting_id: r.get(5)?,
            case_id: r.get(6)?,
            corrects: r.get(7)?,
            payload,
            payload_digest: hex::encode(r.get::<_, Vec<u8>>(9)?),
            prev_hash: hex::encode(r.get::<_, Vec<u8>>(10)?),
            hash: hex::encode(r.get::<_, Vec<u8>>(11)?),
        });
    }
    Ok(Export {
        format: FORMAT,
        exported_at: crate::domain::time::local_string(&crate::domain::time::now()),
        meetings,
        cases,
        events,
    })
}
