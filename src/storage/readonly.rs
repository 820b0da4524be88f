//! Opening a register only to read it (`verify`, `export`): no migration,
//! no journal-mode switch, no write lock, nothing written to the file. On
//! read-only media, where SQLite cannot create the `-wal` and `-shm` files
//! next to a WAL-mode database, the file is opened as immutable instead.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::error::{Action, describe_as};
use super::key::Key;
use super::migrate::VERSION;

/// How a [`super::Store`] was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The normal way: migrated, WAL, guarded; events can be appended.
    ReadWrite,
    /// `SQLITE_OPEN_READ_ONLY`: SQLite reads the file (and its `-wal`)
    /// under a shared lock and writes nothing.
    ReadOnly,
    /// `immutable=1`: for read-only media. SQLite takes no locks and reads
    /// neither `-wal` nor `-shm`; the file must not change while it is read.
    Immutable,
}

impl OpenMode {
    /// In Dutch, for the message on stderr.
    pub fn label(self) -> &'static str {
        match self {
            OpenMode::ReadWrite => "lezen en schrijven",
            OpenMode::ReadOnly => "alleen-lezen",
            OpenMode::Immutable => "onveranderlijk (immutable)",
        }
    }
}

/// What a read-only open found.
pub(super) struct Opened {
    pub conn: Connection,
    pub mode: OpenMode,
    /// The schema version (`PRAGMA user_version`).
    pub version: i64,
    pub warnings: Vec<String>,
    /// The key that opened it (`None`: an unencrypted file).
    pub key: Option<Key>,
}

pub(super) fn open(path: &Path) -> Result<Opened, StoreError> {
    use super::cipher::{self, FileKind, KeyedFailure};
    let kind = cipher::file_kind(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        action: Action::Open,
        source,
    })?;
    let open_err = |e: rusqlite::Error| StoreError::Open {
        path: path.to_path_buf(),
        reason: describe_as(Action::Open, &e),
    };
    let mut warnings = Vec::new();
    let mut key = None;
    let (conn, mode) = match kind {
        FileKind::Missing => {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        FileKind::Directory => {
            return Err(StoreError::NotARegister {
                path: path.to_path_buf(),
                reason: "het is een map, geen bestand".into(),
            });
        }
        FileKind::Empty => {
            return Err(StoreError::EmptyFile {
                path: path.to_path_buf(),
            });
        }
        // An old, unencrypted register can still be read (to check it
        // before converting it, or to export it).
        FileKind::Plain => {
            let opened = match open_plain(path, None) {
                Ok(conn) => (conn, OpenMode::ReadOnly),
                Err(e) if needs_immutable(&e) => (
                    open_immutable(path, None).map_err(open_err)?,
                    OpenMode::Immutable,
                ),
                Err(e) => return Err(open_err(e)),
            };
            if super::events::has_register_columns(&opened.0) {
                warnings.push(format!(
                    "{} is niet versleuteld; zet het om met: raadsorde versleutel --db {}",
                    path.display(),
                    path.display()
                ));
            }
            opened
        }
        FileKind::Opaque => {
            let settings = super::key::Settings::from_env();
            let keys = settings.candidates()?;
            let target = cipher::path_str(path)?;
            match cipher::open_with_keys(target, flags(), &keys) {
                Ok((conn, found)) => {
                    key = Some(found.key);
                    conn.busy_timeout(std::time::Duration::from_millis(super::BUSY_TIMEOUT_MS))
                        .map_err(open_err)?;
                    (conn, OpenMode::ReadOnly)
                }
                Err(KeyedFailure::Sqlite(e)) if needs_immutable(&e) => {
                    let mut opened = None;
                    for found in &keys {
                        match open_immutable(path, Some(&found.key)) {
                            Ok(conn) => {
                                opened = Some(conn);
                                key = Some(found.key.clone());
                                break;
                            }
                            Err(e) if cipher::is_not_a_database(&e) => continue,
                            Err(e) => return Err(open_err(e)),
                        }
                    }
                    match opened {
                        Some(conn) => (conn, OpenMode::Immutable),
                        None => {
                            return Err(cipher::keyed_error(
                                path,
                                KeyedFailure::WrongKey(keys),
                                &settings,
                            ));
                        }
                    }
                }
                Err(f) => return Err(cipher::keyed_error(path, f, &settings)),
            }
        }
    };
    if mode == OpenMode::Immutable {
        let wal = super::cipher::sidecar(path, "-wal");
        if let Ok(m) = std::fs::metadata(&wal)
            && m.len() > 0
        {
            warnings.push(format!(
                "{} ({} bytes) is niet gelezen (onveranderlijke modus): gebeurtenissen die alleen daarin staan zijn niet meegenomen; kopieer het register met zijn -wal- en -shm-bestand naar een schrijfbare plek om alles te lezen",
                wal.display(),
                m.len()
            ));
        }
    }

    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(open_err)?;
    let has_events: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events')",
            [],
            |r| r.get(0),
        )
        .map_err(open_err)?;
    if version > VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: VERSION,
        });
    }
    if !has_events && !warnings.is_empty() {
        return Err(StoreError::NotARegister {
            path: path.to_path_buf(),
            reason: "zonder het -wal-bestand ernaast, dat op dit medium niet kan worden gelezen, heeft het geen tabel met gebeurtenissen; kopieer het bestand met zijn -wal- en -shm-bestand naar een schrijfbare map en controleer die kopie".into(),
        });
    }
    if !has_events {
        return Err(StoreError::NotARegister {
            path: path.to_path_buf(),
            reason: "het is een SQLite-database, maar zonder tabel met gebeurtenissen".into(),
        });
    }
    if !super::events::has_register_columns(&conn) {
        return Err(StoreError::NotARegister {
            path: path.to_path_buf(),
            reason: "de tabel met gebeurtenissen heeft niet de kolommen van een register".into(),
        });
    }
    if version < 1 {
        return Err(StoreError::UnknownSchema {
            path: path.to_path_buf(),
            found: version,
            known: VERSION,
        });
    }
    if version < VERSION
        && !super::verify::has_current_tables(&conn).map_err(|e| e.during(Action::Open))?
    {
        warnings.push(format!(
            "{} heeft schemaversie {version} (dit programma schrijft {VERSION}): de keten is gecontroleerd, het register (zaken, veroorzakers) niet; open het register eenmaal met raadsorde om het bij te werken",
            path.display()
        ));
    }
    Ok(Opened {
        conn,
        mode,
        version,
        warnings,
        key,
    })
}

