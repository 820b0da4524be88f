//! The case register against a real database file: migration, intake,
//! the case list with its filters, sorts and search, perpetrators, batches
//! and the demo generator.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset};
use raadsorde::domain::case::{
    CaseStatus, Channel, PerpetratorKind, Recipient, Victim, VictimRole,
};
use raadsorde::domain::chain::{self, GENESIS, Header};
use raadsorde::domain::time;
use raadsorde::domain::{Category, DemandBy, EventBody, MeetingType, NewEvent};
use raadsorde::storage::{
    CaseOrigin, CaseQuery, CaseSort, CaseState, CaseTotal, SCHEMA_VERSION, Store, StoreError,
    Verdict, set_next_step,
};
use rusqlite::{Connection, params};
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

fn fresh() -> (Store, TempDir) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("register.db")).unwrap();
    (store, dir)
}

fn victim(name: &str, role: VictimRole) -> Victim {
    Victim {
        name: name.into(),
        role,
        also: String::new(),
    }
}

/// An intake case; returns its id.
#[allow(clippy::too_many_arguments)]
fn intake(
    store: &mut Store,
    registered: &str,
    occurred: &str,
    channel: Channel,
    role: VictimRole,
    name: &str,
    category: Category,
    what: &str,
) -> u64 {
    let e = store
        .append(ev(
            registered,
            None,
            EventBody::CaseOpened {
                occurred_at: occurred.into(),
                channel,
                victim: victim(name, role),
                what: what.into(),
                place: "hal gemeentekantoor".into(),
                category,
            },
        ))
        .unwrap();
    e.case_id.unwrap()
}

fn ids(store: &Store, q: &CaseQuery) -> Vec<u64> {
    store.list_cases(q).unwrap().iter().map(|r| r.id).collect()
}

fn search(store: &Store, text: &str) -> Vec<u64> {
    let q = CaseQuery {
        text: text.into(),
        ..CaseQuery::default()
    };
    let mut found = ids(store, &q);
    assert_eq!(
        store.count_cases(&q).unwrap(),
        found.len() as u64,
        "count of '{text}'"
    );
    capped_counts_agree(store, &q, found.len() as u64);
    found.sort_unstable();
    found
}

/// The ids and the count of the cases matching a query built by `f`; the
/// capped count agrees with it at every cap.
fn run(store: &Store, f: impl Fn(&mut CaseQuery)) -> (Vec<u64>, u64) {
    let mut q = CaseQuery::default();
    f(&mut q);
    let n = store.count_cases(&q).unwrap();
    capped_counts_agree(store, &q, n);
    let listed = ids(store, &q);
    // The browser's one call per key gives the same page and count.
    for cap in [0, 1, 1_000] {
        let (rows, total) = store.list_with_count(&q, cap).unwrap();
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), listed);
        // Capped as the count is, or exact where the page had every match
        // at hand (a search read once): never a wrong number.
        let capped = store.count_cases_upto(&q, cap).unwrap();
        assert!(
            total == capped || total == CaseTotal::Exact(n),
            "cap {cap}: {total:?}, capped {capped:?}, exact {n}"
        );
    }
    (listed, n)
}

/// `count_cases_upto` says `Exact(n)` from cap `n` on, and "more than
/// cap" below it: a lower bound, never a wrong number.
fn capped_counts_agree(store: &Store, q: &CaseQuery, n: u64) {
    for cap in 0..=n + 1 {
        let expected = if n > cap {
            CaseTotal::MoreThan(cap)
        } else {
            CaseTotal::Exact(n)
        };
        assert_eq!(
            store.count_cases_upto(q, cap).unwrap(),
            expected,
            "cap {cap} of {q:?}"
        );
    }
}

fn intact(store: &Store) -> u64 {
    match store.verify().unwrap() {
        Verdict::Intact { count, .. } => count,
        v => panic!("chain broken: {v:?}"),
    }
}

// --- migration -------------------------------------------------------------

