//! Keys to actions, loaded from `keymaps/*.toml`.
//!
//! The defaults (`keymaps/default.toml`) are compiled in; a user file with the
//! same shape overrides them key by key. Help and the key hints on screen are
//! built from the loaded keymap, so they always show the keys really bound.
//! A key as written: `keymap/key.rs`; reading the files: `keymap/load.rs`.

use std::collections::HashMap;
use std::path::Path;

use crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

mod key;
mod load;

pub use key::Key;

pub const DEFAULT_KEYMAP: &str = include_str!("../keymaps/default.toml");

/// Everything a key can do. The kebab-case names are what keymap files and
/// scripts use; they are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    // Live console.
    MeetingStart,
    MeetingEnd,
    DisturbanceStart,
    DisturbanceEnd,
    /// The category of the current disturbance (§3), one key each.
    #[serde(rename = "category-1")]
    Category1,
    #[serde(rename = "category-2")]
    Category2,
    #[serde(rename = "category-3")]
    Category3,
    #[serde(rename = "category-4")]
    Category4,
    /// Another person or group in the current disturbance.
    PersonAdd,
    /// The next person (or disturbance) becomes current.
    NextPerson,
    /// Place, what happened, and who the current person is.
    Describe,
    /// A conversation with a citizen is ended (§5).
    ConversationEnd,
    /// Preparing a risky conversation (§4.2).
    RiskCheckConversation,
    /// Preparing an evidently risky gathering (§4.2).
    RiskCheckGathering,
    Suspend,
    Resume,
    Demand,
    DemandGriffier,
    LeftVoluntarily,
    LivestreamStop,
    LivestreamResume,
    CallInterventionTeam,
    CallPolice,
    PoliceArrived,
    RemovedByPolice,
    PhysicalProtection,
    AangifteDecision,
    Note,
    Correct,
    #[serde(rename = "show-112-card")]
    Show112Card,
    Retry,
    Help,
    Quit,
    /// Between the live console and the case browser.
    SwitchScreen,
    // Case list.
    CaseOpen,
    CaseNew,
    Search,
    FilterStatus,
    FilterCategory,
    FilterRole,
    FilterChannel,
    FilterYear,
    FilterClear,
    Sort,
    PageDown,
    PageUp,
    /// Who has which role (the admin grants and revokes here).
    Roles,
    /// The access log (the privacy officer's).
    AccessLog,
    /// Every due item across the cases the user may see.
    DeadlineBoard,
    // Case file.
    Back,
    /// The chair's aide hands a live case over to the roles on its route.
    HandOver,
    Victim,
    Reclassify,
    Informed,
    Evidence,
    PerpetratorNew,
    PerpetratorLink,
    PerpetratorCases,
    Measure,
    MeasureStatus,
    AftercarePlan,
    AftercareHeld,
    AftercareDeclined,
    Consent,
    AangifteFiled,
    OmInformed,
    SeriousInjury,
    Arbeidsinspectie,
    Damage,
    Communication,
    SecurityMeasures,
    Status,
    SupportLines,
    // Dialogs.
    Submit,
    Cancel,
    NextField,
    PrevField,
    Confirm,
    Deny,
    AangifteJa,
    AangifteNee,
    AangifteLater,
    /// The aangifte decision with a decider's dissent.
    AangifteDissent,
    SelectPrev,
    SelectNext,
}

impl Action {
    /// The category a live category key sets (`1`–`4` by default).
    pub fn category(self) -> Option<crate::domain::Category> {
        use crate::domain::Category;
        match self {
            Action::Category1 => Some(Category::FysiekGeweld),
            Action::Category2 => Some(Category::BedreigingIntimidatie),
            Action::Category3 => Some(Category::VerbaleAgressie),
            Action::Category4 => Some(Category::EmotioneelGedrag),
            _ => None,
        }
    }

    /// The action of its kebab-case name (`meeting-start`).
    pub fn from_name(name: &str) -> Option<Action> {
        Action::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name))
            .ok()
    }

    /// The kebab-case name, as in keymap files.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => format!("{self:?}"),
        }
    }
}

