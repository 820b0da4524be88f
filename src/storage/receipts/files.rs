//! The receipts directory: every receipt read back, the newest of a
//! register, and a new receipt written (created new, private, synced).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::DateTime;

use super::{FORMAT, Key, Reason, Receipt, ReceiptError, Settings};
use crate::domain::chain::Digest;

/// A file in the receipts directory that looks like a receipt.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// The receipt, or why it cannot be read (Dutch).
    pub receipt: Result<Receipt, String>,
}

/// Every receipt file in `dir` (`ontvangstbewijs-*.json`), in name order;
/// empty when the directory does not exist.
pub fn load_all(dir: &Path) -> Result<Vec<Found>, ReceiptError> {
    let mut paths: Vec<PathBuf> = names(dir)?
        .into_iter()
        .filter(|name| name.starts_with(PREFIX) && name.ends_with(".json"))
        .map(|name| dir.join(name))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let receipt = read(&path);
            Found { path, receipt }
        })
        .collect())
}

/// How every receipt file starts.
const PREFIX: &str = "ontvangstbewijs-";

/// The names of the files in `dir`; none when it does not exist.
fn names(dir: &Path) -> Result<Vec<String>, ReceiptError> {
    let unreadable = |source| ReceiptError::Io {
        path: dir.to_path_buf(),
        what: "map lezen",
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(e)),
    };
    entries
        .map(|entry| {
            entry
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .map_err(unreadable)
        })
        .collect()
}

/// One receipt file read, or why it cannot be (Dutch).
fn read(path: &Path) -> Result<Receipt, String> {
    std::fs::read(path)
        .map_err(|e| format!("niet te lezen: {}", crate::storage::io_text(&e)))
        .and_then(|bytes| {
            serde_json::from_slice::<Receipt>(&bytes)
                .map_err(|e| format!("geen geldig ontvangstbewijs: {e}"))
        })
        .and_then(|r| {
            if r.format == FORMAT {
                Ok(r)
            } else {
                Err(format!("onbekende vorm '{}'", r.format))
            }
        })
}

/// Whether a receipt is the one its file name says: the name is made from
/// the register id and the number ([`Receipt::stem`]).
pub fn named_as(receipt: &Receipt, path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|stem| stem.to_string_lossy() == receipt.stem())
}

