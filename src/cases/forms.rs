//! The case-handling forms: which fields each has, and how a filled form
//! becomes an event. Validation against the case file happens after this,
//! in the browser; here only what a single form can check.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::form::{Form, FormField};
use crate::config::Config;
use crate::domain::case::{
    CaseStatus, Channel, MeasureKind, MeasureStatus, PerpetratorKind, Recipient, Talk, Victim,
    VictimRole,
};
use crate::domain::dates::{parse_day, parse_euro, parse_moment, parse_past_day};
use crate::domain::text::limits;
use crate::domain::{Category, EventBody};

const DAY_HINT: &str = "vandaag, gisteren, morgen, +3, vrijdag, 12-3, 2026-03-12";
const MOMENT_HINT: &str = "nu, vandaag 14:30, gisteren, 12-3 9:15, 2026-03-12 09:15";
const MONEY_HINT: &str = "12, 12,50, € 1.234,56";

/// What a form is for, with what it needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Intake,
    Victim,
    Reclassify,
    Informed,
    Evidence,
    Perpetrator,
    LinkPerpetrator,
    Measure,
    /// The measures of the case that may change status: (id, label).
    MeasureStatus(Vec<(u64, String)>),
    AftercarePlanned,
    AftercareHeld,
    AftercareDeclined,
    Consent,
    Aangifte,
    OmInformed,
    SeriousInjury,
    Arbeidsinspectie,
    Damage,
    Communication,
    SecurityMeasures,
    Status,
    Note,
    Correction(u64),
}

/// A field that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: usize,
    pub message: String,
}

fn err(field: usize, message: impl ToString) -> FieldError {
    FieldError {
        field,
        message: message.to_string(),
    }
}

fn labels<T: Copy>(items: &[T], label: fn(T) -> &'static str) -> Vec<String> {
    items.iter().map(|i| label(*i).to_string()).collect()
}

fn pick<T: Copy>(
    items: &[T],
    idx: Option<usize>,
    field: usize,
    what: &str,
) -> Result<T, FieldError> {
    idx.and_then(|i| items.get(i).copied())
        .ok_or_else(|| err(field, format!("kies {what}")))
}

fn required(text: String, field: usize, what: &str) -> Result<String, FieldError> {
    if text.is_empty() {
        Err(err(field, format!("vul {what} in")))
    } else {
        Ok(text)
    }
}

/// Defaults a form may take from the case.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub category: Option<Category>,
    /// The next recipient on the route not yet informed.
    pub next_recipient: Option<Recipient>,
    pub status: Option<CaseStatus>,
    /// The entry a correction corrects, as the timeline shows it.
    pub entry: Option<String>,
}

