//! The search row of a case: the words its events tell, its victim's name
//! and its linked perpetrators, written at the end of a write transaction
//! ([`super::Writer::finish`]).

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::event::{Event, EventBody};
use crate::storage::StoreError;

/// The searchable words a case's events tell: what happened (and who did
/// it), where, and the notes, each in the order of the events, joined by
/// spaces; `None` where no event tells any. Derived from the events as
/// decoded, so that the end of a transaction reads a case's events once for
/// its next step and its search row together (`verify`'s rebuild read every
/// case back twice, the second time through `json_extract`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(in crate::storage) struct CaseWords {
    pub(in crate::storage) what: Option<String>,
    pub(in crate::storage) place: Option<String>,
    pub(in crate::storage) notes: Option<String>,
}

impl CaseWords {
    pub(in crate::storage) fn of(events: &[Event]) -> CaseWords {
        fn add(to: &mut Option<String>, words: &str) {
            match to {
                Some(text) => {
                    text.push(' ');
                    text.push_str(words);
                }
                None => *to = Some(words.to_string()),
            }
        }
        // An empty string field is left out of the stored payload
        // (`skip_serializing_if`), so it tells nothing; an empty `Option`
        // is stored, and counts.
        fn told(s: &str) -> Option<&str> {
            (!s.is_empty()).then_some(s)
        }
        let mut w = CaseWords::default();
        for event in events {
            match &event.body {
                EventBody::CaseOpened { what, place, .. } => {
                    add(&mut w.what, what);
                    add(&mut w.place, place);
                }
                EventBody::DisturbanceStarted {
                    description, place, ..
                } => {
                    if let Some(d) = told(description) {
                        add(&mut w.what, d);
                    }
                    if let Some(p) = told(place) {
                        add(&mut w.place, p);
                    }
                }
                EventBody::DisturbanceDescribed { what, place, .. } => {
                    if let Some(what) = what {
                        add(&mut w.what, what);
                    }
                    if let Some(place) = place {
                        add(&mut w.place, place);
                    }
                }
                EventBody::PersonAdded { who, .. } | EventBody::PersonDescribed { who, .. } => {
                    let both = format!("{} {}", who.description, who.name);
                    add(&mut w.what, both.trim_matches(' '));
                }
                EventBody::Note { text } => add(&mut w.notes, text),
                _ => {}
            }
        }
        w
    }
}

/// How many cases' words [`super::Writer::finish`] holds before it writes their
/// search rows: the search index writes its pending terms at the next due
/// items' write (a statement savepoint), so once per this many cases, with
/// the memory bounded whatever the transaction's size.
pub(super) const WORDS_AT_ONCE: usize = 10_000;

/// Rewrites the search row of one case: its events' words ([`CaseWords`]),
/// its victim's name and its linked perpetrators.
pub(super) fn rewrite_case_text(
    tx: &Connection,
    case_id: u64,
    words: &CaseWords,
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM case_text WHERE rowid = ?1")?
        .execute([case_id])?;
    // Read first, then insert one row of values: an `INSERT … SELECT` into
    // the search index is a multi-row write, which makes SQLite open a
    // statement savepoint, and FTS5 writes its pending terms to disk at
    // every savepoint: a segment per case, merged again and again (a tenth
    // of the demo's time at 100,000 cases). The values are passed on as
    // SQLite gave them.
    let row: Option<[rusqlite::types::Value; 2]> = tx
        .prepare_cached(
            "SELECT c.victim_name,
                (SELECT group_concat(p.description || ' ' || p.name, ' ')
                   FROM case_perpetrators cp JOIN perpetrators p ON p.id = cp.perpetrator_id
                  WHERE cp.case_id = c.id)
           FROM cases c WHERE c.id = ?1",
        )?
        .query_row([case_id], |r| Ok([r.get(0)?, r.get(1)?]))
        .optional()?;
    if let Some([victim, perpetrators]) = row {
        tx.prepare_cached(
            "INSERT INTO case_text (rowid, what, place, victim, notes, perpetrators)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            case_id,
            words.what,
            words.place,
            victim,
            words.notes,
            perpetrators
        ])?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
