//! The police dossier of one case (`raadsorde dossier`): what a griffier
//! attaches to an aangifte or hands to the police, ordered by the seven W's
//! of the police information form (wie, wat, waar, waarmee, op welke
//! wijze, wanneer, waarom), with the full timeline at exact times, the
//! online evidence with its digests, the aangifte (VPT, the municipality's
//! address as domicile) and where the case stands in the evidence chain.
//!
//! Pure: [`Dossier::build`] takes what the store read, in one transaction,
//! and decides what goes in. What never goes in:
//! - what §7 marks confidential (security measures, risk checks);
//! - notes (internal working notes; they may name anyone);
//! - the victim's home address (the domicile is the municipality's);
//! - anything of another case: of its meeting only the meeting itself and
//!   the steps of the meeting as a whole (suspension, livestream) while
//!   this disturbance ran, never another disturbance's steps.
//!
//! The same [`Dossier`] is the JSON (`--format json`), the data the PDF
//! template reads, and the source of the Markdown ([`Dossier::markdown`]).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::case::{PerpetratorKind, euro};
use super::casefile::CaseFile;
use super::event::{Event, EventBody, MeetingType};
use super::time::local_string;

type Time = DateTime<FixedOffset>;

/// A perpetrator registered in the register and linked to the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedPerpetrator {
    pub id: u64,
    pub kind: PerpetratorKind,
    pub description: String,
    pub name: String,
}

/// What the store read for one dossier, all in the same transaction.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub case_id: u64,
    /// The case number, e.g. `2026-0007`.
    pub number: &'a str,
    /// The case's own events, in order.
    pub events: &'a [Event],
    /// The events of the case's meeting that belong to no case (the meeting
    /// itself, suspension, livestream), in order; empty for an intake.
    pub meeting: &'a [Event],
    pub perpetrators: &'a [LinkedPerpetrator],
    pub municipality: &'a str,
    /// The municipality's address, for the domicile of an aangifte.
    pub municipality_address: &'a str,
    pub made_at: Time,
    pub made_by: &'a str,
    /// The head of the evidence chain when the dossier was made: its
    /// sequence number and hash (hex).
    pub head_seq: u64,
    pub head_hash: String,
}

