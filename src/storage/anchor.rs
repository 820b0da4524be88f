//! The register against its signed head receipts (`receipts.rs`): the cheap
//! check at start (does the register still hold the newest receipt's head?),
//! writing receipts (meeting end, first use of the day, export, on request),
//! and the full check of `verify --receipts DIR`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;

use super::receipts::{self, Found, Reason, Receipt, ReceiptError, Settings};
use super::{Store, StoreError};
use crate::domain::chain::Digest;

/// What the start-up check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadCheck {
    /// The register has no events: nothing to anchor.
    Empty,
    /// No receipt of this register in the receipts directory yet.
    NoReceipt,
    /// The register still holds the newest receipt's (seq, hash).
    Holds(Receipt),
    /// It does not (or the receipt is not valid); the reason in Dutch, with
    /// the paths and what to do.
    Broken {
        receipt: Option<Box<Receipt>>,
        reason: String,
    },
}

/// For the live console's closing screen and the minutes: the head, the
/// signing key's fingerprint and the newest receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptSummary {
    /// The newest event: seq and hash (hex).
    pub head: Option<(u64, String)>,
    /// The fingerprint of the signing key (see [`receipts::fingerprint`]);
    /// `None` when no key exists yet.
    pub fingerprint: Option<String>,
    /// The newest receipt of this register in the receipts directory.
    pub latest: Option<Receipt>,
    /// Where receipts are written; `None` when this store writes none.
    pub dir: Option<PathBuf>,
}

/// What `verify --receipts DIR` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptReport {
    /// Receipts of this register checked.
    pub checked: usize,
    /// The newest of them.
    pub newest: Option<Receipt>,
    /// Receipt files of other registers, left alone.
    pub others: usize,
    /// Every problem, in Dutch.
    pub problems: Vec<String>,
}

fn receipt_err(e: ReceiptError) -> StoreError {
    StoreError::Receipt(e.to_string())
}

impl Store {
    /// The register's id: the hash of its first event.
    pub fn register_id(&self) -> Result<Option<Digest>, StoreError> {
        self.event_hash(1)
    }

    /// The stored hash of event `seq`, if there is such an event.
    pub fn event_hash(&self, seq: u64) -> Result<Option<Digest>, StoreError> {
        let hash: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT hash FROM events WHERE seq = ?1")?
            .query_row([seq], |r| r.get(0))
            .optional()?;
        Ok(hash.and_then(|h| Digest::try_from(h).ok()))
    }

    /// Where this store writes receipts and which key signs them.
    pub fn receipt_settings(&self) -> Option<&Settings> {
        self.receipts.as_ref()
    }

    /// Sets where receipts go (`None`: this store writes none). A read-only
    /// store writes receipts only through [`Store::write_receipt`].
    pub fn with_receipts(mut self, settings: Option<Settings>) -> Store {
        self.receipts = settings;
        self
    }

    /// The receipt this store wrote last (for the meeting that just ended).
    pub fn last_receipt(&self) -> Option<&Receipt> {
        self.last_receipt.as_ref()
    }

    /// The newest receipt of this register in `dir`: of its id, or of its
    /// path (a receipt of this path with another id means that the first
    /// event was rewritten).
    fn newest_receipt(&self, dir: &Path) -> Result<Option<Receipt>, StoreError> {
        let id = self.register_id()?.map(hex::encode);
        let path = std::path::absolute(&self.path)
            .unwrap_or_else(|_| self.path.clone())
            .display()
            .to_string();
        // Found by its file name: one file read at start, not every
        // receipt of the years before.
        if let Some(id) = &id
            && let Some(newest) = receipts::latest(dir, Some(id)).map_err(receipt_err)?
        {
            return Ok(Some(newest));
        }
        // None of this register: a receipt made here for another register
        // (replaced, or rewritten from its first event) is read from all.
        Ok(receipts::load_all(dir)
            .map_err(receipt_err)?
            .into_iter()
            .filter_map(|f| f.receipt.ok())
            .filter(|r| r.register == path)
            .max_by(|a, b| a.at.cmp(&b.at)))
    }

