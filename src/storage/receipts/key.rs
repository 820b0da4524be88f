//! The signing key of the receipts: an Ed25519 key in a file only its
//! owner can read, made on first use; its fingerprint; a warning when
//! others can read it.

use std::io::Write;
use std::path::Path;

use ed25519_dalek::{Signer, SigningKey};

use super::files::{create_dir, create_new};
use super::{Receipt, ReceiptError, groups};
use crate::domain::chain;

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

    pub(super) fn sign(&self, receipt: &mut Receipt) -> Result<(), ReceiptError> {
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
