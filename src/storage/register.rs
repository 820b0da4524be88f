//! The case register, read side: the case list with its filters, sorts and
//! full-text search, a case's timeline, and the perpetrator register.
//!
//! SQL is assembled only from fixed fragments; everything the user typed is
//! a bound parameter, and search text goes through [`fts_query`] first.

use rusqlite::ToSql;
use rusqlite::types::Value;
use serde::de::DeserializeOwned;

use super::{Store, StoreError};
#[cfg(test)]
use count::{capped_count_sql, count_sql};

mod count;
mod filter;
mod matches;
mod query;
mod search;
use crate::domain::event::Event;
pub use count::{COUNT_CAP, CaseTotal};
pub(super) use filter::year_bounds;
use filter::{Clause, Counted, Filter};
pub use query::{CaseListRow, CaseOrigin, CaseQuery, CaseSort, CaseState, PerpetratorRow};
pub use search::fts_query;

/// How a query with a search is run. SQLite's planner has no statistics to
/// choose by, so the store chooses, by how many cases the search matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// No search: the filter and sort indexes do all the work.
    NoText,
    /// A few matches: look each one up and sort them; the other filters are
    /// checked per row (their indexes are switched off with a unary `+`).
    FewMatches,
    /// Many matches (a short prefix while typing): walk the sort or filter
    /// index and check each case against the matches, stopping at a page;
    /// the search is switched off as an index with a unary `+`.
    ManyMatches,
    /// Most cases match, and every word is short enough for the prefix
    /// indexes (one to three letters: the first keys typed): as
    /// [`Plan::ManyMatches`], but each case is looked up in the index on its
    /// own (`EXISTS … rowid = c.id`) instead of first collecting every
    /// match, which for "v" is nearly the whole register. A page then costs
    /// about fifty lookups. Only for pages: a count would look up every
    /// case, so counts use [`Plan::ManyMatches`] (or stop early, see
    /// [`DENSE_COUNT_CAP`]).
    Dense,
}

/// [`FEW_MATCHES`] for a viewer whose route filters the cases (on 100,000
/// cases a griffie viewer's search for a name with 3,667 matches took 25 ms
/// for page and count walking the index: `cargo bench --bench register`).
const FEW_MATCHES_ROUTED: i64 = 5_000;

/// Searches matching more than this many cases, with only short words, use
/// [`Plan::Dense`].
const DENSE_MATCHES: i64 = 10_000;

/// A capped count under [`Plan::Dense`] with other filters stops after this
/// many (each one a lookup): "meer dan 100", the exact number follows.
pub const DENSE_COUNT_CAP: u64 = 100;

/// The longest word (in bytes) the prefix indexes serve (`prefix = '1 2 3'`
/// in migration 2).
const PREFIX_INDEXED: usize = 3;

/// Pages further down than this are not read under [`Plan::Dense`].
const DENSE_OFFSET: u64 = 500;

/// The search, checked case by case under [`Plan::Dense`].
const DENSE_SEARCH_SQL: &str =
    "EXISTS (SELECT 1 FROM case_text WHERE case_text MATCH :fts AND rowid = c.id)";

/// Searches matching more than this many cases use [`Plan::ManyMatches`].
/// Looking up and sorting costs about 0.8 µs per match; walking the index
/// about 0.1 µs per case passed plus 0.25 µs per match. On 100,000 cases the
/// two cross near 850 matches.
const FEW_MATCHES: i64 = 1_000;

const LIST_COLUMNS: &str = "SELECT c.id, c.number, c.occurred_at, c.category, c.victim_role, \
     c.status, c.channel, c.origin, c.next_step, c.next_due_utc FROM cases c";

fn list_sql(filter: &Filter, plan: Plan, sort: CaseSort) -> String {
    format!(
        "{LIST_COLUMNS}{}{} LIMIT :limit OFFSET :offset",
        filter.where_list(plan),
        order_sql(sort)
    )
}

