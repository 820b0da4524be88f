//! The private directory the projections are rebuilt in for `verify` (see
//! `project/replay.rs`): at 100,000 cases its file is about 500 MB. It
//! must not outlive the check, whatever ends it:
//!
//! - a normal end (or an error) drops the [`RebuildDir`], which removes it;
//! - a stop signal: the command's signal watcher calls [`remove_open`],
//!   which removes every directory this process still has open, before the
//!   process exits (`commands::stop_signals` in the binary);
//! - `kill -9`, a crash or a power cut: nothing runs in the process, so the
//!   next rebuild on this computer sweeps it ([`sweep`]). A directory is
//!   stale when no process holds the lock on its `slot` file: the lock is
//!   the kernel's and dies with its process, so a check still running
//!   (another workstation's account, another terminal) keeps its own.
//!
//! Its file is encrypted with a key that dies with the process, so what
//! is left behind cannot be read; it only takes space.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// How a rebuild directory's name starts, in the system's temporary
/// directory.
pub const PREFIX: &str = "raadsorde-herbouw-";

/// The file whose lock says that the directory is in use.
const SLOT: &str = "slot";

/// How old a directory without a held lock must be before it is swept:
/// between creating the directory and locking its slot file a live process
/// holds no lock for a moment; a dead one's directory is older than this.
/// Directories of versions before the lock (no slot file) are swept only
/// when nothing in them changed for an hour.
const UNLOCKED_AGE: Duration = Duration::from_secs(60);
const WITHOUT_SLOT_AGE: Duration = Duration::from_secs(3600);

/// The rebuild directories this process has open.
static OPEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A rebuild directory in use: removed when dropped.
#[derive(Debug)]
pub struct RebuildDir {
    // Fields drop in order: the lock is released after the directory has
    // gone, so no sweep can see it unlocked while it still exists.
    dir: tempfile::TempDir,
    _slot: File,
}

impl RebuildDir {
    /// A new directory in the system's temporary directory, after sweeping
    /// stale ones there.
    pub fn new() -> std::io::Result<RebuildDir> {
        RebuildDir::new_in(&std::env::temp_dir())
    }

    pub fn new_in(root: &Path) -> std::io::Result<RebuildDir> {
        sweep(root, UNLOCKED_AGE);
        let dir = tempfile::Builder::new().prefix(PREFIX).tempdir_in(root)?;
        let slot = File::create(dir.path().join(SLOT))?;
        slot.try_lock().map_err(std::io::Error::other)?;
        lock_open().push(dir.path().to_path_buf());
        Ok(RebuildDir { dir, _slot: slot })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for RebuildDir {
    fn drop(&mut self) {
        lock_open().retain(|p| p != self.dir.path());
    }
}

fn lock_open() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding it leaves a list that is still right.
    OPEN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every rebuild directory this process has open: for a stop
/// signal, just before the process exits (a rebuild still writing goes on
/// into unlinked files until then). Returns how many were removed.
pub fn remove_open() -> usize {
    let dirs = std::mem::take(&mut *lock_open());
    dirs.iter()
        .filter(|d| std::fs::remove_dir_all(d).is_ok())
        .count()
}

/// Removes the rebuild directories in `root` that no process uses any
/// more (see the module's documentation) and are at least `unlocked_age`
/// old. Best effort: what cannot be read or removed is left for the next
/// sweep. Returns the directories removed.
pub fn sweep(root: &Path, unlocked_age: Duration) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        // Not followed through a link: only real directories are ours.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        if is_stale(&dir, now, unlocked_age) && std::fs::remove_dir_all(&dir).is_ok() {
            removed.push(dir);
        }
    }
    removed
}

