//! Retention: after a set term from the moment a case was closed, the
//! payloads of its events and its personal fields are erased, within the
//! append-only design.
//!
//! One write transaction: the `payload-purged` event is appended first (its
//! rule, [`check`], recomputes from the committed events and the purge's own
//! clock which events are past the term, and refuses any other seq); its
//! projection fills `purged`, which the update guard (migration 005) reads:
//! only then may exactly those payloads (and their salts) become `NULL`. In
//! the same transaction the projections lose the personal fields (the
//! victim's name, the perpetrator's description and name) and the search
//! rows, with FTS5's `secure-delete` on. After the commit `VACUUM` and a
//! `wal_checkpoint(TRUNCATE)`, with `PRAGMA secure_delete` on, leave no
//! copy in free pages or in the `-wal`. The chain still verifies: it covers
//! each payload's salted digest, which stays.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, Months};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;

use super::{Action, Store, StoreError};
use crate::domain::event::{Event, EventBody, NewEvent};

/// The terms of `[retention]` in the settings.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Years after a case was closed (its newest status change is to
    /// `afgesloten`) until its events' payloads are erased.
    #[serde(default = "default_case_years")]
    pub case_years: u32,
    /// Years an entry of the access log (who opened or exported what) is
    /// kept; then its payload (who, what, which case) is erased like a
    /// case's. Municipal practice, not the protocol: two years by default.
    #[serde(default = "default_access_log_years")]
    pub access_log_years: u32,
    /// Days a backup written by `raadsorde backup` is kept; then `purge`
    /// removes the file (it holds every case, also those erased since).
    /// Municipal practice, not the protocol: 90 days by default.
    #[serde(default = "default_backup_days")]
    pub backup_days: u32,
}

fn default_case_years() -> u32 {
    5
}

fn default_access_log_years() -> u32 {
    2
}

fn default_backup_days() -> u32 {
    90
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            case_years: default_case_years(),
            access_log_years: default_access_log_years(),
            backup_days: default_backup_days(),
        }
    }
}

/// One case past its term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeCase {
    pub id: u64,
    /// Its number, e.g. `2020-0007`: no name.
    pub number: String,
    /// When it was closed (local time, RFC 3339).
    pub closed_at: String,
    /// Its events whose payload is still there.
    pub events: usize,
}

/// What a purge at a moment erases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgePlan {
    pub cases: Vec<PurgeCase>,
    /// Perpetrators (their `perpetrator-registered` seq) linked to no other
    /// case than those.
    pub perpetrators: Vec<u64>,
    /// Entries of the access log past their own term.
    pub access_entries: usize,
    /// Every event whose payload goes, ascending.
    pub seqs: Vec<u64>,
}

impl PurgePlan {
    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }

    /// `2 zaken, 41 gebeurtenissen, 1 veroorzaker`: counts, no names.
    pub fn counts(&self) -> String {
        let mut text = format!(
            "{}, {}, {}",
            counted(self.cases.len(), "zaak", "zaken"),
            counted(self.seqs.len(), "gebeurtenis", "gebeurtenissen"),
            counted(self.perpetrators.len(), "veroorzaker", "veroorzakers")
        );
        if self.access_entries > 0 {
            text.push_str(&format!(
                ", {}",
                counted(
                    self.access_entries,
                    "regel van het toegangslogboek",
                    "regels van het toegangslogboek"
                )
            ));
        }
        text
    }
}

/// `1 zaak`, `2 zaken`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `purge --apply` did.
#[derive(Debug, Clone)]
pub struct PurgeReport {
    pub plan: PurgePlan,
    /// The `payload-purged` event; `None` when nothing was past its term.
    pub event: Option<Event>,
    /// The `-wal` is empty now; `false` when another process was reading
    /// (it is emptied at its next checkpoint).
    pub wal_emptied: bool,
    /// Why the file could not be compacted after the erase (`VACUUM`), in
    /// Dutch; the erase is committed all the same.
    pub cleanup: Option<String>,
}

/// The closing moment of every case whose newest status change is to
/// `afgesloten`, from the committed events: (case id -> at, UTC text).
fn closed_cases(conn: &Connection) -> Result<BTreeMap<u64, String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT case_id, at_utc, json_extract(payload, '$.status') FROM events
          WHERE kind = 'status-changed' AND case_id IS NOT NULL ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut last: BTreeMap<u64, (String, Option<String>)> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let case: u64 = r.get(0)?;
        last.insert(case, (r.get(1)?, r.get(2)?));
    }
    Ok(last
        .into_iter()
        .filter(|(_, (_, status))| status.as_deref() == Some("afgesloten"))
        .map(|(case, (at, _))| (case, at))
        .collect())
}

