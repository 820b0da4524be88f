//! One event as exported: owned, for the in-memory export, or borrowed
//! from its row and written field by field, for the streamed document.

use serde::Serialize;

use super::super::verify::StoredRow;
use crate::domain::json;

/// One event as exported. `S` is how its text is held: owned (the
/// in-memory [`super::Export`]) or borrowed from the row as read and from buffers
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
pub(super) type StreamedEvent<'a> = ExportEvent<&'a str, &'a serde_json::value::RawValue>;

impl StreamedEvent<'_> {
    /// The same event, owned, its payload parsed.
    pub(super) fn to_owned_event(&self) -> Result<ExportEvent, String> {
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

    /// Appends the event as JSON to `out`: the bytes `serde_json` writes
    /// for it (the derived `Serialize`, tested equal on arbitrary events),
    /// written field by field. serde escapes every key and string a byte at
    /// a time, and most of what an event holds (its keys, four hex hashes,
    /// its times) needs no escaping: a sixth of the export's time in
    /// `perf record`. A string that needs it still goes through serde.
    pub(super) fn write_json(&self, out: &mut Vec<u8>) {
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
pub(super) fn export_event<'a>(
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
pub(super) struct HexBuffers([[u8; 64]; 4]);

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
