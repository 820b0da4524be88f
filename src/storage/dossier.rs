//! Writing the police dossier of one case ([`crate::domain::dossier`]) and
//! recording it, in one write transaction: the head of the chain that the
//! document names is the one it was made from, and the record of the
//! dossier (an access-log entry holding the SHA-256 of the file) is the
//! very next event. The caller's `save` puts the bytes in a file beside the
//! target before the record commits; the caller renames it into place
//! afterwards, or removes it when the record failed.

use std::io;

use rusqlite::Connection;
use sha2::{Digest as _, Sha256};

use super::{Store, StoreError};
use crate::domain::access::AccessKind;
use crate::domain::case::PerpetratorKind;
use crate::domain::dossier::{Dossier, Input, LinkedPerpetrator};
use crate::domain::event::{Event, EventBody, NewEvent};

/// What the dossier is made with, beyond the register.
#[derive(Debug, Clone)]
pub struct DossierSettings {
    pub municipality: String,
    /// The municipality's address: the domicile of an aangifte.
    pub address: String,
}

/// A document made from the dossier, ready to be saved.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// For the access log: `pdf, 3 pagina's`, `md`, `json`.
    pub scope: String,
}

/// The dossier as recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The access-log event that records it (the head's successor).
    pub record: Event,
    pub sha256: String,
    pub bytes: usize,
    pub reference: String,
}

/// A case named on the command line: its number (`2026-0007`), or its
/// internal id (`7` or `#7`).
pub fn find_case(conn: &Connection, named: &str) -> Result<Option<u64>, StoreError> {
    let named = named.trim();
    let by_number: Option<u64> = conn
        .prepare_cached("SELECT id FROM cases WHERE number = ?1")?
        .query_row([named], |r| r.get(0))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    if by_number.is_some() {
        return Ok(by_number);
    }
    let Ok(id) = named.trim_start_matches('#').parse::<u64>() else {
        return Ok(None);
    };
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    Ok(exists.then_some(id))
}

fn linked_perpetrators(conn: &Connection, case: u64) -> Result<Vec<LinkedPerpetrator>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.kind, p.description, p.name
           FROM case_perpetrators cp JOIN perpetrators p ON p.id = cp.perpetrator_id
          WHERE cp.case_id = ?1 ORDER BY cp.linked_seq",
    )?;
    let rows = stmt.query_map([case], |r| {
        Ok((
            r.get::<_, u64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, description, name) = row?;
        let kind = PerpetratorKind::ALL
            .iter()
            .copied()
            .find(|k| k.key() == kind)
            .unwrap_or(PerpetratorKind::Persoon);
        out.push(LinkedPerpetrator {
            id,
            kind,
            description,
            name,
        });
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// A document written by the register, as its record says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub seq: u64,
    pub at: String,
    pub identity: String,
    pub case: Option<String>,
    pub scope: String,
}

impl Store {
    /// The records of the documents whose SHA-256 is that of `bytes`:
    /// empty when this register did not write them (or they were changed).
    pub fn document_records(&self, bytes: &[u8]) -> Result<Vec<DocumentRecord>, StoreError> {
        let sha256 = hex(&Sha256::digest(bytes));
        let mut out = Vec::new();
        for e in super::events::document_records(&self.conn, &sha256)? {
            if let EventBody::AccessLogged {
                identity,
                case,
                scope,
                sha256: named,
                ..
            } = &e.body
                && *named == sha256
            {
                let number = match case {
                    Some(c) => self.case_number(*c)?,
                    None => None,
                };
                out.push(DocumentRecord {
                    seq: e.seq,
                    at: e.at.format("%d-%m-%Y %H:%M:%S").to_string(),
                    identity: identity.clone(),
                    case: number,
                    scope: scope.clone(),
                });
            }
        }
        Ok(out)
    }

    /// Makes the dossier of `case` as this store's identity (who must be
    /// allowed to see the case), renders it with `render`, hands the bytes
    /// to `save`, and records it. All in one write transaction; nothing is
    /// recorded when any step fails.
    pub fn record_dossier(
        &mut self,
        case: u64,
        settings: &DossierSettings,
        render: impl FnOnce(&Dossier) -> Result<Rendered, String>,
        save: impl FnOnce(&[u8]) -> io::Result<()>,
    ) -> Result<Recorded, StoreError> {
        let viewer = self.viewer.clone();
        let by = self.by();
        self.batch(|b| {
            super::access::check_visible_on(&b.tx, viewer.as_deref(), case)?;
            let (head_seq, head) = super::head(&b.tx)?
                .ok_or_else(|| StoreError::Invalid("het register is leeg".into()))?;
            let number: String =
                b.tx.prepare_cached("SELECT number FROM cases WHERE id = ?1")?
                    .query_row([case], |r| r.get(0))?;
            let events = super::events::case_events(&b.tx, case)?;
            let meeting: Vec<Event> = match events.iter().find_map(|e| e.meeting_id) {
                Some(m) => super::events::meeting_events(&b.tx, m)?
                    .into_iter()
                    .filter(|e| e.case_id.is_none())
                    .collect(),
                None => Vec::new(),
            };
            let perpetrators = linked_perpetrators(&b.tx, case)?;
            let now = crate::domain::time::now();
            let dossier = Dossier::build(&Input {
                case_id: case,
                number: &number,
                events: &events,
                meeting: &meeting,
                perpetrators: &perpetrators,
                municipality: &settings.municipality,
                municipality_address: &settings.address,
                made_at: now,
                made_by: &by,
                head_seq,
                head_hash: hex(&head),
            });
            let rendered = render(&dossier).map_err(|e| {
                StoreError::Invalid(format!("het dossier kon niet worden opgemaakt: {e}"))
            })?;
            let sha256 = hex(&Sha256::digest(&rendered.bytes));
            save(&rendered.bytes).map_err(|e| {
                StoreError::Invalid(format!("het dossier kon niet worden opgeslagen: {e}"))
            })?;
            let record = b.append(NewEvent::new(
                now,
                by.clone(),
                EventBody::AccessLogged {
                    identity: by.clone(),
                    what: AccessKind::Dossier,
                    case: Some(case),
                    scope: rendered.scope.clone(),
                    sha256: sha256.clone(),
                },
            ))?;
            if record.seq != head_seq + 1 {
                return Err(StoreError::Invalid(format!(
                    "het dossier noemt gebeurtenis {} als volgende, maar kreeg {}",
                    head_seq + 1,
                    record.seq
                )));
            }
            Ok(Recorded {
                record,
                sha256,
                bytes: rendered.bytes.len(),
                reference: dossier.reference,
            })
        })
    }
}
