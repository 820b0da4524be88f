//! The retention term of backups (`[retention] backup_days`).
//!
//! Every `raadsorde backup` is written to the access log first, with the
//! backup's absolute path in its scope ([`backup_scope`]). `purge` reads
//! those entries back: a backup older than the term that is still at its
//! path, and is a copy of this very register (its first event has the same
//! hash), is listed, and with `--apply` removed with its `-wal` and `-shm`,
//! each removal logged in the access log. A file at that path that is not
//! a copy of this register is never touched; a backup that was moved
//! elsewhere (off-site) is named, for the admin to remove by hand.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{Store, StoreError};
use crate::domain::access::AccessKind;

/// The start of the access log's scope of a backup, before its path.
const BACKUP_SCOPE: &str = "reservekopie naar ";

/// The scope written to the access log for a backup to `path` (absolute).
pub fn backup_scope(path: &Path) -> String {
    format!("{BACKUP_SCOPE}{}", path.display())
}

/// Where a backup past its term stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupState {
    /// At its path, a copy of this register: to be removed.
    Present,
    /// Not at its path (moved, or removed already).
    Missing,
    /// Something else is at its path now (why, in Dutch): left alone.
    NotOurs(String),
}

/// A backup the access log knows of, past its term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldBackup {
    /// The access-log entry that recorded it.
    pub seq: u64,
    pub made_at: DateTime<FixedOffset>,
    pub path: PathBuf,
    pub state: BackupState,
}

impl Store {
    /// The backups written more than `days` days before `now`, from the
    /// access log (entries still readable), oldest first, each with where
    /// it stands on disk.
    pub fn old_backups(
        &self,
        now: &DateTime<FixedOffset>,
        days: u32,
    ) -> Result<Vec<OldBackup>, StoreError> {
        let cutoff = *now - Duration::days(i64::from(days));
        let kind = |k: AccessKind| {
            serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        let (made, removed) = (kind(AccessKind::Backup), kind(AccessKind::BackupRemoved));
        let rows: Vec<(u64, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT seq, at_local, json_extract(payload, '$.what'),
                        json_extract(payload, '$.scope') FROM events
                  WHERE kind = 'access-logged' AND payload IS NOT NULL
                    AND json_extract(payload, '$.what') IN (?1, ?2)
                  ORDER BY seq",
            )?
            .query_map([&made, &removed], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        // Per path the newest entry counts: written again within the term,
        // or removed already, it is not listed.
        let mut last: Vec<(PathBuf, u64, DateTime<FixedOffset>, bool)> = Vec::new();
        for (seq, at, what, scope) in rows {
            let (Some(path), Ok(at)) = (
                scope.strip_prefix(BACKUP_SCOPE).map(PathBuf::from),
                DateTime::parse_from_rfc3339(&at),
            ) else {
                continue;
            };
            last.retain(|(p, ..)| *p != path);
            last.push((path, seq, at, what == made));
        }
        let first = first_hash(&self.conn)?;
        Ok(last
            .into_iter()
            .filter(|(_, _, at, live)| *live && *at < cutoff)
            .map(|(path, seq, made_at, _)| OldBackup {
                seq,
                made_at,
                state: self.backup_state(&path, first.as_deref()),
                path,
            })
            .collect())
    }

    fn backup_state(&self, path: &Path, first: Option<&[u8]>) -> BackupState {
        if !path.exists() {
            return BackupState::Missing;
        }
        let theirs = super::connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|conn| {
            if let Some(key) = self.key() {
                key.apply(&conn)?;
            }
            conn.query_row("SELECT hash FROM events ORDER BY seq LIMIT 1", [], |r| {
                r.get::<_, Vec<u8>>(0)
            })
            .optional()
        });
        match theirs {
            Ok(Some(h)) if Some(h.as_slice()) == first => BackupState::Present,
            Ok(_) => BackupState::NotOurs(
                "het bestand is geen kopie van dit register (een ander begin van de keten)".into(),
            ),
            Err(_) => BackupState::NotOurs(
                "het bestand is niet te openen met de sleutel van dit register".into(),
            ),
        }
    }

    /// Removes the backup at `path` (and its `-wal`, `-shm`) and logs it.
    pub fn remove_backup(&mut self, backup: &OldBackup) -> Result<(), StoreError> {
        if backup.state != BackupState::Present {
            return Ok(());
        }
        std::fs::remove_file(&backup.path).map_err(|e| {
            StoreError::Backup(format!(
                "{} kon niet worden verwijderd: {e}; verwijder het bestand zelf",
                backup.path.display()
            ))
        })?;
        for suffix in ["-wal", "-shm"] {
            let mut side = backup.path.clone().into_os_string();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
        self.log_access(AccessKind::BackupRemoved, None, &backup_scope(&backup.path))?;
        Ok(())
    }
}

/// The hash of the register's first event (`None` when it has none).
fn first_hash(conn: &Connection) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT hash FROM events ORDER BY seq LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}
