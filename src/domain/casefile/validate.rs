//! Whether a case-handling event may be recorded, and if not, why (in Dutch).
//!
//! Rules beyond the obvious "required text is filled in":
//! - an intake (`CaseOpened`) only on an empty file, not in the future;
//! - a closed case takes only a status change (reopening) and notes;
//! - an aangifte is marked filed only after the victim's consent, with the
//!   municipality's address as domicile; the same goes for an aangifte
//!   measure marked taken or finished;
//! - a measure ends on or after its start; a toegangsverbod and a
//!   vergaderverbod need both dates, and a vergaderverbod lasts at most three
//!   months (Gemeentewet art. 26);
//! - dates of things done (talk held, informed, filed, notified) are not in
//!   the future;
//! - status: open → in behandeling → afgesloten; closing straight from open
//!   is allowed (e.g. emotioneel gedrag). Closing and reopening need a reason;
//!   "in behandeling" does not go back to "open" (correct the change
//!   instead); the same status again is refused;
//! - serious injury, a perpetrator link and an informed recipient are
//!   recorded once; a talk is held once;
//! - corrections are checked by `permits_correction`, which knows the target.

use chrono::{DateTime, FixedOffset, Months, NaiveDate};

use super::CaseFile;
use super::deadlines::ordinal;
use crate::domain::case::{CaseStatus, Cents, MeasureKind, MeasureStatus, Talk, euro, ordered};
use crate::domain::event::EventBody;

type Time = DateTime<FixedOffset>;

