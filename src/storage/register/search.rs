//! What the user typed in the search field, made into a safe FTS5 query.

/// At most this many words of a search are used; the rest is ignored.
const MAX_SEARCH_WORDS: usize = 16;

/// Turns what the user typed into a safe FTS5 query: each word becomes a
/// quoted prefix (`"word"*`), and all words must match. Quotes inside a word
/// are doubled, so no input can form FTS5 syntax (`AND`, `NEAR(`, `-`, `*`,
/// column filters are all plain text). Words without a letter or digit are
/// dropped; `None` when nothing is left (then there is no search at all).
pub fn fts_query(text: &str) -> Option<String> {
    let mut out = String::new();
    for word in search_words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('"');
        out.push_str(&word.replace('"', "\"\""));
        out.push_str("\"*");
    }
    (!out.is_empty()).then_some(out)
}

/// The words of a search as [`fts_query`] takes them.
pub(super) fn search_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_SEARCH_WORDS)
}
