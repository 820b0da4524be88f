//! Signed head receipts: the chain anchored outside the register file.
//!
//! A receipt says "register R held event `seq` with hash `head` at time T",
//! is signed with an Ed25519 key kept outside the database (a key file in
//! the config directory), and names the receipt before it by its hash, so
//! the receipts of one register form a chain of their own. Each is one small
//! JSON file plus a printable text in the receipts directory.
//!
//! What this proves: the register is intact up to the newest receipt that is
//! kept out of reach of whoever can write the register (a second disk, a
//! printout, a mail). Someone who holds both the file and the signing key can
//! still rewrite what came after the last receipt kept elsewhere.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::domain::chain::{self, Digest};

/// The receipts directory (default: `ontvangstbewijzen` beside the register).
pub const DIR_ENV: &str = "RAADSORDE_ONTVANGST";
/// The signing key file (default: `ontvangstsleutel` in the config directory).
pub const KEY_ENV: &str = "RAADSORDE_SLEUTEL";
/// The name of the default receipts directory.
pub const DIR_NAME: &str = "ontvangstbewijzen";
/// The name of the default key file.
pub const KEY_FILE: &str = "ontvangstsleutel";
/// The `format` of every receipt.
pub const FORMAT: &str = "raadsorde-ontvangstbewijs/1";
/// Domain separation for the signature.
const SIGN_TAG: &[u8] = b"raadsorde/ontvangstbewijs/v1\0";

/// What went wrong with a receipt or the key, in Dutch, with the path and
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    #[error(
        "ondertekensleutel {path}: {} mislukt: {}; controleer de map en de rechten, of wijs met {KEY_ENV} een ander bestand aan",
        what,
        crate::storage::io_text(source)
    )]
    KeyIo {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "ondertekensleutel {path} is onleesbaar ({reason}); zet de reservekopie van de sleutel terug, of wijs met {KEY_ENV} de goede aan (met een nieuwe sleutel blijven de oude ontvangstbewijzen geldig, maar raadsorde verify --receipts meldt dan dat de bewijzen na de wissel met een andere sleutel zijn ondertekend)"
    )]
    KeyBad { path: PathBuf, reason: String },
    #[error(
        "ontvangstbewijs {path}: {} mislukt: {}; controleer de map en de rechten, of wijs met {DIR_ENV} een andere map aan",
        what,
        crate::storage::io_text(source)
    )]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("ontvangstbewijs kon niet worden gemaakt: {0}")]
    Encode(String),
}

/// Where receipts go and which key signs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub dir: PathBuf,
    pub key: PathBuf,
}

impl Settings {
    /// From the environment: [`DIR_ENV`], else `ontvangstbewijzen` beside
    /// the register; [`KEY_ENV`], else `ontvangstsleutel` in the config
    /// directory (`RAADSORDE_CONFIG_DIR`, else the default one).
    pub fn from_env(register: &Path) -> Settings {
        let config =
            var(crate::paths::CONFIG_DIR_ENV).unwrap_or_else(crate::paths::default_config_dir);
        Settings::for_config_dir(register, &config)
    }

    /// As [`Settings::from_env`], with the config directory given (the
    /// command line's `--config-dir`).
    pub fn for_config_dir(register: &Path, config_dir: &Path) -> Settings {
        let dir = var(DIR_ENV).unwrap_or_else(|| default_dir(register));
        let key = var(KEY_ENV).unwrap_or_else(|| config_dir.join(KEY_FILE));
        Settings { dir, key }
    }
}

fn var(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `ontvangstbewijzen` beside the register (for the default register: in
/// the user's data directory).
pub fn default_dir(register: &Path) -> PathBuf {
    register
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(DIR_NAME)
}

/// Why a receipt was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// A `meeting-ended` event was committed.
    MeetingEnded,
    /// The first use of the register on a day.
    Daily,
    /// An export was written.
    Export,
    /// Asked for (`raadsorde receipt`).
    Manual,
    /// The register was put back from a backup (`raadsorde restore`): the
    /// receipts before it may name a head the register no longer holds.
    Restored,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::MeetingEnded => "einde van een vergadering",
            Reason::Daily => "eerste gebruik van de dag",
            Reason::Export => "export",
            Reason::Manual => "op verzoek (raadsorde receipt)",
            Reason::Restored => "teruggezet uit een reservekopie (raadsorde restore)",
        }
    }
}