/// Appends an event the way version 1 of the program did, straight into a
/// version-1 database: chain, event row, and the live case it opened.
fn v1_append(
    conn: &Connection,
    seq: u64,
    at: &str,
    meeting: Option<u64>,
    case: Option<u64>,
    body: EventBody,
) {
    let prev: Vec<u8> = if seq == 1 {
        GENESIS.to_vec()
    } else {
        conn.query_row("SELECT hash FROM events WHERE seq = ?1", [seq - 1], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let prev: [u8; 32] = prev.try_into().unwrap();
    let at = t(at);
    let (kind, payload) = body.to_parts().unwrap();
    let payload = chain::canonical_json(&payload);
    let digest = chain::sha256(payload.as_bytes());
    let (at_local, at_utc) = (time::local_string(&at), time::utc_string(&at));
    let header = Header {
        at_local: &at_local,
        at_utc: &at_utc,
        actor: "griffie",
        kind: &kind,
        meeting_id: meeting,
        case_id: case,
        corrects: None,
    };
    let hash = chain::link(seq, &prev, &header.digest(), &digest);
    let tx = conn.unchecked_transaction().unwrap();
    if let EventBody::DisturbanceStarted { .. } = body {
        tx.execute(
            "INSERT INTO cases (id, number, year, year_seq, origin, meeting_id, opened_seq,
                                category, opened_at, status)
             VALUES (?1, '2026-0001', 2026, 1, 'live', ?2, ?3, 'verbale-agressie', ?4, 'live')",
            params![case, meeting, seq, at_local],
        )
        .unwrap();
    }
    tx.execute(
        "INSERT INTO events (seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                             payload, payload_digest, prev_hash, hash)
         VALUES (?1, ?2, ?3, 'griffie', ?4, ?5, ?6, NULL, ?7, ?8, ?9, ?10)",
        params![
            seq,
            at_local,
            at_utc,
            kind,
            meeting,
            case,
            payload,
            &digest[..],
            &prev[..],
            &hash[..]
        ],
    )
    .unwrap();
    if let EventBody::MeetingStarted { .. } = body {
        tx.execute(
            "INSERT INTO meetings (id, meeting_type, title, chair, location, started_at)
             VALUES (?1, 'raadsvergadering', 'Raad', 'burgemeester', 'raadzaal', ?2)",
            params![seq, at_local],
        )
        .unwrap();
    }
    if let EventBody::DisturbanceEnded {} = body {
        tx.execute("UPDATE cases SET status = 'open' WHERE id = ?1", [case])
            .unwrap();
    }
    tx.commit().unwrap();
}

#[test]
fn migrates_a_version_1_register_with_live_data() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("oud.db");
    {
        let conn = raadsorde::storage::open_raw(&path).unwrap();
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .unwrap();
        conn.execute_batch(include_str!(
            "../src/storage/migrations/001_evidence_log.sql"
        ))
        .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let m = Some(1);
        let c = Some(1);
        v1_append(
            &conn,
            1,
            "2026-03-10T19:30:00+01:00",
            None,
            None,
            EventBody::MeetingStarted {
                meeting_type: MeetingType::Raadsvergadering,
                title: "Raad".into(),
                chair: "burgemeester".into(),
                location: "raadzaal".into(),
                town_hall: false,
                risk_check: None,
            },
        );
        v1_append(
            &conn,
            2,
            "2026-03-10T20:05:00+01:00",
            m,
            c,
            EventBody::DisturbanceStarted {
                number: 0,
                category: Some(Category::VerbaleAgressie),
                place: "publieke tribune".into(),
                description: "Man roept door het debat over de windmolens".into(),
                opened_by: None,
            },
        );
        v1_append(
            &conn,
            3,
            "2026-03-10T20:06:00+01:00",
            m,
            c,
            EventBody::Demand {
                number: 1,
                by: DemandBy::Voorzitter,
                wording: "Verlaat de zaal".into(),
                person: 1,
            },
        );
        v1_append(
            &conn,
            4,
            "2026-03-10T20:07:00+01:00",
            m,
            c,
            EventBody::Note {
                text: "Draagt een oranje hesje".into(),
            },
        );
        v1_append(
            &conn,
            5,
            "2026-03-10T20:15:00+01:00",
            m,
            c,
            EventBody::DisturbanceEnded {},
        );
    }

    let mut store = Store::open(&path).unwrap();
    let v: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 9);
    assert_eq!(SCHEMA_VERSION, 9);
    // The five version 1 events and the marker after which the chain goes
    // on as version 2.
    assert_eq!(intact(&store), 6);

    let rows = store.list_cases(&CaseQuery::default()).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.number, "2026-0001");
    assert_eq!(row.status, CaseState::Open);
    assert_eq!(row.origin, CaseOrigin::Live);
    assert_eq!(row.occurred_at, "2026-03-10T20:05:00.000+01:00");
    assert_eq!(row.category, Some(Category::VerbaleAgressie));
    assert_eq!(row.victim_role, None);
    let occurred_utc: String = store
        .connection()
        .query_row("SELECT occurred_utc FROM cases WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(occurred_utc, "2026-03-10T19:05:00.000Z");
    // The old text is searchable: description, place and notes.
    assert_eq!(search(&store, "windmol"), vec![1]);
    assert_eq!(search(&store, "tribune"), vec![1]);
    assert_eq!(search(&store, "hesje"), vec![1]);
    assert_eq!(store.case_events(1).unwrap().len(), 4);
    let year = CaseQuery {
        year: Some(2026),
        ..CaseQuery::default()
    };
    assert_eq!(store.count_cases(&year).unwrap(), 1);

    // And the register carries on where version 1 left off.
    let id = intake(
        &mut store,
        "2026-03-12T09:00:00+01:00",
        "2026-03-11T16:00:00+01:00",
        Channel::Email,
        VictimRole::Raadslid,
        "Fatma Özdemir",
        Category::BedreigingIntimidatie,
        "Dreigmail",
    );
    assert_eq!(store.case_number(id).unwrap().unwrap(), "2026-0002");
    assert_eq!(intact(&store), 7);
    drop(store);
    // Opening again does not migrate again.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count_cases(&CaseQuery::default()).unwrap(), 2);
}

