//! A search alone whose words the prefix indexes do not serve (a word of
//! four letters or more): FTS5 then merges the entries of every indexed
//! word that starts with it, once for every query that names the search.
//! Planning, the page and the count each named it, so each key paid that
//! merge three times. Here the matches are read once, in the order of their
//! ids, and serve all three: the page walks the sort index and keeps the
//! cases among them, and their number is the exact count.

use rusqlite::OptionalExtension;
use rusqlite::types::Value;

use super::{
    CaseListRow, CaseQuery, CaseTotal, FEW_MATCHES, Filter, LIST_COLUMNS, Plan, RawRow,
    is_fts_error, order_sql, raw_row,
};
use crate::storage::{Store, StoreError};

impl Store {
    /// Every case id the search `fts` matches, ascending: one pass over the
    /// index, the merge made once.
    fn matching_ids(&self, fts: &Value) -> rusqlite::Result<Vec<u64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM case_text WHERE case_text MATCH ?1 ORDER BY rowid",
        )?;
        let ids = stmt.query_map([fts], |r| r.get::<_, u64>(0))?;
        ids.collect()
    }

    /// The page of `q` and the exact count, for a filter that is nothing
    /// but a search (`Filter::search_alone`), from its matches read once:
    /// up to [`FEW_MATCHES`] they are looked up and sorted as under
    /// [`Plan::FewMatches`] (a merge that small is cheap to make again);
    /// beyond that the sort index is walked, in the order of `q.sort`, and
    /// the cases among the matches kept until the page is full, then read.
    pub(super) fn page_of_matches(
        &self,
        filter: &Filter,
        q: &CaseQuery,
    ) -> Result<(Vec<CaseListRow>, CaseTotal), StoreError> {
        self.page_of_matches_beyond(filter, q, FEW_MATCHES)
    }

    /// [`Store::page_of_matches`], walking the sort index beyond `few`
    /// matches (the tests walk it on a small register).
    pub(super) fn page_of_matches_beyond(
        &self,
        filter: &Filter,
        q: &CaseQuery,
        few: i64,
    ) -> Result<(Vec<CaseListRow>, CaseTotal), StoreError> {
        debug_assert!(filter.search_alone());
        let Some(fts) = filter.fts() else {
            return Ok((Vec::new(), CaseTotal::Exact(0)));
        };
        let ids = match self.matching_ids(fts) {
            Ok(ids) => ids,
            Err(e) if is_fts_error(&e) => return Ok((Vec::new(), CaseTotal::Exact(0))),
            Err(e) => return Err(e.into()),
        };
        let total = CaseTotal::Exact(ids.len() as u64);
        if i64::try_from(ids.len()).unwrap_or(i64::MAX) <= few {
            return Ok((self.page(filter, Plan::FewMatches, q)?, total));
        }
        let limit = usize::try_from(q.limit).unwrap_or(usize::MAX);
        let mut skip = q.offset;
        let mut kept = Vec::with_capacity(limit.min(1_000));
        if limit > 0 {
            let walk = format!("SELECT c.id FROM cases c{}", order_sql(q.sort));
            let mut stmt = self.conn.prepare_cached(&walk)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let id: u64 = row.get(0)?;
                if ids.binary_search(&id).is_err() {
                    continue;
                }
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                kept.push(id);
                if kept.len() == limit {
                    break;
                }
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{LIST_COLUMNS} WHERE c.id = ?1"))?;
        let mut page = Vec::with_capacity(kept.len());
        for id in kept {
            if let Some(row) = stmt.query_row([id], raw_row).optional()? {
                page.push(RawRow::decode(row)?);
            }
        }
        Ok((page, total))
    }
}
