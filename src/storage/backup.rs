//! Backup and restore.
//!
//! `backup`: SQLite's online backup API copies the register from the
//! store's own connection, in one read transaction, so the copy is
//! consistent while other processes write and holds what is still in the
//! `-wal`. It is written beside the target (mode 0600), made a single file
//! (journal mode DELETE), verified, and only then renamed into place.
//!
//! `restore`: the backup's chain is verified first; a backup that is not a
//! continuation of the register (an older head, or another history) is
//! refused unless forced; the register must not be open elsewhere (an
//! exclusive lock says so); the replaced file is kept aside with a
//! timestamp, never deleted; the restore is an event, anchored by a fresh
//! signed head receipt, so the start-up check of the newest head accepts
//! the restored register.
//!
//! Every connection to a file that is not the store's own register goes
//! through [`open_other`] (keyed with the register's key) or
//! [`super::cipher::open_raw`].

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::receipts::{self, Reason, Settings};
use super::{Store, StoreError, Verdict};
use crate::domain::chain::Digest;
use crate::domain::event::{EventBody, NewEvent};

/// How long a backup step waits for a lock held by another process.
const BUSY_MS: u64 = 5_000;

/// Opens a connection to `path` that is not the store's register (a
/// backup's destination, a register to be replaced): no migration, no
/// guards. `create` makes the file if it does not exist.
pub(super) fn open_other(
    path: &Path,
    create: bool,
    key: Option<&super::key::Key>,
) -> Result<Connection, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let open_err = |e: rusqlite::Error| StoreError::Open {
        path: path.to_path_buf(),
        reason: super::error::describe_as(super::Action::Open, &e),
    };
    let conn = super::connection::open_with_flags(path, flags).map_err(open_err)?;
    // A backup is encrypted with the register's own key.
    if let Some(key) = key {
        key.apply(&conn).map_err(open_err)?;
    }
    Ok(conn)
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    /// Events in the backup, verified.
    pub count: u64,
    /// Its newest event.
    pub head: Option<(u64, Digest)>,
}

/// `.NAME.deel` beside `target`: written whole there, then renamed.
fn partial_path(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "register".into());
    target.with_file_name(format!(".{name}.{what}.deel"))
}

fn io_failed(path: &Path, what: &str, e: std::io::Error) -> StoreError {
    StoreError::Backup(format!(
        "{}: {what} mislukt: {}",
        path.display(),
        super::io_text(&e)
    ))
}

/// Creates `path` empty with mode 0600 (only the owner may read it).
fn create_private(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|e| io_failed(path, "aanmaken", e))
}

/// Whether `a` and `b` name the same file (or would).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

/// `NAME.vervangen-STAMP` beside `register`, with `-2`, `-3`… when that
/// exists: a replaced register is never overwritten.
fn aside_path(register: &Path, stamp: &str) -> PathBuf {
    let name = register
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "register".into());
    let taken = |p: &Path| p.exists() || sidecar(p, "-wal").exists();
    let first = register.with_file_name(format!("{name}.vervangen-{stamp}"));
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|n| register.with_file_name(format!("{name}.vervangen-{stamp}-{n}")))
        .find(|p| !taken(p))
        .unwrap_or(first)
}

/// Removes `path` and the `-journal`/`-wal`/`-shm` SQLite may have left.
fn remove_with_sidecars(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar(path, suffix));
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Verifies the register at `path` (read-only): its chain and projections.
fn verified(path: &Path, what: &str) -> Result<(u64, Option<(u64, Digest)>), StoreError> {
    let store = Store::open_read_only(path).map_err(|e| match e {
        StoreError::NotARegister { reason, .. } => StoreError::Backup(format!(
            "{what} {} is geen register van raadsorde ({reason}); controleer of u het goede bestand koos",
            path.display()
        )),
        StoreError::EmptyFile { .. } => StoreError::Backup(format!(
            "{what} {} is leeg (0 bytes); kies een andere reservekopie",
            path.display()
        )),
        other => other,
    })?;
    match store.verify()? {
        Verdict::Intact { count, head } => Ok((count, head)),
        Verdict::Damaged(d) => {
            let first = d
                .problems
                .first()
                .map(|p| p.to_string())
                .unwrap_or_default();
            Err(StoreError::Backup(format!(
                "{what} {} klopt niet: {} problemen (eerste: {first}); voer raadsorde verify --db {} uit",
                path.display(),
                d.problems.len() as u64 + d.unlisted,
                path.display()
            )))
        }
    }
}