#[test]
fn a_fresh_register_is_version_2_and_live_cases_list() {
    let (mut store, _dir) = fresh();
    let v: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 9);
    let m = store
        .append(ev(
            "2026-11-26T19:30:00+01:00",
            None,
            EventBody::MeetingStarted {
                meeting_type: MeetingType::Commissie,
                title: "Commissie Ruimte".into(),
                chair: "burgemeester".into(),
                location: "raadzaal".into(),
                town_hall: false,
                risk_check: None,
            },
        ))
        .unwrap();
    let mut d = ev(
        "2026-11-26T20:00:00+01:00",
        None,
        EventBody::DisturbanceStarted {
            number: 0,
            category: Some(Category::FysiekGeweld),
            place: "publieke tribune".into(),
            description: "Verstoring: gooit een waterfles".into(),
            opened_by: None,
        },
    );
    d.meeting_id = m.meeting_id;
    let d = store.append(d).unwrap();
    let case = d.case_id.unwrap();
    let row = store.case_row(case).unwrap().unwrap();
    assert_eq!(row.status, CaseState::Live);
    assert_eq!(row.origin, CaseOrigin::Live);
    assert_eq!(row.channel, None);
    assert_eq!(search(&store, "waterfl"), vec![case]);
    let live = CaseQuery {
        status: Some(CaseState::Live),
        ..CaseQuery::default()
    };
    assert_eq!(ids(&store, &live), vec![case]);
    let mut end = ev(
        "2026-11-26T20:10:00+01:00",
        Some(case),
        EventBody::DisturbanceEnded {},
    );
    end.meeting_id = m.meeting_id;
    store.append(end).unwrap();
    assert_eq!(
        store.case_row(case).unwrap().unwrap().status,
        CaseState::Open
    );
    assert!(ids(&store, &live).is_empty());
}

// --- intake and projection -------------------------------------------------

#[test]
fn intake_opens_a_numbered_case_per_year_of_registration() {
    let (mut store, _dir) = fresh();
    let a = intake(
        &mut store,
        "2025-12-30T10:00:00+01:00",
        "2025-12-29T10:00:00+01:00",
        Channel::Telefoon,
        VictimRole::Wethouder,
        "Joost Wikkerink",
        Category::VerbaleAgressie,
        "Schold de wethouder uit",
    );
    // Happened in 2025, registered in 2026: numbered in 2026.
    let b = intake(
        &mut store,
        "2026-01-02T09:00:00+01:00",
        "2025-12-31T22:00:00+01:00",
        Channel::SocialeMedia,
        VictimRole::Raadslid,
        "Bas ’t Lam",
        Category::BedreigingIntimidatie,
        "Dreigbericht",
    );
    let c = intake(
        &mut store,
        "2026-01-03T09:00:00+01:00",
        "2026-01-03T08:00:00+01:00",
        Channel::Persoonlijk,
        VictimRole::Ambtenaar,
        "Sevda Koç",
        Category::EmotioneelGedrag,
        "Boos aan de balie",
    );
    assert_eq!(store.case_number(a).unwrap().unwrap(), "2025-0001");
    assert_eq!(store.case_number(b).unwrap().unwrap(), "2026-0001");
    assert_eq!(store.case_number(c).unwrap().unwrap(), "2026-0002");
    let row = store.case_row(b).unwrap().unwrap();
    assert_eq!(row.origin, CaseOrigin::Intake);
    assert_eq!(row.status, CaseState::Open);
    assert_eq!(row.channel, Some(Channel::SocialeMedia));
    assert_eq!(row.victim_role, Some(VictimRole::Raadslid));
    assert_eq!(row.occurred_at, "2025-12-31T22:00:00.000+01:00");
    // The next step comes from the case file rules (src/domain/casefile).
    assert_eq!(row.next_step.as_deref(), Some("eerste nazorggesprek"));
    let events = store.case_events(b).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].case_id, Some(b));
    assert!(matches!(events[0].body, EventBody::CaseOpened { .. }));
}

