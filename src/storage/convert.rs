//! Converting an unencrypted register (made by an older raadsorde) into an
//! encrypted one, in place (`raadsorde versleutel`): checked before, copied
//! with `sqlcipher_export` into a new file beside it, checked after, and
//! only then put in place; the old file is removed last.

use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;

use super::cipher::{self, FileKind};
use super::key::Settings;
use super::{Action, Store, StoreError, Verdict};

/// What a conversion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Events in the register (the same before and after).
    pub events: u64,
    /// The newest event's seq (the same before and after).
    pub head: Option<u64>,
    /// Where the key is kept.
    pub key_source: String,
}

/// Converts the unencrypted register at `path` in place.
pub fn encrypt_in_place(path: &Path) -> Result<Converted, StoreError> {
    let io = |p: &Path, source| StoreError::Io {
        path: p.to_path_buf(),
        action: Action::Save,
        source,
    };
    match cipher::file_kind(path).map_err(|e| io(path, e))? {
        FileKind::Plain => {}
        FileKind::Opaque => {
            return Err(StoreError::Refused(format!(
                "{} is al versleuteld (of is geen SQLite-database); er is niets gewijzigd",
                path.display()
            )));
        }
        FileKind::Missing => {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        FileKind::Empty => {
            return Err(StoreError::EmptyFile {
                path: path.to_path_buf(),
            });
        }
        FileKind::Directory => {
            return Err(StoreError::NotARegister {
                path: path.to_path_buf(),
                reason: "het is een map, geen bestand".into(),
            });
        }
    }

    // Before: the old register must be intact (converting a damaged one
    // would hide the damage behind a fresh file).
    let before = intact(path, "voor het omzetten")?;

    // Nobody else may be writing while it is copied: an exclusive lock on
    // the old file for the whole conversion.
    let target = cipher::path_str(path)?;
    let plain = super::connection::open_with_flags(
        target,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, &e))?;
    plain
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA locking_mode = EXCLUSIVE;")
        .map_err(|e| open_error(path, &e))?;
    if plain.execute_batch("BEGIN EXCLUSIVE; COMMIT;").is_err() {
        return Err(StoreError::Refused(format!(
            "{} is nog geopend door een ander programma (een live console of het register op een andere werkplek); sluit raadsorde overal en probeer het opnieuw; er is niets gewijzigd",
            path.display()
        )));
    }
    let version: i64 = plain
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| open_error(path, &e))?;

    let settings = Settings::from_env();
    let found = settings.for_new_register()?;
    let fresh = cipher::sidecar(path, ".versleuteld");
    for stale in [
        fresh.clone(),
        cipher::sidecar(&fresh, "-wal"),
        cipher::sidecar(&fresh, "-shm"),
    ] {
        match std::fs::remove_file(&stale) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&stale, e)),
        }
    }
    cipher::create_private(&fresh)?;
    let fresh_str = cipher::path_str(&fresh)?;
    let save_err = |e: rusqlite::Error| StoreError::Failed {
        action: Action::Save,
        reason: format!(
            "{}: omzetten mislukt ({}); het oude register is ongewijzigd",
            fresh.display(),
            super::error::describe_as(Action::Save, &e)
        ),
    };
    plain
        .execute(
            "ATTACH DATABASE ?1 AS versleuteld KEY ?2",
            rusqlite::params![fresh_str, format!("x'{}'", found.key.hex())],
        )
        .map_err(save_err)?;
    plain
        .query_row("SELECT sqlcipher_export('versleuteld')", [], |_| Ok(()))
        .map_err(save_err)?;
    plain
        .execute_batch(&format!("PRAGMA versleuteld.user_version = {version};"))
        .map_err(save_err)?;
    plain
        .execute_batch("DETACH DATABASE versleuteld;")
        .map_err(save_err)?;

    // The new file in WAL mode, like every register.
    {
        let conn = super::connection::open(&fresh).map_err(save_err)?;
        found.key.apply(&conn).map_err(save_err)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(save_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Failed {
                action: Action::Save,
                reason: format!("{}: WAL-modus niet beschikbaar", fresh.display()),
            });
        }
    }

    // After: the new file holds the same, intact chain.
    let after = intact(&fresh, "na het omzetten (het oude register is ongewijzigd)")?;
    if after != before {
        return Err(StoreError::Failed {
            action: Action::Save,
            reason: format!(
                "{}: de omgezette kopie bevat niet hetzelfde ({} gebeurtenissen, kop {:?}) als het origineel ({} gebeurtenissen, kop {:?}); het oude register is ongewijzigd",
                fresh.display(),
                after.0,
                after.1,
                before.0,
                before.1
            ),
        });
    }

    // In place: the old file aside first, then the new one in its place.
    let aside = aside_name(path);
    drop(plain);
    std::fs::rename(path, &aside).map_err(|e| io(path, e))?;
    if let Err(e) = std::fs::rename(&fresh, path) {
        // Put the old one back; nothing is lost.
        let _ = std::fs::rename(&aside, path);
        return Err(io(path, e));
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::rename(
            cipher::sidecar(path, suffix),
            cipher::sidecar(&aside, suffix),
        );
        let _ = std::fs::rename(
            cipher::sidecar(&fresh, suffix),
            cipher::sidecar(path, suffix),
        );
    }
    sync_dir(path);
    let placed = intact(path, "na het verplaatsen")?;
    if placed != before {
        return Err(StoreError::Failed {
            action: Action::Save,
            reason: format!(
                "{} klopt niet na het verplaatsen; het oude register staat nog in {}",
                path.display(),
                aside.display()
            ),
        });
    }
    for file in [
        aside.clone(),
        cipher::sidecar(&aside, "-wal"),
        cipher::sidecar(&aside, "-shm"),
    ] {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&file, e)),
        }
    }
    sync_dir(path);
    Ok(Converted {
        events: before.0,
        head: before.1,
        key_source: found.source.label(),
    })
}

/// The count and head seq of an intact register; damaged: refused.
fn intact(path: &Path, when: &str) -> Result<(u64, Option<u64>), StoreError> {
    let store = Store::open_read_only(path)?;
    match store.verify()? {
        Verdict::Intact { count, head } => Ok((count, head.map(|(seq, _)| seq))),
        Verdict::Damaged(d) => Err(StoreError::Refused(format!(
            "{} is beschadigd {when} ({} problemen; de eerste: {}); er is niets omgezet: voer raadsorde verify uit en gebruik zo nodig een reservekopie",
            path.display(),
            d.problems.len(),
            d.problems
                .first()
                .map(|p| p.reason.clone())
                .unwrap_or_default()
        ))),
    }
}

fn open_error(path: &Path, e: &rusqlite::Error) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        reason: super::error::describe_as(Action::Open, e),
    }
}

/// `raadsorde.db.onversleuteld-20261206T101500`.
fn aside_name(path: &Path) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    cipher::sidecar(path, &format!(".onversleuteld-{stamp}"))
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}
