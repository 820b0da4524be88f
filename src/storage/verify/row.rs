//! An event row as stored, every column read without trusting it: what
//! `verify` walks and the export writes. A column that cannot be read is
//! named (in Dutch) instead of failing the row.

use chrono::DateTime;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::domain::chain::{Digest, Salt};
use crate::domain::event::{Event, EventBody};
use crate::storage::StoreError;

/// An event row as stored, every column read without trusting it.
/// Borrowed from the row it was read from: a walk over a million events
/// copies none of their columns (the export writes them as they are).
pub(in crate::storage) struct StoredRow<'r> {
    pub seq: u64,
    pub at_local: Option<&'r str>,
    pub at_utc: Option<&'r str>,
    pub actor: Option<&'r str>,
    pub kind: Option<&'r str>,
    pub meeting_id: Option<u64>,
    pub case_id: Option<u64>,
    pub corrects: Option<u64>,
    /// The payload's bytes as stored (`None`: erased); may not be UTF-8.
    pub payload: Option<&'r [u8]>,
    pub payload_digest: Option<Digest>,
    pub prev_hash: Option<Digest>,
    pub hash: Option<Digest>,
    /// The chain version the row claims (1 or 2); `None` if unreadable.
    pub chain: Option<u8>,
    /// Version 2: when it was committed (RFC 3339 UTC).
    pub committed_utc: Option<&'r str>,
    /// Version 2: the salt of its payload digest (`None`: erased with the
    /// payload by a purge, or a version 1 row).
    pub salt: Option<Salt>,
    /// What could not be read, in Dutch; empty when every column could.
    pub unreadable: Vec<String>,
}

/// The columns [`StoredRow::read`] expects, in order.
pub(super) const ROW_COLUMNS: &str = "seq, at_local, at_utc, actor, kind, meeting_id, case_id, \
     corrects, payload, payload_digest, prev_hash, hash, chain, committed_utc, salt";

/// The same, for a file of schema 2 or older (chain version 1 only), opened
/// read-only and so not migrated.
const ROW_COLUMNS_V1: &str = "seq, at_local, at_utc, actor, kind, meeting_id, case_id, \
     corrects, payload, payload_digest, prev_hash, hash, 1, NULL, NULL";

/// The columns to `SELECT … FROM events` for [`StoredRow::read`] in this file.
pub(in crate::storage) fn row_columns(conn: &Connection) -> Result<&'static str, StoreError> {
    let v2: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('events') WHERE name = 'salt')",
        [],
        |r| r.get(0),
    )?;
    Ok(if v2 { ROW_COLUMNS } else { ROW_COLUMNS_V1 })
}

