//! Snapshot tests of the case browser: the list, a case file and the intake
//! form, at 80×24 and 120×40. Review changes with `cargo insta review`.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use raadsorde::app::driver::Driver;
use raadsorde::app::{App, Screen};
use raadsorde::cases::Browser;
use raadsorde::config::Config;
use raadsorde::domain::time::to_local;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;
use raadsorde::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

fn driver() -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    let browser = Browser::new(Config::default(), Keymap::defaults(), now);
    let mut d = Driver::new(App::new(console, browser, Screen::Cases), store, now);
    d.tick = chrono::Duration::seconds(5);
    (d, dir)
}

fn screen(d: &Driver, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| d.app.draw(f, &Theme::monochrome()))
        .unwrap();
    terminal.backend().to_string()
}

const CASES: [&str; 3] = [
    "n<c-u>gisteren 14:30<tab>3Özdemir<tab>3<tab><tab>Dreigende e-mail over het raadsvoorstel<tab>per e-mail<tab>2<enter><esc>",
    "n<c-u>23-11 10:00<tab>1’t Hart<tab>2<tab><tab>Uitgescholden na afloop van de markt<tab>markt<tab>3<enter><esc>",
    "n<c-u>vandaag 09:15<tab>4De Vries<tab>5<tab><tab>Kritiek op het beleid, luid<tab>balie gemeentekantoor<tab>4<enter><esc>",
];

fn with_cases() -> (Driver, TempDir) {
    let (mut d, dir) = driver();
    for c in CASES {
        d.keys(c);
    }
    (d, dir)
}

fn both(name: &str, d: &Driver) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(d, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(d, 120, 40));
}

#[test]
fn case_list() {
    let (d, _dir) = with_cases();
    both("case_list", &d);
}

#[test]
fn case_list_searched_and_filtered() {
    let (mut d, _dir) = with_cases();
    d.keys("kk/ozd");
    both("case_list_search", &d);
}

#[test]
fn intake_form() {
    let (mut d, _dir) = driver();
    d.keys("n<c-u>gisteren 14:30<tab>3Özdemir");
    both("intake_form", &d);
}

#[test]
fn case_file() {
    let (mut d, _dir) = with_cases();
    d.keys("<down><enter>");
    d.keys("i<enter>Z1<enter>m1<enter>p1man met grijze pet<enter>");
    both("case_file", &d);
}

#[test]
fn measure_form_with_a_refusal() {
    let (mut d, _dir) = with_cases();
    d.keys("<down><enter>m5<tab><tab><tab>2026-12-01<tab>2027-06-01<enter>");
    both("measure_refused", &d);
}

#[test]
fn support_lines() {
    let (mut d, _dir) = with_cases();
    d.keys("<enter>l");
    both("support_lines", &d);
}

#[test]
fn help_of_the_register() {
    let (mut d, _dir) = with_cases();
    d.keys("?");
    both("cases_help", &d);
}

#[test]
fn a_one_field_form_keeps_its_label_in_view() {
    let (mut d, _dir) = with_cases();
    d.keys("<enter>n");
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&d, w, h);
        let form = s
            .lines()
            .skip_while(|l| !l.contains("┌ Notitie"))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(form.contains("Notitie:"), "{w}x{h}: the label shows\n{s}");
        assert!(form.contains("> "), "{w}x{h}: and the field\n{s}");
    }
    insta::assert_snapshot!("note_form_80x24", screen(&d, 80, 24));
}

#[test]
fn a_live_case_file_shows_its_persons_and_the_dissent() {
    let (mut d, _dir) = driver();
    // In the live console: two persons, demands to each, a decision with a
    // dissent, the disturbance ended; then to the register.
    d.keys("<tab>m<enter>v2e<tab>riep en gooide papier<tab><tab>man met pet<enter>");
    d.keys("+ddoddd");
    d.keys("pttr");
    d.keys("a!12wil liever eerst een gesprek<enter>Vj<tab>");
    d.keys("<enter>");
    let s = screen(&d, 200, 40);
    assert!(
        s.contains("persoon 1 (man met pet): 3 vorderingen (lokaalvredebreuk), door politie"),
        "{s}"
    );
    assert!(s.contains("persoon 2: 2 vorderingen"), "{s}");
    assert!(s.contains("afwijkende mening: griffier"), "{s}");
    // The steps say whom they were for, as in the console.
    assert!(
        s.contains("Vordering 3 aan persoon 1 door voorzitter"),
        "{s}"
    );
    assert!(s.contains("Persoon 1 door de politie verwijderd"), "{s}");
    both("live_case_file", &d);
}