/// What is past its term at `now`, from the committed events.
pub(super) fn plan(
    conn: &Connection,
    now: &DateTime<FixedOffset>,
    term: &Retention,
) -> Result<PurgePlan, StoreError> {
    let months = Months::new(term.case_years.saturating_mul(12));
    let mut out = PurgePlan::default();
    let mut due: BTreeSet<u64> = BTreeSet::new();
    let mut seqs: BTreeSet<u64> = BTreeSet::new();
    for (case, at) in closed_cases(conn)? {
        let Ok(closed) = DateTime::parse_from_rfc3339(&at) else {
            continue;
        };
        let Some(until) = closed.checked_add_months(months) else {
            continue;
        };
        if until > *now {
            continue;
        }
        // A perpetrator registered within the case is a perpetrator of the
        // register: it goes only with all of its cases (below).
        let events: Vec<u64> = conn
            .prepare_cached(
                "SELECT seq FROM events WHERE case_id = ?1 AND payload IS NOT NULL
                   AND kind <> 'perpetrator-registered' ORDER BY seq",
            )?
            .query_map([case], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        due.insert(case);
        if events.is_empty() {
            continue;
        }
        let number: String = conn
            .prepare_cached("SELECT number FROM cases WHERE id = ?1")?
            .query_row([case], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| format!("zaak {case}"));
        out.cases.push(PurgeCase {
            id: case,
            number,
            closed_at: crate::domain::time::local_string(&crate::domain::time::to_local(
                closed.with_timezone(&chrono::Utc),
            )),
            events: events.len(),
        });
        seqs.extend(events);
    }
    // Perpetrators whose every case is past its term.
    let mut stmt = conn.prepare_cached(
        "SELECT p.id FROM perpetrators p JOIN events e ON e.seq = p.id
          WHERE e.payload IS NOT NULL
            AND EXISTS (SELECT 1 FROM case_perpetrators cp WHERE cp.perpetrator_id = p.id)
          ORDER BY p.id",
    )?;
    let candidates: Vec<u64> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for p in candidates {
        let cases: Vec<u64> = conn
            .prepare_cached("SELECT case_id FROM case_perpetrators WHERE perpetrator_id = ?1")?
            .query_map([p], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let gone = |case: &u64| -> Result<bool, StoreError> {
            // Purged before: its opening event has no payload any more.
            Ok(conn
                .prepare_cached(
                    "SELECT e.payload IS NULL FROM cases c JOIN events e ON e.seq = c.opened_seq
                      WHERE c.id = ?1",
                )?
                .query_row([case], |r| r.get::<_, bool>(0))
                .optional()?
                .unwrap_or(false))
        };
        let mut all = true;
        for c in &cases {
            if !due.contains(c) && !gone(c)? {
                all = false;
                break;
            }
        }
        if all {
            out.perpetrators.push(p);
            seqs.insert(p);
        }
    }
    // The access log's own term: entries older than it, by their time.
    let log_months = Months::new(term.access_log_years.saturating_mul(12));
    if let Some(cutoff) = now.checked_sub_months(log_months) {
        let cutoff = crate::domain::time::utc_string(&cutoff);
        let old: Vec<u64> = conn
            .prepare_cached(
                "SELECT seq FROM events WHERE kind = 'access-logged' AND payload IS NOT NULL
                   AND at_utc < ?1 ORDER BY seq",
            )?
            .query_map([&cutoff], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        out.access_entries = old.len();
        seqs.extend(old);
    }
    out.seqs = seqs.into_iter().collect();
    Ok(out)
}

/// The rule of a `payload-purged` event, in its write transaction: it
/// names at least one event, and only events past their term at the
/// purge's own time (`at`) under the store's term.
pub(super) fn check(tx: &Connection, new: &NewEvent, term: &Retention) -> Result<(), StoreError> {
    let EventBody::PayloadPurged { seqs, .. } = &new.body else {
        return Ok(());
    };
    if seqs.is_empty() {
        return Err(StoreError::Refused(
            "een wisgebeurtenis moet ten minste één gebeurtenis noemen".into(),
        ));
    }
    let allowed: BTreeSet<u64> = plan(tx, &new.at, term)?.seqs.into_iter().collect();
    let early: Vec<String> = seqs
        .iter()
        .filter(|s| !allowed.contains(s))
        .map(u64::to_string)
        .collect();
    if early.is_empty() {
        return Ok(());
    }
    Err(StoreError::Refused(format!(
        "de bewaartermijn ({} jaar na het afsluiten van de zaak, {} jaar voor het toegangslogboek) is niet verstreken voor gebeurtenis {}: die inhoud mag (nog) niet worden gewist",
        term.case_years,
        term.access_log_years,
        early.join(", ")
    )))
}

impl Store {
    /// The term the rules hold a purge to (the default until set).
    pub fn set_retention(&mut self, term: Retention) {
        self.rules.retention = term;
    }

    /// What a purge at `now` would erase under `term`; changes nothing.
    pub fn purge_plan(
        &mut self,
        now: &DateTime<FixedOffset>,
        term: &Retention,
    ) -> Result<PurgePlan, StoreError> {
        // One read transaction: a consistent view.
        let tx = self.conn.transaction()?;
        let out = plan(&tx, now, term).map_err(|e| e.during(Action::Read))?;
        tx.rollback()?;
        Ok(out)
    }

    /// Erases what is past `term` at `now` (see the module): logs the
    /// purge as a `payload-purged` event by `actor`, with counts and no
    /// names, then leaves no copy in the file, its free pages or its
    /// `-wal`. Nothing past its term: no event; the file is still
    /// compacted and the `-wal` emptied.
    pub fn purge(
        &mut self,
        now: &DateTime<FixedOffset>,
        term: &Retention,
        actor: &str,
    ) -> Result<PurgeReport, StoreError> {
        self.set_retention(*term);
        // Freed space in pages is overwritten with zeros from here on.
        self.conn
            .execute_batch("PRAGMA secure_delete = ON")
            .map_err(|e| StoreError::from(e).during(Action::Save))?;
        let years = term.case_years;
        let done = self.batch(|b| {
            let plan = plan(&b.tx, now, term)?;
            if plan.is_empty() {
                return Ok((plan, None));
            }
            let reason = format!(
                "bewaartermijn verstreken ({years} jaar na afsluiten): {}",
                plan.counts()
            );
            let event = b.append(NewEvent {
                at: *now,
                actor: actor.to_string(),
                meeting_id: None,
                case_id: None,
                corrects: None,
                disturbance: None,
                body: EventBody::PayloadPurged {
                    seqs: plan.seqs.clone(),
                    reason,
                },
            })?;
            erase(&b.tx, event.seq, &plan)?;
            Ok((plan, Some(event)))
        })?;
        let (plan, event) = done;
        // Also when nothing was due: what an earlier purge left in the
        // `-wal` (another process was reading) goes now. The erase itself
        // is committed whatever happens here.
        let (wal_emptied, cleanup) = match self.compact() {
            Ok(emptied) => (emptied, None),
            Err(e) => (false, Some(e.during(Action::Save).to_string())),
        };
        Ok(PurgeReport {
            plan,
            event,
            wal_emptied,
            cleanup,
        })
    }

    /// Rewrites the file without free pages (`VACUUM`) and empties the
    /// `-wal` (`wal_checkpoint(TRUNCATE)`); `false` when a reader in
    /// another process kept the `-wal` from being emptied.
    fn compact(&mut self) -> Result<bool, StoreError> {
        self.conn.execute_batch("VACUUM")?;
        let (busy, _log, _done): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(busy == 0)
    }
}

/// Inside the purge's transaction, after its event: erases the payloads it
/// names and the personal fields and search rows built from them.
fn erase(tx: &Connection, purge_seq: u64, plan: &PurgePlan) -> Result<(), StoreError> {
    for table in ["case_text", "perpetrator_text"] {
        // The names come from the constant list above.
        tx.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('secure-delete', 1)"),
            [],
        )?;
    }
    tx.prepare_cached(
        "UPDATE events SET payload = NULL, salt = NULL
          WHERE seq IN (SELECT seq FROM purged WHERE purge_seq = ?1)",
    )?
    .execute([purge_seq])?;
    for case in &plan.cases {
        tx.prepare_cached(
            "UPDATE cases SET victim_name = NULL, next_step = NULL, next_due_utc = NULL
              WHERE id = ?1",
        )?
        .execute([case.id])?;
        tx.prepare_cached("DELETE FROM case_text WHERE rowid = ?1")?
            .execute([case.id])?;
    }
    // Access-log entries past their term: out of the log's projection too.
    tx.prepare_cached(
        "DELETE FROM access_log WHERE seq IN (SELECT seq FROM purged WHERE purge_seq = ?1)",
    )?
    .execute([purge_seq])?;
    for p in &plan.perpetrators {
        tx.prepare_cached("UPDATE perpetrators SET description = '', name = '' WHERE id = ?1")?
            .execute([p])?;
        tx.prepare_cached("DELETE FROM perpetrator_text WHERE rowid = ?1")?
            .execute(params![p])?;
    }
    for table in ["case_text", "perpetrator_text"] {
        // Merge the index into one segment: entries deleted earlier (each
        // rewrite of a case's search row) go too.
        tx.execute(
            &format!("INSERT INTO {table} ({table}) VALUES ('optimize')"),
            [],
        )?;
        tx.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('secure-delete', 0)"),
            [],
        )?;
    }
    Ok(())
}
