//! Shared helpers for the integration tests: a sandbox directory for the
//! database, settings and log file, and the real binary driven in a
//! pseudo-terminal whose output is parsed by a terminal emulator (vt100).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// How long to wait for something to appear: generous for a slow CI machine;
/// normally each step takes a few tens of milliseconds.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// The pause after each key, so that every key arrives as its own read.
const KEY_PAUSE: Duration = Duration::from_millis(60);

/// After a lone ESC, crossterm waits a little to tell it from an escape sequence.
const ESC_PAUSE: Duration = Duration::from_millis(250);

/// The path of the binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_raadsorde")
}

/// The register key of this test process (this account's key, made when
/// there is none), in hexadecimal.
pub fn test_key_hex() -> &'static str {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        raadsorde::storage::key::Settings::from_env()
            .for_new_register()
            .expect("the register key of the tests")
            .key
            .hex()
    })
}

/// A temporary home: database, config directory and log all live inside it.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        // The tests type faster than anyone: a demand right after another
        // is not taken for a bouncing key here (that has its own tests).
        std::fs::write(
            dir.path().join("config").join("config.toml"),
            "[live]\ndemand_repeat_secs = 0\n",
        )
        .unwrap();
        Sandbox { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.root().join("data").join("raadsorde.db")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.root().join("config")
    }

    /// Environment that keeps the program (and its log) inside the sandbox.
    pub fn env(&self) -> Vec<(String, String)> {
        let root = self.root().display().to_string();
        vec![
            ("HOME".into(), root.clone()),
            ("XDG_DATA_HOME".into(), format!("{root}/xdg-data")),
            ("XDG_CONFIG_HOME".into(), format!("{root}/xdg-config")),
            ("XDG_STATE_HOME".into(), format!("{root}/xdg-state")),
            ("RAADSORDE_DB".into(), self.db().display().to_string()),
            (
                "RAADSORDE_CONFIG_DIR".into(),
                self.config_dir().display().to_string(),
            ),
            // No desktop notifications from the tests: a session bus that
            // is not there (tests/notifications.rs brings its own).
            (
                "DBUS_SESSION_BUS_ADDRESS".into(),
                format!("unix:path={root}/geen-sessiebus"),
            ),
            // The binary opens registers with the key this test process
            // uses, so that what one writes the other can read.
            (
                raadsorde::storage::key::KEY_ENV.into(),
                test_key_hex().to_string(),
            ),
        ]
    }

    /// A plain (non-terminal) command for the binary, sandboxed.
    pub fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        cmd.current_dir(self.root())
            .env_remove("RAADSORDE_LOG")
            .envs(self.env())
            .arg("--db")
            .arg(self.db())
            .arg("--config-dir")
            .arg(self.config_dir());
        cmd
    }

    /// Starts the live console in an 80x24 pseudo-terminal.
    pub fn spawn_tui(&self, extra_env: &[(&str, &str)]) -> Tui {
        self.spawn_tui_sized(ROWS, COLS, extra_env)
    }

    /// Starts the live console in a pseudo-terminal of `rows` by `cols`.
    pub fn spawn_tui_sized(&self, rows: u16, cols: u16, extra_env: &[(&str, &str)]) -> Tui {
        let mut cmd = CommandBuilder::new(bin());
        cmd.cwd(self.root());
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("RAADSORDE_LOG");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.arg("--db");
        cmd.arg(self.db());
        cmd.arg("--config-dir");
        cmd.arg(self.config_dir());
        Tui::spawn(cmd, rows, cols)
    }

    /// Runs `export --json` and parses the document.
    pub fn export(&self) -> serde_json::Value {
        let out = self.command().args(["export", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "export failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// The event kinds of an export, in order, without the bookkeeping of who
/// may see what (the first user's roles, the access log: `tests/access.rs`
/// and `tests/cli.rs` check those).
pub fn kinds(export: &serde_json::Value) -> Vec<String> {
    export["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .filter(|k| !ACCESS_KINDS.contains(&k.as_str()))
        .collect()
}

/// The events of an export without the bookkeeping of who may see what
/// (see [`kinds`]), in order.
pub fn domain_events(export: &serde_json::Value) -> Vec<serde_json::Value> {
    export["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !ACCESS_KINDS.contains(&e["kind"].as_str().unwrap()))
        .cloned()
        .collect()
}

/// The kinds of `domain::access`.
pub const ACCESS_KINDS: &[&str] = &[
    "role-granted",
    "role-revoked",
    "identity-linked",
    "case-handed-over",
    "access-logged",
];

/// The real binary running in a pseudo-terminal.
pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checking escape sequences.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Arc<Mutex<Option<Box<dyn Write + Send>>>>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    reader: Option<JoinHandle<()>>,
}

impl Tui {
    pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Only the child may hold the slave side: when it exits, reading the
        // master then ends (EOF or EIO) and the reader thread stops.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer: Arc<Mutex<Option<Box<dyn Write + Send>>>> =
            Arc::new(Mutex::new(Some(pair.master.take_writer().unwrap())));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let parser = Arc::clone(&parser);
            let raw = Arc::clone(&raw);
            let writer = Arc::clone(&writer);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            let chunk = &buf[..n];
                            // A test that failed while holding a lock must not
                            // also bring this thread down.
                            raw.lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .extend_from_slice(chunk);
                            let mut p = parser.lock().unwrap_or_else(|e| e.into_inner());
                            p.process(chunk);
                            // Answer a cursor position query, as a real
                            // terminal would, so the program never hangs on it.
                            if chunk.windows(4).any(|w| w == b"\x1b[6n") {
                                let (row, col) = p.screen().cursor_position();
                                if let Some(w) =
                                    writer.lock().unwrap_or_else(|e| e.into_inner()).as_mut()
                                {
                                    let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                                    let _ = w.flush();
                                }
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        // EIO on Linux once the child has gone.
                        Err(_) => break,
                    }
                }
            })
        };
        Tui {
            parser,
            raw,
            writer,
            child,
            master: Some(pair.master),
            reader: Some(thread),
        }
    }

    /// The text on the screen now, row by row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// All bytes the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Waits until the screen contains `needle`; returns the screen.
    #[track_caller]
    pub fn wait_for(&self, needle: &str) -> String {
        wait_for(&self.parser, needle, TIMEOUT)
    }

    /// Waits until `ok(screen)` holds; `what` says what was expected.
    #[track_caller]
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        wait_until(&self.parser, what, TIMEOUT, ok)
    }

    /// Writes raw bytes to the terminal.
    pub fn write(&self, bytes: &[u8]) {
        let mut guard = self.writer.lock().unwrap();
        let w = guard.as_mut().expect("terminal writer closed");
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    /// Types keys one at a time with a short pause. `\x1b` (Esc) gets a
    /// longer pause so that it is not taken for the start of a sequence.
    pub fn keys(&self, keys: &str) {
        for c in keys.chars() {
            let mut b = [0u8; 4];
            self.write(c.encode_utf8(&mut b).as_bytes());
            std::thread::sleep(if c == '\x1b' { ESC_PAUSE } else { KEY_PAUSE });
        }
    }

    /// Types keys, then waits until the screen contains `needle`.
    #[track_caller]
    pub fn step(&self, keys: &str, needle: &str) -> String {
        self.keys(keys);
        self.wait_for(needle)
    }

    /// The exit status if the program has ended.
    pub fn try_wait(&mut self) -> Option<portable_pty::ExitStatus> {
        self.child.try_wait().unwrap()
    }

    /// Waits for the program to end by itself.
    #[track_caller]
    pub fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.try_wait() {
                self.finish_reader();
                return status;
            }
            if start.elapsed() > timeout {
                let screen = numbered_rows(self.parser.lock().unwrap().screen());
                panic!("program did not exit within {timeout:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the program with SIGKILL: no destructors, no terminal restore,
    /// exactly like a power cut for the process.
    pub fn kill_hard(&mut self) -> portable_pty::ExitStatus {
        #[cfg(unix)]
        {
            let status = std::process::Command::new("kill")
                .args(["-KILL", &self.pid().to_string()])
                .status()
                .unwrap();
            assert!(status.success(), "kill -KILL failed: {status}");
        }
        #[cfg(not(unix))]
        self.child.kill().unwrap();
        self.wait_exit(TIMEOUT)
    }

    /// After the child ended: lets the reader drain the rest of the output.
    fn finish_reader(&mut self) {
        let Some(thread) = self.reader.take() else {
            return;
        };
        let start = Instant::now();
        while !thread.is_finished() && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
        if thread.is_finished() {
            let _ = thread.join();
        } else {
            // Some platforms keep the master readable; close our side.
            self.close_master();
            self.reader = Some(thread);
        }
    }

    fn close_master(&mut self) {
        // The writer sends an EOF character when dropped: only drop it once
        // the child can no longer read it as a key.
        self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        self.master.take();
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.close_master();
    }
}

/// Polls the parsed screen every 50 ms until it contains `needle`; panics
/// with the whole screen after `timeout`.
#[track_caller]
pub fn wait_for(screen: &Mutex<vt100::Parser>, needle: &str, timeout: Duration) -> String {
    wait_until(screen, &format!("{needle:?}"), timeout, |s| {
        s.contains(needle)
    })
}

/// Polls the parsed screen every 50 ms until `ok(contents)` holds; panics
/// with the whole screen, rows numbered, after `timeout`.
#[track_caller]
pub fn wait_until(
    screen: &Mutex<vt100::Parser>,
    what: &str,
    timeout: Duration,
    ok: impl Fn(&str) -> bool,
) -> String {
    let start = Instant::now();
    loop {
        let contents = screen.lock().unwrap().screen().contents();
        if ok(&contents) {
            return contents;
        }
        if start.elapsed() > timeout {
            // Not while holding the lock: that would poison it.
            let rows = numbered_rows(screen.lock().unwrap().screen());
            panic!("waited {timeout:?} for {what}; the screen shows:\n{rows}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every row of the screen, numbered, with the cursor position.
pub fn numbered_rows(screen: &vt100::Screen) -> String {
    let (rows, cols) = screen.size();
    let mut out = format!("{rows}x{cols}, cursor at {:?}\n", screen.cursor_position());
    for (i, row) in screen.rows(0, cols.get()).enumerate() {
        out.push_str(&format!("{:>3}|{row}\n", i + 1));
    }
    out
}

/// The first line of the screen containing `needle`, trimmed.
pub fn line_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(needle)).map(str::trim)
}

/// The plaintext of every page of an encrypted register and of every frame
/// in its -wal (SQLCipher 4: pages of 4096 bytes, AES-256-CBC with the raw
/// key, the 16-byte IV at the start of an 80-byte reserve at each page's
/// end; page 1 begins with the 16-byte salt), followed by the -shm as it
/// is (it holds no content). For proving that a text is in no byte of the
/// files, free pages and stale frames included.
pub fn decrypted_bytes(db: &Path, key_hex: &str) -> Vec<u8> {
    const PAGE: usize = 4096;
    const RESERVE: usize = 80;
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&key_hex[2 * i..2 * i + 2], 16).unwrap();
    }
    let decrypt_page = |page: &[u8], first: bool, out: &mut Vec<u8>| {
        use aes::cipher::{BlockCipherDecrypt, KeyInit};
        let cipher = aes::Aes256::new(&key.into());
        let start = if first { 16 } else { 0 };
        let end = PAGE - RESERVE;
        let mut prev: [u8; 16] = page[end..end + 16].try_into().unwrap();
        for block in page[start..end].chunks(16) {
            let mut b: [u8; 16] = block.try_into().unwrap();
            let mut arr = b.into();
            cipher.decrypt_block(&mut arr);
            let plain: [u8; 16] = arr.into();
            for i in 0..16 {
                out.push(plain[i] ^ prev[i]);
            }
            b.copy_from_slice(block);
            prev = b;
        }
    };
    let mut out = Vec::new();
    if let Ok(bytes) = std::fs::read(db) {
        for (i, page) in bytes.chunks(PAGE).enumerate() {
            if page.len() == PAGE {
                decrypt_page(page, i == 0, &mut out);
            }
        }
    }
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(bytes) = std::fs::read(PathBuf::from(wal)) {
        // 32-byte header, then frames of a 24-byte header and a page.
        let mut at = 32;
        while at + 24 + PAGE <= bytes.len() {
            let number = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
            decrypt_page(&bytes[at + 24..at + 24 + PAGE], number == 1, &mut out);
            at += 24 + PAGE;
        }
    }
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    if let Ok(bytes) = std::fs::read(PathBuf::from(shm)) {
        out.extend(bytes);
    }
    out
}

/// Takes a register back to before the roles (migration 6): their indexes,
/// columns and tables removed. The caller sets `user_version`.
pub fn undo_roles_migration(conn: &rusqlite::Connection) {
    conn.execute_batch(
        "DROP INDEX cases_by_visible; DROP INDEX cases_by_opener;
         DROP INDEX cases_by_occurred; DROP INDEX cases_by_status;
         DROP INDEX cases_by_category; DROP INDEX cases_by_role;
         DROP INDEX cases_by_channel; DROP INDEX cases_by_urgency;
         DROP INDEX cases_by_status_urgency;
         CREATE INDEX cases_by_occurred ON cases(occurred_utc);
         CREATE INDEX cases_by_status   ON cases(status, occurred_utc);
         CREATE INDEX cases_by_category ON cases(category, occurred_utc);
         CREATE INDEX cases_by_role     ON cases(victim_role, occurred_utc);
         CREATE INDEX cases_by_channel  ON cases(channel, occurred_utc);
         CREATE INDEX cases_by_urgency ON cases(next_due_utc IS NULL, next_due_utc, occurred_utc DESC, id DESC);
         CREATE INDEX cases_by_status_urgency
             ON cases(status, next_due_utc IS NULL, next_due_utc, occurred_utc DESC, id DESC);
         ALTER TABLE cases DROP COLUMN visible;
         ALTER TABLE cases DROP COLUMN opened_by;
         ALTER TABLE cases DROP COLUMN handed_over;
         DROP TABLE identity_roles; DROP TABLE identity_links; DROP TABLE access_log;",
    )
    .unwrap();
}
