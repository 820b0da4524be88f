//! OBS Studio through obs-websocket v5 (the `obws` crate): stop or start the
//! stream, and ask whether it runs.
//!
//! The console calls [`command`] from a spawned task the moment the chair
//! orders the broadcast stopped; it never waits for it. So every call here
//! is bounded by the `[obs]` timeout (connecting, authenticating and the
//! request together) and ends in a plain [`StreamOutcome`] with a Dutch
//! [`StreamOutcome::detail`] for the status line and the evidence log. When
//! it did not work, the detail says to stop the stream by hand.
//!
//! The password is a secret: it lives in a file only its owner can read
//! ([`load_password`], [`save_password`]), or in the environment variable
//! [`PASSWORD_ENV`] (tests, servers). Nothing here reads the configuration
//! file or touches the terminal.

use std::fmt;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use obws::Client;
use obws::client::{ConnectConfig, DangerousConnectConfig, HandshakeError};
use obws::error::Error as ObwsError;
use obws::requests::EventSubscription;
use obws::responses::{StatusCode, WebSocketCloseCode};
use serde::Deserialize;

use super::seconds_text;
use crate::storage::io_text;

/// The password file's name in the configuration directory, unless `[obs]`
/// names another (`password_file`).
pub const PASSWORD_FILE: &str = "obs-wachtwoord";
/// The environment variable that holds the password instead of the file.
pub const PASSWORD_ENV: &str = "RAADSORDE_OBS_PASSWORD";
/// The shortest timeout used, whatever `timeout_ms` says: 0 would make
/// every call fail before it started.
const MIN_TIMEOUT: Duration = Duration::from_millis(100);

/// The `[obs]` section of the configuration file. An absent section means
/// OBS is not configured and nothing is ever contacted.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ObsSettings {
    /// Where obs-websocket listens; OBS's own default is this machine.
    #[serde(default = "default_host")]
    pub host: String,
    /// obs-websocket's port (OBS's default 4455).
    #[serde(default = "default_port")]
    pub port: u16,
    /// The password file; relative to the configuration directory when
    /// relative; `obs-wachtwoord` there when absent.
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    /// How long one call may take in all, in milliseconds.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

fn default_host() -> String {
    "127.0.0.1".into()
}

fn default_port() -> u16 {
    4455
}

fn default_timeout_ms() -> u64 {
    3000
}

impl Default for ObsSettings {
    fn default() -> Self {
        ObsSettings {
            host: default_host(),
            port: default_port(),
            password_file: None,
            timeout_ms: default_timeout_ms(),
        }
    }
}

impl ObsSettings {
    /// `host:port`, as the messages say it.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The bound on one call (at least 100 ms).
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms).max(MIN_TIMEOUT)
    }

    /// The password file: `password_file` (relative to `config_dir` when
    /// relative), or `obs-wachtwoord` in `config_dir`.
    pub fn password_path(&self, config_dir: &Path) -> PathBuf {
        match &self.password_file {
            Some(p) => config_dir.join(p),
            None => config_dir.join(PASSWORD_FILE),
        }
    }
}

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

/// What to ask of the stream: the command the evidence log records.
pub use crate::domain::event::StreamCommand;

/// What to do by hand when OBS could not do it.
fn by_hand(command: StreamCommand) -> &'static str {
    match command {
        StreamCommand::Stop => "stop de stream met de hand",
        StreamCommand::Start => "start de stream met de hand",
    }
}

/// The infinitive, for "stream … mislukt".
fn verb(command: StreamCommand) -> &'static str {
    match command {
        StreamCommand::Stop => "stoppen",
        StreamCommand::Start => "starten",
    }
}

/// How a [`command`] ended. Every failure's detail ends with what to do by
/// hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamOutcome {
    /// OBS did it.
    Done(StreamCommand),
    /// The stream already was as asked (OBS answered "output not running"
    /// to a stop, "output running" to a start).
    AlreadyInState(StreamCommand),
    /// OBS answered, and refused; `reason` is OBS's comment (or its code).
    Refused {
        command: StreamCommand,
        reason: String,
    },
    /// OBS refused the password, or asked for one when none was set.
    PasswordRejected {
        command: StreamCommand,
        password_given: bool,
    },
    /// No obs-websocket could be reached at `address`.
    Unreachable {
        command: StreamCommand,
        address: String,
        reason: String,
    },
    /// Connected, but the exchange failed otherwise (OBS closed the
    /// connection, an answer that was not obs-websocket v5's).
    Failed {
        command: StreamCommand,
        reason: String,
    },
    /// No answer within the timeout; the connection was dropped.
    TimedOut {
        command: StreamCommand,
        after: Duration,
    },
}

