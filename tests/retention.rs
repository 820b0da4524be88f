//! The retention purge against a real database file, with a fixed clock:
//! what is past its term leaves no byte behind in the file, its -wal or
//! -shm; what is within its term is untouched; the dry run changes
//! nothing; `verify` passes and still finds an erase nobody logged.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use raadsorde::domain::case::{CaseStatus, Channel, PerpetratorKind, Victim, VictimRole};
use raadsorde::domain::{Category, EventBody, NewEvent};
use raadsorde::storage::{CaseQuery, ProblemKind, Retention, Store, StoreError, Verdict};
use tempfile::TempDir;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
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

/// The names of one seeded case: each must be findable before a purge.
struct Seeded {
    id: u64,
    names: Vec<&'static str>,
}

/// An intake case with a victim, a place, a note and a perpetrator of its
/// own, closed at `closed` (or left open).
fn seed_case(
    store: &mut Store,
    day: &str,
    names: [&'static str; 5],
    closed: Option<&str>,
) -> (Seeded, u64) {
    let [victim, what, place, note, perpetrator] = names;
    let opened = store
        .append(ev(
            &format!("{day}T10:00:00+01:00"),
            None,
            EventBody::CaseOpened {
                occurred_at: format!("{day}T09:00:00+01:00"),
                channel: Channel::Email,
                victim: Victim {
                    name: victim.into(),
                    role: VictimRole::Raadslid,
                    also: String::new(),
                },
                what: format!("bedreigd door {what}"),
                place: place.into(),
                category: Category::BedreigingIntimidatie,
            },
        ))
        .unwrap();
    let case = opened.case_id.unwrap();
    store
        .append(ev(
            &format!("{day}T11:00:00+01:00"),
            Some(case),
            EventBody::Note {
                text: format!("woont aan de {note}"),
            },
        ))
        .unwrap();
    let p = store
        .append(ev(
            &format!("{day}T12:00:00+01:00"),
            Some(case),
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "man met baard".into(),
                name: perpetrator.into(),
            },
        ))
        .unwrap();
    if let Some(at) = closed {
        store
            .append(ev(
                at,
                Some(case),
                EventBody::StatusChanged {
                    status: CaseStatus::Afgesloten,
                    reason: "afgehandeld".into(),
                },
            ))
            .unwrap();
    }
    (
        Seeded {
            id: case,
            names: names.to_vec(),
        },
        p.seq,
    )
}

struct World {
    dir: TempDir,
    store: Store,
    /// Closed in 2026: past a five-year term in 2032.
    old: Seeded,
    /// Closed in 2029: within the term.
    recent: Seeded,
    /// Never closed.
    open: Seeded,
    /// A perpetrator of the old case who is also linked to the recent one.
    shared: &'static str,
}

fn world() -> World {
    world_with_shared()
}

/// Three cases (closed in 2026, closed in 2029, open) and a perpetrator
/// shared by the old and the recent case.
fn world_with_shared() -> World {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open_with(&dir.path().join("register.db"), None).unwrap();
    let shared = "Brouwersveld-Ijzerman";
    let mut make = |day: &str, names, closed: &str, link_to: Option<u64>| {
        let (seeded, _) = seed_case(&mut store, day, names, None);
        let p = match link_to {
            None => {
                store
                    .append(ev(
                        &format!("{day}T13:00:00+01:00"),
                        Some(seeded.id),
                        EventBody::PerpetratorRegistered {
                            kind: PerpetratorKind::Persoon,
                            description: "vrouw met hoed".into(),
                            name: shared.into(),
                        },
                    ))
                    .unwrap()
                    .seq
            }
            Some(p) => {
                store
                    .append(ev(
                        &format!("{day}T13:00:00+01:00"),
                        Some(seeded.id),
                        EventBody::PerpetratorLinked { perpetrator: p },
                    ))
                    .unwrap();
                p
            }
        };
        store
            .append(ev(
                closed,
                Some(seeded.id),
                EventBody::StatusChanged {
                    status: CaseStatus::Afgesloten,
                    reason: "afgehandeld".into(),
                },
            ))
            .unwrap();
        (seeded, p)
    };
    let (old, p) = make(
        "2026-01-10",
        [
            "Wubbolt-Zwartkruis",
            "Hendrikus Quirijnsen",
            "Prinsengracht 4711",
            "Zonnebloemstraat 93",
            "Ploegmakers-Vinkeveen",
        ],
        "2026-02-01T10:00:00+01:00",
        None,
    );
    let (recent, _) = make(
        "2029-05-01",
        [
            "Kwakernaak-Bleeker",
            "Geertruida Olthof",
            "Keizersgracht 2323",
            "Lindeboomweg 17",
            "Scholtenhuis-Ruwiel",
        ],
        "2029-06-01T10:00:00+02:00",
        Some(p),
    );
    let (open, _) = seed_case(
        &mut store,
        "2026-03-01",
        [
            "Oosterveld-Tjoonk",
            "Barendina Haverkamp",
            "Herengracht 8080",
            "Klaproosstraat 55",
            "Tuinstra-Wolfswinkel",
        ],
        None,
    );
    World {
        dir,
        store,
        old,
        recent,
        open,
        shared,
    }
}