fn order_sql(sort: CaseSort) -> &'static str {
    match sort {
        CaseSort::Newest => " ORDER BY c.occurred_utc DESC, c.id DESC",
        CaseSort::Oldest => " ORDER BY c.occurred_utc ASC, c.id ASC",
        CaseSort::Urgency => {
            " ORDER BY c.next_due_utc IS NULL, c.next_due_utc, c.occurred_utc DESC, c.id DESC"
        }
    }
}

/// A list row as read, before its keys are decoded.
struct RawRow {
    id: u64,
    number: String,
    occurred_at: String,
    category: String,
    victim_role: Option<String>,
    status: String,
    channel: Option<String>,
    origin: String,
    next_step: Option<String>,
    next_due_utc: Option<String>,
}

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        number: r.get(1)?,
        occurred_at: r.get(2)?,
        category: r.get(3)?,
        victim_role: r.get(4)?,
        status: r.get(5)?,
        channel: r.get(6)?,
        origin: r.get(7)?,
        next_step: r.get(8)?,
        next_due_utc: r.get(9)?,
    })
}

/// A kebab-case key as stored, back to its enum.
pub(super) fn parse_key<T: DeserializeOwned>(key: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(key.to_string()))
        .map_err(|_| StoreError::Projection(format!("onbekende {what} '{key}'")))
}

impl RawRow {
    fn decode(self) -> Result<CaseListRow, StoreError> {
        Ok(CaseListRow {
            // A disturbance just logged has no category yet.
            category: match self.category.as_str() {
                "" => None,
                k => Some(parse_key(k, "categorie")?),
            },
            victim_role: match &self.victim_role {
                Some(k) => Some(parse_key(k, "rol")?),
                None => None,
            },
            status: CaseState::from_key(&self.status).ok_or_else(|| {
                StoreError::Projection(format!("onbekende status '{}'", self.status))
            })?,
            channel: match &self.channel {
                Some(k) => Some(parse_key(k, "kanaal")?),
                None => None,
            },
            origin: CaseOrigin::from_key(&self.origin).ok_or_else(|| {
                StoreError::Projection(format!("onbekende herkomst '{}'", self.origin))
            })?,
            id: self.id,
            number: self.number,
            occurred_at: self.occurred_at,
            next_step: self.next_step,
            next_due_utc: self.next_due_utc,
        })
    }
}

/// Whether a failure of a query with a full-text search may come from FTS5
/// parsing the search (a plain SQLITE_ERROR: "fts5: syntax error…",
/// "unterminated string"…). [`fts_query`] should make this impossible; if it
/// happens anyway, the search finds nothing rather than showing the user an
/// SQL error.
fn is_fts_error(e: &rusqlite::Error) -> bool {
    let query_error = matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::Unknown
    );
    if query_error {
        tracing::warn!("zoekopdracht geweigerd door FTS5: {e}");
    }
    query_error
}

