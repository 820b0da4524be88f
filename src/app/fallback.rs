//! The way out when the register's disk cannot be written: while a write
//! fails, every waiting write (with the moment its key was pressed) is kept
//! in a file in a second directory, so that a crash, a pulled plug or a
//! quit loses nothing. At the next start the waiting writes are read back
//! and written to the register in order; writes that the register already
//! holds (written before the crash) are left out.
//!
//! The file is rewritten whole (temporary file, fsync, rename) and removed
//! as soon as nothing waits any more. It holds what the register holds, so
//! it is sealed like the register: XChaCha20-Poly1305 with a key derived
//! from the register key (mode 0600 in a 0700 directory besides).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::{Value, json};

use super::outbox::Waiting;
use crate::domain::{EventBody, NewEvent, chain};
use crate::storage::worker::Origin;

/// Environment variable naming the directory for the fallback file.
pub const DIR_ENV: &str = "RAADSORDE_NOODMAP";

/// The fallback file of one register.
#[derive(Clone)]
pub struct Fallback {
    path: PathBuf,
    register: PathBuf,
    /// The sealing key (derived from the register key); `None`: no key was
    /// found, and the file is written as plain JSON (0600).
    seal: Option<[u8; 32]>,
}

impl std::fmt::Debug for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fallback")
            .field("path", &self.path)
            .field("sealed", &self.seal.is_some())
            .finish()
    }
}

/// The `formaat` of a sealed fallback file.
const SEALED: &str = "raadsorde-noodbestand/2";

/// What went wrong with the fallback file, in Dutch, with the path.
#[derive(Debug, thiserror::Error)]
pub enum FallbackError {
    #[error("noodbestand {path} kon niet worden geschreven: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("noodbestand {path} kon niet worden gelezen: {reason}")]
    Read { path: PathBuf, reason: String },
}

impl Fallback {
    /// The fallback file for `register` in `dir`: one file per register,
    /// named after the register's path.
    pub fn new(dir: &Path, register: &Path) -> Fallback {
        let absolute = std::path::absolute(register).unwrap_or_else(|_| register.to_path_buf());
        let tag = hex::encode(&chain::sha256(absolute.to_string_lossy().as_bytes())[..6]);
        let key = crate::storage::key::Settings::from_env()
            .candidates()
            .ok()
            .and_then(|found| found.into_iter().next())
            .map(|f| f.key);
        Fallback {
            path: dir.join(format!("wachtrij-{tag}.json")),
            register: absolute,
            seal: key.as_ref().map(sealing_key),
        }
    }

    /// Seals with the key that opened the register.
    pub fn with_key(mut self, key: &crate::storage::key::Key) -> Fallback {
        self.seal = Some(sealing_key(key));
        self
    }

    /// Whether the file is sealed.
    pub fn is_sealed(&self) -> bool {
        self.seal.is_some()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the waiting writes, replacing what the file held.
    pub fn save<'a>(
        &self,
        waiting: impl Iterator<Item = &'a Waiting>,
    ) -> Result<(), FallbackError> {
        let err = |source| FallbackError::Write {
            path: self.path.clone(),
            source,
        };
        let entries: Vec<Value> = waiting.map(entry).collect();
        let doc = json!({
            "register": self.register.to_string_lossy(),
            "waiting": entries,
        });
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(err)?;
        let tmp = self.path.with_extension("json.tmp");
        {
            let mut file = private_file(&tmp).map_err(err)?;
            let mut text = serde_json::to_string_pretty(&doc)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
            if let Some(key) = &self.seal {
                text = seal(key, &text).map_err(err)?;
            }
            file.write_all(text.as_bytes()).map_err(err)?;
            file.sync_all().map_err(err)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(err)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// The waiting writes kept by an earlier run, if any.
    pub fn load(&self) -> Result<Vec<Waiting>, FallbackError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(FallbackError::Read {
                    path: self.path.clone(),
                    reason: e.to_string(),
                });
            }
        };
        let bad = |reason: String| FallbackError::Read {
            path: self.path.clone(),
            reason,
        };
        let mut doc: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if doc.get("formaat").and_then(Value::as_str) == Some(SEALED) {
            let Some(key) = &self.seal else {
                return Err(bad(
                    "het is versleuteld en er is geen registersleutel gevonden; zet de sleutel terug (raadsorde sleutel herstel) en start opnieuw".into(),
                ));
            };
            let plain = unseal(key, &doc).map_err(bad)?;
            doc = serde_json::from_str(&plain).map_err(|e| bad(e.to_string()))?;
        }
        let Some(items) = doc.get("waiting").and_then(Value::as_array) else {
            return Err(bad("geen lijst 'waiting'".into()));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| waiting(v).map_err(|e| bad(format!("regel {}: {e}", i + 1))))
            .collect()
    }

    /// Removes the file: nothing waits any more.
    pub fn clear(&self) -> Result<(), FallbackError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(FallbackError::Write {
                path: self.path.clone(),
                source,
            }),
        }
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }
}

fn entry(w: &Waiting) -> Value {
    let (kind, payload) = w
        .event
        .body
        .to_parts()
        .unwrap_or_else(|_| (String::new(), Value::Null));
    json!({
        "origin": match w.origin {
            Origin::Live => "live",
            Origin::Cases | Origin::Recovered => "cases",
        },
        "at": crate::domain::time::local_string(&w.event.at),
        "actor": w.event.actor,
        "meeting_id": w.event.meeting_id,
        "case_id": w.event.case_id,
        "corrects": w.event.corrects,
        "disturbance": w.event.disturbance,
        "kind": kind,
        "payload": payload,
    })
}

