//! The case browser driven by keys against a real database file: intake,
//! search, measures, aftercare, aangifte, closing; validation messages.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use raadsorde::app::driver::Driver;
use raadsorde::app::{App, Screen};
use raadsorde::cases::Browser;
use raadsorde::config::Config;
use raadsorde::domain::case::{CaseStatus, MeasureKind};
use raadsorde::domain::time::to_local;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::{Store, Verdict};
use tempfile::TempDir;

fn start(screen: Screen) -> (Driver, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    let browser = Browser::new(Config::default(), Keymap::defaults(), now);
    (
        Driver::new(App::new(console, browser, screen), store, now),
        dir,
    )
}

fn flash(d: &Driver) -> String {
    d.app
        .browser
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

/// Intake: when, channel, victim name, role, also-affected, what, where, category.
const INTAKE: &str = "n<c-u>gisteren 14:30<tab>3Özdemir<tab>3<tab><tab>Dreigende e-mail over het raadsvoorstel<tab>per e-mail<tab>2<enter>";

#[test]
fn a_case_is_entered_by_keyboard_and_opened() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    let open = d.app.browser.open.as_ref().expect("the new case is opened");
    assert_eq!(open.number, "2026-0001");
    let f = &open.file;
    assert_eq!(f.victim.as_ref().unwrap().name, "Özdemir");
    assert_eq!(
        f.occurred_at.format("%d-%m %H:%M").to_string(),
        "25-11 14:30"
    );
    assert_eq!(f.category.label(), "Bedreiging / intimidatie");
    assert!(d.app.browser.form.is_none());
    // Back in the list, the case is there with its next step.
    d.keys("<esc>");
    assert_eq!(d.app.browser.rows.len(), 1);
    assert_eq!(d.app.browser.total, 1);
    // It happened yesterday 14:30: the first aftercare talk (within 24 h) is
    // already late, which makes it the most urgent step.
    let row = &d.app.browser.rows[0];
    assert_eq!(row.next_step.as_deref(), Some("eerste nazorggesprek"));
    assert_eq!(
        row.next_due_utc.as_deref(),
        Some("2026-11-26T13:30:00.000Z")
    );
}

#[test]
fn intake_refuses_missing_fields_with_dutch_messages() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys("n<enter>");
    assert!(flash(&d).contains("kies het kanaal"), "{}", flash(&d));
    assert!(d.app.browser.form.is_some(), "the form stays open");
    d.keys("<esc>");
    d.keys("n<c-u>morgen<tab>1<enter>");
    assert!(
        flash(&d).contains("Wanneer") || flash(&d).contains("naam"),
        "{}",
        flash(&d)
    );
}

#[test]
fn a_future_occurrence_is_refused() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys("n<c-u>2030-01-01<tab>1X<tab>1<tab><tab>iets<tab><tab>1<enter>");
    assert!(
        flash(&d).to_lowercase().contains("toekomst"),
        "{}",
        flash(&d)
    );
}

#[test]
fn search_narrows_while_typing_and_ignores_diacritics() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    d.keys("<esc>");
    d.keys("n<c-u>vandaag 10:00<tab>1Jansen<tab>4<tab><tab>Uitgescholden bij de markt<tab>markt<tab>3<enter><esc>");
    assert_eq!(d.app.browser.total, 2);
    d.keys("/ozd");
    assert_eq!(d.app.browser.total, 1);
    assert_eq!(d.app.browser.rows[0].number, "2026-0001");
    d.keys("<esc>");
    assert_eq!(d.app.browser.total, 2, "Esc clears the search");
    d.keys("/uitgesch<enter>");
    assert_eq!(d.app.browser.total, 1);
    assert_eq!(d.app.browser.rows[0].number, "2026-0002");
}

#[test]
fn filters_cycle_and_clear() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    d.keys("<esc>");
    d.keys("k"); // category: fysiek geweld
    assert_eq!(d.app.browser.total, 0);
    d.keys("k"); // bedreiging / intimidatie
    assert_eq!(d.app.browser.total, 1);
    d.keys("x");
    assert_eq!(d.app.browser.total, 1);
    assert!(d.app.browser.query.category.is_none());
}

