//! `raadsorde report --year --scope` through the binary: counts only, no
//! name or text of the register, small numbers (and what would give them
//! away) as "< 5", per role, logged.
#![allow(clippy::unwrap_used)]

mod common;

use assert_cmd::Command;
use chrono::DateTime;
use common::Sandbox;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{Channel, Victim, VictimRole};
use raadsorde::domain::{Category, EventBody, NewEvent};
use raadsorde::storage::{AccessFilter, Store};

/// Distinctive names, places and texts: none may reach a report.
fn names(i: usize) -> (String, String, String) {
    (
        format!("Raadslid Zwanenburg-{i}"),
        format!("Pimpernelstraat {i}"),
        format!("@handle_kwetsbaar_{i}"),
    )
}

/// 2026: 23 incidents against raadsleden (20 e-mail, 3 by phone, so the
/// phone count must hide and take another with it), 2 against a wethouder;
/// 2025: 12 against raadsleden.
fn register(sandbox: &Sandbox) {
    let mut s = Store::open_with(&sandbox.db(), None).unwrap();
    s.act_as("beheer").unwrap();
    let mut n = 0;
    let mut add = |s: &mut Store, year: i32, month: u32, role: VictimRole, channel: Channel| {
        n += 1;
        let (name, place, handle) = names(n);
        let at =
            DateTime::parse_from_rfc3339(&format!("{year}-{month:02}-10T10:00:00+01:00")).unwrap();
        s.append(NewEvent {
            at,
            actor: "griffie".into(),
            meeting_id: None,
            case_id: None,
            corrects: None,
            disturbance: None,
            body: EventBody::CaseOpened {
                occurred_at: at.to_rfc3339(),
                channel,
                victim: Victim {
                    name: name.clone(),
                    role,
                    also: String::new(),
                },
                what: format!("bericht van {handle} aan {name}"),
                place,
                category: Category::VerbaleAgressie,
            },
        })
        .unwrap();
    };
    for i in 0..20 {
        add(
            &mut s,
            2026,
            1 + (i % 12) as u32,
            VictimRole::Raadslid,
            Channel::Email,
        );
    }
    for _ in 0..3 {
        add(&mut s, 2026, 5, VictimRole::Raadslid, Channel::Telefoon);
    }
    for _ in 0..2 {
        add(&mut s, 2026, 6, VictimRole::Wethouder, Channel::Email);
    }
    for i in 0..12 {
        add(
            &mut s,
            2025,
            1 + (i % 12) as u32,
            VictimRole::Raadslid,
            Channel::Email,
        );
    }
    s.grant_role("griet", Role::Griffie).unwrap();
}

fn run(sandbox: &Sandbox, user: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::from_std(sandbox.command())
        .env("USER", user)
        .env("LOGNAME", user)
        .arg("report")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn no_names(text: &str) {
    let folded = text.to_lowercase();
    for i in 1..=40 {
        let (name, place, handle) = names(i);
        for s in [name, place, handle] {
            assert!(!folded.contains(&s.to_lowercase()), "{s} in the report");
        }
    }
    assert!(!folded.contains("zwanenburg") && !folded.contains("pimpernel"));
}

#[test]
fn the_griffie_report_counts_hides_small_numbers_and_names_nobody() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let (ok, md, err) = run(&sandbox, "griet", &["--year", "2026", "--scope", "griffie"]);
    assert!(ok, "{err}");
    no_names(&md);
    assert!(md.contains("| incidenten | 23 | 12 | +11 |"), "{md}");
    // Telefoon 3 hides, and the smallest other kind shown with it, so that
    // offline minus the others cannot give it.
    let phone = md.lines().find(|l| l.starts_with("| telefoon |")).unwrap();
    assert!(phone.contains("< 5"), "{phone}");
    assert!(
        phone.ends_with("| — |"),
        "no change next to a hidden number: {phone}"
    );
    let hidden = md.lines().filter(|l| l.contains("< 5")).count();
    assert!(hidden >= 2, "{md}");
    // The wethouder's cases are not in this scope.
    assert!(!md.contains("| 25 |"), "{md}");

    // CSV: the same, for a spreadsheet.
    let out = sandbox.root().join("rapport.csv");
    let (ok, _, err) = run(
        &sandbox,
        "griet",
        &[
            "--year",
            "2026",
            "--scope",
            "griffie",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.starts_with("\u{feff}tabel;rij;2026;2025;verschil"),
        "{csv}"
    );
    assert!(csv.contains("Incidenten;incidenten;23;12;+11"), "{csv}");
    no_names(&csv);

    // Logged, by griet.
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    let log = store.access_log(&AccessFilter::All, 20).unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.identity == "griet" && r.scope.starts_with("jaarrapportage 2026"))
            .count(),
        2,
        "{log:?}"
    );
}