    /// The cheap check at start: does the register still hold the head of
    /// the newest receipt (one lookup, not a full verify)?
    pub fn check_receipt_head(&self, settings: &Settings) -> Result<HeadCheck, StoreError> {
        let Some(receipt) = self.newest_receipt(&settings.dir)? else {
            return Ok(if self.head()?.is_none() {
                HeadCheck::Empty
            } else {
                HeadCheck::NoReceipt
            });
        };
        let file = settings.dir.display();
        let what_now = "Er worden geen nieuwe ontvangstbewijzen geschreven. Wat nu: laat het registerbestand ongewijzigd (het is bewijs), voer raadsorde verify --receipts uit met die map, en meld het aan de griffie";
        let broken = |why: String| HeadCheck::Broken {
            receipt: Some(Box::new(receipt.clone())),
            reason: format!(
                "{}: {why} (ontvangstbewijs nr. {} in {file}). {what_now}",
                self.path.display(),
                receipt.number
            ),
        };
        if let Err(why) = receipt.check_signature() {
            return Ok(broken(format!(
                "het nieuwste ontvangstbewijs is ongeldig: {why}"
            )));
        }
        let id = self.register_id()?.map(hex::encode);
        if id.as_deref() != Some(receipt.register_id.as_str()) {
            return Ok(broken(
                "de eerste gebeurtenis is niet meer die van het ontvangstbewijs: het register is vervangen of vanaf het begin herschreven".into(),
            ));
        }
        match self.event_hash(receipt.seq)? {
            None => Ok(broken(format!(
                "het register is ingekort: gebeurtenis {} uit het nieuwste ontvangstbewijs ontbreekt (de kop is nu {})",
                receipt.seq,
                self.head()?
                    .map_or("leeg".to_string(), |(seq, _)| format!("seq {seq}"))
            ))),
            Some(hash) if Some(hash) != receipt.head_digest() => Ok(broken(format!(
                "gebeurtenis {} is niet meer die uit het nieuwste ontvangstbewijs: de geschiedenis is herschreven",
                receipt.seq
            ))),
            Some(_) => Ok(HeadCheck::Holds(receipt)),
        }
    }

    /// Writes a receipt of the current head to the receipts directory of
    /// this store ([`Store::with_receipts`]) and returns it with its file;
    /// `None` for an empty register. Refused when the register no longer
    /// holds the newest receipt's head: a receipt must never anchor a
    /// rewritten history.
    pub fn write_receipt(
        &mut self,
        reason: Reason,
    ) -> Result<Option<(Receipt, PathBuf)>, StoreError> {
        let Some(settings) = self.receipts.clone() else {
            return Err(StoreError::Receipt(format!(
                "{}: voor dit register is geen map voor ontvangstbewijzen ingesteld; stel {} in",
                self.path.display(),
                receipts::DIR_ENV
            )));
        };
        if let HeadCheck::Broken { reason, .. } = self.check_receipt_head(&settings)? {
            return Err(StoreError::Receipt(reason));
        }
        let (Some(head), Some(id)) = (self.head()?, self.register_id()?) else {
            return Ok(None);
        };
        let (receipt, path) =
            receipts::write(&settings, &self.path, &id, head, reason).map_err(receipt_err)?;
        tracing::info!(
            "receipt {} for seq {} written to {}",
            receipt.number,
            receipt.seq,
            path.display()
        );
        self.last_receipt = Some(receipt.clone());
        Ok(Some((receipt, path)))
    }

    /// A receipt written by the program itself (meeting end, first use of
    /// the day): a failure is a warning, never a failed write.
    pub(super) fn automatic_receipt(&mut self, reason: Reason) {
        if self.receipts.is_none() || self.receipts_blocked {
            return;
        }
        if let Err(e) = self.write_receipt(reason) {
            tracing::error!("receipt not written: {e}");
            self.warnings.push(format!(
                "geen ontvangstbewijs geschreven ({}): {e}",
                reason.label()
            ));
        }
    }

    /// At a read-write open: the head check, and the receipt of the day
    /// when the newest one is from an earlier day (or there is none).
    pub(super) fn start_receipts(&mut self) {
        let Some(settings) = self.receipts.clone() else {
            return;
        };
        if let Some(w) = receipts::key_permissions_warning(&settings.key) {
            self.warnings.push(w);
        }
        match self.check_receipt_head(&settings) {
            Ok(HeadCheck::Broken { reason, .. }) => {
                tracing::error!("head check: {reason}");
                self.warnings.push(format!(
                    "LET OP: het register klopt niet met het laatste ontvangstbewijs. {reason}"
                ));
                self.receipts_blocked = true;
            }
            Ok(HeadCheck::NoReceipt) => self.automatic_receipt(Reason::Daily),
            Ok(HeadCheck::Holds(r)) => {
                self.warn_other_key(&settings, &r);
                let earlier = receipts::from_an_earlier_day(&r);
                self.last_receipt = Some(r);
                if earlier {
                    self.automatic_receipt(Reason::Daily);
                }
            }
            Ok(HeadCheck::Empty) => {}
            Err(e) => self.warnings.push(format!(
                "de ontvangstbewijzen in {} konden niet worden gecontroleerd: {e}",
                settings.dir.display()
            )),
        }
    }

