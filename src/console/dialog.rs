//! The small forms and questions of the live console.

use crate::config::Config;
use crate::domain::text::limits;
use crate::domain::{Category, MeetingType};

use crate::widgets::Field;

/// Which yes/no question is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Physical protective measure: allowed only against physical aggression.
    PhysicalProtection,
    /// End the disturbance and register it as a case.
    EndDisturbance,
    EndMeeting,
}

#[derive(Debug, Clone)]
pub enum Dialog {
    Meeting {
        meeting_type: MeetingType,
        /// Title, chair, location.
        fields: Vec<Field>,
        /// 0 is the meeting type; 1.. are the fields.
        focus: usize,
    },
    Disturbance {
        category: Option<Category>,
        /// Place in the room, description of the person(s).
        fields: Vec<Field>,
        /// 0 is the category; 1.. are the fields.
        focus: usize,
    },
    Note {
        field: Field,
    },
    CorrectPick {
        /// Index into the correctable rows.
        cursor: usize,
    },
    CorrectReason {
        target: u64,
        target_text: String,
        field: Field,
    },
    Confirm(Question),
    Aangifte,
    Card112,
    Help {
        /// Lines scrolled down.
        scroll: u16,
    },
}

impl Dialog {
    pub fn meeting(config: &Config) -> Dialog {
        let m = &config.meeting;
        Dialog::Meeting {
            meeting_type: m.meeting_type,
            fields: vec![
                Field::new("Titel", &m.title, limits::TITLE),
                Field::new("Voorzitter", &m.chair, limits::NAME),
                Field::new("Locatie", &m.location, limits::PLACE),
            ],
            focus: 1,
        }
    }

    pub fn disturbance(config: &Config) -> Dialog {
        Dialog::Disturbance {
            category: None,
            fields: vec![
                Field::new("Plaats in de zaal", &config.live.place, limits::PLACE),
                Field::new("Omschrijving persoon (optioneel)", "", limits::DESCRIPTION),
            ],
            focus: 0,
        }
    }

    pub fn note() -> Dialog {
        Dialog::Note {
            field: Field::new("Notitie", "", limits::NOTE),
        }
    }

    /// Whether leaving this dialog would throw away typed text.
    pub fn has_typed_text(&self) -> bool {
        match self {
            Dialog::Note { field } => !field.is_empty(),
            Dialog::CorrectReason { field, .. } => !field.is_empty(),
            Dialog::Disturbance {
                category, fields, ..
            } => category.is_some() || fields.get(1).is_some_and(|f| !f.is_empty()),
            _ => false,
        }
    }

    /// What the dialog is, in Dutch, for naming a draft.
    pub fn title(&self) -> String {
        match self {
            Dialog::Meeting { .. } => "vergadering openen".into(),
            Dialog::Disturbance { .. } => "verstoring melden".into(),
            Dialog::Note { .. } => "notitie".into(),
            Dialog::CorrectReason { target, .. } => format!("correctie van regel {target}"),
            Dialog::CorrectPick { .. } => "correctie kiezen".into(),
            Dialog::Confirm(_) | Dialog::Aangifte => "vraag".into(),
            Dialog::Card112 => "112-kaart".into(),
            Dialog::Help { .. } => "hulp".into(),
        }
    }

    /// Whether `other` is the same kind of dialog (for restoring drafts).
    pub fn same_kind(&self, other: &Dialog) -> bool {
        match (self, other) {
            (Dialog::CorrectReason { target: a, .. }, Dialog::CorrectReason { target: b, .. }) => {
                a == b
            }
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}
