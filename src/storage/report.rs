//! The facts of the yearly report (`domain::report`), read from the
//! register: per incident of a year in a scope only what the report may
//! count (its month, category, channel, measures taken, aangifte, aftercare,
//! and whether its perpetrator was known before), never a name or a text.

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
        let params: Vec<(&str, &dyn rusqlite::ToSql)> = values
            .iter()
            .map(|(n, v)| (*n, v as &dyn rusqlite::ToSql))
            .collect();
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