    /// A newest receipt signed with another key than this computer's: a
    /// replaced key, or a receipt made by someone without it. Said, not
    /// blocking: `verify --receipts` names the change of key.
    fn warn_other_key(&mut self, settings: &Settings, newest: &Receipt) {
        let Ok(Some(key)) = receipts::Key::load(&settings.key) else {
            return;
        };
        if hex::encode(key.public()) != newest.key {
            self.warnings.push(format!(
                "{}: het nieuwste ontvangstbewijs (nr. {} in {}) is ondertekend met een andere sleutel (vingerafdruk {}) dan de ondertekensleutel {} (vingerafdruk {}); als de sleutel niet bewust is vervangen, heeft iemand anders dat bewijs gemaakt: voer raadsorde verify --receipts uit met die map en meld het aan de griffie",
                self.path.display(),
                newest.number,
                settings.dir.display(),
                newest.fingerprint(),
                settings.key.display(),
                key.fingerprint()
            ));
        }
    }

    /// The head, the signing key's fingerprint and the newest receipt, for
    /// the closing screen of a meeting and the minutes.
    pub fn receipt_summary(&self) -> Result<ReceiptSummary, StoreError> {
        let head = self.head()?.map(|(seq, hash)| (seq, hex::encode(hash)));
        let Some(settings) = &self.receipts else {
            return Ok(ReceiptSummary {
                head,
                fingerprint: None,
                latest: None,
                dir: None,
            });
        };
        let latest = self.newest_receipt(&settings.dir)?;
        let fingerprint = match receipts::Key::load(&settings.key).map_err(receipt_err)? {
            Some(key) => Some(key.fingerprint()),
            None => latest.as_ref().map(Receipt::fingerprint),
        };
        Ok(ReceiptSummary {
            head,
            fingerprint,
            latest,
            dir: Some(settings.dir.clone()),
        })
    }

