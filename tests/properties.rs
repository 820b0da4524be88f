//! Property tests (proptest): the parsers of typed and configured text and
//! the pure core never panic, whatever they are given, and keep their
//! invariants.
//!
//! - `domain::dates`: moments, days and amounts (`€ 1.234,56`);
//! - `Keymap::merge` / `merge_reporting` on arbitrary and TOML-shaped text;
//! - `Config::parse` on arbitrary and TOML-shaped text;
//! - random steps against `LiveView::derive` / `permits`, and random key
//!   sequences against the whole app (`app::driver::Driver`) on a real store.
//!
//! `PROPTEST_CASES` sets the number of cases of every property,
//! `PROPTEST_RNG_SEED` fixes the random seed (both proptest's own variables).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::{Datelike, NaiveDate, TimeZone, Timelike, Utc};
use proptest::prelude::*;
use raadsorde::app::driver::Driver;
use raadsorde::config::Config;
use raadsorde::domain::case::PerpetratorKind;
use raadsorde::domain::dates::{MAX_CENTS, parse_day, parse_euro, parse_moment, parse_past_day};
use raadsorde::domain::live::{DEMANDS_BEFORE_LOKAALVREDEBREUK, Target};
use raadsorde::domain::time::to_local;
use raadsorde::domain::{
    AangifteChoice, Category, DemandBy, Event, EventBody, LiveView, MeetingType,
};
use raadsorde::keymap::{Action, Keymap, Section};
use raadsorde::live::Console;
use raadsorde::storage::Store;
use tempfile::TempDir;

type Time = chrono::DateTime<chrono::FixedOffset>;

/// `cases` cases, or `PROPTEST_CASES` if set; failures are printed with
/// their minimal input, not saved in a file (`PROPTEST_RNG_SEED` replays a
/// run).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn now() -> Time {
    to_local(Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap())
}

// ---------------------------------------------------------------------------
// Dates and amounts
// ---------------------------------------------------------------------------

/// Text that looks like what people type in a date field.
fn date_like() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("vandaag".to_string()),
        Just("gisteren".to_string()),
        Just("eergisteren".to_string()),
        Just("morgen".to_string()),
        Just("nu".to_string()),
        Just("om".to_string()),
        Just("ma".to_string()),
        Just("zondag".to_string()),
        "[0-9]{1,4}",
        "[0-9]{1,2}[-/.][0-9]{1,2}",
        "[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{1,4}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{1,2}[:.u][0-9]{0,2}",
        "[0-9]{1,2}:[0-9]{2}:[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}",
        "\\+[0-9]{1,6}",
        "-[0-9]{1,6}",
        "[a-zé]{1,8}",
    ];
    prop::collection::vec(word, 0..4).prop_map(|w| w.join(" "))
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (1900i32..=2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

/// Cents written the Dutch way: `€ 1.234,56`, `1234,5`, `12,-`, `1234.56`.
fn dutch_amount(cents: i64, style: u8) -> String {
    let euros = cents / 100;
    let rest = cents % 100;
    let grouped = {
        let digits = euros.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    };
    match style % 5 {
        0 => format!("€ {grouped},{rest:02}"),
        1 => format!("{euros},{rest:02}"),
        2 => format!("{euros}.{rest:02}"),
        3 => format!("{grouped},{rest:02} euro"),
        _ => format!("€{grouped},{rest:02}"),
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn dates_never_panic_on_any_text(text in "\\PC{0,40}", secs in 0i64..(200 * 365 * 86_400)) {
        let now = to_local(Utc.with_ymd_and_hms(1950, 1, 1, 0, 0, 0).unwrap())
            + chrono::Duration::seconds(secs);
        let _ = parse_moment(&text, now);
        let _ = parse_day(&text, now.date_naive());
        let _ = parse_past_day(&text, now.date_naive());
    }

    #[test]
    fn dates_never_panic_on_date_like_text(text in date_like()) {
        let today = now().date_naive();
        if let Ok(t) = parse_moment(&text, now()) {
            // Every moment is shown in Amsterdam time: offset +01:00 or +02:00.
            let offset = t.offset().local_minus_utc();
            prop_assert!(offset == 3600 || offset == 7200, "{text:?} -> {t}");
        }
        if let Ok(d) = parse_past_day(&text, today) {
            // Without a year a day looks back; with one it may be anywhere.
            prop_assert!((1900..=2100).contains(&d.year()) || d <= today, "{text:?} -> {d}");
        }
        let _ = parse_day(&text, today);
    }

    #[test]
    fn a_written_day_reads_back_as_that_day(day in any_day(), style in 0u8..3) {
        let text = match style {
            0 => day.format("%d-%m-%Y").to_string(),
            1 => day.format("%-d-%-m-%Y").to_string(),
            _ => day.format("%Y-%m-%d").to_string(),
        };
        let today = now().date_naive();
        prop_assert_eq!(parse_day(&text, today), Ok(day));
        prop_assert_eq!(parse_past_day(&text, today), Ok(day));
        let moment = parse_moment(&text, now()).unwrap();
        prop_assert_eq!(moment.date_naive(), day);
    }

    #[test]
    fn a_time_alone_is_today_at_that_time(h in 0u32..24, m in 0u32..60) {
        let t = parse_moment(&format!("{h}:{m:02}"), now()).unwrap();
        prop_assert_eq!(t.date_naive(), now().date_naive());
        prop_assert_eq!((t.hour(), t.minute()), (h, m));
    }

    #[test]
    fn amounts_never_panic_and_stay_in_range(text in "\\PC{0,30}") {
        if let Ok(c) = parse_euro(&text) {
            prop_assert!((0..=MAX_CENTS).contains(&c), "{text:?} -> {c}");
        }
    }

    #[test]
    fn amounts_never_panic_on_amount_like_text(text in "[-€ ]{0,2}[0-9.,]{0,14}(,-| euro| eur)?") {
        if let Ok(c) = parse_euro(&text) {
            prop_assert!((0..=MAX_CENTS).contains(&c), "{text:?} -> {c}");
        }
    }

    #[test]
    fn a_dutch_amount_reads_back_as_its_cents(cents in 0i64..=MAX_CENTS, style in 0u8..5) {
        let text = dutch_amount(cents, style);
        prop_assert_eq!(parse_euro(&text), Ok(cents), "{}", text);
    }
}

// ---------------------------------------------------------------------------
// Keymap and config files
// ---------------------------------------------------------------------------

fn key_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9?/]",
        Just("enter".to_string()),
        Just("esc".to_string()),
        Just("ctrl-r".to_string()),
        Just("alt-x".to_string()),
        Just("f13".to_string()),
        Just("".to_string()),
        "[a-z-]{2,10}",
        "\\PC{0,3}",
    ]
}

