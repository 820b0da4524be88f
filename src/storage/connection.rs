//! Every SQLite connection of the program is opened here.
//!
//! SQLCipher finishes its own set-up (its crypto provider, its private
//! heap) in `sqlcipher_extra_init`, which SQLite runs *after* it has marked
//! itself initialised. A second thread opening a connection in that window
//! skips the set-up it thinks is done, and its `PRAGMA key` fails with a
//! bare SQLITE_ERROR ("SQLite-code 1"): seen in CI when the tests of one
//! binary opened their first registers at the same moment, and possible in
//! the program too (the worker thread and the screen open connections).
//! So the first connection of the process is opened under a [`Once`]: the
//! others wait until SQLite and SQLCipher are both ready.

use std::path::Path;
use std::sync::Once;

use rusqlite::{Connection, OpenFlags};

/// Opens `path` with `flags`, after SQLite and SQLCipher are set up.
pub fn open_with_flags<P: AsRef<Path>>(path: P, flags: OpenFlags) -> rusqlite::Result<Connection> {
    ready();
    stable_plans(Connection::open_with_flags(path, flags)?)
}

/// Opens `path` read-write, created when missing (SQLite's default flags).
pub fn open<P: AsRef<Path>>(path: P) -> rusqlite::Result<Connection> {
    ready();
    stable_plans(Connection::open(path)?)
}

/// Turns on SQLite's query planner stability guarantee: a statement keeps
/// the plan it was prepared with, whatever values are bound to it.
///
/// Without it, this build (`SQLITE_ENABLE_STAT4`) marks a parameter whose
/// value might change the plan, and re-prepares the whole statement each
/// time a different value is bound: a cached statement such as a case's
/// events (`case_id = ?1`) was parsed and planned again for every case.
/// That was a fifth of the time of appending an event (`perf record` of
/// `raadsorde demo`). The program's queries are written for their indexes
/// and checked for them (`every_filter_and_sort_uses_an_index`); the
/// search plans are chosen by the program, not by bound values.
fn stable_plans(conn: Connection) -> rusqlite::Result<Connection> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(conn)
}

/// Blocks until SQLite's and SQLCipher's process-wide set-up is complete:
/// the first caller opens (and drops) an in-memory connection, which runs
/// both to the end; every other caller waits for it.
fn ready() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        // A failure here shows again, with its reason, at the real open.
        let _ = Connection::open_in_memory();
    });
}