/// The newest readable receipt in `dir` (highest number), of the register
/// with id `register_id` (hex), or of any register when `None`.
///
/// With an id it is found by the file names, which carry the register id
/// and the number: only the newest file is read (and older ones only when
/// the newer cannot be read), however many years of receipts the directory
/// holds. A file whose content is not the receipt its name says is passed
/// over; `verify --receipts` reports it.
pub fn latest(dir: &Path, register_id: Option<&str>) -> Result<Option<Receipt>, ReceiptError> {
    let Some(id) = register_id else {
        return Ok(load_all(dir)?
            .into_iter()
            .filter_map(|f| f.receipt.ok())
            .max_by_key(|r| r.number));
    };
    // `ontvangstbewijs-<first 12 of the id>-<number>.json`
    let start = super::name_start(id);
    let mut numbered: Vec<(u64, String)> = names(dir)?
        .into_iter()
        .filter_map(|name| {
            let number = name.strip_prefix(start.as_str())?.strip_suffix(".json")?;
            let number = number.parse().ok()?;
            Some((number, name))
        })
        .collect();
    numbered.sort_unstable();
    for (_, name) in numbered.into_iter().rev() {
        let path = dir.join(name);
        if let Ok(r) = read(&path)
            && r.register_id == id
            && named_as(&r, &path)
        {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// The newest readable receipt in `dir` of the register file at `register`
/// (by its absolute path), highest number first. For a screen that does not
/// hold the store: when the store has answered the commit of a
/// `meeting-ended`, that meeting's receipt is already here.
pub fn latest_of(dir: &Path, register: &Path) -> Result<Option<Receipt>, ReceiptError> {
    let path = std::path::absolute(register)
        .unwrap_or_else(|_| register.to_path_buf())
        .display()
        .to_string();
    Ok(load_all(dir)?
        .into_iter()
        .filter_map(|f| f.receipt.ok())
        .filter(|r| r.register == path)
        .max_by_key(|r| r.number))
}

/// Writes a new receipt for head (`seq`, `hash`) of the register at
/// `register` with id `register_id`, after the newest one of that register
/// in the directory: the JSON file (mode 0600, created only if no other
/// process took that number) and the printable text beside it.
pub fn write(
    settings: &Settings,
    register: &Path,
    register_id: &Digest,
    head: (u64, Digest),
    reason: Reason,
) -> Result<(Receipt, PathBuf), ReceiptError> {
    let key = Key::load_or_create(&settings.key)?;
    let dir = &settings.dir;
    create_dir(dir).map_err(|source| ReceiptError::Io {
        path: dir.clone(),
        what: "map aanmaken",
        source,
    })?;
    let id = hex::encode(register_id);
    let register = std::path::absolute(register).unwrap_or_else(|_| register.to_path_buf());
    // Two processes may write at once: the number is taken by creating its
    // file, and the loser tries the next one.
    for _ in 0..64 {
        let before = latest(dir, Some(&id))?;
        let mut receipt = Receipt {
            format: FORMAT.into(),
            number: before.as_ref().map_or(1, |r| r.number + 1),
            register: register.display().to_string(),
            register_id: id.clone(),
            seq: head.0,
            head: hex::encode(head.1),
            at: crate::domain::time::local_string(&crate::domain::time::now()),
            reason,
            previous: before.as_ref().map(|r| hex::encode(r.hash())),
            key: String::new(),
            signature: String::new(),
        };
        key.sign(&mut receipt)?;
        let json = serde_json::to_string_pretty(&receipt)
            .map_err(|e| ReceiptError::Encode(e.to_string()))?;
        let path = dir.join(format!("{}.json", receipt.stem()));
        let io = |what, source| ReceiptError::Io {
            path: path.clone(),
            what,
            source,
        };
        // Written whole beside it first, then linked into place: the link
        // fails when another process took the number, and a reader never
        // sees half a receipt.
        static WRITER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let partial = dir.join(format!(
            ".{}.{}-{}.deel",
            receipt.stem(),
            std::process::id(),
            WRITER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_file(&partial);
        let written = create_new(&partial).and_then(|mut file| {
            file.write_all(json.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(io("schrijven", e));
        }
        let linked = std::fs::hard_link(&partial, &path);
        let _ = std::fs::remove_file(&partial);
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // A file system without hard links (FAT on a USB disk, some
            // shares): the number is still taken by creating the file.
            Err(_) => match create_new(&path) {
                Ok(mut file) => {
                    file.write_all(json.as_bytes())
                        .and_then(|()| file.write_all(b"\n"))
                        .and_then(|()| file.sync_all())
                        .map_err(|e| io("schrijven", e))?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io("aanmaken", e)),
            },
        }
        let text = dir.join(format!("{}.txt", receipt.stem()));
        write_private(&text, receipt.printable().as_bytes()).map_err(|source| {
            ReceiptError::Io {
                path: text.clone(),
                what: "schrijven",
                source,
            }
        })?;
        sync_dir(dir);
        return Ok((receipt, path));
    }
    Err(ReceiptError::Io {
        path: dir.clone(),
        what: "een vrij volgnummer vinden",
        source: std::io::Error::other("andere processen schreven steeds tegelijk"),
    })
}

/// Whether the receipt's day (in its own offset) is before today's.
pub fn from_an_earlier_day(receipt: &Receipt) -> bool {
    match DateTime::parse_from_rfc3339(&receipt.at) {
        Ok(t) => t.date_naive() < crate::domain::time::now().date_naive(),
        Err(_) => true,
    }
}

#[cfg(unix)]
pub(super) fn create_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(super) fn create_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

fn options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

pub(super) fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    options().create_new(true).open(path)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = options().create(true).truncate(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
