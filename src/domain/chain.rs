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
        sha256(&self.canonical())
    }

    /// The canonical JSON of the header, written field by field in sorted
    /// key order: byte for byte what [`canonical_json`] makes of it (tested
    /// below), without building a JSON value first.
    fn canonical(&self) -> Vec<u8> {
        let mut o = Canonical::new();
        o.text("actor", self.actor);
        o.text("at_local", self.at_local);
        o.text("at_utc", self.at_utc);
        o.number("case_id", self.case_id);
        o.number("corrects", self.corrects);
        o.text("kind", self.kind);
        o.number("meeting_id", self.meeting_id);
        o.end()
    }
}

/// A flat JSON object written in canonical form; the caller gives the keys
/// in sorted order.
struct Canonical(Vec<u8>);

impl Canonical {
    fn new() -> Canonical {
        Canonical(Vec::with_capacity(256))
    }

    fn key(&mut self, key: &str) {
        self.0.push(if self.0.is_empty() { b'{' } else { b',' });
        self.string(key);
        self.0.push(b':');
    }

    fn string(&mut self, text: &str) {
        // serde_json's escaping, as `Value::String(..).to_string()` has it.
        super::json::string(&mut self.0, text);
    }

    fn text(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    fn number(&mut self, key: &str, value: Option<u64>) {
        self.key(key);
        match value {
            // Written in place: a `to_string` per number was an allocation
            // per field of every event `verify` walks.
            Some(n) => super::json::number(&mut self.0, n),
            None => self.0.extend_from_slice(b"null"),
        }
    }

    fn end(mut self) -> Vec<u8> {
        if self.0.is_empty() {
            self.0.push(b'{');
        }
        self.0.push(b'}');
        self.0
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
        sha256(&self.canonical())
    }

    /// As [`Header::canonical`], with `chain: 2` and the commit time.
    fn canonical(&self) -> Vec<u8> {
        let mut o = Canonical::new();
        o.text("actor", self.actor);
        o.text("at_local", self.at_local);
        o.text("at_utc", self.at_utc);
        o.number("case_id", self.case_id);
        o.number("chain", Some(2));
        o.text("committed_utc", self.committed_utc);
        o.number("corrects", self.corrects);
        o.text("kind", self.kind);
        o.number("meeting_id", self.meeting_id);
        o.end()
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
    use proptest::prelude::*;
    use serde_json::json;

    /// The header as the JSON value it always was, made canonical the
    /// general way: the written form must match it byte for byte, or every
    /// stored hash would stop verifying.
    fn by_value_v1(h: &Header<'_>) -> String {
        canonical_json(&json!({
            "at_local": h.at_local,
            "at_utc": h.at_utc,
            "actor": h.actor,
            "kind": h.kind,
            "meeting_id": h.meeting_id,
            "case_id": h.case_id,
            "corrects": h.corrects,
        }))
    }

    fn by_value_v2(h: &HeaderV2<'_>) -> String {
        canonical_json(&json!({
            "chain": 2,
            "at_local": h.at_local,
            "at_utc": h.at_utc,
            "committed_utc": h.committed_utc,
            "actor": h.actor,
            "kind": h.kind,
            "meeting_id": h.meeting_id,
            "case_id": h.case_id,
            "corrects": h.corrects,
        }))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn written_headers_are_the_canonical_json_of_their_values(
            a in "\\PC*", b in "\\PC*", c in "[\\x00-\\x7f\"\\\\]*", d in ".*", e in "\\PC*",
            m in proptest::option::of(any::<u64>()),
            k in proptest::option::of(any::<u64>()),
            x in proptest::option::of(any::<u64>()),
        ) {
            let v1 = Header { at_local: &a, at_utc: &b, actor: &c, kind: &d, meeting_id: m, case_id: k, corrects: x };
            prop_assert_eq!(String::from_utf8(v1.canonical()).unwrap(), by_value_v1(&v1));
            let v2 = HeaderV2 { at_local: &a, at_utc: &b, committed_utc: &e, actor: &c, kind: &d, meeting_id: m, case_id: k, corrects: x };
            prop_assert_eq!(String::from_utf8(v2.canonical()).unwrap(), by_value_v2(&v2));
        }
    }

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
