//! The conditions of a case query: which filters, the viewer's route and
//! the search make up its WHERE clause under each [`Plan`], with their
//! bound values.

use chrono::TimeZone;
use chrono_tz::Europe::Amsterdam;
use rusqlite::ToSql;
use rusqlite::types::Value;

use super::search::search_words;
use super::{
    CaseQuery, CaseTotal, DENSE_OFFSET, DENSE_SEARCH_SQL, PREFIX_INDEXED, Plan, fts_query,
};
use crate::domain::time;
use crate::storage::access::{NOT_PARTY_SQL, Visibility};

/// How many cases a search matched as far as [`Store::plan`] counted:
/// `matches` is at most `upto + 1`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counted {
    pub(super) matches: i64,
    pub(super) upto: i64,
}

impl Counted {
    /// The count capped at `cap`, when this count went far enough to tell
    /// (`cap` at most `upto`): of the search's matches alone, so only for a
    /// filter that is nothing but the search.
    pub(super) fn capped(self, cap: u64) -> Option<CaseTotal> {
        let limit = i64::try_from(cap).ok().filter(|c| *c <= self.upto)?;
        Some(if self.matches > limit {
            CaseTotal::MoreThan(cap)
        } else {
            CaseTotal::Exact(u64::try_from(self.matches).unwrap_or(0))
        })
    }
}

/// One condition of a case query.
pub(super) struct Clause {
    /// SQL without a leading `+`; starts with a column of `c`.
    pub(super) sql: &'static str,
    /// An indexed column filter (switched off for [`Plan::FewMatches`]).
    pub(super) column: bool,
    /// The full-text search (switched off for [`Plan::ManyMatches`]).
    pub(super) search: bool,
    /// The viewer's route (`cases.visible`): never drives a list (the sort
    /// index does, and checks it), may drive a count.
    pub(super) route: bool,
}

/// The WHERE clause of a case query and its bound values.
pub(super) struct Filter {
    pub(super) clauses: Vec<Clause>,
    pub(super) values: Vec<(&'static str, Value)>,
    pub(super) text: bool,
    /// Every word of the search is served by the prefix indexes.
    pub(super) prefix_indexed: bool,
}

impl Filter {
    /// `None` when the query can match nothing (a year out of range, or a
    /// viewer who may see no case).
    pub(super) fn of(q: &CaseQuery, vis: Option<&Visibility>) -> Option<Filter> {
        let mut f = Filter {
            clauses: Vec::new(),
            values: Vec::new(),
            text: false,
            prefix_indexed: false,
        };
        if let Some(vis) = vis {
            if vis.sees_nothing() {
                return None;
            }
            f.visibility(vis);
        }
        if let Some(status) = q.status {
            f.column(
                "c.status = :status",
                ":status",
                status.key().to_string().into(),
            );
        }
        if let Some(category) = q.category {
            f.column(
                "c.category = :category",
                ":category",
                crate::storage::project::key(&category).into(),
            );
        }
        if let Some(role) = q.role {
            f.column("c.victim_role = :role", ":role", role.key().into());
        }
        if let Some(channel) = q.channel {
            f.column("c.channel = :channel", ":channel", channel.key().into());
        }
        if let Some(year) = q.year {
            let (from, to) = year_bounds(year)?;
            f.column("c.occurred_utc >= :from", ":from", from.into());
            f.column("c.occurred_utc < :to", ":to", to.into());
        }
        if let Some(perpetrator) = q.perpetrator {
            f.clauses.push(Clause {
                sql: "c.id IN (SELECT case_id FROM case_perpetrators WHERE perpetrator_id = :perp)",
                column: false,
                search: false,
                route: false,
            });
            f.values.push((
                ":perp",
                Value::Integer(i64::try_from(perpetrator).unwrap_or(i64::MAX)),
            ));
        }
        if let Some(fts) = fts_query(&q.text) {
            f.clauses.push(Clause {
                sql: "c.id IN (SELECT rowid FROM case_text WHERE case_text MATCH :fts)",
                column: false,
                search: true,
                route: false,
            });
            f.values.push((":fts", fts.into()));
            f.text = true;
            f.prefix_indexed = search_words(&q.text)
                .all(|w| w.len() <= PREFIX_INDEXED && w.chars().all(char::is_alphanumeric));
        }
        Some(f)
    }