/// Why a case-handling event cannot be recorded. Shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRefusal {
    #[error("Dit is een stap van de live console, geen afhandeling van een zaak.")]
    NotCaseHandling,
    #[error("Deze zaak is al geopend.")]
    AlreadyOpened,
    #[error("De zaak is afgesloten. Heropen de zaak eerst.")]
    Closed,
    #[error("Vul {0} in.")]
    Empty(&'static str),
    #[error("{what} is ongeldig: \"{value}\".")]
    InvalidMoment { what: &'static str, value: String },
    #[error("Het tijdstip van het incident ({0}) ligt in de toekomst.")]
    OccurredInFuture(String),
    #[error("{0} kan niet in de toekomst liggen ({1}).")]
    InFuture(&'static str, String),
    #[error("{0} ({1}) ligt vóór het incident ({2}); controleer de datum.")]
    BeforeIncident(&'static str, String, String),
    #[error("De zaak is al ingedeeld als {0}.")]
    SameCategory(&'static str),
    #[error("De {0} is al geïnformeerd (op {1}).")]
    AlreadyInformed(&'static str, String),
    #[error("Het bestand heeft geen geldige SHA-256 (64 hexadecimale tekens).")]
    InvalidDigest,
    #[error("Veroorzaker #{0} is al aan deze zaak gekoppeld.")]
    AlreadyLinked(u64),
    #[error("De einddatum ({end}) ligt vóór de begindatum ({start}).")]
    EndBeforeStart { start: String, end: String },
    #[error("Een {0} geldt voor een bepaalde tijd: vul een begin- en einddatum in.")]
    PeriodRequired(&'static str),
    #[error(
        "Een vergaderverbod duurt hoogstens drie maanden (Gemeentewet art. 26): de einddatum mag uiterlijk {0} zijn."
    )]
    BanTooLong(String),
    #[error("Maatregel #{0} bestaat niet in deze zaak.")]
    UnknownMeasure(u64),
    #[error("Maatregel #{0} is al {1}.")]
    SameMeasureStatus(u64, &'static str),
    #[error("Het {0} nazorggesprek is al gehouden (op {1}).")]
    TalkAlreadyHeld(&'static str, String),
    #[error("Aangifte kan pas worden vastgelegd na toestemming van het slachtoffer.")]
    ConsentMissing,
    #[error(
        "Vul als domicilie het adres van de gemeente in, nooit het woonadres van het slachtoffer."
    )]
    DomicileMissing,
    #[error("Bedragen kunnen niet negatief zijn.")]
    NegativeAmount,
    #[error(
        "Het verhaalde bedrag ({recovered}) is hoger dan wat aan het slachtoffer is betaald ({paid})."
    )]
    RecoveredMoreThanPaid { paid: String, recovered: String },
    #[error("Ernstig letsel is al vastgelegd (op {0}).")]
    InjuryAlreadyRecorded(String),
    #[error("De zaak is al {0}.")]
    SameStatus(&'static str),
    #[error("Geef een reden op voor {0}.")]
    ReasonRequired(&'static str),
    #[error(
        "Een zaak in behandeling gaat niet terug naar open. Corrigeer de statuswijziging als die een vergissing was."
    )]
    BackToOpen,
    #[error("Kies eerst de regel die u wilt corrigeren.")]
    NothingToCorrect,
    #[error("Regel {0} hoort niet bij deze zaak.")]
    UnknownEntry(u64),
    #[error("Regel {0} is al gecorrigeerd.")]
    AlreadyCorrected(u64),
    #[error("Een correctie kan niet zelf worden gecorrigeerd; leg een notitie vast.")]
    CorrectionOfCorrection,
}

type Check = Result<(), CaseRefusal>;

fn dmy(d: &NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn filled(text: &str, what: &'static str) -> Check {
    if text.trim().is_empty() {
        return Err(CaseRefusal::Empty(what));
    }
    Ok(())
}

fn not_in_future(on: NaiveDate, now: Time, what: &'static str) -> Check {
    if on > now.date_naive() {
        return Err(CaseRefusal::InFuture(what, dmy(&on)));
    }
    Ok(())
}

fn moment(value: &str, what: &'static str) -> Result<Time, CaseRefusal> {
    DateTime::parse_from_rfc3339(value).map_err(|_| CaseRefusal::InvalidMoment {
        what,
        value: value.to_string(),
    })
}

fn sha256_hex(digest: &str) -> bool {
    digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit())
}

fn amounts(paid: Cents, recovered: Cents, amount: Cents) -> Check {
    if amount < 0 || paid < 0 || recovered < 0 {
        return Err(CaseRefusal::NegativeAmount);
    }
    if recovered > paid {
        return Err(CaseRefusal::RecoveredMoreThanPaid {
            paid: euro(paid),
            recovered: euro(recovered),
        });
    }
    Ok(())
}

/// A ban for a set period: both dates, in order, and a vergaderverbod at
/// most three months.
fn period(kind: MeasureKind, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Check {
    let needs_period = match kind {
        MeasureKind::Vergaderverbod => Some("vergaderverbod"),
        MeasureKind::Toegangsverbod => Some("toegangsverbod"),
        _ => None,
    };
    let (start, end) = match (start, end, needs_period) {
        (Some(s), Some(e), _) => (s, e),
        (_, _, Some(name)) => return Err(CaseRefusal::PeriodRequired(name)),
        _ => return Ok(()),
    };
    if !ordered(start, end) {
        return Err(CaseRefusal::EndBeforeStart {
            start: dmy(&start),
            end: dmy(&end),
        });
    }
    if kind == MeasureKind::Vergaderverbod {
        let max = start
            .checked_add_months(Months::new(3))
            .unwrap_or(NaiveDate::MAX);
        if end > max {
            return Err(CaseRefusal::BanTooLong(dmy(&max)));
        }
    }
    Ok(())
}

/// Taking an aangifte measure means filing it.
fn files_aangifte(kind: MeasureKind, status: MeasureStatus) -> bool {
    kind == MeasureKind::Aangifte
        && matches!(status, MeasureStatus::Genomen | MeasureStatus::Afgerond)
}

impl CaseFile {
    /// Whether `body` may be recorded on this case at `now`.
    pub fn permits(&self, body: &EventBody, now: Time) -> Check {
        match body {
            live if live.is_live_step() => Err(CaseRefusal::NotCaseHandling),
            EventBody::Correction { .. } => Err(CaseRefusal::NothingToCorrect),
            EventBody::Note { text } => filled(text, "de notitie"),
            EventBody::StatusChanged { status, reason } => self.check_status(*status, reason),
            EventBody::CaseOpened {
                occurred_at,
                victim,
                what,
                ..
            } => {
                if !self.timeline.is_empty() {
                    return Err(CaseRefusal::AlreadyOpened);
                }
                let occurred = moment(occurred_at, "Het tijdstip van het incident")?;
                if occurred > now {
                    let shown = occurred.format("%d-%m-%Y %H:%M").to_string();
                    return Err(CaseRefusal::OccurredInFuture(shown));
                }
                filled(&victim.name, "de naam van het slachtoffer")?;
                filled(what, "wat er is gebeurd")
            }
            handling => {
                if self.status == CaseStatus::Afgesloten {
                    return Err(CaseRefusal::Closed);
                }
                self.check_handling(handling, now)
            }
        }
    }

    /// Whether `body` may open a new intake case at `now`.
    pub fn permits_opening(body: &EventBody, now: Time) -> Check {
        CaseFile::derive(0, &[]).permits(body, now)
    }

    /// Whether the entry `target` may be corrected with `reason`.
    pub fn permits_correction(&self, target: u64, reason: &str) -> Check {
        let row = self
            .timeline
            .iter()
            .find(|r| r.seq == Some(target))
            .ok_or(CaseRefusal::UnknownEntry(target))?;
        if row.is_correction {
            return Err(CaseRefusal::CorrectionOfCorrection);
        }
        if row.corrected.is_some() {
            return Err(CaseRefusal::AlreadyCorrected(target));
        }
        filled(reason, "de reden van de correctie")
    }

    fn check_status(&self, to: CaseStatus, reason: &str) -> Check {
        use CaseStatus::*;
        let what = match (self.status, to) {
            (from, to) if from == to => return Err(CaseRefusal::SameStatus(to.label())),
            (InBehandeling, Open) => return Err(CaseRefusal::BackToOpen),
            (_, Afgesloten) => "het afsluiten",
            (Afgesloten, _) => "het heropenen",
            _ => return Ok(()),
        };
        if reason.trim().is_empty() {
            return Err(CaseRefusal::ReasonRequired(what));
        }
        Ok(())
    }

    fn need_consent(&self) -> Check {
        match self.consent {
            Some(true) => Ok(()),
            _ => Err(CaseRefusal::ConsentMissing),
        }
    }

    fn check_handling(&self, body: &EventBody, now: Time) -> Check {
        match body {
            EventBody::VictimRecorded { victim } => {
                filled(&victim.name, "de naam van het slachtoffer")
            }
            EventBody::Reclassified { category, reason } => {
                if *category == self.category {
                    return Err(CaseRefusal::SameCategory(category.label()));
                }
                if reason.trim().is_empty() {
                    return Err(CaseRefusal::ReasonRequired("de herclassificatie"));
                }
                Ok(())
            }
            EventBody::Informed { recipient, on } => {
                if let Some(earlier) = self.informed_on(*recipient) {
                    return Err(CaseRefusal::AlreadyInformed(
                        recipient.label(),
                        dmy(&earlier),
                    ));
                }
                self.not_before_incident(*on, "De datum van informeren")?;
                not_in_future(*on, now, "De datum van informeren")
            }
            EventBody::EvidenceAdded {
                platform,
                account,
                message_at,
                file_path,
                file_sha256,
                ..
            } => {
                filled(platform, "het platform")?;
                filled(account, "het account van de afzender")?;
                if let Some(at) = message_at {
                    moment(at, "Het tijdstip van het bericht")?;
                }
                if !file_path.trim().is_empty() && !sha256_hex(file_sha256) {
                    return Err(CaseRefusal::InvalidDigest);
                }
                Ok(())
            }
            EventBody::PerpetratorRegistered { description, .. } => {
                filled(description, "een omschrijving van de veroorzaker")
            }
            EventBody::PerpetratorLinked { perpetrator } => {
                if self.perpetrators.contains(perpetrator) {
                    return Err(CaseRefusal::AlreadyLinked(*perpetrator));
                }
                Ok(())
            }
            EventBody::MeasureRecorded {
                kind,
                decided_by,
                start,
                end,
                status,
                ..
            } => {
                filled(decided_by, "wie het besluit nam")?;
                period(*kind, *start, *end)?;
                if let Some(start) = start {
                    self.not_before_incident(*start, "De ingangsdatum van de maatregel")?;
                }
                if files_aangifte(*kind, *status) {
                    self.need_consent()?;
                }
                Ok(())
            }
            EventBody::MeasureStatusChanged { measure, status } => {
                let m = self
                    .measure(*measure)
                    .ok_or(CaseRefusal::UnknownMeasure(*measure))?;
                if m.status == *status {
                    return Err(CaseRefusal::SameMeasureStatus(*measure, status.label()));
                }
                if files_aangifte(m.kind, *status) {
                    self.need_consent()?;
                }
                Ok(())
            }
            EventBody::AftercarePlanned { by, on, .. } => {
                filled(by, "wie het gesprek voert")?;
                self.not_before_incident(*on, "De datum van het geplande gesprek")
            }
            EventBody::AftercareHeld { talk, on, by, .. } => {
                filled(by, "wie het gesprek voerde")?;
                self.talk_not_held(*talk)?;
                self.not_before_incident(*on, "De datum van het gesprek")?;
                not_in_future(*on, now, "De datum van het gesprek")
            }
            EventBody::AftercareDeclined { talk, on } => {
                self.talk_not_held(*talk)?;
                self.not_before_incident(*on, "De datum van het afslaan")?;
                not_in_future(*on, now, "De datum van het afslaan")
            }
            EventBody::ConsentRecorded { .. } => Ok(()),
            EventBody::AangifteFiled { on, domicile, .. } => {
                self.need_consent()?;
                if domicile.trim().is_empty() {
                    return Err(CaseRefusal::DomicileMissing);
                }
                self.not_before_incident(*on, "De datum van de aangifte")?;
                not_in_future(*on, now, "De datum van de aangifte")
            }
            EventBody::OmInformed { on } => {
                self.not_before_incident(*on, "De datum van informeren van het OM")?;
                not_in_future(*on, now, "De datum van informeren van het OM")
            }
            EventBody::SeriousInjury { known_at } => {
                if let Some(at) = self.serious_injury {
                    return Err(CaseRefusal::InjuryAlreadyRecorded(dmy(&at.date_naive())));
                }
                let what = "Het moment waarop het letsel bekend werd";
                match known_at.as_deref() {
                    None => Ok(()),
                    Some(text) => match chrono::DateTime::parse_from_rfc3339(text) {
                        Err(_) => Err(CaseRefusal::InvalidMoment {
                            what,
                            value: text.to_string(),
                        }),
                        Ok(t) if t > now => Err(CaseRefusal::InFuture(
                            what,
                            t.format("%d-%m-%Y %H:%M").to_string(),
                        )),
                        Ok(_) => Ok(()),
                    },
                }
            }
            EventBody::ArbeidsinspectieNotified { on } => {
                self.not_before_incident(*on, "De datum van melding aan de Arbeidsinspectie")?;
                not_in_future(*on, now, "De datum van melding aan de Arbeidsinspectie")
            }
            EventBody::DamageRecorded {
                description,
                amount,
                paid_to_victim,
                recovered,
            } => {
                filled(description, "een omschrijving van de schade")?;
                amounts(*paid_to_victim, *recovered, *amount)
            }
            EventBody::CommunicationSet { spokesperson, .. } => {
                filled(spokesperson, "de woordvoerder")
            }
            EventBody::SecurityMeasuresNoted { text } => filled(text, "de beveiligingsmaatregelen"),
            // Handled in `permits`.
            _ => Ok(()),
        }
    }

    /// A date of handling cannot lie before the incident itself.
    fn not_before_incident(&self, on: NaiveDate, what: &'static str) -> Check {
        let incident = self.occurred_at.date_naive();
        if on < incident {
            return Err(CaseRefusal::BeforeIncident(what, dmy(&on), dmy(&incident)));
        }
        Ok(())
    }

    fn talk_not_held(&self, talk: Talk) -> Check {
        match &self.talk(talk).held {
            Some(held) => Err(CaseRefusal::TalkAlreadyHeld(ordinal(talk), dmy(&held.on))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
