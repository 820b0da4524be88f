//! The yearly anonymised report (§4.1, §6.1): counts only, with small
//! numbers suppressed so that no cell can be recovered by subtraction.
//!
//! Every number of the report is an *item*; some items are the sum of
//! others (an *equation*: the incidents of the year are the sum of the
//! incidents per category, per month, per kind of place, per kind of
//! perpetrator; the online incidents are the sum of the online kinds of
//! place). Suppression:
//!
//! 1. primary: every item under the threshold (default 5), zero included,
//!    shows as `< 5`; when the year's total is under it, everything does;
//! 2. complementary, until nothing changes: an equation with exactly one
//!    suppressed item (its total or one of its parts) could be solved for
//!    it, so one more item of that equation is suppressed: the smallest
//!    part still shown, else the total. Tables that share a total (all the
//!    breakdowns of the year's incidents) are protected together, because
//!    the shared total is one item;
//! 3. a change against the previous year is shown only where both years'
//!    items are shown: a difference next to a shown number would give the
//!    suppressed one away.
//!
//! Counts that are not parts of a total (measures, aangiftes, aftercare)
//! have no equation and are suppressed on their own. No names, no free
//! text, no dates finer than a month: the facts this takes hold nothing
//! else.

use std::collections::BTreeMap;

use super::case::{Channel, MeasureKind};
use super::category::Category;

/// The threshold unless the settings say otherwise.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// Whom a report covers (§4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Raadsleden and fractievolgers: reported by the griffie.
    Griffie,
    /// The burgemeester and the wethouders: reported by P&O.
    Po,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Griffie => "griffie (raadsleden en fractievolgers)",
            Scope::Po => "P&O (burgemeester en wethouders)",
        }
    }
}

/// Where an incident happened, as far as the register knows without free
/// text: from its origin and channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// Logged live: a meeting or a conversation at the town hall.
    Live,
    Persoonlijk,
    Telefoon,
    Schriftelijk,
    Email,
    SocialeMedia,
    Anders,
}

impl Place {
    pub const ALL: [Place; 7] = [
        Place::Live,
        Place::Persoonlijk,
        Place::Telefoon,
        Place::Schriftelijk,
        Place::Email,
        Place::SocialeMedia,
        Place::Anders,
    ];

    /// From a case's channel (`None`: logged live).
    pub fn of(channel: Option<Channel>) -> Place {
        match channel {
            None => Place::Live,
            Some(Channel::Persoonlijk) => Place::Persoonlijk,
            Some(Channel::Telefoon) => Place::Telefoon,
            Some(Channel::Schriftelijk) => Place::Schriftelijk,
            Some(Channel::Email) => Place::Email,
            Some(Channel::SocialeMedia) => Place::SocialeMedia,
            Some(Channel::Anders) => Place::Anders,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Place::Live => "vergadering of gesprek (live)",
            Place::Persoonlijk => "persoonlijk contact",
            Place::Telefoon => "telefoon",
            Place::Schriftelijk => "schriftelijk",
            Place::Email => "e-mail",
            Place::SocialeMedia => "sociale media",
            Place::Anders => "anders",
        }
    }

    pub fn online(self) -> bool {
        matches!(self, Place::Email | Place::SocialeMedia)
    }
}

/// A case's perpetrators, counted over every incident of each (§6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Perpetrator {
    Unknown,
    First,
    Repeat,
}

impl Perpetrator {
    pub const ALL: [Perpetrator; 3] = [
        Perpetrator::First,
        Perpetrator::Repeat,
        Perpetrator::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Perpetrator::Unknown => "geen veroorzaker vastgelegd",
            Perpetrator::First => "eerste incident van de veroorzaker",
            Perpetrator::Repeat => "herhaald incident",
        }
    }
}

/// What the report may know of one incident: no name, no text, the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// 1 to 12.
    pub month: u32,
    pub category: Category,
    pub place: Place,
    pub measures: Vec<MeasureKind>,
    pub aangifte: bool,
    /// A talk planned, held or declined: aftercare was offered.
    pub aftercare_offered: bool,
    pub aftercare_held: bool,
    pub perpetrator: Perpetrator,
}

/// One number as the report shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// Under the threshold, or suppressed so that another cannot be found.
    Suppressed,
}

impl Shown {
    /// `12`, or `< 5`.
    pub fn text(self, threshold: u64) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Suppressed => format!("< {threshold}"),
        }
    }
}

/// One row of a table: this year, last year, and the change where both are
/// shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub this_year: Shown,
    pub last_year: Shown,
    pub change: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: &'static str,
    pub rows: Vec<Row>,
}