impl StreamOutcome {
    /// Whether the stream is now as asked.
    pub fn ok(&self) -> bool {
        matches!(
            self,
            StreamOutcome::Done(_) | StreamOutcome::AlreadyInState(_)
        )
    }

    /// The command this is the outcome of.
    pub fn command(&self) -> StreamCommand {
        match self {
            StreamOutcome::Done(c) | StreamOutcome::AlreadyInState(c) => *c,
            StreamOutcome::Refused { command, .. }
            | StreamOutcome::PasswordRejected { command, .. }
            | StreamOutcome::Unreachable { command, .. }
            | StreamOutcome::Failed { command, .. }
            | StreamOutcome::TimedOut { command, .. } => *command,
        }
    }

    /// One Dutch line for the status line and the evidence log.
    pub fn detail(&self) -> String {
        let by_hand = by_hand(self.command());
        match self {
            StreamOutcome::Done(StreamCommand::Stop) => "OBS: stream gestopt".into(),
            StreamOutcome::Done(StreamCommand::Start) => "OBS: stream gestart".into(),
            StreamOutcome::AlreadyInState(StreamCommand::Stop) => "OBS: stream liep al niet".into(),
            StreamOutcome::AlreadyInState(StreamCommand::Start) => "OBS: stream liep al".into(),
            StreamOutcome::Refused { reason, .. } => format!("OBS weigerde: {reason} — {by_hand}"),
            StreamOutcome::PasswordRejected {
                password_given: true,
                ..
            } => format!(
                "OBS weigerde het wachtwoord — {by_hand}; zet het juiste met raadsorde obs-wachtwoord"
            ),
            StreamOutcome::PasswordRejected {
                password_given: false,
                ..
            } => format!(
                "OBS vraagt een wachtwoord en er is er geen ingesteld — {by_hand}; zet het met raadsorde obs-wachtwoord"
            ),
            StreamOutcome::Unreachable {
                address, reason, ..
            } => format!("OBS niet bereikbaar ({address}): {reason} — {by_hand}"),
            StreamOutcome::Failed { command, reason } => {
                format!(
                    "OBS: stream {} mislukt: {reason} — {by_hand}",
                    verb(*command)
                )
            }
            StreamOutcome::TimedOut { after, .. } => {
                format!("{} — {by_hand}", timed_out_text(*after))
            }
        }
    }
}

/// Stops or starts the stream: connects (with `password`, if any), sends
/// `StopStream` or `StartStream`, disconnects; all of it within the
/// settings' timeout. Never panics, never waits longer.
pub async fn command(
    settings: &ObsSettings,
    password: Option<&str>,
    cmd: StreamCommand,
) -> StreamOutcome {
    let limit = settings.timeout();
    match tokio::time::timeout(limit, exchange(settings, password, cmd)).await {
        Ok(outcome) => outcome,
        Err(_) => StreamOutcome::TimedOut {
            command: cmd,
            after: limit,
        },
    }
}

async fn exchange(
    settings: &ObsSettings,
    password: Option<&str>,
    cmd: StreamCommand,
) -> StreamOutcome {
    let mut client = match connect(settings, password).await {
        Ok(c) => c,
        Err(failure) => return failure.into_outcome(cmd, settings),
    };
    let streaming = client.streaming();
    let result = match cmd {
        StreamCommand::Stop => streaming.stop().await,
        StreamCommand::Start => streaming.start().await,
    };
    client.disconnect().await;
    match result {
        Ok(()) => StreamOutcome::Done(cmd),
        Err(ObwsError::Api { code, .. })
            if matches!(
                (cmd, code),
                (StreamCommand::Stop, StatusCode::OutputNotRunning)
                    | (StreamCommand::Start, StatusCode::OutputRunning)
            ) =>
        {
            StreamOutcome::AlreadyInState(cmd)
        }
        Err(e) => Failure::from_request(&e).into_outcome(cmd, settings),
    }
}

/// Whether the stream runs (`GetStreamStatus`), for showing its real state
/// on screen; bounded like [`command`]. The error is a Dutch line such as
/// `OBS niet bereikbaar (127.0.0.1:4455): …`.
pub async fn stream_active(settings: &ObsSettings, password: Option<&str>) -> Result<bool, String> {
    let limit = settings.timeout();
    let ask = async {
        let mut client = connect(settings, password).await?;
        let status = client.streaming().status().await;
        client.disconnect().await;
        status
            .map(|s| s.active)
            .map_err(|e| Failure::from_request(&e))
    };
    match tokio::time::timeout(limit, ask).await {
        Ok(Ok(active)) => Ok(active),
        Ok(Err(failure)) => Err(failure.status_text(settings)),
        Err(_) => Err(timed_out_text(limit)),
    }
}

fn timed_out_text(limit: Duration) -> String {
    format!("OBS antwoordde niet binnen {}", seconds_text(limit))
}