    /// `verify --receipts DIR`: every receipt of this register in `dir` is
    /// validly signed, the receipts form an unbroken chain (numbers without
    /// gaps, each naming the one before it, one key), and the register
    /// still holds each receipt's (seq, hash).
    pub fn check_receipts(&self, dir: &Path) -> Result<ReceiptReport, StoreError> {
        if !dir.is_dir() {
            return Err(StoreError::Receipt(format!(
                "map met ontvangstbewijzen {} bestaat niet; controleer het pad (--receipts)",
                dir.display()
            )));
        }
        let found = receipts::load_all(dir).map_err(receipt_err)?;
        if found.is_empty() {
            return Err(StoreError::Receipt(format!(
                "{} bevat geen ontvangstbewijzen (ontvangstbewijs-*.json); controleer het pad (--receipts), of kopieer de bewijzen van de tweede schijf of uit de mail daarheen",
                dir.display()
            )));
        }
        let mut report = ReceiptReport::default();
        let id = self.register_id()?.map(hex::encode);
        let mut mine: Vec<Receipt> = Vec::new();
        let mut elsewhere: BTreeMap<String, usize> = BTreeMap::new();
        for Found { path, receipt } in found {
            match receipt {
                Err(why) => report.problems.push(format!(
                    "ontvangstbewijs {} is onleesbaar: {why}",
                    path.display()
                )),
                Ok(r) if Some(&r.register_id) == id.as_ref() => {
                    // The start finds the newest receipt by its file name.
                    if !receipts::named_as(&r, &path) {
                        report.problems.push(format!(
                            "ontvangstbewijs {} is nr. {} van dit register, maar het bestand heeft een andere naam (hernoemd?); bij het starten wordt het niet als nieuwste gelezen: geef het de naam ontvangstbewijs-{}-{:06}.json of meld het aan de griffie",
                            path.display(),
                            r.number,
                            r.register_id.chars().take(12).collect::<String>(),
                            r.number
                        ));
                    }
                    mine.push(r)
                }
                Ok(r) => *elsewhere.entry(r.register_id.clone()).or_default() += 1,
            }
        }
        report.others = elsewhere.values().sum();
        if mine.is_empty() {
            let id = id.as_deref().unwrap_or("(leeg register)");
            report.problems.push(format!(
                "geen ontvangstbewijs van dit register (id {id}) in {}{}: als dit de goede map is, is het register vervangen of vanaf de eerste gebeurtenis herschreven",
                dir.display(),
                if elsewhere.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (wel {} van {} ander(e) register(s))",
                        report.others,
                        elsewhere.len()
                    )
                }
            ));
            return Ok(report);
        }
        mine.sort_by_key(|r| r.number);
        let head = self.head()?;
        let mut before: Option<&Receipt> = None;
        for r in &mine {
            let name = format!("ontvangstbewijs nr. {}", r.number);
            if let Err(why) = r.check_signature() {
                report.problems.push(format!("{name}: {why}"));
            }
            match before {
                None if r.number != 1 => report.problems.push(format!(
                    "{name} is het oudste in {}: ontvangstbewijzen 1 tot en met {} ontbreken",
                    dir.display(),
                    r.number - 1
                )),
                None if r.previous.is_some() => report
                    .problems
                    .push(format!("{name} is het eerste, maar noemt een vorig bewijs")),
                None => {}
                Some(b) => {
                    if r.number == b.number {
                        report.problems.push(format!(
                            "{name} komt twee keer voor, met verschillende inhoud"
                        ));
                    } else if r.number != b.number + 1 {
                        report.problems.push(format!(
                            "ontvangstbewijs nr. {} tot en met {} ontbreken (na nr. {})",
                            b.number + 1,
                            r.number - 1,
                            b.number
                        ));
                    }
                    if r.previous.as_deref() != Some(hex::encode(b.hash()).as_str()) {
                        report.problems.push(format!(
                            "{name} noemt niet het bewijs ervoor (nr. {}): de keten van ontvangstbewijzen is verbroken",
                            b.number
                        ));
                    }
                    if r.key != b.key {
                        report.problems.push(format!(
                            "{name} is ondertekend met een andere sleutel (vingerafdruk {}) dan nr. {} ({})",
                            r.fingerprint(),
                            b.number,
                            b.fingerprint()
                        ));
                    }
                }
            }
            match self.event_hash(r.seq) {
                Ok(None) => report.problems.push(format!(
                    "{name} ({}) noemt gebeurtenis {}, maar het register eindigt {}: het is ingekort of vastgelegde gebeurtenissen zijn verloren",
                    r.at,
                    r.seq,
                    head.map_or("zonder gebeurtenissen".to_string(), |(s, _)| format!("bij seq {s}"))
                )),
                Ok(Some(hash)) if Some(hash) != r.head_digest() => report.problems.push(format!(
                    "{name} ({}): gebeurtenis {} heeft niet meer de hash uit het bewijs ({}): de geschiedenis tot daar is herschreven",
                    r.at,
                    r.seq,
                    receipts::groups(&r.head)
                )),
                Ok(Some(_)) => {}
                Err(e) => report.problems.push(format!(
                    "{name}: gebeurtenis {} is onleesbaar: {e}",
                    r.seq
                )),
            }
            before = Some(r);
        }
        report.checked = mine.len();
        report.newest = mine.last().cloned();
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EventBody, NewEvent, time};

    fn note(text: &str) -> NewEvent {
        NewEvent {
            at: time::now(),
            actor: "griffie".into(),
            meeting_id: None,
            case_id: None,
            corrects: None,
            disturbance: None,
            body: EventBody::MeetingStarted {
                meeting_type: crate::domain::MeetingType::Raadsvergadering,
                title: text.into(),
                chair: "voorzitter".into(),
                location: "raadzaal".into(),
                town_hall: false,
                risk_check: None,
            },
        }
    }

    #[test]
    fn a_session_that_runs_into_a_new_day_writes_that_days_receipt() {
        let dir = tempfile::TempDir::new().unwrap();
        let db = dir.path().join("r.db");
        let settings = receipts::Settings::for_config_dir(&db, &dir.path().join("config"));
        let mut store = Store::open_with(&db, Some(settings)).unwrap();
        store.append(note("eerste")).unwrap();
        store.write_receipt(Reason::Manual).unwrap();
        let first = store.last_receipt().unwrap().number;
        // Midnight passes while the program runs.
        if let Some(r) = store.last_receipt.as_mut() {
            r.at = "2026-11-30T23:59:00.000+01:00".into();
        }
        let mut step = note("tweede");
        step.body = EventBody::Suspended {};
        step.meeting_id = Some(1);
        store.append(step).unwrap();
        let newest = store.last_receipt().unwrap();
        assert!(newest.number > first, "a receipt for the new day");
        assert_eq!(newest.reason, Reason::Daily);
        assert!(!receipts::from_an_earlier_day(newest));
        // The same day again: no further receipt.
        let number = newest.number;
        let mut step = note("derde");
        step.body = EventBody::Resumed {};
        step.meeting_id = Some(1);
        store.append(step).unwrap();
        assert_eq!(store.last_receipt().unwrap().number, number);
    }
}
