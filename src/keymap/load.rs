//! Reading keymap files: the defaults, then a user's file merged over them
//! entry by entry. A bad entry is skipped and named with its line; an
//! action a screen runs that a user entry left without a key is named with
//! the entry that took it.

use std::path::Path;

use super::{Action, Binding, DESC_MAX, Key, Keymap, Section};
use crate::config::{FileProblem, line_of};
use crate::domain::text;

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

/// The sections of a keymap file, as written in it: `[live], [zaken], …`.
fn section_names() -> String {
    Section::ALL
        .iter()
        .map(|s| format!("[{}]", s.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Keymap {
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
    pub(super) fn merge_file(&mut self, path: &Path, source: &str, user: bool) -> Vec<FileProblem> {
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
}