/// Why a call failed, before it is told for a command or a status.
#[derive(Debug)]
enum Failure {
    Refused(String),
    PasswordRejected {
        given: bool,
    },
    Unreachable(String),
    Failed(String),
    /// obws's own connect timeout (set to ours) ran out first.
    TimedOut,
}

impl Failure {
    fn into_outcome(self, command: StreamCommand, settings: &ObsSettings) -> StreamOutcome {
        match self {
            Failure::Refused(reason) => StreamOutcome::Refused { command, reason },
            Failure::PasswordRejected { given } => StreamOutcome::PasswordRejected {
                command,
                password_given: given,
            },
            Failure::Unreachable(reason) => StreamOutcome::Unreachable {
                command,
                address: settings.address(),
                reason,
            },
            Failure::Failed(reason) => StreamOutcome::Failed { command, reason },
            Failure::TimedOut => StreamOutcome::TimedOut {
                command,
                after: settings.timeout(),
            },
        }
    }

    fn status_text(self, settings: &ObsSettings) -> String {
        match self {
            Failure::Refused(reason) => format!("OBS weigerde: {reason}"),
            Failure::PasswordRejected { given: true } => {
                "OBS weigerde het wachtwoord; zet het juiste met raadsorde obs-wachtwoord".into()
            }
            Failure::PasswordRejected { given: false } => {
                "OBS vraagt een wachtwoord en er is er geen ingesteld; zet het met raadsorde obs-wachtwoord".into()
            }
            Failure::Unreachable(reason) => {
                format!("OBS niet bereikbaar ({}): {reason}", settings.address())
            }
            Failure::Failed(reason) => format!("OBS: streamstatus opvragen mislukt: {reason}"),
            Failure::TimedOut => timed_out_text(settings.timeout()),
        }
    }

    /// A failure while connecting and identifying.
    fn from_connect(e: &ObwsError, password_given: bool) -> Failure {
        match e {
            ObwsError::Timeout => Failure::TimedOut,
            ObwsError::Connect(_) | ObwsError::InvalidUri(_) => {
                Failure::Unreachable(connect_reason(e))
            }
            ObwsError::Handshake(HandshakeError::ConnectionClosed(Some(details)))
                if u16::from(details.code) == u16::from(WebSocketCloseCode::AuthenticationFailed) =>
            {
                Failure::PasswordRejected {
                    given: password_given,
                }
            }
            ObwsError::Handshake(HandshakeError::ConnectionClosed(details)) => {
                Failure::Failed(match details {
                    Some(d) if !d.reason.is_empty() => {
                        format!("OBS sloot de verbinding ({})", clean(&d.reason))
                    }
                    _ => "OBS sloot de verbinding".into(),
                })
            }
            ObwsError::Handshake(_) => Failure::Unreachable(
                "geen obs-websocket 5 op dit adres (geen geldige begroeting); controleer host en poort onder [obs]".into(),
            ),
            other => Failure::from_request(other),
        }
    }

    /// A failure of a request on an identified connection.
    fn from_request(e: &ObwsError) -> Failure {
        match e {
            ObwsError::Api { code, message } => Failure::Refused(match message {
                Some(m) if !m.trim().is_empty() => {
                    format!("{} (code {})", clean(m), u16::from(*code))
                }
                _ => format!("code {} ({code:?})", u16::from(*code)),
            }),
            ObwsError::ReceiveMessage(_) | ObwsError::Send(_) | ObwsError::Disconnected => {
                Failure::Failed("OBS verbrak de verbinding".into())
            }
            ObwsError::DeserializeResponse(_) => {
                Failure::Failed("OBS gaf een antwoord dat raadsorde niet kent".into())
            }
            ObwsError::RpcVersion {
                requested,
                negotiated,
            } => Failure::Failed(format!(
                "OBS spreekt obs-websocket-protocol {negotiated}, raadsorde {requested}"
            )),
            other => Failure::Failed(clean(&other.to_string())),
        }
    }
}

async fn connect(settings: &ObsSettings, password: Option<&str>) -> Result<Client, Failure> {
    let password = password.filter(|p| !p.is_empty());
    Client::connect_with_config(ConnectConfig {
        host: settings.host.as_str(),
        port: settings.port,
        password,
        // No events: we only send requests.
        event_subscriptions: Some(EventSubscription::NONE),
        broadcast_capacity: obws::client::DEFAULT_BROADCAST_CAPACITY,
        connect_timeout: settings.timeout(),
        // obws refuses OBS older than 30.2 and obs-websocket older than
        // 5.5; StopStream, StartStream and GetStreamStatus are in every
        // obs-websocket 5, and a stop must not fail over a version number.
        // The protocol (RPC) version is still checked.
        dangerous: Some(DangerousConnectConfig {
            skip_studio_version_check: true,
            skip_websocket_version_check: true,
        }),
    })
    .await
    .map_err(|e| Failure::from_connect(&e, password.is_some()))
}

