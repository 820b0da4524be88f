//! Comparing the stored projections with the ones rebuilt from the events
//! (`project/replay.rs`): row by row, in key order, naming the table, the
//! row, the column, what is stored and what the events say.

use std::cmp::Ordering;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::StoreError;
use super::project::replay::{Opaque, Rebuilt};
use super::verify::{ProblemKind, Problems};

/// Differences listed per table; the rest are counted.
const LISTED_PER_TABLE: usize = 20;

/// Whether a row (by its key; `None`) or one of its columns (`Some`) is
/// left out of the comparison: made or changed by an event whose payload
/// cannot be read.
type Skip = fn(&Opaque, &[Cell], Option<&str>) -> bool;

/// One table to compare: its name, its key columns and its other columns.
struct Table {
    name: &'static str,
    key: &'static [&'static str],
    columns: &'static [&'static str],
    /// Whether a row (by its key) is left out: made by an event whose
    /// payload cannot be read.
    skip: Skip,
    /// Columns where a stored NULL is accepted whatever the events say:
    /// the next step of a case is derived by the case-file rules when an
    /// event is appended to it, and a register migrated from schema 1 has
    /// none until then. A stored value must still match.
    lenient: &'static [&'static str],
}

fn id_of(key: &[Cell], i: usize) -> Option<u64> {
    match key.get(i) {
        Some(Cell::Int(n)) if *n > 0 => Some(*n as u64),
        _ => None,
    }
}

const TABLES: &[Table] = &[
    Table {
        name: "meetings",
        key: &["id"],
        columns: &[
            "meeting_type",
            "title",
            "chair",
            "location",
            "started_at",
            "ended_at",
        ],
        skip: |o, k, _| id_of(k, 0).is_some_and(|id| o.meetings.contains(&id)),
        lenient: &[],
    },
    Table {
        name: "cases",
        key: &["id"],
        columns: &[
            "number",
            "year",
            "year_seq",
            "origin",
            "meeting_id",
            "opened_seq",
            "category",
            "opened_at",
            "status",
            "occurred_at",
            "occurred_utc",
            "channel",
            "victim_role",
            "victim_name",
            "updated_at",
            "next_step",
            "next_due_utc",
            "visible",
            "opened_by",
            "handed_over",
        ],
        skip: |o, k, column| {
            id_of(k, 0).is_some_and(|id| match column {
                None => o.cases.contains(&id),
                Some(c) => o.case_column(id, c),
            })
        },
        lenient: &["next_step", "next_due_utc"],
    },
    Table {
        name: "due_items",
        key: &["case_id", "key"],
        columns: &[
            "label",
            "section",
            "from_utc",
            "late_utc",
            "basis",
            "reminders",
            "outlives_case",
            "nudge",
            "case_closed",
        ],
        // Derived with the next step, by the same rules: unknown where it is.
        skip: |o, k, _| id_of(k, 0).is_some_and(|id| o.case_column(id, "next_step")),
        lenient: &[],
    },
    Table {
        name: "perpetrators",
        key: &["id"],
        columns: &["kind", "description", "name", "registered_at"],
        skip: |o, k, _| id_of(k, 0).is_some_and(|id| o.perpetrators.contains(&id)),
        lenient: &[],
    },
    Table {
        name: "case_perpetrators",
        key: &["case_id", "perpetrator_id"],
        columns: &["linked_seq"],
        skip: |o, k, _| {
            id_of(k, 0).is_some_and(|id| o.case_links.contains(&id))
                || id_of(k, 1).is_some_and(|id| o.perpetrators.contains(&id))
        },
        lenient: &[],
    },
    Table {
        name: "identity_roles",
        key: &["identity", "role"],
        columns: &["granted_seq"],
        skip: |o, _, _| o.access,
        lenient: &[],
    },
    Table {
        name: "identity_links",
        key: &["identity", "kind", "target"],
        columns: &["linked_seq"],
        skip: |o, _, _| o.access,
        lenient: &[],
    },
    Table {
        name: "access_log",
        key: &["seq"],
        columns: &["at_local", "identity", "what", "case_id", "scope"],
        skip: |o, _, _| o.access,
        lenient: &[],
    },
];

/// What migration 5 (the roles) added.
const ROLE_TABLES: &[&str] = &["identity_roles", "identity_links", "access_log"];
const ROLE_CASE_COLUMNS: &[&str] = &["visible", "opened_by", "handed_over"];

/// The full-text indexes, compared token by token through `fts5vocab`
/// (which reads the index itself, whatever its segment layout): for each
/// document, column and position, the token.
const INDEXES: &[(&str, Skip)] = &[
    // The key is (word, document, column, position).
    ("case_text", |o, k, _| {
        id_of(k, 1).is_some_and(|id| o.case_text.contains(&id))
    }),
    ("perpetrator_text", |o, k, _| {
        id_of(k, 1).is_some_and(|id| o.perpetrators.contains(&id))
    }),
];