#[test]
fn case_events_change_the_register_and_keep_their_history() {
    let (mut store, _dir) = fresh();
    let id = intake(
        &mut store,
        "2026-02-01T10:00:00+01:00",
        "2026-02-01T09:00:00+01:00",
        Channel::Persoonlijk,
        VictimRole::Raadslid,
        "Chloë van Dijk",
        Category::EmotioneelGedrag,
        "Verheven stem over het zwembad",
    );
    let at = "2026-02-03T10:00:00+01:00";
    store
        .append(ev(
            at,
            Some(id),
            EventBody::Reclassified {
                category: Category::VerbaleAgressie,
                reason: "hield aan na aanspreken".into(),
            },
        ))
        .unwrap();
    store
        .append(ev(
            at,
            Some(id),
            EventBody::StatusChanged {
                status: CaseStatus::InBehandeling,
                reason: "route gevolgd".into(),
            },
        ))
        .unwrap();
    store
        .append(ev(
            at,
            Some(id),
            EventBody::VictimRecorded {
                victim: victim("Renée Hulshof", VictimRole::Wethouder),
            },
        ))
        .unwrap();
    store
        .append(ev(
            "2026-02-04T11:00:00+01:00",
            Some(id),
            EventBody::Informed {
                recipient: Recipient::Burgemeester,
                on: chrono::NaiveDate::from_ymd_opt(2026, 2, 4).unwrap(),
            },
        ))
        .unwrap();
    let row = store.case_row(id).unwrap().unwrap();
    assert_eq!(row.category, Some(Category::VerbaleAgressie));
    assert_eq!(row.status, CaseState::InBehandeling);
    assert_eq!(row.victim_role, Some(VictimRole::Wethouder));
    let updated: String = store
        .connection()
        .query_row("SELECT updated_at FROM cases WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(updated, "2026-02-04T11:00:00.000+01:00");
    // The new victim's name is searchable, the earlier classification stays
    // in the case's history.
    assert_eq!(search(&store, "hulsh"), vec![id]);
    let events = store.case_events(id).unwrap();
    assert_eq!(events.len(), 5);
    assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!(matches!(
        events[0].body,
        EventBody::CaseOpened {
            category: Category::EmotioneelGedrag,
            ..
        }
    ));
}

#[test]
fn case_events_without_a_case_are_refused_and_nothing_is_stored() {
    let (mut store, _dir) = fresh();
    let err = store
        .append(ev(
            "2026-02-01T10:00:00+01:00",
            None,
            EventBody::StatusChanged {
                status: CaseStatus::Afgesloten,
                reason: "x".into(),
            },
        ))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("status-changed"), "{err}");
    let bad_time = store
        .append(ev(
            "2026-02-01T10:00:00+01:00",
            None,
            EventBody::CaseOpened {
                occurred_at: "gisteren".into(),
                channel: Channel::Anders,
                victim: victim("X", VictimRole::Raadslid),
                what: "x".into(),
                place: "x".into(),
                category: Category::VerbaleAgressie,
            },
        ))
        .unwrap_err();
    assert!(bad_time.to_string().contains("gisteren"), "{bad_time}");
    assert_eq!(intact(&store), 0);
    assert_eq!(store.count_cases(&CaseQuery::default()).unwrap(), 0);
}

// --- the list ----------------------------------------------------------------

/// Five cases over two years; returns their ids in order of occurrence.
fn five(store: &mut Store) -> [u64; 5] {
    [
        intake(
            store,
            "2025-03-01T12:00:00+01:00",
            "2025-03-01T10:00:00+01:00",
            Channel::Email,
            VictimRole::Raadslid,
            "Fatma Özdemir",
            Category::BedreigingIntimidatie,
            "Dreigmail over de windmolens: 'wij weten waar je woont'",
        ),
        intake(
            store,
            "2025-06-01T12:00:00+02:00",
            "2025-06-01T10:00:00+02:00",
            Channel::SocialeMedia,
            VictimRole::Wethouder,
            "Joost Wikkerink",
            Category::VerbaleAgressie,
            "Beledigende reacties op Facebook over de sporthal",
        ),
        // Local new year's night: 2026 here, 2025 in UTC.
        intake(
            store,
            "2026-01-01T10:00:00+01:00",
            "2026-01-01T00:30:00+01:00",
            Channel::Persoonlijk,
            VictimRole::Burgemeester,
            "Marga ’t Hoen",
            Category::FysiekGeweld,
            "Vuurwerk naar de burgemeester gegooid; verstoring van de nieuwjaarsreceptie",
        ),
        intake(
            store,
            "2026-04-01T12:00:00+02:00",
            "2026-04-01T10:00:00+02:00",
            Channel::Email,
            VictimRole::Ambtenaar,
            "Ingrid Wüst",
            Category::EmotioneelGedrag,
            "Boze e-mail over de afvalstoffenheffing",
        ),
        intake(
            store,
            "2026-05-01T12:00:00+02:00",
            "2026-05-01T10:00:00+02:00",
            Channel::Persoonlijk,
            VictimRole::Raadslid,
            "Jan-Willem ter Haar",
            Category::VerbaleAgressie,
            "Schold het raadslid uit op de markt",
        ),
    ]
}

