//! Tests of the rebuild `verify` compares with.

use super::opaque::KNOWN_KINDS;
use super::*;
use crate::storage::Store;

/// Holding each case's events from its opening to its last event and
/// settling it then (a few cases at a time, or as many as `verify`
/// does), letting go of them past a small bound (read back from the
/// register), or settling every case at the end: each way the demo
/// register is intact, and each way a next step and a time changed
/// behind the program's back are found.
#[test]
fn every_way_of_holding_the_events_rebuilds_the_same() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    crate::demo::generate(&mut store, 60, 11).unwrap();
    let ways = || {
        [
            (usize::MAX, true, SETTLE_AT_ONCE),
            (usize::MAX, true, 3),
            (8, true, 3),
            (usize::MAX, false, 3),
            (8, false, 3),
        ]
        .map(|(hold_at_most, settle_early, settle_at_once)| Holding {
            hold_at_most,
            settle_early,
            settle_at_once,
            read_back: Default::default(),
        })
    };
    let mut read_back = Vec::new();
    for holding in ways() {
        let counted = holding.read_back.clone();
        let verdict =
            crate::storage::verify::run_holding(&store.conn, &|| store.reopen(), holding.clone())
                .unwrap();
        assert!(verdict.is_intact(), "{holding:?}: {verdict:?}");
        read_back.push(counted.get());
    }
    // Held from opening to end, no case is read back (settled early
    // or not); past a bound of 8 events, many are.
    assert_eq!(read_back[..2], [0, 0], "{read_back:?}");
    assert!(read_back[2] > 10, "{read_back:?}");
    assert_eq!(read_back[3], 0, "{read_back:?}");
    assert!(read_back[4] > 10, "{read_back:?}");

    let case: u64 = store
        .conn
        .query_row(
            "SELECT id FROM cases WHERE next_step IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store
        .conn
        .execute(
            "UPDATE cases SET next_step = 'iets anders', updated_at = '2020-01-01T00:00:00+01:00'
              WHERE id = ?1",
            [case],
        )
        .unwrap();
    for holding in ways() {
        let verdict =
            crate::storage::verify::run_holding(&store.conn, &|| store.reopen(), holding.clone())
                .unwrap();
        let found = verdict
            .problems()
            .iter()
            .map(|p| p.reason.clone())
            .collect::<Vec<_>>();
        for column in ["next_step", "updated_at"] {
            assert!(
                found
                    .iter()
                    .any(|r| r.contains(&format!("rij {case}, kolom {column}"))),
                "{holding:?}: {found:?}"
            );
        }
        assert_eq!(found.len(), 2, "{holding:?}: {found:?}");
    }
}

/// Every name in the list is a kind the program knows (no typos). A
/// kind missing from the list is only treated more cautiously: its
/// whole case is left out of the comparison.
#[test]
fn the_known_kinds_are_kinds() {
    let unknown = |kind: &str| match EventBody::from_parts(kind, serde_json::json!({})) {
        Ok(_) => false,
        Err(e) => format!("{e:?}").contains("unknown variant"),
    };
    assert!(unknown("iets-anders"));
    for kind in KNOWN_KINDS {
        assert!(!unknown(kind), "{kind}");
    }
    assert_eq!(case_columns_of("demand"), Some(&[][..]));
    assert_eq!(case_columns_of("iets-anders"), None);
    assert_eq!(case_columns_of("status-changed"), Some(&["status"][..]));
}
