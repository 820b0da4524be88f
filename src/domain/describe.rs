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
                risk_check,
                ..
            } => {
                let setting = meeting_type.setting();
                let mut s = if setting == super::event::Setting::Gesprek {
                    format!("Gesprek geopend: {title}, met {chair}, {location}")
                } else {
                    format!(
                        "{} geopend: {title} ({}), voorzitter {chair}, {location}",
                        setting.title(),
                        meeting_type.label()
                    )
                };
                if let Some(seq) = risk_check {
                    s.push_str(&format!(
                        "; voorbereid met risico-inschatting (regel {seq})"
                    ));
                }
                s
            }
            EventBody::MeetingEnded {} => "Vergadering gesloten".into(),
            EventBody::ConversationEnded {} => {
                "Gesprek beëindigd door de politieke ambtsdrager".into()
            }
            EventBody::DisturbanceStarted {
                category,
                place,
                description,
                ..
            } => {
                let mut parts: Vec<String> = Vec::new();
                if let Some(c) = category {
                    parts.push(c.label().to_string());
                }
                for text in [place, description] {
                    if !text.is_empty() {
                        parts.push(text.clone());
                    }
                }
                if parts.is_empty() {
                    "Verstoring gemeld".into()
                } else {
                    format!("Verstoring gemeld: {}", parts.join(" — "))
                }
            }
            EventBody::DisturbanceDescribed {
                category,
                place,
                what,
            } => {
                let mut parts: Vec<String> = Vec::new();
                if let Some(c) = category {
                    parts.push(format!("categorie {}", c.label()));
                }
                if let Some(p) = place {
                    parts.push(format!("plaats {p}"));
                }
                if let Some(w) = what {
                    parts.push(format!("wat: {w}"));
                }
                format!("Verstoring aangevuld: {}", parts.join("; "))
            }
            EventBody::PersonAdded { number, who } => {
                format!("Persoon {number} erbij{}", who_text(who))
            }
            EventBody::PersonDescribed { person, who } => {
                format!("Persoon {person} beschreven{}", who_text(who))
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
                person,
            } => {
                let to = if *person > 1 {
                    format!(" aan persoon {person}")
                } else {
                    String::new()
                };
                format!("Vordering {number}{to} door {}: “{wording}”", by.label())
            }
            EventBody::LeftVoluntarily { person } => {
                if *person > 1 {
                    format!("Persoon {person} is vrijwillig vertrokken")
                } else {
                    "Persoon is vrijwillig vertrokken".into()
                }
            }
            EventBody::LivestreamStopped {} => "Livestream gestopt".into(),
            EventBody::LivestreamResumed {} => "Livestream hervat".into(),
            EventBody::InterventionTeamCalled {} => "Interventieteam gealarmeerd".into(),
            EventBody::PoliceCalled {} => "Politie gebeld (112)".into(),
            EventBody::PoliceArrived {} => "Politie ter plaatse".into(),
            EventBody::RemovedByPolice { person } => {
                if *person > 1 {
                    format!("Persoon {person} door de politie verwijderd")
                } else {
                    "Persoon door de politie verwijderd".into()
                }
            }
            EventBody::PhysicalProtection { .. } => {
                "Fysieke beschermende maatregel door aanwezigen (bij fysieke agressie)".into()
            }
            EventBody::AangifteDecision {
                decision,
                decided_by,
                dissent,
            } => {
                let mut s = format!(
                    "Besluit {} (door {})",
                    decision.label(),
                    decided_by.join(", ")
                );
                if !dissent.is_empty() {
                    s.push_str(&format!("; afwijkende mening: {dissent}"));
                }
                s
            }
            EventBody::StreamControlled {
                command,
                ok,
                detail,
            } => {
                let what = match command {
                    super::event::StreamCommand::Stop => "stoppen",
                    super::event::StreamCommand::Start => "starten",
                };
                if *ok {
                    format!("Livestream {what} via OBS: gelukt ({detail})")
                } else {
                    format!("Livestream {what} via OBS MISLUKT: {detail} — met de hand doen")
                }
            }
            EventBody::AlarmRun {
                target, ok, detail, ..
            } => format!(
                "Alarmcommando {} {}: {detail}",
                target.label(),
                if *ok { "verstuurd" } else { "MISLUKT" }
            ),
            EventBody::RiskCheckRecorded { setting, .. } => format!(
                "Risico-inschatting vastgelegd voor een {} (vertrouwelijk)",
                setting.noun()
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
            EventBody::AftercareDeclined { talk, on } => format!(
                "Nazorg afgeslagen door het slachtoffer: {} (op {})",
                talk.label(),
                date(on)
            ),
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
            EventBody::SeriousInjury { known_at } => {
                let mut s = String::from(
                    "Ernstig letsel: melding Arbeidsinspectie vereist (direct, uiterlijk 24 uur)",
                );
                if let Some(t) = known_at
                    .as_deref()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                {
                    s.push_str(&format!(
                        "; bekend geworden op {}",
                        crate::domain::time::to_local(t.with_timezone(&chrono::Utc))
                            .format("%d-%m-%Y %H:%M")
                    ));
                }
                s
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
            EventBody::Restored {
                from,
                head_seq,
                replaced,
                forced,
                ..
            } => format!(
                "Register teruggezet uit reservekopie {from} (kop seq {head_seq}){}{}",
                if replaced.is_empty() {
                    String::new()
                } else {
                    format!("; het vervangen bestand staat in {replaced}")
                },
                if *forced { " (geforceerd)" } else { "" }
            ),
            EventBody::ChainUpgraded { from, to } => format!(
                "Hashketen bijgewerkt van versie {from} naar versie {to} (met vastlegtijd en zout per gebeurtenis)"
            ),
            EventBody::RoleGranted { identity, role, by } => {
                format!("Rol {} toegekend aan {identity} door {by}", role.label())
            }
            EventBody::RoleRevoked { identity, role, by } => {
                format!("Rol {} ingetrokken van {identity} door {by}", role.label())
            }
            EventBody::IdentityLinked { identity, link, by } => match link {
                super::access::PersonLink::Victim { case } => format!(
                    "Gebruiker {identity} gekoppeld als slachtoffer van zaak #{case} (door {by})"
                ),
                super::access::PersonLink::Perpetrator { perpetrator } => format!(
                    "Gebruiker {identity} gekoppeld aan veroorzaker {perpetrator} (door {by})"
                ),
            },
            EventBody::CaseHandedOver { by } => {
                format!("Zaak overgedragen door {by} aan wie haar volgens de meldroute behandelen")
            }
            EventBody::AccessLogged {
                identity,
                what,
                case,
                scope,
                sha256,
            } => {
                let mut s = format!("Inzage: {} door {identity}", what.label());
                if let Some(case) = case {
                    s.push_str(&format!(", zaak #{case}"));
                }
                if !scope.is_empty() {
                    s.push_str(&format!(" ({scope})"));
                }
                if !sha256.is_empty() {
                    s.push_str(&format!(", SHA-256 {sha256}"));
                }
                s
            }
        }
    }
}

/// ` (groep): bij de deur — bekend`: the kind, the description, whether
/// the register knows the name; never the name itself.
fn who_text(who: &super::event::Who) -> String {
    let mut s = format!(" ({})", who.kind.label());
    if !who.description.is_empty() {
        s.push_str(&format!(": {}", who.description));
    }
    if who.known.is_some() {
        s.push_str(" — bekend");
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
