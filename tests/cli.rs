//! The command line: help, `verify` and `export` on real database files
//! (built through the library), tampering detection, and the live console
//! starting with broken settings or keymap files.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use assert_cmd::Command;
use chrono::{TimeZone, Utc};
use raadsorde::app::driver::Driver;
use raadsorde::config::Config;
use raadsorde::domain::time::to_local;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;

use common::{Sandbox, kinds};

fn cmd(sandbox: &Sandbox) -> Command {
    Command::from_std(sandbox.command())
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Logs a meeting, a disturbance and two demands through the library, the
/// way the console does: four events.
fn build_database(sandbox: &Sandbox) {
    let store = Store::open(&sandbox.db()).unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    let mut driver = Driver::live(console, store);
    driver.keys("m<enter>vdd");
    assert_eq!(driver.app.console.committed().len(), 4);
    assert_eq!(driver.app.console.pending(), 0);
}

#[test]
fn help_lists_the_subcommands() {
    let sandbox = Sandbox::new();
    let assert = cmd(&sandbox).arg("--help").assert().success();
    let out = stdout_of(&assert);
    for sub in ["live", "verify", "export", "paden"] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "subcommand {sub} not listed:\n{out}"
        );
    }
    assert!(out.contains("--db"), "{out}");
    assert!(out.contains("--config-dir"), "{out}");
}

#[test]
fn paden_shows_the_chosen_locations() {
    let sandbox = Sandbox::new();
    let assert = cmd(&sandbox).arg("paden").assert().success();
    let out = stdout_of(&assert);
    assert!(out.contains(&sandbox.db().display().to_string()), "{out}");
    let config = sandbox.config_dir().join("config.toml");
    assert!(out.contains(&config.display().to_string()), "{out}");
}

#[test]
fn verify_and_export_refuse_a_missing_database_without_creating_it() {
    let sandbox = Sandbox::new();
    for args in [&["verify"][..], &["export", "--json"][..]] {
        let assert = cmd(&sandbox).args(args).assert().failure();
        let err = stderr_of(&assert);
        assert!(err.contains("bestaat niet"), "{args:?}: {err}");
        assert!(
            err.contains(&sandbox.db().display().to_string()),
            "{args:?}: {err}"
        );
        assert!(stdout_of(&assert).is_empty(), "{args:?}");
    }
    assert!(!sandbox.db().exists(), "a check must not create a database");
}

#[test]
fn export_needs_a_form() {
    let sandbox = Sandbox::new();
    build_database(&sandbox);
    let assert = cmd(&sandbox).arg("export").assert().failure();
    let err = stderr_of(&assert);
    assert!(err.contains("--json"), "{err}");
    assert!(stdout_of(&assert).is_empty());
}