/// One signed receipt, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub format: String,
    /// 1, 2, 3… per register.
    pub number: u64,
    /// The register file, as an absolute path when it was written.
    pub register: String,
    /// The register's id: the hash of its first event, hex.
    pub register_id: String,
    /// The head: the newest event's seq and hash (hex).
    pub seq: u64,
    pub head: String,
    /// When the receipt was written (Europe/Amsterdam, RFC 3339).
    pub at: String,
    pub reason: Reason,
    /// The hash of the receipt before it (hex); `None` for the first.
    pub previous: Option<String>,
    /// The Ed25519 public key, hex.
    pub key: String,
    /// The signature over every other field, hex.
    pub signature: String,
}

impl Receipt {
    fn value_without_signature(&self) -> Result<serde_json::Value, ReceiptError> {
        let mut value =
            serde_json::to_value(self).map_err(|e| ReceiptError::Encode(e.to_string()))?;
        if let serde_json::Value::Object(map) = &mut value {
            map.remove("signature");
        }
        Ok(value)
    }

    /// The bytes the signature covers.
    fn signed_bytes(&self) -> Result<Vec<u8>, ReceiptError> {
        let mut bytes = SIGN_TAG.to_vec();
        bytes.extend(chain::canonical_json(&self.value_without_signature()?).as_bytes());
        Ok(bytes)
    }

    /// The receipt's own hash, which the next receipt names: SHA-256 of its
    /// canonical JSON, signature included.
    pub fn hash(&self) -> Digest {
        let value = serde_json::to_value(self).unwrap_or_default();
        chain::sha256(chain::canonical_json(&value).as_bytes())
    }

    /// The head hash as bytes, if it is valid hex of 32 bytes.
    pub fn head_digest(&self) -> Option<Digest> {
        hex::decode(&self.head)
            .ok()
            .and_then(|b| Digest::try_from(b).ok())
    }

    /// Whether the signature is valid for the key it names; why not, in Dutch.
    pub fn check_signature(&self) -> Result<(), String> {
        let key: [u8; 32] = hex::decode(&self.key)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or("de sleutel in het bewijs is geen Ed25519-sleutel")?;
        let key = VerifyingKey::from_bytes(&key)
            .map_err(|_| "de sleutel in het bewijs is geen Ed25519-sleutel")?;
        let sig: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or("de handtekening is geen Ed25519-handtekening")?;
        let bytes = self.signed_bytes().map_err(|e| e.to_string())?;
        key.verify_strict(&bytes, &Signature::from_bytes(&sig))
            .map_err(
                |_| "de handtekening klopt niet: het bewijs is na het ondertekenen gewijzigd",
            )?;
        Ok(())
    }

    /// The fingerprint of the key that signed it (see [`fingerprint`]).
    pub fn fingerprint(&self) -> String {
        match hex::decode(&self.key) {
            Ok(bytes) => fingerprint(&bytes),
            Err(_) => "(onleesbaar)".into(),
        }
    }

    /// The receipt as a text to print and keep with the minutes.
    pub fn printable(&self) -> String {
        let previous = self
            .previous
            .as_deref()
            .map(groups)
            .unwrap_or_else(|| "geen (eerste bewijs van dit register)".into());
        format!(
            "ONTVANGSTBEWIJS VAN HET REGISTER (raadsorde) nr. {number}\n\
             \n\
             Register:            {register}\n\
             Register-id:         {id}\n\
             Laatste gebeurtenis: seq {seq}\n\
             Hash van de kop:     {head}\n\
             Tijdstip:            {at}\n\
             Aanleiding:          {reason}\n\
             Vorig bewijs (hash): {previous}\n\
             Sleutel (vingerafdruk): {fp}\n\
             Publieke sleutel:    {key}\n\
             Handtekening:        {sig}\n\
             \n\
             Dit bewijst dat het register tot en met gebeurtenis {seq} ongewijzigd is, zolang\n\
             dit bewijs buiten bereik blijft van wie het register kan wijzigen (een tweede\n\
             schijf, een afdruk bij de notulen, een e-mail). Controleer met:\n\
             raadsorde verify --receipts MAP\n",
            number = self.number,
            register = self.register,
            id = groups(&self.register_id),
            seq = self.seq,
            head = groups(&self.head),
            at = self.at,
            reason = self.reason.label(),
            fp = self.fingerprint(),
            key = groups(&self.key),
            sig = groups(&self.signature),
        )
    }

