//! The small forms and questions of the live console.
//!
//! No live step needs a form: a disturbance is logged at its key press and
//! described afterwards (`e`), its category is one key (`1`–`4`). Forms
//! are for what is typed anyway: opening a session, a note, a correction,
//! a description, a dissent, a risk check.

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::domain::case::PerpetratorKind;
use crate::domain::event::{AANGIFTE_DECIDERS, Setting};
use crate::domain::live::{DisturbanceView, PersonView};
use crate::domain::text::limits;
use crate::domain::{AangifteChoice, DemandBy, Event, EventBody, MeetingType};

use crate::widgets::{Form, FormField};

/// Which yes/no question is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Physical protective measure: allowed only against physical aggression.
    PhysicalProtection,
    /// End disturbance `n` and register it as a case (its category is
    /// asked here when it is missing).
    EndDisturbance(u8),
    EndMeeting,
    /// Another demand so soon after the previous one: a key that bounced?
    RepeatDemand(DemandBy),
}

/// The live console's forms, on the shared form engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveForm {
    Meeting,
    Note,
    /// The reason for correcting entry `target`.
    Correction {
        target: u64,
    },
    /// Place and what of a disturbance, and who one of its persons is.
    Describe {
        disturbance: u8,
        person: u8,
    },
    /// The aangifte decision with a decider's dissent.
    AangifteDissent {
        disturbance: u8,
    },
    /// A risk check before a conversation or gathering (§4.2).
    RiskCheck(Setting),
}

#[derive(Debug, Clone)]
pub enum Dialog {
    /// A form with text fields and choices, the same engine as the
    /// register's forms; drawn below the status, which stays in view.
    Form(Form<LiveForm>),
    CorrectPick {
        /// Index into the correctable rows.
        cursor: usize,
    },
    Confirm(Question),
    /// The aangifte choice for disturbance `disturbance`.
    Aangifte {
        disturbance: u8,
    },
    Card112,
    Help {
        /// Lines scrolled down.
        scroll: u16,
    },
}

/// The label of the meeting-type choice.
pub const MEETING_TYPE: &str = "Soort (vergadering, bijeenkomst of gesprek)";
/// The label of the location choice, its last option and the typed address.
pub const LOCATION: &str = "Locatie (voorgelezen op de 112-kaart)";
pub const OTHER_LOCATION: &str = "anders: adres hieronder typen";
pub const TYPED_LOCATION: &str = "Adres en ruimte (bij anders)";
/// The label of the risk-check choice, and its first option.
pub const RISK_CHECK: &str = "Voorbereid met risico-inschatting (§4.2)";
pub const NO_RISK_CHECK: &str = "geen";
/// The person kinds, in the order of the describe form's choice.
pub const PERSON_KINDS: [PerpetratorKind; 3] = [
    PerpetratorKind::Persoon,
    PerpetratorKind::Collectief,
    PerpetratorKind::Organisatie,
];
/// The decisions, in the order of the dissent form's choice.
pub const DECISIONS: [AangifteChoice; 3] = [
    AangifteChoice::Ja,
    AangifteChoice::Nee,
    AangifteChoice::Later,
];

/// How far back risk checks are offered when a session opens.
const RISK_CHECK_DAYS: i64 = 60;
/// At most this many are offered (one digit each).
const RISK_CHECKS_OFFERED: usize = 9;

/// The risk checks to offer, newest first, with their labels.
pub fn offered_risk_checks(checks: &[Event], now: DateTime<FixedOffset>) -> Vec<(u64, String)> {
    checks
        .iter()
        .rev()
        .filter(|e| (now - e.at).num_days() <= RISK_CHECK_DAYS)
        .filter_map(|e| match &e.body {
            EventBody::RiskCheckRecorded {
                setting,
                subject,
                planned_at,
                ..
            } => {
                let when = planned_at
                    .as_deref()
                    .and_then(|p| DateTime::parse_from_rfc3339(p).ok())
                    .unwrap_or(e.at);
                Some((
                    e.seq,
                    format!(
                        "{} {}: {subject}",
                        when.format("%d-%m %H:%M"),
                        setting.noun()
                    ),
                ))
            }
            _ => None,
        })
        .take(RISK_CHECKS_OFFERED)
        .collect()
}

impl Dialog {
    pub fn meeting(config: &Config, risk_checks: &[Event], now: DateTime<FixedOffset>) -> Dialog {
        let m = &config.meeting;
        let types = MeetingType::ALL
            .iter()
            .map(|t| t.choice_label().to_string())
            .collect();
        let chosen = MeetingType::ALL.iter().position(|t| *t == m.meeting_type);
        // The location is picked from the known ones, or typed ("anders"):
        // the 112 card reads out exactly what was chosen here.
        let mut places: Vec<String> = config
            .known_locations()
            .iter()
            .map(|l| l.describe())
            .collect();
        places.push(OTHER_LOCATION.to_string());
        let mut fields = vec![
            FormField::choice(MEETING_TYPE, types, chosen),
            FormField::text("Titel", &m.title, limits::TITLE),
            FormField::text(
                "Voorzitter (bij een gesprek: de ambtsdrager)",
                &m.chair,
                limits::NAME,
            ),
            FormField::choice(LOCATION, places, Some(0)),
            FormField::text(TYPED_LOCATION, "", limits::PLACE),
        ];
        let offered = offered_risk_checks(risk_checks, now);
        if !offered.is_empty() {
            let mut options = vec![NO_RISK_CHECK.to_string()];
            options.extend(offered.into_iter().map(|(_, label)| label));
            fields.push(FormField::choice(RISK_CHECK, options, Some(0)));
        }
        let mut form = Form::new("Vergadering of gesprek openen", LiveForm::Meeting, fields);
        form.focus = 1;
        Dialog::Form(form)
    }