fn flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// A plain read-only open, tried with a first read: a WAL-mode database
/// fails only when SQLite first needs its `-shm`.
fn open_plain(path: &Path, key: Option<&Key>) -> Result<Connection, rusqlite::Error> {
    let conn = super::connection::open_with_flags(path, flags())?;
    if let Some(key) = key {
        key.apply(&conn)?;
    }
    conn.busy_timeout(std::time::Duration::from_millis(super::BUSY_TIMEOUT_MS))?;
    super::cipher::readable(&conn)?;
    Ok(conn)
}

fn open_immutable(path: &Path, key: Option<&Key>) -> Result<Connection, rusqlite::Error> {
    let conn = super::connection::open_with_flags(
        immutable_uri(path),
        flags() | OpenFlags::SQLITE_OPEN_URI,
    )?;
    if let Some(key) = key {
        key.apply(&conn)?;
    }
    super::cipher::readable(&conn)?;
    Ok(conn)
}

/// Whether a failed read-only open is the kind that `immutable=1` avoids:
/// SQLite could not open or create the `-shm`/`-wal` next to the file.
pub(super) fn needs_immutable(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as C;
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, C::CannotOpen | C::ReadOnly | C::SystemIoFailure | C::PermissionDenied)
    )
}

/// `file:/abs/path?immutable=1`, with every byte that could be read as
/// part of the URI syntax percent-encoded.
pub(super) fn immutable_uri(path: &Path) -> String {
    let abs: PathBuf = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in abs.as_os_str().as_encoded_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' | b'~' => {
                uri.push(*b as char)
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_escapes_what_sqlite_would_read_as_syntax() {
        let uri = immutable_uri(Path::new("/media/usb/register ?#%é.db"));
        assert_eq!(
            uri,
            "file:/media/usb/register%20%3F%23%25%C3%A9.db?immutable=1"
        );
    }

    #[test]
    fn only_a_failure_to_open_the_side_files_chooses_immutable() {
        use rusqlite::ffi;
        let err = |code| rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
        assert!(needs_immutable(&err(ffi::SQLITE_CANTOPEN)));
        assert!(needs_immutable(&err(ffi::SQLITE_READONLY)));
        assert!(!needs_immutable(&err(ffi::SQLITE_CORRUPT)));
        assert!(!needs_immutable(&err(ffi::SQLITE_NOTADB)));
        assert!(!needs_immutable(&err(ffi::SQLITE_BUSY)));
    }
}
