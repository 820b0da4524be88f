//! A search alone (`Filter::search_alone`), found by walking the sort index
//! instead of planning, paging and counting on the search index in turn.
//!
//! Words the prefix indexes do not serve (four letters or more): FTS5
//! merges the entries of every indexed word that starts with them, once for
//! every query that names the search; planning, the page and the count each
//! named it, so each key paid that merge three times. Here one cursor over
//! the matches, in the order of their ids, serves all three
//! ([`Store::page_of_matches`]).
//!
//! Words the prefix indexes serve (one to three letters, the first keys
//! typed): counted once, and walked in batches with one range read of the
//! index per batch ([`Store::page_of_short_search`]).

use rusqlite::OptionalExtension;
use rusqlite::types::Value;

use super::{
    CaseListRow, CaseQuery, CaseSort, CaseTotal, Counted, FEW_MATCHES, Filter, LIST_COLUMNS, Plan,
    RawRow, is_fts_error, order_sql, raw_row,
};
use crate::storage::{Store, StoreError};

/// The matches of a search read as far as needed, in the order of their
/// ids: ascending, or descending (which the newest-first walk meets in
/// about that order when cases are registered as they happen).
struct MatchCursor<'s> {
    rows: rusqlite::Rows<'s>,
    /// The ids read so far, in the cursor's order.
    seen: Vec<u64>,
    descending: bool,
    done: bool,
}

impl MatchCursor<'_> {
    /// Reads one more match; `false` at the end.
    fn step(&mut self) -> rusqlite::Result<bool> {
        if self.done {
            return Ok(false);
        }
        match self.rows.next()? {
            Some(row) => {
                self.seen.push(row.get(0)?);
                Ok(true)
            }
            None => {
                self.done = true;
                Ok(false)
            }
        }
    }

    /// Whether case `id` matches: reads on until the cursor has passed it.
    fn contains(&mut self, id: u64) -> rusqlite::Result<bool> {
        loop {
            let passed = self.seen.last().is_some_and(|&last| {
                if self.descending {
                    last <= id
                } else {
                    last >= id
                }
            });
            if passed || !self.step()? {
                break;
            }
        }
        Ok(if self.descending {
            self.seen.binary_search_by(|x| id.cmp(x)).is_ok()
        } else {
            self.seen.binary_search(&id).is_ok()
        })
    }
}

/// The cases in the order of a sort, ids only (the sort indexes cover them).
fn walk_sql(sort: CaseSort) -> String {
    format!("SELECT c.id FROM cases c{}", order_sql(sort))
}

/// The ids a page keeps of the matching cases met in the sort order: the
/// first `offset` passed over, then up to `limit`.
struct PageIds {
    skip: u64,
    limit: usize,
    kept: Vec<u64>,
}

impl PageIds {
    fn of(q: &CaseQuery) -> PageIds {
        let limit = usize::try_from(q.limit).unwrap_or(usize::MAX);
        PageIds {
            skip: q.offset,
            limit,
            kept: Vec::with_capacity(limit.min(1_000)),
        }
    }

    fn is_full(&self) -> bool {
        self.kept.len() >= self.limit
    }

    /// A matching case met: passed over or kept. `true` once the page is
    /// full.
    fn offer(&mut self, id: u64) -> bool {
        if self.skip > 0 {
            self.skip -= 1;
        } else {
            self.kept.push(id);
        }
        self.is_full()
    }
}

/// What one cursor over the matches found.
enum Found {
    /// The search matched this many, no more than the few looked up.
    Few(u64),
    /// The page's ids, in the sort order, and the count capped at the cap
    /// asked.
    Walked(Vec<u64>, CaseTotal),
}

impl Store {
    /// The page of `q` and its count capped at `cap` (exact when every
    /// match was read on the way), for a search alone of words the prefix
    /// indexes do not serve. One cursor over the matches, in the order of
    /// their ids (descending unless the sort is oldest first), is read for
    /// the first [`FEW_MATCHES`]: if that is all, they are looked up and
    /// sorted as under [`Plan::FewMatches`] (a merge that small is cheap to
    /// make again). Otherwise the sort index is walked and each case
    /// checked against the matches read, the cursor read on only as far as
    /// the case's id; then on to `cap` + 1 matches for the count.
    pub(super) fn page_of_matches(
        &self,
        filter: &Filter,
        q: &CaseQuery,
        cap: u64,
    ) -> Result<(Vec<CaseListRow>, CaseTotal), StoreError> {
        self.page_of_matches_beyond(filter, q, cap, FEW_MATCHES)
    }

