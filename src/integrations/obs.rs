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
//! ([`load_password`], [`save_password`]: `obs/password.rs`), or in the
//! environment variable [`PASSWORD_ENV`] (tests, servers). Nothing here
//! reads the configuration file or touches the terminal.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use obws::Client;
use obws::client::{ConnectConfig, DangerousConnectConfig, HandshakeError};
use obws::error::Error as ObwsError;
use obws::requests::EventSubscription;
use obws::responses::{StatusCode, WebSocketCloseCode};
use serde::Deserialize;

use super::seconds_text;

mod password;

pub use password::{
    ObsError, PASSWORD_ENV, PASSWORD_FILE, Password, PasswordSource, load_password, save_password,
};

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

    #[test]
    fn obs_text_is_cleaned() {
        assert_eq!(clean("a\nb\u{1b}c"), "a b c");
        assert_eq!(clean(&"x".repeat(300)).chars().count(), 201);
    }
}