    /// The file name of this receipt (without extension).
    fn stem(&self) -> String {
        stem(&self.register_id, self.number)
    }
}

fn stem(register_id: &str, number: u64) -> String {
    let id: String = register_id.chars().take(12).collect();
    format!("ontvangstbewijs-{id}-{number:06}")
}

/// Hex in groups of four, for reading aloud and comparing on paper.
pub fn groups(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fingerprint of a public key: the first 16 bytes of its SHA-256, hex
/// in groups of four (`1a2b 3c4d …`).
pub fn fingerprint(public_key: &[u8]) -> String {
    groups(&hex::encode(&chain::sha256(public_key)[..16]))
}

/// The signing key.
pub struct Key {
    signing: SigningKey,
}

impl Key {
    /// Loads the key at `path`, or creates it (mode 0600, its directory
    /// 0700) when there is none.
    pub fn load_or_create(path: &Path) -> Result<Key, ReceiptError> {
        match Key::load(path)? {
            Some(key) => Ok(key),
            None => Key::create(path),
        }
    }

    /// Loads the key at `path`; `None` when there is no such file.
    pub fn load(path: &Path) -> Result<Option<Key>, ReceiptError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(ReceiptError::KeyIo {
                    path: path.to_path_buf(),
                    what: "lezen",
                    source,
                });
            }
        };
        let seed = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .and_then(|l| hex::decode(l).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| ReceiptError::KeyBad {
                path: path.to_path_buf(),
                reason: "geen regel met 64 hexadecimale tekens".into(),
            })?;
        Ok(Some(Key {
            signing: SigningKey::from_bytes(&seed),
        }))
    }

    fn create(path: &Path) -> Result<Key, ReceiptError> {
        let io = |what, source| ReceiptError::KeyIo {
            path: path.to_path_buf(),
            what,
            source,
        };
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| {
            io(
                "aanmaken",
                std::io::Error::other(format!("geen willekeurige bytes: {e}")),
            )
        })?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_dir(dir).map_err(|e| io("map aanmaken", e))?;
        }
        let text = format!(
            "# Ondertekensleutel van de ontvangstbewijzen van raadsorde (Ed25519). Geheim houden;\n\
             # bewaar een reservekopie buiten deze computer. Wie deze sleutel en het register heeft,\n\
             # kan wat na het laatste elders bewaarde ontvangstbewijs kwam herschrijven.\n{}\n",
            hex::encode(seed)
        );
        match create_new(path) {
            Ok(mut file) => {
                file.write_all(text.as_bytes())
                    .and_then(|()| file.sync_all())
                    .map_err(|e| io("schrijven", e))?;
                Ok(Key {
                    signing: SigningKey::from_bytes(&seed),
                })
            }
            // Another process made it just now: use that one.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Key::load(path)?.ok_or_else(|| ReceiptError::KeyBad {
                    path: path.to_path_buf(),
                    reason: "verdween terwijl het werd gelezen".into(),
                })
            }
            Err(e) => Err(io("aanmaken", e)),
        }
    }

    /// The public key.
    pub fn public(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// The fingerprint of the public key (see [`fingerprint`]).
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public())
    }

    fn sign(&self, receipt: &mut Receipt) -> Result<(), ReceiptError> {
        receipt.key = hex::encode(self.public());
        receipt.signature = String::new();
        let bytes = receipt.signed_bytes()?;
        receipt.signature = hex::encode(self.signing.sign(&bytes).to_bytes());
        Ok(())
    }
}

/// A warning (Dutch) when the key file can be read by others than its
/// owner: whoever can read it can sign receipts for a rewritten register.
pub fn key_permissions_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return Some(format!(
                "ondertekensleutel {} is leesbaar voor anderen (rechten {:o}); wie hem kan lezen kan ontvangstbewijzen ondertekenen: zet de rechten op 600 (chmod 600 {})",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

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
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(ReceiptError::Io {
                path: dir.to_path_buf(),
                what: "map lezen",
                source,
            });
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ReceiptError::Io {
            path: dir.to_path_buf(),
            what: "map lezen",
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("ontvangstbewijs-") && name.ends_with(".json") {
            paths.push(entry.path());
        }
    }
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let receipt = std::fs::read(&path)
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
                });
            Found { path, receipt }
        })
        .collect())
}