    pub fn note() -> Dialog {
        Dialog::Form(Form::new(
            "Notitie",
            LiveForm::Note,
            vec![FormField::text("Notitie", "", limits::NOTE)],
        ))
    }

    /// Place and what of disturbance `d`, and who person `p` is.
    pub fn describe(d: &DisturbanceView, p: &PersonView) -> Dialog {
        let kinds = ["persoon", "groep", "namens een organisatie"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let kind = PERSON_KINDS.iter().position(|k| *k == p.kind);
        Dialog::Form(Form::new(
            format!("{} · {} beschrijven", capital(&d.label()), p.label()),
            LiveForm::Describe {
                disturbance: d.number,
                person: p.number,
            },
            vec![
                FormField::text("Plaats in de zaal of het gebouw", &d.place, limits::PLACE),
                FormField::text("Wat gebeurde er", &d.what, limits::DESCRIPTION),
                FormField::choice("Wie", kinds, kind),
                FormField::text(
                    "Omschrijving (kleding, plek)",
                    &p.description,
                    limits::DESCRIPTION,
                ),
                FormField::text("Naam (alleen indien bekend)", &p.name, limits::NAME),
            ],
        ))
    }

    /// The aangifte decision with a dissent: who disagreed, and why.
    pub fn aangifte_dissent(disturbance: u8, deciders: &[String]) -> Dialog {
        let decisions = DECISIONS.iter().map(|c| c.short().to_string()).collect();
        let who = if deciders.len() == AANGIFTE_DECIDERS.len() {
            deciders.to_vec()
        } else {
            AANGIFTE_DECIDERS.iter().map(|s| s.to_string()).collect()
        };
        Dialog::Form(Form::new(
            "Besluit aangifte, met afwijkende mening",
            LiveForm::AangifteDissent { disturbance },
            vec![
                FormField::choice("Besluit", decisions, None),
                FormField::choice("Wie is het er niet mee eens", who, None),
                FormField::text("Toelichting (optioneel)", "", limits::REASON),
            ],
        ))
    }

    /// A risk check before a conversation or an (evidently risky) gathering.
    pub fn risk_check(config: &Config, setting: Setting) -> Dialog {
        let office = config
            .known_locations()
            .first()
            .map(|l| l.describe())
            .unwrap_or_default();
        let mut fields = vec![
            FormField::text("Onderwerp (zonder namen)", "", limits::TITLE),
            FormField::text("Gepland op (datum en tijd)", "", limits::NAME)
                .with_hint("bv. morgen 14:30, 12-3 9:15, vrijdag 10:00"),
            FormField::text("Locatie", &office, limits::PLACE),
        ];
        let title = match setting {
            Setting::Gesprek => {
                fields.extend([
                    FormField::toggle("In de beveiligde zone (spreekkamer met alarmknop)", false),
                    FormField::text("Tweede persoon van de organisatie", "", limits::NAME),
                    FormField::toggle("Interventieteam ingelicht", false),
                ]);
                "Risicogesprek voorbereiden (§4.2, vertrouwelijk)"
            }
            _ => {
                fields.extend([
                    FormField::text("Risico-inschatting van de burgemeester", "", limits::NOTE),
                    FormField::text("Maatregelen", "", limits::NOTE),
                    FormField::text("Beveiliging", "", limits::NOTE),
                ]);
                "Risicovolle bijeenkomst voorbereiden (§4.2, vertrouwelijk)"
            }
        };
        Dialog::Form(Form::new(title, LiveForm::RiskCheck(setting), fields))
    }

    /// The reason for correcting entry `target`, which reads `text`.
    pub fn correction(target: u64, text: &str) -> Dialog {
        let short: String = text.chars().take(56).collect();
        let more = if text.chars().count() > 56 { "…" } else { "" };
        Dialog::Form(Form::new(
            format!("Correctie van regel {target}: {short}{more}"),
            LiveForm::Correction { target },
            vec![FormField::text(
                "Reden van de correctie",
                "",
                limits::REASON,
            )],
        ))
    }

    /// Whether leaving this dialog would throw away typed text.
    pub fn has_typed_text(&self) -> bool {
        match self {
            Dialog::Form(form) => form.has_typed_text(),
            _ => false,
        }
    }

    /// Whether `other` is the same form (for restoring drafts).
    pub fn same_kind(&self, other: &Dialog) -> bool {
        match (self, other) {
            (Dialog::Form(a), Dialog::Form(b)) => a.purpose == b.purpose,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }

    /// What the dialog is, in Dutch, for naming a draft.
    pub fn title(&self) -> String {
        match self {
            Dialog::Form(form) => form.title.clone(),
            Dialog::CorrectPick { .. } => "correctie kiezen".into(),
            Dialog::Confirm(_) | Dialog::Aangifte { .. } => "vraag".into(),
            Dialog::Card112 => "112-kaart".into(),
            Dialog::Help { .. } => "hulp".into(),
        }
    }
}

fn capital(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