/// The dossier as written: every field is shown in each format.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub format: &'static str,
    pub title: String,
    pub reference: String,
    pub marking: &'static str,
    pub municipality: String,
    pub made_at: String,
    pub made_by: String,
    pub wie: Wie,
    pub wat: Wat,
    pub waar: Waar,
    pub waarmee: Vec<String>,
    pub wijze: Vec<String>,
    pub wanneer: Wanneer,
    pub waarom: Vec<String>,
    pub timeline: Vec<Row>,
    pub evidence: Vec<Evidence>,
    pub aangifte: Aangifte,
    pub measures: Vec<String>,
    pub damages: Vec<DamageRow>,
    pub damage_total: String,
    pub chain: Chain,
    pub left_out: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// `slachtoffer`, `veroorzaker 2`, `persoon 1 (verstoring)`.
    pub role: String,
    pub name: String,
    pub details: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Wie {
    pub parties: Vec<Party>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Wat {
    pub category: String,
    pub norm: String,
    pub description: String,
    /// Earlier classifications and why they changed.
    pub reclassified: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Waar {
    pub place: String,
    /// The meeting or conversation, with its location.
    pub meeting: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Wanneer {
    pub occurred_at: String,
    pub logged_at: String,
    pub channel: String,
}

/// One line of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `dd-mm-jjjj uu:mm:ss`, local time.
    pub at: String,
    /// RFC 3339 with milliseconds and offset, as stored.
    pub iso: String,
    /// The event's sequence number in the chain.
    pub seq: u64,
    pub text: String,
    /// Corrected later: the reason.
    pub corrected: String,
    /// A step of the meeting as a whole, not of this case.
    pub meeting_step: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub seq: u64,
    pub platform: String,
    pub account: String,
    pub urls: Vec<String>,
    pub message_at: String,
    pub file: String,
    pub sha256: String,
    pub norm_communicated: bool,
    pub reported_to_platform: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Aangifte {
    /// `VPT-zaak (Veilige Publieke Taak)`.
    pub vpt: String,
    pub domicile: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DamageRow {
    pub description: String,
    pub amount: String,
    pub paid_to_victim: String,
    pub recovered: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chain {
    pub head_seq: u64,
    pub head_hash: String,
    pub first_seq: u64,
    pub last_seq: u64,
    pub events: usize,
    /// The event that records this dossier, with its SHA-256: the next one.
    pub record_seq: u64,
    pub instruction: String,
}

/// `06-12-2026 20:14:03`.
fn moment(t: &Time) -> String {
    t.format("%d-%m-%Y %H:%M:%S").to_string()
}

fn day(d: &NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn yes(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

/// Whether an event of the case goes into the dossier at all.
fn shown(body: &EventBody) -> bool {
    !body.is_confidential()
        && !matches!(
            body,
            EventBody::Note { .. } | EventBody::AccessLogged { .. } | EventBody::Unreadable { .. }
        )
}

/// The steps of the meeting as a whole that belong with this disturbance:
/// the meeting's opening, and suspension, livestream and ending steps from
/// the disturbance's first step to its last (a suspension or livestream
/// stop still in force then: up to its lifting).
fn meeting_steps<'e>(meeting: &'e [Event], events: &[Event]) -> Vec<&'e Event> {
    // The disturbance's own steps; the handling afterwards is no part of it.
    let mut live = events.iter().filter(|e| e.body.is_live_step());
    let (Some(first), last) = (live.next(), live.next_back()) else {
        return Vec::new();
    };
    let (from, to) = (first.at, last.unwrap_or(first).at);
    let mut out = Vec::new();
    let mut suspended = false;
    let mut stream_down = false;
    for e in meeting {
        if e.case_id.is_some() {
            continue;
        }
        let within = e.at >= from && e.at <= to;
        let take = match &e.body {
            EventBody::MeetingStarted { .. } => true,
            EventBody::Suspended {} => {
                suspended = true;
                within
            }
            EventBody::Resumed {} => {
                let lifts = suspended && e.at > to;
                suspended = false;
                within || lifts
            }
            EventBody::LivestreamStopped {} => {
                stream_down = true;
                within
            }
            EventBody::LivestreamResumed {} => {
                let lifts = stream_down && e.at > to;
                stream_down = false;
                within || lifts
            }
            EventBody::StreamControlled { .. }
            | EventBody::ConversationEnded {}
            | EventBody::MeetingEnded {} => within,
            _ => false,
        };
        if take {
            out.push(e);
        }
        // Past the window, only a lifting still to come matters.
        if e.at > to && !suspended && !stream_down {
            break;
        }
    }
    out
}

impl Dossier {
    pub fn build(input: &Input<'_>) -> Dossier {
        let file = CaseFile::derive(input.case_id, input.events);
        let reference = input.number.to_string();
        let left_out = vec![
            "vertrouwelijke gegevens (§7: beveiligingsmaatregelen, risico-inschattingen)"
                .to_string(),
            "interne notities".to_string(),
            "het woonadres van het slachtoffer (domicilie: het adres van de gemeente)".to_string(),
            "gegevens van andere zaken".to_string(),
        ];

        // Wie.
        let mut parties = Vec::new();
        if let Some(v) = &file.victim {
            let mut details = v.role.label().to_string();
            if !v.also.is_empty() {
                details.push_str(&format!("; ook geraakt: {}", v.also));
            }
            parties.push(Party {
                role: "slachtoffer".into(),
                name: v.name.clone(),
                details,
            });
        }
        if let Some(live) = &file.live {
            for p in &live.persons {
                parties.push(Party {
                    role: format!("persoon {} van de verstoring", p.number),
                    name: p.name.clone(),
                    details: if p.description.is_empty() {
                        p.kind.label().to_string()
                    } else {
                        format!("{}; {}", p.kind.label(), p.description)
                    },
                });
            }
        }
        for p in input.perpetrators {
            parties.push(Party {
                role: format!("veroorzaker (register nr. {})", p.id),
                name: p.name.clone(),
                details: if p.description.is_empty() {
                    p.kind.label().to_string()
                } else {
                    format!("{}; {}", p.kind.label(), p.description)
                },
            });
        }

        // Wat.
        let reclassified = file
            .classifications
            .iter()
            .skip(1)
            .map(|c| {
                format!(
                    "{}: {} ({})",
                    moment(&c.at),
                    c.category.label(),
                    if c.reason.is_empty() {
                        "geen reden"
                    } else {
                        &c.reason
                    }
                )
            })
            .collect();
        let description = match (&file.live, file.what.is_empty()) {
            (Some(live), true) if !live.what.is_empty() => live.what.clone(),
            _ => file.what.clone(),
        };
        let wat = Wat {
            category: file.category.label().to_string(),
            norm: file.category.reporting_rule().to_string(),
            description,
            reclassified,
        };

        // Waar.
        let meeting_started = input.meeting.iter().find_map(|e| match &e.body {
            EventBody::MeetingStarted {
                meeting_type,
                title,
                location,
                ..
            } => Some((*meeting_type, title.clone(), location.clone(), e.at)),
            _ => None,
        });
        let place = match (&file.live, file.place.is_empty()) {
            (Some(live), true) => live.place.clone(),
            _ => file.place.clone(),
        };
        let waar = Waar {
            place,
            meeting: meeting_started
                .as_ref()
                .map(|(kind, title, location, at)| {
                    let kind = match kind {
                        MeetingType::Gesprek => "gesprek met een burger",
                        other => other.choice_label(),
                    };
                    format!("{title} ({kind}), {location}, begonnen {}", moment(at))
                })
                .unwrap_or_default(),
        };

        // Waarmee and op welke wijze.
        let mut waarmee = Vec::new();
        match (&file.channel, &file.live) {
            (Some(channel), _) => waarmee.push(format!("Via {}", channel.label())),
            (None, Some(_)) => waarmee.push("In persoon, ter plaatse".into()),
            (None, None) => {}
        }
        let mut platforms: Vec<&str> = file.evidence.iter().map(|e| e.platform.as_str()).collect();
        platforms.sort_unstable();
        platforms.dedup();
        if !platforms.is_empty() {
            waarmee.push(format!("Online: {}", platforms.join(", ")));
        }
        if file.serious_injury.is_some() {
            waarmee.push("Met letsel (ernstig incident, gemeld aan de Arbeidsinspectie)".into());
        }
        let mut wijze = vec![format!(
            "{}: {}",
            file.category.label(),
            if wat.description.is_empty() {
                "zie de tijdlijn"
            } else {
                &wat.description
            }
        )];
        if let Some(live) = &file.live {
            for p in &live.persons {
                if !p.demands.is_empty() {
                    let times: Vec<String> = p
                        .demands
                        .iter()
                        .map(|d| format!("{} ({})", d.at.format("%H:%M:%S"), d.by.label()))
                        .collect();
                    wijze.push(format!(
                        "Persoon {}: {} vordering(en) om te vertrekken: {}",
                        p.number,
                        p.demands.len(),
                        times.join(", ")
                    ));
                }
                if p.lokaalvredebreuk()
                    && let Some(third) = p.demands.get(2)
                {
                    wijze.push(format!(
                        "Persoon {}: bleef na de derde vordering; lokaalvredebreuk (art. 139 Sr) vanaf {}",
                        p.number,
                        moment(&third.at)
                    ));
                }
                if let Some(at) = p.left_at {
                    wijze.push(format!(
                        "Persoon {}: vertrok zelf om {}",
                        p.number,
                        moment(&at)
                    ));
                }
                if let Some(at) = p.removed_at {
                    wijze.push(format!(
                        "Persoon {}: verwijderd door de politie om {}",
                        p.number,
                        moment(&at)
                    ));
                }
            }
            if let Some(at) = live.intervention_team_at {
                wijze.push(format!("Interventieteam opgeroepen om {}", moment(&at)));
            }
            if let Some(at) = live.police_called_at {
                wijze.push(format!("Politie gebeld (112) om {}", moment(&at)));
            }
            if let Some(at) = live.police_arrived_at {
                wijze.push(format!("Politie ter plaatse om {}", moment(&at)));
            }
        }

        // Wanneer.
        let wanneer = Wanneer {
            occurred_at: moment(&file.occurred_at),
            logged_at: moment(&file.opened_at),
            channel: file
                .channel
                .map(|c| c.label().to_string())
                .unwrap_or_else(|| "live vastgelegd tijdens de vergadering".into()),
        };

        // Waarom.
        let mut waarom = Vec::new();
        if let Some(v) = &file.victim {
            waarom.push(format!(
                "Gericht tegen een {} in de uitoefening van de publieke taak (Veilige Publieke Taak).",
                v.role.label()
            ));
        }
        waarom.push(
            "Een motief is niet in het register vastgelegd; zie de omschrijving en de tijdlijn."
                .into(),
        );

        // The timeline: the case's events and the meeting's own steps.
        let texts: std::collections::HashMap<u64, &super::live::TimelineRow> = file
            .timeline
            .iter()
            .filter_map(|r| r.seq.map(|s| (s, r)))
            .collect();
        let mut timeline: Vec<Row> = Vec::new();
        for e in input.events.iter().filter(|e| shown(&e.body)) {
            // A correction of something left out is left out too.
            if let Some(target) = e.corrects
                && input
                    .events
                    .iter()
                    .any(|t| t.seq == target && !shown(&t.body))
            {
                continue;
            }
            let row = texts.get(&e.seq);
            timeline.push(Row {
                at: moment(&e.at),
                iso: local_string(&e.at),
                seq: e.seq,
                text: row
                    .map(|r| r.text.clone())
                    .unwrap_or_else(|| e.body.summary()),
                corrected: row.and_then(|r| r.corrected.clone()).unwrap_or_default(),
                meeting_step: false,
            });
        }
        for e in meeting_steps(input.meeting, input.events) {
            timeline.push(Row {
                at: moment(&e.at),
                iso: local_string(&e.at),
                seq: e.seq,
                text: e.body.summary(),
                corrected: String::new(),
                meeting_step: true,
            });
        }
        timeline.sort_by_key(|r| r.seq);

        let evidence = file
            .evidence
            .iter()
            .map(|e| Evidence {
                seq: e.seq,
                platform: e.platform.clone(),
                account: e.account.clone(),
                urls: e.urls.clone(),
                message_at: e
                    .message_at
                    .as_deref()
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                    .map(|t| moment(&super::time::to_local(t.to_utc())))
                    .or_else(|| e.message_at.clone())
                    .unwrap_or_default(),
                file: e.file_path.clone(),
                sha256: e.file_sha256.clone(),
                norm_communicated: e.norm_communicated,
                reported_to_platform: e.reported_to_platform,
            })
            .collect();

        // The aangifte.
        let mut lines = Vec::new();
        if let Some((choice, at)) = &file.aangifte_decision {
            lines.push(format!(
                "Besluit tijdens de vergadering ({}): {}",
                moment(at),
                choice.short()
            ));
        }
        match (file.consent, file.consent_at) {
            (Some(c), Some(at)) => lines.push(format!(
                "Instemming van het slachtoffer met aangifte: {} (vastgelegd {})",
                yes(c),
                moment(&at)
            )),
            _ => lines.push("Instemming van het slachtoffer: nog niet gevraagd".into()),
        }
        let domicile = match &file.aangifte {
            Some(a) => {
                lines.push(format!(
                    "Aangifte gedaan op {}, registratienummer politie: {}",
                    day(&a.on),
                    if a.police_reference.is_empty() {
                        "nog niet bekend"
                    } else {
                        &a.police_reference
                    }
                ));
                a.domicile.clone()
            }
            None => {
                lines.push("Nog geen aangifte gedaan".into());
                input.municipality_address.to_string()
            }
        };
        if let Some(on) = file.om_informed {
            lines.push(format!("Openbaar Ministerie geïnformeerd op {}", day(&on)));
        }
        let vpt = match &file.aangifte {
            Some(a) if !a.vpt => "Niet als VPT-zaak gemarkeerd bij de aangifte".to_string(),
            _ => "VPT-zaak (Veilige Publieke Taak): politie en OM geven voorrang".to_string(),
        };

        let measures = file
            .measures
            .iter()
            .map(|m| {
                let mut s = format!(
                    "{}: {} (besloten {} door {})",
                    m.kind.label(),
                    m.status.label(),
                    day(&m.decided_on),
                    m.decided_by
                );
                if let Some(start) = m.start {
                    s.push_str(&format!(", vanaf {}", day(&start)));
                }
                if let Some(end) = m.end {
                    s.push_str(&format!(", tot en met {}", day(&end)));
                }
                s
            })
            .collect();
        let damages = file
            .damages
            .iter()
            .map(|d| DamageRow {
                description: d.description.clone(),
                amount: euro(d.amount),
                paid_to_victim: euro(d.paid_to_victim),
                recovered: euro(d.recovered),
            })
            .collect();
        let totals = file.damage_totals();

        let first_seq = input.events.first().map(|e| e.seq).unwrap_or(0);
        let last_seq = input.events.last().map(|e| e.seq).unwrap_or(0);
        let record_seq = input.head_seq + 1;
        let chain = Chain {
            head_seq: input.head_seq,
            head_hash: input.head_hash.clone(),
            first_seq,
            last_seq,
            events: input.events.len(),
            record_seq,
            instruction: format!(
                "Controleer dit dossier tegen het register met het commando raadsorde verify --document BESTAND: de keten moet intact zijn tot en met gebeurtenis {} met de hash hierboven, en gebeurtenis {} legt het opmaken van dit dossier vast met de SHA-256 van dit bestand.",
                input.head_seq, record_seq
            ),
        };

        Dossier {
            format: "raadsorde-dossier-1",
            title: format!("Dossier zaak {reference}"),
            reference,
            marking: "VERTROUWELIJK",
            municipality: input.municipality.to_string(),
            made_at: moment(&input.made_at),
            made_by: input.made_by.to_string(),
            wie: Wie { parties },
            wat,
            waar,
            waarmee,
            wijze,
            wanneer,
            waarom,
            timeline,
            evidence,
            aangifte: Aangifte {
                vpt,
                domicile,
                lines,
            },
            measures,
            damages,
            damage_total: euro(totals.amount),
            chain,
            left_out,
        }
    }
}

mod markdown;

#[cfg(test)]
#[path = "dossier_tests.rs"]
mod tests;
