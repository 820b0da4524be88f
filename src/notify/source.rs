//! What is due and when: the reminders of the register, for the identity
//! the store acts for ([`Store::act_as`]).
//!
//! For now each open case with a next step and a due moment
//! (`cases.next_step`, `cases.next_due_utc`) gives one reminder at that
//! moment, read through the case list itself, so that exactly the cases
//! the list shows this viewer count. Only this function knows how
//! reminders are computed; the scheduler and the sender take its list as
//! it is.

use chrono::{DateTime, Utc};

use super::{Reminder, sanitize_step};
use crate::domain::time;
use crate::storage::{CaseQuery, CaseSort, CaseState, Store, StoreError};

/// At most this many reminders, the earliest due first: a register with
/// more open deadlines than this reminds of these until they are handled.
pub const MAX_REMINDERS: u32 = 500;

/// The reminders of the register for the viewer the store acts for (the
/// same role filter as the case list; unrestricted for a store that acts
/// for nobody), as seen at `now`: one per open case with a next step and a
/// due moment, at that moment; critical when it has passed. Earliest first.
pub fn reminders(store: &Store, now: DateTime<Utc>) -> Result<Vec<Reminder>, StoreError> {
    let rows = store.list_cases(&CaseQuery {
        sort: CaseSort::Urgency,
        limit: MAX_REMINDERS,
        ..CaseQuery::default()
    })?;
    let mut out = Vec::new();
    // The urgency sort puts the cases without a due moment last.
    for row in rows {
        let (Some(step), Some(due)) = (&row.next_step, &row.next_due_utc) else {
            break;
        };
        if row.status == CaseState::Afgesloten {
            continue;
        }
        let Ok(at) = DateTime::parse_from_rfc3339(due) else {
            tracing::warn!("case {}: due moment {due:?} unreadable", row.id);
            continue;
        };
        let at = at.with_timezone(&Utc);
        let critical = at <= now;
        let summary = if critical {
            format!("Termijn verstreken: zaak {}", row.number)
        } else {
            format!("Termijn: zaak {}", row.number)
        };
        // Only the step's text and the date: nothing typed about a person.
        let when = time::to_local(at).format("%d-%m-%Y %H:%M");
        let body = format!("{}; termijn {when}", sanitize_step(step));
        out.push(Reminder {
            key: format!("{}:{due}", row.id),
            case_ref: row.number.clone(),
            at,
            summary,
            body,
            critical,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Role;
    use crate::domain::case::VictimRole;
    use crate::notify::fixture::intake;
    use chrono::TimeZone;

    #[test]
    fn each_open_case_the_viewer_may_see_gives_one_reminder_without_names() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("r.db");
        let mut admin = Store::open_with(&path, None).unwrap();
        admin.act_as("beheer").unwrap();
        let raadslid = intake(&mut admin, VictimRole::Raadslid, "Klaas Kwetsbaar");
        let wethouder = intake(&mut admin, VictimRole::Wethouder, "Wim Windvaan");
        admin.grant_role("griet", Role::Griffie).unwrap();
        let mut griet = Store::open_with(&path, None).unwrap();
        griet.act_as("griet").unwrap();

        // The reporting step is due at the incident: overdue by March 3rd.
        let now = Utc.with_ymd_and_hms(2026, 3, 3, 9, 0, 0).unwrap();
        let seen = reminders(&griet, now).unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        let r = &seen[0];
        let number = griet.case_row(raadslid).unwrap().unwrap().number;
        assert_eq!(r.case_ref, number);
        assert_eq!(r.summary, format!("Termijn verstreken: zaak {number}"));
        assert_eq!(r.body, "melden aan griffier; termijn 01-03-2026 20:00");
        assert_eq!(r.at, Utc.with_ymd_and_hms(2026, 3, 1, 19, 0, 0).unwrap());
        assert!(r.critical);
        assert!(r.key.starts_with(&format!("{raadslid}:")), "{}", r.key);

        // The admin (every role) sees both; before the moment, not critical.
        let before = Utc.with_ymd_and_hms(2026, 3, 1, 18, 0, 0).unwrap();
        let all = reminders(&admin, before).unwrap();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all.iter().all(|r| !r.critical));
        assert!(all.iter().all(|r| r.summary.starts_with("Termijn: zaak ")));
        let wethouder_number = admin.case_row(wethouder).unwrap().unwrap().number;
        assert!(all.iter().any(|r| r.case_ref == wethouder_number));
        for r in &all {
            for name in ["Klaas", "Kwetsbaar", "Wim", "Windvaan"] {
                assert!(!r.summary.contains(name) && !r.body.contains(name), "{r:?}");
            }
        }
    }
}