#[test]
fn verify_and_export_a_database_built_by_the_console() {
    let sandbox = Sandbox::new();
    build_database(&sandbox);

    let assert = cmd(&sandbox).arg("verify").assert().code(0);
    let out = stdout_of(&assert);
    assert!(out.contains("keten intact: 4 gebeurtenissen"), "{out}");
    let err = stderr_of(&assert);
    assert!(err.contains("modus alleen-lezen"), "{err}");
    assert!(err.contains("niets geschreven"), "{err}");

    let file = sandbox.root().join("export.json");
    let assert = cmd(&sandbox)
        .args(["export", "--json", "--out"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        stdout_of(&assert).is_empty(),
        "--out must not also print to stdout"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        kinds(&doc),
        ["meeting-started", "disturbance-started", "demand", "demand"]
    );
    let events = doc["events"].as_array().unwrap();
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["seq"].as_u64(), Some(i as u64 + 1));
        if i > 0 {
            assert_eq!(e["prev_hash"], events[i - 1]["hash"]);
        }
    }
    // The driver's clock starts at 19:30:00 UTC and advances a second per
    // key; the meeting is logged by the second key (Enter).
    assert_eq!(events[0]["at_local"], "2026-11-26T20:30:01.000+01:00");
    assert_eq!(events[0]["at_utc"], "2026-11-26T19:30:01.000Z");
    // Logged at the key press: its number, nothing else known yet.
    assert_eq!(events[1]["payload"], serde_json::json!({"number": 1}));
    assert_eq!(events[3]["payload"]["number"], 2);
    assert_eq!(doc["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(doc["cases"].as_array().unwrap().len(), 1);

    // Without --out the same document goes to stdout; each export is in
    // the access log, by the account that ran it.
    let again = sandbox.export();
    let domain = |d: &serde_json::Value| -> Vec<serde_json::Value> {
        d["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| !common::ACCESS_KINDS.contains(&e["kind"].as_str().unwrap()))
            .cloned()
            .collect()
    };
    assert_eq!(domain(&again), domain(&doc));
    let logged: Vec<_> = again["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "access-logged")
        .collect();
    assert_eq!(logged.len(), 2, "one per export");
    assert_eq!(logged[1]["payload"]["what"], "export-full");
}

#[test]
fn verify_finds_a_changed_payload() {
    let sandbox = Sandbox::new();
    build_database(&sandbox);
    {
        let conn = raadsorde::storage::open_raw(sandbox.db()).unwrap();
        // The triggers refuse changes; someone with the file can drop them.
        let refused = conn.execute(
            "UPDATE events SET payload = replace(payload, '1', '2') WHERE seq = 2",
            [],
        );
        assert!(refused.is_err(), "the no-update trigger should refuse");
        conn.execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
            .unwrap();
        let changed = conn
            .execute(
                "UPDATE events SET payload = replace(payload, '1', '2') WHERE seq = 2",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1);
        let payload: String = conn
            .query_row("SELECT payload FROM events WHERE seq = 2", [], |r| r.get(0))
            .unwrap();
        assert_eq!(payload, r#"{"number":2}"#);
    }
    let assert = cmd(&sandbox).arg("verify").assert().code(4);
    let out = stdout_of(&assert);
    assert!(out.contains("KETEN VERBROKEN bij seq 2"), "{out}");
}

#[test]
fn verify_finds_a_deleted_event() {
    let sandbox = Sandbox::new();
    build_database(&sandbox);
    {
        let conn = raadsorde::storage::open_raw(sandbox.db()).unwrap();
        conn.execute_batch("DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 3;")
            .unwrap();
    }
    let assert = cmd(&sandbox).arg("verify").assert().code(4);
    let out = stdout_of(&assert);
    assert!(out.contains("KETEN VERBROKEN bij seq 3"), "{out}");
}

#[test]
fn verify_says_what_a_file_is_and_exits_1_when_it_cannot_check() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    // A zero-byte file is not an intact register.
    std::fs::write(&db, b"").unwrap();
    let assert = cmd(&sandbox).arg("verify").assert().code(1);
    let err = stderr_of(&assert);
    assert!(err.contains("leeg (0 bytes) en is geen register"), "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(!stdout_of(&assert).contains("intact"));
    // Nor is a text file.
    std::fs::write(&db, "geen database, wel tekst van enige lengte").unwrap();
    let assert = cmd(&sandbox).arg("verify").assert().code(1);
    let err = stderr_of(&assert);
    assert!(err.contains("geen register van raadsorde"), "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
    // A new register is empty, and says so.
    std::fs::remove_file(&db).unwrap();
    drop(Store::open(&db).unwrap());
    let assert = cmd(&sandbox).arg("verify").assert().code(0);
    let out = stdout_of(&assert);
    assert!(out.contains("register is leeg"), "{out}");
}

#[test]
fn verify_reports_every_problem_and_exits_4() {
    let sandbox = Sandbox::new();
    build_database(&sandbox);
    {
        let conn = raadsorde::storage::open_raw(sandbox.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET actor = CAST(X'C328' AS TEXT) WHERE seq = 3;
             UPDATE events SET payload = replace(payload, '2', '3') WHERE seq = 4;
             UPDATE meetings SET chair = 'iemand anders';",
        )
        .unwrap();
    }
    let assert = cmd(&sandbox).arg("verify").assert().code(4);
    let out = stdout_of(&assert);
    assert!(out.contains("ONLEESBAAR bij seq 3"), "{out}");
    assert!(out.contains("KETEN VERBROKEN bij seq 4"), "{out}");
    assert!(
        out.contains("tabel meetings, rij 1, kolom chair: opgeslagen 'iemand anders'"),
        "{out}"
    );
    assert!(out.contains("events_no_update ontbreekt"), "{out}");
    assert!(out.contains("Wat nu:"), "{out}");
    // export writes what it can, marks the unreadable row and exits 4 too.
    let assert = cmd(&sandbox).args(["export", "--json"]).assert().code(4);
    let doc: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events[2]["seq"], 3);
    assert!(events[2]["onleesbaar"].is_string(), "{}", events[2]);
    assert_eq!(events[1]["kind"], "disturbance-started");
    assert_eq!(events[3]["kind"], "demand");
    let err = stderr_of(&assert);
    assert!(err.contains("events seq 3"), "{err}");
}

/// Read-only media for real: the register in a directory of mode 555 and
/// a file of mode 444, checked by an unprivileged user (tests usually run
/// as root, whom permissions do not stop; `setpriv` drops to `nobody`).
/// Skipped, saying so, where neither is possible.
#[test]
fn verify_works_on_a_read_only_directory_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    build_database(&sandbox);
    let media = sandbox.root().join("usb");
    std::fs::create_dir(&media).unwrap();
    let copy = media.join("bewijs.db");
    std::fs::copy(sandbox.db(), &copy).unwrap();
    let mode = |p: &std::path::Path, m| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode(&copy, 0o444);
    mode(&media, 0o555);
    mode(sandbox.root(), 0o755);
    let before = (
        std::fs::read(&copy).unwrap(),
        std::fs::metadata(&copy).unwrap().modified().unwrap(),
    );
    let root = is_root();
    let mut command = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            common::bin(),
        ]);
        c
    } else {
        std::process::Command::new(common::bin())
    };
    command.arg("--db").arg(&copy).arg("verify");
    command.env("HOME", sandbox.root());
    // The other account reads the register with its key (its own copy).
    command.env(raadsorde::storage::key::KEY_ENV, common::test_key_hex());
    let out = match command.output() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: setpriv not available ({e})");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if root && stderr.contains("setpriv") {
        eprintln!("skipped: setpriv failed: {stderr}");
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("keten intact: 4 gebeurtenissen"),
        "{stdout}"
    );
    assert!(stderr.contains("onveranderlijk (immutable)"), "{stderr}");
    assert!(stderr.contains("niets geschreven"), "{stderr}");
    let after = (
        std::fs::read(&copy).unwrap(),
        std::fs::metadata(&copy).unwrap().modified().unwrap(),
    );
    assert!(before == after, "the register was changed");
    assert_eq!(
        std::fs::read_dir(&media).unwrap().count(),
        1,
        "nothing beside it"
    );
    mode(&media, 0o755);
}

