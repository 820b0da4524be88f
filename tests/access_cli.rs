//! The exports on the command line, per identity: the full `export --json`
//! for the admin only, `export --subject PERSOON` for one person's right of
//! access without other people's data or confidential events, and each one
//! in the access log.
#![allow(clippy::unwrap_used)]

mod common;

use assert_cmd::Command;
use chrono::{DateTime, NaiveDate};
use common::Sandbox;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{
    Channel, MeasureKind, MeasureStatus, PerpetratorKind, Victim, VictimRole,
};
use raadsorde::domain::{Category, EventBody, NewEvent};
use raadsorde::storage::{AccessFilter, Store};

fn ev(case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        at: DateTime::parse_from_rfc3339("2026-03-02T10:00:00+01:00").unwrap(),
        actor: "griffie".into(),
        meeting_id: None,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

const SECRET: &str = "Persoonsbeveiliging thuisadres Wethouderslaan 9";

/// `beheer` opened the register; `griet` is griffie, `priya` privacy
/// officer. One case: the alderman Wim Wethouder threatened by Henk
/// Windmolen, with a measure and confidential security measures.
fn register(sandbox: &Sandbox) {
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    let case = store
        .append(ev(
            None,
            EventBody::CaseOpened {
                occurred_at: "2026-03-01T20:00:00+01:00".into(),
                channel: Channel::Email,
                victim: Victim {
                    name: "Wim Wethouder".into(),
                    role: VictimRole::Wethouder,
                    also: String::new(),
                },
                what: "Dreigmail aan Wim Wethouder over de windmolens, getekend H. Windmolen"
                    .into(),
                place: "e-mail".into(),
                category: Category::BedreigingIntimidatie,
            },
        ))
        .unwrap()
        .case_id
        .unwrap();
    store
        .append(ev(
            Some(case),
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "afzender van de mail".into(),
                name: "Henk Windmolen".into(),
            },
        ))
        .unwrap();
    store
        .append(ev(
            Some(case),
            EventBody::MeasureRecorded {
                kind: MeasureKind::SchriftelijkeWaarschuwing,
                decided_on: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
                decided_by: "burgemeester".into(),
                start: None,
                end: None,
                status: MeasureStatus::Genomen,
                note: "brief na overleg met Wim Wethouder".into(),
            },
        ))
        .unwrap();
    store
        .append(ev(
            Some(case),
            EventBody::SecurityMeasuresNoted {
                text: SECRET.into(),
            },
        ))
        .unwrap();
    store
        .append(ev(Some(case), EventBody::ConsentRecorded { consent: true }))
        .unwrap();
    store.grant_role("griet", Role::Griffie).unwrap();
    store.grant_role("priya", Role::Privacy).unwrap();
}

fn as_user(sandbox: &Sandbox, user: &str) -> Command {
    let mut cmd = Command::from_std(sandbox.command());
    cmd.env("USER", user).env("LOGNAME", user);
    cmd
}

fn access_log(sandbox: &Sandbox) -> Vec<(String, String, String)> {
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    store
        .access_log(&AccessFilter::All, 100)
        .unwrap()
        .into_iter()
        .rev()
        .map(|r| (r.identity, r.what.label().to_string(), r.scope))
        .collect()
}

#[test]
fn the_full_export_is_for_the_admin_only() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let out = as_user(&sandbox, "griet")
        .args(["export", "--json"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(out.get_output().stdout.is_empty(), "nothing exported");
    assert!(stderr.contains("alleen voor de rol beheerder"), "{stderr}");
    assert!(stderr.contains("export --subject"), "{stderr}");
    // Someone the register does not know at all.
    as_user(&sandbox, "onbekend")
        .args(["export", "--json"])
        .assert()
        .code(1);
    assert!(access_log(&sandbox).is_empty(), "a refusal is no access");

    let out = as_user(&sandbox, "beheer")
        .args(["export", "--json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["cases"].as_array().unwrap().len(), 1);
    assert_eq!(
        access_log(&sandbox),
        vec![(
            "beheer".to_string(),
            "volledige export".to_string(),
            "hele register".to_string()
        )]
    );
}

#[test]
fn a_perpetrators_request_gets_nothing_of_the_victim() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let out = as_user(&sandbox, "priya")
        .args(["export", "--subject", "henk windmolen"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["as_victim"].as_array().unwrap().len(), 0);
    let perps = doc["as_perpetrator"].as_array().unwrap();
    assert_eq!(perps.len(), 1);
    assert_eq!(perps[0]["name"], "Henk Windmolen");
    let cases = perps[0]["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    let events = cases[0]["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0]["summary"]
            .as_str()
            .unwrap()
            .contains("schriftelijke waarschuwing")
    );
    for forbidden in ["Wim", "Wethouder", "wethouder", "Dreigmail", SECRET] {
        assert!(!text.contains(forbidden), "{forbidden} in {text}");
    }
    // By number too.
    let id = perps[0]["id"].as_u64().unwrap();
    let out = as_user(&sandbox, "priya")
        .args(["export", "--subject", &format!("veroorzaker:{id}")])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["as_perpetrator"][0]["name"], "Henk Windmolen");
    let log = access_log(&sandbox);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].0, "priya");
    assert_eq!(log[0].2, "inzageverzoek: henk windmolen");
}