pub(super) fn run(
    stored: &Connection,
    rebuilt: &Option<Rebuilt>,
    problems: &mut Problems,
) -> Result<(), StoreError> {
    let Some(rebuilt) = rebuilt else {
        return Ok(());
    };
    // A register of before the roles (schema 4, read-only, not migrated)
    // has neither their tables nor their case columns: those are not
    // compared.
    let roles: bool = stored
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'access_log')",
            [],
            |r| r.get(0),
        )
        .unwrap_or(false);
    // Due items computed by a program with other deadline rules are
    // computed again at the next open, not compared.
    let due = super::due::computed_by_these_rules(stored);
    for table in TABLES {
        if !roles && ROLE_TABLES.contains(&table.name) {
            continue;
        }
        if !due && table.name == "due_items" {
            continue;
        }
        let cols: Vec<&str> = table
            .key
            .iter()
            .chain(table.columns)
            .copied()
            .filter(|c| roles || table.name != "cases" || !ROLE_CASE_COLUMNS.contains(c))
            .collect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {}",
            cols.join(", "),
            table.name,
            table.key.join(", ")
        );
        let what = format!("tabel {}", table.name);
        let result = compare(
            stored,
            &rebuilt.conn,
            &sql,
            table.key.len(),
            &[],
            &cols,
            table.lenient,
            |k, c| (table.skip)(&rebuilt.opaque, k, c),
            &what,
            problems,
        );
        unreadable(result, &what, problems);
    }
    for (index, skip) in INDEXES {
        let vocab = format!("verify_vocab_{index}");
        let create = format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab} USING fts5vocab(main, {index}, instance)"
        );
        let what = format!("zoekindex {index}");
        // In the vocabulary's own order: by word (the only order it
        // delivers without a sort), and within a word by document, column
        // and position, as its lists are stored. Ordered by document
        // instead, SQLite sorted every word of the register in memory:
        // 1 GiB at 1.3 million events (`cargo bench --bench scale`).
        let sql = format!("SELECT term, doc, col, offset FROM temp.{vocab} ORDER BY term");
        let result = stored
            .execute_batch(&create)
            .and_then(|()| rebuilt.conn.execute_batch(&create))
            .map_err(StoreError::from)
            .and_then(|()| {
                compare(
                    stored,
                    &rebuilt.conn,
                    &sql,
                    4,
                    // Shown as document, column, position, word.
                    &[1, 2, 3, 0],
                    &["woord", "doc", "kolom", "positie"],
                    &[],
                    |k, c| skip(&rebuilt.opaque, k, c),
                    &what,
                    problems,
                )
            });
        // The temporary table lives in the connection, not in the file.
        let drop = format!("DROP TABLE IF EXISTS temp.{vocab}");
        stored.execute_batch(&drop)?;
        unreadable(result, &what, problems);
    }
    Ok(())
}

/// A table or index that cannot be read (dropped, altered, damaged) is a
/// problem of the register, not a failure of the check.
fn unreadable(result: Result<(), StoreError>, what: &str, problems: &mut Problems) {
    if let Err(e) = result {
        problems.push(
            None,
            ProblemKind::Projection,
            format!("{what} kon niet worden gelezen of vergeleken (verwijderd of gewijzigd?): {e}"),
        );
    }
}

/// A value as read, compared exactly (text as bytes).
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl Cell {
    fn of(v: ValueRef<'_>) -> Cell {
        match v {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(i) => Cell::Int(i),
            ValueRef::Real(f) => Cell::Real(f),
            ValueRef::Text(t) => Cell::Text(t.to_vec()),
            ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Cell::Null => 0,
            Cell::Int(_) | Cell::Real(_) => 1,
            Cell::Text(_) => 2,
            Cell::Blob(_) => 3,
        }
    }

    /// SQLite's order, close enough for merging two sorted streams.
    fn order(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Int(a), Cell::Int(b)) => a.cmp(b),
            (Cell::Real(a), Cell::Real(b)) => a.total_cmp(b),
            (Cell::Int(a), Cell::Real(b)) => (*a as f64).total_cmp(b),
            (Cell::Real(a), Cell::Int(b)) => a.total_cmp(&(*b as f64)),
            (Cell::Text(a), Cell::Text(b)) | (Cell::Blob(a), Cell::Blob(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }

    fn show(&self) -> String {
        match self {
            Cell::Null => "leeg".into(),
            Cell::Int(i) => i.to_string(),
            Cell::Real(f) => f.to_string(),
            Cell::Text(t) => {
                let s = String::from_utf8_lossy(t);
                let short: String = s.chars().take(80).collect();
                if short.len() < s.len() {
                    format!("'{short}…'")
                } else {
                    format!("'{short}'")
                }
            }
            Cell::Blob(b) => format!("binair ({} bytes)", b.len()),
        }
    }
}

fn order_keys(a: &[Cell], b: &[Cell]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match x.order(y) {
            Ordering::Equal => continue,
            other => return other,
        }
    }
    a.len().cmp(&b.len())
}

