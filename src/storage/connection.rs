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
    Connection::open_with_flags(path, flags)
}

/// Opens `path` read-write, created when missing (SQLite's default flags).
pub fn open<P: AsRef<Path>>(path: P) -> rusqlite::Result<Connection> {
    ready();
    Connection::open(path)
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
