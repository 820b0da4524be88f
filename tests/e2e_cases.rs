//! End to end through the register: the real binary `raadsorde cases` in a
//! pseudo-terminal, typed at like a griffier would: a new case by intake,
//! found again by searching without diacritics, a measure, an aftercare talk,
//! a refused aangifte with its Dutch message, the case closed; then checked
//! through `export --json` and `verify`. A second test turns a disturbance in
//! the live console into a case and finds it in the register.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use chrono::Datelike;
use common::{Sandbox, Tui, kinds, line_with};
use portable_pty::CommandBuilder;

/// Ctrl-U: clears the focused text field.
const CTRL_U: &str = "\x15";
const TAB: &str = "\t";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const BACKSPACE: &str = "\x7f";

/// Starts the binary with `args` after the sandbox's `--db` and
/// `--config-dir`, in a pseudo-terminal of `rows` by `cols`.
fn spawn(sandbox: &Sandbox, rows: u16, cols: u16, args: &[&str]) -> Tui {
    let mut cmd = CommandBuilder::new(common::bin());
    cmd.cwd(sandbox.root());
    for (k, v) in sandbox.env() {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("RAADSORDE_LOG");
    cmd.arg("--db");
    cmd.arg(sandbox.db());
    cmd.arg("--config-dir");
    cmd.arg(sandbox.config_dir());
    for a in args {
        cmd.arg(a);
    }
    Tui::spawn(cmd, rows, cols)
}

/// The first row of the screen: the header.
fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// The list header once the newest query has been answered (no ` …`).
fn listed(screen: &str, shown: &str) -> bool {
    let head = header(screen);
    head.contains("Register") && head.contains(shown) && !head.contains('…')
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The whole register scenario at one terminal size.
fn handle_a_case(rows: u16, cols: u16) {
    let started = Instant::now();
    let sandbox = Sandbox::new();
    // The case number counts per year of registration: allow for a test
    // that runs across midnight on new year's eve.
    let year_before = raadsorde::domain::time::now().year();
    let mut tui = spawn(&sandbox, rows, cols, &["cases"]);
    tui.wait_until("an empty register", |s| listed(s, "geen zaken"));

    // ---- 1. Intake. ----
    tui.step("n", "Nieuwe zaak");
    tui.keys(CTRL_U);
    tui.step("gisteren 14:30", "> gisteren 14:30");
    tui.keys(TAB);
    tui.step("3", "[3 e-mail]");
    tui.step("Özdemir", "> Özdemir");
    tui.keys(TAB);
    tui.step("3", "[3 raadslid]");
    // The digit moved on to the next field; this Tab stays there, the
    // second skips it.
    tui.keys(TAB);
    tui.keys(TAB);
    tui.step(
        "Dreigende e-mail over het raadsvoorstel",
        "> Dreigende e-mail over het raadsvoorstel",
    );
    tui.keys(TAB);
    tui.step("per e-mail", "> per e-mail");
    tui.keys(TAB);
    tui.step("2", "[2 Bedreiging / intimidatie]");
    tui.keys(ENTER);
    let year_after = raadsorde::domain::time::now().year();
    let screen = tui.wait_until("the new case opened", |s| {
        [year_before, year_after]
            .iter()
            .any(|y| header(s).contains(&format!("Zaak {y}-0001")))
    });
    let number = if header(&screen).contains(&format!("Zaak {year_before}-0001")) {
        format!("{year_before}-0001")
    } else {
        format!("{year_after}-0001")
    };
    assert!(header(&screen).contains("· open"), "{screen}");
    assert!(header(&screen).contains("via e-mail"), "{screen}");
    let victim = line_with(&screen, "Slachtoffer:").unwrap();
    assert!(victim.contains("Özdemir (raadslid)"), "{victim}");
    assert!(
        screen.contains("Bedreiging / intimidatie (normoverschrijdend)"),
        "{screen}"
    );
    assert!(
        screen.contains("14:30 · per e-mail · Dreigende"),
        "{screen}"
    );

    // ---- 2. Back to the list; search without diacritics. ----
    tui.keys(ESC);
    let screen = tui.wait_until("the list with one case", |s| listed(s, "1–1 van 1 zaken"));
    assert!(screen.contains(&number), "{screen}");
    tui.keys("/");
    tui.step("ozdem", "Zoeken: ozdem");
    let screen = tui.wait_until("the search answered", |s| {
        listed(s, "1–1 van 1 zaken") && s.contains("Zoeken: ozdem")
    });
    let row = line_with(&screen, &number).unwrap();
    assert!(row.contains("Bedreiging"), "{row}");
    // One letter more finds nothing; taking it back finds the case again.
    tui.keys("x");
    tui.wait_until("no case for ozdemx", |s| {
        listed(s, "geen zaken") && s.contains("Zoeken: ozdemx")
    });
    tui.keys(BACKSPACE);
    tui.wait_until("the case again", |s| {
        listed(s, "1–1 van 1 zaken") && s.contains(&number) && !s.contains("ozdemx")
    });
    // Enter leaves the search field (the list keys are shown again) ...
    tui.step(ENTER, "Nieuwe zaak");
    // ... and opens the selected case.
    tui.keys(ENTER);
    tui.wait_until("the case opened from the list", |s| {
        header(s).contains(&format!("Zaak {number}"))
    });

    // ---- 3. A measure. ----
    tui.step("m", "Besloten door");
    tui.keys("1");
    tui.keys(ENTER);
    let screen = tui.wait_until("the measure in the case file", |s| {
        line_with(s, "Maatregel: #").is_some_and(|l| l.contains("mondelinge waarschuwing"))
    });
    assert!(
        !screen.contains("Besloten door"),
        "form still open:\n{screen}"
    );

    // ---- 4. The first aftercare talk, held today. ----
    tui.step("Z", "Nazorggesprek gehouden");
    tui.keys("1");
    tui.keys(ENTER);
    tui.wait_until("the talk in the case file", |s| {
        s.contains("Nazorg: 1 ✓") && !s.contains("Nazorggesprek gehouden")
    });

    // ---- 5. Aangifte without consent is refused, in Dutch. ----
    tui.step("a", "Kenmerk politie");
    tui.keys(ENTER);
    let screen = tui.wait_for("Aangifte kan pas worden vastgelegd na toestemming");
    assert!(
        screen.contains("Kenmerk politie"),
        "the form stays open:\n{screen}"
    );
    tui.keys(ESC);
    tui.wait_until("the form closed", |s| !s.contains("Kenmerk politie"));

    // ---- 6. Close the case. ----
    tui.step("s", "Nieuwe status");
    tui.step("3", "[3 afgesloten]");
    tui.step(
        "afgehandeld met waarschuwing",
        "> afgehandeld met waarschuwing",
    );
    tui.keys(ENTER);
    let screen = tui.wait_until("the case closed", |s| {
        header(s).contains("· afgesloten") && !s.contains("Nieuwe status")
    });
    assert!(header(&screen).contains(&number), "{screen}");

    // ---- 7. Quit. ----
    tui.keys("q");
    let status = tui.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "exit status {status:?}");
    let raw = tui.raw();
    assert!(
        contains(&raw, b"\x1b[?1049l"),
        "terminal not restored: no alternate-screen leave sequence"
    );
    drop(tui);

    // ---- The store. ----
    let export = sandbox.export();
    assert_eq!(
        kinds(&export),
        [
            "case-opened",
            "measure-recorded",
            "aftercare-held",
            "status-changed"
        ]
    );
    let all = export["events"].as_array().unwrap();
    // The case's own events; the rest is the first user's roles and the
    // access log (the case opened on screen, the export).
    let events: Vec<&serde_json::Value> = all
        .iter()
        .filter(|e| !common::ACCESS_KINDS.contains(&e["kind"].as_str().unwrap()))
        .collect();
    let case_id = events[0]["case_id"]
        .as_u64()
        .expect("case-opened has a case");
    let opened = all
        .iter()
        .filter(|e| e["kind"] == "access-logged" && e["payload"]["case"] == case_id)
        .count();
    assert!(opened >= 1, "the case was on screen: logged");
    for e in &events {
        assert_eq!(e["case_id"].as_u64(), Some(case_id), "{e}");
    }
    let mut prev: Option<(u64, &str)> = None;
    for e in all {
        let seq = e["seq"].as_u64().unwrap();
        let hash = e["hash"].as_str().unwrap();
        if let Some((prev_seq, prev_hash)) = prev {
            assert!(seq > prev_seq, "seq not increasing: {e}");
            assert_eq!(
                e["prev_hash"].as_str(),
                Some(prev_hash),
                "chain broken: {e}"
            );
        }
        prev = Some((seq, hash));
    }
    assert_eq!(
        events[0]["payload"]["victim"]["name"], "Özdemir",
        "{}",
        events[0]
    );
    assert_eq!(
        events[3]["payload"]["status"], "afgesloten",
        "{}",
        events[3]
    );
    let cases = export["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "{cases:?}");
    assert_eq!(cases[0]["status"], "afgesloten", "{}", cases[0]);
    assert_eq!(cases[0]["number"], number.as_str(), "{}", cases[0]);

    let out = sandbox.command().arg("verify").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let count = all.len();
    assert!(
        stdout.contains(&format!("keten intact: {count} gebeurtenissen")),
        "{stdout}"
    );

    eprintln!("{cols}x{rows}: case scenario took {:?}", started.elapsed());
}

#[test]
fn a_case_is_entered_searched_handled_and_closed_at_100x30() {
    handle_a_case(30, 100);
}

#[test]
fn a_case_is_entered_searched_handled_and_closed_at_80x24() {
    handle_a_case(24, 80);
}

#[test]
fn a_disturbance_in_the_live_console_becomes_a_case_in_the_register() {
    let started = Instant::now();
    let sandbox = Sandbox::new();
    let mut tui = spawn(&sandbox, 30, 100, &[]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    tui.step(ENTER, "✓ Vergadering geopend");
    tui.step("v", "✓ Verstoring gemeld");
    tui.step("1", "✓ Verstoring aangevuld: categorie Fysiek geweld");
    tui.step("d", "✓ Vordering 1 door voorzitter");
    tui.step("V", "als zaak in het register gezet");
    tui.step("j", "✓ Verstoring afgesloten");
    tui.keys(TAB);
    let screen = tui.wait_until("the register with one case", |s| {
        listed(s, "1–1 van 1 zaken")
    });
    let row = line_with(&screen, "Fysiek geweld").unwrap();
    assert!(row.contains("-0001"), "{row}");
    tui.keys(ENTER);
    let screen = tui.wait_until("the case with its timeline", |s| {
        header(s).contains("Zaak ") && s.contains("Vordering 1")
    });
    assert!(screen.contains("Tijdlijn"), "{screen}");
    tui.keys("q");
    let status = tui.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "exit status {status:?}");
    drop(tui);

    let export = sandbox.export();
    let cases = export["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "{cases:?}");
    eprintln!("live to register took {:?}", started.elapsed());
}

/// The register quit in its first moments, while the check of the whole
/// register still runs on its own thread beside the screen: the process
/// ends with status 0, twelve times in a row. (It died of SIGSEGV, status
/// 139, in four of six such quits at 100,000 cases, and here within the
/// twelve with the check's thread left running: SQLCipher's clean-up at
/// exit freed its cipher under that thread. The check is now stopped and
/// waited for before the process ends.)
#[test]
fn the_register_quit_while_its_check_still_runs_ends_with_status_0() {
    let sandbox = Sandbox::new();
    let demo = sandbox
        .command()
        .args(["demo", "--cases", "1500", "--seed", "3"])
        .output()
        .unwrap();
    assert!(demo.status.success(), "{demo:?}");
    for round in 0..12 {
        let mut tui = spawn(&sandbox, 30, 100, &["cases"]);
        tui.wait_until("the first page", |s| header(s).contains("Register"));
        tui.keys("q");
        let status = tui.wait_exit(Duration::from_secs(15));
        assert!(status.success(), "round {round}: exit status {status:?}");
    }
}