#[test]
fn a_meeting_ban_longer_than_three_months_is_refused() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    // Vergaderverbod (5), decided today, start 1-12-2026, end 1-6-2027.
    d.keys("m5<tab><tab><tab>2026-12-01<tab>2027-06-01<enter>");
    assert!(
        flash(&d).contains("drie maanden") || flash(&d).contains("3 maanden"),
        "{}",
        flash(&d)
    );
    assert!(d.app.browser.form.is_some());
    // Shorten the ban: within three months it is recorded.
    d.keys("<c-u>2027-02-28<enter>");
    let f = &d.app.browser.open.as_ref().unwrap().file;
    assert_eq!(f.measures.len(), 1, "{}", flash(&d));
    assert_eq!(f.measures[0].kind, MeasureKind::Vergaderverbod);
}

#[test]
fn aangifte_needs_consent_first() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    d.keys("a<tab><tab><tab>PL0600-2026<enter>");
    assert!(flash(&d).contains("toestemming"), "{}", flash(&d));
    d.keys("<esc>tj<enter>");
    d.keys("a");
    d.keys("<enter>");
    let f = &d.app.browser.open.as_ref().unwrap().file;
    assert_eq!(f.consent, Some(true));
    let a = f.aangifte.as_ref().expect("aangifte filed");
    assert!(a.vpt);
    assert!(a.domicile.contains("Hofstraat"), "{}", a.domicile);
}

#[test]
fn aftercare_measure_status_and_closing() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    d.keys("Z1<enter>"); // first talk held today by the griffier
    d.keys("i<enter>"); // griffier informed today
    d.keys("m1<enter>"); // oral warning
    d.keys("s3afgehandeld met waarschuwing<enter>");
    let f = &d.app.browser.open.as_ref().unwrap().file;
    assert!(f.aftercare[0].held.is_some());
    assert_eq!(f.informed.len(), 1);
    assert_eq!(f.status, CaseStatus::Afgesloten, "{}", flash(&d));
    // A closed case takes no more measures.
    d.keys("m1<enter>");
    assert!(flash(&d).contains("afgesloten"), "{}", flash(&d));
    d.keys("<esc>");
    // Reopening is possible and logged.
    d.keys("s2nieuwe feiten<enter>");
    let f = &d.app.browser.open.as_ref().unwrap().file;
    assert_eq!(f.status, CaseStatus::InBehandeling, "{}", flash(&d));
    assert!(matches!(d.store.verify().unwrap(), Verdict::Intact { .. }));
}

#[test]
fn perpetrators_link_cases_and_show_repeats() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    d.keys("p1man met grijze pet<enter>");
    let open = d.app.browser.open.as_ref().unwrap();
    let (p, repeat) = &open.perpetrators[0];
    assert_eq!(repeat.label(), "eerste incident");
    let pid = p.id;
    d.keys("<esc>");
    d.keys("n<c-u>vandaag 10:00<tab>1Jansen<tab>5<tab><tab>Ambtenaar aan de balie bedreigd<tab>balie<tab>2<enter>");
    d.keys(&format!("P{pid}<enter>"));
    let open = d.app.browser.open.as_ref().unwrap();
    assert_eq!(open.perpetrators[0].1.label(), "herhaald incident (2e)");
    // All cases of this perpetrator.
    d.keys("r");
    assert_eq!(d.app.browser.total, 2);
    // The export carries the register's view of each case too.
    let export = d.store.export().unwrap();
    assert_eq!(export.cases[0].perpetrators, vec![pid]);
    assert_eq!(export.cases[1].perpetrators, vec![pid]);
    assert_eq!(export.cases[1].victim_role.as_deref(), Some("ambtenaar"));
    assert_eq!(export.cases[0].channel.as_deref(), Some("email"));
}