#[test]
fn the_po_report_is_for_po_and_a_tiny_year_shows_no_number() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let (ok, _, err) = run(&sandbox, "griet", &["--year", "2026", "--scope", "po"]);
    assert!(!ok);
    assert!(err.contains("Geweigerd"), "{err}");
    // The admin may: two wethouder incidents, under the threshold: all hidden.
    let (ok, md, err) = run(&sandbox, "beheer", &["--year", "2026", "--scope", "po"]);
    assert!(ok, "{err}");
    no_names(&md);
    assert!(md.contains("| incidenten | < 5 | < 5 | — |"), "{md}");
    for line in md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| |"))
    {
        assert!(
            line.contains("< 5") || line.contains("---"),
            "a number in a tiny year: {line}"
        );
    }
}

/// The presidium overview: since the last one (remembered through the
/// access log) or `--since`; counts only, for the griffie.
#[test]
fn the_presidium_overview_starts_where_the_last_one_ended() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let (ok, md, err) = presidium(&sandbox, "griet", &["--since", "2026-01-01"]);
    assert!(ok, "{err}");
    no_names(&md);
    // 23 raadslid cases of 2026 opened since; the wethouder's are not the
    // griffie's to see.
    assert!(md.contains("Periode: 01-01-2026 00:00 tot "), "{md}");
    let opened = md.split("## Geopend, naar categorie").nth(1).unwrap();
    assert!(opened.contains("| **totaal** | 23 |"), "{md}");
    // The next one starts at this one: nothing new since.
    let (ok, md, err) = presidium(&sandbox, "griet", &[]);
    assert!(ok, "{err}");
    assert!(!md.contains("Periode: 01-01-"), "{md}");
    let opened = md.split("## Geopend, naar categorie").nth(1).unwrap();
    assert!(opened.contains("| **totaal** | < 5 |"), "{md}");
    // Not for a role without the griffie's; a bad date said in Dutch.
    let (ok, _, err) = presidium(&sandbox, "onbekend", &[]);
    assert!(!ok);
    assert!(err.contains("Geweigerd"), "{err}");
    let (ok, _, err) = presidium(&sandbox, "griet", &["--since", "gisteren"]);
    assert!(!ok);
    assert!(err.contains("geen datum"), "{err}");
}

