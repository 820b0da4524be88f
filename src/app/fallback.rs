//! The way out when the register's disk cannot be written: while a write
//! fails, every waiting write (with the moment its key was pressed) is kept
//! in a file in a second directory, so that a crash, a pulled plug or a
//! quit loses nothing. At the next start the waiting writes are read back
//! and written to the register in order; writes that the register already
//! holds (written before the crash) are left out.
//!
//! The file is rewritten whole (temporary file, fsync, rename) and removed
//! as soon as nothing waits any more.

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
#[derive(Debug, Clone)]
pub struct Fallback {
    path: PathBuf,
    register: PathBuf,
}

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
        Fallback {
            path: dir.join(format!("wachtrij-{tag}.json")),
            register: absolute,
        }
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
            let text = serde_json::to_string_pretty(&doc)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
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
        let doc: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
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
        f.save(steps.iter()).unwrap();
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
