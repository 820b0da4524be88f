//! The presidium overview (§4.1, the standing agenda item): what changed
//! since the last overview, in counts under the same rules as the yearly
//! report (`report::suppress`): cases opened and closed by category, where
//! the opened ones stand now, the deadlines overdue now, the measures
//! running. No names, no texts, no case numbers.

use super::case::{CaseStatus, MeasureKind};
use super::category::Category;
use super::report::{Shown, suppress};

/// What the overview counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PresidiumFacts {
    /// Cases opened in the period: category, status now.
    pub opened: Vec<(Category, CaseStatus)>,
    /// Cases closed in the period (and closed now): category.
    pub closed: Vec<Category>,
    /// Deadlines overdue now: each duty's key (`gesprek-1`, `melden-griffier`,
    /// `maatregel-12`), grouped by [`OVERDUE_GROUPS`].
    pub overdue: Vec<String>,
    /// Measures running now.
    pub running: Vec<MeasureKind>,
}

/// One table: its rows and its total (the sum of the rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub title: &'static str,
    pub rows: Vec<(String, Shown)>,
    pub total: Shown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presidium {
    /// The period, as said (`01-09-2026 tot 06-12-2026`).
    pub period: String,
    pub threshold: u64,
    pub tables: Vec<CountTable>,
}

/// A table of counts with its total, suppressed on its own: its rows are a
/// breakdown of its total, and no other table shares that total.
fn table(title: &'static str, rows: Vec<(String, u64)>, k: u64) -> CountTable {
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    let mut values = vec![total];
    values.extend(rows.iter().map(|(_, n)| *n));
    let parts: Vec<usize> = (1..values.len()).collect();
    let hidden = suppress(&values, &[(0, parts)], 0, k);
    let shown = |i: usize| {
        if hidden[i] {
            Shown::Suppressed
        } else {
            Shown::Count(values[i])
        }
    };
    CountTable {
        title,
        total: shown(0),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, (label, _))| (label, shown(i + 1)))
            .collect(),
    }
}

/// The rows of the overdue table, each with the key prefixes of its duties
/// (`DeadlineKind::key`).
pub const OVERDUE_GROUPS: [(&str, &[&str]); 7] = [
    ("nazorggesprekken", &["gesprek-"]),
    (
        "melden en informeren langs de meldroute",
        &["melden-", "informeren-"],
    ),
    ("melding Arbeidsinspectie", &["arbeidsinspectie"]),
    ("aangifte doen", &["aangifte"]),
    ("einde van een maatregel", &["maatregel-"]),
    ("zaak oppakken: geen behandelstap", &["stilstand"]),
    (
        "slachtoffer informeren over de vervolging",
        &["terugkoppeling"],
    ),
];

/// The row of [`OVERDUE_GROUPS`] a duty's key belongs to.
fn overdue_group(key: &str) -> Option<&'static str> {
    OVERDUE_GROUPS
        .iter()
        .find(|(_, prefixes)| prefixes.iter().any(|p| key.starts_with(p)))
        .map(|(label, _)| *label)
}

impl Presidium {
    pub fn build(period: String, facts: &PresidiumFacts, k: u64) -> Presidium {
        let by_category = |list: &mut dyn Iterator<Item = Category>| {
            let all: Vec<Category> = list.collect();
            Category::ALL
                .iter()
                .map(|c| {
                    (
                        c.label().to_string(),
                        all.iter().filter(|x| *x == c).count() as u64,
                    )
                })
                .collect::<Vec<_>>()
        };
        let opened = by_category(&mut facts.opened.iter().map(|(c, _)| *c));
        let closed = by_category(&mut facts.closed.iter().copied());
        let status = CaseStatus::ALL
            .iter()
            .map(|s| {
                (
                    s.label().to_string(),
                    facts.opened.iter().filter(|(_, x)| x == s).count() as u64,
                )
            })
            .collect();
        // Every row always, zero included: a row that shows only when
        // something is in it would say "at least one" under its "< k".
        let overdue = OVERDUE_GROUPS
            .iter()
            .map(|(label, _)| {
                (
                    label.to_string(),
                    facts
                        .overdue
                        .iter()
                        .filter(|key| overdue_group(key) == Some(*label))
                        .count() as u64,
                )
            })
            .collect();
        let running = MeasureKind::ALL
            .iter()
            .map(|m| {
                (
                    m.label().to_string(),
                    facts.running.iter().filter(|x| *x == m).count() as u64,
                )
            })
            .collect();
        Presidium {
            period,
            threshold: k,
            tables: vec![
                table("Geopend, naar categorie", opened, k),
                table("Geopend, waar ze nu staan", status, k),
                table("Afgesloten, naar categorie", closed, k),
                table("Termijnen nu te laat", overdue, k),
                table("Maatregelen die nu lopen", running, k),
            ],
        }
    }

