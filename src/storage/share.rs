//! One register for several accounts on one host (the griffie and P&O on
//! one server): `raadsorde deel --groep GROEP` gives the register, its -wal
//! and -shm to that group (0660) and its directory too (2770: the group may
//! create the -wal and -shm, and new files there belong to the group).
//! Each account gets its own copy of the key with a recovery copy
//! (`raadsorde sleutel herstelkopie` here, `raadsorde sleutel herstel`
//! there); no key is ever made readable by the group.

use std::path::{Path, PathBuf};

/// What sharing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub group: String,
    pub gid: u32,
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
}

/// What went wrong, in Dutch, with what to do.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error(
        "groep '{0}' bestaat niet op deze computer; maak hem eerst aan (bijvoorbeeld: sudo groupadd raadsorde) en voeg de accounts toe (sudo usermod -aG raadsorde NAAM)"
    )]
    NoSuchGroup(String),
    #[error("database {0} bestaat niet; start raadsorde eenmaal om het register te maken")]
    NoRegister(PathBuf),
    #[error(
        "{path}: {what} mislukt: {}; alleen de eigenaar van het register (of root) kan het delen, met een groep waar die zelf lid van is",
        crate::storage::io_text(source)
    )]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("delen met een groep kan alleen op Linux en andere Unix-systemen")]
    Unsupported,
}

/// The group id of `group`: a number, or a name in `/etc/group`.
pub fn group_id(group: &str) -> Result<u32, ShareError> {
    if let Ok(gid) = group.parse::<u32>() {
        return Ok(gid);
    }
    let table = std::fs::read_to_string("/etc/group").unwrap_or_default();
    table
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let _password = fields.next()?;
            let gid = fields.next()?.parse::<u32>().ok()?;
            Some((name, gid))
        })
        .find(|(name, _)| *name == group)
        .map(|(_, gid)| gid)
        .ok_or_else(|| ShareError::NoSuchGroup(group.to_string()))
}

/// Gives the register at `db` (and its -wal, -shm and directory) to
/// `group`.
#[cfg(unix)]
pub fn share(db: &Path, group: &str) -> Result<Shared, ShareError> {
    use std::os::unix::fs::PermissionsExt;
    let gid = group_id(group)?;
    if !db.is_file() {
        return Err(ShareError::NoRegister(db.to_path_buf()));
    }
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let io = |path: &Path, what, source| ShareError::Io {
        path: path.to_path_buf(),
        what,
        source,
    };
    std::os::unix::fs::chown(&dir, None, Some(gid)).map_err(|e| io(&dir, "groep zetten", e))?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770))
        .map_err(|e| io(&dir, "rechten zetten", e))?;
    let mut files = Vec::new();
    for file in [
        db.to_path_buf(),
        super::cipher::sidecar(db, "-wal"),
        super::cipher::sidecar(db, "-shm"),
    ] {
        if !file.exists() {
            continue;
        }
        std::os::unix::fs::chown(&file, None, Some(gid))
            .map_err(|e| io(&file, "groep zetten", e))?;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o660))
            .map_err(|e| io(&file, "rechten zetten", e))?;
        files.push(file);
    }
    Ok(Shared {
        group: group.to_string(),
        gid,
        dir,
        files,
    })
}

#[cfg(not(unix))]
pub fn share(_db: &Path, _group: &str) -> Result<Shared, ShareError> {
    Err(ShareError::Unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_is_a_number_or_a_name_and_an_unknown_one_says_what_to_do() {
        assert_eq!(group_id("1234").unwrap(), 1234);
        if std::fs::read_to_string("/etc/group").is_ok_and(|t| t.contains("root:")) {
            assert_eq!(group_id("root").unwrap(), 0);
        }
        let e = group_id("bestaat-niet-echt").unwrap_err().to_string();
        assert!(e.contains("groupadd"), "{e}");
    }
}
