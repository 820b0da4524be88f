//! Who may see which case, against a real register: the roles as events,
//! the first identity's roles, every read path filtered for a viewer, the
//! chair's aide and its hand-over, identities linked to a person, and the
//! access log.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use raadsorde::domain::access::{self, AccessKind, CaseFacts, PersonLink, Role};
use raadsorde::domain::case::{Channel, PerpetratorKind, Victim, VictimRole};
use raadsorde::domain::{Category, EventBody, MeetingType, NewEvent};
use raadsorde::storage::{AccessFilter, CaseQuery, Store, StoreError};
use tempfile::TempDir;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn ev(case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        at: t("2026-03-02T10:00:00+01:00"),
        actor: "griffie".into(),
        meeting_id: None,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

fn open_as(path: &Path, identity: &str) -> Store {
    let mut store = Store::open_with(path, None).unwrap();
    store.act_as(identity).unwrap();
    store
}

fn intake(store: &mut Store, role: VictimRole, name: &str, what: &str) -> u64 {
    store
        .append(ev(
            None,
            EventBody::CaseOpened {
                occurred_at: "2026-03-01T20:00:00+01:00".into(),
                channel: Channel::Email,
                victim: Victim {
                    name: name.into(),
                    role,
                    also: String::new(),
                },
                what: what.into(),
                place: "raadhuis".into(),
                category: Category::BedreigingIntimidatie,
            },
        ))
        .unwrap()
        .case_id
        .unwrap()
}

fn perpetrator(store: &mut Store, case: u64, name: &str) -> u64 {
    store
        .append(ev(
            Some(case),
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "man met pet".into(),
                name: name.into(),
            },
        ))
        .unwrap()
        .seq
}

fn ids(store: &Store, q: &CaseQuery) -> Vec<u64> {
    let mut ids: Vec<u64> = store.list_cases(q).unwrap().iter().map(|r| r.id).collect();
    ids.sort();
    ids
}

fn search(text: &str) -> CaseQuery {
    CaseQuery {
        text: text.into(),
        ..CaseQuery::default()
    }
}