fn presidium(sandbox: &Sandbox, user: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::from_std(sandbox.command())
        .env("USER", user)
        .env("LOGNAME", user)
        .arg("presidium")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Trends: the same figures per year side by side, with the direction.
#[test]
fn trends_put_the_years_side_by_side_without_names() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let out = Command::from_std(sandbox.command())
        .env("USER", "griet")
        .env("LOGNAME", "griet")
        .args([
            "trends", "--from", "2025", "--to", "2026", "--scope", "griffie",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    no_names(&md);
    assert!(md.contains("| | 2025 | 2026 | richting |"), "{md}");
    assert!(md.contains("| incidenten | 12 | 23 | stijgend |"), "{md}");
    let bad = Command::from_std(sandbox.command())
        .env("USER", "griet")
        .args([
            "trends", "--from", "2026", "--to", "2025", "--scope", "griffie",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// `--format scherm` in a pseudo-terminal: the first table with its bar
/// chart, the keymap's keys to the next table, `q` closes and the terminal
/// is given back; logged like the other formats.
#[test]
fn the_report_screen_shows_the_tables_with_bars_and_closes_with_q() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let mut cmd = portable_pty::CommandBuilder::new(common::bin());
    cmd.cwd(sandbox.root());
    for (k, v) in sandbox.env() {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("USER", "griet");
    cmd.env("LOGNAME", "griet");
    for a in [
        "--db",
        sandbox.db().to_str().unwrap(),
        "--config-dir",
        sandbox.config_dir().to_str().unwrap(),
        "report",
        "--year",
        "2026",
        "--scope",
        "griffie",
        "--format",
        "scherm",
    ] {
        cmd.arg(a);
    }
    let mut tui = common::Tui::spawn(cmd, 24, 80);
    let first = tui.wait_for("Incidenten (1/");
    assert!(first.contains("Staafdiagram: 2026"), "{first}");
    assert!(first.contains("23"), "{first}");
    no_names(&first);
    let second = tui.step("j", "(2/");
    assert!(second.contains("Naar categorie"), "{second}");
    no_names(&second);
    tui.keys("q");
    let status = tui.wait_exit(std::time::Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    // The alternate screen was left.
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(raw.contains("\u{1b}[?1049l"), "terminal not restored");
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    let log = store.access_log(&AccessFilter::All, 20).unwrap();
    assert!(
        log.iter()
            .any(|r| r.identity == "griet" && r.scope.starts_with("jaarrapportage 2026")),
        "{log:?}"
    );
}

/// The golden files of the report formats (`tests/golden/report/`):
/// `RAADSORDE_UPDATE_GOLDEN=1` writes them anew; read the diff before
/// committing.
fn golden(name: &str, got: &[u8]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/report")
        .join(name);
    if std::env::var("RAADSORDE_UPDATE_GOLDEN").is_ok() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (RAADSORDE_UPDATE_GOLDEN=1 writes it)",
            path.display()
        )
    });
    assert_eq!(
        String::from_utf8_lossy(got),
        String::from_utf8_lossy(&want),
        "{name} differs from its golden file"
    );
}

/// The Markdown and CSV of the yearly report and the trends, byte for byte.
#[test]
fn the_report_and_trends_match_their_golden_files() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let year = ["--year", "2026", "--scope", "griffie"];
    let (ok, md, err) = run(&sandbox, "griet", &year);
    assert!(ok, "{err}");
    golden("jaarrapportage-2026-griffie.md", md.as_bytes());
    let csv = sandbox.root().join("r.csv");
    let (ok, _, err) = run(
        &sandbox,
        "griet",
        &[&year[..], &["--out", csv.to_str().unwrap()]].concat(),
    );
    assert!(ok, "{err}");
    golden(
        "jaarrapportage-2026-griffie.csv",
        &std::fs::read(&csv).unwrap(),
    );
    let out = Command::from_std(sandbox.command())
        .env("USER", "griet")
        .env("LOGNAME", "griet")
        .args([
            "trends", "--from", "2025", "--to", "2026", "--scope", "griffie", "--format", "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    golden("trends-2025-2026-griffie.csv", &out.stdout);
}

/// The PDF of the report: PDF/A-2b, a page header, page numbers, the
/// tables' numbers and their bars' captions as text, no name.
#[test]
fn the_report_pdf_declares_pdfa_and_reads_back_as_the_markdown_does() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let pdf = sandbox.root().join("rapport.pdf");
    let (ok, _, err) = run(
        &sandbox,
        "griet",
        &[
            "--year",
            "2026",
            "--scope",
            "griffie",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("pdfaid:part>2<") && raw.contains("pdfaid:conformance>B<"));
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    no_names(&text);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Jaarrapportage agressie en ordeverstoringen 2026"),
        "{flat}"
    );
    assert!(flat.contains("incidenten 23 12 +11"), "{flat}");
    assert!(flat.contains("Staafdiagram: 2026"), "{flat}");
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    for (i, page) in pages.iter().enumerate() {
        let flat: String = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Jaarrapportage 2026"),
            "page {}: {flat}",
            i + 1
        );
        assert!(
            flat.contains(&format!("pagina {} van {}", i + 1, pages.len())),
            "page {}: {flat}",
            i + 1
        );
    }
}