/// The register opened by `griffier` (who got every role), with a second
/// user who is griffie only.
fn with_users() -> (Driver, TempDir) {
    let (mut d, dir) = with_cases();
    d.store.act_as("griffier").unwrap();
    d.store
        .grant_role("p.pieters", raadsorde::domain::access::Role::Griffie)
        .unwrap();
    // Written here, not by another workstation: no news for the screens.
    let (head, _) = d.store.head().unwrap().unwrap();
    d.store.external_before(head).unwrap();
    (d, dir)
}

#[test]
fn roles_matrix() {
    let (mut d, _dir) = with_users();
    d.keys("g<down><tab><tab>");
    both("roles", &d);
    // Enter on the cell: p.pieters becomes kabinet too.
    d.keys("<enter>");
    let screen = screen(&d, 120, 40);
    assert!(
        screen.contains("Rol kabinet burgemeester toegekend aan p.pieters"),
        "{screen}"
    );
}

#[test]
fn access_log_per_case_and_per_identity() {
    let (mut d, _dir) = with_users();
    // Two cases opened on screen, one of them twice; listing is no access.
    d.keys("<enter><esc><down><enter><esc><enter><esc>l");
    both("access_log", &d);
    d.keys("<tab>");
    let per_identity = screen(&d, 80, 24);
    assert!(per_identity.contains("griffier: 3×"), "{per_identity}");
    d.keys("<tab>");
    let per_case = screen(&d, 80, 24);
    assert!(
        per_case.contains(": 2×") && per_case.contains(": 1×"),
        "{per_case}"
    );
}

/// The deadline board (`T`): every due item of the cases, most urgent
/// first, overdue ones marked `TE LAAT` (readable without colour); Enter
/// opens the case with the section of the item standing out.
#[test]
fn deadline_board() {
    let (mut d, _dir) = with_cases();
    d.keys("T");
    both("deadline_board", &d);
    let board = screen(&d, 120, 40);
    // Two normoverschrijdend cases: the first talk of both is overdue at
    // 26-11 20:30 (the one of 25-11 14:30 and the one of 23-11 10:00).
    assert!(board.contains("TE LAAT"), "{board}");
    let first = board.lines().find(|l| l.contains("TE LAAT 2026-")).unwrap();
    assert!(
        first.contains("2026-0002"),
        "the longest overdue first: {board}"
    );
    // Nothing of the emotional-behaviour case, no names.
    assert!(
        !board
            .lines()
            .any(|l| l.contains("│") && l.contains("2026-0003 ") && !l.contains("Emotioneel")),
        "{board}"
    );
    for name in ["Özdemir", "Hart", "De Vries"] {
        assert!(!board.contains(name), "{name} on the board");
    }
    d.keys("<enter>");
    let case = screen(&d, 120, 40);
    assert!(case.contains("Zaak 2026-0002"), "{case}");
    assert!(case.contains("Termijn: eerste nazorggesprek"), "{case}");
}

/// On a small screen the board shows the rows around the cursor, and only
/// those are laid out: moving down to the last item brings it into view.
#[test]
fn the_deadline_board_keeps_the_cursor_in_view() {
    let (mut d, _dir) = with_cases();
    d.keys("T");
    let top = screen(&d, 80, 14);
    assert!(top.contains("(1/10)"), "{top}");
    assert!(!top.contains("derde nazorggesprek"), "{top}");
    d.keys("<down><down><down><down><down><down><down><down><down>");
    let bottom = screen(&d, 80, 14);
    assert!(bottom.contains("(10/10)"), "{bottom}");
    assert!(
        bottom.contains("06-01 einde dag"),
        "the last item: {bottom}"
    );
    assert!(
        !bottom.contains("24-11 10:00"),
        "the first item scrolled off: {bottom}"
    );
}
