//! Walking the hash chain.

use rusqlite::Connection;

use super::StoreError;
use crate::domain::chain::{self, Digest, GENESIS, Header};

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every event links to the one before it and matches its hash.
    Intact {
        count: u64,
        head: Option<(u64, Digest)>,
    },
    /// The first event that does not verify, and why.
    Broken { seq: u64, reason: String },
}

pub fn run(conn: &Connection) -> Result<Verdict, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                payload, payload_digest, prev_hash, hash
         FROM events ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1u64;
    let mut prev: Digest = GENESIS;
    let mut head = None;
    while let Some(r) = rows.next()? {
        let seq: u64 = r.get(0)?;
        let broken = |reason: &str| {
            Ok(Verdict::Broken {
                seq,
                reason: reason.to_string(),
            })
        };
        if seq != expected_seq {
            return Ok(Verdict::Broken {
                seq: expected_seq,
                reason: format!("gebeurtenis {expected_seq} ontbreekt (volgende is {seq})"),
            });
        }
        let at_local: String = r.get(1)?;
        let at_utc: String = r.get(2)?;
        let actor: String = r.get(3)?;
        let kind: String = r.get(4)?;
        let meeting_id: Option<u64> = r.get(5)?;
        let case_id: Option<u64> = r.get(6)?;
        let corrects: Option<u64> = r.get(7)?;
        let payload: Option<String> = r.get(8)?;
        let Ok(payload_digest) = Digest::try_from(r.get::<_, Vec<u8>>(9)?) else {
            return broken("digest van de inhoud heeft een verkeerde lengte");
        };
        let Ok(prev_hash) = Digest::try_from(r.get::<_, Vec<u8>>(10)?) else {
            return broken("vorige hash heeft een verkeerde lengte");
        };
        let Ok(hash) = Digest::try_from(r.get::<_, Vec<u8>>(11)?) else {
            return broken("hash heeft een verkeerde lengte");
        };
        if prev_hash != prev {
            return broken("sluit niet aan op de vorige gebeurtenis (verwijderd of verplaatst?)");
        }
        if let Some(p) = &payload
            && chain::sha256(p.as_bytes()) != payload_digest
        {
            return broken("inhoud is gewijzigd");
        }
        let header = Header {
            at_local: &at_local,
            at_utc: &at_utc,
            actor: &actor,
            kind: &kind,
            meeting_id,
            case_id,
            corrects,
        };
        if chain::link(seq, &prev, &header.digest(), &payload_digest) != hash {
            return broken("tijdstip, actor, soort, koppeling of hash is gewijzigd");
        }
        prev = hash;
        head = Some((seq, hash));
        expected_seq += 1;
    }
    Ok(Verdict::Intact {
        count: expected_seq - 1,
        head,
    })
}
