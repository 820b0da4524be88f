//! The OBS password: from the variable [`PASSWORD_ENV`] or a file only its
//! owner can read (shielded, and said, when others could; refused with the
//! fix when it cannot be), saved private from the start. Never shown.

use std::fmt;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::storage::io_text;

/// The password file's name in the configuration directory, unless `[obs]`
/// names another (`password_file`).
pub const PASSWORD_FILE: &str = "obs-wachtwoord";
/// The environment variable that holds the password instead of the file.
pub const PASSWORD_ENV: &str = "RAADSORDE_OBS_PASSWORD";

/// What went wrong with the password file or variable, in Dutch, with the
/// path and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ObsError {
    #[error(
        "OBS-wachtwoordbestand {path} is leesbaar voor anderen (rechten {mode:03o}) en raadsorde kan dat niet afschermen ({}); maak het alleen voor de eigenaar leesbaar: chmod 600 {path}",
        io_text(source)
    )]
    Exposed {
        path: PathBuf,
        mode: u32,
        #[source]
        source: io::Error,
    },
    #[error(
        "OBS-wachtwoordbestand {path}: {what} mislukt: {}; controleer het bestand en de rechten (chmod 600 {path}), of zet het opnieuw met raadsorde obs-wachtwoord",
        io_text(source)
    )]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: io::Error,
    },
    #[error(
        "OBS-wachtwoordbestand {path} is geen gewoon bestand; verwijder het en zet het wachtwoord opnieuw met raadsorde obs-wachtwoord"
    )]
    NotAFile { path: PathBuf },
    #[error(
        "OBS-wachtwoordbestand {path} is geen tekst (UTF-8); zet het wachtwoord opnieuw met raadsorde obs-wachtwoord"
    )]
    NotText { path: PathBuf },
    #[error("de omgevingsvariabele {PASSWORD_ENV} is geen tekst (UTF-8); zet haar opnieuw")]
    EnvNotText,
    #[error("geen wachtwoord gegeven; er is niets opgeslagen")]
    Empty,
    #[error(
        "het wachtwoord beslaat meer dan één regel; geef het op één regel, er is niets opgeslagen"
    )]
    MultiLine,
}

/// Where a password came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// The variable [`PASSWORD_ENV`].
    Environment,
    /// The password file.
    File(PathBuf),
}

/// A password that was read, with where it came from and whether its file
/// had to be shielded from other users first. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password {
    secret: String,
    /// Where it came from.
    pub source: PasswordSource,
    /// The file's permission bits before raadsorde set them to 0600, when
    /// it had to (the file was readable by its group or by others).
    pub tightened_from: Option<u32>,
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Password")
            .field("secret", &"…")
            .field("source", &self.source)
            .field("tightened_from", &self.tightened_from)
            .finish()
    }
}

impl Password {
    /// The password itself, for [`command`] and [`stream_active`].
    pub fn as_str(&self) -> &str {
        &self.secret
    }

    /// What to tell the user once, when the file's permissions were
    /// tightened: `None` when nothing was changed.
    pub fn notice(&self) -> Option<String> {
        let mode = self.tightened_from?;
        let path = match &self.source {
            PasswordSource::File(p) => p.display().to_string(),
            PasswordSource::Environment => PASSWORD_ENV.to_string(),
        };
        Some(format!(
            "OBS-wachtwoordbestand {path} was leesbaar voor anderen (rechten {mode:03o}); raadsorde heeft het afgeschermd (rechten 600)"
        ))
    }
}

/// The OBS password: the variable [`PASSWORD_ENV`] when it is set and not
/// empty, else the file at `path`. A missing (or empty) file is no
/// password. On unix a file its group or others may read is set to 0600
/// first (said by [`Password::notice`]), or refused with the `chmod 600` fix
/// when raadsorde may not change it.
pub fn load_password(path: &Path) -> Result<Option<Password>, ObsError> {
    let env = match std::env::var(PASSWORD_ENV) {
        Ok(v) => Some(v),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => return Err(ObsError::EnvNotText),
    };
    load_password_from(env, path)
}

fn load_password_from(env: Option<String>, path: &Path) -> Result<Option<Password>, ObsError> {
    if let Some(secret) = env.filter(|s| !s.is_empty()) {
        return Ok(Some(Password {
            secret,
            source: PasswordSource::Environment,
            tightened_from: None,
        }));
    }
    read_password_file(path)
}