/// Whether this process runs as root (uid 0), read from /proc.
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// The screen as one line of lower-case words, so that text wrapped over
/// rows is found whatever its capitals.
fn flat(screen: &str) -> String {
    screen
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Starts the console with `file` in the config directory holding `text`;
/// waits until the screen names the file and the line, at 80x24.
fn start_with_bad_file(sandbox: &Sandbox, file: &str, text: &str) -> common::Tui {
    let path = sandbox.config_dir().join(file);
    std::fs::write(&path, text).unwrap();
    let problem = format!("{}: regel 2:", path.display()).to_lowercase();
    let tui = sandbox.spawn_tui(&[]);
    tui.wait_until(&format!("{problem:?} under 'instellingen:'"), |s| {
        let s = flat(s);
        s.contains(&problem) && s.contains("instellingen:")
    });
    tui
}

#[test]
fn a_bad_config_file_is_reported_and_the_defaults_are_used() {
    let sandbox = Sandbox::new();
    let mut tui = start_with_bad_file(&sandbox, "config.toml", "[meeting]\ntype = \"feest\"\n");
    assert!(tui.screen().contains("feest"), "{}", tui.screen());
    // The defaults really are in force: Enter opens the default meeting.
    tui.step("m", "Vergadering of gesprek openen");
    tui.step(
        "\r",
        "✓ Vergadering geopend: Raadsvergadering (raadsvergadering)",
    );
    tui.keys("q");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());
    assert!(
        tui.raw().windows(8).any(|w| w == b"\x1b[?1049l"),
        "terminal not restored"
    );
}

