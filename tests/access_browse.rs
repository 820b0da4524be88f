//! The access log against random use of the case browser (proptest): keys
//! for open, back, move, page, search, filters, sort, help and the roles and
//! access-log screens, driven through the whole app on a real register
//! without a terminal. Every case opened on screen is exactly one
//! `access-logged` event, a case only listed is none, and only cases the
//! griffie identity may see are ever listed or opened.
//!
//! `PROPTEST_CASES` sets the number of cases, `PROPTEST_RNG_SEED` fixes the
//! seed.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use raadsorde::app::driver::Driver;
use raadsorde::app::{App, Screen};
use raadsorde::cases::Browser;
use raadsorde::config::Config;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{Channel, Victim, VictimRole};
use raadsorde::domain::time::to_local;
use raadsorde::domain::{Category, EventBody, NewEvent};
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::Store;
use tempfile::TempDir;

/// Keys of the list and the case file; no `n` (intake), Tab (the live
/// console) or `q` (quit).
const KEYS: &[&str] = &[
    "<enter>",
    "<enter>",
    "<esc>",
    "<esc>",
    "<down>",
    "<up>",
    "<pagedown>",
    "<pageup>",
    "/",
    "w",
    "d",
    "<bs>",
    "s",
    "k",
    "r",
    "c",
    "j",
    "x",
    "o",
    "?",
    "g",
    "l",
];

const ROLES: [VictimRole; 5] = [
    VictimRole::Raadslid,
    VictimRole::Wethouder,
    VictimRole::Burgemeester,
    VictimRole::Fractievolger,
    VictimRole::Ambtenaar,
];

/// `n` cases of every victim role in turn, made by `beheer` (who opened
/// the register); the browser acts for `griet`, griffie only.
fn register(n: usize) -> (Driver, TempDir, BTreeSet<u64>) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("r.db");
    let mut admin = Store::open_with(&path, None).unwrap();
    admin.act_as("beheer").unwrap();
    let mut visible = BTreeSet::new();
    for i in 0..n {
        let role = ROLES[i % ROLES.len()];
        let case = admin
            .append(NewEvent::new(
                DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap(),
                "griffie",
                EventBody::CaseOpened {
                    occurred_at: format!("2026-11-{:02}T10:00:00+01:00", 1 + i % 19),
                    channel: Channel::Telefoon,
                    victim: Victim {
                        name: format!("Slachtoffer {i}"),
                        role,
                        also: String::new(),
                    },
                    what: format!("dreiging woord{i} windmolen"),
                    place: "gemeentehuis".into(),
                    category: Category::ALL[i % Category::ALL.len()],
                },
            ))
            .unwrap()
            .case_id
            .unwrap();
        if matches!(
            role,
            VictimRole::Raadslid | VictimRole::Fractievolger | VictimRole::Burgemeester
        ) {
            visible.insert(case);
        }
    }
    admin.grant_role("griet", Role::Griffie).unwrap();
    drop(admin);
    let mut store = Store::open_with(&path, None).unwrap();
    store.act_as("griet").unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    let browser = Browser::new(Config::default(), Keymap::defaults(), now);
    let d = Driver::new(App::new(console, browser, Screen::Cases), store, now);
    (d, dir, visible)
}

/// The case ids in the access log, with how often each appears.
fn logged(store: &Store) -> BTreeMap<u64, usize> {
    let mut stmt = store
        .connection()
        .prepare("SELECT case_id FROM access_log WHERE case_id IS NOT NULL")
        .unwrap();
    let mut out = BTreeMap::new();
    for id in stmt.query_map([], |r| r.get::<_, u64>(0)).unwrap() {
        *out.entry(id.unwrap()).or_default() += 1;
    }
    out
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn one_access_event_per_case_opened_and_none_for_a_case_listed(
        keys in proptest::collection::vec(0..KEYS.len(), 1..80),
    ) {
        let (mut d, _dir, visible) = register(12);
        let mut opened: BTreeMap<u64, usize> = BTreeMap::new();
        let mut listed: BTreeSet<u64> = BTreeSet::new();
        let mut shown = d.app.browser.open.as_ref().map(|o| o.id);
        for &k in &keys {
            d.keys(KEYS[k]);
            listed.extend(d.app.browser.rows.iter().map(|r| r.id));
            let now = d.app.browser.open.as_ref().map(|o| o.id);
            if let Some(id) = now && now != shown {
                *opened.entry(id).or_default() += 1;
            }
            shown = now;
            prop_assert!(
                d.app.browser.total <= visible.len() as u64,
                "a total that counts others' cases: {}",
                d.app.browser.total
            );
        }
        prop_assert!(listed.is_subset(&visible), "listed {listed:?}, visible {visible:?}");
        let log = logged(&d.store);
        prop_assert_eq!(&log, &opened, "keys {:?}", keys.iter().map(|&k| KEYS[k]).collect::<Vec<_>>());
        for id in listed.difference(&opened.keys().copied().collect()) {
            prop_assert!(!log.contains_key(id), "case {id} only listed, yet logged");
        }
    }
}