#[test]
fn a_victims_request_gets_the_case_without_the_perpetrator_or_secrets() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let file = sandbox.root().join("inzage.json");
    as_user(&sandbox, "priya")
        .args(["export", "--subject", "Wim Wethouder", "--out"])
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = doc["as_victim"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["victim_name"], "Wim Wethouder");
    let kinds: Vec<&str> = cases[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["case-opened", "consent-recorded"]);
    assert_eq!(cases[0]["events_left_out"], 3);
    for forbidden in ["Henk", "Windmolen", "afzender van de mail", SECRET] {
        assert!(!text.contains(forbidden), "{forbidden} in {text}");
    }
    // The report itself is the victim's, with the perpetrator's name out.
    assert!(
        text.contains("over de windmolens, getekend H. [naam weggelaten]"),
        "{text}"
    );
    assert!(doc["as_perpetrator"].as_array().unwrap().is_empty());
}

#[test]
fn a_subject_export_is_the_privacy_officers_or_the_admins() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let out = as_user(&sandbox, "griet")
        .args(["export", "--subject", "Wim Wethouder"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("privacyfunctionaris"), "{stderr}");
    assert!(out.get_output().stdout.is_empty());
    assert!(access_log(&sandbox).is_empty());
    // A form is needed.
    let out = as_user(&sandbox, "beheer").arg("export").assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("--subject PERSOON"), "{stderr}");
}

#[test]
fn the_admin_links_an_account_to_a_victim_on_the_command_line() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    {
        let mut store = Store::open_with(&sandbox.db(), None).unwrap();
        store.act_as("beheer").unwrap();
        store.grant_role("kees", Role::Kabinet).unwrap();
    }
    let seen = |who: &str| {
        let mut store = Store::open_with(&sandbox.db(), None).unwrap();
        store.act_as(who).unwrap();
        store
            .count_cases(&raadsorde::storage::CaseQuery::default())
            .unwrap()
    };
    assert_eq!(
        seen("kees"),
        1,
        "the alderman's case is on the kabinet's route"
    );
    // Not by anyone but the admin.
    let out = as_user(&sandbox, "griet")
        .args(["koppel", "kees", "--slachtoffer", "2026-0001"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("Alleen een beheerder"), "{stderr}");
    // A number that is no case.
    let out = as_user(&sandbox, "beheer")
        .args(["koppel", "kees", "--slachtoffer", "2026-0099"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("2026-0099 staat niet in het register"),
        "{stderr}"
    );
    let out = as_user(&sandbox, "beheer")
        .args(["koppel", "kees", "--slachtoffer", "2026-0001"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("kees gekoppeld als slachtoffer"),
        "{stdout}"
    );
    assert_eq!(seen("kees"), 0, "the victim does not see its own case");
}

#[test]
fn erasing_after_the_retention_term_is_the_admins() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let out = as_user(&sandbox, "griet")
        .args(["purge", "--apply"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("alleen voor de rol beheerder"), "{stderr}");
    // The dry run is anyone's; the admin may apply.
    as_user(&sandbox, "griet").arg("purge").assert().success();
    as_user(&sandbox, "beheer")
        .args(["purge", "--apply"])
        .assert()
        .success();
}

#[test]
fn a_backup_of_the_whole_register_and_a_restore_are_the_admins_and_a_backup_is_logged() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let copy = sandbox.root().join("kopie.db");
    let out = as_user(&sandbox, "griet")
        .arg("backup")
        .arg(&copy)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("alleen voor de rol beheerder"), "{stderr}");
    assert!(!copy.exists(), "nothing written");
    assert!(access_log(&sandbox).is_empty(), "a refusal is no access");

    as_user(&sandbox, "beheer")
        .arg("backup")
        .arg(&copy)
        .assert()
        .success();
    assert!(copy.exists());
    let log = access_log(&sandbox);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].0, "beheer");
    assert_eq!(log[0].1, "reservekopie van het hele register");
    assert!(log[0].2.contains("kopie.db"), "{log:?}");

    let out = as_user(&sandbox, "griet")
        .args(["restore", "--force"])
        .arg(&copy)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("alleen voor de rol beheerder"), "{stderr}");
    as_user(&sandbox, "beheer")
        .args(["restore", "--force"])
        .arg(&copy)
        .assert()
        .success();
}