impl Store {
    /// How to run a query with this filter: with a search, whether it
    /// matches more than [`FEW_MATCHES`] cases (counting stops there).
    /// With only words the prefix indexes serve, counting goes on to
    /// [`DENSE_MATCHES`] (cheap there) to tell [`Plan::Dense`]; the caller
    /// says whether a dense plan may be used (pages near the top only: each
    /// row skipped by an offset would be a lookup too).
    fn plan(
        &self,
        filter: &Filter,
        dense_allowed: bool,
    ) -> rusqlite::Result<(Plan, Option<Counted>)> {
        let Some(fts) = filter.fts() else {
            return Ok((Plan::NoText, None));
        };
        let dense = dense_allowed && filter.prefix_indexed;
        // A viewer's route passes only part of the register: walking an
        // index then passes many cases per match it keeps, and looking the
        // matches up pays off for more of them.
        let few = if filter.clauses.iter().any(|c| c.route) {
            FEW_MATCHES_ROUTED
        } else {
            FEW_MATCHES
        };
        let upto = if dense { DENSE_MATCHES } else { few };
        let matches: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM
                   (SELECT 1 FROM case_text WHERE case_text MATCH ?1 LIMIT ?2)",
            )?
            .query_row(rusqlite::params![fts, upto + 1], |r| r.get(0))?;
        let plan = if dense && matches > DENSE_MATCHES {
            Plan::Dense
        } else if matches > few {
            Plan::ManyMatches
        } else {
            Plan::FewMatches
        };
        Ok((plan, Some(Counted { matches, upto })))
    }

    /// One page of the case list: the cases matching every filter of `q`,
    /// in the order of `q.sort`, `q.limit` rows from `q.offset`.
    pub fn list_cases(&self, q: &CaseQuery) -> Result<Vec<CaseListRow>, StoreError> {
        let vis = self.visibility()?;
        let Some(filter) = Filter::of(q, vis.as_ref()) else {
            return Ok(Vec::new());
        };
        if filter.reads_matches_once(q) {
            return Ok(self.page_of_matches(&filter, q, 0)?.0);
        }
        if filter.walks_short_search(q)
            && let Some((page, _)) = self.page_of_short_search(&filter, q, 0)?
        {
            return Ok(page);
        }
        let plan = match self.plan(&filter, q.offset <= DENSE_OFFSET) {
            Ok((plan, _)) => plan,
            Err(e) if filter.text && is_fts_error(&e) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        self.page(&filter, plan, q)
    }

    /// One page and its count capped at `cap`, for one key in the browser:
    /// the viewer, the filter and the plan are worked out once for both. A
    /// search alone whose matches were all read on the way (`matches`) is
    /// counted exactly whatever the cap: no exact count need follow.
    pub fn list_with_count(
        &self,
        q: &CaseQuery,
        cap: u64,
    ) -> Result<(Vec<CaseListRow>, CaseTotal), StoreError> {
        let vis = self.visibility()?;
        let Some(filter) = Filter::of(q, vis.as_ref()) else {
            return Ok((Vec::new(), CaseTotal::Exact(0)));
        };
        if filter.reads_matches_once(q) {
            return self.page_of_matches(&filter, q, cap);
        }
        if filter.walks_short_search(q)
            && let Some(done) = self.page_of_short_search(&filter, q, cap)?
        {
            return Ok(done);
        }
        let (plan, counted) = match self.plan(&filter, q.offset <= DENSE_OFFSET) {
            Ok(planned) => planned,
            Err(e) if filter.text && is_fts_error(&e) => {
                return Ok((Vec::new(), CaseTotal::Exact(0)));
            }
            Err(e) => return Err(e.into()),
        };
        let page = self.page(&filter, plan, q)?;
        // A search alone was counted while planning, as far as the cap.
        let total = match counted.and_then(|c| c.capped(cap)) {
            Some(total) if filter.search_alone() => total,
            _ => self.capped(&filter, plan, cap)?,
        };
        Ok((page, total))
    }

    /// The page of `q` under `plan`.
    fn page(
        &self,
        filter: &Filter,
        plan: Plan,
        q: &CaseQuery,
    ) -> Result<Vec<CaseListRow>, StoreError> {
        let sql = list_sql(filter, plan, q.sort);
        let limit = Value::Integer(i64::from(q.limit));
        let offset = Value::Integer(i64::try_from(q.offset).unwrap_or(i64::MAX));
        let mut params = filter.params();
        params.push((":limit", &limit));
        params.push((":offset", &offset));
        let rows = (|| {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params.as_slice(), raw_row)?;
            rows.collect::<Result<Vec<_>, _>>()
        })();
        match rows {
            Ok(rows) => rows.into_iter().map(RawRow::decode).collect(),
            Err(e) if filter.text && is_fts_error(&e) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        }
    }

    /// The list row of one case, if it exists and may be seen.
    pub fn case_row(&self, case_id: u64) -> Result<Option<CaseListRow>, StoreError> {
        if self.viewer.is_some() && self.check_visible(case_id).is_err() {
            return Ok(None);
        }
        Ok(self.rows_of(&[case_id])?.pop())
    }

    /// Every event of one case (live steps and later handling, corrections
    /// included), in the order they were logged.
    /// A case the viewer may not see is refused, in Dutch, with why.
    pub fn case_events(&self, case_id: u64) -> Result<Vec<Event>, StoreError> {
        self.check_visible(case_id)?;
        super::events::case_events(&self.conn, case_id)
    }

    /// The cases a perpetrator is linked to, as `(case id, occurred_utc)`,
    /// oldest first: for telling a first incident from a repeated one.
    /// Only the cases the viewer may see.
    pub fn perpetrator_cases(&self, perpetrator_id: u64) -> Result<Vec<(u64, String)>, StoreError> {
        let vis = self.visibility()?;
        let Some(mut filter) = Filter::of(&CaseQuery::default(), vis.as_ref()) else {
            return Ok(Vec::new());
        };
        filter.clauses.push(Clause {
            sql: "c.id IN (SELECT case_id FROM case_perpetrators WHERE perpetrator_id = :perp)",
            column: false,
            search: false,
            route: false,
        });
        filter.values.push((
            ":perp",
            Value::Integer(i64::try_from(perpetrator_id).unwrap_or(i64::MAX)),
        ));
        let sql = format!(
            "SELECT c.id, c.occurred_utc FROM cases c{} ORDER BY c.occurred_utc, c.id",
            filter.where_sql(Plan::NoText)
        );
        let params = filter.params();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Perpetrators for picking one: those whose description or name match
    /// `text` (as in [`CaseQuery::text`]), best match first; with an empty
    /// `text` the most recently registered. At most `limit`.
    pub fn perpetrators(&self, text: &str, limit: u32) -> Result<Vec<PerpetratorRow>, StoreError> {
        // For a viewer: a perpetrator shows with the cases the viewer may
        // see; one without any case of the viewer's is left out, unless it
        // has no case at all (then any role that receives reports sees it);
        // and a viewer linked to a perpetrator never sees it.
        let vis = self.visibility()?;
        let mut values: Vec<(&'static str, Value)> = Vec::new();
        let (cases_sql, keep_sql) = match &vis {
            None => (
                "(SELECT count(*) FROM case_perpetrators cp WHERE cp.perpetrator_id = p.id)"
                    .to_string(),
                String::new(),
            ),
            Some(v) => {
                let Some(filter) = Filter::of(&CaseQuery::default(), Some(v)) else {
                    return Ok(Vec::new());
                };
                let clause = filter.where_sql(Plan::NoText);
                let clause = clause.trim_start_matches(" WHERE ");
                let clause = if clause.is_empty() { "1" } else { clause };
                values.extend(filter.values.iter().cloned());
                if !values.iter().any(|(n, _)| *n == ":me") {
                    values.push((":me", Value::Text(v.identity.clone())));
                }
                values.push((":route", Value::Integer(i64::from(v.mask != 0))));
                let seen = format!(
                    "FROM case_perpetrators cp JOIN cases c ON c.id = cp.case_id
                      WHERE cp.perpetrator_id = p.id AND ({clause})"
                );
                (
                    format!("(SELECT count(*) {seen})"),
                    // Walked in order, each perpetrator checked until the
                    // page is full.
                    format!(
                        " AND (EXISTS (SELECT 1 {seen}) OR (:route AND NOT EXISTS
                            (SELECT 1 FROM case_perpetrators a WHERE a.perpetrator_id = p.id)))
                          AND p.id NOT IN (SELECT target FROM identity_links
                                            WHERE identity = :me AND kind = 'perpetrator')"
                    ),
                )
            }
        };
        let columns =
            format!("p.id, p.kind, p.description, p.name, p.registered_at, {cases_sql} AS n");
        let map = |r: &rusqlite::Row<'_>| {
            Ok((
                r.get::<_, u64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, u64>(5)?,
            ))
        };
        values.push((":limit", Value::Integer(i64::from(limit))));
        let rows = match fts_query(text) {
            None => {
                let sql = format!(
                    "SELECT {columns} FROM perpetrators p WHERE 1{keep_sql}
                      ORDER BY p.id DESC LIMIT :limit"
                );
                let params: Vec<(&str, &dyn ToSql)> =
                    values.iter().map(|(n, v)| (*n, v as &dyn ToSql)).collect();
                let mut stmt = self.conn.prepare_cached(&sql)?;
                let rows = stmt.query_map(params.as_slice(), map)?;
                rows.collect::<Result<Vec<_>, _>>()?
            }
            Some(fts) => {
                values.push((":fts", Value::Text(fts)));
                // Unrestricted: the best hits only, as before; a viewer's
                // filter comes after the ranking, so it ranks them all.
                let best = if vis.is_none() {
                    " ORDER BY rank LIMIT :limit"
                } else {
                    ""
                };
                let sql = format!(
                    "WITH hits AS (SELECT rowid AS id, rank FROM perpetrator_text
                                    WHERE perpetrator_text MATCH :fts{best})
                     SELECT {columns} FROM hits JOIN perpetrators p ON p.id = hits.id
                      WHERE 1{keep_sql}
                      ORDER BY hits.rank, p.id DESC LIMIT :limit"
                );
                let params: Vec<(&str, &dyn ToSql)> =
                    values.iter().map(|(n, v)| (*n, v as &dyn ToSql)).collect();
                let found = (|| {
                    let mut stmt = self.conn.prepare_cached(&sql)?;
                    let rows = stmt.query_map(params.as_slice(), map)?;
                    rows.collect::<Result<Vec<_>, _>>()
                })();
                match found {
                    Ok(rows) => rows,
                    Err(e) if is_fts_error(&e) => Vec::new(),
                    Err(e) => return Err(e.into()),
                }
            }
        };
        rows.into_iter()
            .map(|(id, kind, description, name, registered_at, cases)| {
                Ok(PerpetratorRow {
                    id,
                    kind: parse_key(&kind, "soort veroorzaker")?,
                    description,
                    name,
                    registered_at,
                    cases,
                })
            })
            .collect()
    }
}

