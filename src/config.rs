//! Settings: compiled-in defaults for Aalten, overridden by a TOML file in the
//! user's config directory. A bad file is reported with its path and line,
//! and the program goes on with the defaults.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::MeetingType;

/// The defaults, as shipped; also the documented example of the file.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.default.toml");

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The name of who logs (the actor of every event).
    pub profile: String,
    pub municipality: String,
    pub meeting: MeetingDefaults,
    pub live: LiveDefaults,
    pub emergency: EmergencyCard,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MeetingDefaults {
    #[serde(rename = "type")]
    pub meeting_type: MeetingType,
    pub title: String,
    pub chair: String,
    pub location: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LiveDefaults {
    /// Where in the room a disturbance usually is.
    pub place: String,
    /// The words of a demand to leave, as recorded.
    pub demand_wording: String,
}

/// What the 112 card shows, to be read out on the phone.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EmergencyCard {
    pub building: String,
    pub address: String,
    pub room: String,
    pub notes: String,
}

/// A partial file: any key may be left out and keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overrides {
    profile: Option<String>,
    municipality: Option<String>,
    #[serde(default)]
    meeting: MeetingOverrides,
    #[serde(default)]
    live: LiveOverrides,
    #[serde(default)]
    emergency: EmergencyOverrides,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingOverrides {
    #[serde(rename = "type")]
    meeting_type: Option<MeetingType>,
    title: Option<String>,
    chair: Option<String>,
    location: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LiveOverrides {
    place: Option<String>,
    demand_wording: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EmergencyOverrides {
    building: Option<String>,
    address: Option<String>,
    room: Option<String>,
    notes: Option<String>,
}

fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *target = v;
    }
}

impl Default for Config {
    fn default() -> Self {
        // The shipped defaults are checked by a test; an error here is a build defect.
        toml::from_str(DEFAULT_CONFIG)
            .unwrap_or_else(|e| panic!("ingebouwde standaardinstellingen zijn ongeldig: {e}"))
    }
}

/// A problem with a settings or keymap file; the program goes on with defaults.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FileProblem {
    pub path: PathBuf,
    pub message: String,
}

/// The line (from 1) of a byte offset in `source`.
pub fn line_of(source: &str, offset: usize) -> usize {
    source
        .as_bytes()
        .iter()
        .take(offset.min(source.len()))
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

impl FileProblem {
    pub fn from_toml(path: &Path, err: &toml::de::Error, source: &str) -> FileProblem {
        let message = match err.span() {
            Some(span) => {
                let line = line_of(source, span.start);
                format!("regel {line}: {}", err.message())
            }
            None => err.message().to_string(),
        };
        FileProblem {
            path: path.to_path_buf(),
            message,
        }
    }
}

impl Config {
    /// Applies the settings in `source` (the text of `path`) over the defaults.
    pub fn parse(path: &Path, source: &str) -> Result<Config, FileProblem> {
        let o: Overrides =
            toml::from_str(source).map_err(|e| FileProblem::from_toml(path, &e, source))?;
        let mut c = Config::default();
        set(&mut c.profile, o.profile);
        set(&mut c.municipality, o.municipality);
        set(&mut c.meeting.meeting_type, o.meeting.meeting_type);
        set(&mut c.meeting.title, o.meeting.title);
        set(&mut c.meeting.chair, o.meeting.chair);
        set(&mut c.meeting.location, o.meeting.location);
        set(&mut c.live.place, o.live.place);
        set(&mut c.live.demand_wording, o.live.demand_wording);
        set(&mut c.emergency.building, o.emergency.building);
        set(&mut c.emergency.address, o.emergency.address);
        set(&mut c.emergency.room, o.emergency.room);
        set(&mut c.emergency.notes, o.emergency.notes);
        if c.profile.trim().is_empty() {
            return Err(FileProblem {
                path: path.to_path_buf(),
                message: "profile mag niet leeg zijn".into(),
            });
        }
        Ok(c)
    }

    /// Reads `path` if it exists. A missing file means the defaults; a bad
    /// one gives the defaults and the problem to show.
    pub fn load(path: &Path) -> (Config, Option<FileProblem>) {
        match std::fs::read_to_string(path) {
            Ok(source) => match Config::parse(path, &source) {
                Ok(c) => (c, None),
                Err(p) => (Config::default(), Some(p)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
            Err(e) => (
                Config::default(),
                Some(FileProblem {
                    path: path.to_path_buf(),
                    message: format!("kan niet worden gelezen: {e}"),
                }),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_defaults_are_for_aalten() {
        let c = Config::default();
        assert_eq!(c.municipality, "Aalten");
        assert!(c.emergency.address.contains("Hofstraat"));
        assert_eq!(c.meeting.meeting_type, MeetingType::Raadsvergadering);
    }

    #[test]
    fn a_file_overrides_key_by_key() {
        let c = Config::parse(
            Path::new("c.toml"),
            "profile = \"Jansen\"\n[emergency]\nroom = \"Commissiekamer 2\"\n",
        )
        .unwrap();
        assert_eq!(c.profile, "Jansen");
        assert_eq!(c.emergency.room, "Commissiekamer 2");
        assert_eq!(c.emergency.address, Config::default().emergency.address);
    }

    #[test]
    fn a_bad_file_names_path_and_line() {
        let err = Config::parse(
            Path::new("/home/x/config.toml"),
            "profile = \"a\"\n\n[meeting]\ntype = \"feest\"\n",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("/home/x/config.toml: regel 4:"), "{msg}");
    }

    #[test]
    fn unknown_keys_are_reported() {
        let err = Config::parse(Path::new("c.toml"), "profiel = \"a\"\n").unwrap_err();
        assert!(err.message.contains("regel 1"), "{err}");
        assert!(err.message.contains("profiel"), "{err}");
    }

    #[test]
    fn missing_file_means_defaults() {
        let (c, problem) = Config::load(Path::new("/nonexistent/raadsorde/config.toml"));
        assert_eq!(c, Config::default());
        assert!(problem.is_none());
    }
}
