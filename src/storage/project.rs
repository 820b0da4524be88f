//! Appending events: the hash chain, and the projections (`meetings`,
//! `cases`, the perpetrator register, the search index) kept in the same
//! transaction as the event that changes them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

pub(super) mod replay;
mod words;

use words::{CaseWords, WORDS_AT_ONCE, rewrite_case_text};

use super::StoreError;
use crate::domain::access::{self, PersonLink};
use crate::domain::case::{Channel, Victim};
use crate::domain::chain::{self, Digest, GENESIS, HeaderV2, Salt};
use crate::domain::event::{Event, EventBody, NewEvent};
use crate::domain::{Category, time};

/// What one write transaction has done so far that is settled only at its
/// end: the chain head, and the cases whose `updated_at`, next step and
/// search text must be brought up to date before the commit. Deferring the
/// search text means a batch rewrites a case's row once, not once per event.
#[derive(Debug, Default)]
pub(super) struct Writer {
    head: Option<Head>,
    /// The head the last event appended was linked to (the event itself
    /// is `head`).
    linked_to: Option<(u64, Digest)>,
    /// Case id -> local time of its newest event in this transaction.
    touched: BTreeMap<u64, String>,
    /// Cases whose searchable text changed.
    text: BTreeSet<u64>,
    /// The events of the cases this transaction has read.
    pub(super) cases: super::events::CaseEvents,
    /// Search rows settled but not yet written ([`Writer::write_words`]).
    words: Vec<(u64, CaseWords)>,
}

/// The newest event as the writer links the next one to it.
#[derive(Debug, Clone, Copy)]
struct Head {
    seq: u64,
    hash: Digest,
    /// Its commit time; `None` for a version 1 event (or none at all).
    committed: Option<DateTime<Utc>>,
}

/// The newest event in the register, for linking the next one.
fn stored_head(tx: &Connection) -> Result<Head, StoreError> {
    let row: Option<(u64, Vec<u8>, Option<String>)> = tx
        .prepare_cached("SELECT seq, hash, committed_utc FROM events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((seq, hash, committed)) = row else {
        return Ok(Head {
            seq: 0,
            hash: GENESIS,
            committed: None,
        });
    };
    let hash: Digest = hash.try_into().map_err(|_| StoreError::Corrupt {
        seq,
        reason: "hash is geen 32 bytes".into(),
    })?;
    let committed = match committed {
        None => None,
        Some(text) => Some(
            DateTime::parse_from_rfc3339(&text)
                .map_err(|_| StoreError::Corrupt {
                    seq,
                    reason: format!("vastlegtijd '{text}' is geen geldige tijd"),
                })?
                .with_timezone(&Utc),
        ),
    };
    Ok(Head {
        seq,
        hash,
        committed,
    })
}

/// 32 random bytes from the operating system, for a payload digest.
pub(super) fn new_salt() -> Result<Salt, StoreError> {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Failed {
        action: super::Action::Save,
        reason: format!(
            "het besturingssysteem gaf geen willekeurige bytes voor het zout van de gebeurtenis ({e}); probeer het opnieuw, en meld het als het blijft"
        ),
    })?;
    Ok(salt)
}

impl Writer {
    /// The head the last event appended was linked to, and the event's own
    /// (seq and hash): what the live rules need to fold it in without
    /// reading it back ([`super::rules::Rules::appended`]).
    pub(super) fn last_link(&self) -> Option<((u64, Digest), (u64, Digest))> {
        Some((self.linked_to?, self.head.map(|h| (h.seq, h.hash))?))
    }