#[test]
fn lists_filters_sorts_and_counts() {
    let (mut store, _dir) = fresh();
    let [a, b, c, d, e] = five(&mut store);
    let all = CaseQuery::default();
    assert_eq!(ids(&store, &all), vec![e, d, c, b, a]);
    assert_eq!(store.count_cases(&all).unwrap(), 5);
    let oldest = CaseQuery {
        sort: CaseSort::Oldest,
        ..CaseQuery::default()
    };
    assert_eq!(ids(&store, &oldest), vec![a, b, c, d, e]);

    let page = CaseQuery {
        limit: 2,
        offset: 1,
        ..CaseQuery::default()
    };
    assert_eq!(ids(&store, &page), vec![d, c]);
    assert_eq!(store.count_cases(&page).unwrap(), 5);

    assert_eq!(run(&store, |q| q.year = Some(2026)), (vec![e, d, c], 3));
    assert_eq!(run(&store, |q| q.year = Some(2025)), (vec![b, a], 2));
    assert_eq!(run(&store, |q| q.year = Some(1999)), (vec![], 0));
    assert_eq!(run(&store, |q| q.year = Some(i32::MAX)), (vec![], 0));
    assert_eq!(
        run(&store, |q| q.channel = Some(Channel::Email)),
        (vec![d, a], 2)
    );
    assert_eq!(
        run(&store, |q| q.role = Some(VictimRole::Raadslid)),
        (vec![e, a], 2)
    );
    assert_eq!(
        run(&store, |q| q.category = Some(Category::VerbaleAgressie)),
        (vec![e, b], 2)
    );
    assert_eq!(
        run(&store, |q| {
            q.role = Some(VictimRole::Raadslid);
            q.year = Some(2026);
        }),
        (vec![e], 1)
    );

    store
        .append(ev(
            "2026-05-02T10:00:00+02:00",
            Some(b),
            EventBody::StatusChanged {
                status: CaseStatus::Afgesloten,
                reason: "afgehandeld".into(),
            },
        ))
        .unwrap();
    assert_eq!(
        run(&store, |q| q.status = Some(CaseState::Afgesloten)),
        (vec![b], 1)
    );
    assert_eq!(
        run(&store, |q| {
            q.status = Some(CaseState::Open);
            q.text = "e-mail dreigmail".into();
        }),
        (vec![], 0)
    );
    assert_eq!(
        run(&store, |q| {
            q.status = Some(CaseState::Open);
            q.text = "dreigm".into();
        }),
        (vec![a], 1)
    );

    // Urgency: due first (earliest first), then the rest newest first.
    {
        let tx = store.connection().unchecked_transaction().unwrap();
        for id in [a, c, e] {
            set_next_step(&tx, id, None, None).unwrap();
        }
        set_next_step(
            &tx,
            b,
            Some("tweede nazorggesprek"),
            Some("2026-05-04T10:00:00.000Z"),
        )
        .unwrap();
        set_next_step(
            &tx,
            d,
            Some("eerste nazorggesprek"),
            Some("2026-05-03T08:00:00.000Z"),
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let urgent = CaseQuery {
        sort: CaseSort::Urgency,
        ..CaseQuery::default()
    };
    assert_eq!(ids(&store, &urgent), vec![d, b, e, c, a]);
    let row = &store.list_cases(&urgent).unwrap()[0];
    assert_eq!(row.next_step.as_deref(), Some("eerste nazorggesprek"));
    assert_eq!(
        row.next_due_utc.as_deref(),
        Some("2026-05-03T08:00:00.000Z")
    );
}

#[test]
fn search_matches_word_prefixes_without_diacritics() {
    let (mut store, _dir) = fresh();
    let [a, b, c, d, e] = five(&mut store);
    assert_eq!(search(&store, "ozdemir"), vec![a]);
    assert_eq!(search(&store, "ÖZD"), vec![a]);
    assert_eq!(search(&store, "wust"), vec![d]);
    assert_eq!(search(&store, "hoen"), vec![c]);
    assert_eq!(search(&store, "’t hoen"), vec![c]);
    assert_eq!(search(&store, "jan-willem"), vec![e]);
    assert_eq!(search(&store, "verst"), vec![c]);
    assert_eq!(search(&store, "facebook sporthal"), vec![b]);
    assert_eq!(search(&store, "facebook windmolens"), Vec::<u64>::new());
    // Place is searchable too (all five were in the hall).
    assert_eq!(search(&store, "gemeentekant").len(), 5);
    // Only prefixes: the middle of a word does not match.
    assert!(search(&store, "molens").is_empty());

    // A note added later is found.
    store
        .append(ev(
            "2026-05-03T10:00:00+02:00",
            Some(e),
            EventBody::Note {
                text: "Wijkagent geïnformeerd".into(),
            },
        ))
        .unwrap();
    assert_eq!(search(&store, "geinform"), vec![e]);
    assert_eq!(search(&store, "wijkagent markt"), vec![e]);
}

#[test]
fn hostile_search_input_never_errors() {
    let (mut store, _dir) = fresh();
    five(&mut store);
    let mut inputs: Vec<String> = [
        "\"",
        "\"\"",
        "\"*",
        "*",
        "**",
        "a*b",
        "AND",
        "OR",
        "NOT",
        "a AND",
        "NEAR(",
        "NEAR(a b",
        "NEAR(a b, 2)",
        "-",
        "- x",
        "-x",
        "x -",
        "^",
        "^x",
        "what:",
        "what:dreig",
        "{what place}: x",
        "(",
        ")",
        "()",
        "+",
        ":",
        ";",
        "'",
        "' OR 1=1 --",
        "x'); DROP TABLE cases; --",
        "\0",
        "a\0b",
        "\u{0301}",
        "e\u{0301}",
        "\u{0903}",
        "ः",
        "😀",
        "😀abc",
        "\u{202E}abc",
        "ﬁ",
        "Ĳssel",
        "日本語",
        "مرحبا",
        "\t\n",
        "\"ozd",
        "ozd\"",
        "o\"zd",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push("x ".repeat(500));
    inputs.push("ä".repeat(10_000));
    // And some pseudo-random unicode.
    let mut x: u64 = 0x1234_5678;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..(x % 12) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let c = match x % 4 {
                0 => (x >> 8) % 0x80,
                1 => (x >> 8) % 0x3000,
                2 => 0x0300 + (x >> 8) % 0x70,
                _ => (x >> 8) % 0x11_0000,
            };
            if let Some(c) = char::from_u32(c as u32) {
                s.push(c);
            }
        }
        inputs.push(s);
    }
    for text in &inputs {
        let q = CaseQuery {
            text: text.clone(),
            ..CaseQuery::default()
        };
        let listed = store.list_cases(&q);
        assert!(listed.is_ok(), "list '{text:?}': {listed:?}");
        let counted = store.count_cases(&q);
        assert!(counted.is_ok(), "count '{text:?}': {counted:?}");
        let mut filtered = q.clone();
        filtered.status = Some(CaseState::Open);
        assert!(store.count_cases(&filtered).is_ok(), "{text:?}");
        let p = store.perpetrators(text, 10);
        assert!(p.is_ok(), "perpetrators '{text:?}': {p:?}");
    }
    // Input that is nothing but punctuation means no search at all.
    assert_eq!(search(&store, "\" * -").len(), 5);
}

// --- perpetrators --------------------------------------------------------

#[test]
fn perpetrators_link_cases_for_repeat_detection() {
    let (mut store, _dir) = fresh();
    let [a, b, c, _d, e] = five(&mut store);
    let p = store
        .append(ev(
            "2026-05-02T10:00:00+02:00",
            Some(e),
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "man, ca. 50 jaar, grijze baard".into(),
                name: "Jürgen Schäfer".into(),
            },
        ))
        .unwrap();
    let pid = p.seq;
    let other = store
        .append(ev(
            "2026-05-02T10:05:00+02:00",
            None,
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Collectief,
                description: "actiegroep tegen de windmolens".into(),
                name: String::new(),
            },
        ))
        .unwrap();
    for case in [a, c] {
        store
            .append(ev(
                "2026-05-03T10:00:00+02:00",
                Some(case),
                EventBody::PerpetratorLinked { perpetrator: pid },
            ))
            .unwrap();
    }
    // Linking it to the same case again is refused at the moment of writing.
    let again = store.append(ev(
        "2026-05-03T10:00:00+02:00",
        Some(a),
        EventBody::PerpetratorLinked { perpetrator: pid },
    ));
    assert!(
        matches!(&again, Err(e) if e.is_refusal() && e.to_string().contains("al aan deze zaak")),
        "{again:?}"
    );
    // Oldest first, each case once.
    let cases: Vec<u64> = store
        .perpetrator_cases(pid)
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(cases, vec![a, c, e]);
    assert_eq!(
        store.perpetrator_cases(pid).unwrap()[0].1,
        "2025-03-01T09:00:00.000Z"
    );
    assert!(store.perpetrator_cases(other.seq).unwrap().is_empty());

    let by_perp = CaseQuery {
        perpetrator: Some(pid),
        ..CaseQuery::default()
    };
    assert_eq!(ids(&store, &by_perp), vec![e, c, a]);
    assert_eq!(store.count_cases(&by_perp).unwrap(), 3);
    // The perpetrator's name and description are in the cases' text.
    assert_eq!(search(&store, "schafer"), vec![a, c, e]);
    assert_eq!(search(&store, "grijze baard"), vec![a, c, e]);
    assert!(!search(&store, "schafer").contains(&b));

    let found = store.perpetrators("jurg", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, pid);
    assert_eq!(found[0].cases, 3);
    assert_eq!(found[0].name, "Jürgen Schäfer");
    assert_eq!(found[0].kind, PerpetratorKind::Persoon);
    let recent = store.perpetrators("", 10).unwrap();
    assert_eq!(
        recent.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![other.seq, pid]
    );
    assert_eq!(recent[0].cases, 0);
    assert_eq!(store.perpetrators("windmol", 10).unwrap()[0].id, other.seq);

    // Linking someone who is not in the register is refused.
    let before = intact(&store);
    let err = store
        .append(ev(
            "2026-05-03T10:00:00+02:00",
            Some(b),
            EventBody::PerpetratorLinked { perpetrator: 9_999 },
        ))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(intact(&store), before);
}