impl Store {
    /// Writes a verified copy of the register to `target` (see the module).
    /// An existing `target` is refused unless `force`.
    pub fn backup_to(&self, target: &Path, force: bool) -> Result<BackupReport, StoreError> {
        if same_file(target, &self.path) {
            return Err(StoreError::Backup(format!(
                "{} is het register zelf; kies een ander bestand voor de reservekopie",
                target.display()
            )));
        }
        if target.exists() && !force {
            return Err(StoreError::Backup(format!(
                "{} bestaat al; er is niets overschreven. Kies een andere bestandsnaam, of gebruik --force om het te vervangen",
                target.display()
            )));
        }
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::Backup(format!(
                "map {} bestaat niet; maak die eerst aan of kies een andere plek voor de reservekopie",
                dir.display()
            )));
        }
        let partial = partial_path(target, "reservekopie");
        remove_with_sidecars(&partial);
        create_private(&partial)?;
        let written = self.copy_into(&partial).and_then(|()| {
            verified(&partial, "de zojuist geschreven reservekopie").map_err(|e| {
                StoreError::Backup(format!(
                    "{e}; de reservekopie is niet bewaard, probeer het opnieuw"
                ))
            })
        });
        let (count, head) = match written {
            Ok(v) => v,
            Err(e) => {
                remove_with_sidecars(&partial);
                return Err(e);
            }
        };
        // A read-only open may leave an empty -wal/-shm: not part of it.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(&partial, suffix));
        }
        if let Err(e) = std::fs::rename(&partial, target) {
            remove_with_sidecars(&partial);
            return Err(io_failed(target, "op zijn plaats zetten", e));
        }
        Ok(BackupReport {
            path: target.to_path_buf(),
            count,
            head,
        })
    }

    /// The online backup from this store's connection into the (empty)
    /// file `dest`, made a single file and synced to disk.
    fn copy_into(&self, dest: &Path) -> Result<(), StoreError> {
        let mut to = open_other(dest, false, self.key())?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut to)?;
            // All pages in one step: one read transaction, one consistent
            // moment; writers in WAL mode are not held up by it.
            let deadline = std::time::Instant::now() + std::time::Duration::from_millis(BUSY_MS);
            loop {
                use rusqlite::backup::StepResult;
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked => {
                        if std::time::Instant::now() > deadline {
                            return Err(StoreError::Backup(format!(
                                "{} is te lang bezet door een ander programma; probeer de reservekopie over een ogenblik opnieuw",
                                self.path.display()
                            )));
                        }
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    _ => {}
                }
            }
        }
        // One file, no -wal beside it.
        to.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        drop(to);
        std::fs::File::open(dest)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_failed(dest, "wegschrijven", e))?;
        Ok(())
    }
}

/// What `restore` is asked to do.
pub struct RestoreRequest<'a> {
    pub backup: &'a Path,
    /// Also a backup that is not a continuation of the register.
    pub force: bool,
    /// Who logs the restore.
    pub actor: &'a str,
    /// Where the fresh receipt goes.
    pub receipts: Option<Settings>,
    /// The moment of the restore (the aside name and the event).
    pub now: chrono::DateTime<chrono::FixedOffset>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// Where the replaced register was put; `None` when there was none.
    pub replaced: Option<PathBuf>,
    /// The backup's head.
    pub head_seq: u64,
    /// The `restored` event.
    pub event_seq: u64,
    /// The fresh receipt's file; `None` without receipts settings.
    pub receipt: Option<PathBuf>,
    /// Said to the user: forced past a refusal.
    pub forced: Option<String>,
}

