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
//!
//! Here: a receipt and its text. The signing key is in `receipts/key.rs`,
//! reading and writing the directory in `receipts/files.rs`.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::domain::chain::{self, Digest};

mod files;
mod key;

pub use files::{Found, from_an_earlier_day, latest, latest_of, load_all, named_as, write};
pub use key::{Key, fingerprint, key_permissions_warning};

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
    format!("{}{number:06}", name_start(register_id))
}

/// How the file names of a register's receipts start: the first 12 hex
/// digits of its id, then the number.
fn name_start(register_id: &str) -> String {
    let id: String = register_id.chars().take(12).collect();
    format!("ontvangstbewijs-{id}-")
}

/// Hex in groups of four, for reading aloud and comparing on paper.
pub fn groups(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
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