fn db(w: &World) -> PathBuf {
    w.dir.path().join("register.db")
}

/// Every byte of the database file, its -wal and its -shm.
/// The plaintext of every page of the register, its -wal and -shm: the
/// file is encrypted, so what a purge must erase is looked for where
/// someone with the key would find it, free pages and stale frames too.
fn all_bytes(path: &Path) -> Vec<u8> {
    common::decrypted_bytes(path, common::test_key_hex())
}

/// Where a name is found in `bytes`: as written, or as the search index
/// keeps its words (lower case).
fn traces(bytes: &[u8], name: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = name.to_lowercase();
    let mut forms = vec![name.to_string()];
    forms.extend(lower.split([' ', '-']).map(str::to_string));
    for form in forms {
        if form.len() >= 4 && bytes.windows(form.len()).any(|w| w == form.as_bytes()) {
            found.push(form);
        }
    }
    found
}

fn search(store: &Store, text: &str) -> Vec<u64> {
    let q = CaseQuery {
        text: text.into(),
        ..CaseQuery::default()
    };
    store.list_cases(&q).unwrap().iter().map(|r| r.id).collect()
}

fn intact(path: &Path) {
    let v = Store::open_read_only(path).unwrap().verify().unwrap();
    assert!(v.is_intact(), "{:#?}", v.problems());
}

const NOW: &str = "2032-01-01T12:00:00+01:00";

#[test]
fn a_purge_after_the_term_leaves_no_trace_and_verify_passes() {
    let mut w = world_with_shared();
    let term = Retention::default();
    assert_eq!(term.case_years, 5);
    let path = db(&w);
    // Every name is there before.
    w.store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let before = all_bytes(&path);
    for name in w.old.names.iter().chain(&w.recent.names) {
        assert!(!traces(&before, name).is_empty(), "{name} not seeded");
    }
    assert_eq!(search(&w.store, "Zwartkruis"), vec![w.old.id]);

    let report = w.store.purge(&t(NOW), &term, "griffie").unwrap();
    assert_eq!(
        report.plan.cases.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![w.old.id]
    );
    // Its own perpetrator goes; the one shared with a recent case stays.
    assert_eq!(report.plan.perpetrators.len(), 1);
    assert!(report.wal_emptied);
    let event = report.event.unwrap();
    match &event.body {
        EventBody::PayloadPurged { seqs, reason } => {
            assert_eq!(seqs, &report.plan.seqs);
            assert!(reason.contains("1 zaak, "), "{reason}");
            for name in &w.old.names {
                assert!(!reason.contains(name));
            }
        }
        other => panic!("{other:?}"),
    }

    // While the store is open, and after it closed.
    for round in ["open", "closed"] {
        let bytes = all_bytes(&path);
        for name in &w.old.names {
            let found = traces(&bytes, name);
            assert!(
                found.is_empty(),
                "{round}: {name} still in the file: {found:?}"
            );
        }
        for name in w.recent.names.iter().chain(&w.open.names) {
            assert!(!traces(&bytes, name).is_empty(), "{round}: {name} lost");
        }
        assert!(
            !traces(&bytes, w.shared).is_empty(),
            "{round}: shared perpetrator lost"
        );
        if round == "open" {
            assert!(search(&w.store, "Zwartkruis").is_empty());
            assert!(search(&w.store, "Ploegmakers").is_empty());
            assert_eq!(search(&w.store, "Kwakernaak"), vec![w.recent.id]);
            assert_eq!(search(&w.store, "Oosterveld"), vec![w.open.id]);
            let perps = w.store.perpetrators("", 100).unwrap();
            assert!(perps.iter().any(|p| p.name == w.shared));
            assert!(!perps.iter().any(|p| p.name.contains("Ploegmakers")));
            intact(&path);
            // Nothing more is due: a second purge writes no event.
            let again = w.store.purge(&t(NOW), &term, "griffie").unwrap();
            assert!(again.event.is_none() && again.plan.is_empty());
            drop(std::mem::replace(
                &mut w.store,
                Store::open_with(&w.dir.path().join("ander.db"), None).unwrap(),
            ));
        }
    }
    intact(&path);
    // The case itself stays in the register, without its personal fields.
    let store = Store::open_with(&path, None).unwrap();
    let q = CaseQuery::default();
    let rows = store.list_cases(&q).unwrap();
    assert_eq!(rows.len(), 3);
    intact(&path);
}

