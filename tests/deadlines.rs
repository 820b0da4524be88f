//! `raadsorde deadlines` on the command line, for cron and mail: the due
//! items of the cases the account may see, most urgent first, without a
//! name; exit 3 while something is overdue, 0 otherwise; `--json`,
//! `--within DAYS`, and the terms of `[deadlines]` in the settings.
#![allow(clippy::unwrap_used)]

mod common;

use assert_cmd::Command;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use common::Sandbox;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{
    CaseStatus, Channel, MeasureKind, MeasureStatus, PerpetratorKind, Recipient, Talk, Victim,
    VictimRole,
};
use raadsorde::domain::time::{local_string, to_local};
use raadsorde::domain::{Category, EventBody, NewEvent};
use raadsorde::storage::Store;

const NAMES: [&str; 4] = [
    "Rikie Raadslid",
    "Wim Wethouder",
    "Boze Bas",
    "Tobias Toorn",
];

fn ev(at: DateTime<FixedOffset>, case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        at,
        actor: "griffie".into(),
        meeting_id: None,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

fn now() -> DateTime<FixedOffset> {
    to_local(Utc::now())
}

/// An intake case `days` ago, normoverschrijdend, with a perpetrator.
fn case(store: &mut Store, days: i64, victim: &str, role: VictimRole, perp: &str) -> u64 {
    let occurred = now() - Duration::days(days);
    let id = store
        .append(ev(
            occurred + Duration::minutes(30),
            None,
            EventBody::CaseOpened {
                occurred_at: local_string(&occurred),
                channel: Channel::Email,
                victim: Victim {
                    name: victim.into(),
                    role,
                    also: String::new(),
                },
                what: format!("dreigmail van {perp} aan {victim}"),
                place: "raadhuis".into(),
                category: Category::BedreigingIntimidatie,
            },
        ))
        .unwrap()
        .case_id
        .unwrap();
    store
        .append(ev(
            occurred + Duration::minutes(40),
            Some(id),
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "afzender".into(),
                name: perp.into(),
            },
        ))
        .unwrap();
    id
}

/// Everything of a case handled, so that only what the test adds is due.
fn handle(store: &mut Store, id: u64, recipients: &[Recipient]) {
    let at = now() - Duration::minutes(5);
    for r in recipients {
        store
            .append(ev(
                at,
                Some(id),
                EventBody::Informed {
                    recipient: *r,
                    on: at.date_naive(),
                },
            ))
            .unwrap();
    }
    for talk in Talk::ALL {
        store
            .append(ev(
                at,
                Some(id),
                EventBody::AftercareDeclined {
                    talk,
                    on: at.date_naive(),
                },
            ))
            .unwrap();
    }
}

/// `beheer` opened the register (every role); `griet` is griffie.
/// - a raadslid's case of 10 days ago, nothing done: overdue;
/// - a wethouder's case of 10 days ago: overdue, not on the griffie's route;
/// - a closed raadslid case with a ban that ends in 5 days: its reminder.
fn register(sandbox: &Sandbox) -> (String, String, String) {
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    let raadslid = case(&mut store, 10, NAMES[0], VictimRole::Raadslid, NAMES[2]);
    let wethouder = case(&mut store, 10, NAMES[1], VictimRole::Wethouder, NAMES[2]);
    let banned = case(&mut store, 20, NAMES[0], VictimRole::Raadslid, NAMES[3]);
    handle(
        &mut store,
        banned,
        &[Recipient::Griffier, Recipient::Burgemeester],
    );
    let today = now().date_naive();
    store
        .append(ev(
            now() - Duration::minutes(4),
            Some(banned),
            EventBody::MeasureRecorded {
                kind: MeasureKind::Toegangsverbod,
                decided_on: today - Duration::days(2),
                decided_by: "burgemeester".into(),
                start: Some(today - Duration::days(2)),
                end: Some(today + Duration::days(5)),
                status: MeasureStatus::Genomen,
                note: format!("verbod voor {}", NAMES[3]),
            },
        ))
        .unwrap();
    store
        .append(ev(
            now() - Duration::minutes(3),
            Some(banned),
            EventBody::StatusChanged {
                status: CaseStatus::Afgesloten,
                reason: "afgehandeld".into(),
            },
        ))
        .unwrap();
    store.grant_role("griet", Role::Griffie).unwrap();
    let number = |id| store.case_row(id).unwrap().unwrap().number;
    (number(raadslid), number(wethouder), number(banned))
}

fn as_user(sandbox: &Sandbox, user: &str) -> Command {
    let mut cmd = Command::from_std(sandbox.command());
    cmd.env("USER", user).env("LOGNAME", user);
    cmd
}