// --- batches ---------------------------------------------------------------

fn batch_events() -> Vec<NewEvent> {
    let mut out = vec![ev(
        "2026-06-01T10:00:00+02:00",
        None,
        EventBody::PerpetratorRegistered {
            kind: PerpetratorKind::Persoon,
            description: "vrouw met rode jas".into(),
            name: String::new(),
        },
    )];
    for i in 0..20 {
        out.push(ev(
            &format!("2026-06-{:02}T10:00:00+02:00", i + 2),
            None,
            EventBody::CaseOpened {
                occurred_at: format!("2026-06-{:02}T09:00:00+02:00", i + 2),
                channel: Channel::Telefoon,
                victim: victim("Ilse Bijvank", VictimRole::Raadslid),
                what: format!("Telefoontje nummer {i}"),
                place: "telefonisch".into(),
                category: Category::VerbaleAgressie,
            },
        ));
    }
    out
}

#[test]
fn a_batch_keeps_the_chain_and_matches_appending_one_by_one() {
    let (mut one, _d1) = fresh();
    let (mut many, _d2) = fresh();
    let mut singles = Vec::new();
    for e in batch_events() {
        singles.push(one.append(e).unwrap());
    }
    let batched = many.append_batch(batch_events()).unwrap();
    assert_eq!(singles, batched);
    assert_eq!(intact(&many), 21);
    // The same events; the hashes differ (a random salt and the commit
    // time are in each, chain version 2).
    assert_eq!(
        one.head().unwrap().map(|(seq, _)| seq),
        many.head().unwrap().map(|(seq, _)| seq)
    );
    assert_eq!(many.count_cases(&CaseQuery::default()).unwrap(), 20);
    assert_eq!(many.case_number(20).unwrap().unwrap(), "2026-0020");
    assert_eq!(search(&many, "telefoontje").len(), 20);

    // A batch that refers to the cases it opens, through `batch`.
    let pid = batched[0].seq;
    let linked = many
        .batch(|b| {
            let mut cases = Vec::new();
            for i in 0..3 {
                let e = b.append(ev(
                    "2026-07-01T10:00:00+02:00",
                    None,
                    EventBody::CaseOpened {
                        occurred_at: "2026-07-01T09:00:00+02:00".into(),
                        channel: Channel::Persoonlijk,
                        victim: victim("Ilse Bijvank", VictimRole::Raadslid),
                        what: format!("Balie {i}"),
                        place: "balie".into(),
                        category: Category::VerbaleAgressie,
                    },
                ))?;
                b.append(ev(
                    "2026-07-01T10:01:00+02:00",
                    e.case_id,
                    EventBody::PerpetratorLinked { perpetrator: pid },
                ))?;
                cases.extend(e.case_id);
            }
            Ok(cases)
        })
        .unwrap();
    assert_eq!(linked.len(), 3);
    assert_eq!(many.perpetrator_cases(pid).unwrap().len(), 3);
    assert_eq!(search(&many, "rode jas").len(), 3);
    assert_eq!(intact(&many), 27);
}