#[test]
fn a_bad_keymap_file_is_reported_and_the_default_keys_work() {
    let sandbox = Sandbox::new();
    let mut tui = start_with_bad_file(
        &sandbox,
        "keymap.toml",
        "[live]\nkeymap = [ { on = \"x\", run = \"dansen\" } ]\n",
    );
    assert!(tui.screen().contains("dansen"), "{}", tui.screen());
    // The default keys work: m opens the meeting form.
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    // `x` was not bound by the broken file.
    tui.step("x", "Toets x heeft geen functie");
    tui.keys("q");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());
}

/// Runs the binary with standard output on a pipe whose reader is already
/// closed: every write fails with a broken pipe.
fn run_into_closed_pipe(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = sandbox.command();
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    // The command holds the only writer; drop ours so nothing else keeps it.
    drop(cmd);
    child.wait_with_output().unwrap()
}

#[test]
fn help_and_version_speak_dutch_on_stdout() {
    let sandbox = Sandbox::new();
    for args in [&["--help"][..], &["-h"][..], &["export", "--help"][..]] {
        let assert = cmd(&sandbox).args(args).assert().code(0);
        let out = stdout_of(&assert);
        for dutch in [
            "Gebruik: raadsorde",
            "Opties:",
            "Toon deze hulp",
            "Afsluitcodes:",
        ] {
            assert!(out.contains(dutch), "{args:?}: {dutch:?} missing:\n{out}");
        }
        for english in [
            "Usage:",
            "Print help",
            "Print version",
            "Options:",
            "[env:",
            "[default",
        ] {
            assert!(!out.contains(english), "{args:?}: {english:?} in:\n{out}");
        }
        assert!(stderr_of(&assert).is_empty(), "{args:?}");
    }
    let out = stdout_of(&cmd(&sandbox).arg("--help").assert().code(0));
    assert!(out.contains("Opdrachten:"), "{out}");
    assert!(out.contains("Toon de versie"), "{out}");
    assert!(out.contains("omgevingsvariabele RAADSORDE_DB"), "{out}");
    let out = stdout_of(&cmd(&sandbox).arg("--version").assert().code(0));
    assert_eq!(
        out.trim(),
        format!("raadsorde {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_every_exit_code() {
    let sandbox = Sandbox::new();
    let out = stdout_of(&cmd(&sandbox).arg("--help").assert().code(0));
    for e in raadsorde::exit::Exit::ALL {
        let row = format!("  {}  {}", e.code(), e.meaning());
        assert!(out.contains(&row), "{row:?} missing:\n{out}");
    }
}

#[test]
fn a_wrong_command_line_is_told_in_dutch_with_exit_2() {
    let sandbox = Sandbox::new();
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["--profiel", "x"],
            &["onbekend argument '--profiel'", "bedoelt u '--profile'?"],
        ),
        (
            &["verfy"],
            &[
                "onbekende opdracht 'verfy'",
                "bedoelt u de opdracht 'verify'?",
            ],
        ),
        (
            &["demo", "--cases", "veel"],
            &[
                "ongeldige waarde 'veel'",
                "geen geheel getal",
                "Meer hulp: raadsorde demo --help",
            ],
        ),
        (
            &["completions", "tcsh"],
            &[
                "ongeldige waarde 'tcsh'",
                "mogelijk: bash, elvish, fish, powershell, zsh",
                "Meer hulp: raadsorde completions --help",
            ],
        ),
    ];
    for (args, expected) in cases {
        let assert = cmd(&sandbox).args(args).assert().code(2);
        let err = stderr_of(&assert);
        for e in expected {
            assert!(err.contains(e), "{args:?}: {e:?} missing:\n{err}");
        }
        assert!(err.contains("Gebruik: raadsorde"), "{args:?}: {err}");
        assert!(
            !err.contains("error:") && !err.contains("Usage:"),
            "{args:?}: {err}"
        );
        assert!(stdout_of(&assert).is_empty(), "{args:?}");
    }
}

