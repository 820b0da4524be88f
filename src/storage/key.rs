//! The register key: every register is a SQLCipher database, encrypted with
//! one random 256-bit key per user account (the installation key).
//!
//! Where the key lives, in the order it is looked for:
//! 1. [`KEY_ENV`]: the key itself, 64 hexadecimal characters (servers,
//!    tests); when set, nothing else is looked at.
//! 2. The key file: [`KEY_FILE_ENV`], else [`KEY_FILE`] in the config
//!    directory (`RAADSORDE_CONFIG_DIR`, else the default one); mode 0600.
//! 3. The OS keyring (Secret Service, macOS Keychain, Windows Credential
//!    Manager) through the `keyring` crate, unless [`KEYRING_ENV`] is `uit`.
//!    A keyring that does not answer within [`KEYRING_TIMEOUT`] (locked, or
//!    asking for a password) is passed over.
//!
//! The key is made at the first start, with no question asked, only when a
//! new register is created: it goes into the keyring when one answers, else
//! into the key file. An existing register is never given a new key.
//! The raw key is used (`PRAGMA key = "x'…'"`): no slow key derivation at
//! every open. The passphrase of the recovery copy
//! (`raadsorde sleutel herstelkopie`) wraps the same key with Argon2id.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::Connection;

/// The key itself, in hexadecimal (64 characters).
pub const KEY_ENV: &str = "RAADSORDE_REGISTERSLEUTEL";
/// The key file (default: [`KEY_FILE`] in the config directory).
pub const KEY_FILE_ENV: &str = "RAADSORDE_SLEUTELBESTAND";
/// `uit` (or `0`, `nee`): do not use the OS keyring.
pub const KEYRING_ENV: &str = "RAADSORDE_SLEUTELBOS";
/// The name of the default key file in the config directory.
pub const KEY_FILE: &str = "registersleutel";
/// How long the OS keyring may take to answer before the key file is used.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);
/// The keyring entry: service and account.
const SERVICE: &str = "raadsorde";
const ACCOUNT: &str = "registersleutel";

/// A 256-bit register key. Its bytes are overwritten when it is dropped and
/// never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl Key {
    /// A new random key from the operating system.
    pub fn random() -> Result<Key, KeyError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(Key(bytes))
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key(bytes)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// From 64 hexadecimal characters (spaces and a newline at the ends are
    /// ignored).
    pub fn from_hex(text: &str) -> Option<Key> {
        let text = text.trim();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        Some(Key(bytes))
    }

    /// The key in lowercase hexadecimal.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Applies the key to a connection that has not read anything yet, and
    /// silences SQLCipher's own log (a wrong key would otherwise write
    /// "hmac check failed" to standard error, across the screen).
    pub fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        quiet(conn)?;
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", self.hex()))
    }
}

/// Turns SQLCipher's logging off for this process (the setting is global).
pub fn quiet(conn: &Connection) -> rusqlite::Result<()> {
    cipher_setting(conn, "PRAGMA cipher_log_level = NONE")
}

/// Runs a SQLCipher setting pragma. Some of them answer with a row (the
/// new value), some with none, depending on the pragma and the version:
/// either is success; the row is read and dropped.
pub fn cipher_setting(conn: &Connection, pragma: &str) -> rusqlite::Result<()> {
    conn.query_row(pragma, [], |_| Ok(())).or_else(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Ok(()),
        other => Err(other),
    })
}

/// Where a key was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Env,
    File(PathBuf),
    Keyring,
}

impl Source {
    /// In Dutch, for messages and `raadsorde sleutel`.
    pub fn label(&self) -> String {
        match self {
            Source::Env => format!("de omgevingsvariabele {KEY_ENV}"),
            Source::File(p) => format!("het sleutelbestand {}", p.display()),
            Source::Keyring => "de sleutelbos van het besturingssysteem".into(),
        }
    }
}

/// A key and where it came from.
#[derive(Debug, Clone)]
pub struct Found {
    pub key: Key,
    pub source: Source,
}

/// What went wrong with the key, in Dutch, with the path and what to do.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "{KEY_ENV} is geen registersleutel: verwacht zijn 64 hexadecimale tekens; zet de goede sleutel of verwijder de variabele"
    )]
    BadEnv,
    #[error(
        "sleutelbestand {path} is onleesbaar als registersleutel (verwacht: 64 hexadecimale tekens); zet de reservekopie terug met raadsorde sleutel herstel, of wijs met {KEY_FILE_ENV} het goede bestand aan"
    )]
    BadFile { path: PathBuf },
    #[error(
        "sleutelbestand {path}: {what} mislukt: {}; controleer de map en de rechten, of wijs met {KEY_FILE_ENV} een ander bestand aan",
        crate::storage::io_text(source)
    )]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("er kon geen willekeurige sleutel worden gemaakt: {0}")]
    Random(String),
}