#[test]
fn a_failing_batch_stores_nothing() {
    let (mut store, _dir) = fresh();
    let mut events = batch_events();
    events.push(ev(
        "2026-07-01T10:00:00+02:00",
        Some(1),
        EventBody::PerpetratorLinked {
            perpetrator: 12_345,
        },
    ));
    assert!(store.append_batch(events).is_err());
    assert_eq!(intact(&store), 0);
    assert_eq!(store.count_cases(&CaseQuery::default()).unwrap(), 0);
    assert!(search(&store, "telefoontje").is_empty());

    // Carrying on after a failed append inside `batch` does not commit it.
    let result = store.batch(|b| {
        let _ = b.append(ev(
            "2026-07-01T10:00:00+02:00",
            None,
            EventBody::PerpetratorLinked { perpetrator: 1 },
        ));
        Ok(())
    });
    assert!(result.is_err());
    assert_eq!(intact(&store), 0);
    // The store is usable afterwards.
    store.append_batch(batch_events()).unwrap();
    assert_eq!(intact(&store), 21);
}

// --- demo ----------------------------------------------------------------

#[test]
fn the_demo_register_is_realistic_verifiable_and_deterministic() {
    let (mut store, _dir) = fresh();
    let stats = raadsorde::demo::generate(&mut store, 400, 42).unwrap();
    assert_eq!(stats.cases, 400);
    assert_eq!(store.count_cases(&CaseQuery::default()).unwrap(), 400);
    assert_eq!(intact(&store), stats.events);
    let per_case = stats.events as f64 / 400.0;
    assert!(
        (7.0..=15.0).contains(&per_case),
        "{per_case} events per case"
    );
    assert!((20..=110).contains(&stats.live_cases), "{stats:?}");
    // No meeting left open.
    assert!(store.open_meeting_events().unwrap().is_empty());

    // Counting while typing: capped at once, exact when asked, and an exact
    // count that is told to stop gives up and leaves the store as it was.
    // (A bare `count(*)` of the table is one SQLite step: nothing to stop.)
    let some = CaseQuery {
        text: "v".into(),
        ..CaseQuery::default()
    };
    let exact = store.count_cases(&some).unwrap();
    assert!(exact > 10, "{exact} cases with a word on v");
    capped_counts_agree(&store, &some, exact);
    assert_eq!(
        store.count_cases_unless(&some, || false).unwrap(),
        Some(exact)
    );
    let all = CaseQuery::default();
    assert_eq!(store.count_cases_unless(&some, || true).unwrap(), None);
    assert_eq!(store.count_cases(&all).unwrap(), 400, "no stop left behind");
    assert_eq!(
        store.count_cases_upto(&all, 1_000).unwrap(),
        CaseTotal::Exact(400)
    );

    // Every filter value occurs.
    for status in CaseState::ALL {
        if status == CaseState::Live {
            continue;
        }
        let q = CaseQuery {
            status: Some(status),
            ..CaseQuery::default()
        };
        assert!(store.count_cases(&q).unwrap() > 0, "{status:?}");
    }
    for role in VictimRole::ALL {
        let q = CaseQuery {
            role: Some(*role),
            ..CaseQuery::default()
        };
        assert!(store.count_cases(&q).unwrap() > 0, "{role:?}");
    }
    for year in 2021..=2026 {
        let q = CaseQuery {
            year: Some(year),
            ..CaseQuery::default()
        };
        assert!(store.count_cases(&q).unwrap() > 0, "{year}");
    }
    let live = store
        .list_cases(&CaseQuery {
            limit: 1000,
            ..CaseQuery::default()
        })
        .unwrap()
        .into_iter()
        .filter(|r| r.origin == CaseOrigin::Live)
        .count();
    assert_eq!(live, stats.live_cases);
    // Repeat offenders exist.
    let repeat = store
        .perpetrators("", 10_000)
        .unwrap()
        .into_iter()
        .filter(|p| p.cases >= 3)
        .count();
    assert!(repeat > 0);
    let verst = CaseQuery {
        text: "verst".into(),
        ..CaseQuery::default()
    };
    assert!(store.count_cases(&verst).unwrap() > 0);

    // The rules and the next step read case files without the timeline's
    // words: on every case of the demo that is the told file with its
    // words left out, and the same next step and refusals.
    for case in 1..=400u64 {
        let events = store.case_events(case).unwrap();
        let told = raadsorde::domain::casefile::CaseFile::derive(case, &events);
        let untold = raadsorde::domain::casefile::CaseFile::derive_untold(case, &events);
        let mut blank = told.clone();
        for row in &mut blank.timeline {
            row.text.clear();
        }
        assert_eq!(blank, untold, "case {case}");
        assert!(
            told.timeline.iter().all(|r| !r.text.is_empty()),
            "case {case}"
        );
        let now = events.last().unwrap().at;
        assert_eq!(told.next_step(now), untold.next_step(now), "case {case}");
    }

    // The same seed gives the same register.
    let (mut again, _dir2) = fresh();
    let stats2 = raadsorde::demo::generate(&mut again, 400, 42).unwrap();
    assert_eq!(stats, stats2);
    // Event for event the same; the hashes differ by salt and commit time.
    let events = |s: &Store| -> Vec<_> {
        s.export()
            .unwrap()
            .events
            .into_iter()
            .map(|e| (e.seq, e.at_local, e.kind, e.payload, e.case_id))
            .collect()
    };
    assert_eq!(events(&store), events(&again));
}