/// A new form for `purpose`.
pub fn open(purpose: Purpose, config: &Config, ctx: &Context) -> Form<Purpose> {
    let idx =
        |all: &[Category], c: Option<Category>| c.and_then(|c| all.iter().position(|x| *x == c));
    let (title, fields) = match &purpose {
        Purpose::Intake => (
            "Nieuwe zaak",
            vec![
                FormField::text("Wanneer", "nu", 40).with_hint(MOMENT_HINT),
                FormField::choice("Kanaal", labels(Channel::ALL, Channel::label), None),
                FormField::text("Naam slachtoffer", "", limits::NAME),
                FormField::choice("Rol", labels(VictimRole::ALL, VictimRole::label), None),
                FormField::text("Ook getroffen (familie, eigendom)", "", limits::DESCRIPTION),
                FormField::text("Wat is er gebeurd", "", limits::NOTE),
                FormField::text("Waar", "", limits::PLACE),
                FormField::choice("Categorie", labels(&Category::ALL, Category::label), None),
            ],
        ),
        Purpose::Victim => (
            "Slachtoffer vastleggen",
            vec![
                FormField::text("Naam slachtoffer", "", limits::NAME),
                FormField::choice("Rol", labels(VictimRole::ALL, VictimRole::label), None),
                FormField::text("Ook getroffen (familie, eigendom)", "", limits::DESCRIPTION),
            ],
        ),
        Purpose::Reclassify => (
            "Herclassificeren",
            vec![
                FormField::choice(
                    "Categorie",
                    labels(&Category::ALL, Category::label),
                    idx(&Category::ALL, ctx.category),
                ),
                FormField::text("Reden", "", limits::REASON),
            ],
        ),
        Purpose::Informed => (
            "Geïnformeerd (meldroute)",
            vec![
                FormField::choice(
                    "Wie",
                    labels(Recipient::ALL, Recipient::label),
                    ctx.next_recipient
                        .and_then(|r| Recipient::ALL.iter().position(|x| *x == r)),
                ),
                FormField::text("Datum", "vandaag", 40).with_hint(DAY_HINT),
            ],
        ),
        Purpose::Evidence => (
            "Online bewijs",
            vec![
                FormField::text("Platform", "", limits::NAME),
                FormField::text("Account afzender", "", limits::NAME),
                FormField::text("URL's (gescheiden door spaties)", "", limits::NOTE),
                FormField::text("Tijdstip bericht (optioneel)", "", 40).with_hint(MOMENT_HINT),
                FormField::text("Bewaard bestand (schermafdruk, pad)", "", limits::NOTE),
                FormField::toggle("Norm gecommuniceerd aan afzender", false),
                FormField::toggle("Gemeld bij platform", false),
            ],
        ),
        Purpose::Perpetrator => (
            "Veroorzaker registreren",
            vec![
                FormField::choice(
                    "Soort",
                    labels(PerpetratorKind::ALL, PerpetratorKind::label),
                    Some(0),
                ),
                FormField::text("Omschrijving", "", limits::DESCRIPTION),
                FormField::text("Naam (alleen indien bekend)", "", limits::NAME),
            ],
        ),
        Purpose::LinkPerpetrator => (
            "Bekende veroorzaker koppelen",
            vec![FormField::text("Nummer veroorzaker (#)", "", 12)],
        ),
        Purpose::Measure => (
            "Maatregel",
            vec![
                FormField::choice("Soort", labels(MeasureKind::ALL, MeasureKind::label), None),
                FormField::text("Besloten op", "vandaag", 40).with_hint(DAY_HINT),
                FormField::text("Besloten door", "burgemeester", limits::NAME),
                FormField::text("Ingang (bij verbod)", "", 40).with_hint(DAY_HINT),
                FormField::text("Einde (bij verbod)", "", 40).with_hint(DAY_HINT),
                FormField::choice(
                    "Status",
                    labels(MeasureStatus::ALL, MeasureStatus::label),
                    Some(1),
                ),
                FormField::text("Toelichting", "", limits::NOTE),
            ],
        ),
        Purpose::MeasureStatus(measures) => (
            "Status maatregel",
            vec![
                FormField::choice(
                    "Maatregel",
                    measures
                        .iter()
                        .map(|(id, l)| format!("#{id} {l}"))
                        .collect(),
                    None,
                ),
                FormField::choice(
                    "Nieuwe status",
                    labels(MeasureStatus::ALL, MeasureStatus::label),
                    None,
                ),
            ],
        ),
        Purpose::AftercarePlanned => (
            "Nazorggesprek plannen",
            vec![
                FormField::choice("Gesprek", labels(&Talk::ALL, Talk::label), None),
                FormField::text("Datum", "", 40).with_hint(DAY_HINT),
                FormField::text("Door", "griffier", limits::NAME),
            ],
        ),
        Purpose::AftercareHeld => (
            "Nazorggesprek gehouden",
            vec![
                FormField::choice("Gesprek", labels(&Talk::ALL, Talk::label), None),
                FormField::text("Datum", "vandaag", 40).with_hint(DAY_HINT),
                FormField::text("Door", "griffier", limits::NAME),
                FormField::toggle("Doorverwezen naar professionele hulp", false),
            ],
        ),
        Purpose::AftercareDeclined => (
            "Nazorggesprek afgeslagen door het slachtoffer",
            vec![
                FormField::choice("Gesprek", labels(&Talk::ALL, Talk::label), None),
                FormField::text("Datum", "vandaag", 40).with_hint(DAY_HINT),
            ],
        ),
        Purpose::Consent => (
            "Toestemming slachtoffer",
            vec![FormField::toggle(
                "Slachtoffer stemt in met aangifte",
                false,
            )],
        ),
        Purpose::Aangifte => (
            "Aangifte gedaan",
            vec![
                FormField::text("Datum", "vandaag", 40).with_hint(DAY_HINT),
                FormField::toggle("VPT-zaak (Veilige Publieke Taak)", true),
                FormField::text(
                    "Domicilie (adres gemeente, nooit het huisadres)",
                    &format!(
                        "Gemeente {}, {}",
                        config.municipality, config.emergency.address
                    ),
                    limits::PLACE,
                ),
                FormField::text("Kenmerk politie", "", limits::NAME),
            ],
        ),
        Purpose::OmInformed => (
            "OM geïnformeerd",
            vec![FormField::text("Datum", "vandaag", 40).with_hint(DAY_HINT)],
        ),
        Purpose::SeriousInjury => (
            "Ernstig letsel",
            vec![
                FormField::toggle(
                    "Lichamelijk/geestelijk letsel, ziekenhuisopname, blijvend letsel of overlijden",
                    false,
                ),
                FormField::text("Bekend geworden", "nu", 40).with_hint(MOMENT_HINT),
            ],
        ),
        Purpose::Arbeidsinspectie => (
            "Arbeidsinspectie gemeld",
            vec![FormField::text("Datum", "vandaag", 40).with_hint(DAY_HINT)],
        ),
        Purpose::Damage => (
            "Schade",
            vec![
                FormField::text("Omschrijving", "", limits::DESCRIPTION),
                FormField::text("Bedrag", "", 20).with_hint(MONEY_HINT),
                FormField::text("Betaald aan slachtoffer", "0", 20).with_hint(MONEY_HINT),
                FormField::text("Verhaald op veroorzaker", "0", 20).with_hint(MONEY_HINT),
            ],
        ),
        Purpose::Communication => (
            "Communicatie",
            vec![
                FormField::toggle(
                    "Andere ambtsdragers informeren (toestemming slachtoffer)",
                    false,
                ),
                FormField::text("Woordvoerder", "burgemeester", limits::NAME),
            ],
        ),
        Purpose::SecurityMeasures => (
            "Beveiligingsmaatregelen (vertrouwelijk)",
            vec![FormField::text("Maatregelen", "", limits::NOTE)],
        ),
        Purpose::Status => (
            "Status",
            vec![
                FormField::choice(
                    "Nieuwe status",
                    labels(CaseStatus::ALL, CaseStatus::label),
                    None,
                ),
                FormField::text("Reden", "", limits::REASON),
            ],
        ),
        Purpose::Note => (
            "Notitie",
            vec![FormField::text("Notitie", "", limits::NOTE)],
        ),
        Purpose::Correction(_) => (
            "Correctie",
            vec![FormField::text(
                "Reden van de correctie",
                "",
                limits::REASON,
            )],
        ),
    };
    let _ = ctx.status;
    // A correction says which entry it corrects.
    let title = match (&purpose, &ctx.entry) {
        (Purpose::Correction(target), Some(text)) => {
            let short: String = text.chars().take(48).collect();
            let more = if text.chars().count() > 48 { "…" } else { "" };
            format!("Correctie van regel {target}: {short}{more}")
        }
        (Purpose::Correction(target), None) => format!("Correctie van regel {target}"),
        _ => title.to_string(),
    };
    Form::new(title, purpose, fields)
}

