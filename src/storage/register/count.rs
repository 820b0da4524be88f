//! Counting the cases of a query: exactly, or capped while typing (the
//! "N" of "n van N"), and the exact count the store thread makes when idle.

use rusqlite::types::Value;

use super::{CaseQuery, DENSE_COUNT_CAP, Filter, Plan, is_fts_error};
use crate::storage::{Store, StoreError};

/// How many cases match a query: exactly, or more than a cap (counting
/// stopped there). Never a wrong number: a capped count is a lower bound
/// and says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseTotal {
    Exact(u64),
    /// More than this many (the cap): the exact number comes later.
    MoreThan(u64),
}

impl CaseTotal {
    /// The number known to be there: exact, or the cap.
    pub fn at_least(self) -> u64 {
        match self {
            CaseTotal::Exact(n) | CaseTotal::MoreThan(n) => n,
        }
    }

    pub fn is_exact(self) -> bool {
        matches!(self, CaseTotal::Exact(_))
    }
}

/// SQLite virtual-machine steps between two calls of a stop check (about
/// 10 µs of work).
const STOP_CHECK_OPS: std::ffi::c_int = 1_000;

/// While typing, the list counts its matches up to this many; the exact
/// number follows when no key is waiting (see `worker`).
pub const COUNT_CAP: u64 = 1_000;

pub(super) fn count_sql(filter: &Filter, plan: Plan) -> String {
    if filter.search_alone() {
        // Search alone: count in the index, without visiting the cases.
        "SELECT count(*) FROM case_text WHERE case_text MATCH :fts".to_string()
    } else {
        format!("SELECT count(*) FROM cases c{}", filter.where_sql(plan))
    }
}

/// A count that stops after `:cap` rows: the same plans as the list (the
/// route checked, never walked), so it costs about what a page costs.
pub(super) fn capped_count_sql(filter: &Filter, plan: Plan) -> String {
    if filter.search_alone() {
        "SELECT count(*) FROM (SELECT 1 FROM case_text WHERE case_text MATCH :fts LIMIT :cap)"
            .to_string()
    } else {
        format!(
            "SELECT count(*) FROM (SELECT 1 FROM cases c{} LIMIT :cap)",
            filter.where_list(plan)
        )
    }
}

impl Store {
    /// How many cases match the filters of `q` (its sort, limit and offset
    /// are ignored): the "N" of "n of N".
    pub fn count_cases(&self, q: &CaseQuery) -> Result<u64, StoreError> {
        let vis = self.visibility()?;
        let Some(filter) = Filter::of(q, vis.as_ref()) else {
            return Ok(0);
        };
        let plan = if filter.text && filter.clauses.len() > 1 {
            // Never dense: an exact count would look up every case.
            match self.plan(&filter, false) {
                Ok((plan, _)) => plan,
                Err(e) if is_fts_error(&e) => return Ok(0),
                Err(e) => return Err(e.into()),
            }
        } else {
            Plan::NoText
        };
        let sql = count_sql(&filter, plan);
        let params = filter.params();
        let count = (|| {
            self.conn
                .prepare_cached(&sql)?
                .query_row(params.as_slice(), |r| r.get::<_, u64>(0))
        })();
        match count {
            Ok(n) => Ok(n),
            Err(e) if filter.text && is_fts_error(&e) => Ok(0),
            Err(e) => Err(e.into()),
        }
    }

    /// As [`Store::count_cases`], but counting stops after `cap` matches:
    /// [`CaseTotal::MoreThan`] then. Cheap whatever the register's size, so
    /// it can run on every key.
    pub fn count_cases_upto(&self, q: &CaseQuery, cap: u64) -> Result<CaseTotal, StoreError> {
        let vis = self.visibility()?;
        let Some(filter) = Filter::of(q, vis.as_ref()) else {
            return Ok(CaseTotal::Exact(0));
        };
        // Search alone is counted in the index; otherwise as the page is
        // read, and under a dense plan each counted case is a lookup.
        let alone = filter.search_alone();
        let (plan, counted) = match self.plan(&filter, !alone) {
            Ok(planned) => planned,
            Err(e) if filter.text && is_fts_error(&e) => return Ok(CaseTotal::Exact(0)),
            Err(e) => return Err(e.into()),
        };
        // A search alone was counted while planning, as far as the cap.
        match counted.and_then(|c| c.capped(cap)) {
            Some(total) if alone => Ok(total),
            _ => self.capped(&filter, plan, cap),
        }
    }

    /// The count of `filter` under `plan`, stopping after `cap`.
    pub(super) fn capped(
        &self,
        filter: &Filter,
        plan: Plan,
        cap: u64,
    ) -> Result<CaseTotal, StoreError> {
        let alone = filter.search_alone();
        let cap = if plan == Plan::Dense && !alone {
            cap.min(DENSE_COUNT_CAP)
        } else {
            cap
        };
        let sql = capped_count_sql(filter, plan);
        let limit = Value::Integer(i64::try_from(cap.saturating_add(1)).unwrap_or(i64::MAX));
        let mut params = filter.params();
        params.push((":cap", &limit));
        let count = (|| {
            self.conn
                .prepare_cached(&sql)?
                .query_row(params.as_slice(), |r| r.get::<_, u64>(0))
        })();
        match count {
            Ok(n) if n > cap => Ok(CaseTotal::MoreThan(cap)),
            Ok(n) => Ok(CaseTotal::Exact(n)),
            Err(e) if filter.text && is_fts_error(&e) => Ok(CaseTotal::Exact(0)),
            Err(e) => Err(e.into()),
        }
    }

    /// The exact count of [`Store::count_cases`], given up (`None`) as soon
    /// as `stop` says so: SQLite asks it every few thousand steps. For the
    /// store thread, which counts when idle and stops for the next key.
    pub fn count_cases_unless(
        &mut self,
        q: &CaseQuery,
        stop: impl Fn() -> bool + Send + 'static,
    ) -> Result<Option<u64>, StoreError> {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopped);
        self.conn.progress_handler(
            STOP_CHECK_OPS,
            Some(move || {
                let stop = stop();
                if stop {
                    flag.store(true, Ordering::Relaxed);
                }
                stop
            }),
        )?;
        let counted = self.count_cases(q);
        self.conn.progress_handler(0, None::<fn() -> bool>)?;
        match counted {
            Ok(n) => Ok(Some(n)),
            Err(_) if stopped.load(Ordering::Relaxed) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