#[test]
fn within_the_term_nothing_goes_and_the_dry_run_changes_nothing() {
    let mut w = world();
    let path = db(&w);
    // A day before the term of the old case ends: nothing is due.
    let early = t("2031-01-31T12:00:00+01:00");
    let plan = w.store.purge_plan(&early, &Retention::default()).unwrap();
    assert!(plan.is_empty(), "{plan:?}");
    // The dry run at NOW lists the old case and changes no byte.
    w.store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let head = w.store.head().unwrap();
    let before = std::fs::read(&path).unwrap();
    let plan = w.store.purge_plan(&t(NOW), &Retention::default()).unwrap();
    assert_eq!(plan.cases.len(), 1);
    assert_eq!(plan.cases[0].id, w.old.id);
    assert_eq!(plan.cases[0].number, "2026-0001");
    assert_eq!(plan.perpetrators.len(), 1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(w.store.head().unwrap(), head);
    // A longer term: nothing yet.
    let long = Retention {
        case_years: 7,
        ..Retention::default()
    };
    assert!(w.store.purge_plan(&t(NOW), &long).unwrap().is_empty());
    // A purge before the term writes nothing.
    let none = w
        .store
        .purge(&early, &Retention::default(), "griffie")
        .unwrap();
    assert!(none.event.is_none());
    assert_eq!(w.store.head().unwrap(), head);
    let bytes = all_bytes(&path);
    for name in w
        .old
        .names
        .iter()
        .chain(&w.recent.names)
        .chain(&w.open.names)
    {
        assert!(!traces(&bytes, name).is_empty(), "{name} lost");
    }
    intact(&path);
}

#[test]
fn the_rule_refuses_a_purge_of_what_is_within_its_term() {
    let mut w = world();
    w.store.set_retention(Retention::default());
    let seq_of = |store: &Store, case: u64| -> u64 {
        store
            .connection()
            .query_row(
                "SELECT MIN(seq) FROM events WHERE case_id = ?1",
                [case],
                |r| r.get(0),
            )
            .unwrap()
    };
    for case in [w.recent.id, w.open.id] {
        let seq = seq_of(&w.store, case);
        let err = w
            .store
            .append(ev(
                NOW,
                None,
                EventBody::PayloadPurged {
                    seqs: vec![seq],
                    reason: "te vroeg".into(),
                },
            ))
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
        assert!(err.to_string().contains("bewaartermijn"), "{err}");
    }
    // The old case's events may go; the purge event then unlocks exactly
    // those rows, and only their payload and salt.
    let old_seq = seq_of(&w.store, w.old.id);
    let conn = w.store.connection();
    let refused = conn.execute(
        "UPDATE events SET payload = NULL, salt = NULL WHERE seq = ?1",
        [old_seq],
    );
    assert!(refused.is_err(), "erased without a purge event");
    w.store
        .purge(&t(NOW), &Retention::default(), "griffie")
        .unwrap();
    let conn = w.store.connection();
    for sql in [
        "UPDATE events SET actor = 'x' WHERE seq = ?1",
        "UPDATE events SET payload = '{}' WHERE seq = ?1",
        "DELETE FROM events WHERE seq = ?1",
    ] {
        assert!(conn.execute(sql, [old_seq]).is_err(), "{sql}");
    }
    // Another case's payload is still guarded.
    let other = seq_of(&w.store, w.recent.id);
    assert!(
        conn.execute(
            "UPDATE events SET payload = NULL, salt = NULL WHERE seq = ?1",
            [other]
        )
        .is_err()
    );
}

#[test]
fn verify_still_finds_an_erase_nobody_logged_after_a_purge() {
    let mut w = world();
    w.store
        .purge(&t(NOW), &Retention::default(), "griffie")
        .unwrap();
    let path = db(&w);
    intact(&path);
    let other: u64 = w
        .store
        .connection()
        .query_row(
            "SELECT MIN(seq) FROM events WHERE case_id = ?1",
            [w.recent.id],
            |r| r.get(0),
        )
        .unwrap();
    drop(w.store);
    // Someone with the file drops the guard and erases a payload, and
    // even slips its seq into `purged`.
    let conn = raadsorde::storage::open_raw(&path).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER events_no_update;
         INSERT INTO purged (seq, purge_seq) VALUES ({other}, 1);
         UPDATE events SET payload = NULL, salt = NULL WHERE seq = {other};"
    ))
    .unwrap();
    drop(conn);
    let v = Store::open_read_only(&path).unwrap().verify().unwrap();
    let kinds: Vec<_> = v.problems().iter().map(|p| (p.seq, p.kind)).collect();
    assert!(
        kinds.contains(&(Some(other), ProblemKind::Purge)),
        "{:#?}",
        v.problems()
    );
    assert!(!matches!(v, Verdict::Intact { .. }));
}

