//! The recovery copy of the register key: the key sealed with a key derived
//! from a passphrase (Argon2id, then XChaCha20-Poly1305), in a small JSON
//! file that can be printed, kept in a safe, or carried to another machine
//! (`raadsorde sleutel herstelkopie` / `raadsorde sleutel herstel`).

use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use super::key::Key;

/// The `formaat` of every recovery copy.
pub const FORMAT: &str = "raadsorde-herstelkopie/1";
/// The shortest passphrase taken.
pub const MIN_PASSPHRASE: usize = 12;

/// Argon2id's cost: 64 MiB, three passes, one lane (OWASP's first choice
/// is 19 MiB/2 passes; this is stronger and still well under a second).
const MEMORY_KIB: u32 = 64 * 1024;
const PASSES: u32 = 3;
const LANES: u32 = 1;

/// The file.
#[derive(Debug, Serialize, Deserialize)]
struct Copy {
    formaat: String,
    uitleg: String,
    kdf: String,
    geheugen_kib: u32,
    rondes: u32,
    parallel: u32,
    zout: String,
    nonce: String,
    sleutel: String,
}

/// What went wrong, in Dutch, with what to do.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error(
        "de wachtzin is te kort: gebruik minstens {MIN_PASSPHRASE} tekens (bijvoorbeeld vier losse woorden)"
    )]
    TooShort,
    #[error("de twee wachtzinnen verschillen; er is niets geschreven")]
    Mismatch,
    #[error(
        "herstelkopie {path}: de wachtzin klopt niet, of het bestand is gewijzigd; probeer het opnieuw"
    )]
    WrongPassphrase { path: PathBuf },
    #[error("{path} is geen herstelkopie van raadsorde ({reason}); controleer het pad")]
    NotACopy { path: PathBuf, reason: String },
    #[error(
        "herstelkopie {path}: {what} mislukt: {}",
        crate::storage::io_text(source)
    )]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("de herstelkopie kon niet worden gemaakt: {0}")]
    Crypto(String),
}

fn derive(
    passphrase: &str,
    salt: &[u8],
    params: (u32, u32, u32),
) -> Result<[u8; 32], RecoveryError> {
    let params = Params::new(params.0, params.1, params.2, Some(32))
        .map_err(|e| RecoveryError::Crypto(e.to_string()))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut out)
        .map_err(|e| RecoveryError::Crypto(e.to_string()))?;
    Ok(out)
}

/// The sealed copy of `key`, as the text of the file.
pub fn seal(key: &Key, passphrase: &str) -> Result<String, RecoveryError> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(RecoveryError::TooShort);
    }
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut salt).map_err(|e| RecoveryError::Crypto(e.to_string()))?;
    getrandom::fill(&mut nonce).map_err(|e| RecoveryError::Crypto(e.to_string()))?;
    let wrap = derive(passphrase, &salt, (MEMORY_KIB, PASSES, LANES))?;
    let cipher = XChaCha20Poly1305::new((&wrap).into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: key.bytes(),
                aad: FORMAT.as_bytes(),
            },
        )
        .map_err(|e| RecoveryError::Crypto(e.to_string()))?;
    let copy = Copy {
        formaat: FORMAT.into(),
        uitleg: "Herstelkopie van de registersleutel van raadsorde. Terugzetten: raadsorde sleutel herstel DIT-BESTAND (de wachtzin wordt gevraagd). Bewaar dit bestand en de wachtzin op verschillende plaatsen.".into(),
        kdf: "argon2id".into(),
        geheugen_kib: MEMORY_KIB,
        rondes: PASSES,
        parallel: LANES,
        zout: hex::encode(salt),
        nonce: hex::encode(nonce),
        sleutel: hex::encode(sealed),
    };
    serde_json::to_string_pretty(&copy).map_err(|e| RecoveryError::Crypto(e.to_string()))
}

/// The key in a recovery copy's text.
pub fn open(path: &Path, text: &str, passphrase: &str) -> Result<Key, RecoveryError> {
    let not = |reason: &str| RecoveryError::NotACopy {
        path: path.to_path_buf(),
        reason: reason.into(),
    };
    let copy: Copy =
        serde_json::from_str(text).map_err(|_| not("geen JSON van een herstelkopie"))?;
    if copy.formaat != FORMAT || copy.kdf != "argon2id" {
        return Err(not("onbekend formaat"));
    }
    // A file that asks for absurd cost is not ours (and must not exhaust
    // the machine).
    if copy.geheugen_kib > 4 * 1024 * 1024 || copy.rondes > 100 || copy.parallel > 64 {
        return Err(not("onaannemelijke instellingen"));
    }
    let salt = hex::decode(&copy.zout).map_err(|_| not("zout onleesbaar"))?;
    let nonce = hex::decode(&copy.nonce).map_err(|_| not("nonce onleesbaar"))?;
    let sealed = hex::decode(&copy.sleutel).map_err(|_| not("sleutel onleesbaar"))?;
    if nonce.len() != 24 {
        return Err(not("nonce onleesbaar"));
    }
    let wrap = derive(
        passphrase,
        &salt,
        (copy.geheugen_kib, copy.rondes, copy.parallel),
    )?;
    let cipher = XChaCha20Poly1305::new((&wrap).into());
    let plain = cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &sealed,
                aad: FORMAT.as_bytes(),
            },
        )
        .map_err(|_| RecoveryError::WrongPassphrase {
            path: path.to_path_buf(),
        })?;
    let bytes: [u8; 32] = plain
        .as_slice()
        .try_into()
        .map_err(|_| not("sleutel heeft de verkeerde lengte"))?;
    Ok(Key::from_bytes(bytes))
}

/// Writes the sealed copy to a new file (0600); refuses to overwrite.
pub fn write(path: &Path, text: &str) -> Result<(), RecoveryError> {
    let io = |what, source| RecoveryError::Io {
        path: path.to_path_buf(),
        what,
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| io("schrijven", e))?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.write_all(b"\n"))
        .and_then(|_| file.sync_all())
        .map_err(|e| io("schrijven", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_with_its_passphrase_only() {
        let key = Key::random().unwrap();
        let text = seal(&key, "paard batterij nietje correct").unwrap();
        assert!(!text.contains(&key.hex()));
        let path = Path::new("herstel.json");
        assert_eq!(
            open(path, &text, "paard batterij nietje correct").unwrap(),
            key
        );
        let wrong = open(path, &text, "paard batterij nietje fout").unwrap_err();
        assert!(matches!(wrong, RecoveryError::WrongPassphrase { .. }));
        // A changed byte of the sealed key is caught (Poly1305).
        let mut copy: serde_json::Value = serde_json::from_str(&text).unwrap();
        let sealed = copy["sleutel"].as_str().unwrap().to_string();
        let flipped = format!(
            "{}{}",
            if sealed.starts_with('0') { '1' } else { '0' },
            &sealed[1..]
        );
        copy["sleutel"] = flipped.into();
        let e = open(path, &copy.to_string(), "paard batterij nietje correct").unwrap_err();
        assert!(matches!(e, RecoveryError::WrongPassphrase { .. }));
    }

    #[test]
    fn a_short_passphrase_and_a_foreign_file_are_refused_in_dutch() {
        let key = Key::random().unwrap();
        assert!(
            seal(&key, "kort")
                .unwrap_err()
                .to_string()
                .contains("minstens 12")
        );
        let e = open(Path::new("x.json"), "{}", "lang genoeg voor dit").unwrap_err();
        assert!(e.to_string().contains("geen herstelkopie"), "{e}");
    }
}