    /// [`Store::page_of_matches`], walking the sort index beyond `few`
    /// matches (the tests walk it on a small register).
    pub(super) fn page_of_matches_beyond(
        &self,
        filter: &Filter,
        q: &CaseQuery,
        cap: u64,
        few: i64,
    ) -> Result<(Vec<CaseListRow>, CaseTotal), StoreError> {
        debug_assert!(filter.search_alone());
        let Some(fts) = filter.fts() else {
            return Ok((Vec::new(), CaseTotal::Exact(0)));
        };
        let descending = q.sort != CaseSort::Oldest;
        let found = (|| -> rusqlite::Result<Found> {
            let mut stmt = self.conn.prepare_cached(if descending {
                "SELECT rowid FROM case_text WHERE case_text MATCH ?1 ORDER BY rowid DESC"
            } else {
                "SELECT rowid FROM case_text WHERE case_text MATCH ?1 ORDER BY rowid"
            })?;
            let mut matches = MatchCursor {
                rows: stmt.query([fts])?,
                seen: Vec::new(),
                descending,
                done: false,
            };
            let few = usize::try_from(few).unwrap_or(0);
            while matches.seen.len() <= few && matches.step()? {}
            if matches.done {
                return Ok(Found::Few(matches.seen.len() as u64));
            }
            let mut page = PageIds::of(q);
            if !page.is_full() {
                let mut walk = self.conn.prepare_cached(&walk_sql(q.sort))?;
                let mut rows = walk.query([])?;
                while let Some(row) = rows.next()? {
                    let id: u64 = row.get(0)?;
                    if matches.contains(id)? && page.offer(id) {
                        break;
                    }
                }
            }
            let want = usize::try_from(cap.saturating_add(1)).unwrap_or(usize::MAX);
            while matches.seen.len() < want && matches.step()? {}
            let read = matches.seen.len() as u64;
            let total = if matches.done {
                CaseTotal::Exact(read)
            } else {
                CaseTotal::MoreThan(cap.min(read))
            };
            Ok(Found::Walked(page.kept, total))
        })();
        match found {
            Ok(Found::Few(n)) => Ok((self.page(filter, Plan::FewMatches, q)?, CaseTotal::Exact(n))),
            Ok(Found::Walked(kept, total)) => Ok((self.rows_of(&kept)?, total)),
            Err(e) if is_fts_error(&e) => Ok((Vec::new(), CaseTotal::Exact(0))),
            Err(e) => Err(e.into()),
        }
    }
}

/// Cases walked in the sort order before their search rows are looked up
/// together.
const WALK_BATCH: usize = 64;

/// Ids of a batch closer together than this are looked up in one range of
/// the index; a batch of cases whose ids lie far apart (the urgency sort)
/// takes one range per cluster.
const RANGE_SPAN: u64 = 4 * WALK_BATCH as u64;

/// A short search walks the sort index only when its page is expected
/// within this many cases, and gives up at twice as many.
const WALK_ROWS: u64 = 4_096;

/// The bounds of [`Store::page_of_short_search`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Walk {
    /// Up to this many matches are looked up, not walked.
    pub few: i64,
    /// Walk only when the page is expected within this many cases; give
    /// up at twice as many.
    pub rows: u64,
    /// The widest range of ids read at once.
    pub span: u64,
}

impl Walk {
    const DEFAULT: Walk = Walk {
        few: FEW_MATCHES,
        rows: WALK_ROWS,
        span: RANGE_SPAN,
    };
}

impl Store {
    /// The page of `q` and its count capped at `cap`, for a search alone of
    /// words the prefix indexes serve (one to three letters: the first keys
    /// typed). The count (as far as the larger of `cap` and
    /// [`FEW_MATCHES`]) also says how dense the matches lie among the ids;
    /// few matches are looked up and sorted ([`Plan::FewMatches`]); dense
    /// ones are found by walking the sort index, 64 cases at a time, each
    /// batch checked with one range read of the index per cluster of ids,
    /// instead of one lookup per case. `None` when the matches lie too
    /// thinly for that: the caller plans as before.
    pub(super) fn page_of_short_search(
        &self,
        filter: &Filter,
        q: &CaseQuery,
        cap: u64,
    ) -> Result<Option<(Vec<CaseListRow>, CaseTotal)>, StoreError> {
        self.page_of_short_search_with(filter, q, cap, Walk::DEFAULT)
    }