/// The command through the binary, with the real clock: a case closed in
/// 2020 is past five years, the dry run names it by number and changes
/// nothing, `--apply` erases it, and `verify` passes.
#[test]
fn the_purge_command_dry_runs_then_applies_and_says_so_in_dutch() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.db();
    let names = [
        "Vredenburg-Aaldering",
        "Gerritdina Kloosterboer",
        "Bolwerksteeg 619",
        "Spoorsingel 404",
        "Hakvoort-Lammerink",
    ];
    {
        let mut store = Store::open_with(&db, None).unwrap();
        seed_case(
            &mut store,
            "2019-03-04",
            names,
            Some("2020-01-06T10:00:00+01:00"),
        );
        store
            .connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let run = |args: &[&str]| {
        let out = sandbox.command().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let before = std::fs::read(&db).unwrap();
    let (code, out, err) = run(&["purge"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("bewaartermijn: 5 jaar"), "{out}");
    assert!(out.contains("zou worden gewist"), "{out}");
    assert!(
        out.contains("zaak 2019-0001: afgesloten 06-01-2020"),
        "{out}"
    );
    assert!(out.contains("proefdraai: er is niets gewist"), "{out}");
    for name in names {
        assert!(!out.contains(name) && !err.contains(name), "{name} shown");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the dry run wrote");

    // A longer term in the settings: nothing is due.
    let config = sandbox.config_dir().join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[retention]\ncase_years = 10\n")).unwrap();
    let (code, out, _) = run(&["purge", "--apply"]);
    assert_eq!(code, 0);
    assert!(out.contains("niets te wissen"), "{out}");
    text.push('\n');
    std::fs::write(&config, text).unwrap();

    // A backup from before the purge.
    let backup = sandbox.root().join("voor-het-wissen.db");
    let (code, _, err) = run(&["backup", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    let (code, out, err) = run(&["purge", "--apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("gewist: 1 zaak, "), "{out}");
    assert!(out.contains("payload-purged"), "{out}");
    let bytes = all_bytes(&db);
    for name in names {
        assert!(traces(&bytes, name).is_empty(), "{name} still in the file");
    }
    let (code, out, err) = run(&["verify"]);
    assert_eq!(code, 0, "{out}{err}");

    // Putting the old backup back brings the names back: said at once.
    let (code, out, err) = run(&["restore", backup.to_str().unwrap(), "--force"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("1 zaak waarvan de bewaartermijn"), "{err}");
    assert!(err.contains("raadsorde purge --apply"), "{err}");
    let (code, _, err) = run(&["purge", "--apply"]);
    assert_eq!(code, 0, "{err}");
    // Gone again from the register (the backup file itself still holds
    // them until its own term, `[retention] backup_days`, is over: see
    // `backups_past_their_own_term_are_removed_by_the_purge`).
    let bytes = all_bytes(&db);
    for name in names {
        assert!(traces(&bytes, name).is_empty(), "{name} back in the file");
    }
    let (code, out, err) = run(&["verify"]);
    assert_eq!(code, 0, "{out}{err}");

    // A register that is not there is not made.
    let missing = sandbox.root().join("nergens.db");
    let out = std::process::Command::new(common::bin())
        .envs(sandbox.env())
        .env_remove("RAADSORDE_LOG")
        .args(["--db", missing.to_str().unwrap(), "purge", "--apply"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bestaat niet"), "{err}");
    assert!(err.contains("nergens.db"), "{err}");
    assert!(!missing.exists());
}

/// A register from before the purge migration (schema 4: no `purged`
/// table, the update guard that refuses every update) verifies as it is,
/// read-only, and gets the new guard at its first read-write open, with no
/// `schema-restored` event; then it can be purged.
#[test]
fn a_register_from_before_the_purge_migration_verifies_and_gets_the_new_guard() {
    let w = world();
    let path = db(&w);
    drop(w.store);
    let conn = raadsorde::storage::open_raw(&path).unwrap();
    // Back past the roles (migration 6), then the purge (5).
    common::undo_roles_migration(&conn);
    conn.execute_batch(
        "DROP TRIGGER events_no_update;
         CREATE TRIGGER events_no_update BEFORE UPDATE ON events
         BEGIN
             SELECT RAISE(ABORT, 'gebeurtenissen zijn onveranderlijk: corrigeer met een nieuwe gebeurtenis');
         END;
         DROP TABLE purged;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(conn);
    let old = Store::open_read_only(&path).unwrap();
    assert_eq!(old.schema_version(), 4);
    let v = old.verify().unwrap();
    assert!(v.is_intact(), "{:#?}", v.problems());
    drop(old);
    let head = Store::open_read_only(&path).unwrap().head().unwrap();
    let mut store = Store::open_with(&path, None).unwrap();
    assert_eq!(store.schema_version(), raadsorde::storage::SCHEMA_VERSION);
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    assert_eq!(store.head().unwrap(), head, "the open wrote an event");
    let report = store
        .purge(&t(NOW), &Retention::default(), "griffie")
        .unwrap();
    assert!(report.event.is_some());
    intact(&path);
}

/// The access log has a term of its own (`[retention] access_log_years`,
/// two years by default): older entries are erased by the same purge, out
/// of the log's screen and out of every byte; newer ones stay.
#[test]
fn access_log_entries_past_their_own_term_are_erased() {
    use raadsorde::domain::access::AccessKind;
    use raadsorde::storage::AccessFilter;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("register.db");
    let mut store = Store::open_with(&path, None).unwrap();
    store.act_as("beheerder-zwaluwstaart").unwrap();
    store
        .log_access_at(
            t("2026-02-01T10:00:00+01:00"),
            AccessKind::ExportFull,
            None,
            "kwikstaart-oud",
        )
        .unwrap();
    store
        .log_access_at(
            t("2027-11-01T10:00:00+01:00"),
            AccessKind::ExportFull,
            None,
            "roodborst-nieuw",
        )
        .unwrap();
    let now = t("2028-06-01T12:00:00+02:00");
    let term = Retention::default();
    assert_eq!(term.access_log_years, 2);
    let plan = store.purge_plan(&now, &term).unwrap();
    assert_eq!(plan.access_entries, 1, "{plan:?}");
    assert!(plan.cases.is_empty());
    assert!(
        plan.counts().contains("1 regel van het toegangslogboek"),
        "{}",
        plan.counts()
    );
    let report = store.purge(&now, &term, "beheer").unwrap();
    assert!(report.event.is_some());
    let scopes: Vec<String> = store
        .access_log(&AccessFilter::All, 100)
        .unwrap()
        .into_iter()
        .map(|r| r.scope)
        .collect();
    assert_eq!(scopes, vec!["roodborst-nieuw".to_string()]);
    drop(store);
    let bytes = common::decrypted_bytes(&path, common::test_key_hex());
    assert!(traces(&bytes, "kwikstaart-oud").is_empty());
    assert!(!traces(&bytes, "roodborst-nieuw").is_empty());
    intact(&path);
}

/// Backups have a retention term of their own (`[retention] backup_days`):
/// `purge` names the backups past it that the access log knows of, and
/// `--apply` removes those still at their path that are copies of this
/// register, logging each removal; a file at a backup's path that is not a
/// copy of this register is left alone, and a moved backup is named.
#[test]
fn backups_past_their_own_term_are_removed_by_the_purge() {
    let sandbox = common::Sandbox::new();
    let db = sandbox.db();
    {
        let mut store = Store::open_with(&db, None).unwrap();
        seed_case(
            &mut store,
            "2026-03-04",
            [
                "Wolterink-Hengeveld",
                "Brokkelkamp",
                "Kerkstraat 8",
                "notitie",
                "Tjoonk",
            ],
            None,
        );
    }
    let run = |args: &[&str]| {
        let out = sandbox.command().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let kept = sandbox.root().join("kopie-1.db");
    let moved = sandbox.root().join("kopie-2.db");
    let other = sandbox.root().join("kopie-3.db");
    for b in [&kept, &moved, &other] {
        let (code, _, err) = run(&["backup", b.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
    }
    // One went off-site; another register took the third one's place.
    std::fs::rename(&moved, sandbox.root().join("extern.db")).unwrap();
    std::fs::remove_file(&other).unwrap();
    {
        let mut foreign = Store::open_with(&other, None).unwrap();
        seed_case(
            &mut foreign,
            "2026-05-06",
            ["Anders", "iets", "ergens", "niets", "iemand"],
            None,
        );
    }
    let foreign_bytes = std::fs::read(&other).unwrap();

    // Within the default term (90 days): nothing is said or removed.
    let (code, out, err) = run(&["purge", "--apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("reservekopie"), "{out}");
    assert!(kept.exists());

    // A term of zero days: every backup made before now is past it.
    let config = sandbox.config_dir().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[retention]\nbackup_days = 0\n")).unwrap();
    let (code, out, err) = run(&["purge"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ouder dan 0 dagen"), "{out}");
    let line = |out: &str, path: &Path| {
        out.lines()
            .find(|l| l.contains(path.to_str().unwrap()))
            .unwrap_or_else(|| panic!("{} not named in {out}", path.display()))
            .to_string()
    };
    assert!(line(&out, &kept).contains("zou worden verwijderd"), "{out}");
    assert!(line(&out, &moved).contains("niet gevonden"), "{out}");
    assert!(line(&out, &other).contains("niet aangeraakt"), "{out}");
    assert!(kept.exists(), "the dry run removed a backup");

    let (code, out, err) = run(&["purge", "--apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(line(&out, &kept).contains("verwijderd"), "{out}");
    assert!(!kept.exists(), "the backup past its term is still there");
    assert_eq!(
        std::fs::read(&other).unwrap(),
        foreign_bytes,
        "a file that is no copy of this register was touched"
    );
    assert!(sandbox.root().join("extern.db").exists());

    // The removal is in the access log, by the admin; it is not named
    // again by the next purge.
    let conn = raadsorde::storage::cipher::open_raw(&db).unwrap();
    let removed: Vec<(String, String)> = conn
        .prepare(
            "SELECT json_extract(payload, '$.identity'), json_extract(payload, '$.scope')
               FROM events WHERE kind = 'access-logged'
                AND json_extract(payload, '$.what') = 'backup-removed'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(removed[0].1.contains("kopie-1.db"), "{removed:?}");
    assert_ne!(removed[0].0, "raadsorde", "{removed:?}");
    let (code, out, err) = run(&["purge", "--apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("kopie-1.db"), "{out}");
    let (code, out, err) = run(&["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}
