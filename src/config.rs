//! Settings: compiled-in defaults for Aalten, overridden by a TOML file in the
//! user's config directory. A bad file is reported with its path and line,
//! and the program goes on with the defaults.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::MeetingType;
use crate::domain::calendar::OfficeHours;
use crate::domain::text::{self, limits};
use crate::integrations::alarm::AlarmSettings;
use crate::integrations::obs::ObsSettings;
use crate::storage::Retention;

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
    /// Other places where meetings are held, besides the municipal office.
    #[serde(default)]
    pub locations: Vec<Location>,
    /// The town hall's office hours: whether the interventieteam is at hand
    /// for a conversation (§5). Closed on public holidays.
    #[serde(default)]
    pub office_hours: OfficeHours,
    /// OBS Studio, when the program stops and starts the livestream itself;
    /// `None`: never contacted.
    #[serde(default)]
    pub obs: Option<ObsSettings>,
    /// A command run when the interventieteam is alarmed or the police are
    /// called (an SMS gateway, a chat webhook); `None`: nothing is run.
    #[serde(default)]
    pub alarm: Option<AlarmSettings>,
    /// Who is who for the roles (domain::access).
    #[serde(default)]
    pub access: AccessSettings,
    /// How long cases are kept after they were closed (`raadsorde purge`).
    #[serde(default)]
    pub retention: Retention,
    /// The terms of municipal practice the deadlines use (`[deadlines]`).
    #[serde(default)]
    pub deadlines: crate::domain::casefile::Terms,
    /// The anonymised reports (`[report]`).
    #[serde(default)]
    pub report: ReportSettings,
}

/// `[report]`: the anonymised reports.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSettings {
    /// Counts under this show as `< N` (and so does what would give them
    /// away). At least 2.
    pub threshold: u64,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            threshold: crate::domain::report::DEFAULT_THRESHOLD,
        }
    }
}

/// `[access]`: how the program knows who is at the keyboard.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AccessSettings {
    /// `--profile` names the identity (for a shared account on a kiosk);
    /// off: the identity is always the operating-system account.
    #[serde(default)]
    pub profile_is_identity: bool,
}

/// A place where a meeting can be held: what the 112 card reads out.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// The building, e.g. "Dorpshuis De Kei".
    pub name: String,
    /// Street, number and place, e.g. "Markt 1, Bredevoort".
    pub address: String,
    /// The room, e.g. "Grote zaal".
    pub room: String,
    /// This is the town hall (the interventieteam is at hand in office
    /// hours). The municipal office of `[emergency]` always is.
    #[serde(default)]
    pub town_hall: bool,
}

