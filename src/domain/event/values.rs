//! The values events carry: the kind of meeting and its setting, who
//! demands and who decides, what is asked of the stream and the alarm, and
//! who a person of a disturbance is. Each is stored by its label.

use serde::{Deserialize, Serialize};

use crate::domain::case::PerpetratorKind;

/// The kind of meeting, conversation or gathering in which the console is
/// used (the "mode" chosen at start). Stored by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingType {
    Raadsvergadering,
    Commissie,
    Informatieavond,
    /// Another gathering (bijeenkomst met inwoners).
    Anders,
    /// A conversation with a citizen (§5, first bullets): in the town hall
    /// or elsewhere.
    Gesprek,
}

/// The three situations of §5, each with its own flow in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    /// A meeting of the council or a committee: the Reglement van orde,
    /// suspension, three demands, livestream.
    Vergadering,
    /// A conversation with a citizen: ended, the person told to leave the
    /// building; on refusal the interventieteam (office hours, in the town
    /// hall) or 112.
    Gesprek,
    /// Another (public) gathering, such as an information evening.
    Bijeenkomst,
}

impl Setting {
    /// The noun on screen: `vergadering`, `gesprek`, `bijeenkomst`.
    pub fn noun(self) -> &'static str {
        match self {
            Setting::Vergadering => "vergadering",
            Setting::Gesprek => "gesprek",
            Setting::Bijeenkomst => "bijeenkomst",
        }
    }

    /// The noun with a capital, at the start of a line.
    pub fn title(self) -> &'static str {
        match self {
            Setting::Vergadering => "Vergadering",
            Setting::Gesprek => "Gesprek",
            Setting::Bijeenkomst => "Bijeenkomst",
        }
    }

    /// Where the person is told to leave: the room, or the building.
    pub fn leave_what(self) -> &'static str {
        match self {
            Setting::Gesprek => "het gebouw",
            _ => "de zaal",
        }
    }
}

impl MeetingType {
    pub const ALL: [MeetingType; 5] = [
        MeetingType::Raadsvergadering,
        MeetingType::Commissie,
        MeetingType::Informatieavond,
        MeetingType::Anders,
        MeetingType::Gesprek,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MeetingType::Raadsvergadering => "raadsvergadering",
            MeetingType::Commissie => "commissie",
            MeetingType::Informatieavond => "informatieavond",
            MeetingType::Anders => "anders",
            MeetingType::Gesprek => "gesprek",
        }
    }

    /// As offered in the form that opens a session.
    pub fn choice_label(self) -> &'static str {
        match self {
            MeetingType::Raadsvergadering => "raadsvergadering",
            MeetingType::Commissie => "commissie",
            MeetingType::Informatieavond => "informatieavond",
            MeetingType::Anders => "andere bijeenkomst",
            MeetingType::Gesprek => "gesprek met een burger",
        }
    }

    /// Which flow of §5 this kind follows.
    pub fn setting(self) -> Setting {
        match self {
            MeetingType::Raadsvergadering | MeetingType::Commissie => Setting::Vergadering,
            MeetingType::Informatieavond | MeetingType::Anders => Setting::Bijeenkomst,
            MeetingType::Gesprek => Setting::Gesprek,
        }
    }

    /// The next type, for cycling through them in a form.
    pub fn next(self) -> MeetingType {
        let idx = Self::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Self::ALL[(idx + 1) % Self::ALL.len()]
    }

    pub fn parse(s: &str) -> Option<MeetingType> {
        Self::ALL.into_iter().find(|t| t.label() == s)
    }
}

/// Who made a demand to leave (vordering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DemandBy {
    Voorzitter,
    /// The griffier, with the chair's consent.
    Griffier,
}

impl DemandBy {
    pub fn label(self) -> &'static str {
        match self {
            DemandBy::Voorzitter => "voorzitter",
            DemandBy::Griffier => "griffier (met instemming voorzitter)",
        }
    }
}

/// The decision on filing an aangifte of the disturbance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AangifteChoice {
    Ja,
    Nee,
    Later,
}

impl AangifteChoice {
    pub fn label(self) -> &'static str {
        match self {
            AangifteChoice::Ja => "aangifte: ja",
            AangifteChoice::Nee => "aangifte: nee",
            AangifteChoice::Later => "aangifte: besluit later",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            AangifteChoice::Ja => "ja",
            AangifteChoice::Nee => "nee",
            AangifteChoice::Later => "later beslissen",
        }
    }
}

/// Who decide on the aangifte together, per protocol §5.
pub const AANGIFTE_DECIDERS: [&str; 3] = ["voorzitter", "griffier", "aangewezen ambtenaar OOV"];

/// What the program asked OBS Studio to do with the livestream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StreamCommand {
    Stop,
    Start,
}

/// Who a configured alarm command was run for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlarmTarget {
    Interventieteam,
    Politie,
}

impl AlarmTarget {
    pub fn label(self) -> &'static str {
        match self {
            AlarmTarget::Interventieteam => "interventieteam",
            AlarmTarget::Politie => "politie (112)",
        }
    }
}

/// Who a person of a disturbance is, as far as told: stored flat in the
/// payload of `person-added` and `person-described`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Who {
    pub kind: PerpetratorKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Only if known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The register's perpetrator of the same name, found when this was
    /// written (the console shows only "bekend").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<u64>,
}

impl Who {
    /// Someone of this kind, nothing more told.
    pub fn of(kind: PerpetratorKind) -> Who {
        Who {
            kind,
            description: String::new(),
            name: String::new(),
            known: None,
        }
    }
}
