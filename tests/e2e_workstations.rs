//! Two workstations on one register, as people would use them: two real
//! binaries in pseudo-terminals (and a third showing the register), on one
//! database file. Each sees the other's steps within about a second, and
//! the protocol's rules hold across them. Also: a stop by signal restores
//! the terminal and keeps what was logged.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{Sandbox, Tui, kinds, line_with};
use portable_pty::CommandBuilder;

/// The wait for what the other workstation wrote: the goal is about a
/// second; the test allows ten on a slow machine.
const SEEN_WITHIN: Duration = Duration::from_secs(10);

fn spawn_cases(sandbox: &Sandbox) -> Tui {
    let mut cmd = CommandBuilder::new(common::bin());
    cmd.cwd(sandbox.root());
    for (k, v) in sandbox.env() {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.arg("--db");
    cmd.arg(sandbox.db());
    cmd.arg("--config-dir");
    cmd.arg(sandbox.config_dir());
    cmd.arg("cases");
    Tui::spawn(cmd, 24, 100)
}

fn wait_within(tui: &Tui, needle: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let s = tui.screen();
        if s.contains(needle) {
            return s;
        }
        assert!(
            start.elapsed() < SEEN_WITHIN,
            "not seen within {SEEN_WITHIN:?}: {needle:?}\n{s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn demand_numbers(export: &serde_json::Value) -> Vec<u64> {
    export["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "demand")
        .map(|e| e["payload"]["number"].as_u64().unwrap())
        .collect()
}

#[test]
fn two_consoles_and_a_register_on_one_file_stay_in_step() {
    let sandbox = Sandbox::new();
    // B starts before A opens the meeting; the register C shows no cases.
    let b = sandbox.spawn_tui_sized(30, 100, &[]);
    b.wait_for("geen vergadering");
    let c = spawn_cases(&sandbox);
    c.wait_for("Register");
    let a = sandbox.spawn_tui_sized(30, 100, &[]);
    a.wait_for("geen vergadering");

    a.step("m", "Vergadering of gesprek openen");
    a.step("\r", "✓ Vergadering geopend");
    // B sees the meeting without a key pressed, and cannot open a second.
    wait_within(&b, "Vergadering geopend");
    b.keys("m");
    b.wait_for("Er loopt al een vergadering");

    a.step("v", "✓ Verstoring gemeld");
    a.step("2", "categorie Bedreiging");
    wait_within(&b, "Verstoring gemeld");
    // The register shows the new (live) case on its own.
    wait_within(&c, "2026-0001");

    // Both press "demand" for the same demand, at the same moment.
    a.write(b"d");
    b.write(b"d");
    let s = a.wait_for("Vordering 1");
    assert!(s.contains("Vordering 1"), "{s}");
    let both = std::time::Instant::now();
    loop {
        let (sa, sb) = (a.screen(), b.screen());
        let settled = |s: &str| !s.contains("wacht op opslag");
        if settled(&sa) && settled(&sb) && sa.contains("[1: ") && sb.contains("[1: ") {
            break;
        }
        assert!(both.elapsed() < SEEN_WITHIN, "A:\n{sa}\nB:\n{sb}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        demand_numbers(&sandbox.export()),
        [1],
        "one demand, not two numbered 1"
    );

    // B makes demands 2 and 3; A sees lokaalvredebreuk and a fourth is refused.
    // The step refused on one of them is shown as refused, with why.
    let refused = |s: &str| {
        s.contains("GEWEIGERD") && s.contains("Vordering 1 aan persoon 1 is al vastgelegd")
    };
    assert!(
        refused(&a.screen()) || refused(&b.screen()),
        "A:\n{}\nB:\n{}",
        a.screen(),
        b.screen()
    );
    b.step("d", "✓ Vordering 2");
    b.step("d", "✓ Vordering 3");
    b.wait_for("LOKAALVREDEBREUK");
    let s = wait_within(&a, "LOKAALVREDEBREUK");
    let demands = line_with(&s, "Vorderingen:").unwrap().to_string();
    assert!(!demands.contains('—'), "{demands}");
    a.keys("d");
    a.wait_for("drie vorderingen");
    let export = sandbox.export();
    assert_eq!(demand_numbers(&export), [1, 2, 3]);
    assert_eq!(
        kinds(&export)
            .iter()
            .filter(|k| *k == "meeting-started")
            .count(),
        1,
        "one meeting"
    );
    let out = sandbox.command().arg("verify").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_stop_by_signal_restores_the_terminal_and_keeps_what_was_logged() {
    for signal in ["TERM", "INT", "HUP", "QUIT"] {
        let sandbox = Sandbox::new();
        let mut tui = sandbox.spawn_tui(&[]);
        tui.wait_for("geen vergadering");
        tui.step("m", "Vergadering of gesprek openen");
        tui.step("\r", "✓ Vergadering geopend");
        tui.step("s", "✓ Vergadering geschorst");
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &tui.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let status = tui.wait_exit(Duration::from_secs(10));
        assert!(
            status.success(),
            "SIG{signal}: nothing was lost: {status:?}"
        );
        let raw = tui.raw();
        let tail = &raw[raw.len().saturating_sub(400)..];
        // Back from the alternate screen, cursor shown: the terminal is usable.
        assert!(
            tail.windows(8).any(|w| w == b"\x1b[?1049l"),
            "SIG{signal}: alternate screen left: {:?}",
            String::from_utf8_lossy(tail)
        );
        assert!(
            tail.windows(6).any(|w| w == b"\x1b[?25h"),
            "SIG{signal}: cursor shown again"
        );
        let s = tui.screen();
        assert!(s.contains(&format!("gestopt door SIG{signal}")), "{s}");
        assert_eq!(
            kinds(&sandbox.export()),
            ["meeting-started", "suspended"],
            "SIG{signal}"
        );
    }
}
