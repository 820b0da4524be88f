//! Keys to actions, loaded from `keymaps/*.toml`.
//!
//! The defaults (`keymaps/default.toml`) are compiled in; a user file with the
//! same shape overrides them key by key. Help and the key hints on screen are
//! built from the loaded keymap, so they always show the keys really bound.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

use crate::config::{FileProblem, line_of};
use crate::domain::text;

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

fn section_names() -> String {
    Section::ALL
        .iter()
        .map(|s| format!("[{}]", s.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

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

/// A key with its modifiers, as written in a keymap (`m`, `M`, `ctrl-c`, `enter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// The key of a terminal key event. Shift is part of the character
    /// (`M` is shift-m), except for keys without a character.
    pub fn from_event(ev: &KeyEvent) -> Key {
        Key {
            code: ev.code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                let n: u8 = f[1..]
                    .parse()
                    .map_err(|_| format!("onbekende toets '{s}'"))?;
                if !(1..=12).contains(&n) {
                    return Err(format!("onbekende toets '{s}'"));
                }
                KeyCode::F(n)
            }
            c if c.chars().count() == 1 => {
                let ch = c
                    .chars()
                    .next()
                    .ok_or_else(|| format!("lege toets in '{s}'"))?;
                KeyCode::Char(if ctrl { ch.to_ascii_lowercase() } else { ch })
            }
            _ => return Err(format!("onbekende toets '{s}'")),
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Char(' ') => f.write_str("Spatie"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
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

/// A problem found in a keymap file, with the byte offset it is about (for
/// its line number); `None` for the file as a whole.
struct Found {
    at: Option<usize>,
    message: String,
}

/// A key that a user entry took from another action.
struct Taken {
    section: Section,
    key: Key,
    from: Action,
    /// Where the entry starts in the file.
    at: usize,
}

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

    /// The defaults with the user's file at `path` merged over them, if it
    /// exists, and every problem found in it. The good entries of a file
    /// with problems are used; a bad entry is skipped.
    pub fn load(path: &Path) -> (Keymap, Vec<FileProblem>) {
        let mut km = Keymap::defaults();
        match std::fs::read_to_string(path) {
            Ok(source) => {
                let problems = km.merge_reporting(path, &source);
                (km, problems)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (km, Vec::new()),
            Err(e) => (
                km,
                vec![FileProblem {
                    path: path.to_path_buf(),
                    message: format!(
                        "kan niet worden gelezen ({e}); de standaardtoetsen gelden. Maak het bestand leesbaar of verwijder het."
                    ),
                }],
            ),
        }
    }

    /// Merges a keymap file over this one: a key bound in the file replaces
    /// that key's binding in the same section; other bindings stay.
    ///
    /// The good entries are merged even when this returns the first problem
    /// found; [`Keymap::merge_reporting`] gives them all.
    pub fn merge(&mut self, path: &Path, source: &str) -> Result<(), FileProblem> {
        match self.merge_reporting(path, source).into_iter().next() {
            Some(p) => Err(p),
            None => Ok(()),
        }
    }

    /// Merges a keymap file over this one and returns every problem, each
    /// with its line, in the order of the file: entries that are skipped
    /// (unknown action or key name, an action the section does not run),
    /// keys bound twice (the last one counts) and actions the screen runs
    /// that are left without a key.
    pub fn merge_reporting(&mut self, path: &Path, source: &str) -> Vec<FileProblem> {
        self.merge_file(path, source, true)
    }

    /// `user`: a key added for an action goes before that action's other
    /// keys, so hints show the user's choice; and the result is checked for
    /// actions left without a key.
    fn merge_file(&mut self, path: &Path, source: &str, user: bool) -> Vec<FileProblem> {
        let (doc, errors) = toml::de::DeTable::parse_recoverable(source);
        let mut problems: Vec<(usize, FileProblem)> = errors
            .iter()
            .map(|e| {
                let at = e.span().map(|s| s.start).unwrap_or(0);
                (at, FileProblem::from_toml(path, e, source))
            })
            .collect();
        let mut found = Vec::new();
        let mut taken = Vec::new();
        for (name, value) in doc.get_ref().iter() {
            let Some(section) = Section::from_name(name.get_ref()) else {
                found.push(Found {
                    at: Some(name.span().start),
                    message: format!(
                        "onbekende sectie [{}] overgeslagen; de secties zijn {}",
                        name.get_ref(),
                        section_names()
                    ),
                });
                continue;
            };
            let Some(table) = value.get_ref().as_table() else {
                found.push(Found {
                    at: Some(value.span().start),
                    message: format!(
                        "{} moet een sectie zijn: [{}] met daaronder keymap = [ … ]",
                        section.name(),
                        section.name()
                    ),
                });
                continue;
            };
            for (key, value) in table.iter() {
                if key.get_ref() != "keymap" {
                    found.push(Found {
                        at: Some(key.span().start),
                        message: format!(
                            "[{}] onbekende sleutel '{}' overgeslagen; een sectie heeft alleen keymap = [ … ]",
                            section.name(),
                            key.get_ref()
                        ),
                    });
                    continue;
                }
                let Some(entries) = value.get_ref().as_array() else {
                    found.push(Found {
                        at: Some(value.span().start),
                        message: format!(
                            "[{}] keymap moet een lijst zijn: keymap = [ {{ on = \"x\", run = \"actie\" }} ]",
                            section.name()
                        ),
                    });
                    continue;
                };
                for entry in entries.iter() {
                    self.merge_entry(section, entry, source, user, &mut found, &mut taken);
                }
            }
        }
        if user {
            self.check_unbound(&taken, &mut found);
        }
        problems.extend(found.into_iter().map(|f| {
            let message = match f.at {
                Some(at) => format!("regel {}: {}", line_of(source, at), f.message),
                None => f.message,
            };
            (
                f.at.unwrap_or(usize::MAX),
                FileProblem {
                    path: path.to_path_buf(),
                    message,
                },
            )
        }));
        problems.sort_by_key(|(at, _)| *at);
        problems.into_iter().map(|(_, p)| p).collect()
    }

    fn merge_entry(
        &mut self,
        section: Section,
        entry: &toml::Spanned<toml::de::DeValue<'_>>,
        source: &str,
        user: bool,
        found: &mut Vec<Found>,
        taken: &mut Vec<Taken>,
    ) {
        let sname = section.name();
        let start = entry.span().start;
        let mut problem = |at: usize, message: String| {
            found.push(Found {
                at: Some(at),
                message: format!("[{sname}] {message}"),
            })
        };
        let Some(fields) = entry.get_ref().as_table() else {
            problem(
                start,
                "binding overgeslagen: schrijf { on = \"toets\", run = \"actie\", desc = \"omschrijving\" }".into(),
            );
            return;
        };
        let mut on = None;
        let mut run = None;
        let mut desc = None;
        let mut told = false;
        for (name, value) in fields.iter() {
            let slot = match name.get_ref().as_ref() {
                "on" => &mut on,
                "run" => &mut run,
                "desc" => &mut desc,
                other => {
                    problem(
                        name.span().start,
                        format!(
                            "onbekend veld '{other}' genegeerd; een binding heeft on, run en desc"
                        ),
                    );
                    continue;
                }
            };
            match value.get_ref().as_str() {
                Some(text) => *slot = Some((text.to_string(), value.span().start)),
                None => {
                    told = true;
                    problem(
                        value.span().start,
                        format!(
                            "{} moet tekst tussen aanhalingstekens zijn; binding overgeslagen",
                            name.get_ref()
                        ),
                    )
                }
            }
        }
        let (Some((on, on_at)), Some((run, run_at))) = (on, run) else {
            if told {
                return;
            }
            problem(
                start,
                "binding overgeslagen: on (de toets) en run (de actie) zijn allebei nodig".into(),
            );
            return;
        };
        let key = match Key::parse(&on) {
            Ok(k) => k,
            Err(message) => {
                problem(
                    on_at,
                    format!(
                        "{message}; binding overgeslagen (toetsnamen staan bovenaan keymaps/default.toml)"
                    ),
                );
                return;
            }
        };
        let Some(action) = Action::from_name(&run) else {
            problem(
                run_at,
                format!(
                    "onbekende actie '{run}'; binding overgeslagen (de namen staan in keymaps/default.toml)"
                ),
            );
            return;
        };
        if !section.dispatches().contains(&action) {
            let home: Vec<String> = Section::ALL
                .iter()
                .filter(|s| s.dispatches().contains(&action))
                .map(|s| format!("[{}]", s.name()))
                .collect();
            let hint = if home.is_empty() {
                String::new()
            } else {
                format!("; zet de binding onder {}", home.join(" of "))
            };
            problem(
                run_at,
                format!("dit scherm voert '{run}' niet uit; binding overgeslagen{hint}"),
            );
            return;
        }
        if user
            && let Some(earlier) = taken
                .iter()
                .rev()
                .find(|t| t.section == section && t.key == key)
        {
            let earlier = line_of(source, earlier.at);
            problem(
                on_at,
                format!(
                    "toets {key} staat al op regel {earlier}; deze binding ({run}) geldt, die van regel {earlier} niet. Haal er één weg."
                ),
            );
        }
        let bindings = self.sections.entry(section).or_default();
        let desc = match desc {
            Some((d, at)) => {
                let cleaned = text::clean(&d, DESC_MAX);
                if cleaned != d {
                    problem(
                        at,
                        format!(
                            "omschrijving ingekort of opgeschoond tot {DESC_MAX} tekens zonder stuurtekens"
                        ),
                    );
                }
                cleaned
            }
            None => bindings
                .iter()
                .find(|b| b.action == action)
                .map(|b| b.desc.clone())
                .unwrap_or_default(),
        };
        match bindings.iter_mut().find(|b| b.key == key) {
            Some(b) => {
                taken.push(Taken {
                    section,
                    key,
                    from: b.action,
                    at: start,
                });
                b.action = action;
                b.desc = desc;
            }
            None => {
                taken.push(Taken {
                    section,
                    key,
                    from: action,
                    at: start,
                });
                let at = bindings
                    .iter()
                    .position(|b| user && b.action == action)
                    .unwrap_or(bindings.len());
                bindings.insert(at, Binding { key, action, desc });
            }
        }
    }

    /// Every action a screen runs must keep a key; a user entry that took
    /// the last key of one is named with its line.
    fn check_unbound(&self, taken: &[Taken], found: &mut Vec<Found>) {
        for section in Section::ALL {
            for &action in section.dispatches() {
                if self.key_for(section, action).is_some() {
                    continue;
                }
                let desc = Keymap::default_desc(section, action);
                let what = match desc {
                    Some(d) => format!("'{d}' ({})", action.name()),
                    None => format!("'{}'", action.name()),
                };
                let culprit = taken
                    .iter()
                    .rev()
                    .find(|t| t.section == section && t.from == action);
                match culprit {
                    Some(t) => {
                        let now = self
                            .bindings(section)
                            .iter()
                            .find(|b| b.key == t.key)
                            .map(|b| b.action.name())
                            .unwrap_or_default();
                        found.push(Found {
                            at: Some(t.at),
                            message: format!(
                                "[{}] toets {} is nu '{now}'; daardoor heeft {what} geen toets meer. Geef die actie een andere toets.",
                                section.name(),
                                t.key
                            ),
                        });
                    }
                    None => found.push(Found {
                        at: None,
                        message: format!(
                            "[{}] {what} heeft geen toets; geef die actie een toets.",
                            section.name()
                        ),
                    }),
                }
            }
        }
    }

    /// The description of an action in the compiled-in keymap.
    fn default_desc(section: Section, action: Action) -> Option<String> {
        // Only reached when a user file leaves an action unbound: rare, so
        // reading the defaults again costs nothing that matters.
        Keymap::defaults()
            .desc_for(section, action)
            .map(str::to_string)
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
