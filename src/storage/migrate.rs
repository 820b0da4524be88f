//! Numbered schema migrations, versioned with `PRAGMA user_version`.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// The migrations, in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_evidence_log.sql"),
    include_str!("migrations/002_case_register.sql"),
    include_str!("migrations/003_chain_v2.sql"),
    include_str!("migrations/004_risk_checks.sql"),
    include_str!("migrations/005_retention_purge.sql"),
    include_str!("migrations/006_access.sql"),
    include_str!("migrations/007_due_items.sql"),
    include_str!("migrations/008_partial_event_indexes.sql"),
    include_str!("migrations/009_events_without_hash_index.sql"),
];

/// The migration after which the append-only guards are made again, in the
/// same transaction, from [`super::guards`]: migration 9 makes the events
/// table again, and dropping the old one dropped its triggers.
const GUARDS_AGAIN_AFTER: i64 = 9;

/// The schema version before the retention purge's migration (its table
/// `purged` tells the two apart).
pub const BEFORE_PURGE: i64 = 4;

/// The schema version this program writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the migrations the database lacks, all in one transaction taken
/// before the version is read, so two processes starting at once cannot both
/// migrate.
///
/// Foreign keys are off while they run and on again after, whatever the
/// outcome: migration 9 makes the events table again, and dropping the old
/// one would otherwise be refused for the rows that refer to its events
/// (SQLite ignores the setting inside a transaction, so it is set around
/// it). The migrations copy rows unchanged, so every reference that held
/// before holds after.
///
/// `secure_delete` is `FAST` while they run: with it fully on (SQLCipher's
/// default) dropping the old events table wrote zeros over each of its
/// pages, and the statement's journal, which this program keeps in memory
/// (`temp_store`), held every one of them: 577 MiB at 1.3 million events.
/// The freed pages hold the same rows as the new table, encrypted as
/// before; later writes reuse them, and a retention purge's `VACUUM`
/// leaves none of them behind.
pub fn run(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    // Most opens find the register current and end here, at the cost they
    // always had: one transaction that reads the version.
    if migrate(conn, path, false)? == Outcome::Current {
        return Ok(());
    }
    let keys_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    let secure: i64 = conn.query_row("PRAGMA secure_delete", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    conn.pragma_update(None, "secure_delete", "FAST")?;
    // The version is read again in this transaction, which decides: another
    // process may have migrated in between.
    let result = migrate(conn, path, true);
    // Both settings are put back even when one of them cannot be.
    let secure = conn.pragma_update(None, "secure_delete", secure_delete(secure));
    let keys = if keys_on {
        conn.pragma_update(None, "foreign_keys", true)
    } else {
        Ok(())
    };
    result?;
    secure?;
    keys?;
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The file has the current schema (now, or after the migrations).
    Current,
    /// Migrations are due and `apply` was false: nothing was done.
    Due,
}

/// The value to set `secure_delete` back to, from what reading it gave.
fn secure_delete(read: i64) -> &'static str {
    match read {
        0 => "OFF",
        1 => "ON",
        _ => "FAST",
    }
}

fn migrate(conn: &mut Connection, path: &Path, apply: bool) -> Result<Outcome, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known: VERSION,
        });
    }
    if found < 0 {
        return Err(StoreError::UnknownSchema {
            path: path.to_path_buf(),
            found,
            known: VERSION,
        });
    }
    if found == VERSION {
        return Ok(Outcome::Current);
    }
    if !apply {
        return Ok(Outcome::Due);
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // A failure here means the tables do not match the version the
        // file claims (it was changed by hand): say that, not the SQL.
        let step = i as i64 + 1;
        let mismatch = |e: rusqlite::Error| StoreError::SchemaMismatch {
            path: path.to_path_buf(),
            found,
            step,
            reason: without_sql(&e),
        };
        tx.execute_batch(sql).map_err(mismatch)?;
        if step == GUARDS_AGAIN_AFTER {
            tx.execute_batch(&super::guards::statements())
                .map_err(mismatch)?;
        }
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(Outcome::Current)
}

/// What SQLite said when a migration failed, in Dutch where it is one of
/// the usual causes, and never with the SQL text it quotes.
fn without_sql(e: &rusqlite::Error) -> String {
    let msg = match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string(),
    };
    // rusqlite appends the statement ("… in CREATE TABLE … at offset N").
    let msg = msg.split(" in ").next().unwrap_or("").trim().to_string();
    let name = |prefix: &str| {
        msg.strip_prefix(prefix)
            .map(|rest| rest.trim_end_matches(" already exists").trim().to_string())
    };
    if let Some(t) = name("table ").filter(|_| msg.ends_with("already exists")) {
        format!("tabel {t} bestaat al")
    } else if let Some(i) = name("index ").filter(|_| msg.ends_with("already exists")) {
        format!("index {i} bestaat al")
    } else if let Some(t) = name("trigger ").filter(|_| msg.ends_with("already exists")) {
        format!("trigger {t} bestaat al")
    } else if let Some(c) = msg.strip_prefix("duplicate column name: ") {
        format!("kolom {c} bestaat al")
    } else if let Some(c) = msg.strip_prefix("no such column: ") {
        format!("kolom {c} ontbreekt")
    } else if let Some(t) = msg.strip_prefix("no such table: ") {
        format!("tabel {t} ontbreekt")
    } else {
        "de tabellen passen niet bij deze stap".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn foreign_keys(conn: &Connection) -> bool {
        conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap()
    }

    /// The migrations run with foreign keys off and leave them as they
    /// found them, also when a migration is refused; the events table they
    /// make has no unique index (migration 9) and still refers to itself.
    #[test]
    fn foreign_keys_are_on_again_after_the_migrations_whatever_their_outcome() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let secure: i64 = conn
            .query_row("PRAGMA secure_delete", [], |r| r.get(0))
            .unwrap();
        run(&mut conn, Path::new("r.db")).unwrap();
        assert!(foreign_keys(&conn));
        let after: i64 = conn
            .query_row("PRAGMA secure_delete", [], |r| r.get(0))
            .unwrap();
        assert_eq!(after, secure, "secure_delete is as it was");
        for read in [0, 1, 2] {
            conn.pragma_update(None, "secure_delete", secure_delete(read))
                .unwrap();
            let back: i64 = conn
                .query_row("PRAGMA secure_delete", [], |r| r.get(0))
                .unwrap();
            assert_eq!(back, read);
        }
        let unique: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_index_list('events') WHERE origin = 'u'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unique, 0);
        let refers: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_foreign_key_list('events') WHERE \"table\" = 'events'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(refers, 2, "meeting_id and corrects refer to events");
        assert!(
            super::super::guards::check(&conn).unwrap().is_empty(),
            "the append-only guards are in place after migration 9"
        );

        let mut newer = Connection::open_in_memory().unwrap();
        newer.pragma_update(None, "foreign_keys", true).unwrap();
        newer
            .pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(matches!(
            run(&mut newer, Path::new("r.db")),
            Err(StoreError::TooNew { .. })
        ));
        assert!(foreign_keys(&newer));

        let mut off = Connection::open_in_memory().unwrap();
        off.pragma_update(None, "foreign_keys", false).unwrap();
        run(&mut off, Path::new("r.db")).unwrap();
        assert!(!foreign_keys(&off), "a connection without them keeps none");
    }
}
