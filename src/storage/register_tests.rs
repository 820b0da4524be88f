use super::*;
use crate::domain::Category;
use crate::domain::case::{Channel, VictimRole};
use crate::storage::access::Visibility;

#[test]
fn search_text_becomes_quoted_prefixes() {
    assert_eq!(fts_query("  "), None);
    assert_eq!(fts_query("ver"), Some(r#""ver"*"#.into()));
    assert_eq!(
        fts_query(r#"Öz "de AND NEAR( - *"#),
        Some(r#""Öz"* """de"* "AND"* "NEAR("*"#.into())
    );
    assert_eq!(fts_query("’t hart"), Some(r#""’t"* "hart"*"#.into()));
}

fn store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    (store, dir)
}

/// Words that look like FTS5 syntax, odd Unicode, and pseudo-random text.
fn hostile() -> Vec<String> {
    let mut out: Vec<String> = [
        "\"",
        "\"\"",
        "\"*",
        "*",
        "a*b",
        "AND",
        "OR",
        "NOT",
        "a AND",
        "NEAR(",
        "NEAR(a b, 2)",
        "-",
        "-x",
        "x -",
        "^x",
        "what:",
        "what:x",
        "{what place}: x",
        "(",
        ")",
        "+",
        ":",
        "' OR 1=1 --",
        "a\0b",
        "\u{0301}",
        "e\u{0301}",
        "\u{0903}",
        "😀abc",
        "\u{202E}x",
        "ﬁ",
        "Ĳ",
        "日本語",
        "\"ozd",
        "ozd\"",
        "o\"zd",
        "\u{FEFF}x",
        "\u{200B}",
        "x\u{200B}y",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut x: u64 = 0x9E37_79B9;
    for _ in 0..500 {
        let mut s = String::new();
        for _ in 0..(x % 10) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let c = match x % 3 {
                0 => (x >> 8) % 0x80,
                1 => (x >> 8) % 0x3000,
                _ => (x >> 8) % 0x11_0000,
            };
            s.extend(char::from_u32(c as u32));
        }
        out.push(s);
    }
    out
}

#[test]
fn quoted_search_is_never_fts_syntax() {
    // Straight against FTS5, without the fallback of list_cases.
    let (store, _dir) = store();
    for text in hostile() {
        if let Some(m) = fts_query(&text) {
            let r: rusqlite::Result<i64> = store.conn.query_row(
                "SELECT count(*) FROM case_text WHERE case_text MATCH ?1",
                [&m],
                |r| r.get(0),
            );
            assert!(r.is_ok(), "{text:?} -> {m:?}: {r:?}");
        }
    }
}

/// The query plan of the list (or count) SQL for `q`, one step a line.
fn plan(store: &Store, q: &CaseQuery, how: Plan, count: bool) -> String {
    plan_for(store, q, how, count, None)
}

/// [`plan`] for a viewer.
fn plan_for(
    store: &Store,
    q: &CaseQuery,
    how: Plan,
    count: bool,
    vis: Option<&Visibility>,
) -> String {
    let filter = Filter::of(q, vis).unwrap();
    let sql = if count {
        count_sql(&filter, how)
    } else {
        list_sql(&filter, how, q.sort)
    };
    let (limit, offset) = (Value::Integer(50), Value::Integer(0));
    let mut params = filter.params();
    if !count {
        params.push((":limit", &limit));
        params.push((":offset", &offset));
    }
    let mut stmt = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let rows = stmt
        .query_map(params.as_slice(), |r| r.get::<_, String>(3))
        .unwrap();
    rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_filter_and_sort_uses_an_index() {
    let (store, _dir) = store();
    let filters: Vec<(&str, CaseQuery)> = vec![
        ("none", CaseQuery::default()),
        (
            "status",
            CaseQuery {
                status: Some(CaseState::Open),
                ..CaseQuery::default()
            },
        ),
        (
            "category",
            CaseQuery {
                category: Some(Category::FysiekGeweld),
                ..CaseQuery::default()
            },
        ),
        (
            "role",
            CaseQuery {
                role: Some(VictimRole::Raadslid),
                ..CaseQuery::default()
            },
        ),
        (
            "channel",
            CaseQuery {
                channel: Some(Channel::Email),
                ..CaseQuery::default()
            },
        ),
        (
            "year",
            CaseQuery {
                year: Some(2025),
                ..CaseQuery::default()
            },
        ),
        (
            "status+year",
            CaseQuery {
                status: Some(CaseState::Open),
                year: Some(2025),
                ..CaseQuery::default()
            },
        ),
        (
            "perpetrator",
            CaseQuery {
                perpetrator: Some(7),
                ..CaseQuery::default()
            },
        ),
        (
            "text",
            CaseQuery {
                text: "vers".into(),
                ..CaseQuery::default()
            },
        ),
    ];
    let mut with_text = filters.clone();
    with_text.push((
        "status+text",
        CaseQuery {
            status: Some(CaseState::Open),
            text: "vers".into(),
            ..CaseQuery::default()
        },
    ));
    // Unrestricted, a griffie viewer, and a chair's aide with a link.
    let griffie = Visibility {
        identity: "griet".into(),
        mask: crate::domain::access::GRIFFIE,
        aide: false,
        party: false,
    };
    let aide = Visibility {
        identity: "anna".into(),
        mask: crate::domain::access::KABINET,
        aide: true,
        party: true,
    };
    for vis in [None, Some(&griffie), Some(&aide)] {
        for (name, base) in &with_text {
            let hows: &[Plan] = if base.text.is_empty() {
                &[Plan::NoText]
            } else {
                &[Plan::FewMatches, Plan::ManyMatches, Plan::Dense]
            };
            for &how in hows {
                for sort in [CaseSort::Newest, CaseSort::Oldest, CaseSort::Urgency] {
                    let q = CaseQuery {
                        sort,
                        ..base.clone()
                    };
                    let p = plan_for(&store, &q, how, false, vis);
                    println!("list {name} {sort:?} {how:?} {vis:?}:\n{p}\n");
                    assert!(
                        !p.lines().any(|l| l == "SCAN c"),
                        "full scan: {name} {sort:?} {how:?}\n{p}"
                    );
                    let by_rowid = p.contains("SEARCH c USING INTEGER PRIMARY KEY");
                    match how {
                        Plan::NoText => {}
                        // The matches drive: looked up one by one.
                        Plan::FewMatches => assert!(by_rowid, "{name} {sort:?}\n{p}"),
                        // An index drives; the matches are only checked.
                        Plan::ManyMatches => assert!(!by_rowid, "{name} {sort:?}\n{p}"),
                        // The same, each case looked up in the search index
                        // on its own, never the whole match set first.
                        Plan::Dense => {
                            assert!(!by_rowid, "{name} {sort:?}\n{p}");
                            assert!(
                                p.contains("CORRELATED SCALAR SUBQUERY"),
                                "{name} {sort:?}\n{p}"
                            );
                            // Every use of the search index is by rowid
                            // (`=`) and match (`M`).
                            assert!(
                                p.lines()
                                    .filter(|l| l.contains("case_text"))
                                    .all(|l| l.contains(":=M")),
                                "{name} {sort:?}\n{p}"
                            );
                        }
                    }
                    let sorted_by_index = match (how, sort) {
                        (Plan::FewMatches, _) => false,
                        (_, CaseSort::Newest | CaseSort::Oldest) => *name != "perpetrator",
                        (_, CaseSort::Urgency) => {
                            matches!(*name, "none" | "status" | "text" | "status+text")
                        }
                    };
                    if sorted_by_index {
                        assert!(
                            !p.contains("TEMP B-TREE"),
                            "sort step: {name} {sort:?} {how:?}\n{p}"
                        );
                    }
                }
                if how == Plan::Dense {
                    // Never an exact count: a capped one stops after
                    // DENSE_COUNT_CAP lookups (`count_cases_upto`).
                    continue;
                }
                let p = plan_for(&store, base, how, true, vis);
                println!("count {name} {how:?} {vis:?}:\n{p}\n");
                assert!(
                    !p.lines().any(|l| l == "SCAN c"),
                    "full scan: count {name}\n{p}"
                );
            }
        }
    }
    let p = plan(&store, &filters[7].1, Plan::NoText, false);
    assert!(p.contains("case_perpetrators_by_perpetrator"), "{p}");
}

#[test]
fn year_bounds_are_local_midnight() {
    let (from, to) = year_bounds(2026).unwrap();
    assert_eq!(from, "2025-12-31T23:00:00.000Z");
    assert_eq!(to, "2026-12-31T23:00:00.000Z");
}

/// The ids of one page of `q` read under plan `how`, and the capped count
/// under it, for a viewer.
fn page_with(store: &Store, q: &CaseQuery, how: Plan, vis: Option<&Visibility>) -> (Vec<u64>, u64) {
    let Some(filter) = Filter::of(q, vis) else {
        return (Vec::new(), 0);
    };
    let limit = Value::Integer(i64::from(q.limit));
    let offset = Value::Integer(i64::try_from(q.offset).unwrap());
    let cap = Value::Integer(10_000);
    let mut params = filter.params();
    params.push((":limit", &limit));
    params.push((":offset", &offset));
    let ids = store
        .conn
        .prepare(&list_sql(&filter, how, q.sort))
        .unwrap()
        .query_map(params.as_slice(), |r| r.get::<_, u64>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut params = filter.params();
    params.push((":cap", &cap));
    let n = store
        .conn
        .prepare(&capped_count_sql(&filter, how))
        .unwrap()
        .query_row(params.as_slice(), |r| r.get::<_, u64>(0))
        .unwrap();
    (ids, n)
}

/// The three plans of a search are three ways to the same answer: every
/// page and count agree, for short and long words, with filters, in every
/// sort, unrestricted and per viewer (on a demo register of 300 cases).
#[test]
fn every_plan_of_a_search_finds_the_same_cases() {
    let (mut store, _dir) = store();
    crate::demo::generate(&mut store, 300, 5).unwrap();
    let griffie = Visibility {
        identity: "griet".into(),
        mask: crate::domain::access::GRIFFIE,
        aide: false,
        party: false,
    };
    let kabinet = Visibility {
        identity: "anna".into(),
        mask: crate::domain::access::KABINET,
        aide: true,
        party: true,
    };
    let mut checked = 0;
    for text in [
        "v", "ve", "ver", "verst", "b", "de", "r a", "zzz", "ö", "’t", "e-",
    ] {
        for status in [None, Some(CaseState::Open), Some(CaseState::Afgesloten)] {
            for sort in [CaseSort::Newest, CaseSort::Oldest, CaseSort::Urgency] {
                for offset in [0, 50] {
                    let q = CaseQuery {
                        text: text.into(),
                        status,
                        sort,
                        offset,
                        ..CaseQuery::default()
                    };
                    for vis in [None, Some(&griffie), Some(&kabinet)] {
                        let few = page_with(&store, &q, Plan::FewMatches, vis);
                        let many = page_with(&store, &q, Plan::ManyMatches, vis);
                        let dense = page_with(&store, &q, Plan::Dense, vis);
                        assert_eq!(few, many, "{q:?} {vis:?}");
                        assert_eq!(few, dense, "{q:?} {vis:?}");
                        checked += usize::from(!few.0.is_empty());
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} pages with cases");
}

/// Each search alone of `texts` in every sort, at several offsets and
/// limits (a page of none among them), with its filter, the page the
/// lookup plan reads and the exact count, on `store`.
fn searches_alone(
    store: &Store,
    texts: &[&str],
    prefix_indexed: bool,
) -> Vec<(CaseQuery, Filter, Vec<u64>, u64)> {
    let mut out = Vec::new();
    for text in texts {
        for sort in [CaseSort::Newest, CaseSort::Oldest, CaseSort::Urgency] {
            for (offset, limit) in [(0, 50), (7, 3), (50, 50), (290, 50), (0, 0)] {
                let q = CaseQuery {
                    text: (*text).into(),
                    sort,
                    offset,
                    limit,
                    ..CaseQuery::default()
                };
                let filter = Filter::of(&q, None).unwrap();
                assert!(filter.search_alone(), "{q:?}");
                assert_eq!(filter.prefix_indexed, prefix_indexed, "{q:?}");
                let (few, _) = page_with(store, &q, Plan::FewMatches, None);
                let exact = store.count_cases(&q).unwrap();
                out.push((q, filter, few, exact));
            }
        }
    }
    out
}

/// The ids of the list's page of `q`, as the store's own entry point reads it.
fn listed(store: &Store, q: &CaseQuery) -> Vec<u64> {
    store.list_cases(q).unwrap().iter().map(|r| r.id).collect()
}

/// The count of `exact` matches capped at `cap`.
fn capped_at(exact: u64, cap: u64) -> CaseTotal {
    if exact > cap {
        CaseTotal::MoreThan(cap)
    } else {
        CaseTotal::Exact(exact)
    }
}

/// A search alone whose words the prefix indexes do not serve is found with
/// one cursor over its matches (`matches`): the page walked in the sort
/// index among them, and their number, agree with the plans above and the
/// exact count, in every sort, at every offset and cap, whether the
/// matches are walked or looked up.
#[test]
fn a_search_read_once_finds_what_every_plan_finds() {
    let (store, _dir) = store();
    let mut store = store;
    crate::demo::generate(&mut store, 300, 5).unwrap();
    let mut walked = 0;
    let texts = [
        "vers",
        "verstoring",
        "gemeente",
        "raad",
        "raad vers",
        "zzzz",
        "’t",
        "e-",
        "raadzaal",
    ];
    for (q, filter, few, exact) in searches_alone(&store, &texts, false) {
        for beyond in [0, 1, FEW_MATCHES] {
            for cap in [0, 1, 5, 1_000] {
                let (page, total) = store
                    .page_of_matches_beyond(&filter, &q, cap, beyond)
                    .unwrap();
                let ids: Vec<u64> = page.iter().map(|r| r.id).collect();
                assert_eq!(ids, few, "{q:?} beyond {beyond}");
                // Capped, or exact when every match was read.
                assert!(
                    total == capped_at(exact, cap) || total == CaseTotal::Exact(exact),
                    "{q:?} beyond {beyond} cap {cap}: {total:?}, {exact} matches"
                );
                walked += usize::from(beyond < 1 && !ids.is_empty());
            }
        }
        // The store's own entry points take this way and agree.
        assert_eq!(listed(&store, &q), few);
        assert_eq!(
            store.list_with_count(&q, 1_000).unwrap().1,
            CaseTotal::Exact(exact)
        );
    }
    assert!(walked > 30, "only {walked} walked pages with cases");
}

/// A search alone of short words (the prefix indexes serve them) walked in
/// batches: the page and the capped count agree with the plans and the
/// exact count in every sort, at every offset and cap, whether the matches
/// are looked up, walked in one range per batch or in many small ranges,
/// and a walk that gives up says so (the caller then plans as before).
#[test]
fn a_short_search_walked_in_batches_finds_what_every_plan_finds() {
    use super::matches::Walk;
    let (store, _dir) = store();
    let mut store = store;
    crate::demo::generate(&mut store, 300, 5).unwrap();
    let (mut walked, mut gave_up) = (0, 0);
    let texts = ["v", "ve", "ver", "b", "de", "r a", "zzz", "ö", "a"];
    let walks = [
        (FEW_MATCHES, 4_096, 256),
        (0, 100_000, 256),
        (0, 100_000, 0),
        (0, 100_000, 3),
        (1, 1, 256),
    ]
    .map(|(few, rows, span)| Walk { few, rows, span });
    for (q, filter, few, exact) in searches_alone(&store, &texts, true) {
        for walk in walks {
            for cap in [0, 1, 5, 1_000] {
                let Some((page, total)) = store
                    .page_of_short_search_with(&filter, &q, cap, walk)
                    .unwrap()
                else {
                    gave_up += 1;
                    continue;
                };
                let ids: Vec<u64> = page.iter().map(|r| r.id).collect();
                assert_eq!(ids, few, "{q:?} {walk:?}");
                assert_eq!(total, capped_at(exact, cap), "{q:?} {walk:?} cap {cap}");
                walked += usize::from(walk.few == 0 && exact > 0 && !ids.is_empty());
            }
        }
        assert_eq!(listed(&store, &q), few);
    }
    assert!(walked > 100, "only {walked} walked pages with cases");
    assert!(gave_up > 0, "no walk gave up");
}
