//! First or repeated incident (§6.2): counted over every case of the same
//! perpetrator, against office holders and civil servants alike.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};

/// Where a case stands among the incidents of its perpetrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    First,
    /// The `nth` incident (2 or more), with `earlier` incidents before it.
    Repeated {
        nth: usize,
        earlier: usize,
    },
}

impl Repeat {
    /// `eerste incident` or `herhaald incident (3e)`.
    pub fn label(self) -> String {
        match self {
            Repeat::First => "eerste incident".into(),
            Repeat::Repeated { nth, .. } => format!("herhaald incident ({nth}e)"),
        }
    }
}

/// Where `this_case` falls among the cases of one perpetrator, given as
/// (case id, when it happened), in any order and whatever the victim's role.
/// Cases are ordered by occurrence, then by id; a case listed twice counts
/// once, at its earliest time. A `this_case` missing from the list counts as the latest.
pub fn incident_order(cases: &[(u64, DateTime<FixedOffset>)], this_case: u64) -> Repeat {
    let mut ordered: Vec<(DateTime<FixedOffset>, u64)> =
        cases.iter().map(|(id, at)| (*at, *id)).collect();
    ordered.sort();
    let mut seen = HashSet::new();
    ordered.retain(|(_, id)| seen.insert(*id));
    let earlier = ordered
        .iter()
        .position(|(_, id)| *id == this_case)
        .unwrap_or(ordered.len());
    match earlier {
        0 => Repeat::First,
        _ => Repeat::Repeated {
            nth: earlier + 1,
            earlier,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::amsterdam;
    use chrono::NaiveDate;

    fn on(d: u32) -> DateTime<FixedOffset> {
        amsterdam(
            NaiveDate::from_ymd_opt(2026, 3, d)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap(),
        )
    }

    #[test]
    fn a_single_case_is_the_first() {
        assert_eq!(incident_order(&[(7, on(1))], 7), Repeat::First);
        assert_eq!(Repeat::First.label(), "eerste incident");
    }

    #[test]
    fn second_and_third_incidents() {
        let cases = [(1, on(1)), (2, on(5)), (3, on(9))];
        assert_eq!(incident_order(&cases, 1), Repeat::First);
        assert_eq!(
            incident_order(&cases, 2),
            Repeat::Repeated { nth: 2, earlier: 1 }
        );
        let third = incident_order(&cases, 3);
        assert_eq!(third, Repeat::Repeated { nth: 3, earlier: 2 });
        assert_eq!(third.label(), "herhaald incident (3e)");
    }

    #[test]
    fn ordered_by_occurrence_not_by_id_or_list_order() {
        // Case 9 was entered later but happened first.
        let cases = [(3, on(10)), (9, on(2)), (5, on(6))];
        assert_eq!(incident_order(&cases, 9), Repeat::First);
        assert_eq!(
            incident_order(&cases, 5),
            Repeat::Repeated { nth: 2, earlier: 1 }
        );
        assert_eq!(
            incident_order(&cases, 3),
            Repeat::Repeated { nth: 3, earlier: 2 }
        );
    }

    #[test]
    fn cases_against_civil_servants_count_too() {
        // The caller lists every case of the perpetrator, whatever the role:
        // case 4 (against an ambtenaar) makes case 8 a repeat.
        let against_civil_servant = (4, on(1));
        let against_council_member = (8, on(3));
        assert_eq!(
            incident_order(&[against_civil_servant, against_council_member], 8),
            Repeat::Repeated { nth: 2, earlier: 1 }
        );
    }

    #[test]
    fn same_moment_falls_back_to_id_and_duplicates_count_once() {
        let cases = [(6, on(4)), (2, on(4)), (2, on(8))];
        assert_eq!(incident_order(&cases, 2), Repeat::First);
        assert_eq!(
            incident_order(&cases, 6),
            Repeat::Repeated { nth: 2, earlier: 1 }
        );
    }

    #[test]
    fn a_case_not_listed_counts_as_the_latest() {
        let cases = [(1, on(1)), (2, on(2))];
        assert_eq!(
            incident_order(&cases, 99),
            Repeat::Repeated { nth: 3, earlier: 2 }
        );
        assert_eq!(incident_order(&[], 99), Repeat::First);
    }
}