    /// Appends one event (chain version 2): links it into the chain,
    /// inserts it and updates the projections. Fills in `meeting_id` for
    /// `meeting-started` and opens a case for `disturbance-started` and
    /// `case-opened`. The commit time is the wall clock now, but never
    /// earlier than the event before it (a clock set back does not make the
    /// chain look tampered with).
    pub(super) fn append(&mut self, tx: &Connection, new: NewEvent) -> Result<Event, StoreError> {
        let prev = match self.head {
            Some(h) => h,
            None => stored_head(tx)?,
        };
        let (prev_seq, prev_hash) = (prev.seq, prev.hash);
        let committed = match prev.committed {
            Some(before) => Utc::now().max(before),
            None => Utc::now(),
        };
        let seq = prev_seq + 1;
        let mut meeting_id = new.meeting_id;
        let mut case_id = new.case_id;
        match &new.body {
            EventBody::MeetingStarted { .. } => meeting_id = Some(seq),
            EventBody::DisturbanceStarted {
                category,
                opened_by,
                ..
            } => {
                case_id = Some(open_case(
                    tx,
                    &Opening {
                        seq,
                        origin: "live",
                        status: "live",
                        meeting_id,
                        category: *category,
                        registered: &new.at,
                        occurred: &new.at,
                        channel: None,
                        victim: None,
                        opened_by: opened_by.as_deref(),
                    },
                )?);
            }
            EventBody::CaseOpened {
                occurred_at,
                channel,
                victim,
                category,
                ..
            } => {
                let occurred = DateTime::parse_from_rfc3339(occurred_at).map_err(|_| {
                    StoreError::Invalid(format!(
                        "tijdstip van het voorval '{occurred_at}' is geen geldige datum en tijd"
                    ))
                })?;
                case_id = Some(open_case(
                    tx,
                    &Opening {
                        seq,
                        origin: "intake",
                        status: "open",
                        meeting_id,
                        category: Some(*category),
                        registered: &new.at,
                        occurred: &occurred,
                        channel: Some(*channel),
                        victim: Some(victim),
                        opened_by: None,
                    },
                )?);
            }
            _ => {}
        }

        let (kind, payload) = new.body.to_parts()?;
        let payload = chain::canonical_json(&payload);
        let salt = new_salt()?;
        let payload_digest = chain::salted_digest(&salt, payload.as_bytes());
        let at_local = time::local_string(&new.at);
        let at_utc = time::utc_string(&new.at);
        let committed_utc = time::utc_string(&committed.fixed_offset());
        let header = HeaderV2 {
            at_local: &at_local,
            at_utc: &at_utc,
            committed_utc: &committed_utc,
            actor: &new.actor,
            kind: &kind,
            meeting_id,
            case_id,
            corrects: new.corrects,
        };
        let hash = chain::link_v2(seq, &prev_hash, &header.digest(), &payload_digest);

        tx.prepare_cached(
            "INSERT INTO events (seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                                 payload, payload_digest, prev_hash, hash,
                                 chain, committed_utc, salt)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 2, ?13, ?14)",
        )?
        .execute(params![
            seq,
            at_local,
            at_utc,
            new.actor,
            kind,
            meeting_id,
            case_id,
            new.corrects,
            payload,
            &payload_digest[..],
            &prev_hash[..],
            &hash[..],
            committed_utc,
            &salt[..],
        ])?;

        self.project(tx, seq, meeting_id, case_id, &at_local, &new.body)?;
        if matches!(new.body, EventBody::PayloadPurged { .. }) {
            // The purge erases payloads of other events in place.
            self.cases.clear();
        } else if let Some(case) = case_id.filter(|c| self.cases.holds(*c)) {
            self.cases.appended(
                case,
                super::events::RawEvent {
                    seq,
                    at_local,
                    actor: new.actor.clone(),
                    kind,
                    meeting_id,
                    case_id,
                    corrects: new.corrects,
                    payload: Some(payload),
                },
            );
        }
        self.head = Some(Head {
            seq,
            hash,
            committed: Some(committed),
        });
        self.linked_to = Some((prev_seq, prev_hash));

        Ok(Event {
            seq,
            at: new.at,
            actor: new.actor,
            meeting_id,
            case_id,
            corrects: new.corrects,
            body: new.body,
        })
    }

    /// Keeps the projections in step with the event just inserted.
    fn project(
        &mut self,
        tx: &Connection,
        seq: u64,
        meeting_id: Option<u64>,
        case_id: Option<u64>,
        at_local: &str,
        body: &EventBody,
    ) -> Result<(), StoreError> {
        if let Some(id) = case_id {
            self.touched.insert(id, at_local.to_string());
        }
        match body {
            EventBody::MeetingStarted {
                meeting_type,
                title,
                chair,
                location,
                ..
            } => {
                tx.prepare_cached(
                    "INSERT INTO meetings (id, meeting_type, title, chair, location, started_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    seq,
                    meeting_type.label(),
                    title,
                    chair,
                    location,
                    at_local
                ])?;
            }
            EventBody::MeetingEnded {} => {
                tx.prepare_cached("UPDATE meetings SET ended_at = ?2 WHERE id = ?1")?
                    .execute(params![meeting_id, at_local])?;
            }
            EventBody::DisturbanceEnded {} => {
                tx.prepare_cached(
                    "UPDATE cases SET status = 'open' WHERE id = ?1 AND status = 'live'",
                )?
                .execute(params![case_id])?;
            }
            EventBody::DisturbanceStarted { .. } | EventBody::CaseOpened { .. } => {
                self.text.extend(case_id);
            }
            EventBody::Note { .. } => self.text.extend(case_id),
            EventBody::VictimRecorded { victim } => {
                tx.prepare_cached(
                    "UPDATE cases SET victim_role = ?2, victim_name = ?3, visible = ?4 WHERE id = ?1",
                )?
                .execute(params![
                    case_id,
                    victim.role.key(),
                    victim.name,
                    access::route_mask(Some(victim.role))
                ])?;
                self.text.extend(case_id);
            }
            EventBody::Reclassified { category, .. }
            | EventBody::DisturbanceDescribed {
                category: Some(category),
                ..
            } => {
                tx.prepare_cached("UPDATE cases SET category = ?2 WHERE id = ?1")?
                    .execute(params![case_id, key(category)])?;
                if matches!(body, EventBody::DisturbanceDescribed { .. }) {
                    self.text.extend(case_id);
                }
            }
            EventBody::DisturbanceDescribed { .. }
            | EventBody::PersonAdded { .. }
            | EventBody::PersonDescribed { .. } => self.text.extend(case_id),
            EventBody::StatusChanged { status, .. } => {
                tx.prepare_cached("UPDATE cases SET status = ?2 WHERE id = ?1")?
                    .execute(params![case_id, status.key()])?;
            }
            EventBody::PerpetratorRegistered {
                kind,
                description,
                name,
            } => {
                tx.prepare_cached(
                    "INSERT INTO perpetrators (id, kind, description, name, registered_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![seq, kind.key(), description, name, at_local])?;
                tx.prepare_cached(
                    "INSERT INTO perpetrator_text (rowid, description, name) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![seq, description, name])?;
                if let Some(case) = case_id {
                    self.link(tx, case, seq, seq)?;
                }
            }
            EventBody::PerpetratorLinked { perpetrator } => {
                if let Some(case) = case_id {
                    self.link(tx, case, *perpetrator, seq)?;
                }
            }
            EventBody::RoleGranted { identity, role, .. } => {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO identity_roles (identity, role, granted_seq)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![identity, role.key(), seq])?;
            }
            EventBody::RoleRevoked { identity, role, .. } => {
                tx.prepare_cached("DELETE FROM identity_roles WHERE identity = ?1 AND role = ?2")?
                    .execute(params![identity, role.key()])?;
            }
            EventBody::IdentityLinked { identity, link, .. } => {
                let (kind, target) = match link {
                    PersonLink::Victim { case } => ("victim", *case),
                    PersonLink::Perpetrator { perpetrator } => ("perpetrator", *perpetrator),
                };
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO identity_links (identity, kind, target, linked_seq)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![identity, kind, target, seq])?;
            }
            EventBody::CaseHandedOver { .. } => {
                tx.prepare_cached("UPDATE cases SET handed_over = 1 WHERE id = ?1")?
                    .execute(params![case_id])?;
            }
            EventBody::AccessLogged {
                identity,
                what,
                case,
                scope,
                ..
            } => {
                tx.prepare_cached(
                    "INSERT INTO access_log (seq, at_local, identity, what, case_id, scope)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    seq,
                    at_local,
                    identity,
                    key(what),
                    case,
                    scope
                ])?;
            }
            // What the update guard lets a purge erase (and nothing else).
            EventBody::PayloadPurged { seqs, .. } => {
                let mut stmt = tx.prepare_cached(
                    "INSERT OR IGNORE INTO purged (seq, purge_seq) VALUES (?1, ?2)",
                )?;
                for named in seqs {
                    stmt.execute(params![named, seq])?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn link(
        &mut self,
        tx: &Connection,
        case_id: u64,
        perpetrator: u64,
        seq: u64,
    ) -> Result<(), StoreError> {
        let known: Option<u64> = tx
            .prepare_cached("SELECT id FROM perpetrators WHERE id = ?1")?
            .query_row([perpetrator], |r| r.get(0))
            .optional()?;
        if known.is_none() {
            return Err(StoreError::Invalid(format!(
                "veroorzaker {perpetrator} staat niet in het register"
            )));
        }
        tx.prepare_cached(
            "INSERT OR IGNORE INTO case_perpetrators (case_id, perpetrator_id, linked_seq)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![case_id, perpetrator, seq])?;
        self.text.insert(case_id);
        Ok(())
    }

    /// Settles what was deferred; call once, just before the commit. Each
    /// case's events are read once, for its next step and its search words
    /// together; the search rows are written [`WORDS_AT_ONCE`] cases at a
    /// time, after their next steps: the due items' `DELETE` of several rows
    /// opens a statement savepoint, at which FTS5 writes its pending terms
    /// to disk, so writing each case's search row right after its next step
    /// flushed the search index once per case (a tenth of the demo's time
    /// at 100,000 cases).
    pub(super) fn finish(&mut self, tx: &Connection) -> Result<(), StoreError> {
        let mut cases: Vec<u64> = self.touched.keys().copied().collect();
        cases.extend(self.text.iter().filter(|c| !self.touched.contains_key(c)));
        self.settle(tx, tx, cases)?;
        self.write_words(tx)
    }

    /// Settles what was deferred for `cases` (see [`Writer::finish`]): for
    /// each touched one its `updated_at` and next step, for each whose text
    /// changed its search words, written [`WORDS_AT_ONCE`] cases at a time
    /// (the rest by [`Writer::write_words`]). A case's events come from
    /// those held, or else are read from `events_from` (the transaction
    /// itself, or the register a rebuild reads); they are not held after.
    pub(super) fn settle(
        &mut self,
        tx: &Connection,
        events_from: &Connection,
        cases: impl IntoIterator<Item = u64>,
    ) -> Result<(), StoreError> {
        for case_id in cases {
            let mut events = None;
            if let Some(at_local) = self.touched.remove(&case_id) {
                tx.prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?
                    .execute(params![case_id, at_local])?;
                events = refresh_next_step_of(tx, events_from, case_id, &mut self.cases)?;
            }
            if self.text.remove(&case_id) {
                let events = match events {
                    Some(events) => events,
                    None => self.cases.take(events_from, case_id)?,
                };
                self.words.push((case_id, CaseWords::of(&events)));
                if self.words.len() >= WORDS_AT_ONCE {
                    self.write_words(tx)?;
                }
            } else if events.is_none() {
                self.cases.forget(case_id);
            }
        }
        Ok(())
    }

    /// Writes the search rows settled so far, in the order of the cases'
    /// ids: the search index writes its pending terms to disk whenever a
    /// row's id is lower than the one before. The sort is stable: a case
    /// settled twice (more of its events came after it was settled) is
    /// written last with the words settled last.
    pub(super) fn write_words(&mut self, tx: &Connection) -> Result<(), StoreError> {
        self.words.sort_by_key(|(case_id, _)| *case_id);
        for (case_id, w) in self.words.drain(..) {
            rewrite_case_text(tx, case_id, &w)?;
        }
        Ok(())
    }
}

/// What a new case starts with.
struct Opening<'a> {
    seq: u64,
    origin: &'static str,
    status: &'static str,
    meeting_id: Option<u64>,
    /// Not yet known for a disturbance logged at the key press.
    category: Option<Category>,
    /// When it was registered: the case number counts per year of this.
    registered: &'a DateTime<FixedOffset>,
    /// When it happened.
    occurred: &'a DateTime<FixedOffset>,
    channel: Option<Channel>,
    victim: Option<&'a Victim>,
    /// The identity that logged a live case (the chair's aide sees it).
    opened_by: Option<&'a str>,
}

/// Opens a case numbered `YYYY-NNNN` within the year it is registered in.
fn open_case(tx: &Connection, o: &Opening<'_>) -> Result<u64, StoreError> {
    let year = o.registered.year();
    let year_seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(year_seq), 0) + 1 FROM cases WHERE year = ?1")?
        .query_row([year], |r| r.get(0))?;
    let number = format!("{year}-{year_seq:04}");
    let registered_at = time::local_string(o.registered);
    tx.prepare_cached(
        "INSERT INTO cases (number, year, year_seq, origin, meeting_id, opened_seq, category,
                            opened_at, status, occurred_at, occurred_utc, channel,
                            victim_role, victim_name, updated_at, visible, opened_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?8, ?15, ?16)",
    )?
    .execute(params![
        number,
        year,
        year_seq,
        o.origin,
        o.meeting_id,
        o.seq,
        o.category.map(|c| key(&c)).unwrap_or_default(),
        registered_at,
        o.status,
        time::local_string(o.occurred),
        time::utc_string(o.occurred),
        o.channel.map(|c| c.key()),
        o.victim.map(|v| v.role.key()),
        o.victim.map(|v| v.name.as_str()),
        access::route_mask(o.victim.map(|v| v.role)),
        o.opened_by,
    ])?;
    Ok(tx.last_insert_rowid() as u64)
}

