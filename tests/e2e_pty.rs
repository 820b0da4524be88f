//! End to end: the real binary in a pseudo-terminal, typed at like a griffier
//! would, killed hard in the middle of a disturbance, restarted on the same
//! database, finished, and then checked through `export --json` and `verify`.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{Sandbox, domain_events, kinds, line_with};

/// The protocol scenario (§5), in the order the store must hold it.
const SCENARIO: [&str; 17] = [
    "meeting-started",
    "disturbance-started",
    "disturbance-described",
    "suspended",
    "demand",
    "demand",
    "demand",
    "livestream-stopped",
    "intervention-team-called",
    "police-called",
    "police-arrived",
    "removed-by-police",
    "aangifte-decision",
    "disturbance-ended",
    "resumed",
    "livestream-resumed",
    "meeting-ended",
];

/// Steps committed before the hard kill.
const BEFORE_KILL: usize = 10;

/// The time of day (`HH:MM:SS`) of a stored local time such as
/// `2026-11-26T20:30:01.123+01:00`.
fn clock_of(at_local: &str) -> &str {
    let t = at_local.find('T').unwrap();
    &at_local[t + 1..t + 9]
}

#[test]
fn full_scenario_survives_a_hard_kill_and_keeps_the_chain_intact() {
    let started = Instant::now();
    let sandbox = Sandbox::new();

    // ---- First run: up to and including the call to the police. ----
    let mut tui = sandbox.spawn_tui(&[]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    // A timeline row marked ✓ is committed to the database; … is pending.
    tui.step("\r", "✓ Vergadering geopend");
    // The disturbance is logged at its key; its category is one key more.
    tui.step("v", "✓ Verstoring gemeld");
    tui.step(
        "2",
        "✓ Verstoring aangevuld: categorie Bedreiging / intimidatie",
    );
    tui.step("s", "✓ Vergadering geschorst");
    tui.step("d", "✓ Vordering 1 door voorzitter");
    tui.step("d", "✓ Vordering 2 door voorzitter");
    tui.step("d", "✓ Vordering 3 door voorzitter");
    let screen = tui.wait_for("LOKAALVREDEBREUK");
    let demands_before = line_with(&screen, "Vorderingen:").unwrap().to_string();
    assert!(
        !demands_before.contains('—'),
        "all three demands should have a time: {demands_before}"
    );
    tui.step("l", "✓ Livestream gestopt");
    tui.step("i", "✓ Interventieteam gealarmeerd");
    tui.step("p", "Hofstraat 8, Aalten");
    // Any key closes the 112 card without running a live action.
    tui.step("\r", "✓ Politie gebeld (112)");
    let screen = tui.wait_until("nothing waiting to be saved", |s| {
        !s.contains("wacht op opslag") && !s.contains("Opslaan…")
    });
    assert!(
        !screen.contains("112-kaart — voorlezen"),
        "card still open:\n{screen}"
    );

    // ---- Hard kill in the middle of the disturbance. ----
    let status = tui.kill_hard();
    assert!(!status.success(), "killed process reported success");
    let raw = tui.raw();
    assert!(
        contains(&raw, b"\x1b[?1049h"),
        "the console never entered the alternate screen"
    );
    assert!(
        !contains(&raw, b"\x1b[?1049l"),
        "a SIGKILLed process cannot have restored the terminal"
    );
    // Without NO_COLOR the screen is in colour (and the check in the
    // NO_COLOR test below can see colour when there is some).
    assert!(colour_sgr(&raw).is_some(), "no colour without NO_COLOR");
    drop(tui);

    // Everything committed before the kill is in the store, exactly once.
    let after_kill = sandbox.export();
    assert_eq!(kinds(&after_kill), SCENARIO[..BEFORE_KILL]);
    let out = sandbox.command().arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!(
            "keten intact: {} gebeurtenissen",
            after_kill["events"].as_array().unwrap().len()
        )),
        "{out:?}"
    );

    // ---- Restart on the same database: everything is back. ----
    let mut tui = sandbox.spawn_tui(&[]);
    let screen = tui.wait_for("Lopende vergadering hervat");
    for needle in [
        "LOKAALVREDEBREUK",
        "GESCHORST",
        "✓ Livestream gestopt",
        "Vordering 3 door voorzitter",
        "Politie gebeld (112)",
    ] {
        assert!(
            screen.contains(needle),
            "{needle:?} missing after restart:\n{screen}"
        );
    }
    let demands_after = line_with(&screen, "Vorderingen:").unwrap();
    assert_eq!(demands_after, demands_before, "demand times changed");
    // The times on screen are the stored times of the three demands.
    let stored: Vec<&str> = after_kill["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "demand")
        .map(|e| clock_of(e["at_local"].as_str().unwrap()))
        .collect();
    assert_eq!(stored.len(), 3);
    for (i, t) in stored.iter().enumerate() {
        let shown = format!("[{}: {t}]", i + 1);
        assert!(
            demands_after.contains(&shown),
            "{shown} not in {demands_after}"
        );
    }

    // ---- Finish the scenario. ----
    tui.step("t", "✓ Politie ter plaatse");
    tui.step("r", "✓ Persoon door de politie verwijderd");
    tui.step("a", "Besluit over aangifte van de verstoring");
    tui.step("j", "✓ Besluit aangifte: ja");
    tui.step("V", "als zaak in het register gezet");
    tui.step("j", "✓ Verstoring afgesloten");
    tui.step("h", "✓ Vergadering heropend");
    tui.step("L", "✓ Livestream hervat");
    tui.step("M", "De vergadering sluiten?");
    tui.step("j", "✓ Vergadering gesloten");
    tui.keys("q");
    let status = tui.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "exit status {status:?}");
    let raw = tui.raw();
    assert!(
        contains(&raw, b"\x1b[?1049l"),
        "terminal not restored: no alternate-screen leave sequence"
    );
    // Bracketed paste is switched off again too.
    assert!(contains(&raw, b"\x1b[?2004l"), "bracketed paste left on");
    drop(tui);

    // ---- The store. ----
    let export = sandbox.export();
    assert_eq!(export["format"], "raadsorde-export/1");
    assert_eq!(kinds(&export), SCENARIO);
    // Every event, the first user's roles and the access log included.
    let all = export["events"].as_array().unwrap();
    let events = domain_events(&export);
    let mut prev_hash: Option<&str> = None;
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e["seq"].as_u64(), Some(i as u64 + 1), "{e}");
        let hash = e["hash"].as_str().unwrap();
        assert_eq!(hash.len(), 64, "{e}");
        if let Some(prev) = prev_hash {
            assert_eq!(e["prev_hash"].as_str(), Some(prev), "chain broken: {e}");
        }
        prev_hash = Some(hash);
        let local = e["at_local"].as_str().unwrap();
        assert!(
            local.ends_with("+01:00") || local.ends_with("+02:00"),
            "at_local without Amsterdam offset: {local}"
        );
        assert!(
            e["at_utc"].as_str().unwrap().ends_with('Z'),
            "at_utc not UTC: {e}"
        );
    }
    for e in &events {
        assert_eq!(e["actor"], "griffie");
        assert_eq!(
            e["meeting_id"].as_u64(),
            events[0]["meeting_id"].as_u64(),
            "{e}"
        );
    }
    // The events from before the kill are the same rows, not re-logged ones.
    let before = domain_events(&after_kill);
    assert_eq!(&events[..BEFORE_KILL], &before[..]);
    // Times never go backwards.
    let utc: Vec<&str> = events
        .iter()
        .map(|e| e["at_utc"].as_str().unwrap())
        .collect();
    assert!(utc.windows(2).all(|w| w[0] <= w[1]), "{utc:?}");
    // The disturbance was logged at its key, its category with the next.
    // … and who logged it (the account: the chair's aide sees its cases).
    let me = raadsorde::identity::os_identity().unwrap();
    assert_eq!(
        events[1]["payload"],
        serde_json::json!({"number": 1, "opened_by": me})
    );
    assert_eq!(
        events[2]["payload"]["category"], "bedreiging-intimidatie",
        "{}",
        events[2]
    );

    let meetings = export["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 1, "{meetings:?}");
    assert!(meetings[0]["ended_at"].is_string(), "{}", meetings[0]);
    let cases = export["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "{cases:?}");
    assert_eq!(cases[0]["status"], "open", "{}", cases[0]);
    assert_eq!(cases[0]["opened_seq"], events[1]["seq"]);

    let out = sandbox.command().arg("verify").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout.contains(&format!(
            "keten intact: {n} gebeurtenissen; kop seq {n} hash ",
            n = all.len()
        )),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(prev_hash.unwrap()), "{stdout}");

    // The log went into the sandbox, not into the real home.
    #[cfg(target_os = "linux")]
    assert!(
        sandbox
            .root()
            .join("xdg-state/raadsorde/raadsorde.log")
            .exists()
    );

    eprintln!("scenario took {:?}", started.elapsed());
}

#[test]
fn the_console_renders_without_colour() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.spawn_tui(&[("NO_COLOR", "1")]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    let screen = tui.step("\r", "✓ Vergadering geopend");
    assert!(screen.contains("Vergadering: loopt"), "{screen}");
    tui.keys("q");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());
    let raw = tui.raw();
    assert_eq!(
        colour_sgr(&raw),
        None,
        "colour escape written with NO_COLOR set"
    );
    assert!(contains(&raw, b"\x1b[?1049l"));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The first SGR sequence that sets a foreground or background colour
/// (30-38, 40-48, 90-97, 100-107; 39 and 49 only reset).
fn colour_sgr(raw: &[u8]) -> Option<String> {
    sgr_params(&String::from_utf8_lossy(raw))
        .into_iter()
        .find(|params| {
            params.split(';').any(|p| {
                matches!(
                    p.parse::<u16>(),
                    Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
                )
            })
        })
}

/// The parameters of every SGR sequence (`ESC [ params m`) in `text`.
fn sgr_params(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(rest.len());
        if rest[end..].starts_with('m') {
            out.push(rest[..end].to_string());
        }
        rest = &rest[end..];
    }
    out
}
