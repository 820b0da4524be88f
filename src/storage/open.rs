//! Opening a register: read-write (created with this account's key when
//! it is not there, its schema brought up to date, its chain upgraded, its
//! guards restored, the newest receipt's head checked) or read-only as it
//! is.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::{
    Action, BUSY_TIMEOUT_MS, OpenMode, PAGE_CACHE_KIB, SCHEMA_VERSION, STATEMENT_CACHE, Store,
    StoreError, cipher, connection, error, events, filesystem, guards, head, key, migrate,
    readonly, receipts, rules,
};
use crate::domain::event::{EventBody, NewEvent};

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date. Head receipts go where the environment says
    /// ([`receipts::Settings::from_env`]): the open checks that the register
    /// still holds the newest receipt's head (a Dutch warning in
    /// [`Store::warnings`] when not) and writes the receipt of the day when
    /// the newest one is from an earlier day; every committed
    /// `meeting-ended` writes one too.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Some(receipts::Settings::from_env(path)))
    }

    /// [`Store::open`] with the receipts given (`None`: no receipts, no
    /// head check).
    pub fn open_with(
        path: &Path,
        receipts: Option<receipts::Settings>,
    ) -> Result<Store, StoreError> {
        // A damaged page found after the file opened (while migrating,
        // checking the guards, reading the head): said with the path.
        Store::open_inner(path, receipts).map_err(|e| match e {
            StoreError::Sqlite(reason) | StoreError::Failed { reason, .. } => StoreError::Open {
                path: path.to_path_buf(),
                reason: format!(
                    "{reason}; voer raadsorde verify --db {} uit",
                    path.display()
                ),
            },
            other => other,
        })
    }

    fn open_inner(path: &Path, receipts: Option<receipts::Settings>) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            key::create_private_dir(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Some(kind) = filesystem::network_kind(dir) {
            return Err(StoreError::NetworkFilesystem {
                path: path.to_path_buf(),
                kind,
            });
        }
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            reason: error::describe_as(Action::Open, &e),
        };
        let (mut conn, key) = open_keyed(path)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))
            .map_err(open_err)?;
        // WAL with synchronous=FULL: a commit is on disk before it returns.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: format!("WAL-modus niet beschikbaar (kreeg '{mode}')"),
            });
        }
        // Temporary tables and sorts stay in memory: a temporary file would
        // hold register content outside the encrypted file.
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
        )
        .map_err(open_err)?;
        migrate::run(&mut conn, path)?;
        // A file whose user_version claims a register but whose events
        // table is something else: say so, with the path, not raw SQL.
        if !events::has_register_columns(&conn) {
            return Err(StoreError::NotARegister {
                path: path.to_path_buf(),
                reason: "de tabel met gebeurtenissen heeft niet de kolommen van een register"
                    .into(),
            });
        }
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
            .map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let missing = guards::check(&conn).map_err(|e| e.during(Action::Open))?;
        let seen = head(&conn)?.map_or(0, |(seq, _)| seq);
        let data_version = conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(open_err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            rules: rules::Rules::default(),
            seen,
            data_version,
            mode: OpenMode::ReadWrite,
            version: SCHEMA_VERSION,
            warnings: Vec::new(),
            receipts,
            receipts_blocked: false,
            last_receipt: None,
            viewer: None,
            key: Some(key),
        };
        // The marker first: it must be the first version 2 event.
        store.upgrade_chain()?;
        if !missing.is_empty() {
            store.restore_guards(&missing)?;
        }
        // A register from before the due items (migration 7): computed
        // once, with the default terms, until the settings say otherwise.
        store.backfill_due_items()?;
        // What the open itself wrote is not news from another workstation.
        store.seen = head(&store.conn)?.map_or(0, |(seq, _)| seq);
        store.start_receipts();
        Ok(store)
    }

    /// A register whose newest event is of chain version 1 continues as
    /// version 2 after a `chain-upgraded` marker event, appended here in its
    /// own transaction (checked inside it, so two processes opening the
    /// register at once write one marker). A new register needs none: its
    /// first event is of version 2.
    fn upgrade_chain(&mut self) -> Result<(), StoreError> {
        let upgraded = self.batch(|b| {
            let newest: Option<i64> =
                b.tx.query_row(
                    "SELECT chain FROM events ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if newest != Some(1) {
                return Ok(None);
            }
            b.append(by_the_program(EventBody::ChainUpgraded {
                from: 1,
                to: crate::domain::chain::VERSION,
            }))
            .map(|e| Some(e.seq))
        })?;
        if let Some(seq) = upgraded {
            tracing::info!(
                "{}: chain upgraded to version 2 at seq {seq}",
                self.path.display()
            );
        }
        Ok(())
    }

    /// Opens an existing register only to read it, for `verify` and
    /// `export`: `SQLITE_OPEN_READ_ONLY`, no migration, no journal-mode
    /// switch, no write lock, and nothing is created when `path` does not
    /// exist. Where SQLite cannot create the `-wal`/`-shm` files (read-only
    /// media), the file is opened with `immutable=1`; [`Store::mode`] says
    /// which. Refuses, in Dutch, a zero-byte file, a file that is not a
    /// register and a schema version this program does not know.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let opened = readonly::open(path)?;
        opened
            .conn
            .pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
            .map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                reason: error::describe_as(Action::Open, &e),
            })?;
        let data_version = opened
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or(0);
        Ok(Store {
            conn: opened.conn,
            path: path.to_path_buf(),
            rules: rules::Rules::default(),
            seen: 0,
            data_version,
            mode: opened.mode,
            version: opened.version,
            warnings: opened.warnings,
            receipts: None,
            receipts_blocked: false,
            last_receipt: None,
            viewer: None,
            key: opened.key,
        })
    }

    /// Puts back the append-only guards found missing or altered at open,
    /// and records that it happened as a `schema-restored` event, in one
    /// transaction; warns.
    fn restore_guards(&mut self, missing: &[guards::Missing]) -> Result<(), StoreError> {
        let names: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
        self.batch(|b| {
            guards::restore(&b.tx, missing)?;
            b.append(by_the_program(EventBody::SchemaRestored {
                guards: names.clone(),
            }))
        })?;
        self.warnings.push(format!(
            "{}: de beveiliging tegen wijzigen en wissen van gebeurtenissen was weg ({}); die is hersteld en dat is vastgelegd. Iemand heeft het bestand buiten raadsorde om bewerkt: voer raadsorde verify uit en meld het",
            self.path.display(),
            names.join(", ")
        ));
        Ok(())
    }
}