/// The stored (kebab-case) name of a serialisable enum value.
pub(super) fn key<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Recomputes the next open step of a case from its events (the domain's
/// case file rules) and stores it for the list and the urgency sort. The
/// text is stored without the "TE LAAT" mark, which depends on the moment of
/// reading: the list adds it when `next_due_utc` has passed. A disturbance
/// still going on is skipped, so that the live console's steps stay fast;
/// its case is brought up to date when it ends.
pub(super) fn refresh_next_step(tx: &Connection, case_id: u64) -> Result<(), StoreError> {
    refresh_next_step_of(tx, tx, case_id, &mut super::events::CaseEvents::default()).map(|_| ())
}

/// [`refresh_next_step`], with the events the transaction holds (those it
/// does not hold read from `events_from`); gives back the case's events
/// when it took them (its last use of them).
fn refresh_next_step_of(
    tx: &Connection,
    events_from: &Connection,
    case_id: u64,
    cases: &mut super::events::CaseEvents,
) -> Result<Option<Vec<Event>>, StoreError> {
    let status: Option<String> = tx
        .prepare_cached("SELECT status FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?;
    if status.as_deref() != Some("open")
        && status.as_deref() != Some("in-behandeling")
        && status.as_deref() != Some("afgesloten")
    {
        return Ok(None);
    }
    let events = cases.take(events_from, case_id)?;
    let Some(last) = events.last().map(|e| e.at) else {
        return Ok(Some(events));
    };
    let mut file = crate::domain::casefile::CaseFile::derive_untold(case_id, &events);
    file.terms = super::due::terms(tx)?;
    super::due::write(tx, &file)?;
    match file.next_step(last) {
        Some(step) => {
            let text = step.text.trim_end_matches(LATE_MARK).to_string();
            let due = step.late_after.or(step.due()).map(|t| time::utc_string(&t));
            set_next_step(tx, case_id, Some(&text), due.as_deref())?;
        }
        None => set_next_step(tx, case_id, None, None)?,
    }
    Ok(Some(events))
}

/// How the domain marks a late step; the list adds it at reading time.
const LATE_MARK: &str = " — TE LAAT";

/// Sets (or clears, with `None`) the next open step of a case and when it is
/// due (RFC 3339 UTC with milliseconds, as [`time::utc_string`] writes it, so
/// that it sorts as text). Call inside the transaction of the event that made
/// the change; the urgency sort of the case list reads `next_due_utc`.
pub fn set_next_step(
    tx: &Connection,
    case_id: u64,
    text: Option<&str>,
    due_utc: Option<&str>,
) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE cases SET next_step = ?2, next_due_utc = ?3 WHERE id = ?1")?
        .execute(params![case_id, text, due_utc])?;
    Ok(())
}