#[test]
fn esc_keeps_a_draft_of_a_half_entered_form() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    d.keys("nhalve notitie<esc>");
    assert!(d.app.browser.form.is_none());
    d.keys("n");
    let form = d.app.browser.form.as_ref().unwrap();
    assert_eq!(form.text(0), "halve notitie");
}

#[test]
fn corrections_in_a_case_strike_the_entry() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    d.keys("m1<enter>");
    d.keys("c<enter>verkeerde maatregel<enter>");
    let f = &d.app.browser.open.as_ref().unwrap().file;
    assert!(
        f.measures.is_empty(),
        "a corrected measure no longer counts"
    );
    assert!(f.timeline.iter().any(|r| r.corrected.is_some()));
}

#[test]
fn tab_switches_between_live_console_and_cases() {
    let (mut d, _dir) = start(Screen::Live);
    d.keys("m<enter>v1<enter>dVj");
    d.keys("<tab>");
    assert_eq!(d.app.screen, Screen::Cases);
    assert_eq!(
        d.app.browser.total, 1,
        "the disturbance is a case in the register"
    );
    d.keys("<enter>");
    let open = d.app.browser.open.as_ref().unwrap();
    assert!(
        open.file
            .timeline
            .iter()
            .any(|r| r.text.starts_with("Vordering 1"))
    );
    d.keys("<tab>");
    assert_eq!(d.app.screen, Screen::Live);
}

fn read_only(d: &Driver, on: bool) {
    let pragma = if on { "ON" } else { "OFF" };
    d.store
        .connection()
        .execute_batch(&format!("PRAGMA query_only = {pragma}"))
        .unwrap();
}

fn notes(d: &Driver) -> Vec<String> {
    d.app
        .browser
        .open
        .as_ref()
        .unwrap()
        .file
        .timeline
        .iter()
        .filter(|r| r.text.starts_with("Notitie"))
        .map(|r| r.text.clone())
        .collect()
}

#[test]
fn a_failed_save_in_the_register_waits_retries_on_r_and_quitting_asks() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    read_only(&d, true);
    d.keys("nbelangrijke notitie<enter>");
    assert!(flash(&d).contains("NIET OPGESLAGEN"), "{}", flash(&d));
    assert!(flash(&d).contains("R probeert"), "{}", flash(&d));
    assert_eq!(d.app.outbox.len(), 1, "what was typed waits");
    assert!(d.app.browser.saving.failure.is_some());
    // Quitting asks, in the register too; Esc stays.
    d.keys("q");
    assert!(d.app.quit_prompt);
    assert!(
        d.app.unsaved()[0].contains("NIET opgeslagen"),
        "{:?}",
        d.app.unsaved()
    );
    d.keys("<esc>");
    assert!(!d.app.quit_prompt && !d.app.quit);
    // R is bound in the case section: it retries at once.
    read_only(&d, false);
    d.tick = chrono::Duration::zero();
    d.keys("R");
    assert!(d.app.outbox.is_empty(), "{}", flash(&d));
    assert_eq!(notes(&d), ["Notitie: belangrijke notitie"]);
    d.keys("q");
    assert!(d.app.quit, "nothing waits: quits at once");
}

#[test]
fn ctrl_r_retries_from_inside_a_text_field_and_a_capital_r_is_typed() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    read_only(&d, true);
    d.keys("neerste<enter>");
    read_only(&d, false);
    d.tick = chrono::Duration::zero();
    d.keys("nRood<c-r>");
    assert!(d.app.outbox.is_empty(), "{}", flash(&d));
    assert_eq!(notes(&d), ["Notitie: eerste"]);
    let form = d
        .app
        .browser
        .form
        .as_ref()
        .expect("the new form stays open");
    assert_eq!(form.text(0), "Rood");
}

