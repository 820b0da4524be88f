//! `raadsorde export --format csv --out DIR` through the binary: golden
//! files for a small register (a Dutch spreadsheet's form: byte-order mark,
//! `;`, decimal comma, ISO dates, formulas defused, nothing confidential),
//! the role filter, the other separator, the access log and the refusals.
//! `RAADSORDE_UPDATE_GOLDEN=1` writes the golden files anew (then read
//! them before committing).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{DateTime, FixedOffset, NaiveDate};
use common::Sandbox;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{
    Channel, MeasureKind, MeasureStatus, PerpetratorKind, Recipient, Talk, Victim, VictimRole,
};
use raadsorde::domain::{Category, EventBody, NewEvent};
use raadsorde::storage::{AccessFilter, Store};

const SECRET: &str = "Camerabewaking bij de woning aan de Geheimstraat 4";

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ev(at: &str, case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        at: t(at),
        actor: "griffie".into(),
        meeting_id: None,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

/// `beheer` opened it; `griet` is griffie. A raadslid's case with the whole
/// handling (and a formula in its story, accents, a correction, a
/// confidential note), and a wethouder's case the griffie does not see.
fn register(sandbox: &Sandbox) {
    let mut s = Store::open_with(&sandbox.db(), None).unwrap();
    s.act_as("beheer").unwrap();
    let case = s
        .append(ev(
            "2026-03-02T09:15:00+01:00",
            None,
            EventBody::CaseOpened {
                occurred_at: "2026-03-01T20:40:00+01:00".into(),
                channel: Channel::Email,
                victim: Victim {
                    name: "Özlem Ünal".into(),
                    role: VictimRole::Raadslid,
                    also: String::new(),
                },
                what: "=HYPERLINK(\"http://voorbeeld.invalid\";\"klik\") stond in de mail".into(),
                place: "Café ’t Hoekje; terras".into(),
                category: Category::BedreigingIntimidatie,
            },
        ))
        .unwrap()
        .case_id
        .unwrap();
    let c = Some(case);
    for (at, body) in [
        (
            "2026-03-02T09:20:00+01:00",
            EventBody::Informed {
                recipient: Recipient::Griffier,
                on: d("2026-03-02"),
            },
        ),
        (
            "2026-03-02T09:30:00+01:00",
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "+31 6 afzender".into(),
                name: "Joost de Boos".into(),
            },
        ),
        (
            "2026-03-02T11:00:00+01:00",
            EventBody::AftercareHeld {
                talk: Talk::Eerste,
                on: d("2026-03-02"),
                by: "griffier".into(),
                referral: false,
            },
        ),
        (
            "2026-03-03T10:00:00+01:00",
            EventBody::AftercareDeclined {
                talk: Talk::Tweede,
                on: d("2026-03-03"),
            },
        ),
        (
            "2026-03-04T14:00:00+01:00",
            EventBody::MeasureRecorded {
                kind: MeasureKind::Toegangsverbod,
                decided_on: d("2026-03-04"),
                decided_by: "burgemeester".into(),
                start: Some(d("2026-03-05")),
                end: Some(d("2026-06-04")),
                status: MeasureStatus::Genomen,
                note: "@iedereen: niet binnenlaten".into(),
            },
        ),
        (
            "2026-03-05T10:00:00+01:00",
            EventBody::DamageRecorded {
                description: "bril vervangen".into(),
                amount: 123_456,
                paid_to_victim: 123_456,
                recovered: 20_000,
            },
        ),
        (
            "2026-03-05T10:05:00+01:00",
            EventBody::SecurityMeasuresNoted {
                text: SECRET.into(),
            },
        ),
        (
            "2026-03-05T10:10:00+01:00",
            EventBody::Note {
                text: "Gebeld met het slachtoffer".into(),
            },
        ),
    ] {
        s.append(ev(at, c, body)).unwrap();
    }
    // The note corrected: it stays, marked.
    let note = s.case_events(case).unwrap().last().unwrap().seq;
    s.append(NewEvent {
        corrects: Some(note),
        ..ev(
            "2026-03-05T10:12:00+01:00",
            c,
            EventBody::Correction {
                reason: "verkeerde zaak".into(),
            },
        )
    })
    .unwrap();
    s.append(ev(
        "2026-03-06T08:00:00+01:00",
        None,
        EventBody::CaseOpened {
            occurred_at: "2026-03-05T17:00:00+01:00".into(),
            channel: Channel::Telefoon,
            victim: Victim {
                name: "Wim Wethouder".into(),
                role: VictimRole::Wethouder,
                also: String::new(),
            },
            what: "Scheldpartij aan de telefoon".into(),
            place: "telefoon".into(),
            category: Category::VerbaleAgressie,
        },
    ))
    .unwrap();
    s.grant_role("griet", Role::Griffie).unwrap();
}

