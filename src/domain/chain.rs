//! The hash chain that makes the evidence log tamper-evident.
//!
//! `hash = SHA-256(TAG ‖ seq ‖ prev_hash ‖ SHA-256(canonical header) ‖ SHA-256(canonical payload))`
//!
//! The chain covers the payload's digest, not the payload itself, so that a
//! retention purge can erase a payload (keeping its digest) and the chain still
//! verifies. The header (time, actor, kind, links) is chained too, so that no
//! byte of an event can change unnoticed.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// Domain separation for the event hash.
pub const TAG: &[u8] = b"raadsorde/event/v1\0";

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

/// The link of event `seq` in the chain.
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
}
