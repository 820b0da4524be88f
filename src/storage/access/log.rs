//! The access log: who saw or exported which case, written as events in
//! the register, and read back for those whose role may read it.

use rusqlite::params;

use super::not_allowed;
use crate::domain::access::{self, AccessKind, Role};
use crate::domain::event::{Event, EventBody, NewEvent};
use crate::storage::{Store, StoreError};

/// One line of the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub seq: u64,
    /// Local time, RFC 3339.
    pub at: String,
    pub identity: String,
    pub what: AccessKind,
    pub case_id: Option<u64>,
    /// The case number, when a case is named.
    pub case_number: Option<String>,
    pub scope: String,
}

/// The access log as shown: the newest lines, and the totals per identity
/// and per case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessLogView {
    pub rows: Vec<AccessRow>,
    pub by_identity: Vec<(String, u64)>,
    pub by_case: Vec<(String, u64)>,
}

/// Counts per identity or per case number, most first.
pub type Tally = Vec<(String, u64)>;

/// Which part of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AccessFilter {
    #[default]
    All,
    Case(u64),
    Identity(String),
}

impl Store {
    /// Records one access (who: this store's identity) in the chain, now.
    pub fn log_access(
        &mut self,
        what: AccessKind,
        case: Option<u64>,
        scope: &str,
    ) -> Result<Event, StoreError> {
        self.log_access_at(crate::domain::time::now(), what, case, scope)
    }

    /// [`Store::log_access`] at `at` (the key press that asked for it).
    pub fn log_access_at(
        &mut self,
        at: chrono::DateTime<chrono::FixedOffset>,
        what: AccessKind,
        case: Option<u64>,
        scope: &str,
    ) -> Result<Event, StoreError> {
        let identity = self.by();
        self.append(NewEvent::new(
            at,
            identity.clone(),
            EventBody::AccessLogged {
                identity,
                what,
                case,
                scope: scope.to_string(),
                sha256: String::new(),
            },
        ))
    }

    /// The access log, newest first, at most `limit` lines: for the
    /// privacy officer.
    pub fn access_log(
        &self,
        filter: &AccessFilter,
        limit: u32,
    ) -> Result<Vec<AccessRow>, StoreError> {
        if !access::may_read_access_log(&self.roles()?) {
            return Err(not_allowed("het toegangslogboek", Role::Privacy));
        }
        const COLUMNS: &str =
            "SELECT a.seq, a.at_local, a.identity, a.what, a.case_id, c.number, a.scope
             FROM access_log a LEFT JOIN cases c ON c.id = a.case_id";
        let map = |r: &rusqlite::Row<'_>| {
            Ok((
                r.get::<_, u64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<u64>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        };
        let rows = match filter {
            AccessFilter::All => {
                let sql = format!("{COLUMNS} ORDER BY a.seq DESC LIMIT ?1");
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map([limit], map)?
                    .collect::<Result<Vec<_>, _>>()?
            }
            AccessFilter::Case(case) => {
                let sql = format!("{COLUMNS} WHERE a.case_id = ?1 ORDER BY a.seq DESC LIMIT ?2");
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map(params![case, limit], map)?
                    .collect::<Result<Vec<_>, _>>()?
            }
            AccessFilter::Identity(identity) => {
                let sql = format!("{COLUMNS} WHERE a.identity = ?1 ORDER BY a.seq DESC LIMIT ?2");
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map(params![identity, limit], map)?
                    .collect::<Result<Vec<_>, _>>()?
            }
        };
        rows.into_iter()
            .map(|(seq, at, identity, what, case_id, case_number, scope)| {
                Ok(AccessRow {
                    seq,
                    at,
                    identity,
                    what: crate::storage::register::parse_key(&what, "soort inzage")?,
                    case_id,
                    case_number,
                    scope,
                })
            })
            .collect()
    }

    /// How often each identity and each case appear in the access log:
    /// `(identity, count)` and `(case number, count)`, most first.
    pub fn access_totals(&self) -> Result<(Tally, Tally), StoreError> {
        if !access::may_read_access_log(&self.roles()?) {
            return Err(not_allowed("het toegangslogboek", Role::Privacy));
        }
        let by_identity = self
            .conn
            .prepare_cached(
                "SELECT identity, count(*) AS n FROM access_log GROUP BY identity ORDER BY n DESC, identity",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let by_case = self
            .conn
            .prepare_cached(
                "SELECT c.number, count(*) AS n FROM access_log a JOIN cases c ON c.id = a.case_id
                  GROUP BY a.case_id ORDER BY n DESC, c.number",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((by_identity, by_case))
    }
}
