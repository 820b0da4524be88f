//! Snapshot tests of the live screen, drawn from state into a fixed-size buffer.
//! Review changes with `cargo insta review`.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use raadsorde::app::driver::Driver;
use raadsorde::config::Config;
use raadsorde::domain::time::to_local;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;
use raadsorde::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

fn driver() -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    let mut d = Driver::live(console, store);
    d.tick = chrono::Duration::seconds(7);
    (d, dir)
}

fn screen(d: &Driver, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| ui::draw(f, &d.app.console, &Theme::monochrome()))
        .unwrap();
    terminal.backend().to_string()
}

/// Snapshots one state at 80×24 and at 120×40.
fn both(name: &str, keys: &str) {
    let (mut d, _dir) = driver();
    d.keys(keys);
    insta::assert_snapshot!(format!("{name}_80x24"), screen(&d, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(&d, 120, 40));
}

#[test]
fn no_meeting() {
    both("no_meeting", "");
}

#[test]
fn meeting_form() {
    both("meeting_form", "m");
}

#[test]
fn meeting_open() {
    both("meeting_open", "m<enter>");
}

#[test]
fn disturbance_form() {
    both("disturbance_form", "m<enter>v");
}

#[test]
fn suspended_with_two_demands() {
    both(
        "two_demands",
        "m<enter>v2<tab><tab>Man in rode jas, ’t Hart<enter>sdd",
    );
}

#[test]
fn lokaalvredebreuk() {
    both("lokaalvredebreuk", "m<enter>v2<enter>sdddli");
}

#[test]
fn card_112() {
    both("card_112", "m<enter>v1<enter>sdddlip");
}

#[test]
fn physical_protection_question() {
    both("physical_protection", "m<enter>v3<enter>f");
}

#[test]
fn police_arrived_and_removed() {
    both("removed", "m<enter>v1<enter>sdddlip<enter>traj");
}

#[test]
fn correction_struck_through() {
    both(
        "corrected",
        "m<enter>v3<enter>ddc<enter>toets per ongeluk<enter>",
    );
}

#[test]
fn correction_picker() {
    both("correction_picker", "m<enter>v3<enter>ddc<up>");
}

#[test]
fn help_built_from_keymap() {
    both("help", "m<enter>?");
}

#[test]
fn case_registered_and_meeting_resumed() {
    both("case_registered", "m<enter>v2<enter>sddwajVjh");
}

#[test]
fn write_failure_is_visible_and_pending() {
    let (mut d, _dir) = driver();
    d.keys("m<enter>");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.keys("sl");
    insta::assert_snapshot!("write_failure_80x24", screen(&d, 80, 24));
}

#[test]
fn queued_demands_show_projected_and_marked_unsaved() {
    let (mut d, _dir) = driver();
    d.keys("m<enter>v2<enter>s");
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.keys("ddd");
    assert_eq!(d.app.console.pending(), 3);
    let s = screen(&d, 120, 40);
    let demands = s
        .lines()
        .find(|l| l.contains("Vorderingen:"))
        .unwrap_or_default();
    assert_eq!(demands.matches(" …]").count(), 3, "{s}");
    assert!(!demands.contains("—"), "{demands}");
    assert!(
        s.contains("LOKAALVREDEBREUK") && s.contains("(nog niet opgeslagen)"),
        "{s}"
    );
    insta::assert_snapshot!("queued_demands_80x24", screen(&d, 80, 24));
    // Once saved, the marks go.
    d.store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    d.keys("R");
    let s = screen(&d, 120, 40);
    assert!(!s.contains("(nog niet opgeslagen)"), "{s}");
    assert!(s.contains("LOKAALVREDEBREUK"), "{s}");
}

#[test]
fn user_keymap_changes_the_hints() {
    let (mut d, _dir) = driver();
    d.app
        .console
        .keymap
        .merge(
            std::path::Path::new("keymap.toml"),
            "[live]\nkeymap = [ { on = \"F\", run = \"demand\", desc = \"Vorderen!\" } ]\n",
        )
        .unwrap();
    d.keys("m<enter>v1<enter>");
    let s = screen(&d, 120, 40);
    assert!(s.contains("F Vorderen!"), "{s}");
}

#[test]
fn help_scrolls_on_a_small_screen() {
    both(
        "help_scrolled",
        "m<enter>?<down><down><down><down><down><down><down><down><down><down>",
    );
}

#[test]
fn closing_the_meeting_shows_the_chain_head_and_the_key_for_the_minutes() {
    let (mut d, _dir) = driver();
    d.keys("m<enter>sMj");
    let anchor = d.app.console.anchor.clone().expect("a receipt summary");
    let (seq, hash) = anchor.head.clone().unwrap();
    assert_eq!(seq, d.store.head().unwrap().unwrap().0);
    assert_eq!(hash, hex::encode(d.store.head().unwrap().unwrap().1));
    let s = screen(&d, 120, 40);
    assert!(
        s.contains(&format!("Voor de notulen: kop van de keten seq {seq}")),
        "{s}"
    );
    assert!(s.contains("sleutel"), "the key's fingerprint: {s}");
    assert!(s.contains("ontvangstbewijs nr."), "{s}");
}

#[test]
fn the_correction_picker_starts_on_the_newest_entry_in_view() {
    let (mut d, _dir) = driver();
    d.keys("m<enter>");
    for _ in 0..15 {
        d.keys("sh");
    }
    d.keys("c");
    let newest = d.store.head().unwrap().unwrap().0;
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&d, w, h);
        let row = s
            .lines()
            .find(|l| l.contains('│') && l.contains(&format!(" {newest:>4} ")))
            .unwrap_or_else(|| panic!("{w}x{h}: the newest entry {newest} is shown\n{s}"));
        assert!(row.contains("heropend") || row.contains("Heropen"), "{row}");
    }
}

#[test]
fn the_live_timeline_scrolls_back_to_the_first_entry() {
    let (mut d, _dir) = driver();
    d.keys("m<enter>");
    for _ in 0..15 {
        d.keys("sh");
    }
    let s = screen(&d, 80, 24);
    assert!(
        !s.contains("Vergadering geopend"),
        "the first entry is out of view"
    );
    assert!(
        s.contains("eerdere regels niet getoond; PgUp/PgDn scrollen"),
        "{s}"
    );
    d.keys("<pageup><pageup><pageup><pageup>");
    let s = screen(&d, 80, 24);
    assert!(
        s.contains("Vergadering geopend"),
        "scrolled back to the start\n{s}"
    );
    assert!(s.contains("later niet getoond"), "{s}");
    d.keys("<pagedown><pagedown><pagedown><pagedown>");
    assert_eq!(d.app.console.timeline_back, 0);
}