/// Why a connection could not be made, in Dutch where the cause is known.
fn connect_reason(e: &ObwsError) -> String {
    if matches!(e, ObwsError::InvalidUri(_)) {
        return "ongeldige host of poort; controleer [obs] in het configuratiebestand".into();
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<io::Error>() {
            return match io.kind() {
                io::ErrorKind::ConnectionRefused => {
                    "verbinding geweigerd; draait OBS, en staat de WebSocket-server aan (Extra → WebSocket-serverinstellingen)?".into()
                }
                io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
                    "host onbereikbaar; controleer het netwerk en host onder [obs]".into()
                }
                io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::UnexpectedEof => "de verbinding werd verbroken".into(),
                _ => clean(&io.to_string()),
            };
        }
        match s.downcast_ref::<tokio_websockets::Error>() {
            Some(tokio_websockets::Error::CannotResolveHost) => {
                return "host onbekend; controleer host onder [obs]".into();
            }
            Some(tokio_websockets::Error::Upgrade(_)) => {
                return "hier luistert iets anders dan obs-websocket; controleer host en poort onder [obs]".into();
            }
            _ => {}
        }
        source = s.source();
    }
    format!(
        "geen obs-websocket op dit adres ({})",
        clean(&chain_text(e))
    )
}

/// An error and its causes on one line.
fn chain_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

/// Text from OBS or the network on one line: control characters out, at
/// most 200 characters.
fn clean(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = one_line.split_whitespace().collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_have_defaults_and_refuse_unknown_keys() {
        let s: ObsSettings = toml::from_str("").unwrap();
        assert_eq!(s, ObsSettings::default());
        assert_eq!(s.address(), "127.0.0.1:4455");
        assert_eq!(s.timeout(), Duration::from_secs(3));
        assert_eq!(
            s.password_path(Path::new("/etc/raadsorde")),
            Path::new("/etc/raadsorde/obs-wachtwoord")
        );
        let s: ObsSettings = toml::from_str(
            "host = \"obs.griffie\"\nport = 4456\npassword_file = \"geheim/obs\"\ntimeout_ms = 0",
        )
        .unwrap();
        assert_eq!(s.address(), "obs.griffie:4456");
        assert_eq!(s.timeout(), MIN_TIMEOUT);
        assert_eq!(s.password_path(Path::new("/c")), Path::new("/c/geheim/obs"));
        assert_eq!(
            toml::from_str::<ObsSettings>("password_file = \"/abs/pw\"")
                .unwrap()
                .password_path(Path::new("/c")),
            Path::new("/abs/pw")
        );
        assert!(toml::from_str::<ObsSettings>("wachtwoord = \"x\"").is_err());
    }

    #[test]
    fn details_are_dutch_and_say_what_to_do_by_hand() {
        use StreamCommand::{Start, Stop};
        assert_eq!(StreamOutcome::Done(Stop).detail(), "OBS: stream gestopt");
        assert_eq!(StreamOutcome::Done(Start).detail(), "OBS: stream gestart");
        assert_eq!(
            StreamOutcome::AlreadyInState(Stop).detail(),
            "OBS: stream liep al niet"
        );
        assert!(StreamOutcome::AlreadyInState(Stop).ok());
        let refused = StreamOutcome::Refused {
            command: Stop,
            reason: "Streaming is uitgeschakeld (code 504)".into(),
        };
        assert!(!refused.ok());
        assert_eq!(
            refused.detail(),
            "OBS weigerde: Streaming is uitgeschakeld (code 504) — stop de stream met de hand"
        );
        let unreachable = StreamOutcome::Unreachable {
            command: Stop,
            address: "127.0.0.1:4455".into(),
            reason: "verbinding geweigerd".into(),
        };
        assert_eq!(
            unreachable.detail(),
            "OBS niet bereikbaar (127.0.0.1:4455): verbinding geweigerd — stop de stream met de hand"
        );
        let late = StreamOutcome::TimedOut {
            command: Start,
            after: Duration::from_secs(3),
        };
        assert_eq!(
            late.detail(),
            "OBS antwoordde niet binnen 3 s — start de stream met de hand"
        );
        let pw = StreamOutcome::PasswordRejected {
            command: Stop,
            password_given: true,
        };
        assert!(pw.detail().contains("wachtwoord"), "{}", pw.detail());
        assert!(pw.detail().contains("raadsorde obs-wachtwoord"));
    }

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

    #[test]
    fn obs_text_is_cleaned() {
        assert_eq!(clean("a\nb\u{1b}c"), "a b c");
        assert_eq!(clean(&"x".repeat(300)).chars().count(), 201);
    }
}