/// Which actions each section runs: what the key handlers of that screen
/// dispatch (`live::live_action`, `live::dialog_keys`,
/// `cases::browser::list_action`, `cases::case_actions`,
/// `widgets::form`). A keymap entry for an action its section does not run
/// is refused, and every action listed here must keep a key.
///
/// `Retry` is in every section: a failed write can be retried from any screen
/// (`R`; `ctrl-r` in forms, where `R` is typed).
pub const DISPATCH: [(Section, &[Action]); 7] = [
    (
        Section::Live,
        &[
            Action::MeetingStart,
            Action::DisturbanceStart,
            Action::Category1,
            Action::Category2,
            Action::Category3,
            Action::Category4,
            Action::PersonAdd,
            Action::NextPerson,
            Action::Describe,
            Action::ConversationEnd,
            Action::RiskCheckConversation,
            Action::RiskCheckGathering,
            Action::Suspend,
            Action::Resume,
            Action::Demand,
            Action::DemandGriffier,
            Action::LeftVoluntarily,
            Action::LivestreamStop,
            Action::LivestreamResume,
            Action::CallInterventionTeam,
            Action::CallPolice,
            Action::PoliceArrived,
            Action::RemovedByPolice,
            Action::PhysicalProtection,
            Action::AangifteDecision,
            Action::DisturbanceEnd,
            Action::MeetingEnd,
            Action::Note,
            Action::Correct,
            Action::Show112Card,
            Action::PageUp,
            Action::PageDown,
            Action::Retry,
            Action::Help,
            Action::DeadlineBoard,
            Action::SwitchScreen,
            Action::Quit,
        ],
    ),
    (
        Section::Cases,
        &[
            Action::CaseOpen,
            Action::CaseNew,
            Action::Search,
            Action::FilterStatus,
            Action::FilterCategory,
            Action::FilterRole,
            Action::FilterChannel,
            Action::FilterYear,
            Action::FilterClear,
            Action::Sort,
            Action::SelectNext,
            Action::SelectPrev,
            Action::PageDown,
            Action::PageUp,
            Action::Roles,
            Action::AccessLog,
            Action::DeadlineBoard,
            Action::Retry,
            Action::SwitchScreen,
            Action::Help,
            Action::Quit,
        ],
    ),
    (
        Section::Case,
        &[
            Action::Back,
            Action::SelectNext,
            Action::SelectPrev,
            Action::Victim,
            Action::Reclassify,
            Action::Informed,
            Action::Evidence,
            Action::PerpetratorNew,
            Action::PerpetratorLink,
            Action::PerpetratorCases,
            Action::Measure,
            Action::MeasureStatus,
            Action::AftercarePlan,
            Action::AftercareHeld,
            Action::AftercareDeclined,
            Action::DeadlineBoard,
            Action::Consent,
            Action::AangifteFiled,
            Action::OmInformed,
            Action::SeriousInjury,
            Action::Arbeidsinspectie,
            Action::Damage,
            Action::Communication,
            Action::SecurityMeasures,
            Action::Status,
            Action::Note,
            Action::Correct,
            Action::SupportLines,
            Action::HandOver,
            Action::Retry,
            Action::SwitchScreen,
            Action::Help,
            Action::Quit,
        ],
    ),
    (
        Section::Form,
        &[
            Action::Submit,
            Action::Cancel,
            Action::NextField,
            Action::PrevField,
            Action::SelectNext,
            Action::SelectPrev,
            Action::Retry,
        ],
    ),
    (
        Section::Confirm,
        // No "deny" key of its own: every letter but the confirming one
        // may be a live step (`n` is a note), so Esc says no.
        &[Action::Confirm, Action::Cancel, Action::Retry],
    ),
    (
        Section::Aangifte,
        &[
            Action::AangifteJa,
            Action::AangifteNee,
            Action::AangifteLater,
            Action::AangifteDissent,
            Action::Cancel,
            Action::Retry,
        ],
    ),
    (
        Section::Figures,
        &[
            Action::SelectNext,
            Action::SelectPrev,
            Action::PageDown,
            Action::PageUp,
            Action::Quit,
        ],
    ),
];

/// The screens (sections of a keymap file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The live console.
    Live,
    /// Forms with text fields: only these keys are taken from typing.
    Form,
    /// A yes/no question.
    Confirm,
    /// The aangifte decision.
    Aangifte,
    /// The list of cases.
    Cases,
    /// One case file.
    Case,
    /// Anonymised figures on screen (`report --format scherm`).
    Figures,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Live,
        Section::Cases,
        Section::Case,
        Section::Form,
        Section::Confirm,
        Section::Aangifte,
        Section::Figures,
    ];

    /// The section of its name in a keymap file.
    pub fn from_name(name: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The actions this section runs (see [`DISPATCH`]).
    pub fn dispatches(self) -> &'static [Action] {
        DISPATCH
            .iter()
            .find(|(s, _)| *s == self)
            .map(|(_, actions)| *actions)
            .unwrap_or(&[])
    }

    pub fn name(self) -> &'static str {
        match self {
            Section::Live => "live",
            Section::Form => "form",
            Section::Confirm => "confirm",
            Section::Aangifte => "aangifte",
            Section::Cases => "cases",
            Section::Case => "case",
            Section::Figures => "cijfers",
        }
    }
}

/// One binding: a key, its action and the Dutch description shown in help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub desc: String,
}

/// The bindings of every section, in file order.
#[derive(Debug, Clone)]
pub struct Keymap {
    sections: HashMap<Section, Vec<Binding>>,
}

/// The longest description kept from a keymap file, in characters.
pub const DESC_MAX: usize = 40;

impl Keymap {
    /// The compiled-in defaults.
    pub fn defaults() -> Keymap {
        let mut km = Keymap {
            sections: HashMap::new(),
        };
        // The default keymap is checked by a test; it cannot fail at run time.
        for p in km.merge_file(Path::new("keymaps/default.toml"), DEFAULT_KEYMAP, false) {
            tracing::error!("default keymap: {p}");
        }
        km
    }

    pub fn bindings(&self, section: Section) -> &[Binding] {
        self.sections
            .get(&section)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The action bound to a key event in a section.
    pub fn action(&self, section: Section, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        self.bindings(section)
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.action)
    }

    /// The first key bound to an action, for hints.
    pub fn key_for(&self, section: Section, action: Action) -> Option<Key> {
        self.bindings(section)
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.key)
    }

    /// The description of an action in a section.
    pub fn desc_for(&self, section: Section, action: Action) -> Option<&str> {
        self.bindings(section)
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.desc.as_str())
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