impl Location {
    /// As recorded with the meeting and read out to 112: room, building, address.
    pub fn describe(&self) -> String {
        [
            self.room.as_str(),
            self.name.as_str(),
            self.address.as_str(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MeetingDefaults {
    #[serde(rename = "type")]
    pub meeting_type: MeetingType,
    pub title: String,
    pub chair: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LiveDefaults {
    /// Where in the room a disturbance usually is.
    pub place: String,
    /// The words of a demand to leave, as recorded.
    pub demand_wording: String,
    /// The words when a citizen is told to leave the building after a
    /// conversation was ended (§5).
    pub conversation_demand_wording: String,
    /// A demand within this many seconds of the previous one asks for a
    /// confirmation first (key bounce); 0 turns that off.
    pub demand_repeat_secs: u32,
    /// Who decide on the aangifte with the chair (§5): the griffier and the
    /// designated public-order official, as recorded with the decision.
    pub griffier: String,
    pub oov_official: String,
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
    locations: Option<Vec<Location>>,
    /// The whole week: a day left out of the section is closed.
    office_hours: Option<OfficeHours>,
    obs: Option<ObsSettings>,
    alarm: Option<AlarmSettings>,
    access: Option<AccessSettings>,
    retention: Option<Retention>,
    deadlines: Option<crate::domain::casefile::Terms>,
    report: Option<ReportSettings>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingOverrides {
    #[serde(rename = "type")]
    meeting_type: Option<MeetingType>,
    title: Option<String>,
    chair: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LiveOverrides {
    place: Option<String>,
    demand_wording: Option<String>,
    conversation_demand_wording: Option<String>,
    demand_repeat_secs: Option<u32>,
    griffier: Option<String>,
    oov_official: Option<String>,
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
    /// The places a meeting can be held: the municipal office (the
    /// `[emergency]` building, address and room) first, then `[[locations]]`.
    pub fn known_locations(&self) -> Vec<Location> {
        let office = Location {
            name: self.emergency.building.clone(),
            address: self.emergency.address.clone(),
            room: self.emergency.room.clone(),
            town_hall: true,
        };
        std::iter::once(office)
            .chain(self.locations.iter().cloned())
            .collect()
    }

    /// Every text setting with its name in the file and its maximum length:
    /// the same caps as the fields the values end up in.
    fn texts(&mut self) -> Vec<(String, &mut String, usize)> {
        let Config {
            profile,
            municipality,
            meeting,
            live,
            emergency,
            locations,
            office_hours: _,
            obs: _,
            alarm: _,
            access: _,
            retention: _,
            deadlines: _,
            report: _,
        } = self;
        let mut out: Vec<(String, &mut String, usize)> = vec![
            ("profile".into(), profile, limits::NAME),
            ("municipality".into(), municipality, limits::NAME),
            ("meeting.title".into(), &mut meeting.title, limits::TITLE),
            ("meeting.chair".into(), &mut meeting.chair, limits::NAME),
            ("live.place".into(), &mut live.place, limits::PLACE),
            (
                "live.demand_wording".into(),
                &mut live.demand_wording,
                limits::NOTE,
            ),
            (
                "live.conversation_demand_wording".into(),
                &mut live.conversation_demand_wording,
                limits::NOTE,
            ),
            ("live.griffier".into(), &mut live.griffier, limits::NAME),
            (
                "live.oov_official".into(),
                &mut live.oov_official,
                limits::NAME,
            ),
            (
                "emergency.building".into(),
                &mut emergency.building,
                limits::PLACE,
            ),
            // The address goes into the aangifte's domicile field (PLACE).
            (
                "emergency.address".into(),
                &mut emergency.address,
                limits::PLACE,
            ),
            ("emergency.room".into(), &mut emergency.room, limits::PLACE),
            ("emergency.notes".into(), &mut emergency.notes, limits::NOTE),
        ];
        for (i, l) in locations.iter_mut().enumerate() {
            let n = i + 1;
            out.push((format!("locations[{n}].name"), &mut l.name, limits::PLACE));
            out.push((
                format!("locations[{n}].address"),
                &mut l.address,
                limits::PLACE,
            ));
            out.push((format!("locations[{n}].room"), &mut l.room, limits::PLACE));
        }
        out
    }

    /// Cleans every text setting (no control characters, no bidirectional
    /// overrides, one line) and cuts it at its cap; says what was changed.
    fn clean(&mut self, path: &Path) -> Vec<FileProblem> {
        let mut problems = Vec::new();
        for (name, value, max) in self.texts() {
            let cleaned = text::clean(value, max);
            if cleaned == *value {
                continue;
            }
            let controls = value.chars().any(|c| {
                c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            });
            let length = value.chars().count();
            let cut = text::clean(value, value.len()).chars().count() > max;
            let what = match (controls, cut) {
                (true, true) => {
                    format!("stuurtekens verwijderd en ingekort van {length} tot {max} tekens")
                }
                (true, false) => "stuurtekens (zoals regeleinden of tabs) verwijderd".to_string(),
                (false, true) => format!("ingekort van {length} tot {max} tekens"),
                // Only spaces at the ends or doubled: nothing to report.
                (false, false) => {
                    *value = cleaned;
                    continue;
                }
            };
            problems.push(FileProblem {
                path: path.to_path_buf(),
                message: format!(
                    "{name}: {what}; gebruikt wordt \"{}\". Pas de waarde in het bestand aan.",
                    ellipsis(&cleaned, 40)
                ),
            });
            *value = cleaned;
        }
        problems
    }

    /// Applies the settings in `source` (the text of `path`) over the
    /// defaults. Text settings are cleaned and capped; each change is
    /// returned as a problem to show.
    pub fn parse(path: &Path, source: &str) -> Result<(Config, Vec<FileProblem>), FileProblem> {
        let o: Overrides =
            toml::from_str(source).map_err(|e| FileProblem::from_toml(path, &e, source))?;
        let mut c = Config::default();
        set(&mut c.profile, o.profile);
        set(&mut c.municipality, o.municipality);
        set(&mut c.meeting.meeting_type, o.meeting.meeting_type);
        set(&mut c.meeting.title, o.meeting.title);
        set(&mut c.meeting.chair, o.meeting.chair);
        set(&mut c.live.place, o.live.place);
        set(&mut c.live.demand_wording, o.live.demand_wording);
        set(
            &mut c.live.conversation_demand_wording,
            o.live.conversation_demand_wording,
        );
        set(&mut c.live.demand_repeat_secs, o.live.demand_repeat_secs);
        set(&mut c.live.griffier, o.live.griffier);
        set(&mut c.live.oov_official, o.live.oov_official);
        set(&mut c.emergency.building, o.emergency.building);
        set(&mut c.emergency.address, o.emergency.address);
        set(&mut c.emergency.room, o.emergency.room);
        set(&mut c.emergency.notes, o.emergency.notes);
        set(&mut c.locations, o.locations);
        set(&mut c.office_hours, o.office_hours);
        c.obs = o.obs.or(c.obs);
        c.alarm = o.alarm.or(c.alarm);
        set(&mut c.access, o.access);
        set(&mut c.retention, o.retention);
        set(&mut c.deadlines, o.deadlines);
        set(&mut c.report, o.report);
        c.report.threshold = c.report.threshold.max(2);
        let problems = c.clean(path);
        if c.profile.is_empty() {
            return Err(FileProblem {
                path: path.to_path_buf(),
                message: "profile mag niet leeg zijn; vul de naam in van wie logt".into(),
            });
        }
        Ok((c, problems))
    }

    /// Reads `path` if it exists. A missing file means the defaults; a bad
    /// one gives the defaults and the problem to show; a good one may come
    /// with notes on text settings that were cleaned or cut.
    pub fn load(path: &Path) -> (Config, Vec<FileProblem>) {
        match std::fs::read_to_string(path) {
            Ok(source) => match Config::parse(path, &source) {
                Ok((c, problems)) => (c, problems),
                Err(p) => (Config::default(), vec![p]),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
            Err(e) => (
                Config::default(),
                vec![FileProblem {
                    path: path.to_path_buf(),
                    message: format!(
                        "kan niet worden gelezen ({e}); de standaardinstellingen gelden. Maak het bestand leesbaar of verwijder het."
                    ),
                }],
            ),
        }
    }

    /// Sets who logs from the command line (`--profile`), cleaned and capped
    /// like the setting; an empty name leaves the setting.
    pub fn set_profile(&mut self, name: &str) {
        let name = text::clean(name, limits::NAME);
        if !name.is_empty() {
            self.profile = name;
        }
    }
}

/// The first `max` characters of `s`, with "…" when there was more.
fn ellipsis(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
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
        .unwrap()
        .0;
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
    fn office_hours_are_one_section_and_a_bad_span_names_its_line() {
        let (c, _) = Config::parse(
            Path::new("c.toml"),
            "[office_hours]\nmaandag = \"09:00-12:00\"\n",
        )
        .unwrap();
        // The section is the whole week: Tuesday is left out, so closed.
        assert!(c.office_hours.hours(chrono::Weekday::Mon).is_some());
        assert!(c.office_hours.hours(chrono::Weekday::Tue).is_none());
        let defaults = Config::default();
        assert!(defaults.office_hours.hours(chrono::Weekday::Tue).is_some());
        let err = Config::parse(
            Path::new("/etc/c.toml"),
            "profile = \"x\"\n[office_hours]\nvrijdag = \"8.30-17\"\n",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("/etc/c.toml: regel 3:"), "{msg}");
        assert!(msg.contains("vrijdag"), "{msg}");
    }

    #[test]
    fn the_retention_term_is_five_years_unless_set() {
        assert_eq!(Config::default().retention.case_years, 5);
        let (c, _) = Config::parse(
            Path::new("c.toml"),
            "profile = \"x\"\n[retention]\ncase_years = 7\n",
        )
        .unwrap();
        assert_eq!(c.retention.case_years, 7);
        let err = Config::parse(Path::new("c.toml"), "[retention]\njaren = 7\n").unwrap_err();
        assert!(err.message.contains("regel 2"), "{}", err.message);
    }

    #[test]
    fn obs_and_the_alarm_are_off_unless_configured() {
        let c = Config::default();
        assert_eq!(c.obs, None);
        assert_eq!(c.alarm, None);
        let (c, _) = Config::parse(
            Path::new("c.toml"),
            "[obs]\nport = 4460\n[alarm]\ncommand = [\"/usr/local/bin/sms\", \"--groep\", \"iv\"]\ntimeout_secs = 5\n",
        )
        .unwrap();
        let obs = c.obs.unwrap();
        assert_eq!((obs.host.as_str(), obs.port), ("127.0.0.1", 4460));
        let alarm = c.alarm.unwrap();
        assert!(alarm.is_configured());
        assert_eq!(alarm.command[0], "/usr/local/bin/sms");
        let err = Config::parse(Path::new("c.toml"), "[obs]\nwachtwoord = \"x\"\n").unwrap_err();
        assert!(err.message.contains("regel 2"), "{err}");
    }

    #[test]
    fn missing_file_means_defaults() {
        let (c, problems) = Config::load(Path::new("/nonexistent/raadsorde/config.toml"));
        assert_eq!(c, Config::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn the_shipped_defaults_need_no_cleaning() {
        let mut c = Config::default();
        assert!(c.clean(Path::new("d.toml")).is_empty());
        assert_eq!(c, Config::default());
    }

    #[test]
    fn a_huge_profile_is_cut_and_reported() {
        let huge = "x".repeat(5_000_000);
        let (c, problems) = Config::parse(
            Path::new("/home/x/config.toml"),
            &format!("profile = \"{huge}\"\n"),
        )
        .unwrap();
        assert_eq!(c.profile.chars().count(), limits::NAME);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let msg = problems[0].to_string();
        assert!(
            msg.starts_with("/home/x/config.toml: profile: ingekort van 5000000 tot 80 tekens"),
            "{msg}"
        );
        assert!(
            msg.len() < 300,
            "the message must not carry the value: {msg}"
        );
    }

    #[test]
    fn control_characters_are_removed_from_every_setting_and_reported() {
        let source = "profile = \"Jan\\u001b[2J\\u0007sen\"\nmunicipality = \"Aal\\u202Eten\"\n[meeting]\ntitle = \"\"\"Raads\nvergadering\"\"\"\n[emergency]\nnotes = \"a\\tb\"\n";
        let (c, problems) = Config::parse(Path::new("c.toml"), source).unwrap();
        assert_eq!(c.profile, "Jan[2Jsen");
        assert_eq!(c.municipality, "Aalten");
        assert_eq!(c.meeting.title, "Raads vergadering");
        assert_eq!(c.emergency.notes, "a b");
        let names: Vec<&str> = problems
            .iter()
            .map(|p| p.message.split(':').next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "profile",
                "municipality",
                "meeting.title",
                "emergency.notes"
            ]
        );
        assert!(problems[0].message.contains("stuurtekens"), "{problems:?}");
    }

    #[test]
    fn spaces_alone_are_tidied_quietly() {
        let (c, problems) =
            Config::parse(Path::new("c.toml"), "profile = \"  Jansen  \"\n").unwrap();
        assert_eq!(c.profile, "Jansen");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_profile_of_only_control_characters_is_refused() {
        let err = Config::parse(Path::new("c.toml"), "profile = \"\\u0007\\u001b\"\n").unwrap_err();
        assert!(err.message.contains("profile mag niet leeg zijn"), "{err}");
    }

    #[test]
    fn the_command_line_profile_is_cleaned_too() {
        let mut c = Config::default();
        c.set_profile(&format!("de\u{1b}[31m griffier{}", "x".repeat(200)));
        assert!(c.profile.starts_with("de[31m griffier"), "{}", c.profile);
        assert_eq!(c.profile.chars().count(), limits::NAME);
        c.set_profile("\u{7}");
        assert!(c.profile.starts_with("de[31m"), "empty keeps the setting");
    }
}