fn is_stale(dir: &Path, now: SystemTime, unlocked_age: Duration) -> bool {
    let age = |p: &Path| {
        std::fs::symlink_metadata(p)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
    };
    match File::open(dir.join(SLOT)) {
        // Held by a live process: in use. Free: its process has ended.
        // The lock taken here is released when `slot` closes.
        Ok(slot) => slot.try_lock().is_ok() && age(dir).is_some_and(|a| a >= unlocked_age),
        // An older version's directory: stale when nothing in it changed
        // for an hour (its database file changes while a check writes it).
        Err(_) => {
            let youngest = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| age(&e.path()))
                .chain([age(dir)])
                .min()
                .flatten();
            youngest.is_some_and(|a| a >= WITHOUT_SLOT_AGE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dirs: &[PathBuf]) -> Vec<String> {
        let mut n: Vec<String> = dirs
            .iter()
            .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn a_directory_in_use_is_kept_and_removed_when_dropped() {
        let root = tempfile::tempdir().unwrap();
        let dir = RebuildDir::new_in(root.path()).unwrap();
        let path = dir.path().to_path_buf();
        std::fs::write(path.join("herbouw.db"), b"x").unwrap();
        assert!(path.starts_with(root.path()));
        assert!(
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(PREFIX)
        );
        // Its lock is held: even with no age required, a sweep keeps it.
        assert!(sweep(root.path(), Duration::ZERO).is_empty());
        assert!(path.join("herbouw.db").exists());
        drop(dir);
        assert!(!path.exists());
    }

    #[test]
    fn a_directory_whose_lock_no_one_holds_is_swept_once_old_enough() {
        let root = tempfile::tempdir().unwrap();
        // What a killed process leaves: the slot file, unlocked.
        let dead = root.path().join(format!("{PREFIX}dood"));
        std::fs::create_dir(&dead).unwrap();
        File::create(dead.join(SLOT)).unwrap();
        std::fs::write(dead.join("herbouw.db"), vec![0u8; 4096]).unwrap();
        // Not ours: another name, or a file with our prefix.
        std::fs::create_dir(root.path().join("iets-anders")).unwrap();
        std::fs::write(root.path().join(format!("{PREFIX}bestand")), b"x").unwrap();
        // Too young: it could be a process between mkdir and lock.
        assert!(sweep(root.path(), Duration::from_secs(600)).is_empty());
        assert!(dead.exists());
        assert_eq!(
            names(&sweep(root.path(), Duration::ZERO)),
            vec![format!("{PREFIX}dood")]
        );
        assert!(!dead.exists());
        assert!(root.path().join("iets-anders").exists());
        assert!(root.path().join(format!("{PREFIX}bestand")).exists());
    }

    #[test]
    fn a_directory_of_an_older_version_is_swept_only_when_untouched_for_an_hour() {
        let root = tempfile::tempdir().unwrap();
        let old = root.path().join(format!("{PREFIX}oud"));
        std::fs::create_dir(&old).unwrap();
        let db = old.join("herbouw.db");
        std::fs::write(&db, b"x").unwrap();
        // Just written: a check of an older version may still be running.
        assert!(sweep(root.path(), Duration::ZERO).is_empty());
        let long_ago = SystemTime::now() - Duration::from_secs(7200);
        File::options()
            .write(true)
            .open(&db)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        // The directory itself changed just now (the file was made in it).
        assert!(sweep(root.path(), Duration::ZERO).is_empty());
        File::open(&old).unwrap().set_modified(long_ago).unwrap();
        assert_eq!(names(&sweep(root.path(), Duration::ZERO)).len(), 1);
        assert!(!old.exists());
    }

    #[test]
    fn a_directory_is_listed_for_a_stop_signal_while_in_use() {
        let root = tempfile::tempdir().unwrap();
        let dir = RebuildDir::new_in(root.path()).unwrap();
        let path = dir.path().to_path_buf();
        // [`remove_open`] itself is not called here: it would also remove
        // the directories of other tests of this process. The binary's test
        // stops a real `verify` with a signal (tests/verify.rs).
        assert!(lock_open().contains(&path));
        drop(dir);
        assert!(!lock_open().contains(&path));
    }
}
