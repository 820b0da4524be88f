//! The alarm command: when the aide alarms the interventieteam or calls the
//! police, raadsorde can also run a configured program (an SMS gateway, a
//! chat webhook script) with the alarm text on its standard input.
//!
//! The program is started directly, without a shell, in a process group of
//! its own; it gets the `[alarm]` timeout, after which the whole group is
//! killed and reaped. [`run`] never panics and never waits longer than the
//! timeout plus a short grace for the output; its [`AlarmOutcome`] has a
//! Dutch [`AlarmOutcome::detail`] for the status line and the evidence log.

use std::io;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWriteExt as _};
use tokio::process::Command;
use tokio::task::JoinHandle;

use super::seconds_text;

/// How much of each of stdout and stderr is kept; the rest is read and
/// dropped, so the program never blocks on a full pipe.
const CAPTURE_BYTES: usize = 4096;
/// How much of the output the outcome keeps, in characters.
const OUTPUT_CHARS: usize = 200;
/// How long the output may still take once the program has ended (a
/// background child of it may hold the pipes open).
const OUTPUT_GRACE: Duration = Duration::from_millis(500);

/// The `[alarm]` section of the configuration file.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AlarmSettings {
    /// The program and its arguments, run without a shell. Empty: nothing
    /// is run.
    #[serde(default)]
    pub command: Vec<String>,
    /// Seconds the program may take before it is killed (at least 1).
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

fn default_timeout_secs() -> u64 {
    10
}

impl Default for AlarmSettings {
    fn default() -> Self {
        AlarmSettings {
            command: Vec::new(),
            timeout_secs: default_timeout_secs(),
        }
    }
}

impl AlarmSettings {
    /// Whether there is a command to run.
    pub fn is_configured(&self) -> bool {
        self.command.first().is_some_and(|p| !p.is_empty())
    }

    /// The bound on the program's run.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.max(1))
    }
}

/// How a run of the alarm command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmOutcome {
    /// The exit code, when the program ended by itself with one.
    pub exit_code: Option<i32>,
    /// The signal that ended the program, when one did (not our timeout's).
    pub signal: Option<i32>,
    /// Killed because the timeout ran out.
    pub timed_out: bool,
    /// Why the program could not be started, in Dutch.
    pub spawn_error: Option<String>,
    /// What the program wrote: its stderr, or its stdout when stderr was
    /// empty; on one line, control characters out, at most 200 characters.
    pub output: String,
    /// From start to end, in milliseconds.
    pub duration_ms: u64,
    /// The timeout it ran under (for the detail).
    pub timeout: Duration,
}

impl AlarmOutcome {
    /// Whether the program ran and exited with 0.
    pub fn ok(&self) -> bool {
        self.exit_code == Some(0) && !self.timed_out && self.spawn_error.is_none()
    }

    /// One Dutch line for the status line and the evidence log.
    pub fn detail(&self) -> String {
        let output = if self.output.is_empty() {
            String::new()
        } else {
            format!(": {}", self.output)
        };
        if let Some(e) = &self.spawn_error {
            return format!("alarmcommando niet gestart: {e}");
        }
        if self.timed_out {
            return format!(
                "alarmcommando afgebroken na {}{output}",
                seconds_text(self.timeout)
            );
        }
        match (self.exit_code, self.signal) {
            (Some(0), _) => format!("alarmcommando uitgevoerd (exit 0, {} ms)", self.duration_ms),
            (Some(code), _) => format!("alarmcommando faalde (exit {code}){output}"),
            (None, Some(sig)) => format!("alarmcommando faalde (signaal {sig}){output}"),
            (None, None) => format!("alarmcommando faalde (geen exitcode){output}"),
        }
    }

    fn not_started(reason: String, timeout: Duration) -> AlarmOutcome {
        AlarmOutcome {
            exit_code: None,
            signal: None,
            timed_out: false,
            spawn_error: Some(reason),
            output: String::new(),
            duration_ms: 0,
            timeout,
        }
    }
}

/// Runs the alarm command with `input` on its standard input (closed after
/// it), within the timeout; on the timeout the program and everything it
/// started in its process group is killed and reaped. An empty command runs
/// nothing and says so.
pub async fn run(settings: &AlarmSettings, input: &str) -> AlarmOutcome {
    let timeout = settings.timeout();
    let Some((program, args)) = settings
        .command
        .split_first()
        .filter(|(p, _)| !p.is_empty())
    else {
        return AlarmOutcome::not_started(
            "geen commando ingesteld; zet command onder [alarm] in het configuratiebestand".into(),
            timeout,
        );
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    // Its own process group, so a timeout kills what a script started too.
    #[cfg(unix)]
    command.process_group(0);

    let started = Instant::now();
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return AlarmOutcome::not_started(spawn_text(program, &e), timeout),
    };
    let pid = child.id();

    // Written while the program runs: one that never reads its input must
    // not hold us up, and a broken pipe is no error of ours.
    let writer = child.stdin.take().map(|mut stdin| {
        let input = input.as_bytes().to_vec();
        tokio::spawn(async move {
            let _ = stdin.write_all(&input).await;
            let _ = stdin.shutdown().await;
        })
    });
    let stdout = child.stdout.take().map(|s| tokio::spawn(read_capped(s)));
    let stderr = child.stderr.take().map(|s| tokio::spawn(read_capped(s)));

    let (status, timed_out) = match tokio::time::timeout(timeout, child.wait()).await {
        Ok(Ok(status)) => (Some(status), false),
        Ok(Err(_)) => (None, false),
        Err(_) => {
            #[cfg(unix)]
            kill_group(pid);
            #[cfg(not(unix))]
            let _ = pid;
            // The program itself (should the group kill have missed it),
            // then reap it; bounded, as a process stuck in the kernel may
            // take a while to die (kill_on_drop and tokio's reaper then see
            // to it).
            let _ = child.start_kill();
            let _ = tokio::time::timeout(OUTPUT_GRACE, child.wait()).await;
            (None, true)
        }
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if let Some(w) = writer {
        w.abort();
    }
    let out = collect(stdout).await;
    let err = collect(stderr).await;
    let chosen = if err.iter().any(|b| !b.is_ascii_whitespace()) {
        err
    } else {
        out
    };
    let (exit_code, signal) = status.map(exit_parts).unwrap_or((None, None));
    AlarmOutcome {
        exit_code,
        signal,
        timed_out,
        spawn_error: None,
        output: clean_output(&String::from_utf8_lossy(&chosen)),
        duration_ms,
        timeout,
    }
}

fn exit_parts(status: ExitStatus) -> (Option<i32>, Option<i32>) {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        (status.code(), status.signal())
    }
    #[cfg(not(unix))]
    {
        (status.code(), None)
    }
}

