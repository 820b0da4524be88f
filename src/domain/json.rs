//! JSON strings and numbers written into a buffer exactly as `serde_json`
//! writes them, faster for the text most of the register holds.
//!
//! serde escapes a string a byte at a time. What `verify` hashes (the
//! canonical header of each event) and what `export --json` writes (its
//! keys, times, hex hashes) rarely holds a byte that needs escaping, and a
//! million events made that loop a sixth of the export's time in `perf
//! record`. A string without such a byte is copied between quotes; one
//! with it is still escaped by serde. Tested equal to serde on arbitrary
//! text.

/// Appends `s` as a JSON string: the bytes `serde_json::to_writer` writes.
pub fn string(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        // Writing to a Vec cannot fail, nor can serialising a str.
        let _ = serde_json::to_writer(out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Appends `n` as serde writes it.
pub fn number(out: &mut Vec<u8>, n: u64) {
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(out, &n);
}

/// Whether serde would escape a byte of `bytes`: a control character, the
/// quote or the backslash (it writes every other byte as it is). Every
/// byte is looked at, without a branch per byte, which the compiler turns
/// into vector instructions.
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Texts with what JSON must escape (quotes, backslashes, control
    /// characters, in and past the first sixteen bytes) and what it must
    /// not (accents, other scripts, DEL).
    pub(crate) fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ -~]{0,40}",
            "[a-f0-9]{64}",
            any::<String>(),
            "[\\\\\"\\u{0}-\\u{1f}\\u{7f}éß€ a]{0,40}",
        ]
    }

    proptest! {
        #[test]
        fn a_string_is_written_as_serde_writes_it(s in any_text()) {
            let mut out = b"x".to_vec();
            string(&mut out, &s);
            prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("x{}", serde_json::to_string(&s).unwrap())
            );
        }

        #[test]
        fn a_number_is_written_as_serde_writes_it(n in any::<u64>()) {
            let mut out = Vec::new();
            number(&mut out, n);
            prop_assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn an_escape_at_any_place_is_found() {
        for len in [1, 15, 16, 17, 31, 32, 33, 64] {
            for at in 0..len {
                for bad in [b'"', b'\\', b'\n', 0u8, 0x1f] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = bad;
                    assert!(needs_escape(&bytes), "{len} {at} {bad}");
                }
            }
            assert!(!needs_escape(&vec![b'a'; len]));
        }
    }
}
