//! The due items of the cases (migration 7): written from the domain's
//! deadline rules in the write transaction of every event of a case, read
//! by the deadline board, `raadsorde deadlines` and the notifications, with
//! the viewer's role filter. Where an item stands (upcoming, to do now,
//! overdue) depends on the moment of reading and is decided then, by the
//! same rule as the case file's ([`Deadline::state_at`]).

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::access::{NOT_PARTY_SQL, Visibility};
use super::{Store, StoreError};
use crate::domain::casefile::{CaseFile, Deadline, DeadlineKind, DeadlineState, Terms};
use crate::domain::time;

type Time = DateTime<FixedOffset>;

/// The version of the deadline rules (`domain::casefile::deadlines`): raised
/// whenever a rule changes what it derives, so that a register written by
/// an older program has its items computed again at its next open (and
/// `verify` does not mistake them for a change behind the program's back).
pub const RULES_VERSION: u32 = 2;

/// What `due_terms` holds: the rules' version and the terms.
#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
struct Stamp {
    rules: u32,
    terms: Terms,
}

fn stamp_of(conn: &Connection) -> Result<Option<Stamp>, StoreError> {
    let text: Option<String> = conn
        .prepare_cached("SELECT terms FROM due_terms WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// The terms the stored items were computed with (the defaults when none).
pub(super) fn terms(tx: &Connection) -> Result<Terms, StoreError> {
    Ok(stamp_of(tx)?.map(|s| s.terms).unwrap_or_default())
}

/// Whether the stored items were computed by these rules (`false` for a
/// register without them, or written by a program with other rules).
pub(super) fn computed_by_these_rules(conn: &Connection) -> bool {
    matches!(stamp_of(conn), Ok(Some(s)) if s.rules == RULES_VERSION)
}

/// Rewrites the pending items of `file`'s case; of a closed case only
/// those that outlive it (a ban's reminders), so that the table holds what
/// the board may show and no more.
pub(super) fn write(tx: &Connection, file: &CaseFile) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM due_items WHERE case_id = ?1")?
        .execute([file.case_id])?;
    let closed = file.status == crate::domain::case::CaseStatus::Afgesloten;
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO due_items
           (case_id, key, label, section, from_utc, late_utc, basis, reminders, outlives_case,
            nudge, case_closed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for d in file.deadlines() {
        if d.done.is_some() || d.declined.is_some() || (closed && !d.what.outlives_case()) {
            continue;
        }
        insert.execute(params![
            file.case_id,
            d.what.key(),
            d.what.label(),
            d.what.section(),
            time::utc_string(&d.soon_from()),
            time::utc_string(&d.late_after),
            d.basis.clone().unwrap_or_default(),
            d.reminder_moments()
                .iter()
                .map(time::utc_string)
                .collect::<Vec<_>>()
                .join(" "),
            d.what.outlives_case(),
            d.what.is_nudge(),
            closed,
        ])?;
    }
    Ok(())
}

/// One due item as the board shows it: the case by its number, never a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub case_id: u64,
    pub number: String,
    pub key: String,
    pub label: String,
    pub section: String,
    pub from: Time,
    pub late_after: Time,
    pub basis: String,
    /// When to remind of it (see [`Deadline::reminder_moments`]), as
    /// stored: read with [`DueItem::reminder_moments`].
    reminders: String,
    pub state: DeadlineState,
    /// A ban's reminder of a closed case.
    pub case_closed: bool,
    pub nudge: bool,
}

impl DueItem {
    /// When to remind of it (see [`Deadline::reminder_moments`]).
    pub fn reminder_moments(&self) -> Vec<Time> {
        self.reminders
            .split_whitespace()
            .filter_map(parse)
            .collect()
    }

    fn as_deadline(&self) -> Deadline {
        // The kind only matters for nudges here.
        let what = if self.nudge {
            DeadlineKind::Idle
        } else {
            DeadlineKind::Aangifte
        };
        Deadline {
            what,
            due: self.late_after,
            window_start: Some(self.from),
            late_after: self.late_after,
            done: None,
            declined: None,
            basis: None,
        }
    }

    /// [`DueItem::distance`] in a few characters, for the board:
    /// `nog 3 d`, `nog 5 u`, `2 d te laat`.
    pub fn distance_short(&self, now: Time) -> String {
        self.distance_in(now, ["d", "u", "min"])
    }

    /// The moment it is late, short: `26-11 14:30`, or for a deadline at
    /// midnight the day before it, `24-11 einde dag`.
    pub fn late_short(&self) -> String {
        if self.late_after.format("%H:%M").to_string() == "00:00" {
            let day = (self.late_after - chrono::Duration::days(1)).format("%d-%m");
            format!("{day} einde dag")
        } else {
            self.late_after.format("%d-%m %H:%M").to_string()
        }
    }

    /// Signed time from `now` to the moment it is late, in Dutch:
    /// `nog 3 dagen`, `nog 5 uur`, `2 dagen te laat`.
    pub fn distance(&self, now: Time) -> String {
        self.distance_in(now, ["dagen", "uur", "min"])
    }

    fn distance_in(&self, now: Time, [days, hours, minutes]: [&str; 3]) -> String {
        let d = self.late_after - now;
        let late = d < chrono::Duration::zero();
        let a = if late { -d } else { d };
        let text = if a.num_days() >= 2 {
            format!("{} {days}", a.num_days())
        } else if a.num_hours() >= 1 {
            format!("{} {hours}", a.num_hours())
        } else {
            format!("{} {minutes}", a.num_minutes().max(1))
        };
        if late {
            format!("{text} te laat")
        } else {
            format!("nog {text}")
        }
    }
}

impl Store {
    /// Computes the items of every case once, when no terms are stored (a
    /// register from before migration 7, or a new one).
    pub(super) fn backfill_due_items(&mut self) -> Result<(), StoreError> {
        match stamp_of(&self.conn)? {
            // Computed by these rules: nothing to do.
            Some(s) if s.rules == RULES_VERSION => Ok(()),
            // By other rules: again, with the same terms.
            Some(s) => self.set_terms(s.terms),
            None => self.set_terms(Terms::default()),
        }
    }

    /// Sets the terms of municipal practice (`[deadlines]`); when they
    /// differ from those the stored items were computed with (or after the
    /// migration, when none are stored), every case's items are computed
    /// again, in one transaction.
    pub fn set_terms(&mut self, terms: Terms) -> Result<(), StoreError> {
        if self.mode != super::OpenMode::ReadWrite {
            return Ok(());
        }
        let wanted = Stamp {
            rules: RULES_VERSION,
            terms,
        };
        if stamp_of(&self.conn)?.as_ref() == Some(&wanted) {
            return Ok(());
        }
        let wanted =
            serde_json::to_string(&wanted).map_err(|e| StoreError::Sqlite(e.to_string()))?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR REPLACE INTO due_terms (id, terms) VALUES (1, ?1)",
            [&wanted],
        )?;
        let ids: Vec<u64> = tx
            .prepare("SELECT id FROM cases ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in ids {
            super::project::refresh_next_step(&tx, id)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The items still to be done on the cases the viewer may see, most
    /// urgent first: by the moment they are late, so the overdue ones come
    /// first, the longest overdue on top. Closed cases only with a ban's
    /// reminders, until the ban's last day is over (then there is nothing
    /// left to decide on a closed case); nudges only once due; `within`:
    /// only what is late before `now + within`.
    pub fn due_items(
        &self,
        now: Time,
        within: Option<chrono::Duration>,
    ) -> Result<Vec<DueItem>, StoreError> {
        self.due_items_with(now, within, false, None)
    }

    /// [`Store::due_items`], with the nudges not yet due too when
    /// `nudges_ahead` (for the reminders, which fire when they become due),
    /// and at most `limit` of them.
    pub fn due_items_with(
        &self,
        now: Time,
        within: Option<chrono::Duration>,
        nudges_ahead: bool,
        limit: Option<u32>,
    ) -> Result<Vec<DueItem>, StoreError> {
        let (filter, values) = self.due_filter(now, within, nudges_ahead)?;
        let mut sql = format!(
            "SELECT d.case_id, c.number, d.key, d.label, d.section, d.from_utc, d.late_utc,
                    d.basis, d.case_closed, d.nudge, d.reminders
               {filter} ORDER BY d.late_utc, d.case_id, d.key"
        );
        if let Some(n) = limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let params = named(&values);
        let rows = stmt.query_map(params.as_slice(), |r| {
            Ok((
                r.get::<_, u64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, bool>(8)?,
                r.get::<_, bool>(9)?,
                r.get::<_, String>(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (case_id, number, key, label, section, from, late, basis, closed, nudge, reminders) =
                row?;
            let (Some(from), Some(late_after)) = (parse(&from), parse(&late)) else {
                continue;
            };
            let mut item = DueItem {
                case_id,
                number,
                key,
                label,
                section,
                from,
                late_after,
                basis,
                reminders,
                state: DeadlineState::Open,
                case_closed: closed,
                nudge,
            };
            item.state = item.as_deadline().state_at(now);
            out.push(item);
        }
        Ok(out)
    }

    /// The board: the first `limit` items (see [`Store::due_items`]) and
    /// how many there are, and how many of them are overdue.
    pub fn due_board(&self, now: Time, limit: u32) -> Result<DueBoard, StoreError> {
        let items = self.due_items_with(now, None, false, Some(limit))?;
        let (filter, values) = self.due_filter(now, None, false)?;
        let sql = format!("SELECT count(*), COALESCE(sum(d.late_utc < :now), 0) {filter}");
        // Unrestricted, the cases are not needed to count.
        let sql = if self.visibility()?.is_none() {
            sql.replace(" CROSS JOIN cases c ON c.id = d.case_id", "")
        } else {
            sql
        };
        let (total, overdue) = self
            .conn
            .prepare_cached(&sql)?
            .query_row(named(&values).as_slice(), |r| {
                Ok((r.get::<_, u64>(0)?, r.get::<_, u64>(1)?))
            })?;
        Ok(DueBoard {
            items,
            total,
            overdue,
        })
    }

    /// The FROM and WHERE of the reads above, with their values.
    fn due_filter(
        &self,
        now: Time,
        within: Option<chrono::Duration>,
        nudges_ahead: bool,
    ) -> Result<(String, Values), StoreError> {
        // CROSS JOIN keeps `due_items` the outer loop, walked in the order
        // of its primary key (`late_utc` first): the first rows in that
        // order are the answer, and a LIMIT stops the walk (the planner
        // would otherwise start from the cases' role index and sort). Rows
        // are filtered on their own columns before a case is looked up.
        let mut sql = String::from(
            "FROM due_items d CROSS JOIN cases c ON c.id = d.case_id
              WHERE (d.case_closed = 0 OR (d.outlives_case AND d.late_utc > :now))
                AND (d.nudge = 0 OR d.late_utc <= :now OR :ahead)",
        );
        let mut values: Vec<(&'static str, Value)> = vec![
            (":now", Value::Text(time::utc_string(&now))),
            (":ahead", Value::Integer(i64::from(nudges_ahead))),
        ];
        if let Some(w) = within {
            sql.push_str(" AND d.late_utc <= :until");
            values.push((":until", Value::Text(time::utc_string(&(now + w)))));
        }
        if let Some(vis) = self.visibility()? {
            push_visibility(&mut sql, &mut values, &vis);
        }
        Ok((sql, values))
    }
}

/// The deadline board's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueBoard {
    /// The most urgent items, at most the limit asked for.
    pub items: Vec<DueItem>,
    /// All items, and of those overdue.
    pub total: u64,
    pub overdue: u64,
}

/// Named values of a query.
pub(super) type Values = Vec<(&'static str, Value)>;

pub(super) fn named<'a>(
    values: &'a [(&'static str, Value)],
) -> Vec<(&'static str, &'a dyn rusqlite::ToSql)> {
    values
        .iter()
        .map(|(n, v)| (*n, v as &dyn rusqlite::ToSql))
        .collect()
}

pub(super) fn push_visibility(
    sql: &mut String,
    values: &mut Vec<(&'static str, Value)>,
    vis: &Visibility,
) {
    for clause in vis
        .route_sql()
        .into_iter()
        .chain(vis.party.then_some(NOT_PARTY_SQL))
    {
        sql.push_str(" AND ");
        sql.push_str(clause);
    }
    values.extend(vis.values());
}

fn parse(t: &str) -> Option<Time> {
    DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|t| time::to_local(t.with_timezone(&Utc)))
}
