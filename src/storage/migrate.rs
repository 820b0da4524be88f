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
];

/// The schema version before the retention purge's migration (its table
/// `purged` tells the two apart).
pub const BEFORE_PURGE: i64 = 4;

/// The schema version this program writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the migrations the database lacks, all in one transaction taken
/// before the version is read, so two processes starting at once cannot both
/// migrate.
pub fn run(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
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
        return Ok(());
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // A failure here means the tables do not match the version the
        // file claims (it was changed by hand): say that, not the SQL.
        tx.execute_batch(sql)
            .map_err(|e| StoreError::SchemaMismatch {
                path: path.to_path_buf(),
                found,
                step: i as i64 + 1,
                reason: without_sql(&e),
            })?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
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
