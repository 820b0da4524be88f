//! The small forms and questions of the live console.

use crate::config::Config;
use crate::domain::text::limits;
use crate::domain::{Category, DemandBy, MeetingType};

use crate::widgets::{Form, FormField};

/// Which yes/no question is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Physical protective measure: allowed only against physical aggression.
    PhysicalProtection,
    /// End the disturbance and register it as a case.
    EndDisturbance,
    EndMeeting,
    /// Another demand so soon after the previous one: a key that bounced?
    RepeatDemand(DemandBy),
}

/// The live console's forms, on the shared form engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveForm {
    Meeting,
    Disturbance,
    Note,
    /// The reason for correcting entry `target`.
    Correction {
        target: u64,
    },
}

#[derive(Debug, Clone)]
pub enum Dialog {
    /// A form with text fields and choices (meeting, disturbance, note,
    /// correction), the same engine as the register's forms.
    Form(Form<LiveForm>),
    CorrectPick {
        /// Index into the correctable rows.
        cursor: usize,
    },
    Confirm(Question),
    Aangifte,
    Card112,
    Help {
        /// Lines scrolled down.
        scroll: u16,
    },
}

/// The label of the meeting-type choice.
pub const MEETING_TYPE: &str = "Soort vergadering";
/// The label of the location choice, its last option and the typed address.
pub const LOCATION: &str = "Locatie (voorgelezen op de 112-kaart)";
pub const OTHER_LOCATION: &str = "anders: adres hieronder typen";
pub const TYPED_LOCATION: &str = "Adres en ruimte (bij anders)";
/// The label of the category choice.
pub const CATEGORY: &str = "Categorie — kies 1, 2, 3 of 4";

impl Dialog {
    pub fn meeting(config: &Config) -> Dialog {
        let m = &config.meeting;
        let types = MeetingType::ALL
            .iter()
            .map(|t| t.label().to_string())
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
        let mut form = Form::new(
            "Vergadering openen",
            LiveForm::Meeting,
            vec![
                FormField::choice(MEETING_TYPE, types, chosen),
                FormField::text("Titel", &m.title, limits::TITLE),
                FormField::text("Voorzitter", &m.chair, limits::NAME),
                FormField::choice(LOCATION, places, Some(0)),
                FormField::text(TYPED_LOCATION, "", limits::PLACE),
            ],
        );
        form.focus = 1;
        Dialog::Form(form)
    }

    pub fn disturbance(config: &Config) -> Dialog {
        let categories = Category::ALL
            .iter()
            .map(|c| {
                if c.crosses_norm() {
                    c.label().to_string()
                } else {
                    format!("{} (niet normoverschrijdend)", c.label())
                }
            })
            .collect();
        Dialog::Form(Form::new(
            "Verstoring melden",
            LiveForm::Disturbance,
            vec![
                FormField::choice(CATEGORY, categories, None),
                FormField::text("Plaats in de zaal", &config.live.place, limits::PLACE),
                FormField::text("Omschrijving persoon (optioneel)", "", limits::DESCRIPTION),
            ],
        ))
    }

    pub fn note() -> Dialog {
        Dialog::Form(Form::new(
            "Notitie",
            LiveForm::Note,
            vec![FormField::text("Notitie", "", limits::NOTE)],
        ))
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
            Dialog::Confirm(_) | Dialog::Aangifte => "vraag".into(),
            Dialog::Card112 => "112-kaart".into(),
            Dialog::Help { .. } => "hulp".into(),
        }
    }
}