#[test]
fn a_save_refused_against_the_other_workstation_gives_the_form_back() {
    let (mut d, dir) = start(Screen::Cases);
    d.keys(INTAKE);
    let case = d.app.browser.open.as_ref().unwrap().id;
    // The other workstation closes the case; this screen has not seen it.
    let mut other = Store::open(&dir.path().join("r.db")).unwrap();
    other
        .append(raadsorde::domain::NewEvent {
            at: d.clock,
            actor: "po".into(),
            meeting_id: None,
            case_id: Some(case),
            corrects: None,
            disturbance: None,
            body: raadsorde::domain::EventBody::StatusChanged {
                status: CaseStatus::Afgesloten,
                reason: "afgehandeld door P&O".into(),
            },
        })
        .unwrap();
    d.keys("m1<enter>");
    assert!(flash(&d).contains("GEWEIGERD"), "{}", flash(&d));
    assert!(flash(&d).contains("afgesloten"), "{}", flash(&d));
    assert!(
        !flash(&d).contains("NIET OPGESLAGEN"),
        "a refusal is no failure"
    );
    let form = d.app.browser.form.as_ref().expect("the form comes back");
    assert!(
        form.title.to_lowercase().contains("maatregel"),
        "{}",
        form.title
    );
    assert!(d.app.outbox.is_empty(), "refused, not retried");
    assert_eq!(d.app.outbox.refused().len(), 1);
}

#[test]
fn a_draft_belongs_to_its_case_and_quitting_with_one_asks() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    let first = d.app.browser.open.as_ref().unwrap().id;
    d.keys("nhalve notitie<esc>");
    d.keys("<esc>");
    d.keys(
        "n<c-u>vandaag 10:00<tab>1Jansen<tab>5<tab><tab>Ambtenaar bedreigd<tab>balie<tab>2<enter>",
    );
    assert_ne!(d.app.browser.open.as_ref().unwrap().id, first);
    d.keys("n");
    assert_eq!(
        d.app.browser.form.as_ref().unwrap().text(0),
        "",
        "another case's draft is not restored here"
    );
    d.keys("<esc><esc>");
    // Back to the first case: its draft is there.
    let row = d
        .app
        .browser
        .rows
        .iter()
        .position(|r| r.id == first)
        .unwrap();
    for _ in 0..row {
        d.keys("<down>");
    }
    d.keys("<enter>n");
    assert_eq!(
        d.app.browser.form.as_ref().unwrap().text(0),
        "halve notitie"
    );
    d.keys("<esc><esc>q");
    assert!(d.app.quit_prompt, "a draft would be lost: asks");
    assert!(
        d.app.unsaved().iter().any(|u| u.contains("Concept")),
        "{:?}",
        d.app.unsaved()
    );
    d.keys("j");
    assert!(d.app.quit);
}

#[test]
fn a_date_before_the_incident_is_refused_with_the_cursor_on_it() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    // A first talk "held" in 2020, with the cursor moved on before Enter.
    d.keys("Z1<c-u>2020-01-01<tab><enter>");
    assert!(flash(&d).contains("vóór het incident"), "{}", flash(&d));
    let form = d.app.browser.form.as_ref().expect("the form stays open");
    assert_eq!(
        form.fields[form.focus].label, "Datum",
        "the cursor is on the date that was refused"
    );
    // 29-2 without a year in 2026 is not quietly made 2024.
    d.keys("<c-u>29-2<enter>");
    assert!(flash(&d).contains("typ het jaar erbij"), "{}", flash(&d));
}

#[test]
fn a_new_form_starts_without_old_messages_and_a_correction_names_its_entry() {
    let (mut d, _dir) = start(Screen::Cases);
    d.keys(INTAKE);
    assert_eq!(flash(&d), "Zaak geregistreerd.");
    d.keys("n");
    assert_eq!(flash(&d), "", "no old message inside the new form");
    d.keys("<esc>m1<enter>");
    d.keys("c<enter>");
    let form = d.app.browser.form.as_ref().expect("the correction form");
    assert!(
        form.title.starts_with("Correctie van regel") && form.title.contains("Maatregel"),
        "{}",
        form.title
    );
}
