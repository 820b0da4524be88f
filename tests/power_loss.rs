//! Power loss: the register on a small FUSE filesystem of this test's own
//! that, like LazyFS, keeps written data in memory until it is fsynced and
//! drops everything not synced at a simulated power cut.
//!
//! The layer ("lazy") holds two copies of every file: what programs see
//! (every write) and what would survive a power cut (the bytes as they were
//! at the file's last fsync/fdatasync). File creation, removal and renames
//! are taken as durable at once (as LazyFS does: it only caches data). The
//! cut is armed after a number of writes and fsyncs chosen by a seeded RNG:
//! at that operation the surviving bytes are frozen and every later write,
//! read or fsync fails with EIO, as if the machine had gone dark.
//!
//! After the cut the surviving bytes of the register and its -wal are copied
//! to real files (the -shm is volatile by nature and is left out) and
//! checked: `PRAGMA integrity_check`, `raadsorde verify`, and that every step
//! the store acknowledged (its `append` returned) is there.
//!
//! - The store (WAL + synchronous=FULL): no acknowledged step is lost.
//! - The real console in a pseudo-terminal on the layer: no step the
//!   screen showed with its seq and ✓ is lost, and after the cut the screen
//!   says "NIET OPGESLAGEN".
//! - Negative controls: the store's own rounds with `synchronous=NORMAL`
//!   set on its connection, and a raw connection with NORMAL, must be seen
//!   to lose acknowledged commits, which shows that the layer really drops
//!   what was not synced (and that the tests above can fail).
//!
//! FUSE without `writeback_cache` (as here) is write-through: every
//! write(2) reaches the layer before it returns, so nothing is held back in
//! the kernel's page cache where the layer cannot see it.
//!
//! On a machine without /dev/fuse, or where mounting is not allowed, the
//! test prints why and passes as skipped.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use chrono::{TimeZone, Utc};
use fuser::{
    Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags, Generation, INodeNo, LockOwner,
    OpenFlags, RenameFlags, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory, ReplyEmpty,
    ReplyEntry, ReplyOpen, ReplyWrite, Request, TimeOrNow, WriteFlags,
};
use raadsorde::domain::time::to_local;
use raadsorde::domain::{EventBody, MeetingType, NewEvent};
use raadsorde::storage::Store;
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// The lazy filesystem
// ---------------------------------------------------------------------------

#[derive(Default, Clone)]
struct Node {
    name: OsString,
    /// What programs see.
    data: Vec<u8>,
    /// What survives a power cut: `data` as it was at the last fsync.
    synced: Vec<u8>,
}

#[derive(Default)]
struct State {
    files: BTreeMap<u64, Node>,
    next_ino: u64,
    /// Writes and fsyncs seen since the cut was armed.
    ops: u64,
    /// Cut the power at this operation (counted from arming).
    cut_at: Option<u64>,
    /// The surviving bytes, frozen at the cut, by file name.
    survivors: Option<BTreeMap<OsString, Vec<u8>>>,
    /// Statistics for the report.
    fsyncs: u64,
    writes: u64,
}

impl State {
    fn by_name(&self, name: &OsStr) -> Option<u64> {
        self.files
            .iter()
            .find(|(_, n)| n.name == name)
            .map(|(ino, _)| *ino)
    }

    fn is_cut(&self) -> bool {
        self.survivors.is_some()
    }

    /// One write or fsync: the power goes when the armed count is reached.
    /// Returns false if the power is off (this operation did not happen).
    fn tick(&mut self) -> bool {
        if self.is_cut() {
            return false;
        }
        if let Some(at) = self.cut_at {
            self.ops += 1;
            if self.ops >= at {
                self.cut();
                return false;
            }
        }
        true
    }

    fn cut(&mut self) {
        if self.is_cut() {
            return;
        }
        let frozen = self
            .files
            .values()
            .map(|n| (n.name.clone(), n.synced.clone()))
            .collect();
        self.survivors = Some(frozen);
    }
}