fn day(form: &Form<Purpose>, i: usize, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    parse_past_day(&form.text(i), today).map_err(|e| err(i, e))
}

fn plan_day(form: &Form<Purpose>, i: usize, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    parse_day(&form.text(i), today).map_err(|e| err(i, e))
}

fn optional_day(
    form: &Form<Purpose>,
    i: usize,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, FieldError> {
    if form.text(i).is_empty() {
        Ok(None)
    } else {
        plan_day(form, i, today).map(Some)
    }
}

fn money(form: &Form<Purpose>, i: usize) -> Result<i64, FieldError> {
    parse_euro(&form.text(i)).map_err(|e| err(i, e))
}

fn victim(form: &Form<Purpose>, name: usize) -> Result<Victim, FieldError> {
    Ok(Victim {
        name: required(form.text(name), name, "de naam van het slachtoffer")?,
        role: pick(VictimRole::ALL, form.choice(name + 1), name + 1, "de rol")?,
        also: form.text(name + 2),
    })
}

/// Reads a filled form into an event body and, for a correction, the entry
/// it corrects. `file_digest` computes the SHA-256 of a kept file.
pub fn build(
    form: &Form<Purpose>,
    now: DateTime<FixedOffset>,
    file_digest: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(EventBody, Option<u64>), FieldError> {
    let today = now.date_naive();
    let body = match &form.purpose {
        Purpose::Intake => {
            let when = parse_moment(&form.text(0), now).map_err(|e| err(0, e))?;
            EventBody::CaseOpened {
                occurred_at: crate::domain::time::local_string(&when),
                channel: pick(Channel::ALL, form.choice(1), 1, "het kanaal")?,
                victim: victim(form, 2)?,
                what: required(form.text(5), 5, "wat er is gebeurd")?,
                place: form.text(6),
                category: pick(&Category::ALL, form.choice(7), 7, "de categorie")?,
            }
        }
        Purpose::Victim => EventBody::VictimRecorded {
            victim: victim(form, 0)?,
        },
        Purpose::Reclassify => EventBody::Reclassified {
            category: pick(&Category::ALL, form.choice(0), 0, "de categorie")?,
            reason: required(form.text(1), 1, "de reden")?,
        },
        Purpose::Informed => EventBody::Informed {
            recipient: pick(Recipient::ALL, form.choice(0), 0, "wie is geïnformeerd")?,
            on: day(form, 1, today)?,
        },
        Purpose::Evidence => {
            let path = form.text(4);
            let file_sha256 = if path.is_empty() {
                String::new()
            } else {
                file_digest(&path).map_err(|e| err(4, e))?
            };
            let message_at = if form.text(3).is_empty() {
                None
            } else {
                let t = parse_moment(&form.text(3), now).map_err(|e| err(3, e))?;
                Some(crate::domain::time::local_string(&t))
            };
            EventBody::EvidenceAdded {
                platform: required(form.text(0), 0, "het platform")?,
                account: required(form.text(1), 1, "het account van de afzender")?,
                urls: form
                    .text(2)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                message_at,
                file_path: path,
                file_sha256,
                norm_communicated: form.toggle(5),
                reported_to_platform: form.toggle(6),
            }
        }
        Purpose::Perpetrator => EventBody::PerpetratorRegistered {
            kind: pick(PerpetratorKind::ALL, form.choice(0), 0, "de soort")?,
            description: required(form.text(1), 1, "een omschrijving")?,
            name: form.text(2),
        },
        Purpose::LinkPerpetrator => {
            let text = form.text(0);
            let id = text
                .trim_start_matches('#')
                .parse::<u64>()
                .map_err(|_| err(0, format!("\"{text}\" is geen nummer van een veroorzaker")))?;
            EventBody::PerpetratorLinked { perpetrator: id }
        }
        Purpose::Measure => EventBody::MeasureRecorded {
            kind: pick(MeasureKind::ALL, form.choice(0), 0, "de soort maatregel")?,
            decided_on: day(form, 1, today)?,
            decided_by: required(form.text(2), 2, "wie besloot")?,
            start: optional_day(form, 3, today)?,
            end: optional_day(form, 4, today)?,
            status: pick(MeasureStatus::ALL, form.choice(5), 5, "de status")?,
            note: form.text(6),
        },
        Purpose::MeasureStatus(measures) => EventBody::MeasureStatusChanged {
            measure: form
                .choice(0)
                .and_then(|i| measures.get(i))
                .map(|(id, _)| *id)
                .ok_or_else(|| err(0, "kies de maatregel"))?,
            status: pick(MeasureStatus::ALL, form.choice(1), 1, "de status")?,
        },
        Purpose::AftercarePlanned => EventBody::AftercarePlanned {
            talk: pick(&Talk::ALL, form.choice(0), 0, "het gesprek")?,
            on: plan_day(form, 1, today)?,
            by: required(form.text(2), 2, "wie het gesprek voert")?,
        },
        Purpose::AftercareHeld => EventBody::AftercareHeld {
            talk: pick(&Talk::ALL, form.choice(0), 0, "het gesprek")?,
            on: day(form, 1, today)?,
            by: required(form.text(2), 2, "wie het gesprek voerde")?,
            referral: form.toggle(3),
        },
        Purpose::AftercareDeclined => EventBody::AftercareDeclined {
            talk: pick(&Talk::ALL, form.choice(0), 0, "het gesprek")?,
            on: day(form, 1, today)?,
        },
        Purpose::Consent => EventBody::ConsentRecorded {
            consent: form.toggle(0),
        },
        Purpose::Aangifte => EventBody::AangifteFiled {
            on: day(form, 0, today)?,
            vpt: form.toggle(1),
            domicile: required(form.text(2), 2, "het domicilie (adres van de gemeente)")?,
            police_reference: form.text(3),
        },
        Purpose::OmInformed => EventBody::OmInformed {
            on: day(form, 0, today)?,
        },
        Purpose::SeriousInjury => {
            if !form.toggle(0) {
                return Err(err(0, "bevestig het ernstige letsel met j"));
            }
            let known = parse_moment(&form.text(1), now).map_err(|e| err(1, e))?;
            if known > now {
                return Err(err(1, "dat moment ligt in de toekomst".to_string()));
            }
            EventBody::SeriousInjury {
                known_at: Some(crate::domain::time::local_string(&known)),
            }
        }
        Purpose::Arbeidsinspectie => EventBody::ArbeidsinspectieNotified {
            on: day(form, 0, today)?,
        },
        Purpose::Damage => EventBody::DamageRecorded {
            description: required(form.text(0), 0, "een omschrijving")?,
            amount: money(form, 1)?,
            paid_to_victim: money(form, 2)?,
            recovered: money(form, 3)?,
        },
        Purpose::Communication => EventBody::CommunicationSet {
            may_inform_others: form.toggle(0),
            spokesperson: required(form.text(1), 1, "de woordvoerder")?,
        },
        Purpose::SecurityMeasures => EventBody::SecurityMeasuresNoted {
            text: required(form.text(0), 0, "de maatregelen")?,
        },
        Purpose::Status => EventBody::StatusChanged {
            status: pick(CaseStatus::ALL, form.choice(0), 0, "de nieuwe status")?,
            reason: form.text(1),
        },
        Purpose::Note => EventBody::Note {
            text: required(form.text(0), 0, "de notitie")?,
        },
        Purpose::Correction(target) => {
            return Ok((
                EventBody::Correction {
                    reason: required(form.text(0), 0, "de reden")?,
                },
                Some(*target),
            ));
        }
    };
    Ok((body, None))
}