/// Kills the program's process group (its id is the program's own).
#[cfg(unix)]
fn kill_group(pid: Option<u32>) {
    let Some(pid) = pid
        .and_then(|p| i32::try_from(p).ok())
        .and_then(rustix::process::Pid::from_raw)
    else {
        return;
    };
    let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
}

/// Why the program did not start, with its path and what to do.
fn spawn_text(program: &str, e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => {
            format!("{program} bestaat niet; controleer command onder [alarm]")
        }
        io::ErrorKind::PermissionDenied => format!(
            "{program} mag niet worden uitgevoerd; maak het uitvoerbaar (chmod +x {program}) of controleer command onder [alarm]"
        ),
        _ => format!("{program}: {}", crate::storage::io_text(e)),
    }
}

/// Reads a pipe to its end, keeping the first [`CAPTURE_BYTES`].
async fn read_capped(mut pipe: impl AsyncRead + Unpin) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = CAPTURE_BYTES.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
    kept
}

/// A reader's bytes, waiting at most [`OUTPUT_GRACE`] for it.
async fn collect(reader: Option<JoinHandle<Vec<u8>>>) -> Vec<u8> {
    let Some(mut handle) = reader else {
        return Vec::new();
    };
    match tokio::time::timeout(OUTPUT_GRACE, &mut handle).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => Vec::new(),
        Err(_) => {
            handle.abort();
            Vec::new()
        }
    }
}

/// The program's output on one line for the status line and the log:
/// terminal escape sequences and control characters out (line ends and tabs
/// become spaces), as are the bidirectional marks that could make a log line
/// read otherwise than it is; runs of spaces made one; at most
/// [`OUTPUT_CHARS`] characters.
pub(crate) fn clean_output(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI (ESC [ … final byte): skip it whole.
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&d) {
                        break;
                    }
                }
            }
            continue;
        }
        if c.is_control() {
            plain.push(' ');
        } else if !is_bidi_mark(c) {
            plain.push(c);
        }
    }
    let joined = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(OUTPUT_CHARS) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_one_clean_line() {
        assert_eq!(
            clean_output("\u{1b}[31mfout\u{1b}[0m:\r\n  geen\tverbinding\u{7}\n"),
            "fout: geen verbinding"
        );
        assert_eq!(clean_output("a\u{202e}b\u{2066}c"), "abc");
        let long = "é".repeat(500);
        let cut = clean_output(&long);
        assert_eq!(cut.chars().count(), OUTPUT_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn details_are_dutch() {
        let base = AlarmOutcome {
            exit_code: Some(0),
            signal: None,
            timed_out: false,
            spawn_error: None,
            output: String::new(),
            duration_ms: 120,
            timeout: Duration::from_secs(10),
        };
        assert!(base.ok());
        assert_eq!(base.detail(), "alarmcommando uitgevoerd (exit 0, 120 ms)");
        let failed = AlarmOutcome {
            exit_code: Some(3),
            output: "geen netwerk".into(),
            ..base.clone()
        };
        assert!(!failed.ok());
        assert_eq!(
            failed.detail(),
            "alarmcommando faalde (exit 3): geen netwerk"
        );
        let late = AlarmOutcome {
            exit_code: None,
            timed_out: true,
            ..base.clone()
        };
        assert_eq!(late.detail(), "alarmcommando afgebroken na 10 s");
        let killed = AlarmOutcome {
            exit_code: None,
            signal: Some(9),
            ..base
        };
        assert_eq!(killed.detail(), "alarmcommando faalde (signaal 9)");
    }

    #[test]
    fn settings_default_and_refuse_unknown_keys() {
        let s: AlarmSettings = toml::from_str("").unwrap();
        assert_eq!(s, AlarmSettings::default());
        assert!(!s.is_configured());
        assert_eq!(s.timeout(), Duration::from_secs(10));
        let s: AlarmSettings = toml::from_str(
            "command = [\"/usr/local/bin/sms\", \"--to\", \"06\"]\ntimeout_secs = 0",
        )
        .unwrap();
        assert!(s.is_configured());
        assert_eq!(s.timeout(), Duration::from_secs(1));
        assert!(toml::from_str::<AlarmSettings>("commando = []").is_err());
    }
}