/// The newest readable receipt in `dir` (highest number), of the register
/// with id `register_id` (hex), or of any register when `None`.
pub fn latest(dir: &Path, register_id: Option<&str>) -> Result<Option<Receipt>, ReceiptError> {
    Ok(load_all(dir)?
        .into_iter()
        .filter_map(|f| f.receipt.ok())
        .filter(|r| register_id.is_none_or(|id| r.register_id == id))
        .max_by_key(|r| r.number))
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
fn create_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_dir(dir: &Path) -> std::io::Result<()> {
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

fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(dir: &Path) -> Settings {
        Settings {
            dir: dir.join("bewijzen"),
            key: dir.join("config").join(KEY_FILE),
        }
    }

    #[test]
    fn receipts_are_signed_chained_and_private() {
        let tmp = tempfile::TempDir::new().unwrap();
        let s = settings(tmp.path());
        let id = [1u8; 32];
        let reg = tmp.path().join("register.db");
        let (first, path) = write(&s, &reg, &id, (3, [3; 32]), Reason::Manual).unwrap();
        let (second, _) = write(&s, &reg, &id, (5, [5; 32]), Reason::MeetingEnded).unwrap();
        assert_eq!(first.number, 1);
        assert_eq!(first.previous, None);
        assert_eq!(second.number, 2);
        assert_eq!(second.previous, Some(hex::encode(first.hash())));
        first.check_signature().unwrap();
        second.check_signature().unwrap();
        let mut forged = second.clone();
        forged.seq = 4;
        assert!(forged.check_signature().is_err());
        assert_eq!(latest(&s.dir, None).unwrap(), Some(second.clone()));
        assert_eq!(latest(&s.dir, Some("ff")).unwrap(), None);
        assert!(path.with_extension("txt").exists());
        let text = std::fs::read_to_string(path.with_extension("txt")).unwrap();
        assert!(text.contains("seq 3"), "{text}");
        assert!(text.contains(&first.fingerprint()), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&path.with_extension("txt")), 0o600);
            assert_eq!(mode(&s.key), 0o600);
            assert_eq!(mode(&s.dir), 0o700);
            assert_eq!(mode(s.key.parent().unwrap()), 0o700);
        }
        // The same key signs again: it was kept.
        let key = Key::load(&s.key).unwrap().unwrap();
        assert_eq!(key.fingerprint(), second.fingerprint());
        assert_eq!(key.fingerprint().len(), 39, "16 bytes in groups of four");
    }

    #[test]
    fn writers_at_once_take_each_number_once_and_keep_the_chain() {
        let tmp = tempfile::TempDir::new().unwrap();
        let s = settings(tmp.path());
        let reg = tmp.path().join("register.db");
        Key::load_or_create(&s.key).unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let (s, reg) = (s.clone(), reg.clone());
                std::thread::spawn(move || {
                    for i in 0..5 {
                        write(&s, &reg, &[9; 32], (t * 10 + i, [1; 32]), Reason::Manual).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let mut all: Vec<Receipt> = load_all(&s.dir)
            .unwrap()
            .into_iter()
            .map(|f| f.receipt.unwrap())
            .collect();
        all.sort_by_key(|r| r.number);
        assert_eq!(
            all.iter().map(|r| r.number).collect::<Vec<_>>(),
            (1..=20).collect::<Vec<_>>()
        );
        for pair in all.windows(2) {
            assert_eq!(pair[1].previous, Some(hex::encode(pair[0].hash())));
        }
        let names: Vec<_> = std::fs::read_dir(&s.dir).unwrap().collect();
        assert_eq!(names.len(), 40, "no partial files left");
    }

    #[test]
    fn a_bad_key_file_is_said_in_dutch_with_its_path() {
        let tmp = tempfile::TempDir::new().unwrap();
        let path = tmp.path().join("sleutel");
        std::fs::write(&path, "geen sleutel\n").unwrap();
        let err = Key::load_or_create(&path).err().unwrap().to_string();
        assert!(err.contains("sleutel"), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(KEY_ENV), "{err}");
    }
}