fn as_user(sandbox: &Sandbox, user: &str) -> Command {
    let mut cmd = Command::from_std(sandbox.command());
    cmd.env("USER", user).env("LOGNAME", user);
    cmd
}

fn export(sandbox: &Sandbox, user: &str, dir: &Path, extra: &[&str]) -> (bool, String) {
    let out = as_user(sandbox, user)
        .args(["export", "--format", "csv", "--out"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/csv")
}

#[test]
fn the_griffies_csv_matches_the_golden_files() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let dir = sandbox.root().join("export");
    let (ok, err) = export(&sandbox, "griet", &dir, &[]);
    assert!(ok, "{err}");
    assert!(err.contains("1 zaken"), "{err}");
    assert!(err.contains("1 vertrouwelijke gebeurtenissen"), "{err}");
    let update = std::env::var("RAADSORDE_UPDATE_GOLDEN").is_ok();
    for name in raadsorde::storage::csv_export::FILES {
        let got = std::fs::read(dir.join(name)).unwrap();
        assert!(got.starts_with("\u{feff}".as_bytes()), "{name}: no BOM");
        let text = String::from_utf8(got.clone()).unwrap();
        assert!(
            !text.contains(SECRET),
            "{name} carries the confidential note"
        );
        assert!(!text.contains("Wethouder"), "{name}: a case out of sight");
        let golden = golden_dir().join(name);
        if update {
            std::fs::create_dir_all(golden_dir()).unwrap();
            std::fs::write(&golden, &got).unwrap();
        }
        let want = std::fs::read(&golden).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
        assert_eq!(
            text,
            String::from_utf8(want).unwrap(),
            "{name} differs from {}",
            golden.display()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
    }
    // Formulas defused; amounts with a decimal comma.
    let cases = std::fs::read_to_string(dir.join("zaken.csv")).unwrap();
    assert!(cases.contains("\"'=HYPERLINK("), "{cases}");
    let damage = std::fs::read_to_string(dir.join("schade.csv")).unwrap();
    assert!(
        damage.contains(";1234,56;1234,56;200,00;1034,56"),
        "{damage}"
    );

    // In the access log, by griet.
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    let log = store.access_log(&AccessFilter::All, 10).unwrap();
    assert!(
        log.iter()
            .any(|r| r.identity == "griet" && r.scope.starts_with("CSV-export naar ")),
        "{log:?}"
    );
}

#[test]
fn the_admin_sees_both_cases_and_another_separator_can_be_asked() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let dir = sandbox.root().join("alles");
    let (ok, err) = export(
        &sandbox,
        "beheer",
        &dir,
        &["--delimiter", ",", "--decimal-point"],
    );
    assert!(ok, "{err}");
    assert!(err.contains("2 zaken"), "{err}");
    let cases = std::fs::read_to_string(dir.join("zaken.csv")).unwrap();
    assert!(cases.starts_with("\u{feff}zaak,gebeurd,"), "{cases}");
    assert!(cases.contains("Wim Wethouder"), "{cases}");
    let damage = std::fs::read_to_string(dir.join("schade.csv")).unwrap();
    assert!(
        damage.contains(",1234.56,1234.56,200.00,1034.56"),
        "{damage}"
    );
    for name in raadsorde::storage::csv_export::FILES {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(!text.contains(SECRET), "{name}");
    }
}

#[test]
fn no_directory_no_role_or_a_bad_separator_is_refused_in_dutch() {
    let sandbox = Sandbox::new();
    register(&sandbox);
    let out = as_user(&sandbox, "griet")
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out MAP"));

    let dir = sandbox.root().join("niemand");
    let (ok, err) = export(&sandbox, "onbekend", &dir, &[]);
    assert!(!ok);
    assert!(err.contains("geen rol"), "{err}");
    assert!(
        !dir.exists(),
        "nothing written for an account without a role"
    );

    let (ok, err) = export(&sandbox, "griet", &dir, &["--delimiter", "x"]);
    assert!(!ok);
    assert!(err.contains("--delimiter"), "{err}");
}