/// An event the open itself records (no meeting, no case), now, by
/// `raadsorde`.
fn by_the_program(body: EventBody) -> NewEvent {
    NewEvent {
        at: crate::domain::time::now(),
        actor: "raadsorde".into(),
        meeting_id: None,
        case_id: None,
        corrects: None,
        disturbance: None,
        body,
    }
}

/// The read-write connection to the register at `path`, with its key: a
/// new register is created 0600 (its directory 0700) and gets this
/// account's key (made now, with no question, when there is none); an
/// existing one is opened with the first key that reads it. An unencrypted
/// register is refused with the command that converts it.
fn open_keyed(path: &Path) -> Result<(Connection, key::Key), StoreError> {
    use cipher::FileKind;
    let settings = key::Settings::from_env();
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
        | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let open_err = |e: rusqlite::Error| StoreError::Open {
        path: path.to_path_buf(),
        reason: error::describe_as(Action::Open, &e),
    };
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        action: Action::Open,
        source,
    };
    let target = cipher::path_str(path)?;
    // An old register, or some other SQLite file: refused, with what it is.
    let plain = || -> Result<(Connection, key::Key), StoreError> {
        let plain = connection::open_with_flags(
            target,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        if events::has_register_columns(&plain) {
            Err(StoreError::Unencrypted {
                path: path.to_path_buf(),
            })
        } else {
            Err(StoreError::NotARegister {
                path: path.to_path_buf(),
                reason: "het is een gewone (onversleutelde) SQLite-database zonder gebeurtenissen van raadsorde".into(),
            })
        }
    };
    // By the metadata only: whether an existing file is an unencrypted
    // database is asked only when no key opens it. Asking it first, with a
    // connection of its own, was a sixth of every open (`perf record` of
    // the start-up benchmark).
    match cipher::presence(path).map_err(io)? {
        FileKind::Directory => Err(StoreError::NotARegister {
            path: path.to_path_buf(),
            reason: "het is een map, geen bestand".into(),
        }),
        FileKind::Missing | FileKind::Empty => {
            cipher::create_private(path)?;
            let found = settings.for_new_register()?;
            let conn = connection::open_with_flags(target, flags).map_err(open_err)?;
            found.key.apply(&conn).map_err(open_err)?;
            cipher::restrict(path);
            Ok((conn, found.key))
        }
        FileKind::Plain | FileKind::Opaque => {
            // Something left beside it: a rollback journal (no register
            // writes one: registers are in WAL mode), which a connection
            // with a key would play back into an unencrypted file,
            // decrypted with the wrong key; or a WAL with pages in it, which
            // such a connection would read and could checkpoint into the
            // file. Asked first then, as before, by a connection that
            // touches neither.
            if cipher::left_beside(path) && cipher::is_plain(path) {
                return plain();
            }
            let keys = match settings.candidates() {
                Ok(keys) => keys,
                Err(_) if cipher::is_plain(path) => return plain(),
                Err(e) => return Err(e.into()),
            };
            match cipher::open_with_keys(target, flags, &keys) {
                Ok((conn, found)) => {
                    cipher::restrict(path);
                    Ok((conn, found.key))
                }
                Err(_) if cipher::is_plain(path) => plain(),
                Err(f) => Err(cipher::keyed_error(path, f, &settings)),
            }
        }
    }
}