/// Puts the backup in place of the register at `register` (see the module).
pub fn restore(register: &Path, req: RestoreRequest<'_>) -> Result<RestoreReport, StoreError> {
    let backup = req.backup;
    if !backup.is_file() {
        return Err(StoreError::Backup(format!(
            "reservekopie {} bestaat niet; controleer het pad. Er is niets teruggezet",
            backup.display()
        )));
    }
    if same_file(backup, register) {
        return Err(StoreError::Backup(format!(
            "{} is het register zelf; kies de reservekopie. Er is niets teruggezet",
            backup.display()
        )));
    }
    let nothing = "Er is niets teruggezet";
    let (_, head) = verified(backup, "reservekopie")
        .map_err(|e| StoreError::Backup(format!("{e}. {nothing}")))?;
    let Some((head_seq, head_hash)) = head else {
        return Err(StoreError::Backup(format!(
            "reservekopie {} bevat geen gebeurtenissen. {nothing}",
            backup.display()
        )));
    };
    let exists = register.exists();
    // What the register holds now, and whether the backup continues it. A
    // register that cannot be read is replaced only with --force.
    let mut current_head = None;
    let mut refusal = None;
    if exists {
        match Store::open_read_only(register).and_then(|c| c.head()) {
            Err(e) => {
                refusal = Some(format!(
                    "het huidige register {} kon niet worden gelezen ({e})",
                    register.display()
                ));
            }
            Ok(None) => {}
            Ok(Some((seq, hash))) => {
                current_head = Some((seq, hash));
                let restored = Store::open_read_only(backup)?;
                if head_seq < seq {
                    refusal = Some(format!(
                        "de reservekopie is ouder dan het register: kop seq {head_seq} tegen seq {seq} in {}; terugzetten verliest {} gebeurtenissen",
                        register.display(),
                        seq - head_seq
                    ));
                } else if restored.event_hash(seq)? != Some(hash) {
                    refusal = Some(format!(
                        "de reservekopie is geen voortzetting van het register {}: gebeurtenis {seq} verschilt (een ander register, of een andere geschiedenis)",
                        register.display()
                    ));
                }
            }
        }
    }
    if let Some(why) = &refusal
        && !req.force
    {
        return Err(StoreError::Backup(format!(
            "{why}. {nothing}; weet u het zeker, gebruik dan --force (het huidige register wordt bewaard)"
        )));
    }
    let stamp = req.now.format("%Y%m%dT%H%M%S").to_string();
    if let Some(dir) = register.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_failed(dir, "map aanmaken", e))?;
    }
    let incoming = partial_path(register, "terugzetten");
    remove_with_sidecars(&incoming);
    create_private(&incoming)?;
    let copied = copy_file(backup, &incoming);
    if let Err(e) = copied {
        remove_with_sidecars(&incoming);
        return Err(e);
    }
    let replaced = if exists {
        let aside = aside_path(register, &stamp);
        if let Err(e) = set_aside(register, &aside) {
            remove_with_sidecars(&incoming);
            return Err(e);
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, register).map_err(|e| {
        io_failed(
            register,
            &format!(
                "de reservekopie op zijn plaats zetten (het oude register staat in {})",
                replaced
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ),
            e,
        )
    })?;
    // The restored register, opened as usual (migrated if older); the
    // restore is recorded in it, and anchored.
    let kept = replaced
        .as_deref()
        .map(|p| format!(" en het oude register in {}", p.display()))
        .unwrap_or_default();
    let unrecorded = |e: StoreError| {
        StoreError::Backup(format!(
            "de reservekopie staat op zijn plaats in {}{kept}, maar het terugzetten kon niet worden vastgelegd: {e}. Voer raadsorde verify uit en meld het",
            register.display()
        ))
    };
    let mut store = Store::open_with(register, None).map_err(unrecorded)?;
    let forced = refusal.filter(|_| req.force);
    let event = store
        .append(NewEvent {
            at: req.now,
            actor: req.actor.to_string(),
            meeting_id: None,
            case_id: None,
            corrects: None,
            disturbance: None,
            body: EventBody::Restored {
                from: std::path::absolute(backup)
                    .unwrap_or_else(|_| backup.to_path_buf())
                    .display()
                    .to_string(),
                head_seq,
                head: hex::encode(head_hash),
                replaced: replaced
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                replaced_head_seq: current_head.map(|(seq, _)| seq),
                forced: forced.is_some(),
            },
        })
        .map_err(unrecorded)?;
    let receipt = match &req.receipts {
        None => None,
        Some(settings) => {
            let (Some(head), Some(id)) = (store.head()?, store.register_id()?) else {
                return Err(StoreError::Backup(
                    "het teruggezette register is leeg".into(),
                ));
            };
            // Not through `write_receipt`: the newest receipt may name a
            // head this register no longer holds (a forced restore), which
            // is exactly what this receipt records as settled.
            let (_, file) = receipts::write(settings, register, &id, head, Reason::Restored)
                .map_err(|e| StoreError::Receipt(e.to_string()))?;
            Some(file)
        }
    };
    Ok(RestoreReport {
        replaced,
        head_seq,
        event_seq: event.seq,
        receipt,
        forced,
    })
}