fn refusal(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    match result {
        Err(StoreError::Refused(text)) => text,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A register with an admin (`beheer`, who opened it first) and three
/// cases: a raadslid's, a wethouder's and the burgemeester's.
struct Fixture {
    _dir: TempDir,
    path: std::path::PathBuf,
    admin: Store,
    raadslid: u64,
    wethouder: u64,
    burgemeester: u64,
}

fn fixture() -> Fixture {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("register.db");
    let mut admin = open_as(&path, "beheer");
    let raadslid = intake(
        &mut admin,
        VictimRole::Raadslid,
        "Klaas Raadslid",
        "dreigmail over de begroting",
    );
    let wethouder = intake(
        &mut admin,
        VictimRole::Wethouder,
        "Wim Wethouder",
        "windmolenwethouder bedreigd bij de markt",
    );
    let burgemeester = intake(
        &mut admin,
        VictimRole::Burgemeester,
        "Bea Burgemeester",
        "bedreiging na de raadsvergadering",
    );
    Fixture {
        _dir: dir,
        path,
        admin,
        raadslid,
        wethouder,
        burgemeester,
    }
}

#[test]
fn the_first_identity_gets_every_role_and_the_next_none() {
    let f = fixture();
    assert_eq!(f.admin.roles().unwrap(), Role::ALL.to_vec());
    let granted: Vec<_> = f
        .admin
        .export()
        .unwrap()
        .events
        .iter()
        .filter(|e| e.kind == "role-granted")
        .map(|e| e.seq)
        .collect();
    assert_eq!(granted.len(), Role::ALL.len());
    // Everything is seen by the one user.
    assert_eq!(f.admin.count_cases(&CaseQuery::default()).unwrap(), 3);

    let other = open_as(&f.path, "piet");
    assert!(other.roles().unwrap().is_empty());
    assert_eq!(other.count_cases(&CaseQuery::default()).unwrap(), 0);
    assert!(other.list_cases(&CaseQuery::default()).unwrap().is_empty());
    // Opening the register again gave nobody anything.
    let again = open_as(&f.path, "beheer");
    assert_eq!(again.roles().unwrap(), Role::ALL.to_vec());
    assert_eq!(again.role_matrix().unwrap().len(), 1);
}

#[test]
fn a_griffie_identity_cannot_see_search_count_or_export_an_aldermans_case() {
    let mut f = fixture();
    let perp = perpetrator(&mut f.admin, f.wethouder, "Henk Windmolen");
    f.admin.grant_role("griet", Role::Griffie).unwrap();
    let griet = open_as(&f.path, "griet");

    // List and count: the raadslid's and the mayor's, not the alderman's.
    assert_eq!(
        ids(&griet, &CaseQuery::default()),
        vec![f.raadslid, f.burgemeester]
    );
    assert_eq!(griet.count_cases(&CaseQuery::default()).unwrap(), 2);
    // Search: a word only in the alderman's case finds nothing, and the
    // total does not give it away.
    let q = search("windmolenwethouder");
    assert!(griet.list_cases(&q).unwrap().is_empty());
    assert_eq!(griet.count_cases(&q).unwrap(), 0);
    assert_eq!(f.admin.count_cases(&q).unwrap(), 1);
    // Searching on the victim's or the perpetrator's name neither.
    for text in ["Wim", "Wethouder", "Henk", "Windmolen"] {
        assert_eq!(griet.count_cases(&search(text)).unwrap(), 0, "{text}");
    }
    // A filter on the role.
    let by_role = CaseQuery {
        role: Some(VictimRole::Wethouder),
        ..CaseQuery::default()
    };
    assert_eq!(griet.count_cases(&by_role).unwrap(), 0);
    assert_eq!(f.admin.count_cases(&by_role).unwrap(), 1);
    // The case itself.
    let why = refusal(griet.case_events(f.wethouder));
    assert!(why.contains("hoort niet bij uw rol"), "{why}");
    assert!(why.contains("beheerder"), "{why}");
    assert!(griet.case_row(f.wethouder).unwrap().is_none());
    assert!(griet.case_row(f.raadslid).unwrap().is_some());
    // The perpetrator register and its cases.
    assert!(griet.perpetrators("", 50).unwrap().is_empty());
    assert!(griet.perpetrators("Windmolen", 50).unwrap().is_empty());
    assert!(griet.perpetrator_cases(perp).unwrap().is_empty());
    assert_eq!(f.admin.perpetrators("Windmolen", 50).unwrap().len(), 1);
    // The full export.
    let why = refusal(griet.check_full_export());
    assert!(why.contains("alleen voor de rol beheerder"), "{why}");
    assert!(refusal(griet.export()).contains("beheerder"));
    assert!(refusal(griet.export_to(&mut Vec::new())).contains("beheerder"));
    assert!(f.admin.export().is_ok());
    // Opening it is refused and not logged.
    let mut griet = griet;
    assert!(griet.open_case(f.wethouder).is_err());
    assert!(
        f.admin
            .access_log(&AccessFilter::Case(f.wethouder), 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn each_role_sees_its_route() {
    let mut f = fixture();
    for (who, role) in [
        ("griet", Role::Griffie),
        ("sanne", Role::Secretaris),
        ("kees", Role::Kabinet),
        ("priya", Role::Privacy),
    ] {
        f.admin.grant_role(who, role).unwrap();
    }
    let seen = |who: &str| ids(&open_as(&f.path, who), &CaseQuery::default());
    assert_eq!(seen("griet"), vec![f.raadslid, f.burgemeester]);
    assert_eq!(seen("sanne"), vec![f.wethouder, f.burgemeester]);
    assert_eq!(seen("kees"), vec![f.raadslid, f.wethouder]);
    assert_eq!(seen("priya"), Vec::<u64>::new());
}

#[test]
fn only_an_admin_assigns_roles_and_the_last_admin_stays() {
    let mut f = fixture();
    f.admin.grant_role("griet", Role::Griffie).unwrap();
    let mut griet = open_as(&f.path, "griet");
    let why = refusal(griet.grant_role("griet", Role::Secretaris));
    assert!(why.contains("Alleen een beheerder"), "{why}");
    assert!(why.contains("Vraag de beheerder"), "{why}");
    assert!(griet.role_matrix().is_err());

    let why = refusal(f.admin.revoke_role("beheer", Role::Beheerder));
    assert!(why.contains("laatste beheerder"), "{why}");
    f.admin.grant_role("griet", Role::Beheerder).unwrap();
    f.admin.revoke_role("beheer", Role::Beheerder).unwrap();
    // Now `beheer` is no admin any more.
    let why = refusal(f.admin.grant_role("kees", Role::Kabinet));
    assert!(why.contains("Alleen een beheerder"), "{why}");
    let matrix = griet.role_matrix().unwrap();
    assert!(matrix.contains(&("griet".to_string(), vec![Role::Griffie, Role::Beheerder])));
    let verdict = f.admin.verify().unwrap();
    assert!(verdict.is_intact(), "{:?}", verdict.problems());
}

#[test]
fn a_viewer_linked_as_victim_or_perpetrator_never_sees_those_cases() {
    let mut f = fixture();
    let second_alderman_case = intake(
        &mut f.admin,
        VictimRole::Wethouder,
        "Anna Andere",
        "scheldpartij",
    );
    let perp = perpetrator(&mut f.admin, f.raadslid, "Piet Pester");
    // The alderman is also the secretary's colleague with that role here.
    f.admin.grant_role("wim", Role::Secretaris).unwrap();
    f.admin
        .link_identity("wim", PersonLink::Victim { case: f.wethouder })
        .unwrap();
    let wim = open_as(&f.path, "wim");
    assert_eq!(
        ids(&wim, &CaseQuery::default()),
        vec![f.burgemeester, second_alderman_case]
    );
    assert_eq!(wim.count_cases(&CaseQuery::default()).unwrap(), 2);
    let why = refusal(wim.case_events(f.wethouder));
    assert!(why.contains("slachtoffer of veroorzaker"), "{why}");

    // A perpetrator who works at the town hall, with every case role.
    for role in [Role::Griffie, Role::Kabinet, Role::Secretaris] {
        f.admin.grant_role("piet", role).unwrap();
    }
    f.admin
        .link_identity("piet", PersonLink::Perpetrator { perpetrator: perp })
        .unwrap();
    // A case of the same perpetrator linked later is hidden too.
    f.admin
        .append(ev(
            Some(f.burgemeester),
            EventBody::PerpetratorLinked { perpetrator: perp },
        ))
        .unwrap();
    let piet = open_as(&f.path, "piet");
    assert_eq!(
        ids(&piet, &CaseQuery::default()),
        vec![f.wethouder, second_alderman_case]
    );
    assert!(piet.perpetrators("Pester", 10).unwrap().is_empty());
    assert!(piet.perpetrator_cases(perp).unwrap().is_empty());
    // Not by name: a namesake identity sees them.
    f.admin.grant_role("Piet Pester", Role::Griffie).unwrap();
    let namesake = open_as(&f.path, "Piet Pester");
    assert_eq!(
        ids(&namesake, &CaseQuery::default()),
        vec![f.raadslid, f.burgemeester]
    );
    let verdict = f.admin.verify().unwrap();
    assert!(verdict.is_intact(), "{:?}", verdict.problems());
}

/// A meeting opened and a disturbance logged by `store`; returns the case.
fn live_case(store: &mut Store) -> u64 {
    let meeting = store.open_meeting_events().unwrap();
    if meeting.is_empty() {
        store
            .append(ev(
                None,
                EventBody::MeetingStarted {
                    meeting_type: MeetingType::Raadsvergadering,
                    title: "Raad".into(),
                    chair: "Bea".into(),
                    location: "raadzaal".into(),
                    town_hall: true,
                    risk_check: None,
                },
            ))
            .unwrap();
    }
    store
        .append(ev(
            None,
            EventBody::DisturbanceStarted {
                number: 0,
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
        ))
        .unwrap()
        .case_id
        .unwrap()
}

#[test]
fn the_chairs_aide_sees_its_own_live_cases_until_handed_over() {
    let mut f = fixture();
    f.admin
        .grant_role("anna", Role::Voorzittersassistent)
        .unwrap();
    f.admin.grant_role("griet", Role::Griffie).unwrap();
    let mut anna = open_as(&f.path, "anna");
    let own = live_case(&mut anna);
    // The store recorded who logged it.
    let started = &f.admin.case_events(own).unwrap()[0];
    assert!(matches!(
        &started.body,
        EventBody::DisturbanceStarted { opened_by: Some(who), .. } if who == "anna"
    ));
    let theirs = live_case(&mut f.admin);
    assert_eq!(ids(&anna, &CaseQuery::default()), vec![own]);
    assert_eq!(anna.count_cases(&CaseQuery::default()).unwrap(), 1);
    assert!(anna.case_events(theirs).is_err());
    // The griffie sees both (a live case's victim is not known yet).
    let griet = open_as(&f.path, "griet");
    let both = [own, theirs];
    let all = ids(&griet, &CaseQuery::default());
    assert!(both.iter().all(|c| all.contains(c)), "{all:?}");
    // Someone else cannot hand it over for the aide; the aide can, once.
    let mut kees = {
        f.admin.grant_role("kees", Role::Kabinet).unwrap();
        open_as(&f.path, "kees")
    };
    let why = refusal(kees.hand_over(own));
    assert!(why.contains("niet zien"), "{why}");
    anna.hand_over(own).unwrap();
    assert!(ids(&anna, &CaseQuery::default()).is_empty());
    assert!(refusal(anna.hand_over(own)).contains("al overgedragen"));
    // An intake case is not handed over.
    assert!(refusal(f.admin.hand_over(f.raadslid)).contains("live console"));
    let verdict = f.admin.verify().unwrap();
    assert!(verdict.is_intact(), "{:?}", verdict.problems());
}

#[test]
fn the_sql_filter_agrees_with_the_rule_for_every_viewer_and_case() {
    let mut f = fixture();
    let perp = perpetrator(&mut f.admin, f.raadslid, "Joop");
    let ambtenaar = intake(&mut f.admin, VictimRole::Ambtenaar, "Ali", "schelden");
    let fractie = intake(&mut f.admin, VictimRole::Fractievolger, "Fem", "duwen");
    f.admin
        .grant_role("anna", Role::Voorzittersassistent)
        .unwrap();
    let mut anna = open_as(&f.path, "anna");
    let live = live_case(&mut anna);
    let other_live = live_case(&mut f.admin);
    let viewers: Vec<(&str, Vec<Role>)> = vec![
        ("g", vec![Role::Griffie]),
        ("s", vec![Role::Secretaris]),
        ("k", vec![Role::Kabinet]),
        ("gk", vec![Role::Griffie, Role::Kabinet]),
        ("sk", vec![Role::Secretaris, Role::Kabinet]),
        ("anna", vec![Role::Voorzittersassistent]),
        ("ak", vec![Role::Voorzittersassistent, Role::Kabinet]),
        ("p", vec![Role::Privacy, Role::Beheerder]),
        ("v", vec![Role::Griffie, Role::Secretaris, Role::Kabinet]),
    ];
    for (who, roles) in &viewers {
        for role in roles {
            if *who != "anna" {
                f.admin.grant_role(who, *role).unwrap();
            }
        }
    }
    f.admin
        .link_identity("v", PersonLink::Perpetrator { perpetrator: perp })
        .unwrap();
    f.admin
        .link_identity("gk", PersonLink::Victim { case: fractie })
        .unwrap();
    let all_cases = [
        f.raadslid,
        f.wethouder,
        f.burgemeester,
        ambtenaar,
        fractie,
        live,
        other_live,
    ];
    let roles_of_case =
        |c: u64| -> Option<VictimRole> { f.admin.case_row(c).unwrap().unwrap().victim_role };
    for (who, roles) in &viewers {
        let store = open_as(&f.path, who);
        let listed = ids(&store, &CaseQuery::default());
        let mut expected: Vec<u64> = all_cases
            .iter()
            .copied()
            .filter(|c| {
                let facts = CaseFacts {
                    victim_role: roles_of_case(*c),
                    opened_by: (*c == live)
                        .then(|| "anna".to_string())
                        .or((*c == other_live).then(|| "beheer".to_string())),
                    handed_over: false,
                    viewer_is_party: (*who == "v" && *c == f.raadslid)
                        || (*who == "gk" && *c == fractie),
                };
                access::may_see(who, roles, &facts).is_ok()
            })
            .collect();
        expected.sort();
        assert_eq!(listed, expected, "{who} {roles:?}");
        assert_eq!(
            store.count_cases(&CaseQuery::default()).unwrap(),
            expected.len() as u64,
            "{who}"
        );
        for c in all_cases {
            assert_eq!(
                store.check_visible(c).is_ok(),
                expected.contains(&c),
                "{who} case {c}"
            );
        }
    }
}

#[test]
fn opening_a_case_is_logged_once_and_listing_is_not() {
    let mut f = fixture();
    f.admin.grant_role("griet", Role::Griffie).unwrap();
    f.admin.grant_role("priya", Role::Privacy).unwrap();
    let mut griet = open_as(&f.path, "griet");
    griet.list_cases(&CaseQuery::default()).unwrap();
    griet.count_cases(&CaseQuery::default()).unwrap();
    let priya = open_as(&f.path, "priya");
    assert!(
        priya
            .access_log(&AccessFilter::All, 100)
            .unwrap()
            .is_empty()
    );
    let events = griet.open_case(f.raadslid).unwrap();
    assert!(matches!(events[0].body, EventBody::CaseOpened { .. }));
    // The case's own history does not change by being looked at.
    assert_eq!(events.len(), f.admin.case_events(f.raadslid).unwrap().len());
    let log = priya.access_log(&AccessFilter::All, 100).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].identity, "griet");
    assert_eq!(log[0].what, AccessKind::CaseOpened);
    assert_eq!(log[0].case_id, Some(f.raadslid));
    assert_eq!(
        priya
            .access_log(&AccessFilter::Identity("griet".into()), 10)
            .unwrap()
            .len(),
        1
    );
    assert!(
        priya
            .access_log(&AccessFilter::Case(f.burgemeester), 10)
            .unwrap()
            .is_empty()
    );
    let (by_identity, by_case) = priya.access_totals().unwrap();
    assert_eq!(by_identity, vec![("griet".to_string(), 1)]);
    assert_eq!(by_case.len(), 1);
    // Only the privacy officer reads it; case content is not hers.
    let why = refusal(griet.access_log(&AccessFilter::All, 10));
    assert!(why.contains("privacyfunctionaris"), "{why}");
    assert!(priya.case_events(f.raadslid).is_err());
    let verdict = f.admin.verify().unwrap();
    assert!(verdict.is_intact(), "{:?}", verdict.problems());
}

#[test]
fn role_events_are_refused_when_forged_in_the_transaction() {
    let mut f = fixture();
    // A grant that claims to be by someone who is no admin.
    let why = refusal(f.admin.append(ev(
        None,
        EventBody::RoleGranted {
            identity: "mallory".into(),
            role: Role::Beheerder,
            by: "mallory".into(),
        },
    )));
    assert!(why.contains("Alleen een beheerder"), "{why}");
    let why = refusal(f.admin.link_identity("x", PersonLink::Victim { case: 999 }));
    assert!(why.contains("bestaat niet"), "{why}");
}

/// A register of schema 5 (before the roles), with intake cases of every
/// victim role: migrated at its next open, each case gets the route of its
/// victim, `verify` agrees with the rebuild, and the first account to open
/// it gets every role.
#[test]
fn a_register_of_before_the_roles_is_migrated_with_each_cases_route() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("oud.db");
    let mut ids = Vec::new();
    {
        let mut store = Store::open_with(&path, None).unwrap();
        for (i, role) in VictimRole::ALL.iter().enumerate() {
            ids.push((
                intake(&mut store, *role, &format!("Persoon {i}"), "iets"),
                *role,
            ));
        }
        live_case(&mut store);
    }
    {
        // Back to schema 5: without what migration 6 made.
        let conn = raadsorde::storage::open_raw(&path).unwrap();
        common::undo_roles_migration(&conn);
        conn.execute_batch("PRAGMA user_version = 5;").unwrap();
    }
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.schema_version(), 5);
    let verdict = ro.verify().unwrap();
    assert!(verdict.is_intact(), "{:?}", verdict.problems());
    drop(ro);

    let mut first = open_as(&path, "beheer");
    assert_eq!(first.roles().unwrap(), Role::ALL.to_vec());
    let verdict = first.verify().unwrap();
    assert!(verdict.is_intact(), "{:?}", verdict.problems());
    first.grant_role("kees", Role::Kabinet).unwrap();
    let kees = open_as(&path, "kees");
    for (id, role) in ids {
        let facts = CaseFacts {
            victim_role: Some(role),
            opened_by: None,
            handed_over: false,
            viewer_is_party: false,
        };
        let expected = access::may_see("kees", &[Role::Kabinet], &facts).is_ok();
        assert_eq!(kees.check_visible(id).is_ok(), expected, "{role:?}");
    }
}

/// A register of before the roles whose history is damaged gets no role
/// events chained onto it: the store stays unrestricted and says why.
#[test]
fn a_damaged_register_of_before_the_roles_gets_no_roles_written() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("beschadigd.db");
    {
        let mut store = Store::open_with(&path, None).unwrap();
        intake(&mut store, VictimRole::Wethouder, "Wim", "dreiging");
        intake(&mut store, VictimRole::Raadslid, "Rita", "schelden");
        let conn = store.connection();
        conn.execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET payload = replace(payload, 'Wim', 'Piet') WHERE seq = 1;",
        )
        .unwrap();
    }
    let mut store = Store::open_with(&path, None).unwrap();
    let before = store.head().unwrap().unwrap().0;
    let roles = store.act_as("beheer").unwrap();
    assert_eq!(roles, Role::ALL.to_vec());
    assert_eq!(
        store.head().unwrap().unwrap().0,
        before,
        "nothing chained on"
    );
    assert!(
        store
            .warnings()
            .iter()
            .any(|w| w.contains("geen rollen toegekend")),
        "{:?}",
        store.warnings()
    );
    assert_eq!(store.count_cases(&CaseQuery::default()).unwrap(), 2);
}

