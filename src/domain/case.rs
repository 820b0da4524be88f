//! The case (zaak) after the fact, protocol §6: the vocabulary of the case
//! file. Each change to a case is an event in the same log as the live steps.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Dutch label used in the UI and exports.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The stored (kebab-case) name.
            pub fn key(self) -> String {
                serde_json::to_value(self)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }
        }
    };
}

labelled_enum!(
    /// How the report came in (§6.1).
    Channel {
        Persoonlijk => "persoonlijk contact",
        Schriftelijk => "schriftelijk",
        Email => "e-mail",
        Telefoon => "telefoon",
        SocialeMedia => "sociale media",
        Anders => "anders",
    }
);

labelled_enum!(
    /// The victim's role. `Ambtenaar` is registered so that repeat incidents
    /// against civil servants count too (§6.2).
    VictimRole {
        Burgemeester => "burgemeester",
        Wethouder => "wethouder",
        Raadslid => "raadslid",
        Fractievolger => "fractievolger",
        Ambtenaar => "ambtenaar",
    }
);

labelled_enum!(
    /// Who receives a report or must be informed.
    Recipient {
        Griffier => "griffier",
        Burgemeester => "burgemeester",
        Gemeentesecretaris => "gemeentesecretaris",
        AangewezenAmbtenaar => "aangewezen ambtenaar",
        Leidinggevende => "leidinggevende",
        CommissarisVanDeKoning => "Commissaris van de Koning",
    }
);

labelled_enum!(
    /// Status of a case.
    CaseStatus {
        Open => "open",
        InBehandeling => "in behandeling",
        Afgesloten => "afgesloten",
    }
);

labelled_enum!(
    /// Measures (§6.2).
    MeasureKind {
        MondelingeWaarschuwing => "mondelinge waarschuwing",
        SchriftelijkeWaarschuwing => "schriftelijke waarschuwing",
        BeperkingDienstverlening => "beperking dienstverlening",
        Toegangsverbod => "toegangsverbod gemeentelijke gebouwen",
        Vergaderverbod => "vergaderverbod (Gemeentewet art. 26)",
        IncidentGesprek => "incident-/stopgesprek",
        MeldingPolitie => "melding bij de politie",
        Aangifte => "aangifte",
        AfspraakPolitie => "afspraak met de politie (locatie/persoon)",
        OmDriehoek => "OM / driehoek informeren",
        Anders => "anders",
    }
);

labelled_enum!(
    /// Where a measure stands.
    MeasureStatus {
        Voorgenomen => "voorgenomen",
        Genomen => "genomen",
        Afgerond => "afgerond",
        Ingetrokken => "ingetrokken",
    }
);

labelled_enum!(
    /// Who the perpetrator is.
    PerpetratorKind {
        Persoon => "persoon",
        Collectief => "collectief",
        Organisatie => "namens een organisatie",
    }
);

/// The three aftercare talks (§6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Talk {
    /// Within 24 hours.
    Eerste,
    /// Within 3 days.
    Tweede,
    /// After 4 to 6 weeks (or sooner).
    Derde,
}

impl Talk {
    pub const ALL: [Talk; 3] = [Talk::Eerste, Talk::Tweede, Talk::Derde];

    pub fn label(self) -> &'static str {
        match self {
            Talk::Eerste => "eerste gesprek (binnen 24 uur)",
            Talk::Tweede => "tweede gesprek (binnen 3 dagen)",
            Talk::Derde => "derde gesprek (na 4 tot 6 weken)",
        }
    }
}

/// A victim as registered: the name only as far as needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Victim {
    pub name: String,
    pub role: VictimRole,
    /// Family members or property affected, if any (free text, short).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub also: String,
}

/// An amount in euro cents.
pub type Cents = i64;

/// Formats cents as `€ 1.234,56`.
pub fn euro(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = abs / 100;
    let rest = abs % 100;
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}€ {grouped},{rest:02}")
}

/// Days as a date range check helper: `end` not before `start`.
pub fn ordered(start: NaiveDate, end: NaiveDate) -> bool {
    end >= start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_keys() {
        assert_eq!(VictimRole::Fractievolger.label(), "fractievolger");
        assert_eq!(Channel::SocialeMedia.key(), "sociale-media");
        assert_eq!(MeasureKind::ALL.len(), 11);
    }

    #[test]
    fn euro_formats_dutch_style() {
        assert_eq!(euro(0), "€ 0,00");
        assert_eq!(euro(123456), "€ 1.234,56");
        assert_eq!(euro(-5), "-€ 0,05");
        assert_eq!(euro(100_000_000), "€ 1.000.000,00");
    }
}
