//! One Dutch line per event, for timelines and exports.

use super::case::euro;
use super::event::EventBody;

fn date(d: &chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

impl EventBody {
    /// A one-line description in Dutch. Confidential content (security
    /// measures) is not repeated here.
    pub fn summary(&self) -> String {
        match self {
            EventBody::MeetingStarted {
                meeting_type,
                title,
                chair,
                location,
            } => format!(
                "Vergadering geopend: {title} ({}), voorzitter {chair}, {location}",
                meeting_type.label()
            ),
            EventBody::MeetingEnded {} => "Vergadering gesloten".into(),
            EventBody::DisturbanceStarted {
                category,
                place,
                description,
            } => {
                let mut s = format!("Verstoring gemeld: {} — {place}", category.label());
                if !description.is_empty() {
                    s.push_str(&format!(" — {description}"));
                }
                s
            }
            EventBody::DisturbanceEnded {} => {
                "Verstoring afgesloten; geregistreerd als zaak".into()
            }
            EventBody::Suspended {} => "Vergadering geschorst".into(),
            EventBody::Resumed {} => "Vergadering heropend".into(),
            EventBody::Demand {
                number,
                by,
                wording,
            } => format!("Vordering {number} door {}: “{wording}”", by.label()),
            EventBody::LeftVoluntarily {} => "Persoon heeft de zaal vrijwillig verlaten".into(),
            EventBody::LivestreamStopped {} => "Livestream gestopt".into(),
            EventBody::LivestreamResumed {} => "Livestream hervat".into(),
            EventBody::InterventionTeamCalled {} => "Interventieteam gealarmeerd".into(),
            EventBody::PoliceCalled {} => "Politie gebeld (112)".into(),
            EventBody::PoliceArrived {} => "Politie ter plaatse".into(),
            EventBody::RemovedByPolice {} => "Persoon door de politie verwijderd".into(),
            EventBody::PhysicalProtection { .. } => {
                "Fysieke beschermende maatregel door aanwezigen (bij fysieke agressie)".into()
            }
            EventBody::AangifteDecision {
                decision,
                decided_by,
            } => format!(
                "Besluit {} (door {})",
                decision.label(),
                decided_by.join(", ")
            ),
            EventBody::Note { text } => format!("Notitie: {text}"),
            EventBody::Correction { reason } => format!("Correctie: {reason}"),
            EventBody::CaseOpened {
                channel,
                victim,
                what,
                category,
                ..
            } => format!(
                "Zaak ingevoerd: {} via {} — {} ({}) — {what}",
                category.label(),
                channel.label(),
                victim.name,
                victim.role.label()
            ),
            EventBody::VictimRecorded { victim } => format!(
                "Slachtoffer vastgelegd: {} ({})",
                victim.name,
                victim.role.label()
            ),
            EventBody::Reclassified { category, reason } => {
                format!("Hergeclassificeerd als {}: {reason}", category.label())
            }
            EventBody::Informed { recipient, on } => {
                format!(
                    "{} geïnformeerd op {}",
                    capitalise(recipient.label()),
                    date(on)
                )
            }
            EventBody::EvidenceAdded {
                platform, account, ..
            } => format!("Online bewijs vastgelegd: {platform}, account {account}"),
            EventBody::PerpetratorRegistered {
                kind, description, ..
            } => format!(
                "Veroorzaker geregistreerd ({}): {description}",
                kind.label()
            ),
            EventBody::PerpetratorLinked { perpetrator } => {
                format!("Veroorzaker #{perpetrator} gekoppeld")
            }
            EventBody::MeasureRecorded {
                kind,
                decided_on,
                decided_by,
                status,
                ..
            } => format!(
                "Maatregel: {} ({}), besloten {} door {decided_by}",
                kind.label(),
                status.label(),
                date(decided_on)
            ),
            EventBody::MeasureStatusChanged { measure, status } => {
                format!("Maatregel #{measure}: {}", status.label())
            }
            EventBody::AftercarePlanned { talk, on, by } => {
                format!("Nazorg gepland: {} op {} door {by}", talk.label(), date(on))
            }
            EventBody::AftercareHeld {
                talk,
                on,
                by,
                referral,
            } => {
                let mut s = format!(
                    "Nazorg gehouden: {} op {} door {by}",
                    talk.label(),
                    date(on)
                );
                if *referral {
                    s.push_str("; doorverwezen naar professionele hulp");
                }
                s
            }
            EventBody::ConsentRecorded { consent } => {
                format!(
                    "Toestemming slachtoffer voor aangifte: {}",
                    yes_no(*consent)
                )
            }
            EventBody::AangifteFiled {
                on,
                vpt,
                police_reference,
                ..
            } => format!(
                "Aangifte gedaan op {}{} (kenmerk {police_reference})",
                date(on),
                if *vpt { ", VPT" } else { "" }
            ),
            EventBody::OmInformed { on } => format!("OM geïnformeerd op {}", date(on)),
            EventBody::SeriousInjury {} => {
                "Ernstig letsel: melding Arbeidsinspectie vereist (direct, uiterlijk 24 uur)".into()
            }
            EventBody::ArbeidsinspectieNotified { on } => {
                format!("Arbeidsinspectie gemeld op {}", date(on))
            }
            EventBody::DamageRecorded {
                description,
                amount,
                paid_to_victim,
                recovered,
            } => format!(
                "Schade: {description} {} (betaald {}, verhaald {})",
                euro(*amount),
                euro(*paid_to_victim),
                euro(*recovered)
            ),
            EventBody::CommunicationSet {
                may_inform_others,
                spokesperson,
            } => format!(
                "Communicatie: anderen informeren {}, woordvoerder {spokesperson}",
                yes_no(*may_inform_others)
            ),
            EventBody::SecurityMeasuresNoted { .. } => {
                "Beveiligingsmaatregelen vastgelegd (vertrouwelijk)".into()
            }
            EventBody::StatusChanged { status, reason } => {
                if reason.is_empty() {
                    format!("Status: {}", status.label())
                } else {
                    format!("Status: {} ({reason})", status.label())
                }
            }
            EventBody::PayloadPurged { seqs, reason } => {
                let list: Vec<String> = seqs.iter().map(u64::to_string).collect();
                format!(
                    "Bewaartermijn: inhoud gewist van gebeurtenis {} ({reason})",
                    list.join(", ")
                )
            }
            EventBody::SchemaRestored { guards } => format!(
                "Beveiliging van het register hersteld (ontbrak of was gewijzigd: {})",
                guards.join(", ")
            ),
            EventBody::Unreadable { seq, reason } => format!(
                "ONLEESBARE gebeurtenis {seq} ({reason}); controleer het register met raadsorde verify"
            ),
            EventBody::ChainUpgraded { from, to } => format!(
                "Hashketen bijgewerkt van versie {from} naar versie {to} (met vastlegtijd en zout per gebeurtenis)"
            ),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