fn action_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("meeting-start".to_string()),
        Just("quit".to_string()),
        Just("demand".to_string()),
        Just("retry".to_string()),
        Just("confirm".to_string()),
        Just("note".to_string()),
        "[a-z-]{1,16}",
    ]
}

fn section_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("live".to_string()),
        Just("form".to_string()),
        Just("confirm".to_string()),
        Just("aangifte".to_string()),
        Just("cases".to_string()),
        Just("case".to_string()),
        "[a-z]{1,8}",
    ]
}

/// Keymap files: sections with entries, some of them broken.
fn keymap_text() -> impl Strategy<Value = String> {
    let entry = (key_name(), action_name(), "\\PC{0,50}", 0u8..6).prop_map(|(on, run, desc, f)| {
        let desc = desc.replace(['"', '\\'], "");
        match f {
            0 => format!("{{ on = \"{on}\", run = \"{run}\" }}"),
            1 => format!("{{ on = \"{on}\" }}"),
            2 => format!("{{ on = {on}, run = \"{run}\" }}"),
            3 => format!("\"{on}\""),
            _ => format!("{{ on = \"{on}\", run = \"{run}\", desc = \"{desc}\" }}"),
        }
    });
    let section = (section_name(), prop::collection::vec(entry, 0..6), 0u8..4).prop_map(
        |(name, entries, f)| match f {
            0 => format!("[{name}]\nkeymap = \"geen lijst\"\n"),
            1 => format!("[{name}\nkeymap = [\n{}\n", entries.join(",\n")),
            _ => format!(
                "[{name}]\nkeymap = [\n    {},\n]\n",
                entries.join(",\n    ")
            ),
        },
    );
    prop::collection::vec(section, 0..4).prop_map(|s| s.concat())
}