    /// Only the cases the viewer may see (`domain::access`): the route mask
    /// (an indexed column), the aide's own live cases, and never a case the
    /// viewer is a party to.
    pub(super) fn visibility(&mut self, vis: &Visibility) {
        if let Some(sql) = vis.route_sql() {
            self.clauses.push(Clause {
                sql,
                column: true,
                search: false,
                route: true,
            });
        }
        if vis.party {
            self.clauses.push(Clause {
                sql: NOT_PARTY_SQL,
                column: false,
                search: false,
                route: false,
            });
        }
        self.values.extend(vis.values());
    }

    pub(super) fn column(&mut self, sql: &'static str, name: &'static str, value: Value) {
        self.clauses.push(Clause {
            sql,
            column: true,
            search: false,
            route: false,
        });
        self.values.push((name, value));
    }

    /// The WHERE clause of a count.
    pub(super) fn where_sql(&self, plan: Plan) -> String {
        self.where_for(plan, false)
    }

    /// The WHERE clause of a list: the route only checked, never walked.
    pub(super) fn where_list(&self, plan: Plan) -> String {
        self.where_for(plan, true)
    }

    pub(super) fn where_for(&self, plan: Plan, list: bool) -> String {
        let mut out = String::new();
        for (i, clause) in self.clauses.iter().enumerate() {
            out.push_str(if i == 0 { " WHERE " } else { " AND " });
            let off = (list && clause.route)
                || match plan {
                    Plan::NoText => false,
                    Plan::FewMatches => clause.column,
                    Plan::ManyMatches => clause.search,
                    Plan::Dense => false,
                };
            if off {
                out.push('+');
            }
            if clause.search && plan == Plan::Dense {
                out.push_str(DENSE_SEARCH_SQL);
            } else {
                out.push_str(clause.sql);
            }
        }
        out
    }

    pub(super) fn params(&self) -> Vec<(&str, &dyn ToSql)> {
        self.values
            .iter()
            .map(|(n, v)| (*n, v as &dyn ToSql))
            .collect()
    }

    /// The search is the only condition: its count is the index's.
    pub(super) fn search_alone(&self) -> bool {
        self.text && self.clauses.len() == 1
    }

    /// A search alone that the prefix indexes do not serve, for a page near
    /// the top: one cursor over its matches (`matches`) instead of
    /// planning, paging and counting on the index three times.
    pub(super) fn reads_matches_once(&self, q: &CaseQuery) -> bool {
        self.search_alone() && !self.prefix_indexed && q.offset <= DENSE_OFFSET
    }

    /// A search alone that the prefix indexes serve, for a page near the
    /// top: counted once, and walked in batches when its matches lie densely
    /// (`matches`).
    pub(super) fn walks_short_search(&self, q: &CaseQuery) -> bool {
        self.search_alone() && self.prefix_indexed && q.offset <= DENSE_OFFSET
    }

    /// The search value, if there is a search.
    pub(super) fn fts(&self) -> Option<&Value> {
        self.values
            .iter()
            .find(|(n, _)| *n == ":fts")
            .map(|(_, v)| v)
    }
}

/// The UTC instants (as stored) of 1 January `year` and `year + 1`, 00:00
/// in Europe/Amsterdam.
pub(in crate::storage) fn year_bounds(year: i32) -> Option<(String, String)> {
    let start = |y: i32| {
        Amsterdam
            .with_ymd_and_hms(y, 1, 1, 0, 0, 0)
            .single()
            .map(|t| time::utc_string(&t.fixed_offset()))
    };
    Some((start(year)?, start(year.checked_add(1)?)?))
}