/// The chair's aide logs a disturbance, finds it in the register, opens it
/// (logged) and hands it over with its key: then it is out of its sight.
#[test]
fn the_chairs_aide_hands_a_live_case_over_from_the_case_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("r.db");
    let mut admin = Store::open_with(&path, None).unwrap();
    admin.act_as("beheer").unwrap();
    admin
        .grant_role("anna", Role::Voorzittersassistent)
        .unwrap();
    drop(admin);
    let mut store = Store::open_with(&path, None).unwrap();
    store.act_as("anna").unwrap();
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let console = Console::new(Config::default(), Keymap::defaults(), Vec::new(), now);
    let mut d = Driver::live(console, store);
    d.keys("m<enter>vdd<tab>");
    assert_eq!(d.app.browser.rows.len(), 1, "its own live case");
    let case = d.app.browser.rows[0].id;
    d.keys("<enter>");
    assert_eq!(d.app.browser.open.as_ref().map(|o| o.id), Some(case));
    assert_eq!(logged(&d.store).get(&case), Some(&1));
    d.keys("H");
    assert!(d.app.browser.open.is_none(), "back to the list");
    assert!(d.app.browser.rows.is_empty(), "{:?}", d.app.browser.rows);
    assert_eq!(d.app.browser.total, 0);
    let flash = d.app.browser.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("Zaak overgedragen door anna"), "{flash}");
    // Again: refused, in Dutch.
    let why = d.store.hand_over(case).unwrap_err().to_string();
    assert!(why.contains("al overgedragen"), "{why}");
}

/// Who is looking is in the header; someone whose roles see no case hears
/// why at once, in Dutch, with what to do.
#[test]
fn the_register_says_who_looks_and_why_nothing_shows() {
    let now = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
    let browser = || Browser::new(Config::default(), Keymap::defaults(), now);
    let mut b = browser();
    b.set_viewer("piet", &[]);
    let flash = b.flash.as_ref().unwrap().text.clone();
    assert!(
        flash.contains("geen rol") && flash.contains("beheerder"),
        "{flash}"
    );
    let mut b = browser();
    b.set_viewer("priya", &[Role::Privacy]);
    let flash = b.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("l toont het toegangslogboek"), "{flash}");
    let mut b = browser();
    b.set_viewer("griet", &[Role::Griffie]);
    assert!(b.flash.is_none());
    let mut b = browser();
    b.set_viewer("anna", &[Role::Voorzittersassistent]);
    assert!(b.flash.is_none(), "the aide sees its own live cases");

    let (mut d, _dir, _) = register(2);
    d.app.browser.set_viewer("griet", &[Role::Griffie]);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| d.app.draw(f, &raadsorde::ui::Theme::monochrome()))
        .unwrap();
    let screen = terminal.backend().to_string();
    let first = screen.lines().next().unwrap();
    assert!(first.contains("griet · 20:30:00"), "{first}");
}

/// A role revoked while the list is on screen: opening a case from it is
/// refused in Dutch, with why, and not logged.
#[test]
fn a_case_listed_before_the_role_was_revoked_is_refused_when_opened() {
    let (mut d, dir, _) = register(5);
    assert!(!d.app.browser.rows.is_empty());
    let mut admin = Store::open_with(&dir.path().join("r.db"), None).unwrap();
    admin.act_as("beheer").unwrap();
    admin.revoke_role("griet", Role::Griffie).unwrap();
    d.keys("<enter>");
    assert!(d.app.browser.open.is_none());
    let flash = d.app.browser.flash.as_ref().unwrap().text.clone();
    assert!(
        flash.starts_with("Geweigerd: Deze zaak hoort niet bij uw rol"),
        "{flash}"
    );
    assert!(logged(&d.store).is_empty());
}
