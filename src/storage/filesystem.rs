//! Where the register may live. SQLite's WAL needs shared memory between the
//! processes that use a database, which a network filesystem does not give:
//! two workstations on a register on NFS or SMB can each see a different
//! head and break the chain. "Two workstations" must therefore be two
//! processes on one host (two terminals, two SSH logins); a register on a
//! network filesystem is refused.

use std::path::Path;

/// The kind of network filesystem `dir` is on, if it is on one.
pub fn network_kind(dir: &Path) -> Option<String> {
    kind_of(statfs_magic(dir), || {
        let mounts = std::fs::read_to_string("/proc/self/mounts").ok()?;
        let dir = std::fs::canonicalize(dir).ok()?;
        mount_type(&mounts, &dir).and_then(|t| network_type(&t).map(str::to_string))
    })
}

/// The network filesystem by its `statfs` magic number; the mount table
/// (`mounted`) is read only where the magic does not tell: for FUSE, whose
/// filesystems (sshfs, rclone…) share one magic number and have their
/// subtype in the mount table, and where `statfs` gave nothing. Every other
/// magic is a local filesystem (ext4, xfs, btrfs, tmpfs…), decided without
/// reading the mount table at each start.
fn kind_of(magic: Option<i64>, mounted: impl FnOnce() -> Option<String>) -> Option<String> {
    match magic {
        Some(m) => match magic_kind(m) {
            Some(kind) => Some(kind.to_string()),
            None if m & 0xFFFF_FFFF == FUSE_MAGIC => mounted(),
            None => None,
        },
        None => mounted(),
    }
}

/// `FUSE_SUPER_MAGIC` (linux/magic.h).
const FUSE_MAGIC: i64 = 0x6573_5546;

#[cfg(target_os = "linux")]
fn statfs_magic(dir: &Path) -> Option<i64> {
    let st = rustix::fs::statfs(dir).ok()?;
    #[allow(clippy::unnecessary_cast)]
    Some(st.f_type as i64)
}

#[cfg(not(target_os = "linux"))]
fn statfs_magic(_dir: &Path) -> Option<i64> {
    None
}

/// Network filesystems by their `statfs` magic number (linux/magic.h).
fn magic_kind(magic: i64) -> Option<&'static str> {
    // The magic is a 32-bit value; on some targets it arrives sign-extended.
    match magic & 0xFFFF_FFFF {
        0x6969 => Some("NFS"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2/3"),
        0x517B => Some("SMB"),
        0x5346_414F | 0x6B41_4653 => Some("AFS"),
        0x00C3_6400 => Some("Ceph"),
        0x0BD0_0BD0 => Some("Lustre"),
        0x0102_1997 => Some("9p"),
        0x4750_4653 => Some("GPFS"),
        0x0122_3344 => Some("OCFS2"),
        _ => None,
    }
}

/// The filesystem type of the mount that holds `path` (the longest mount
/// point that is a prefix of it), from the text of `/proc/self/mounts`.
fn mount_type(mounts: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for line in mounts.lines() {
        let mut fields = line.split_whitespace();
        let (Some(_device), Some(point), Some(fstype)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // Spaces in mount points are written as \040.
        let point = point.replace("\\040", " ");
        if path.starts_with(&point) && best.is_none_or(|(len, _)| point.len() > len) {
            best = Some((point.len(), fstype));
        }
    }
    best.map(|(_, t)| t.to_string())
}

/// Whether a mount-table filesystem type is a network filesystem.
fn network_type(fstype: &str) -> Option<&'static str> {
    match fstype {
        "nfs" | "nfs4" => Some("NFS"),
        "cifs" | "smb3" | "smbfs" => Some("SMB/CIFS"),
        "fuse.sshfs" => Some("sshfs"),
        "fuse.rclone" => Some("rclone"),
        "fuse.glusterfs" | "glusterfs" => Some("GlusterFS"),
        "davfs" | "fuse.davfs2" => Some("WebDAV"),
        "9p" => Some("9p"),
        "afs" => Some("AFS"),
        "ceph" => Some("Ceph"),
        "lustre" => Some("Lustre"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "\
/dev/vda / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
server:/export /mnt/griffie nfs4 rw,vers=4.2 0 0
//nas/share /mnt/p\\040o cifs rw 0 0
user@host:/srv /mnt/ssh fuse.sshfs rw 0 0
";

    #[test]
    fn the_mount_holding_a_path_is_the_longest_prefix() {
        let t = |p: &str| mount_type(MOUNTS, Path::new(p));
        assert_eq!(t("/home/griffie/raadsorde.db").as_deref(), Some("ext4"));
        assert_eq!(t("/tmp/x").as_deref(), Some("tmpfs"));
        assert_eq!(t("/mnt/griffie/r.db").as_deref(), Some("nfs4"));
        assert_eq!(t("/mnt/p o/r.db").as_deref(), Some("cifs"));
        assert_eq!(t("/mnt/ssh/r.db").as_deref(), Some("fuse.sshfs"));
    }

    #[test]
    fn network_filesystems_are_named_local_ones_are_not() {
        assert_eq!(network_type("nfs4"), Some("NFS"));
        assert_eq!(network_type("cifs"), Some("SMB/CIFS"));
        assert_eq!(network_type("fuse.sshfs"), Some("sshfs"));
        assert_eq!(network_type("ext4"), None);
        assert_eq!(network_type("tmpfs"), None);
        // A local FUSE layer (as the power-loss test uses) is not refused.
        assert_eq!(network_type("fuse"), None);
        assert_eq!(magic_kind(0x6969), Some("NFS"));
        assert_eq!(magic_kind(0xFF53_4D42_u32 as i32 as i64), Some("CIFS"));
        assert_eq!(magic_kind(0xEF53), None, "ext4");
    }

    #[test]
    fn the_mount_table_is_read_only_for_fuse_or_when_statfs_gives_nothing() {
        let read = std::cell::Cell::new(0);
        let sshfs = || {
            read.set(read.get() + 1);
            Some("sshfs".to_string())
        };
        assert_eq!(kind_of(Some(0xEF53), sshfs), None, "ext4");
        assert_eq!(kind_of(Some(0x0102_1994), sshfs), None, "tmpfs");
        assert_eq!(kind_of(Some(0x6969), sshfs).as_deref(), Some("NFS"));
        assert_eq!(read.get(), 0, "decided by the magic alone");
        assert_eq!(kind_of(Some(FUSE_MAGIC), sshfs).as_deref(), Some("sshfs"));
        assert_eq!(kind_of(None, sshfs).as_deref(), Some("sshfs"));
        assert_eq!(read.get(), 2);
        assert_eq!(
            kind_of(Some(FUSE_MAGIC), || None),
            None,
            "a local FUSE layer"
        );
        // Every type the mount table names as a network filesystem that is
        // not FUSE has its own magic number.
        assert_eq!(magic_kind(0x6B41_4653), Some("AFS"), "kAFS");
        assert_eq!(magic_kind(0x0BD0_0BD0), Some("Lustre"));
    }

    #[test]
    fn a_local_directory_is_not_a_network_filesystem() {
        let dir = tempfile::TempDir::new().unwrap();
        assert_eq!(network_kind(dir.path()), None);
    }
}