/// The report: its tables, in order, the first the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearReport {
    pub year: i32,
    pub scope: Scope,
    pub threshold: u64,
    pub tables: Vec<Table>,
}

/// The items of one year and the equations between them.
struct Items {
    values: Vec<u64>,
    /// (total, parts)
    equations: Vec<(usize, Vec<usize>)>,
    /// Per table: title and its rows (label, item).
    tables: Vec<(&'static str, Vec<(String, usize)>)>,
}

impl Items {
    fn item(&mut self, value: u64) -> usize {
        self.values.push(value);
        self.values.len() - 1
    }

    /// A breakdown of `total` into labelled parts: a table and an equation.
    fn breakdown(&mut self, title: &'static str, total: usize, parts: Vec<(String, u64)>) {
        let rows: Vec<(String, usize)> = parts
            .into_iter()
            .map(|(label, v)| (label, self.item(v)))
            .collect();
        self.equations
            .push((total, rows.iter().map(|(_, i)| *i).collect()));
        self.tables.push((title, rows));
    }
}

fn count(facts: &[Facts], f: impl Fn(&Facts) -> bool) -> u64 {
    facts.iter().filter(|x| f(x)).count() as u64
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Every number of a year's report, with the equations between them.
fn items(facts: &[Facts]) -> Items {
    let mut it = Items {
        values: Vec::new(),
        equations: Vec::new(),
        tables: Vec::new(),
    };
    let total = it.item(facts.len() as u64);
    it.tables
        .push(("Incidenten", vec![("incidenten".to_string(), total)]));
    it.breakdown(
        "Naar categorie",
        total,
        Category::ALL
            .iter()
            .map(|c| (c.label().to_string(), count(facts, |f| f.category == *c)))
            .collect(),
    );
    it.breakdown(
        "Naar maand",
        total,
        (1..=12)
            .map(|m| {
                (
                    MONTHS[m as usize - 1].to_string(),
                    count(facts, |f| f.month == m),
                )
            })
            .collect(),
    );
    // Online and offline: the sum of their kinds of place.
    let online = it.item(count(facts, |f| f.place.online()));
    let offline = it.item(count(facts, |f| !f.place.online()));
    it.equations.push((total, vec![online, offline]));
    it.tables.push((
        "Online of offline",
        vec![
            ("online".to_string(), online),
            ("offline".to_string(), offline),
        ],
    ));
    let mut places = Vec::new();
    for group in [true, false] {
        let parts: Vec<usize> = Place::ALL
            .iter()
            .filter(|p| p.online() == group)
            .map(|p| {
                let i = it.item(count(facts, |f| f.place == *p));
                places.push((p.label().to_string(), i));
                i
            })
            .collect();
        it.equations
            .push((if group { online } else { offline }, parts));
    }
    it.tables.push(("Naar soort plaats of kanaal", places));
    it.breakdown(
        "Naar veroorzaker",
        total,
        Perpetrator::ALL
            .iter()
            .map(|p| (p.label().to_string(), count(facts, |f| f.perpetrator == *p)))
            .collect(),
    );
    // Counts that are no parts of a total: each on its own.
    let mut by_kind: BTreeMap<&'static str, u64> = BTreeMap::new();
    for kind in MeasureKind::ALL {
        by_kind.insert(kind.label(), 0);
    }
    for f in facts {
        let mut seen = Vec::new();
        for m in &f.measures {
            if !seen.contains(m) {
                seen.push(*m);
                *by_kind.entry(m.label()).or_default() += 1;
            }
        }
    }
    let rows = MeasureKind::ALL
        .iter()
        .map(|k| {
            let v = by_kind.get(k.label()).copied().unwrap_or(0);
            (format!("{} (incidenten met)", k.label()), it.item(v))
        })
        .collect();
    it.tables.push(("Maatregelen", rows));
    let rows = vec![
        (
            "aangifte gedaan".to_string(),
            it.item(count(facts, |f| f.aangifte)),
        ),
        (
            "nazorg aangeboden".to_string(),
            it.item(count(facts, |f| f.aftercare_offered)),
        ),
        (
            "nazorggesprek gehouden".to_string(),
            it.item(count(facts, |f| f.aftercare_held)),
        ),
    ];
    it.tables.push(("Aangifte en nazorg", rows));
    it
}

/// Which items are suppressed (see the module): primary, then
/// complementary until nothing changes.
pub fn suppress(
    values: &[u64],
    equations: &[(usize, Vec<usize>)],
    total: usize,
    k: u64,
) -> Vec<bool> {
    let mut out: Vec<bool> = values.iter().map(|v| *v < k).collect();
    if values.get(total).is_some_and(|t| *t < k) {
        return vec![true; values.len()];
    }
    loop {
        let mut changed = false;
        for (sum, parts) in equations {
            let hidden = std::iter::once(sum)
                .chain(parts)
                .filter(|i| out[**i])
                .count();
            if hidden != 1 {
                continue;
            }
            // One more: the smallest part still shown, else the total.
            let next = parts
                .iter()
                .filter(|i| !out[**i])
                .min_by_key(|i| (values[**i], **i))
                .copied()
                .unwrap_or(*sum);
            out[next] = true;
            changed = true;
        }
        if !changed {
            return out;
        }
    }
}

impl YearReport {
    /// The report of `year` for `scope`, from the facts of its incidents
    /// and of the year before, under `threshold`.
    pub fn build(
        year: i32,
        scope: Scope,
        this: &[Facts],
        last: &[Facts],
        threshold: u64,
    ) -> YearReport {
        let a = items(this);
        let b = items(last);
        let hide_a = suppress(&a.values, &a.equations, 0, threshold);
        let hide_b = suppress(&b.values, &b.equations, 0, threshold);
        let shown = |values: &[u64], hide: &[bool], i: usize| {
            if hide[i] {
                Shown::Suppressed
            } else {
                Shown::Count(values[i])
            }
        };
        // The two years have the same tables and rows, in the same order.
        let tables = a
            .tables
            .iter()
            .zip(&b.tables)
            .map(|((title, rows), (_, rows_b))| Table {
                title,
                rows: rows
                    .iter()
                    .zip(rows_b)
                    .map(|((label, i), (_, j))| {
                        let this_year = shown(&a.values, &hide_a, *i);
                        let last_year = shown(&b.values, &hide_b, *j);
                        let change = match (this_year, last_year) {
                            (Shown::Count(x), Shown::Count(y)) => Some(x as i64 - y as i64),
                            _ => None,
                        };
                        Row {
                            label: label.clone(),
                            this_year,
                            last_year,
                            change,
                        }
                    })
                    .collect(),
            })
            .collect();
        YearReport {
            year,
            scope,
            threshold,
            tables,
        }
    }

    /// As Markdown (see [`super::figures::Figures`]).
    pub fn markdown(&self) -> String {
        super::figures::Figures::of_report(self).markdown()
    }
}

/// A row of the trends: its label, a number per year, the direction.
pub type TrendRow = (String, Vec<Shown>, Option<&'static str>);

/// The figures of several years side by side (§4.1, the biennial review),
/// each year suppressed on its own; the direction from the first year to
/// the last where both are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trends {
    pub scope: Scope,
    pub threshold: u64,
    pub years: Vec<i32>,
    /// Per table: its title and rows (label, a number per year, direction).
    pub tables: Vec<(&'static str, Vec<TrendRow>)>,
}

impl Trends {
    pub fn build(scope: Scope, years: &[(i32, Vec<Facts>)], threshold: u64) -> Trends {
        let per_year: Vec<(Items, Vec<bool>)> = years
            .iter()
            .map(|(_, facts)| {
                let it = items(facts);
                let hidden = suppress(&it.values, &it.equations, 0, threshold);
                (it, hidden)
            })
            .collect();
        let mut tables = Vec::new();
        if let Some((first, _)) = per_year.first() {
            for (t, (title, rows)) in first.tables.iter().enumerate() {
                let rows = rows
                    .iter()
                    .enumerate()
                    .map(|(r, (label, _))| {
                        let shown: Vec<Shown> = per_year
                            .iter()
                            .map(|(it, hidden)| {
                                let i = it.tables[t].1[r].1;
                                if hidden[i] {
                                    Shown::Suppressed
                                } else {
                                    Shown::Count(it.values[i])
                                }
                            })
                            .collect();
                        let direction = match (shown.first(), shown.last()) {
                            (Some(Shown::Count(a)), Some(Shown::Count(b))) if shown.len() > 1 => {
                                Some(match b.cmp(a) {
                                    std::cmp::Ordering::Greater => "stijgend",
                                    std::cmp::Ordering::Less => "dalend",
                                    std::cmp::Ordering::Equal => "gelijk",
                                })
                            }
                            _ => None,
                        };
                        (label.clone(), shown, direction)
                    })
                    .collect();
                tables.push((*title, rows));
            }
        }
        Trends {
            scope,
            threshold,
            years: years.iter().map(|(y, _)| *y).collect(),
            tables,
        }
    }

    /// As Markdown (see [`super::figures::Figures`]).
    pub fn markdown(&self) -> String {
        super::figures::Figures::of_trends(self).markdown()
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