impl<'r> StoredRow<'r> {
    /// Reads one row of `SELECT {ROW_COLUMNS} FROM events`. Fails only when
    /// the seq itself cannot be read.
    pub(in crate::storage) fn read(r: &'r rusqlite::Row<'_>) -> Result<StoredRow<'r>, String> {
        let seq = match r.get_ref(0) {
            Ok(ValueRef::Integer(i)) if i > 0 => i as u64,
            Ok(v) => return Err(format!("volgnummer onleesbaar ({})", type_name(v))),
            Err(e) => return Err(format!("volgnummer onleesbaar ({e})")),
        };
        let mut unreadable = Vec::new();
        let mut text = |i: usize, name: &str| -> Option<&'r str> {
            match r.get_ref(i) {
                Ok(ValueRef::Text(b)) => match std::str::from_utf8(b) {
                    Ok(s) => Some(s),
                    Err(_) => {
                        unreadable.push(format!("{name} is geen geldige tekst (UTF-8)"));
                        None
                    }
                },
                Ok(v) => {
                    unreadable.push(format!("{name} is geen tekst ({})", type_name(v)));
                    None
                }
                Err(e) => {
                    unreadable.push(format!("{name} onleesbaar ({e})"));
                    None
                }
            }
        };
        let at_local = text(1, "tijdstip (lokaal)");
        let at_utc = text(2, "tijdstip (UTC)");
        let actor = text(3, "actor");
        let kind = text(4, "soort");
        let mut id = |i: usize, name: &str| -> Option<u64> {
            match r.get_ref(i) {
                Ok(ValueRef::Null) => None,
                Ok(ValueRef::Integer(n)) if n > 0 => Some(n as u64),
                Ok(v) => {
                    unreadable.push(format!("{name} is geen volgnummer ({})", type_name(v)));
                    None
                }
                Err(e) => {
                    unreadable.push(format!("{name} onleesbaar ({e})"));
                    None
                }
            }
        };
        let meeting_id = id(5, "vergadering");
        let case_id = id(6, "zaak");
        let corrects = id(7, "correctie van");
        let payload = match r.get_ref(8) {
            Ok(ValueRef::Null) => None,
            Ok(ValueRef::Text(b)) | Ok(ValueRef::Blob(b)) => Some(b),
            Ok(v) => {
                unreadable.push(format!("inhoud is geen tekst ({})", type_name(v)));
                Some(&[][..])
            }
            Err(e) => {
                unreadable.push(format!("inhoud onleesbaar ({e})"));
                Some(&[][..])
            }
        };
        let mut digest = |i: usize, name: &str| -> Option<Digest> {
            match r.get_ref(i) {
                Ok(ValueRef::Blob(b)) => match Digest::try_from(b) {
                    Ok(d) => Some(d),
                    Err(_) => {
                        unreadable.push(format!("{name} heeft een verkeerde lengte"));
                        None
                    }
                },
                Ok(v) => {
                    unreadable.push(format!("{name} is geen hash ({})", type_name(v)));
                    None
                }
                Err(e) => {
                    unreadable.push(format!("{name} onleesbaar ({e})"));
                    None
                }
            }
        };
        let payload_digest = digest(9, "digest van de inhoud");
        let prev_hash = digest(10, "vorige hash");
        let hash = digest(11, "hash");
        let chain = match r.get_ref(12) {
            Ok(ValueRef::Integer(v @ (1 | 2))) => Some(v as u8),
            Ok(v) => {
                unreadable.push(format!("ketenversie onbekend ({})", type_name(v)));
                None
            }
            Err(e) => {
                unreadable.push(format!("ketenversie onleesbaar ({e})"));
                None
            }
        };
        let committed_utc = match r.get_ref(13) {
            Ok(ValueRef::Null) => None,
            Ok(ValueRef::Text(b)) => match std::str::from_utf8(b) {
                Ok(s) => Some(s),
                Err(_) => {
                    unreadable.push("vastlegtijd is geen geldige tekst (UTF-8)".into());
                    None
                }
            },
            Ok(v) => {
                unreadable.push(format!("vastlegtijd is geen tekst ({})", type_name(v)));
                None
            }
            Err(e) => {
                unreadable.push(format!("vastlegtijd onleesbaar ({e})"));
                None
            }
        };
        let salt = match r.get_ref(14) {
            Ok(ValueRef::Null) => None,
            Ok(ValueRef::Blob(b)) => match Salt::try_from(b) {
                Ok(s) => Some(s),
                Err(_) => {
                    unreadable.push("zout heeft een verkeerde lengte".into());
                    None
                }
            },
            Ok(v) => {
                unreadable.push(format!("zout is geen binaire waarde ({})", type_name(v)));
                None
            }
            Err(e) => {
                unreadable.push(format!("zout onleesbaar ({e})"));
                None
            }
        };
        Ok(StoredRow {
            seq,
            at_local,
            at_utc,
            actor,
            kind,
            meeting_id,
            case_id,
            corrects,
            payload,
            payload_digest,
            prev_hash,
            hash,
            chain,
            committed_utc,
            salt,
            unreadable,
        })
    }

    /// The payload as text, if it is stored and valid UTF-8.
    pub(in crate::storage) fn payload_text(&self) -> Option<&'r str> {
        self.payload.and_then(|b| std::str::from_utf8(b).ok())
    }

    /// The event, when every part of it can be read and decoded.
    pub(in crate::storage) fn decode(&self) -> Result<Event, String> {
        let (Some(at_local), Some(actor), Some(kind)) = (self.at_local, self.actor, self.kind)
        else {
            return Err("kop onleesbaar".into());
        };
        let at = DateTime::parse_from_rfc3339(at_local)
            .map_err(|e| format!("tijdstip '{at_local}': {e}"))?;
        let body = match (&self.payload, self.payload_text()) {
            (None, _) => return Err("inhoud is gewist".into()),
            (Some(_), None) => return Err("inhoud is geen geldige tekst (UTF-8)".into()),
            (Some(_), Some(p)) => EventBody::from_stored(kind, p).map_err(|e| e.to_string())?,
        };
        Ok(Event {
            seq: self.seq,
            at,
            actor: actor.to_string(),
            meeting_id: self.meeting_id,
            case_id: self.case_id,
            corrects: self.corrects,
            body,
        })
    }
}

fn type_name(v: ValueRef<'_>) -> &'static str {
    match v {
        ValueRef::Null => "leeg",
        ValueRef::Integer(_) => "getal",
        ValueRef::Real(_) => "kommagetal",
        ValueRef::Text(_) => "tekst",
        ValueRef::Blob(_) => "binair",
    }
}