/// Copies the (verified, single-file) backup into the new file `to`.
fn copy_file(from: &Path, to: &Path) -> Result<(), StoreError> {
    let mut source = std::fs::File::open(from).map_err(|e| io_failed(from, "lezen", e))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(to)
        .map_err(|e| io_failed(to, "openen", e))?;
    std::io::copy(&mut source, &mut file)
        .and_then(|_| file.flush())
        .and_then(|()| file.sync_all())
        .map_err(|e| io_failed(to, "schrijven", e))
}

/// Moves the register (and its `-wal`) to `aside`, while holding an
/// exclusive lock on it: refused, in Dutch, when another process has it
/// open. What is in its `-wal` is checkpointed into it first.
fn set_aside(register: &Path, aside: &Path) -> Result<(), StoreError> {
    let in_use = || {
        StoreError::Backup(format!(
            "{} is in gebruik door een ander programma (de live console, het register of een andere werkplek); sluit raadsorde overal en probeer het opnieuw. Er is niets teruggezet",
            register.display()
        ))
    };
    if shm_in_use(register) {
        return Err(in_use());
    }
    // The register with the key that opens it.
    let conn = super::cipher::open_raw(register)?;
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let locked = conn
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        .and_then(|()| {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            })
        });
    match locked {
        Ok(0) => {}
        Ok(_) => return Err(in_use()),
        Err(e) if is_busy(&e) => return Err(in_use()),
        Err(e) => return Err(e.into()),
    }
    std::fs::rename(register, aside).map_err(|e| io_failed(register, "opzijzetten", e))?;
    let wal = sidecar(register, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        std::fs::rename(&wal, sidecar(aside, "-wal"))
            .map_err(|e| io_failed(&wal, "opzijzetten", e))?;
    } else {
        let _ = std::fs::remove_file(&wal);
    }
    // The index of the -wal holds no data; nobody else has it open.
    let _ = std::fs::remove_file(sidecar(register, "-shm"));
    drop(conn);
    Ok(())
}

/// Whether another process has the register open: every SQLite
/// connection in WAL mode holds a shared lock on its `-shm` as long as it is
/// open, idle or not. (SQLite's own exclusive lock on the database file
/// alone does not tell: a process that reads the file's header outside
/// SQLite drops its locks on the file, as POSIX locks go.) Call with no
/// connection of this process open on the register: closing the file here
/// drops this process's locks on it.
#[cfg(unix)]
fn shm_in_use(register: &Path) -> bool {
    use rustix::fs::{FlockOperation, fcntl_lock};
    let Ok(shm) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(sidecar(register, "-shm"))
    else {
        // No -shm (or not ours to open): nobody has it open in WAL mode.
        return false;
    };
    match fcntl_lock(&shm, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => {
            let _ = fcntl_lock(&shm, FlockOperation::NonBlockingUnlock);
            false
        }
        Err(_) => true,
    }
}

#[cfg(not(unix))]
fn shm_in_use(_register: &Path) -> bool {
    false
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}