fn read_password_file(path: &Path) -> Result<Option<Password>, ObsError> {
    let io = |what, source| ObsError::Io {
        path: path.to_path_buf(),
        what,
        source,
    };
    // Looked at before opening: opening a FIFO would wait for a writer.
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(ObsError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io("lezen", e)),
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io("openen", e)),
    };
    let meta = file.metadata().map_err(|e| io("lezen", e))?;
    if !meta.is_file() {
        return Err(ObsError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    #[cfg(unix)]
    let tightened_from = {
        use std::os::unix::fs::PermissionsExt;
        let file = &file;
        shield(path, meta.permissions().mode(), || {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
        })?
    };
    #[cfg(not(unix))]
    let tightened_from = None;
    let mut text = String::new();
    match file.read_to_string(&mut text) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            return Err(ObsError::NotText {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io("lezen", e)),
    }
    let secret = text.trim_end_matches(['\r', '\n']);
    if secret.is_empty() {
        return Ok(None);
    }
    Ok(Some(Password {
        secret: secret.to_string(),
        source: PasswordSource::File(path.to_path_buf()),
        tightened_from,
    }))
}

/// Shields a file its group or others may read: `chmod` sets it to 0600
/// (it fails when raadsorde does not own the file). Returns the old bits
/// when it changed them.
#[cfg(unix)]
fn shield(
    path: &Path,
    mode: u32,
    chmod: impl FnOnce() -> io::Result<()>,
) -> Result<Option<u32>, ObsError> {
    let mode = mode & 0o7777;
    if mode & 0o077 == 0 {
        return Ok(None);
    }
    match chmod() {
        Ok(()) => Ok(Some(mode)),
        Err(source) => Err(ObsError::Exposed {
            path: path.to_path_buf(),
            mode,
            source,
        }),
    }
}

/// Writes the password to `path` (for `raadsorde obs-wachtwoord`, which
/// reads it from standard input): a trailing line end is dropped; the file
/// is 0600 from the start (a temporary file beside it, then renamed over
/// the old one), its directory is made 0700 when it does not exist.
pub fn save_password(path: &Path, password: &str) -> Result<(), ObsError> {
    let secret = password.trim_end_matches(['\r', '\n']);
    if secret.is_empty() {
        return Err(ObsError::Empty);
    }
    if secret.contains(['\r', '\n']) {
        return Err(ObsError::MultiLine);
    }
    let io = |what, source| ObsError::Io {
        path: path.to_path_buf(),
        what,
        source,
    };
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d,
        None => Path::new("."),
    };
    create_private_dir(dir).map_err(|e| io("map aanmaken", e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".obs-wachtwoord.");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| io("aanmaken", e))?;
    tmp.write_all(secret.as_bytes())
        .and_then(|()| tmp.write_all(b"\n"))
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io("schrijven", e))?;
    tmp.persist(path).map_err(|e| io("opslaan", e.error))?;
    // The rename itself is durable once the directory is.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str, mode: u32) {
        std::fs::write(path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
    }

    #[test]
    fn a_missing_or_empty_file_is_no_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PASSWORD_FILE);
        assert_eq!(load_password_from(None, &path).unwrap(), None);
        write(&path, "\n", 0o600);
        assert_eq!(load_password_from(None, &path).unwrap(), None);
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PASSWORD_FILE);
        write(&path, "uit-bestand\n", 0o600);
        let p = load_password_from(Some("uit-omgeving".into()), &path)
            .unwrap()
            .unwrap();
        assert_eq!(p.as_str(), "uit-omgeving");
        assert_eq!(p.source, PasswordSource::Environment);
        // An empty variable counts as unset.
        let p = load_password_from(Some(String::new()), &path)
            .unwrap()
            .unwrap();
        assert_eq!(p.as_str(), "uit-bestand");
        assert!(!format!("{p:?}").contains("uit-bestand"));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_shielded_and_said() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PASSWORD_FILE);
        write(&path, "geheim\r\n", 0o644);
        let p = load_password_from(None, &path).unwrap().unwrap();
        assert_eq!(p.as_str(), "geheim");
        assert_eq!(p.tightened_from, Some(0o644));
        let notice = p.notice().unwrap();
        assert!(notice.contains("644") && notice.contains("600"), "{notice}");
        assert!(notice.contains(&path.display().to_string()), "{notice}");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // Once shielded, nothing more to say.
        let again = load_password_from(None, &path).unwrap().unwrap();
        assert_eq!(again.notice(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_and_we_cannot_change_is_refused_with_the_fix() {
        // As root every chmod succeeds, so the refusal is shown through the
        // step that decides it.
        let path = Path::new("/srv/obs/obs-wachtwoord");
        let err = shield(path, 0o100640, || {
            Err(io::Error::from(io::ErrorKind::PermissionDenied))
        })
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("leesbaar voor anderen"), "{text}");
        assert!(text.contains("640"), "{text}");
        assert!(text.contains("chmod 600 /srv/obs/obs-wachtwoord"), "{text}");
        assert!(!text.contains("Permission denied"), "{text}");
        // A private file is not touched.
        assert_eq!(shield(path, 0o100600, || unreachable!()).unwrap(), None);
        assert_eq!(shield(path, 0o100400, || unreachable!()).unwrap(), None);
    }

    #[test]
    fn a_directory_is_not_a_password_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_password_from(None, dir.path()).unwrap_err();
        assert!(matches!(err, ObsError::NotAFile { .. }), "{err}");
        assert!(err.to_string().contains("raadsorde obs-wachtwoord"));
    }

    #[test]
    fn a_saved_password_is_private_from_the_start_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("nieuw").join("raadsorde");
        let path = config.join(PASSWORD_FILE);
        save_password(&path, "s3cr3t wachtwoord\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&config), 0o700);
        }
        let p = load_password_from(None, &path).unwrap().unwrap();
        assert_eq!(p.as_str(), "s3cr3t wachtwoord");
        assert_eq!(p.tightened_from, None);
        // Replaced whole; no temporary file left beside it.
        save_password(&path, "ander").unwrap();
        let p = load_password_from(None, &path).unwrap().unwrap();
        assert_eq!(p.as_str(), "ander");
        let names: Vec<_> = std::fs::read_dir(&config)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(PASSWORD_FILE)]);
    }

    #[test]
    fn an_empty_or_multiline_password_is_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PASSWORD_FILE);
        assert!(matches!(save_password(&path, "\n"), Err(ObsError::Empty)));
        assert!(matches!(
            save_password(&path, "een\ntwee\n"),
            Err(ObsError::MultiLine)
        ));
        assert!(!path.exists());
    }
}
