//! The facts of the yearly report (`domain::report`), read from the
//! register: per incident of a year in a scope only what the report may
//! count (its month, category, channel, measures taken, aangifte, aftercare,
//! and whether its perpetrator was known before), never a name or a text.

use rusqlite::OptionalExtension;
use rusqlite::types::Value;

use super::{Store, StoreError};
use crate::domain::case::{MeasureStatus, VictimRole};
use crate::domain::casefile::CaseFile;
use crate::domain::report::{Facts, Perpetrator, Place, Scope};

/// The victims' roles a scope covers (§4.1).
pub fn roles_of(scope: Scope) -> [VictimRole; 2] {
    match scope {
        Scope::Griffie => [VictimRole::Raadslid, VictimRole::Fractievolger],
        Scope::Po => [VictimRole::Burgemeester, VictimRole::Wethouder],
    }
}

impl Store {
    /// The facts of the incidents of `year` (local time) in `scope`, of the
    /// cases this store's identity may see.
    pub fn report_facts(&self, year: i32, scope: Scope) -> Result<Vec<Facts>, StoreError> {
        let Some((from, to)) = super::register::year_bounds(year) else {
            return Ok(Vec::new());
        };
        let [a, b] = roles_of(scope).map(|r| r.key());
        let mut sql = String::from(
            "SELECT c.id,
                    EXISTS (SELECT 1 FROM case_perpetrators cp WHERE cp.case_id = c.id),
                    EXISTS (SELECT 1 FROM case_perpetrators cp
                              JOIN case_perpetrators other ON other.perpetrator_id = cp.perpetrator_id
                              JOIN cases o ON o.id = other.case_id
                             WHERE cp.case_id = c.id AND o.id <> c.id
                               AND (o.occurred_utc < c.occurred_utc
                                    OR (o.occurred_utc = c.occurred_utc AND o.id < c.id)))
               FROM cases c
              WHERE c.occurred_utc >= :from AND c.occurred_utc < :to
                AND c.victim_role IN (:a, :b)",
        );
        let mut values: Vec<(&'static str, Value)> = vec![
            (":from", Value::Text(from)),
            (":to", Value::Text(to)),
            (":a", Value::Text(a)),
            (":b", Value::Text(b)),
        ];
        if let Some(vis) = self.visibility()? {
            super::due::push_visibility(&mut sql, &mut values, &vis);
        }
        sql.push_str(" ORDER BY c.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let params = super::due::named(&values);
        let rows: Vec<(u64, bool, bool)> = stmt
            .query_map(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, known, repeat) in rows {
            let events = super::events::case_events(&self.conn, id)?;
            let f = CaseFile::derive(id, &events);
            let local = crate::domain::time::to_local(f.occurred_at.with_timezone(&chrono::Utc));
            out.push(Facts {
                month: chrono::Datelike::month(&local),
                category: f.category,
                place: Place::of(f.channel),
                measures: f
                    .measures
                    .iter()
                    .filter(|m| {
                        matches!(m.status, MeasureStatus::Genomen | MeasureStatus::Afgerond)
                    })
                    .map(|m| m.kind)
                    .collect(),
                aangifte: f.aangifte.is_some(),
                aftercare_offered: f
                    .aftercare
                    .iter()
                    .any(|t| t.planned.is_some() || t.held.is_some() || t.declined.is_some()),
                aftercare_held: f.aftercare.iter().any(|t| t.held.is_some()),
                perpetrator: match (known, repeat) {
                    (false, _) => Perpetrator::Unknown,
                    (true, false) => Perpetrator::First,
                    (true, true) => Perpetrator::Repeat,
                },
            });
        }
        Ok(out)
    }
}

/// The start of the scope of access-log entries of a presidium overview.
pub const PRESIDIUM_SCOPE: &str = "presidiumoverzicht";

impl Store {
    /// When the last presidium overview was made (its access-log entry), if
    /// one was.
    pub fn last_presidium(
        &self,
    ) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, StoreError> {
        let at: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT at_utc FROM events WHERE kind = 'access-logged' AND payload IS NOT NULL
                   AND json_extract(payload, '$.scope') LIKE ?1 || '%'
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([PRESIDIUM_SCOPE], |r| r.get(0))
            .optional()?;
        Ok(at
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| crate::domain::time::to_local(t.with_timezone(&chrono::Utc))))
    }

    /// What the presidium overview counts, of the cases this store's
    /// identity may see: opened and closed since `since`, overdue and
    /// running at `now`.
    pub fn presidium_facts(
        &self,
        since: chrono::DateTime<chrono::FixedOffset>,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<crate::domain::presidium::PresidiumFacts, StoreError> {
        use crate::domain::case::CaseStatus;
        use crate::domain::category::Category;
        let since_utc = crate::domain::time::utc_string(&since);
        let visible = |sql: &str| -> Result<(String, super::due::Values), StoreError> {
            let mut sql = sql.to_string();
            let mut values = vec![(":since", Value::Text(since_utc.clone()))];
            if let Some(vis) = self.visibility()? {
                super::due::push_visibility(&mut sql, &mut values, &vis);
            }
            Ok((sql, values))
        };
        let run = |sql: &str,
                   values: &[(&'static str, Value)]|
         -> Result<Vec<(u64, Option<String>, String)>, StoreError> {
            let params = super::due::named(values);
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt
                .query_map(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        };
        let parse_category = |c: &Option<String>| -> Option<Category> {
            c.as_deref()
                .and_then(|c| serde_json::from_value(serde_json::Value::String(c.into())).ok())
        };
        let parse_status = |s: &str| -> CaseStatus {
            serde_json::from_value(serde_json::Value::String(s.into())).unwrap_or(CaseStatus::Open)
        };
        let mut facts = crate::domain::presidium::PresidiumFacts::default();
        let (sql, values) = visible(
            "SELECT c.id, c.category, c.status FROM cases c JOIN events e ON e.seq = c.opened_seq
              WHERE e.at_utc >= :since",
        )?;
        for (_, category, status) in run(&sql, &values)? {
            if let Some(c) = parse_category(&category) {
                facts.opened.push((c, parse_status(&status)));
            }
        }
        let (sql, values) = visible(
            "SELECT c.id, c.category, c.status FROM cases c
              WHERE c.status = 'afgesloten'
                AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'status-changed'
                              AND e.at_utc >= :since
                              AND json_extract(e.payload, '$.status') = 'afgesloten')",
        )?;
        for (_, category, _) in run(&sql, &values)? {
            if let Some(c) = parse_category(&category) {
                facts.closed.push(c);
            }
        }
        for item in self.due_items(now, None)? {
            if item.state == crate::domain::casefile::DeadlineState::Overdue {
                // Counted by the kind of duty (see `OVERDUE_GROUPS`).
                facts.overdue.push(item.key.clone());
            }
        }
        let (sql, values) = visible(
            "SELECT c.id, c.category, c.status FROM cases c
              WHERE EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'measure-recorded')
                AND :since = :since",
        )?;
        let today = now.date_naive();
        for (id, _, _) in run(&sql, &values)? {
            let events = super::events::case_events(&self.conn, id)?;
            let f = CaseFile::derive(id, &events);
            for m in &f.measures {
                // A measure for a period (a ban, a restriction) that is
                // taken, begun and not over: a warning is not "running".
                let taken = m.status == MeasureStatus::Genomen;
                let begun = m.start.is_none_or(|s| s <= today);
                let running = m.end.is_some_and(|e| e >= today);
                if taken && begun && running {
                    facts.running.push(m.kind);
                }
            }
        }
        Ok(facts)
    }
}