/// Where to look for the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The value of [`KEY_ENV`], when set.
    pub env: Option<String>,
    /// The key file.
    pub file: PathBuf,
    /// Whether to use the OS keyring.
    pub keyring: bool,
}

impl Settings {
    /// From the environment (see the module documentation).
    pub fn from_env() -> Settings {
        let config = CONFIG_DIR
            .get()
            .cloned()
            .or_else(|| var(crate::paths::CONFIG_DIR_ENV))
            .unwrap_or_else(crate::paths::default_config_dir);
        Settings::for_config_dir(&config)
    }

    /// As [`Settings::from_env`], with the config directory given.
    pub fn for_config_dir(config_dir: &Path) -> Settings {
        let env = std::env::var(KEY_ENV).ok().filter(|v| !v.trim().is_empty());
        let file = var(KEY_FILE_ENV).unwrap_or_else(|| config_dir.join(KEY_FILE));
        let keyring = !std::env::var(KEYRING_ENV).is_ok_and(|v| {
            matches!(
                v.trim().to_lowercase().as_str(),
                "uit" | "0" | "nee" | "off" | "no" | "false"
            )
        });
        Settings { env, file, keyring }
    }

    /// Every key to try on an existing register, the most explicit first.
    /// Empty: no key anywhere.
    pub fn candidates(&self) -> Result<Vec<Found>, KeyError> {
        if let Some(text) = &self.env {
            let key = Key::from_hex(text).ok_or(KeyError::BadEnv)?;
            return Ok(vec![Found {
                key,
                source: Source::Env,
            }]);
        }
        let mut found = Vec::new();
        if let Some(key) = read_file(&self.file)? {
            found.push(Found {
                key,
                source: Source::File(self.file.clone()),
            });
        }
        if self.keyring
            && let Some(key) = keyring_get()
            && !found.iter().any(|f| f.key == key)
        {
            found.push(Found {
                key,
                source: Source::Keyring,
            });
        }
        Ok(found)
    }

    /// The key for a new register: the one already there, else a new one,
    /// kept in the keyring when it answers, else in the key file.
    pub fn for_new_register(&self) -> Result<Found, KeyError> {
        if let Some(first) = self.candidates()?.into_iter().next() {
            return Ok(first);
        }
        let key = Key::random()?;
        self.keep(key)
    }

    /// Keeps `key` as this account's register key: in the keyring when one
    /// answers (and it reads back the same), else in the key file. Returns
    /// where it went. When a key file appeared meanwhile (another process
    /// made one first), that key wins.
    pub fn keep(&self, key: Key) -> Result<Found, KeyError> {
        if self.env.is_none() && self.keyring && keyring_set(&key) {
            return Ok(Found {
                key,
                source: Source::Keyring,
            });
        }
        match write_file_new(&self.file, &key)? {
            None => Ok(Found {
                key,
                source: Source::File(self.file.clone()),
            }),
            Some(existing) => Ok(Found {
                key: existing,
                source: Source::File(self.file.clone()),
            }),
        }
    }

    /// Writes `key` to the key file, replacing what is there (`raadsorde
    /// sleutel herstel`): 0600, written to a temporary file and renamed.
    pub fn write_file(&self, key: &Key) -> Result<(), KeyError> {
        temp_with_key(&self.file, key)?
            .persist(&self.file)
            .map_err(|e| KeyError::Io {
                path: self.file.clone(),
                what: "schrijven",
                source: e.error,
            })?;
        Ok(())
    }
}

