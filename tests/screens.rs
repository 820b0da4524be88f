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
fn disturbance_just_logged() {
    // Logged at the key press: the category is asked for on the status.
    both("disturbance_logged", "m<enter>v");
}

#[test]
fn describe_form_below_the_status() {
    both("describe_form", "m<enter>v2sde");
}

#[test]
fn several_persons_in_one_disturbance() {
    both("several_persons", "m<enter>v2sd+ddoddd");
}

#[test]
fn two_disturbances_at_once() {
    both("two_disturbances", "m<enter>v2sddv3d");
}

#[test]
fn ending_asks_for_the_category() {
    both("end_category", "m<enter>vsV");
}

#[test]
fn aangifte_choice() {
    both("aangifte_choice", "m<enter>v2sa");
}

#[test]
fn aangifte_with_a_dissent_form() {
    both("aangifte_dissent", "m<enter>v2sa!1");
}

#[test]
fn card_112_in_a_conversation() {
    both("card_112_conversation", "m<backtab>5<enter>v2gdp");
}

#[test]
fn conversation_refusing_to_leave() {
    // Thursday 20:30: outside office hours, so 112 whatever the place.
    both("conversation", "m<backtab>5<enter>v2gd");
}

#[test]
fn conversation_prepared_with_a_risk_check() {
    both(
        "risk_check",
        "bbezwaar WOZ<tab>morgen 14:00<tab><tab>j<tab>J. de Vries<tab>j<enter>m<backtab>5<tab><tab><tab><tab><tab>2<enter>",
    );
}

#[test]
fn suspended_with_two_demands() {
    both(
        "two_demands",
        "m<enter>v2e<tab><tab><tab>Man in rode jas, ’t Hart<enter>sdd",
    );
}

#[test]
fn lokaalvredebreuk() {
    both("lokaalvredebreuk", "m<enter>v2sdddli");
}

#[test]
fn card_112() {
    both("card_112", "m<enter>v1sdddlip");
}

#[test]
fn physical_protection_question() {
    both("physical_protection", "m<enter>v3f");
}

#[test]
fn police_arrived_and_removed() {
    both("removed", "m<enter>v1sdddlip<enter>traj");
}

#[test]
fn correction_struck_through() {
    both("corrected", "m<enter>v3ddc<enter>toets per ongeluk<enter>");
}

#[test]
fn correction_picker() {
    both("correction_picker", "m<enter>v3ddc<up>");
}

#[test]
fn help_built_from_keymap() {
    both("help", "m<enter>?");
}

#[test]
fn case_registered_and_meeting_resumed() {
    both("case_registered", "m<enter>v2sddwajVjh");
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
    d.keys("m<enter>v2s");
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
    d.keys("m<enter>v1");
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

#[test]
fn obs_that_did_not_stop_the_stream_says_so_in_the_status() {
    let (mut d, _dir) = driver();
    d.app.console.integrations.obs = true;
    d.keys("m<enter>v2sl");
    d.app.jobs.clear();
    d.send(raadsorde::app::Input::Job(
        raadsorde::app::jobs::JobDone::Stream {
            command: raadsorde::domain::event::StreamCommand::Stop,
            ok: false,
            detail: "OBS niet bereikbaar (127.0.0.1:4455): verbinding geweigerd — stop de stream met de hand".into(),
        },
    ));
    let s = screen(&d, 120, 40);
    assert!(s.contains("(OBS: MET DE HAND!)"), "{s}");
    assert!(s.contains("STOP DE LIVESTREAM MET DE HAND"), "{s}");
    insta::assert_snapshot!("obs_failed_80x24", screen(&d, 80, 24));
    insta::assert_snapshot!("obs_failed_120x40", screen(&d, 120, 40));
}
