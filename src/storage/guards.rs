//! The append-only guards of the evidence log: the triggers that refuse an
//! UPDATE or DELETE of an event. Someone who can write the file can drop or
//! replace them; every read-write open checks them and puts them back, and
//! `verify` reports them missing.

use rusqlite::Connection;

use super::StoreError;

/// Each guard: its name and the statement that creates it, exactly as
/// migration 001 does.
const GUARDS: &[(&str, &str)] = &[
    (
        "events_no_update",
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenissen zijn onveranderlijk: corrigeer met een nieuwe gebeurtenis');
END",
    ),
    (
        "events_no_delete",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenissen kunnen niet worden verwijderd');
END",
    ),
];

/// A guard that is not as it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Missing {
    pub name: &'static str,
    /// A trigger of that name exists, but does something else.
    pub altered: bool,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.altered {
            write!(f, "trigger {} is gewijzigd", self.name)
        } else {
            write!(f, "trigger {} ontbreekt", self.name)
        }
    }
}

/// Whitespace does not count: SQLite keeps the text as it was written.
fn normal(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The guards that are missing or altered.
pub(super) fn check(conn: &Connection) -> Result<Vec<Missing>, StoreError> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'events'",
    )?;
    for (name, sql) in GUARDS {
        let found: Option<Option<String>> = {
            let mut rows = stmt.query([name])?;
            match rows.next()? {
                Some(r) => Some(r.get(0)?),
                None => None,
            }
        };
        match found {
            None => out.push(Missing {
                name,
                altered: false,
            }),
            Some(stored) if stored.as_deref().map(normal) != Some(normal(sql)) => {
                out.push(Missing {
                    name,
                    altered: true,
                });
            }
            Some(_) => {}
        }
    }
    Ok(out)
}

/// Puts the given guards back (inside the caller's transaction).
pub(super) fn restore(conn: &Connection, missing: &[Missing]) -> Result<(), StoreError> {
    for m in missing {
        let Some((name, sql)) = GUARDS.iter().find(|(n, _)| *n == m.name) else {
            continue;
        };
        if m.altered {
            // The name comes from the constant table above, not from input.
            conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}"))?;
        }
        conn.execute_batch(sql)?;
    }
    Ok(())
}
