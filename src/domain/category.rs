//! The municipal norm (protocol §3): four categories, one of them not a violation.

use serde::{Deserialize, Serialize};

/// A category of behaviour from the norm table of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Kicking, hitting, spitting, grabbing, pulling, vandalism, throwing objects.
    FysiekGeweld,
    /// (Non-)verbal threats, intimidation, sexual intimidation, stalking.
    BedreigingIntimidatie,
    /// Aimed at the person: taunting, swearing, insult, defamation.
    VerbaleAgressie,
    /// Criticism of rules or policy, or about one's own situation.
    EmotioneelGedrag,
}

impl Category {
    /// All categories, in the order of the protocol's table.
    pub const ALL: [Category; 4] = [
        Category::FysiekGeweld,
        Category::BedreigingIntimidatie,
        Category::VerbaleAgressie,
        Category::EmotioneelGedrag,
    ];

    /// The Dutch label used in the UI and in exports.
    pub fn label(self) -> &'static str {
        match self {
            Category::FysiekGeweld => "Fysiek geweld",
            Category::BedreigingIntimidatie => "Bedreiging / intimidatie",
            Category::VerbaleAgressie => "(Non-)verbale agressie",
            Category::EmotioneelGedrag => "Emotioneel gedrag",
        }
    }

    /// Whether the protocol counts this category as normoverschrijdend.
    pub fn crosses_norm(self) -> bool {
        !matches!(self, Category::EmotioneelGedrag)
    }

    /// The reporting rule of the norm table, in Dutch.
    pub fn reporting_rule(self) -> &'static str {
        match self {
            Category::FysiekGeweld | Category::BedreigingIntimidatie => {
                "altijd melden en afhandelen"
            }
            Category::VerbaleAgressie => {
                "melden, tenzij de burger zich na aanspreken corrigeert; bij aanhouden: melden"
            }
            Category::EmotioneelGedrag => {
                "geen melding nodig; aanbevolen bij aanhouden of een patroon"
            }
        }
    }

    /// The category chosen with digit `n` (1-based) in a form.
    pub fn from_digit(n: char) -> Option<Category> {
        let idx = n.to_digit(10)? as usize;
        idx.checked_sub(1).and_then(|i| Self::ALL.get(i)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_emotional_behaviour_is_not_a_violation() {
        let crossing: Vec<_> = Category::ALL.iter().filter(|c| c.crosses_norm()).collect();
        assert_eq!(crossing.len(), 3);
        assert!(!Category::EmotioneelGedrag.crosses_norm());
    }

    #[test]
    fn digits_pick_categories_in_table_order() {
        assert_eq!(Category::from_digit('1'), Some(Category::FysiekGeweld));
        assert_eq!(Category::from_digit('4'), Some(Category::EmotioneelGedrag));
        assert_eq!(Category::from_digit('0'), None);
        assert_eq!(Category::from_digit('5'), None);
        assert_eq!(Category::from_digit('x'), None);
    }

    #[test]
    fn serialises_in_kebab_case() {
        let json = serde_json::to_string(&Category::BedreigingIntimidatie).unwrap();
        assert_eq!(json, "\"bedreiging-intimidatie\"");
    }
}