/// The registered perpetrator with exactly this name (case, accents and
/// punctuation aside: "Özdemir, A." is "ozdemir a"), if any: the oldest
/// such entry. An empty name is nobody.
pub(super) fn known_perpetrator(
    conn: &rusqlite::Connection,
    name: &str,
) -> Result<Option<u64>, StoreError> {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let wanted = words(name);
    if wanted.is_empty() {
        return Ok(None);
    }
    // The tokenizer folds case and accents; the phrase on the name column
    // finds the names that contain these words in this order, and the
    // same number of words makes it the whole name, not a part of it.
    let phrase = format!("name : \"{}\"", wanted.join(" "));
    let found = (|| {
        let mut stmt = conn.prepare_cached(
            "SELECT p.id, p.name FROM perpetrator_text t JOIN perpetrators p ON p.id = t.rowid
              WHERE perpetrator_text MATCH ?1 ORDER BY p.id LIMIT 50",
        )?;
        let rows = stmt.query_map([phrase], |r| {
            Ok((r.get::<_, u64>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.collect::<Result<Vec<_>, _>>()
    })();
    let rows = match found {
        Ok(rows) => rows,
        Err(e) if is_fts_error(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(rows
        .into_iter()
        .find(|(_, n)| words(n).len() == wanted.len())
        .map(|(id, _)| id))
}

#[cfg(test)]
#[path = "register_tests.rs"]
mod tests;
