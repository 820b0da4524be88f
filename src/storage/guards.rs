//! The append-only guards of the evidence log: the triggers that refuse an
//! UPDATE or DELETE of an event. Someone who can write the file can drop or
//! replace them; every read-write open checks them and puts them back, and
//! `verify` reports them missing.

use rusqlite::Connection;

use super::StoreError;

/// Each guard: its name and the statement that creates it, exactly as the
/// migrations made it (001, then 005 for the update guard, which lets a
/// logged retention purge erase a payload and nothing else). Migration 9,
/// which makes the events table again, makes them from here.
const GUARDS: &[(&str, &str)] = &[
    (
        "events_no_update",
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (
    NEW.payload IS NULL AND NEW.salt IS NULL
    AND NEW.seq IS OLD.seq AND NEW.at_local IS OLD.at_local AND NEW.at_utc IS OLD.at_utc
    AND NEW.actor IS OLD.actor AND NEW.kind IS OLD.kind
    AND NEW.meeting_id IS OLD.meeting_id AND NEW.case_id IS OLD.case_id
    AND NEW.corrects IS OLD.corrects AND NEW.payload_digest IS OLD.payload_digest
    AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
    AND NEW.chain IS OLD.chain AND NEW.committed_utc IS OLD.committed_utc
    AND EXISTS (SELECT 1 FROM purged WHERE purged.seq = OLD.seq)
)
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

/// The update guard as migration 001 made it (no update at all): what a
/// register from before the purge migration has, opened read-only (no
/// migration). Stricter than the current one, so it counts as in place
/// there, and only there.
const UPDATE_GUARD_BEFORE_PURGE: &str = "CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenissen zijn onveranderlijk: corrigeer met een nieuwe gebeurtenis');
END";

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
    let before_purge: bool = conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'purged')",
        [],
        |r| r.get(0),
    )?;
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
            Some(Some(stored))
                if before_purge
                    && *name == "events_no_update"
                    && normal(&stored) == normal(UPDATE_GUARD_BEFORE_PURGE) => {}
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

/// Every guard's statement, as one batch: for migration 9, and for tests
/// that edit the file by hand and put the guards back.
pub(super) fn statements() -> String {
    GUARDS.iter().map(|(_, sql)| format!("{sql};\n")).collect()
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
