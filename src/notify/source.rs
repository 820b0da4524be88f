//! What is due and when: the reminders of the register, for the identity
//! the store acts for ([`Store::act_as`]).
//!
//! The due items of the cases the viewer may see (`Store::due_items`, the
//! same role filter as the case list and the deadline board) each give a
//! reminder at every moment of [`Deadline::reminder_moments`] still to
//! come, and one for the latest moment already passed (so that a program
//! started late reminds once of where each item stands, not of every
//! moment it missed). Critical from the moment an item is late. Only this
//! function knows how reminders are computed; the scheduler and the sender
//! take its list as it is.
//!
//! [`Deadline::reminder_moments`]: crate::domain::casefile::Deadline::reminder_moments

use chrono::{DateTime, Utc};

use super::{Reminder, sanitize_step};
use crate::domain::time;
use crate::storage::{Store, StoreError};

/// At most this many reminders, the earliest first: a register with more
/// than this reminds of these until they are handled.
pub const MAX_REMINDERS: usize = 500;

/// At most this many due items are read for them.
const ITEMS_READ: u32 = 2_000;

/// The reminders of the register for the viewer the store acts for, as seen
/// at `now` (see the module). Earliest first. No names: an item is a case
/// number and a duty.
pub fn reminders(store: &Store, now: DateTime<Utc>) -> Result<Vec<Reminder>, StoreError> {
    // The most urgent items: a register with more open than this reminds
    // of these first (and of the rest once these are handled).
    let items = store.due_items_with(time::to_local(now), None, true, Some(ITEMS_READ))?;
    let mut out = Vec::new();
    for item in items {
        let moments = item.reminder_moments();
        let passed = moments.iter().rfind(|m| m.with_timezone(&Utc) <= now);
        let coming = moments.iter().filter(|m| m.with_timezone(&Utc) > now);
        for moment in passed.into_iter().chain(coming) {
            let at = moment.with_timezone(&Utc);
            let critical = *moment >= item.late_after;
            // The start of its last day (or less than a day before).
            let today = !critical && item.late_after - *moment <= chrono::Duration::hours(24);
            let summary = if critical {
                format!("Termijn verstreken: zaak {}", item.number)
            } else if today {
                format!("Termijn vandaag: zaak {}", item.number)
            } else {
                format!("Termijn: zaak {}", item.number)
            };
            let body = format!(
                "{}; uiterlijk {}",
                sanitize_step(&item.label),
                crate::deadlines::shown_moment(&item)
            );
            out.push(Reminder {
                key: format!("{}:{}:{}", item.case_id, item.key, time::utc_string(moment)),
                case_ref: item.number.clone(),
                at,
                summary,
                body,
                critical,
            });
        }
    }
    out.sort_by_key(|r| r.at);
    out.truncate(MAX_REMINDERS);
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
    fn the_due_items_the_viewer_may_see_give_reminders_without_names() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("r.db");
        let mut admin = Store::open_with(&path, None).unwrap();
        admin.act_as("beheer").unwrap();
        let raadslid = intake(&mut admin, VictimRole::Raadslid, "Klaas Kwetsbaar");
        let wethouder = intake(&mut admin, VictimRole::Wethouder, "Wim Windvaan");
        admin.grant_role("griet", Role::Griffie).unwrap();
        let mut griet = Store::open_with(&path, None).unwrap();
        griet.act_as("griet").unwrap();
        let number = griet.case_row(raadslid).unwrap().unwrap().number;

        // Sunday 1 March 20:00: on Tuesday 3 March 10:00 the first talk (24
        // hours) and the route (by the end of Monday, the first working
        // day) are late; the rest is still to come.
        let now = Utc.with_ymd_and_hms(2026, 3, 3, 9, 0, 0).unwrap();
        let seen = reminders(&griet, now).unwrap();
        assert!(seen.iter().all(|r| r.case_ref == number), "{seen:#?}");
        let mut late: Vec<&str> = seen
            .iter()
            .filter(|r| r.critical && r.at <= now)
            .map(|r| r.body.as_str())
            .collect();
        late.sort_unstable();
        assert_eq!(
            late,
            [
                "burgemeester informeren; uiterlijk 02-03-2026 einde dag",
                "eerste nazorggesprek; uiterlijk 02-03-2026 20:00",
                "melden aan griffier; uiterlijk 02-03-2026 einde dag",
            ],
            "{seen:#?}"
        );
        for r in &seen {
            assert!(r.key.starts_with(&format!("{raadslid}:")), "{}", r.key);
            // Critical exactly from the moment an item is late.
            assert_eq!(
                r.critical,
                r.summary == format!("Termijn verstreken: zaak {number}"),
                "{r:?}"
            );
        }
        // Still to come: the second talk on its last day and when late,
        // the nudge, the third talk's window, last day and lateness.
        let coming: Vec<(&str, bool)> = seen
            .iter()
            .filter(|r| r.at > now)
            .map(|r| (r.body.split(';').next().unwrap_or_default(), r.critical))
            .collect();
        assert_eq!(
            coming,
            [
                ("tweede nazorggesprek", false),
                ("tweede nazorggesprek", true),
                // 14 days after the last entry (2 March).
                ("zaak oppakken: geen behandelstap", true),
                ("derde nazorggesprek", false),
                ("derde nazorggesprek", false),
                ("derde nazorggesprek", true),
            ],
            "{seen:#?}"
        );
        assert!(
            seen.iter()
                .any(|r| r.summary == format!("Termijn vandaag: zaak {number}")
                    && r.body.starts_with("tweede nazorggesprek")),
            "{seen:#?}"
        );
        // Every key once.
        let mut keys: Vec<&str> = seen.iter().map(|r| r.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), seen.len());

        // The admin (every role) sees both cases; before the incident,
        // every reminder is still to come.
        let before = Utc.with_ymd_and_hms(2026, 3, 1, 18, 0, 0).unwrap();
        let all = reminders(&admin, before).unwrap();
        let wethouder_number = admin.case_row(wethouder).unwrap().unwrap().number;
        assert!(all.iter().any(|r| r.case_ref == wethouder_number));
        assert!(all.iter().any(|r| r.case_ref == number));
        assert!(all.iter().all(|r| r.at > before), "{all:#?}");
        for r in all.iter().chain(&seen) {
            for name in ["Klaas", "Kwetsbaar", "Wim", "Windvaan"] {
                assert!(!r.summary.contains(name) && !r.body.contains(name), "{r:?}");
            }
        }
    }
}