    /// As Markdown.
    /// As Markdown (see [`super::figures::Figures`]).
    pub fn markdown(&self) -> String {
        super::figures::Figures::of_presidium(self).markdown()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_hides_small_numbers_and_what_would_give_them_away() {
        let mut facts = PresidiumFacts::default();
        for _ in 0..12 {
            facts
                .opened
                .push((Category::VerbaleAgressie, CaseStatus::Open));
        }
        for _ in 0..7 {
            facts
                .opened
                .push((Category::EmotioneelGedrag, CaseStatus::Afgesloten));
        }
        facts
            .opened
            .push((Category::FysiekGeweld, CaseStatus::InBehandeling));
        let p = Presidium::build("test".into(), &facts, 5);
        let opened = &p.tables[0];
        assert_eq!(opened.total, Shown::Count(20));
        let get = |c: Category| opened.rows.iter().find(|(l, _)| l == c.label()).unwrap().1;
        // 1 fysiek geweld and 0 bedreiging: two hidden, so neither can be
        // found from the total; the 7 and the 12 stay.
        assert_eq!(get(Category::FysiekGeweld), Shown::Suppressed);
        assert_eq!(get(Category::BedreigingIntimidatie), Shown::Suppressed);
        assert_eq!(get(Category::EmotioneelGedrag), Shown::Count(7));
        // Status: 12 open, 1 in behandeling, 7 afgesloten: the 1 hides and
        // takes the 7 with it.
        let status = &p.tables[1];
        let hidden = status
            .rows
            .iter()
            .filter(|(_, n)| *n == Shown::Suppressed)
            .count();
        assert_eq!(hidden, 2, "{status:?}");
        // Nothing closed: the total is under the threshold, all hidden.
        assert!(
            p.tables[2]
                .rows
                .iter()
                .all(|(_, n)| *n == Shown::Suppressed)
        );
        assert_eq!(p.tables[2].total, Shown::Suppressed);
        let md = p.markdown();
        assert!(md.contains("| **totaal** | 20 |"), "{md}");
        assert!(!md.contains("| 1 |"), "{md}");
    }

    #[test]
    fn every_row_shows_whether_or_not_anything_is_in_it() {
        // One overdue talk and one running ban: a row only for those would
        // say "at least one" under its "< 5".
        let facts = PresidiumFacts {
            overdue: vec!["gesprek-2".into()],
            running: vec![MeasureKind::Toegangsverbod],
            ..PresidiumFacts::default()
        };
        let p = Presidium::build("test".into(), &facts, 5);
        let overdue = &p.tables[3];
        assert_eq!(overdue.rows.len(), OVERDUE_GROUPS.len());
        let running = &p.tables[4];
        assert_eq!(running.rows.len(), MeasureKind::ALL.len());
        assert!(running.rows.iter().all(|(_, n)| *n == Shown::Suppressed));
        assert_eq!(
            overdue_group("maatregel-12"),
            Some("einde van een maatregel")
        );
        assert_eq!(
            overdue_group("melden-griffier"),
            overdue_group("informeren-burgemeester")
        );
        assert_eq!(overdue_group("onbekend"), None);
    }
}