/// The export commands check the history and then act as the identity: a
/// register without roles is not checked twice while its head is the one
/// checked, and is checked again when anything was written since (here an
/// intake, and a payload changed behind the program's back).
#[test]
fn a_history_checked_before_the_register_moved_on_is_checked_again() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("verder.db");
    let mut store = Store::open_with(&path, None).unwrap();
    intake(&mut store, VictimRole::Wethouder, "Wim", "dreiging");
    let checked = store.verify_history().unwrap();
    assert!(checked.is_intact(), "{:?}", checked.problems());

    // Unchanged since the check: the roles are given.
    let mut same = Store::open_with(&path, None).unwrap();
    let before = same.head().unwrap().unwrap().0;
    assert_eq!(
        same.act_as_after("beheer", Some(&checked)).unwrap(),
        Role::ALL.to_vec()
    );
    assert!(same.head().unwrap().unwrap().0 > before, "roles written");
    drop(same);

    // Another register, the same steps, but written to after the check.
    let path = dir.path().join("verder-2.db");
    let mut store = Store::open_with(&path, None).unwrap();
    intake(&mut store, VictimRole::Wethouder, "Wim", "dreiging");
    let checked = store.verify_history().unwrap();
    assert!(checked.is_intact());
    intake(&mut store, VictimRole::Raadslid, "Rita", "schelden");
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET payload = replace(payload, 'Wim', 'Piet') WHERE seq = 1;",
        )
        .unwrap();
    drop(store);
    let mut moved_on = Store::open_with(&path, None).unwrap();
    let before = moved_on.head().unwrap().unwrap().0;
    assert_eq!(
        moved_on.act_as_after("beheer", Some(&checked)).unwrap(),
        Role::ALL.to_vec()
    );
    assert_eq!(
        moved_on.head().unwrap().unwrap().0,
        before,
        "nothing chained onto the damaged history"
    );
    assert!(
        moved_on
            .warnings()
            .iter()
            .any(|w| w.contains("geen rollen toegekend")),
        "{:?}",
        moved_on.warnings()
    );
}