    /// [`Store::page_of_short_search`] with other bounds (the tests walk a
    /// small register).
    pub(super) fn page_of_short_search_with(
        &self,
        filter: &Filter,
        q: &CaseQuery,
        cap: u64,
        walk: Walk,
    ) -> Result<Option<(Vec<CaseListRow>, CaseTotal)>, StoreError> {
        let Some(fts) = filter.fts() else {
            return Ok(Some((Vec::new(), CaseTotal::Exact(0))));
        };
        let upto = i64::try_from(cap)
            .unwrap_or(i64::MAX - 1)
            .clamp(FEW_MATCHES, i64::MAX - 1);
        let counted = self
            .conn
            .prepare_cached(
                "SELECT count(*), max(rowid) FROM
                   (SELECT rowid FROM case_text WHERE case_text MATCH ?1 ORDER BY rowid LIMIT ?2)",
            )
            .and_then(|mut s| {
                s.query_row(rusqlite::params![fts, upto + 1], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
                })
            });
        let (matches, last) = match counted {
            Ok(counted) => counted,
            Err(e) if is_fts_error(&e) => return Ok(Some((Vec::new(), CaseTotal::Exact(0)))),
            Err(e) => return Err(e.into()),
        };
        let counted = Counted { matches, upto };
        let total = counted
            .capped(cap)
            .or_else(|| counted.capped(u64::try_from(upto).unwrap_or(0)))
            .unwrap_or(CaseTotal::MoreThan(0));
        if matches <= walk.few {
            return Ok(Some((self.page(filter, Plan::FewMatches, q)?, total)));
        }
        // The matches counted lie among the ids up to `last`: about as
        // densely as among the cases walked.
        let need = q.offset.saturating_add(u64::from(q.limit));
        let spread = u64::try_from(last.unwrap_or(0)).unwrap_or(0).max(1);
        let matched = u64::try_from(matches).unwrap_or(1).max(1);
        if need.saturating_mul(spread) / matched > walk.rows {
            return Ok(None);
        }
        let mut page = PageIds::of(q);
        let mut stmt = self.conn.prepare_cached(&walk_sql(q.sort))?;
        let mut rows = stmt.query([])?;
        let mut batch = Vec::with_capacity(WALK_BATCH);
        let mut walked = 0u64;
        'walk: while !page.is_full() {
            batch.clear();
            while batch.len() < WALK_BATCH {
                match rows.next()? {
                    Some(row) => batch.push(row.get::<_, u64>(0)?),
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            walked += batch.len() as u64;
            let found = self.matches_among(fts, &batch, walk.span)?;
            for id in &batch {
                if found.binary_search(id).is_ok() && page.offer(*id) {
                    break 'walk;
                }
            }
            if batch.len() < WALK_BATCH {
                break;
            }
            if walked > 2 * walk.rows {
                return Ok(None);
            }
        }
        Ok(Some((self.rows_of(&page.kept)?, total)))
    }

    /// Which of `batch` the search matches, ascending: one range read of the
    /// index per cluster of ids.
    fn matches_among(&self, fts: &Value, batch: &[u64], span: u64) -> Result<Vec<u64>, StoreError> {
        let mut ids = batch.to_vec();
        ids.sort_unstable();
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM case_text
              WHERE case_text MATCH ?1 AND rowid >= ?2 AND rowid <= ?3",
        )?;
        let mut found = Vec::with_capacity(ids.len());
        let mut rest = ids.as_slice();
        while let Some(&low) = rest.first() {
            let cluster = rest.partition_point(|id| *id - low <= span);
            let high = rest[cluster - 1];
            let mut rows = stmt.query(rusqlite::params![fts, low, high])?;
            while let Some(row) = rows.next()? {
                let id = row.get::<_, u64>(0)?;
                if rest[..cluster].binary_search(&id).is_ok() {
                    found.push(id);
                }
            }
            rest = &rest[cluster..];
        }
        found.sort_unstable();
        Ok(found)
    }

    /// The list rows of `ids`, in that order (a case gone meanwhile left
    /// out).
    pub(super) fn rows_of(&self, ids: &[u64]) -> Result<Vec<CaseListRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{LIST_COLUMNS} WHERE c.id = ?1"))?;
        let mut page = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt.query_row([id], raw_row).optional()? {
                page.push(RawRow::decode(row)?);
            }
        }
        Ok(page)
    }
}