fn waiting(v: &Value) -> Result<Waiting, String> {
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("'{k}' ontbreekt"))
    };
    let id = |k: &str| v.get(k).and_then(Value::as_u64);
    let at = DateTime::parse_from_rfc3339(text("at")?).map_err(|e| format!("tijdstip: {e}"))?;
    let body = EventBody::from_parts(
        text("kind")?,
        v.get("payload").cloned().unwrap_or(Value::Null),
    )
    .map_err(|e| e.to_string())?;
    Ok(Waiting {
        origin: Origin::Recovered,
        event: NewEvent {
            at,
            actor: text("actor")?.to_string(),
            meeting_id: id("meeting_id"),
            case_id: id("case_id"),
            corrects: id("corrects"),
            disturbance: id("disturbance").and_then(|n| u8::try_from(n).ok()),
            body,
        },
    })
}

/// The fallback file's own key: the register key, domain-separated.
fn sealing_key(key: &crate::storage::key::Key) -> [u8; 32] {
    let mut input = b"raadsorde/noodbestand/v2\0".to_vec();
    input.extend_from_slice(key.bytes());
    let derived = chain::sha256(&input);
    input.iter_mut().for_each(|b| *b = 0);
    derived
}

fn seal(key: &[u8; 32], text: &str) -> std::io::Result<String> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    use chacha20poly1305::{XChaCha20Poly1305, XNonce};
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|e| std::io::Error::other(e.to_string()))?;
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: text.as_bytes(),
                aad: SEALED.as_bytes(),
            },
        )
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(json!({
        "formaat": SEALED,
        "nonce": hex::encode(nonce),
        "inhoud": hex::encode(sealed),
    })
    .to_string())
}

fn unseal(key: &[u8; 32], doc: &Value) -> Result<String, String> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    use chacha20poly1305::{XChaCha20Poly1305, XNonce};
    let field = |k: &str| {
        doc.get(k)
            .and_then(Value::as_str)
            .and_then(|h| hex::decode(h).ok())
            .ok_or_else(|| format!("'{k}' ontbreekt of is onleesbaar"))
    };
    let nonce = field("nonce")?;
    if nonce.len() != 24 {
        return Err("'nonce' is onleesbaar".into());
    }
    let plain = XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &field("inhoud")?,
                aad: SEALED.as_bytes(),
            },
        )
        .map_err(|_| {
            "het kan niet worden ontsleuteld: het hoort bij een andere registersleutel, of het is beschadigd".to_string()
        })?;
    String::from_utf8(plain).map_err(|_| "de inhoud is geen tekst".to_string())
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::create(path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::time::to_local;
    use crate::domain::{DemandBy, MeetingType};

    fn step(secs: i64, body: EventBody) -> Waiting {
        Waiting {
            origin: Origin::Live,
            event: NewEvent {
                at: to_local(chrono::Utc.with_ymd_and_hms(2026, 12, 1, 19, 0, 0).unwrap())
                    + chrono::Duration::milliseconds(secs * 1000 + 123),
                actor: "griffie".into(),
                meeting_id: Some(4),
                case_id: None,
                corrects: None,
                disturbance: Some(2),
                body,
            },
        }
    }

    #[test]
    fn waiting_writes_survive_with_their_key_press_times() {
        let dir = tempfile::TempDir::new().unwrap();
        let f = Fallback::new(dir.path(), Path::new("/data/register.db"));
        let steps = [
            step(
                0,
                EventBody::MeetingStarted {
                    meeting_type: MeetingType::Commissie,
                    title: "Commissie".into(),
                    chair: "Özdemir".into(),
                    location: "raadzaal".into(),
                    town_hall: false,
                    risk_check: None,
                },
            ),
            step(
                7,
                EventBody::Demand {
                    number: 1,
                    by: DemandBy::Griffier,
                    wording: "Verlaat de zaal".into(),
                    person: 2,
                },
            ),
        ];
        let key = crate::storage::key::Key::random().unwrap();
        let f = f.with_key(&key);
        f.save(steps.iter()).unwrap();
        // Sealed: the names typed are not in the file.
        let raw = std::fs::read_to_string(f.path()).unwrap();
        assert!(
            !raw.contains("Özdemir") && !raw.contains("Verlaat"),
            "{raw}"
        );
        // Another key cannot read it, and says so.
        let other = Fallback::new(dir.path(), Path::new("/data/register.db"))
            .with_key(&crate::storage::key::Key::random().unwrap());
        let e = other.load().unwrap_err().to_string();
        assert!(e.contains("andere registersleutel"), "{e}");
        let back = f.load().unwrap();
        assert_eq!(back.len(), 2);
        for (a, b) in steps.iter().zip(&back) {
            assert_eq!(a.event, b.event, "the same step, the same key-press time");
            assert_eq!(b.origin, Origin::Recovered);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(f.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        f.clear().unwrap();
        assert!(!f.exists());
        assert!(f.load().unwrap().is_empty());
    }

    #[test]
    fn each_register_has_its_own_file_and_a_damaged_one_is_named() {
        let dir = tempfile::TempDir::new().unwrap();
        let a = Fallback::new(dir.path(), Path::new("/data/a.db"));
        let b = Fallback::new(dir.path(), Path::new("/data/b.db"));
        assert_ne!(a.path(), b.path());
        std::fs::write(a.path(), "{kapot").unwrap();
        let err = a.load().unwrap_err().to_string();
        assert!(err.contains(&a.path().display().to_string()), "{err}");
    }
}