#[test]
fn completions_are_generated_for_each_shell() {
    let sandbox = Sandbox::new();
    let bash = stdout_of(&cmd(&sandbox).args(["completions", "bash"]).assert().code(0));
    assert!(bash.contains("_raadsorde()"), "{bash}");
    for word in ["verify", "export", "paden", "completions", "--config-dir"] {
        assert!(bash.contains(word), "bash: {word} missing");
    }
    let zsh = stdout_of(&cmd(&sandbox).args(["completions", "zsh"]).assert().code(0));
    assert!(zsh.starts_with("#compdef raadsorde"), "{zsh}");
    // The descriptions come from the clap definitions, in Dutch.
    assert!(zsh.contains("Controleer de hashketen"), "{zsh}");
    assert!(zsh.contains("Toon deze hulp"), "{zsh}");
    let fish = stdout_of(&cmd(&sandbox).args(["completions", "fish"]).assert().code(0));
    assert!(fish.contains("complete -c raadsorde"), "{fish}");
}

#[test]
fn the_man_page_is_generated_in_dutch() {
    let sandbox = Sandbox::new();
    let page = stdout_of(&cmd(&sandbox).arg("man").assert().code(0));
    assert!(page.contains(".TH raadsorde 1"), "{page}");
    for section in [
        ".SH NAAM",
        ".SH OVERZICHT",
        ".SH OPTIES",
        ".SH OPDRACHTEN",
        ".SH AFSLUITCODES",
    ] {
        assert!(page.contains(section), "{section} missing:\n{page}");
    }
    assert!(page.contains("Controleer de hashketen"), "{page}");
    assert!(page.contains("het register is beschadigd"), "{page}");
}

#[test]
fn the_screens_need_a_terminal() {
    let sandbox = Sandbox::new();
    for args in [&["cases"][..], &["live"][..], &[][..]] {
        let mut std_cmd = sandbox.command();
        std_cmd.args(args).stdin(std::process::Stdio::null());
        let assert = Command::from_std(std_cmd).assert().code(1);
        let err = stderr_of(&assert);
        assert!(err.contains("heeft een terminal nodig"), "{args:?}: {err}");
        assert!(err.contains("raadsorde export --json"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    assert!(!sandbox.db().exists(), "no database without a screen");
}

#[test]
fn a_closed_stdout_ends_quietly_without_a_panic() {
    let sandbox = Sandbox::new();
    build_database(&sandbox);
    for args in [
        &["paden"][..],
        &["verify"][..],
        &["completions", "bash"][..],
        &["man"][..],
    ] {
        let out = run_into_closed_pipe(&sandbox, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        // verify says on stderr how it opened the register; nothing else.
        let other: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains("geopend in modus"))
            .collect();
        assert!(
            other.is_empty(),
            "{args:?}: a broken pipe is quiet, got {err}"
        );
    }
    // Help goes to stdout too; if no one reads it, that is no failure.
    let out = run_into_closed_pipe(&sandbox, &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
}

#[test]
fn paden_shows_the_log_in_the_state_directory() {
    let sandbox = Sandbox::new();
    let state = sandbox.root().join("xdg-state");
    let assert = cmd(&sandbox)
        .env("XDG_STATE_HOME", &state)
        .arg("paden")
        .assert()
        .code(0);
    let out = stdout_of(&assert);
    let log = state.join("raadsorde").join("raadsorde.log");
    assert!(
        out.lines()
            .any(|l| l.starts_with("log:") && l.ends_with(&log.display().to_string())),
        "{out}"
    );
}

#[test]
fn a_keymap_file_with_one_bad_entry_keeps_the_good_ones() {
    let sandbox = Sandbox::new();
    let path = sandbox.config_dir().join("keymap.toml");
    std::fs::write(
        &path,
        "[live]\nkeymap = [\n  { on = \"x\", run = \"dansen\" },\n  { on = \"o\", run = \"meeting-start\", desc = \"Open\" },\n]\n",
    )
    .unwrap();
    let problem = format!("{}: regel 3:", path.display()).to_lowercase();
    let mut tui = sandbox.spawn_tui(&[]);
    tui.wait_until(&format!("{problem:?}"), |s| flat(s).contains(&problem));
    // The good entry of the same file is in force.
    tui.step("o", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    tui.keys("q");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());
}

#[test]
fn a_huge_profile_with_control_characters_is_capped_in_the_log() {
    let sandbox = Sandbox::new();
    let path = sandbox.config_dir().join("config.toml");
    let huge = format!("griffie\\u001b[31m{}", "x".repeat(5_000_000));
    std::fs::write(&path, format!("profile = \"{huge}\"\n")).unwrap();
    let mut tui = sandbox.spawn_tui(&[]);
    tui.wait_until("the profile problem", |s| {
        flat(s).contains(&format!("{}: profile:", path.display()).to_lowercase())
    });
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    tui.keys("q");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());
    let doc = sandbox.export();
    let meeting = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "meeting-started")
        .unwrap();
    let actor = meeting["actor"].as_str().unwrap();
    assert!(actor.starts_with("griffie[31mxxx"), "{actor}");
    assert_eq!(actor.chars().count(), raadsorde::domain::text::limits::NAME);
}

/// The rebuild directories `verify` left in `tmp`.
#[cfg(unix)]
fn rebuilds_in(tmp: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(raadsorde::storage::rebuild_dir::PREFIX)
        })
        .collect()
}