/// The config directory the command line named (`--config-dir`), for
/// every open in this process.
static CONFIG_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Makes `dir` the config directory where the key file is looked for (the
/// command line's `--config-dir`); the first call wins.
pub fn use_config_dir(dir: &Path) {
    let _ = CONFIG_DIR.set(dir.to_path_buf());
}

fn var(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The key in `path`, `None` when there is no such file.
fn read_file(path: &Path) -> Result<Option<Key>, KeyError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Key::from_hex(&text)
            .map(Some)
            .ok_or_else(|| KeyError::BadFile {
                path: path.to_path_buf(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(KeyError::Io {
            path: path.to_path_buf(),
            what: "lezen",
            source,
        }),
    }
}

/// Writes a new key file (0600) without replacing one that is there: when
/// another process made one first, returns that key instead.
fn write_file_new(path: &Path, key: &Key) -> Result<Option<Key>, KeyError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |what, source| KeyError::Io {
        path: path.to_path_buf(),
        what,
        source,
    };
    match temp_with_key(path, key)?.persist_noclobber(path) {
        Ok(_) => {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(None)
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => read_file(path),
        Err(e) => Err(io("schrijven", e.error)),
    }
}

/// `key` written and synced to a temporary file (0600) beside `path`, in a
/// directory made 0700 where it is new: to be renamed into place.
fn temp_with_key(path: &Path, key: &Key) -> Result<tempfile::NamedTempFile, KeyError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir).map_err(|source| KeyError::Io {
        path: dir.to_path_buf(),
        what: "map aanmaken",
        source,
    })?;
    let io = |source| KeyError::Io {
        path: path.to_path_buf(),
        what: "schrijven",
        source,
    };
    // tempfile creates the file 0600.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    writeln!(tmp, "{}", key.hex()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    Ok(tmp)
}

/// Options that create a file readable and writable by its owner only
/// (0600): for everything that holds register content (exports, the log).
pub fn private_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Creates `dir` (and its parents) with mode 0700 where it is new.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// What the keyring answered last in this process (a keyring is asked once:
/// each open of a register does not wait for it again).
static KEYRING: Mutex<Option<Option<[u8; 32]>>> = Mutex::new(None);

/// The key in the OS keyring; `None` when there is none, no keyring, or it
/// did not answer in time.
fn keyring_get() -> Option<Key> {
    let mut cached = KEYRING.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(answer) = *cached {
        return answer.map(Key);
    }
    let answer = with_timeout(|| {
        let entry = keyring::Entry::new(SERVICE, ACCOUNT).ok()?;
        let text = entry.get_password().ok()?;
        Key::from_hex(&text).map(|k| *k.bytes())
    })
    .flatten();
    *cached = Some(answer);
    answer.map(Key)
}

/// Stores `key` in the OS keyring; true when it is there (read back).
fn keyring_set(key: &Key) -> bool {
    let text = key.hex();
    let stored = with_timeout(move || {
        let entry = keyring::Entry::new(SERVICE, ACCOUNT).ok()?;
        entry.set_password(&text).ok()?;
        let back = entry.get_password().ok()?;
        Some(back == text)
    })
    .flatten()
    .unwrap_or(false);
    if stored {
        *KEYRING.lock().unwrap_or_else(|p| p.into_inner()) = Some(Some(*key.bytes()));
    }
    stored
}

/// Runs `f` on its own thread and waits at most [`KEYRING_TIMEOUT`]; a
/// keyring that hangs (a locked collection waiting for a prompt) is left
/// behind.
fn with_timeout<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("sleutelbos".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .ok()?;
    rx.recv_timeout(KEYRING_TIMEOUT).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(dir: &Path) -> Settings {
        Settings {
            env: None,
            file: dir.join("sub").join(KEY_FILE),
            keyring: false,
        }
    }

    #[test]
    fn a_new_register_gets_a_key_file_that_only_its_owner_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(dir.path());
        assert!(s.candidates().unwrap().is_empty());
        let made = s.for_new_register().unwrap();
        assert_eq!(made.source, Source::File(s.file.clone()));
        // The second register of this account uses the same key.
        assert_eq!(s.for_new_register().unwrap().key, made.key);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&s.file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dir_mode = std::fs::metadata(s.file.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(dir_mode & 0o777, 0o700);
        }
    }

    #[test]
    fn a_key_file_made_meanwhile_by_another_process_wins() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(dir.path());
        let first = Key::random().unwrap();
        assert!(write_file_new(&s.file, &first).unwrap().is_none());
        let second = Key::random().unwrap();
        assert_eq!(write_file_new(&s.file, &second).unwrap(), Some(first));
    }

    #[test]
    fn the_environment_key_is_the_only_candidate_and_must_be_hex() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = settings(dir.path());
        let key = Key::random().unwrap();
        s.env = Some(key.hex());
        let found = s.candidates().unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key, key);
        assert_eq!(found[0].source, Source::Env);
        s.env = Some("geen sleutel".into());
        let e = s.candidates().unwrap_err().to_string();
        assert!(e.contains(KEY_ENV) && e.contains("64 hexadecimale"), "{e}");
    }

    #[test]
    fn a_damaged_key_file_is_named_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(dir.path());
        std::fs::create_dir_all(s.file.parent().unwrap()).unwrap();
        std::fs::write(&s.file, "kapot").unwrap();
        let e = s.candidates().unwrap_err().to_string();
        assert!(e.contains(&s.file.display().to_string()), "{e}");
        assert!(e.contains("raadsorde sleutel herstel"), "{e}");
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let key = Key::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(format!("{key:?}"), "Key(…)");
        assert_eq!(key.hex(), "ab".repeat(32));
        assert!(Key::from_hex("abc").is_none());
        assert!(Key::from_hex(&"zz".repeat(32)).is_none());
    }
}