/// Config files: known and unknown keys, odd values.
fn config_text() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        "\\PC{0,40}".prop_map(|s| format!("\"{}\"", s.replace(['"', '\\'], ""))),
        Just("\"\"".to_string()),
        Just("\"a\\u0007b\\nc\\u202Ed\"".to_string()),
        Just(format!("\"{}\"", "x".repeat(3000))),
        "[0-9]{1,5}",
        Just("true".to_string()),
        Just("[1, 2]".to_string()),
    ];
    let key = prop_oneof![
        Just("profile"),
        Just("municipality"),
        Just("title"),
        Just("chair"),
        Just("location"),
        Just("meeting_type"),
        Just("place"),
        Just("demand_wording"),
        Just("building"),
        Just("address"),
        Just("room"),
        Just("notes"),
        Just("onbekend"),
    ];
    let table = prop_oneof![
        Just(""),
        Just("[meeting]\n"),
        Just("[live]\n"),
        Just("[emergency]\n"),
        Just("[onbekend]\n"),
        Just("[meeting\n"),
    ];
    let line = (table, key, value).prop_map(|(t, k, v)| format!("{t}{k} = {v}\n"));
    prop::collection::vec(line, 0..8).prop_map(|l| l.concat())
}

fn no_controls(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn keymap_merge_never_panics_on_any_text(text in "\\PC{0,200}") {
        let path = Path::new("/tmp/keymap.toml");
        let mut a = Keymap::defaults();
        let problems = a.merge_reporting(path, &text);
        let mut b = Keymap::defaults();
        // merge reports the first of the same problems.
        match b.merge(path, &text) {
            Ok(()) => prop_assert!(problems.is_empty(), "{problems:?}"),
            Err(p) => prop_assert_eq!(Some(&p), problems.first()),
        }
        for p in &problems {
            prop_assert_eq!(p.path.as_path(), path);
            prop_assert!(!p.message.is_empty());
        }
    }

    #[test]
    fn keymap_merge_keeps_every_binding_usable(text in keymap_text()) {
        let path = Path::new("/tmp/keymap.toml");
        let mut km = Keymap::defaults();
        let problems = km.merge_reporting(path, &text);
        for p in &problems {
            prop_assert_eq!(p.path.as_path(), path);
            // Every problem about an entry names its line.
            prop_assert!(!p.message.is_empty());
        }
        // Whatever the file, every binding kept is one the section runs,
        // with a description that fits.
        for section in [Section::Live, Section::Form, Section::Confirm, Section::Aangifte] {
            for b in km.bindings(section) {
                prop_assert!(
                    section.dispatches().contains(&b.action),
                    "{section:?} binds {:?}, which it does not run",
                    b.action
                );
                prop_assert!(b.desc.chars().count() <= raadsorde::keymap::DESC_MAX);
            }
        }
        // A file with a problem in it says so; a clean file changes only what it binds.
        if problems.is_empty() {
            prop_assert!(km.key_for(Section::Confirm, Action::Confirm).is_some() || text.contains("confirm"));
        }
    }

    #[test]
    fn config_parse_never_panics_on_any_text(text in "\\PC{0,200}") {
        let path = Path::new("/tmp/config.toml");
        match Config::parse(path, &text) {
            Ok((c, problems)) => {
                prop_assert!(!c.profile.is_empty());
                for p in problems {
                    prop_assert_eq!(p.path.as_path(), path);
                }
            }
            Err(p) => prop_assert_eq!(p.path.as_path(), path),
        }
    }

    #[test]
    fn config_strings_are_always_clean_and_capped(text in config_text()) {
        let path = Path::new("/tmp/config.toml");
        match Config::parse(path, &text) {
            Ok((c, problems)) => {
                prop_assert!(!c.profile.is_empty());
                let texts = [
                    (&c.profile, 80),
                    (&c.municipality, 80),
                    (&c.meeting.title, 120),
                    (&c.meeting.chair, 80),
                    (&c.live.place, 80),
                    (&c.live.demand_wording, 500),
                    (&c.emergency.building, 80),
                    (&c.emergency.address, 80),
                    (&c.emergency.room, 80),
                    (&c.emergency.notes, 500),
                ];
                for (value, max) in texts {
                    prop_assert!(value.chars().count() <= max, "{value:?} over {max}");
                    prop_assert!(no_controls(value), "{value:?}");
                }
                for p in problems {
                    prop_assert_eq!(p.path.as_path(), path);
                }
            }
            Err(p) => {
                prop_assert_eq!(p.path.as_path(), path);
                prop_assert!(!p.message.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The pure core: random steps against LiveView::permits / derive
// ---------------------------------------------------------------------------

fn live_step() -> impl Strategy<Value = (EventBody, Option<u64>, Option<u8>)> {
    let body = prop_oneof![
        Just(EventBody::MeetingStarted {
            meeting_type: MeetingType::Raadsvergadering,
            title: "Raad".into(),
            chair: "burgemeester".into(),
            location: "raadzaal".into(),
            town_hall: false,
            risk_check: None,
        }),
        Just(EventBody::MeetingEnded {}),
        (0u8..4).prop_map(|number| EventBody::DisturbanceStarted {
            number,
            category: None,
            place: "tribune".into(),
            description: String::new(),
            opened_by: None,
        }),
        prop::option::of(prop::sample::select(Category::ALL.to_vec())).prop_map(|category| {
            EventBody::DisturbanceDescribed {
                category,
                place: None,
                what: Some("x".into()),
            }
        }),
        (0u8..4).prop_map(|number| EventBody::PersonAdded {
            number,
            who: raadsorde::domain::event::Who {
                kind: PerpetratorKind::Collectief,
                description: String::new(),
                name: String::new(),
                known: None,
            },
        }),
        Just(EventBody::ConversationEnded {}),
        Just(EventBody::DisturbanceEnded {}),
        Just(EventBody::Suspended {}),
        Just(EventBody::Resumed {}),
        (0u8..6, 1u8..4).prop_map(|(number, person)| EventBody::Demand {
            number,
            by: DemandBy::Voorzitter,
            wording: "Verlaat de zaal".into(),
            person,
        }),
        (1u8..4).prop_map(|person| EventBody::LeftVoluntarily { person }),
        Just(EventBody::LivestreamStopped {}),
        Just(EventBody::LivestreamResumed {}),
        Just(EventBody::InterventionTeamCalled {}),
        Just(EventBody::PoliceCalled {}),
        Just(EventBody::PoliceArrived {}),
        (1u8..4).prop_map(|person| EventBody::RemovedByPolice { person }),
        any::<bool>().prop_map(|confirmed_rule| EventBody::PhysicalProtection { confirmed_rule }),
        prop_oneof![
            Just(AangifteChoice::Ja),
            Just(AangifteChoice::Nee),
            Just(AangifteChoice::Later)
        ]
        .prop_map(|decision| EventBody::AangifteDecision {
            decision,
            decided_by: vec!["voorzitter".into()],
            dissent: String::new(),
        }),
        "\\PC{0,5}".prop_map(|text| EventBody::Note { text }),
        "\\PC{0,5}".prop_map(|reason| EventBody::Correction { reason }),
    ];
    (body, prop::option::of(0u64..30), prop::option::of(0u8..4))
}

/// The invariants of a live view.
fn check_view(view: &LiveView) -> Result<(), TestCaseError> {
    // A correction voids the entry it corrects, whatever came after it:
    // correcting "politie gebeld" after "politie ter plaatse" leaves an
    // arrival without a call (permitted today), so that order is only
    // required of views without corrections.
    let corrected = view.timeline.iter().any(|r| r.is_correction);
    let mut numbers: Vec<u8> = view.disturbances.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    prop_assert_eq!(numbers.len(), view.disturbances.len(), "numbers given once");
    for d in &view.disturbances {
        prop_assert!(!d.persons.is_empty());
        for p in &d.persons {
            prop_assert!(
                p.demands.len() <= DEMANDS_BEFORE_LOKAALVREDEBREUK,
                "{} demands",
                p.demands.len()
            );
            let numbers: Vec<usize> = p.demands.iter().map(|x| x.number).collect();
            let expected: Vec<usize> = (1..=numbers.len()).collect();
            prop_assert_eq!(numbers, expected);
            prop_assert_eq!(
                p.lokaalvredebreuk(),
                p.demands.len() >= DEMANDS_BEFORE_LOKAALVREDEBREUK && p.left_at.is_none()
            );
            if p.removed_at.is_some() && !corrected {
                prop_assert!(d.police_arrived_at.is_some());
            }
        }
        if d.police_arrived_at.is_some() && !corrected {
            prop_assert!(d.police_called_at.is_some());
        }
    }
    // A case goes to the register only with its category.
    if !corrected {
        for d in &view.ended {
            prop_assert!(d.category.is_some());
        }
    }
    if !view.disturbances.is_empty() || view.suspended_since.is_some() {
        prop_assert!(view.open_meeting().is_some());
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    /// A store that logs only what `permits` allows: the folded view keeps
    /// its invariants, a refused step changes nothing, and folding the log
    /// again gives the same view.
    #[test]
    fn random_steps_keep_the_live_invariants(steps in prop::collection::vec(live_step(), 0..60)) {
        let mut log: Vec<Event> = Vec::new();
        let mut meeting = None;
        for (i, (body, corrects, disturbance)) in steps.into_iter().enumerate() {
            let view = LiveView::derive(&log, &[]);
            let corrects = corrects.filter(|_| matches!(body, EventBody::Correction { .. }));
            let target = Target { case_id: None, disturbance, corrects };
            let verdict = view.permits(&body, &target);
            if verdict.is_err() {
                // Refused: nothing is logged, so the view stays as it was.
                prop_assert_eq!(LiveView::derive(&log, &[]), view);
                continue;
            }
            let seq = log.len() as u64 + 1;
            // As the store ties them: a disturbance opens a case, its steps
            // go to the case of the disturbance they name.
            let case = match &body {
                EventBody::MeetingStarted { .. } => {
                    meeting = Some(seq);
                    None
                }
                EventBody::DisturbanceStarted { .. } => Some(seq * 100),
                b if b.is_disturbance_step() => view.target(&target).ok().and_then(|d| d.case_id),
                _ => None,
            };
            log.push(Event {
                seq,
                at: now() + chrono::Duration::seconds(i as i64),
                actor: "griffie".into(),
                meeting_id: meeting,
                case_id: case,
                corrects,
                body,
            });
            let after = LiveView::derive(&log, &[]);
            check_view(&after)?;
            // The one-by-one fold (what the console does on a commit) agrees
            // with folding everything again.
            let mut pushed = view.clone();
            if pushed.push(log.last().unwrap()) {
                prop_assert_eq!(&pushed, &after);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The whole app: random key sequences through the driver, on a real store
// ---------------------------------------------------------------------------

/// Keys of the live console and its dialogs, and some that do nothing.
fn key_token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "m",
        "v",
        "s",
        "d",
        "D",
        "w",
        "l",
        "L",
        "i",
        "p",
        "t",
        "r",
        "f",
        "a",
        "V",
        "h",
        "M",
        "n",
        "c",
        "k",
        "R",
        "?",
        "j",
        "1",
        "2",
        "3",
        "4",
        "x",
        "<enter>",
        "<enter>",
        "<enter>",
        "<esc>",
        "<tab>",
        "<up>",
        "<down>",
        "<bs>",
        "<c-r>",
        "q",
        "<tab>",
        "+",
        "o",
        "e",
        "g",
        "b",
        "B",
        "!",
        "u",
        "5",
        "<backtab>",
    ])
}

fn scratch() -> TempDir {
    // On tmpfs where there is one: fsync is then cheap and the cases fast.
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = TempDir::new_in(shm)
    {
        return d;
    }
    TempDir::new().unwrap()
}

/// Every stored event of every meeting, in order, was permitted by the
/// events before it.
fn check_store(store: &Store) -> Result<usize, TestCaseError> {
    let export = store.export().unwrap();
    let mut n = 0;
    for m in &export.meetings {
        let events = store.meeting_events(m.id).unwrap();
        for k in 0..events.len() {
            let before = LiveView::derive(&events[..k], &[]);
            let e = &events[k];
            let target = Target {
                case_id: e.case_id.filter(|_| e.body.is_disturbance_step()),
                disturbance: None,
                corrects: e.corrects,
            };
            let verdict = before.permits(&e.body, &target);
            prop_assert!(
                verdict.is_ok(),
                "stored step {} ({:?}) was not permitted: {:?}",
                e.seq,
                e.body,
                verdict
            );
            check_view(&LiveView::derive(&events[..=k], &[]))?;
        }
        n += events.len();
    }
    Ok(n)
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn random_key_sequences_never_panic_and_store_only_permitted_steps(
        keys in prop::collection::vec(key_token(), 1..80)
    ) {
        let dir = scratch();
        let store = Store::open(&dir.path().join("r.db")).unwrap();
        let events = store.open_meeting_events().unwrap();
        let console = Console::new(Config::default(), Keymap::defaults(), events, now());
        let mut d = Driver::live(console, store);
        for k in &keys {
            if d.app.quit {
                break;
            }
            d.keys(k);
            check_view(&d.app.console.view)?;
            check_view(d.app.console.projected())?;
            for dist in &d.app.console.projected().disturbances {
                for p in &dist.persons {
                    prop_assert!(p.demands.len() <= DEMANDS_BEFORE_LOKAALVREDEBREUK);
                }
            }
        }
        d.tick();
        // Nothing waits: the store is writable, so every step was written.
        prop_assert!(d.app.outbox.is_empty() || d.app.quit, "{} waiting", d.app.outbox.len());
        check_store(&d.store)?;
        let verdict = d.store.verify().unwrap();
        prop_assert!(verdict.is_intact(), "{:?}", verdict.problems());
    }
}