fn run(sandbox: &Sandbox, user: &str, args: &[&str]) -> (i32, String, String) {
    let out = as_user(sandbox, user)
        .arg("deadlines")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn no_names(text: &str) {
    for name in NAMES {
        assert!(!text.contains(name), "{name} in {text}");
    }
}

#[test]
fn the_list_is_per_role_most_urgent_first_and_exits_3_when_overdue() {
    let sandbox = Sandbox::new();
    let (raadslid, wethouder, banned) = register(&sandbox);

    let (code, out, err) = run(&sandbox, "beheer", &[]);
    assert_eq!(code, 3, "{out}{err}");
    no_names(&out);
    let lines: Vec<&str> = out.lines().collect();
    // The oldest overdue first: the first talk of the cases of 10 days ago.
    assert!(lines[0].contains("te laat"), "{out}");
    assert!(lines[0].contains("eerste nazorggesprek"), "{out}");
    assert!(out.contains(&wethouder), "{out}");
    // The closed case shows only its ban, a reminder that outlives it.
    let ban: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains(&banned))
        .collect();
    assert_eq!(ban.len(), 1, "{out}");
    assert!(ban[0].contains("einde toegangsverbod"), "{out}");
    assert!(ban[0].contains("nu te doen"), "a week before: {out}");
    assert!(ban[0].contains("zaak afgesloten"), "{out}");
    assert!(
        lines.last().unwrap().contains("waarvan"),
        "a count at the end: {out}"
    );

    // The griffie does not see the alderman's case, nor count it.
    let (code, out, _) = run(&sandbox, "griet", &[]);
    assert_eq!(code, 3);
    assert!(out.contains(&raadslid), "{out}");
    assert!(!out.contains(&wethouder), "{out}");

    // JSON: the same items, with their moments.
    let (code, out, _) = run(&sandbox, "griet", &["--json"]);
    assert_eq!(code, 3);
    no_names(&out);
    let items: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = items.as_array().unwrap();
    assert!(items.iter().all(|i| i["case"] != wethouder.as_str()));
    let talk = items
        .iter()
        .find(|i| i["case"] == raadslid.as_str() && i["key"] == "gesprek-1")
        .unwrap();
    assert_eq!(talk["state"], "te laat");
    assert!(talk["late_after"].as_str().unwrap().contains('T'));

    // Within 6 days: the ban (its last day is in 5) is in; the third talk
    // of the cases of 10 days ago (day 42) is not.
    let (_, out, _) = run(&sandbox, "griet", &["--within", "6", "--json"]);
    let items: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<String> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| format!("{} {}", i["case"], i["key"]))
        .collect();
    assert!(keys.iter().any(|k| k.contains("maatregel-")), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("gesprek-3")), "{keys:?}");
}

#[test]
fn nothing_overdue_exits_0_and_the_terms_come_from_the_settings() {
    let sandbox = Sandbox::new();
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    // A case of an hour ago: nothing is late yet.
    let occurred = now() - Duration::hours(1);
    let id = case(&mut store, 0, NAMES[0], VictimRole::Raadslid, NAMES[2]);
    drop(store);
    let (code, out, err) = run(&sandbox, "beheer", &["--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let items: serde_json::Value = serde_json::from_str(&out).unwrap();
    let report = |items: &serde_json::Value| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == "melden-griffier")
            .map(|i| i["late_after"].as_str().unwrap().to_string())
            .unwrap()
    };
    let one_day = report(&items);

    // Five working days in the settings: the report is due later.
    let config = sandbox.config_dir().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    std::fs::write(
        &config,
        format!("{text}\n[deadlines]\nreport_working_days = 5\n"),
    )
    .unwrap();
    let (code, out, err) = run(&sandbox, "beheer", &["--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let five_days = report(&serde_json::from_str(&out).unwrap());
    assert!(five_days > one_day, "{one_day} then {five_days}");
    let late = DateTime::parse_from_rfc3339(&five_days).unwrap();
    assert!(late - occurred >= Duration::days(5), "{five_days}");

    // A misspelt key: said with the file, and the defaults are used.
    std::fs::write(&config, format!("{text}\n[deadlines]\nwerkdagen = 5\n")).unwrap();
    let (code, out, err) = run(&sandbox, "beheer", &["--json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("config.toml"), "{err}");
    assert_eq!(report(&serde_json::from_str(&out).unwrap()), one_day);
    let _ = id;
}

#[test]
fn a_register_that_is_not_there_is_not_made() {
    let sandbox = Sandbox::new();
    let (code, _, err) = run(&sandbox, "beheer", &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bestaat niet"), "{err}");
    assert!(!sandbox.db().exists());
}
