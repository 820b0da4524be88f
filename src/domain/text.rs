//! Free-text fields: any Unicode, no control characters, a visible length cap.

/// Maximum lengths (in characters) of the free-text fields.
pub mod limits {
    pub const TITLE: usize = 120;
    pub const NAME: usize = 80;
    pub const PLACE: usize = 80;
    pub const DESCRIPTION: usize = 200;
    pub const NOTE: usize = 500;
    pub const REASON: usize = 200;
}

/// Removes control characters (newlines and tabs become a space), trims the
/// ends and cuts the text at `max` characters.
///
/// Works in one pass and stops reading after `max` kept characters, so a huge
/// paste costs no more than the cap.
pub fn clean(input: &str, max: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max * 4));
    let mut kept = 0;
    for ch in input.chars() {
        if kept >= max {
            break;
        }
        let ch = match ch {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => continue,
            // Bidirectional overrides can make evidence read differently than it is stored.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => continue,
            c => c,
        };
        if ch == ' ' && (kept == 0 || out.ends_with(' ')) {
            continue;
        }
        out.push(ch);
        kept += 1;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_dutch_and_foreign_names() {
        assert_eq!(clean("Özdemir", 80), "Özdemir");
        assert_eq!(clean("’t Hart", 80), "’t Hart");
        assert_eq!(clean("Ĳsselmeer ĳs", 80), "Ĳsselmeer ĳs");
    }

    #[test]
    fn strips_control_characters_and_escape_sequences() {
        assert_eq!(clean("a\u{1b}[31mb\u{7}c", 80), "a[31mbc");
        assert_eq!(clean("regel\nnieuwe\tregel", 80), "regel nieuwe regel");
        assert_eq!(clean("x\u{202E}y", 80), "xy");
    }

    #[test]
    fn trims_and_collapses_spaces() {
        assert_eq!(clean("  veel   ruimte  ", 80), "veel ruimte");
    }

    #[test]
    fn caps_length_in_characters_not_bytes() {
        let long = "é".repeat(1000);
        let cleaned = clean(&long, limits::NAME);
        assert_eq!(cleaned.chars().count(), limits::NAME);
    }

    #[test]
    fn huge_paste_is_cut_cheaply() {
        let huge = "x".repeat(5_000_000);
        assert_eq!(clean(&huge, 10), "xxxxxxxxxx");
    }
}
