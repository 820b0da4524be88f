//! The hash chain that makes the evidence log tamper-evident.
//!
//! Version 2 (every event written by this program):
//!
//! `payload_digest = SHA-256(salt ‖ canonical payload)`, with a random
//! 32-byte salt per event, and
//! `hash = SHA-256(TAG_V2 ‖ seq ‖ prev_hash ‖ SHA-256(canonical header v2) ‖ payload_digest)`,
//! where the header v2 holds the key-press time (`at_local`, `at_utc`), the
//! commit time (`committed_utc`), actor, kind, links and the chain version.
//!
//! Version 1 (registers written before chain version 2, up to the
//! `chain-upgraded` marker event): no salt, no commit time,
//! `hash = SHA-256(TAG ‖ seq ‖ prev_hash ‖ SHA-256(canonical header) ‖ SHA-256(canonical payload))`.
//!
//! The chain covers the payload's digest, not the payload itself, so that a
//! retention purge can erase a payload (keeping its digest) and the chain
//! still verifies. The salt is covered through the payload digest, not the
//! header, so that a purge erases the salt with the payload: the digest that
//! stays is then of 256 unknown bits plus the payload, and cannot be found
//! again by hashing a list of names. The header is chained too, so that no
//! byte of an event can change unnoticed.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// Domain separation for the event hash, chain version 1.
pub const TAG: &[u8] = b"raadsorde/event/v1\0";

/// Domain separation for the event hash, chain version 2.
pub const TAG_V2: &[u8] = b"raadsorde/event/v2\0";

/// The chain version this program writes.
pub const VERSION: u8 = 2;

/// The random salt of a version 2 payload digest.
pub type Salt = [u8; 32];

/// The hash before the first event.
pub const GENESIS: [u8; 32] = [0; 32];

pub type Digest = [u8; 32];

/// JSON with object keys sorted and no insignificant whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*key).clone()).to_string());
                out.push(':');
                write_canonical(&map[key.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub fn sha256(bytes: &[u8]) -> Digest {
    Sha256::digest(bytes).into()
}

/// The stored fields of an event other than its payload.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    pub at_local: &'a str,
    pub at_utc: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    pub meeting_id: Option<u64>,
    pub case_id: Option<u64>,
    pub corrects: Option<u64>,
}

impl Header<'_> {
    pub fn digest(&self) -> Digest {
        let value = serde_json::json!({
            "at_local": self.at_local,
            "at_utc": self.at_utc,
            "actor": self.actor,
            "kind": self.kind,
            "meeting_id": self.meeting_id,
            "case_id": self.case_id,
            "corrects": self.corrects,
        });
        sha256(canonical_json(&value).as_bytes())
    }
}

/// The stored fields of a version 2 event other than its payload and salt.
#[derive(Debug, Clone, Copy)]
pub struct HeaderV2<'a> {
    /// When the key was pressed.
    pub at_local: &'a str,
    pub at_utc: &'a str,
    /// When the event was committed (RFC 3339 UTC, milliseconds): never
    /// earlier than the commit time of the event before it.
    pub committed_utc: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    pub meeting_id: Option<u64>,
    pub case_id: Option<u64>,
    pub corrects: Option<u64>,
}

impl HeaderV2<'_> {
    pub fn digest(&self) -> Digest {
        let value = serde_json::json!({
            "chain": 2,
            "at_local": self.at_local,
            "at_utc": self.at_utc,
            "committed_utc": self.committed_utc,
            "actor": self.actor,
            "kind": self.kind,
            "meeting_id": self.meeting_id,
            "case_id": self.case_id,
            "corrects": self.corrects,
        });
        sha256(canonical_json(&value).as_bytes())
    }
}

/// The version 2 digest of a payload: `SHA-256(salt ‖ canonical payload)`.
pub fn salted_digest(salt: &Salt, payload: &[u8]) -> Digest {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(payload);
    h.finalize().into()
}

/// The version 2 link of event `seq` in the chain.
pub fn link_v2(seq: u64, prev: &Digest, header: &Digest, payload: &Digest) -> Digest {
    let mut h = Sha256::new();
    h.update(TAG_V2);
    h.update(seq.to_be_bytes());
    h.update(prev);
    h.update(header);
    h.update(payload);
    h.finalize().into()
}

/// The link of event `seq` in the chain, version 1.
pub fn link(seq: u64, prev: &Digest, header: &Digest, payload: &Digest) -> Digest {
    let mut h = Sha256::new();
    h.update(TAG);
    h.update(seq.to_be_bytes());
    h.update(prev);
    h.update(header);
    h.update(payload);
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"d": [3, {"z": 1, "y": 2}], "c": "é"}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"é","d":[3,{"y":2,"z":1}]},"b":1}"#
        );
    }

    fn header(actor: &str) -> Header<'_> {
        Header {
            at_local: "2026-11-29T20:01:02.000+01:00",
            at_utc: "2026-11-29T19:01:02.000Z",
            actor,
            kind: "demand",
            meeting_id: Some(1),
            case_id: Some(1),
            corrects: None,
        }
    }

    #[test]
    fn every_input_changes_the_link() {
        let p = sha256(b"{}");
        let h = header("griffie").digest();
        let base = link(2, &GENESIS, &h, &p);
        assert_ne!(base, link(3, &GENESIS, &h, &p));
        assert_ne!(base, link(2, &[1; 32], &h, &p));
        assert_ne!(base, link(2, &GENESIS, &header("iemand").digest(), &p));
        assert_ne!(base, link(2, &GENESIS, &h, &sha256(b"{ }")));
        assert_eq!(base, link(2, &GENESIS, &h, &p));
    }

    fn header_v2<'a>(committed: &'a str, actor: &'a str) -> HeaderV2<'a> {
        HeaderV2 {
            at_local: "2026-11-29T20:01:02.000+01:00",
            at_utc: "2026-11-29T19:01:02.000Z",
            committed_utc: committed,
            actor,
            kind: "demand",
            meeting_id: Some(1),
            case_id: Some(1),
            corrects: None,
        }
    }

    #[test]
    fn version_2_covers_the_commit_time_the_salt_and_its_own_tag() {
        let payload = b"{\"name\":\"Jan Jansen\"}";
        let p = salted_digest(&[7; 32], payload);
        assert_ne!(p, salted_digest(&[8; 32], payload));
        assert_ne!(p, sha256(payload), "the salt is inside the digest");
        let h = header_v2("2026-11-29T19:01:03.000Z", "griffie").digest();
        let base = link_v2(2, &GENESIS, &h, &p);
        let earlier = header_v2("2026-11-29T19:01:01.000Z", "griffie").digest();
        assert_ne!(base, link_v2(2, &GENESIS, &earlier, &p));
        assert_ne!(base, link(2, &GENESIS, &h, &p), "v1 and v2 differ");
        assert_ne!(
            base,
            link_v2(
                2,
                &GENESIS,
                &header_v2("2026-11-29T19:01:03.000Z", "x").digest(),
                &p
            )
        );
        assert_eq!(base, link_v2(2, &GENESIS, &h, &p));
    }
}
