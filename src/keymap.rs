//! Keys to actions, loaded from `keymaps/*.toml`.
//!
//! The defaults (`keymaps/default.toml`) are compiled in; a user file with the
//! same shape overrides them key by key. Help and the key hints on screen are
//! built from the loaded keymap, so they always show the keys really bound.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::config::FileProblem;

pub const DEFAULT_KEYMAP: &str = include_str!("../keymaps/default.toml");

/// Everything a key can do. The kebab-case names are what keymap files and
/// scripts use; they are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    // Live console.
    MeetingStart,
    MeetingEnd,
    DisturbanceStart,
    DisturbanceEnd,
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
    // Case file.
    Back,
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
    SelectPrev,
    SelectNext,
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
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Live,
        Section::Cases,
        Section::Case,
        Section::Form,
        Section::Confirm,
        Section::Aangifte,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::Live => "live",
            Section::Form => "form",
            Section::Confirm => "confirm",
            Section::Aangifte => "aangifte",
            Section::Cases => "cases",
            Section::Case => "case",
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBinding {
    on: String,
    run: Action,
    desc: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSection {
    #[serde(default)]
    keymap: Vec<FileBinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    live: Option<FileSection>,
    form: Option<FileSection>,
    confirm: Option<FileSection>,
    aangifte: Option<FileSection>,
    cases: Option<FileSection>,
    case: Option<FileSection>,
}

/// The bindings of every section, in file order.
#[derive(Debug, Clone)]
pub struct Keymap {
    sections: HashMap<Section, Vec<Binding>>,
}

impl Keymap {
    /// The compiled-in defaults.
    pub fn defaults() -> Keymap {
        let mut km = Keymap {
            sections: HashMap::new(),
        };
        // The default keymap is checked by a test; it cannot fail at run time.
        if let Err(e) = km.merge_file(Path::new("keymaps/default.toml"), DEFAULT_KEYMAP, false) {
            tracing::error!("default keymap: {e}");
        }
        km
    }

    /// The defaults with the user's file at `path` merged over them, if it
    /// exists. A bad file gives the defaults and the problem to show.
    pub fn load(path: &Path) -> (Keymap, Option<FileProblem>) {
        let mut km = Keymap::defaults();
        match std::fs::read_to_string(path) {
            Ok(source) => {
                let mut merged = km.clone();
                match merged.merge(path, &source) {
                    Ok(()) => km = merged,
                    Err(p) => return (km, Some(p)),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return (
                    km,
                    Some(FileProblem {
                        path: path.to_path_buf(),
                        message: format!("kan niet worden gelezen: {e}"),
                    }),
                );
            }
        }
        (km, None)
    }

    /// Merges a keymap file over this one: a key bound in the file replaces
    /// that key's binding in the same section; other bindings stay.
    pub fn merge(&mut self, path: &Path, source: &str) -> Result<(), FileProblem> {
        self.merge_file(path, source, true)
    }

    /// `user_first`: a key added for an action goes before that action's
    /// other keys, so hints show the user's choice.
    fn merge_file(
        &mut self,
        path: &Path,
        source: &str,
        user_first: bool,
    ) -> Result<(), FileProblem> {
        let file: KeymapFile =
            toml::from_str(source).map_err(|e| FileProblem::from_toml(path, &e, source))?;
        let sections = [
            (Section::Live, file.live),
            (Section::Form, file.form),
            (Section::Confirm, file.confirm),
            (Section::Aangifte, file.aangifte),
            (Section::Cases, file.cases),
            (Section::Case, file.case),
        ];
        for (section, fs) in sections {
            let Some(fs) = fs else { continue };
            let bindings = self.sections.entry(section).or_default();
            for fb in fs.keymap {
                let key = Key::parse(&fb.on).map_err(|message| FileProblem {
                    path: path.to_path_buf(),
                    message: format!("[{}] {message}", section.name()),
                })?;
                let desc = match fb.desc {
                    Some(d) => d,
                    None => bindings
                        .iter()
                        .find(|b| b.action == fb.run)
                        .map(|b| b.desc.clone())
                        .unwrap_or_default(),
                };
                match bindings.iter_mut().find(|b| b.key == key) {
                    Some(b) => {
                        b.action = fb.run;
                        b.desc = desc;
                    }
                    None => {
                        let at = bindings
                            .iter()
                            .position(|b| user_first && b.action == fb.run)
                            .unwrap_or(bindings.len());
                        bindings.insert(
                            at,
                            Binding {
                                key,
                                action: fb.run,
                                desc,
                            },
                        );
                    }
                }
            }
        }
        Ok(())
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
mod tests {
    use super::*;

    fn press(c: char) -> KeyEvent {
        let mods = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(KeyCode::Char(c), mods)
    }

    #[test]
    fn defaults_bind_every_required_live_action_with_a_description() {
        let km = Keymap::defaults();
        let required = [
            "meeting-start",
            "meeting-end",
            "disturbance-start",
            "disturbance-end",
            "suspend",
            "resume",
            "demand",
            "left-voluntarily",
            "livestream-stop",
            "livestream-resume",
            "call-intervention-team",
            "call-police",
            "police-arrived",
            "removed-by-police",
            "physical-protection",
            "aangifte-decision",
            "note",
            "correct",
            "help",
            "quit",
        ];
        for name in required {
            let action: Action = serde_json::from_str(&format!("\"{name}\"")).unwrap();
            let desc = km.desc_for(Section::Live, action);
            assert!(
                desc.is_some_and(|d| !d.is_empty()),
                "{name} is not bound with a description"
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_section() {
        let km = Keymap::defaults();
        for section in Section::ALL {
            let mut seen = std::collections::HashSet::new();
            for b in km.bindings(section) {
                assert!(seen.insert(b.key), "{} bound twice", b.key);
            }
        }
    }

    #[test]
    fn shifted_letters_are_their_own_keys() {
        let km = Keymap::defaults();
        assert_eq!(
            km.action(Section::Live, &press('m')),
            Some(Action::MeetingStart)
        );
        assert_eq!(
            km.action(Section::Live, &press('M')),
            Some(Action::MeetingEnd)
        );
    }

    #[test]
    fn user_file_overrides_key_by_key() {
        let mut km = Keymap::defaults();
        km.merge(
            Path::new("user.toml"),
            "[live]\nkeymap = [ { on = \"x\", run = \"demand\" }, { on = \"d\", run = \"note\", desc = \"Notitie\" } ]\n",
        )
        .unwrap();
        assert_eq!(km.action(Section::Live, &press('x')), Some(Action::Demand));
        assert_eq!(km.action(Section::Live, &press('d')), Some(Action::Note));
        // Untouched bindings stay.
        assert_eq!(km.action(Section::Live, &press('s')), Some(Action::Suspend));
        // A binding without desc borrows the action's description.
        let desc = km.desc_for(Section::Live, Action::Demand).unwrap();
        assert!(!desc.is_empty());
    }

    #[test]
    fn bad_files_are_reported_with_path_and_line() {
        let mut km = Keymap::defaults();
        let err = km
            .merge(
                Path::new("/cfg/keymap.toml"),
                "[live]\nkeymap = [\n  { on = \"x\", run = \"dans\" },\n]\n",
            )
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("/cfg/keymap.toml: regel 3"), "{msg}");
        let err = km
            .merge(
                Path::new("k.toml"),
                "[live]\nkeymap = [ { on = \"hyper-q\", run = \"quit\" } ]\n",
            )
            .unwrap_err();
        assert!(err.to_string().contains("onbekende toets"), "{err}");
    }

    #[test]
    fn key_names_parse_and_print() {
        assert_eq!(Key::parse("ctrl-c").unwrap().to_string(), "Ctrl-c");
        assert_eq!(Key::parse("enter").unwrap().to_string(), "Enter");
        assert_eq!(Key::parse("f12").unwrap().to_string(), "F12");
        assert!(Key::parse("f13").is_err());
        assert_eq!(Key::parse("?").unwrap().to_string(), "?");
    }
}
