//! Opening the encrypted register: what a file on disk is, and the one
//! place where a connection gets its key. Every connection to a register
//! (the store, read-only opens, backups, conversions, the tests' raw
//! access) is opened here.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::key::{self, Found, Settings};

/// The first 16 bytes of every unencrypted SQLite database file.
pub const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What is at a path, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Missing,
    Empty,
    Directory,
    /// An unencrypted SQLite database (an old register, or not a register).
    Plain,
    /// Anything else: an encrypted register, or not a database at all.
    Opaque,
}

/// Looks at `path` without opening it as a database.
pub fn file_kind(path: &Path) -> std::io::Result<FileKind> {
    Ok(match presence(path)? {
        FileKind::Opaque if is_plain(path) => FileKind::Plain,
        kind => kind,
    })
}

/// [`file_kind`] by the file's metadata alone: every non-empty file is
/// `Opaque`, also an unencrypted one (ask [`is_plain`] when that matters).
pub fn presence(path: &Path) -> std::io::Result<FileKind> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(e),
    };
    if meta.is_dir() {
        return Ok(FileKind::Directory);
    }
    if meta.len() == 0 {
        return Ok(FileKind::Empty);
    }
    Ok(FileKind::Opaque)
}

/// Whether `path` reads as an unencrypted SQLite database (immutable,
/// read-only: no lock taken, nothing written, its -wal not read). Judged by
/// SQLite itself, reading without a key: opening the file with `std::fs`
/// and closing it again would drop every POSIX lock this process holds on
/// it (SQLite's own connections included); SQLite's file layer knows its
/// other connections and keeps them.
pub fn is_plain(path: &Path) -> bool {
    let uri = super::readonly::immutable_uri(path);
    let Ok(conn) = super::connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    let _ = key::quiet(&conn);
    readable(&conn).is_ok()
}

/// Why a keyed open failed.
#[derive(Debug)]
pub enum KeyedFailure {
    /// No key anywhere.
    NoKey,
    /// No key opens it (wrong key, or not a register).
    WrongKey(Vec<Found>),
    /// SQLite could not open the file at all.
    Sqlite(rusqlite::Error),
}

/// Opens `path` (an existing encrypted file) with each candidate key in
/// turn; the first that reads the schema wins.
pub fn open_with_keys(
    target: &str,
    flags: OpenFlags,
    keys: &[Found],
) -> Result<(Connection, Found), KeyedFailure> {
    if keys.is_empty() {
        return Err(KeyedFailure::NoKey);
    }
    for found in keys {
        let conn =
            super::connection::open_with_flags(target, flags).map_err(KeyedFailure::Sqlite)?;
        found.key.apply(&conn).map_err(KeyedFailure::Sqlite)?;
        match readable(&conn) {
            Ok(()) => return Ok((conn, found.clone())),
            Err(e) if is_not_a_database(&e) => continue,
            Err(e) => return Err(KeyedFailure::Sqlite(e)),
        }
    }
    Err(KeyedFailure::WrongKey(keys.to_vec()))
}

/// The first read: fails on a wrong key.
pub fn readable(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|_| ())
}

pub fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase)
}

/// The Dutch error for a failed keyed open of `path`.
pub fn keyed_error(path: &Path, failure: KeyedFailure, settings: &Settings) -> StoreError {
    match failure {
        KeyedFailure::NoKey => StoreError::NoKey {
            path: path.to_path_buf(),
            looked: looked(settings),
        },
        KeyedFailure::WrongKey(keys) => StoreError::WrongKey {
            path: path.to_path_buf(),
            tried: keys
                .iter()
                .map(|f| f.source.label())
                .collect::<Vec<_>>()
                .join(" en "),
        },
        KeyedFailure::Sqlite(e) => StoreError::Open {
            path: path.to_path_buf(),
            reason: super::error::describe_as(super::Action::Open, &e),
        },
    }
}

/// Where the key was looked for, in Dutch.
pub fn looked(settings: &Settings) -> String {
    let mut places = vec![format!("het sleutelbestand {}", settings.file.display())];
    if settings.keyring {
        places.push("de sleutelbos van het besturingssysteem".into());
    }
    places.join(" en ")
}

/// A connection with the key of this account applied, for tools and tests
/// that read or tamper with the raw tables: the existing file is opened
/// with the first key that reads it (an unencrypted file as it is); a new
/// file gets the account's key.
pub fn open_raw(path: impl AsRef<Path>) -> Result<Connection, StoreError> {
    let path = path.as_ref();
    let settings = Settings::from_env();
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        action: super::Action::Open,
        source,
    };
    let target = path_str(path)?;
    match file_kind(path).map_err(io)? {
        FileKind::Plain => {
            super::connection::open_with_flags(target, flags).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                reason: super::error::describe_as(super::Action::Open, &e),
            })
        }
        FileKind::Missing | FileKind::Empty => {
            let found = settings.for_new_register()?;
            let conn = super::connection::open_with_flags(target, flags)?;
            found.key.apply(&conn)?;
            Ok(conn)
        }
        _ => {
            let keys = settings.candidates()?;
            open_with_keys(target, flags, &keys)
                .map(|(c, _)| c)
                .map_err(|f| keyed_error(path, f, &settings))
        }
    }
}

/// The path as SQLite takes it.
pub fn path_str(path: &Path) -> Result<&str, StoreError> {
    path.to_str().ok_or_else(|| StoreError::Open {
        path: path.to_path_buf(),
        reason: "het pad bevat tekens die geen UTF-8 zijn; kies een pad met gewone tekens".into(),
    })
}

/// Creates the register file with mode 0600 (its -wal and -shm get the
/// same mode from SQLite) and its directory with 0700, where they are new.
pub fn create_private(path: &Path) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        key::create_private_dir(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            action: super::Action::Open,
            source,
        }),
    }
}

/// Takes away the rights of other users (not the group: a register shared
/// by the griffie and P&O belongs to their group) on the register and its
/// -wal and -shm; older versions made them readable by everyone.
pub fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [
            path.to_path_buf(),
            sidecar(path, "-wal"),
            sidecar(path, "-shm"),
        ] {
            if let Ok(meta) = std::fs::metadata(&file) {
                let mode = meta.permissions().mode();
                if mode & 0o007 != 0 {
                    let _ = std::fs::set_permissions(
                        &file,
                        std::fs::Permissions::from_mode(mode & !0o007),
                    );
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Whether a rollback journal, or a WAL with pages in it, lies beside the
/// file at `path` (what a writer stopped in the middle leaves).
pub fn left_beside(path: &Path) -> bool {
    sidecar(path, "-journal").exists()
        || std::fs::metadata(sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// `path` with `suffix` appended to its file name (`-wal`, `-shm`).
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