/// Starts `verify` with its temporary files in `tmp` and returns once its
/// rebuild has begun (its database file exists), or `None` if it ended
/// first.
#[cfg(unix)]
fn verify_until_rebuilding(
    sandbox: &Sandbox,
    tmp: &std::path::Path,
) -> (std::process::Child, Option<std::path::PathBuf>) {
    let mut child = sandbox
        .command()
        .env("TMPDIR", tmp)
        .arg("verify")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if let Some(dir) = rebuilds_in(tmp)
            .into_iter()
            .find(|d| d.join("herbouw.db").exists())
        {
            return (child, Some(dir));
        }
        if child.try_wait().unwrap().is_some() || start.elapsed() > common::TIMEOUT {
            return (child, None);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[cfg(unix)]
#[test]
fn a_verify_stopped_by_a_signal_leaves_no_rebuild_and_the_next_sweeps_what_a_kill_left() {
    use std::os::unix::process::ExitStatusExt;
    let sandbox = Sandbox::new();
    let tmp = sandbox.root().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let demo = cmd(&sandbox)
        .args(["demo", "--cases", "1500", "--seed", "11"])
        .assert();
    assert!(demo.get_output().status.success(), "{}", stderr_of(&demo));

    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let (child, dir) = verify_until_rebuilding(&sandbox, &tmp);
        let Some(dir) = dir else {
            let out = child.wait_with_output().unwrap();
            panic!("verify ended before its rebuild was seen: {out:?}");
        };
        // The lock on its slot says the directory is in use.
        assert!(dir.join("slot").exists(), "{}", dir.display());
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(code),
            "SIG{signal}: {:?} {err}",
            out.status
        );
        assert!(
            err.contains(&format!(
                "gestopt door SIG{signal}; de tijdelijke bestanden van de controle zijn verwijderd"
            )),
            "SIG{signal}: {err}"
        );
        assert!(
            rebuilds_in(&tmp).is_empty(),
            "SIG{signal}: {:?}",
            rebuilds_in(&tmp)
        );
    }

    // kill -9: nothing runs in the process, the directory stays...
    let (mut child, dir) = verify_until_rebuilding(&sandbox, &tmp);
    let dir = dir.expect("verify ended before its rebuild was seen");
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.signal(), Some(9));
    assert_eq!(rebuilds_in(&tmp), vec![dir.clone()]);
    // ... and a check started within a minute of it keeps it (it could be
    // a check between making its directory and locking it) ...
    let again = cmd(&sandbox)
        .env("TMPDIR", &tmp)
        .arg("verify")
        .assert()
        .code(0);
    assert!(
        stdout_of(&again).contains("register klopt"),
        "{}",
        stdout_of(&again)
    );
    assert_eq!(rebuilds_in(&tmp), vec![dir.clone()]);
    // ... but once it is older, the next check on this computer removes it.
    let two_minutes_ago = std::time::SystemTime::now() - Duration::from_secs(120);
    std::fs::File::open(&dir)
        .unwrap()
        .set_modified(two_minutes_ago)
        .unwrap();
    cmd(&sandbox)
        .env("TMPDIR", &tmp)
        .arg("verify")
        .assert()
        .code(0);
    assert!(rebuilds_in(&tmp).is_empty(), "{:?}", rebuilds_in(&tmp));
}