/// The key as shown: in the order of `display` (indexes into `key`), or
/// as it is when that is empty.
fn show_key(key: &[Cell], display: &[usize]) -> String {
    if display.is_empty() {
        return key.iter().map(Cell::show).collect::<Vec<_>>().join(", ");
    }
    display
        .iter()
        .filter_map(|&i| key.get(i))
        .map(Cell::show)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Walks two result sets of the same query in key order and reports every
/// difference (the first [`LISTED_PER_TABLE`] by name).
#[allow(clippy::too_many_arguments)]
fn compare(
    stored: &Connection,
    rebuilt: &Connection,
    sql: &str,
    key_len: usize,
    display: &[usize],
    names: &[&str],
    lenient: &[&str],
    skip: impl Fn(&[Cell], Option<&str>) -> bool,
    what: &str,
    problems: &mut Problems,
) -> Result<(), StoreError> {
    let mut s_stmt = stored.prepare(sql)?;
    let mut r_stmt = rebuilt.prepare(sql)?;
    let mut s_rows = s_stmt.query([])?;
    let mut r_rows = r_stmt.query([])?;
    let width = names.len();
    let next = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<Vec<Cell>>, StoreError> {
        match rows.next()? {
            None => Ok(None),
            Some(r) => {
                let mut out = Vec::with_capacity(width);
                for i in 0..width {
                    out.push(Cell::of(r.get_ref(i)?));
                }
                Ok(Some(out))
            }
        }
    };
    let mut s = next(&mut s_rows)?;
    let mut r = next(&mut r_rows)?;
    let mut found = 0usize;
    let mut report = |problems: &mut Problems, text: String| {
        found += 1;
        if found <= LISTED_PER_TABLE {
            problems.push(None, ProblemKind::Projection, text);
        }
    };
    loop {
        match (&s, &r) {
            (None, None) => break,
            (Some(a), Some(b)) => {
                let (ka, kb) = (&a[..key_len], &b[..key_len]);
                match order_keys(ka, kb) {
                    Ordering::Equal => {
                        if !skip(ka, None) {
                            for i in key_len..width {
                                let tolerated = (a[i] == Cell::Null && lenient.contains(&names[i]))
                                    || skip(ka, Some(names[i]));
                                if a[i] != b[i] && !tolerated {
                                    report(
                                        problems,
                                        format!(
                                            "{what}, rij {}, kolom {}: opgeslagen {}, volgens de gebeurtenissen {}",
                                            show_key(ka, display),
                                            names[i],
                                            a[i].show(),
                                            b[i].show()
                                        ),
                                    );
                                }
                            }
                        }
                        s = next(&mut s_rows)?;
                        r = next(&mut r_rows)?;
                    }
                    Ordering::Less => {
                        if !skip(ka, None) {
                            report(problems, extra(what, ka, display));
                        }
                        s = next(&mut s_rows)?;
                    }
                    Ordering::Greater => {
                        if !skip(kb, None) {
                            report(problems, missing(what, kb, display, &b[key_len..]));
                        }
                        r = next(&mut r_rows)?;
                    }
                }
            }
            (Some(a), None) => {
                if !skip(&a[..key_len], None) {
                    report(problems, extra(what, &a[..key_len], display));
                }
                s = next(&mut s_rows)?;
            }
            (None, Some(b)) => {
                if !skip(&b[..key_len], None) {
                    report(
                        problems,
                        missing(what, &b[..key_len], display, &b[key_len..]),
                    );
                }
                r = next(&mut r_rows)?;
            }
        }
    }
    if found > LISTED_PER_TABLE {
        problems.push(
            None,
            ProblemKind::Projection,
            format!(
                "{what}: nog {} verschillen niet genoemd",
                found - LISTED_PER_TABLE
            ),
        );
    }
    Ok(())
}

fn extra(what: &str, key: &[Cell], display: &[usize]) -> String {
    format!(
        "{what}, rij {}: staat in het register, maar volgt niet uit de gebeurtenissen",
        show_key(key, display)
    )
}

fn missing(what: &str, key: &[Cell], display: &[usize], rest: &[Cell]) -> String {
    let first = rest.first().map(Cell::show).unwrap_or_default();
    format!(
        "{what}, rij {}: ontbreekt in het register (volgens de gebeurtenissen: {first}, …)",
        show_key(key, display)
    )
}