#[derive(Clone)]
struct Lazy(Arc<Mutex<State>>);

const TTL: Duration = Duration::ZERO;

fn attr(ino: u64, node: Option<&Node>) -> FileAttr {
    let (kind, size, perm, nlink) = match node {
        Some(n) => (FileType::RegularFile, n.data.len() as u64, 0o644, 1),
        None => (FileType::Directory, 0, 0o755, 2),
    };
    FileAttr {
        ino: INodeNo(ino),
        size,
        blocks: size.div_ceil(512),
        atime: SystemTime::UNIX_EPOCH,
        mtime: SystemTime::UNIX_EPOCH,
        ctime: SystemTime::UNIX_EPOCH,
        crtime: SystemTime::UNIX_EPOCH,
        kind,
        perm,
        nlink,
        uid: 0,
        gid: 0,
        rdev: 0,
        flags: 0,
        blksize: 4096,
    }
}

impl Filesystem for Lazy {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        let s = self.0.lock().unwrap();
        if u64::from(parent) != 1 {
            return reply.error(Errno::ENOENT);
        }
        match s.by_name(name) {
            Some(ino) => reply.entry(&TTL, &attr(ino, s.files.get(&ino)), Generation(0)),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        let s = self.0.lock().unwrap();
        let ino = u64::from(ino);
        if ino == 1 {
            return reply.attr(&TTL, &attr(1, None));
        }
        match s.files.get(&ino) {
            Some(n) => reply.attr(&TTL, &attr(ino, Some(n))),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        _mode: Option<u32>,
        _uid: Option<u32>,
        _gid: Option<u32>,
        size: Option<u64>,
        _atime: Option<TimeOrNow>,
        _mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        let mut s = self.0.lock().unwrap();
        let ino = u64::from(ino);
        if ino == 1 {
            return reply.attr(&TTL, &attr(1, None));
        }
        if size.is_some() && !s.tick() {
            return reply.error(Errno::EIO);
        }
        let Some(n) = s.files.get_mut(&ino) else {
            return reply.error(Errno::ENOENT);
        };
        if let Some(size) = size {
            n.data.resize(size as usize, 0);
        }
        let a = attr(ino, Some(n));
        reply.attr(&TTL, &a);
    }

    fn create(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        _mode: u32,
        _umask: u32,
        _flags: i32,
        reply: ReplyCreate,
    ) {
        let mut s = self.0.lock().unwrap();
        if u64::from(parent) != 1 {
            return reply.error(Errno::ENOENT);
        }
        if s.is_cut() {
            return reply.error(Errno::EIO);
        }
        let ino = match s.by_name(name) {
            Some(ino) => ino,
            None => {
                s.next_ino += 1;
                let ino = s.next_ino + 1;
                s.files.insert(
                    ino,
                    Node {
                        name: name.to_os_string(),
                        ..Node::default()
                    },
                );
                ino
            }
        };
        let a = attr(ino, s.files.get(&ino));
        reply.created(&TTL, &a, Generation(0), FileHandle(0), FopenFlags::empty());
    }

    fn open(&self, _req: &Request, _ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        reply.opened(FileHandle(0), FopenFlags::empty());
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        let s = self.0.lock().unwrap();
        if s.is_cut() {
            return reply.error(Errno::EIO);
        }
        let Some(n) = s.files.get(&u64::from(ino)) else {
            return reply.error(Errno::ENOENT);
        };
        let start = (offset as usize).min(n.data.len());
        let end = (start + size as usize).min(n.data.len());
        reply.data(&n.data[start..end]);
    }

    fn write(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        let mut s = self.0.lock().unwrap();
        if !s.tick() {
            return reply.error(Errno::EIO);
        }
        s.writes += 1;
        let Some(n) = s.files.get_mut(&u64::from(ino)) else {
            return reply.error(Errno::ENOENT);
        };
        let start = offset as usize;
        let end = start + data.len();
        if n.data.len() < end {
            n.data.resize(end, 0);
        }
        n.data[start..end].copy_from_slice(data);
        reply.written(data.len() as u32);
    }

    fn flush(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        // close(2) is not a sync: nothing becomes durable here.
        reply.ok();
    }

    fn fsync(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        let mut s = self.0.lock().unwrap();
        if !s.tick() {
            return reply.error(Errno::EIO);
        }
        s.fsyncs += 1;
        let Some(n) = s.files.get_mut(&u64::from(ino)) else {
            return reply.error(Errno::ENOENT);
        };
        n.synced = n.data.clone();
        reply.ok();
    }

    fn fsyncdir(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        reply.ok();
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        let mut s = self.0.lock().unwrap();
        if u64::from(parent) != 1 {
            return reply.error(Errno::ENOENT);
        }
        if s.is_cut() {
            return reply.error(Errno::EIO);
        }
        match s.by_name(name) {
            Some(ino) => {
                s.files.remove(&ino);
                reply.ok();
            }
            None => reply.error(Errno::ENOENT),
        }
    }

    fn rename(
        &self,
        _req: &Request,
        _parent: INodeNo,
        name: &OsStr,
        _newparent: INodeNo,
        newname: &OsStr,
        _flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        let mut s = self.0.lock().unwrap();
        if s.is_cut() {
            return reply.error(Errno::EIO);
        }
        let Some(ino) = s.by_name(name) else {
            return reply.error(Errno::ENOENT);
        };
        if let Some(old) = s.by_name(newname) {
            s.files.remove(&old);
        }
        if let Some(n) = s.files.get_mut(&ino) {
            n.name = newname.to_os_string();
        }
        reply.ok();
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        if u64::from(ino) != 1 {
            return reply.error(Errno::ENOTDIR);
        }
        let s = self.0.lock().unwrap();
        let mut entries = vec![
            (1, FileType::Directory, OsString::from(".")),
            (1, FileType::Directory, OsString::from("..")),
        ];
        for (ino, n) in &s.files {
            entries.push((*ino, FileType::RegularFile, n.name.clone()));
        }
        for (i, (ino, kind, name)) in entries.into_iter().enumerate().skip(offset as usize) {
            if reply.add(INodeNo(ino), (i + 1) as u64, kind, name) {
                break;
            }
        }
        reply.ok();
    }

    fn access(&self, _req: &Request, _ino: INodeNo, _mask: fuser::AccessFlags, reply: ReplyEmpty) {
        reply.ok();
    }

    fn fallocate(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        length: u64,
        _mode: i32,
        reply: ReplyEmpty,
    ) {
        let mut s = self.0.lock().unwrap();
        if !s.tick() {
            return reply.error(Errno::EIO);
        }
        let Some(n) = s.files.get_mut(&u64::from(ino)) else {
            return reply.error(Errno::ENOENT);
        };
        let end = (offset + length) as usize;
        if n.data.len() < end {
            n.data.resize(end, 0);
        }
        reply.ok();
    }
}

/// A mounted lazy filesystem; unmounted on drop.
struct Mounted {
    state: Arc<Mutex<State>>,
    dir: TempDir,
    session: Option<fuser::BackgroundSession>,
}

impl Mounted {
    /// Mounts a fresh layer, or says why it cannot be done here.
    fn new() -> Result<Mounted, String> {
        if !Path::new("/dev/fuse").exists() {
            return Err("/dev/fuse bestaat niet op deze machine".into());
        }
        let dir = TempDir::new().map_err(|e| e.to_string())?;
        let state = Arc::new(Mutex::new(State::default()));
        let mut config = fuser::Config::default();
        config.mount_options = vec![
            fuser::MountOption::FSName("raadsorde-lazy".into()),
            fuser::MountOption::Subtype("lazy".into()),
        ];
        let session = fuser::spawn_mount(Lazy(Arc::clone(&state)), dir.path(), &config)
            .map_err(|e| format!("FUSE-mount op {} mislukt: {e}", dir.path().display()))?;
        // The mount is there once the root answers as our (empty) directory.
        let start = Instant::now();
        loop {
            if std::fs::read_dir(dir.path()).is_ok_and(|mut d| d.next().is_none())
                && mounted_at(dir.path())
            {
                break;
            }
            if start.elapsed() > Duration::from_secs(5) {
                return Err("FUSE-mount verscheen niet binnen 5 s".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Mounted {
            state,
            dir,
            session: Some(session),
        })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Cuts the power after `ops` more writes/fsyncs.
    fn arm(&self, ops: u64) {
        let mut s = self.state.lock().unwrap();
        s.ops = 0;
        s.cut_at = Some(ops);
    }

    /// Cuts the power now (if it was not cut already); returns the survivors.
    fn cut(&self) -> BTreeMap<OsString, Vec<u8>> {
        let mut s = self.state.lock().unwrap();
        s.cut();
        s.survivors.clone().unwrap()
    }

    fn was_cut(&self) -> bool {
        self.state.lock().unwrap().is_cut()
    }

    fn stats(&self) -> (u64, u64) {
        let s = self.state.lock().unwrap();
        (s.writes, s.fsyncs)
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(session) = self.session.take()
            && let Err(e) = session.umount_and_join()
        {
            // Still busy (a process holding a file there): detach it
            // lazily rather than leave the mount behind.
            eprintln!(
                "unmount of {} failed ({e}); detaching",
                self.path().display()
            );
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(self.path())
                .status();
        }
    }
}

/// The tests of this file one at a time: a console spawned by one test
/// must not hold a file of another test's mount open when that one
/// unmounts.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn mounted_at(dir: &Path) -> bool {
    let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else {
        return false;
    };
    let dir = dir.display().to_string();
    mounts
        .lines()
        .any(|l| l.split_whitespace().nth(1) == Some(dir.as_str()))
}

/// Writes the surviving bytes of `names` to real files in `to`.
fn restore(survivors: &BTreeMap<OsString, Vec<u8>>, to: &Path) {
    for (name, bytes) in survivors {
        if name.to_string_lossy().ends_with("-shm") {
            continue;
        }
        std::fs::write(to.join(name), bytes).unwrap();
    }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/// splitmix64: a tiny seeded RNG, enough to pick cut points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn seed() -> u64 {
    std::env::var("RAADSORDE_POWER_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261201)
}

fn rounds() -> usize {
    std::env::var("RAADSORDE_POWER_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

fn note(i: usize, meeting: Option<u64>) -> NewEvent {
    let at = to_local(Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap())
        + chrono::Duration::seconds(i as i64);
    let body = if i == 0 {
        EventBody::MeetingStarted {
            meeting_type: MeetingType::Raadsvergadering,
            title: "Raadsvergadering".into(),
            chair: "burgemeester".into(),
            location: "raadzaal".into(),
            town_hall: false,
            risk_check: None,
        }
    } else {
        EventBody::Note {
            text: format!("notitie {i}"),
        }
    };
    NewEvent {
        at,
        actor: "griffie".into(),
        meeting_id: meeting,
        case_id: None,
        corrects: None,
        disturbance: None,
        body,
    }
}

/// Steps per round before the power is cut anyway.
const STEPS: usize = 40;

/// What a series of power-cut rounds on the store found.
#[derive(Default)]
struct Tally {
    acked: usize,
    lost: usize,
    cuts_mid_commit: usize,
    writes: u64,
    fsyncs: u64,
}

/// Rounds of: a fresh layer, the store on it (with `synchronous` set to
/// `sync` after the store's own open, for the negative control), steps
/// appended until the armed cut, the survivors checked.
fn store_rounds(sync: Option<&str>) -> Tally {
    let mut rng = Rng(seed());
    let mut t = Tally::default();
    for round in 0..rounds() {
        let fs = Mounted::new().unwrap();
        let db = fs.path().join("raadsorde.db");
        let mut store = Store::open(&db).unwrap();
        if let Some(mode) = sync {
            store
                .connection()
                .execute_batch(&format!("PRAGMA synchronous = {mode}"))
                .unwrap();
        }
        // A commit of the store is a dozen or so writes and an fsync or
        // two: the cut falls anywhere in the first STEPS steps, in the
        // middle of a commit included.
        let cut_after = 1 + rng.below(STEPS as u64 * 16);
        fs.arm(cut_after);
        let mut acked: Vec<String> = Vec::new();
        let mut meeting = None;
        for i in 0..STEPS {
            match store.append(note(i, meeting)) {
                Ok(e) => {
                    meeting = e.meeting_id;
                    acked.push(describe(&e.body));
                }
                Err(_) => {
                    t.cuts_mid_commit += 1;
                    break;
                }
            }
        }
        let survivors = fs.cut();
        let (w, f) = fs.stats();
        t.writes += w;
        t.fsyncs += f;
        drop(store);
        drop(fs);

        let real = TempDir::new().unwrap();
        restore(&survivors, real.path());
        let copy = real.path().join("raadsorde.db");
        let found = stored_steps(&copy);
        let lost = acked.iter().filter(|a| !found.contains(a)).count();
        eprintln!(
            "round {round}: cut after {cut_after} ops, {} acknowledged, {} found, {lost} lost",
            acked.len(),
            found.len(),
        );
        // What survived is in order: a prefix of the acknowledged steps
        // and at most the one whose commit was under way at the cut.
        let kept = found.len().min(acked.len());
        assert_eq!(found[..kept], acked[..kept], "round {round}");
        assert!(found.len() <= acked.len() + 1, "round {round}: {found:?}");
        if sync.is_none() {
            assert_eq!(lost, 0, "round {round}: acknowledged steps lost");
        }
        if !found.is_empty() {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_raadsorde"))
                .args(["--db"])
                .arg(&copy)
                .arg("verify")
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: verify after the cut: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        t.acked += acked.len();
        t.lost += lost;
    }
    t
}

#[test]
fn wal_full_loses_no_acknowledged_step_at_a_power_cut() {
    let _serial = serial();
    let started = Instant::now();
    if let Err(why) = Mounted::new() {
        eprintln!("power-loss test SKIPPED: {why}");
        return;
    }
    let t = store_rounds(None);
    eprintln!(
        "power-loss, the store (WAL + synchronous=FULL): {} rounds (seed {}), {} acknowledged steps, {} LOST, {} cuts during a commit; the layer saw {} writes and {} fsyncs; {:.1} s",
        rounds(),
        seed(),
        t.acked,
        t.lost,
        t.cuts_mid_commit,
        t.writes,
        t.fsyncs,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(t.lost, 0);
    assert!(t.acked > 0, "no round acknowledged anything");
}

/// The store's own workload with `synchronous=NORMAL` set on its connection:
/// the same rounds must lose acknowledged steps, or the test above could
/// not fail.
#[test]
fn the_store_with_synchronous_normal_loses_steps_negative_control() {
    let _serial = serial();
    let started = Instant::now();
    if let Err(why) = Mounted::new() {
        eprintln!("power-loss negative control SKIPPED: {why}");
        return;
    }
    let t = store_rounds(Some("NORMAL"));
    eprintln!(
        "power-loss negative control, the store with synchronous=NORMAL: {} rounds, {} acknowledged steps, {} LOST; {:.1} s",
        rounds(),
        t.acked,
        t.lost,
        started.elapsed().as_secs_f64()
    );
    assert!(t.acked > 0);
    assert!(
        t.lost > 0,
        "synchronous=NORMAL lost nothing: the layer keeps unsynced data"
    );
}

#[test]
fn synchronous_normal_loses_acknowledged_commits_negative_control() {
    let _serial = serial();
    let started = Instant::now();
    let fs = match Mounted::new() {
        Ok(m) => m,
        Err(why) => {
            eprintln!("power-loss negative control SKIPPED: {why}");
            return;
        }
    };
    let db = fs.path().join("normal.db");
    let conn = raadsorde::storage::open_raw(&db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         CREATE TABLE steps (n INTEGER PRIMARY KEY);
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    // Each insert is its own acknowledged commit; NORMAL syncs the WAL only
    // at a checkpoint, so a cut before one drops them.
    let cut_after = 300;
    fs.arm(cut_after);
    let mut acked = 0u32;
    for n in 1..=200u32 {
        if conn
            .execute("INSERT INTO steps (n) VALUES (?1)", [n])
            .is_err()
        {
            break;
        }
        acked = n;
    }
    let survivors = fs.cut();
    let was_cut_mid_run = acked < 200;
    drop(conn);
    drop(fs);
    let real = TempDir::new().unwrap();
    restore(&survivors, real.path());
    let copy = raadsorde::storage::open_raw(real.path().join("normal.db")).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let found: u32 = copy
        .query_row("SELECT count(*) FROM steps", [], |r| r.get(0))
        .unwrap();
    let lost = acked - found;
    eprintln!(
        "power-loss negative control, synchronous=NORMAL: {acked} acknowledged commits, {found} survived, {lost} LOST (integrity_check {check}, cut during the run: {was_cut_mid_run}); {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(acked > 0);
    assert!(
        lost > 0,
        "synchronous=NORMAL lost nothing: the layer does not drop unsynced data"
    );
}

/// The real console on the layer: steps typed until the power goes (the
/// cut is armed at a random operation); every step the screen showed with
/// its seq and ✓ must survive.
#[test]
fn the_console_loses_no_step_it_showed_as_saved() {
    let _serial = serial();
    let started = Instant::now();
    if let Err(why) = Mounted::new() {
        eprintln!("power-loss console test SKIPPED: {why}");
        return;
    }
    let mut rng = Rng(seed() ^ 0xC0);
    let keys: [(&str, &str); 10] = [
        ("m\r", "meeting-started"),
        ("v", "disturbance-started"),
        ("2", "disturbance-described"),
        ("s", "suspended"),
        ("d", "demand"),
        ("d", "demand"),
        ("l", "livestream-stopped"),
        ("d", "demand"),
        ("i", "intervention-team-called"),
        ("h", "resumed"),
    ];
    let (mut acked_total, mut lost_total) = (0, 0);
    let console_rounds = 5;
    for round in 0..console_rounds {
        let fs = Mounted::new().unwrap();
        let sandbox = common::Sandbox::new();
        let db = fs.path().join("raadsorde.db");
        let mut cmd = portable_pty::CommandBuilder::new(common::bin());
        cmd.cwd(sandbox.root());
        for (k, v) in sandbox.env() {
            cmd.env(k, v);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("RAADSORDE_NOODMAP", sandbox.root().join("noodmap"));
        cmd.arg("--db");
        cmd.arg(&db);
        cmd.arg("--config-dir");
        cmd.arg(sandbox.config_dir());
        let mut tui = common::Tui::spawn(cmd, 24, 80);
        tui.wait_for("geen vergadering");
        // The register exists now; the power goes somewhere in the steps.
        let cut_after = 1 + rng.below(300);
        fs.arm(cut_after);
        let mut acked = Vec::new();
        for (i, (k, kind)) in keys.iter().enumerate() {
            // After the roles the first user got at the start.
            let seq = i as u64 + 1 + raadsorde::domain::access::Role::ALL.len() as u64;
            tui.keys(k);
            let needle = format!(" {seq} ✓ ");
            let start = Instant::now();
            let seen = loop {
                if tui.screen().lines().any(|l| l.contains(&needle)) {
                    break true;
                }
                // No ✓ within 1.5 s: the power is off, the commit failed.
                if start.elapsed() > Duration::from_millis(1500) {
                    break false;
                }
                std::thread::sleep(Duration::from_millis(10));
            };
            if !seen {
                assert!(
                    fs.was_cut(),
                    "round {round}: step {seq} not saved, power still on"
                );
                break;
            }
            acked.push(*kind);
        }
        let survivors = fs.cut();
        let _ = tui.kill_hard();
        drop(tui);
        drop(fs);
        let real = TempDir::new().unwrap();
        restore(&survivors, real.path());
        let copy = real.path().join("raadsorde.db");
        let found: Vec<String> = if copy.exists() && std::fs::metadata(&copy).unwrap().len() > 0 {
            stored_steps(&copy);
            let store = Store::open_read_only(&copy).unwrap();
            store
                .export()
                .unwrap()
                .events
                .iter()
                .map(|e| e.kind.clone())
                .filter(|k| !common::ACCESS_KINDS.contains(&k.as_str()))
                .collect()
        } else {
            Vec::new()
        };
        let lost = acked.len().saturating_sub(found.len());
        eprintln!(
            "console round {round}: cut after {cut_after} ops, {} steps shown saved, {} found, {lost} lost",
            acked.len(),
            found.len()
        );
        assert!(
            found.len() >= acked.len(),
            "round {round}: lost {lost}: {found:?}"
        );
        assert_eq!(found[..acked.len()], acked[..], "round {round}");
        acked_total += acked.len();
        lost_total += lost;
    }
    eprintln!(
        "power-loss, the console in a pty: {console_rounds} rounds, {acked_total} steps shown saved (✓), {lost_total} lost; {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(lost_total, 0);
}

/// The same layer with WAL + FULL on a raw connection, as a control of the
/// control: the very workload that NORMAL loses survives with FULL.
#[test]
fn synchronous_full_keeps_the_same_workload() {
    let _serial = serial();
    let fs = match Mounted::new() {
        Ok(m) => m,
        Err(why) => {
            eprintln!("power-loss FULL control SKIPPED: {why}");
            return;
        }
    };
    let db = fs.path().join("full.db");
    let conn = raadsorde::storage::open_raw(&db).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         CREATE TABLE steps (n INTEGER PRIMARY KEY);
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    fs.arm(300);
    let mut acked = 0u32;
    for n in 1..=200u32 {
        if conn
            .execute("INSERT INTO steps (n) VALUES (?1)", [n])
            .is_err()
        {
            break;
        }
        acked = n;
    }
    assert!(fs.was_cut() || acked == 200);
    let survivors = fs.cut();
    drop(conn);
    drop(fs);
    let real = TempDir::new().unwrap();
    restore(&survivors, real.path());
    let copy = raadsorde::storage::open_raw(real.path().join("full.db")).unwrap();
    let found: u32 = copy
        .query_row("SELECT count(*) FROM steps", [], |r| r.get(0))
        .unwrap();
    eprintln!("power-loss FULL control: {acked} acknowledged commits, {found} survived");
    assert!(acked > 0);
    assert!(found >= acked, "FULL lost {} commits", acked - found);
}

fn describe(body: &EventBody) -> String {
    match body {
        EventBody::Note { text } => text.clone(),
        other => format!("{other:?}")
            .split([' ', '{'])
            .next()
            .unwrap()
            .to_string(),
    }
}

/// The steps in a restored register, in order, after `integrity_check`.
fn stored_steps(db: &Path) -> Vec<String> {
    if !db.exists() || std::fs::metadata(db).unwrap().len() == 0 {
        return Vec::new();
    }
    let conn = raadsorde::storage::open_raw(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{}", db.display());
    drop(conn);
    let store = Store::open_read_only(db).unwrap();
    let export = store.export().unwrap();
    export
        .events
        .iter()
        .map(|e| match &e.payload {
            Some(p) if e.kind == "note" => p["text"].as_str().unwrap().to_string(),
            _ => "MeetingStarted".to_string(),
        })
        .collect()
}
