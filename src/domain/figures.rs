//! Anonymised figures as one document shape, for every format: the yearly
//! report, the trends and the presidium overview each become [`Figures`]
//! (tables of counts already suppressed), and that is what the Markdown,
//! the PDF template (`assets/rapport.typ`) and the report screen with its
//! bar charts show. A number under the threshold is never in it: a hidden
//! cell is the text `< k` and has no bar.

use serde::Serialize;

use super::presidium::Presidium;
use super::report::{Shown, Trends, YearReport};

/// How a column's cells align.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub title: String,
    pub align: Align,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureRow {
    pub label: String,
    pub cells: Vec<String>,
    /// The number a chart shows for this row (the first column); `None`
    /// when it is hidden.
    pub bar: Option<u64>,
    /// The table's total.
    pub total: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureTable {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<FigureRow>,
    /// What the bars show (`2026`, `aantal`).
    pub bar_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub format: &'static str,
    pub title: String,
    /// Short, for the header of each page and the screen's title.
    pub short: String,
    pub intro: Vec<String>,
    pub threshold: u64,
    pub tables: Vec<FigureTable>,
}

fn right(title: impl Into<String>) -> Column {
    Column {
        title: title.into(),
        align: Align::Right,
    }
}

fn left(title: impl Into<String>) -> Column {
    Column {
        title: title.into(),
        align: Align::Left,
    }
}

fn bar(shown: Shown) -> Option<u64> {
    match shown {
        Shown::Count(n) => Some(n),
        Shown::Suppressed => None,
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

impl Figures {
    pub fn of_report(r: &YearReport) -> Figures {
        let k = r.threshold;
        Figures {
            format: "raadsorde-cijfers-1",
            title: format!("Jaarrapportage agressie en ordeverstoringen {}", r.year),
            short: format!("Jaarrapportage {} · {}", r.year, r.scope.label()),
            intro: vec![
                format!("Reikwijdte: {}.", r.scope.label()),
                format!(
                    "Geanonimiseerd: geen namen, geen omschrijvingen, geen data fijner dan een maand. Aantallen onder de {k} staan als \"< {k}\", en zo nodig ook een ander getal, zodat geen verborgen aantal uit totalen of uit het verschil met {} kan worden afgeleid.",
                    r.year - 1
                ),
            ],
            threshold: k,
            tables: r
                .tables
                .iter()
                .map(|t| FigureTable {
                    title: t.title.to_string(),
                    columns: vec![
                        right(r.year.to_string()),
                        right((r.year - 1).to_string()),
                        right("verschil"),
                    ],
                    rows: t
                        .rows
                        .iter()
                        .map(|row| FigureRow {
                            label: row.label.clone(),
                            cells: vec![
                                row.this_year.text(k),
                                row.last_year.text(k),
                                row.change.map(signed).unwrap_or_else(|| "—".into()),
                            ],
                            bar: bar(row.this_year),
                            total: false,
                        })
                        .collect(),
                    bar_label: r.year.to_string(),
                })
                .collect(),
        }
    }

    pub fn of_trends(t: &Trends) -> Figures {
        let k = t.threshold;
        let (from, to) = (
            t.years.first().copied().unwrap_or_default(),
            t.years.last().copied().unwrap_or_default(),
        );
        let mut columns: Vec<Column> = t.years.iter().map(|y| right(y.to_string())).collect();
        columns.push(left("richting"));
        Figures {
            format: "raadsorde-cijfers-1",
            title: format!("Trends agressie en ordeverstoringen {from}–{to}"),
            short: format!("Trends {from}–{to} · {}", t.scope.label()),
            intro: vec![
                format!("Reikwijdte: {}.", t.scope.label()),
                format!(
                    "Geanonimiseerd zoals de jaarrapportage: elk jaar apart, aantallen onder de {k} als \"< {k}\". De richting vergelijkt het eerste en het laatste jaar, alleen waar beide getoond worden."
                ),
            ],
            threshold: k,
            tables: t
                .tables
                .iter()
                .map(|(title, rows)| FigureTable {
                    title: title.to_string(),
                    columns: columns.clone(),
                    rows: rows
                        .iter()
                        .map(|(label, shown, direction)| {
                            let mut cells: Vec<String> = shown.iter().map(|n| n.text(k)).collect();
                            cells.push(direction.unwrap_or("—").to_string());
                            FigureRow {
                                label: label.clone(),
                                cells,
                                bar: shown.last().copied().and_then(bar),
                                total: false,
                            }
                        })
                        .collect(),
                    bar_label: to.to_string(),
                })
                .collect(),
        }
    }

    pub fn of_presidium(p: &Presidium) -> Figures {
        let k = p.threshold;
        Figures {
            format: "raadsorde-cijfers-1",
            title: "Presidium: agressie en ordeverstoringen".into(),
            short: format!("Presidium · {}", p.period),
            intro: vec![
                format!("Periode: {}.", p.period),
                format!(
                    "Geanonimiseerd: geen namen, geen omschrijvingen, geen zaaknummers. Aantallen onder de {k} staan als \"< {k}\", en zo nodig ook een ander getal, zodat geen verborgen aantal uit het totaal kan worden afgeleid."
                ),
            ],
            threshold: k,
            tables: p
                .tables
                .iter()
                .map(|t| {
                    let mut rows: Vec<FigureRow> = t
                        .rows
                        .iter()
                        .map(|(label, n)| FigureRow {
                            label: label.clone(),
                            cells: vec![n.text(k)],
                            bar: bar(*n),
                            total: false,
                        })
                        .collect();
                    rows.push(FigureRow {
                        label: "totaal".into(),
                        cells: vec![t.total.text(k)],
                        bar: None,
                        total: true,
                    });
                    FigureTable {
                        title: t.title.to_string(),
                        columns: vec![right("aantal")],
                        rows,
                        bar_label: "aantal".into(),
                    }
                })
                .collect(),
        }
    }

    /// As Markdown: the title, the introduction, each table.
    pub fn markdown(&self) -> String {
        let mut s = format!("# {}\n\n{}\n", self.title, self.intro.join("\n\n"));
        for t in &self.tables {
            let heads: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
            let rule: String = t
                .columns
                .iter()
                .map(|c| match c.align {
                    Align::Right => "---:|",
                    Align::Left => "---|",
                })
                .collect();
            s.push_str(&format!(
                "\n## {}\n\n| | {} |\n|---|{rule}\n",
                t.title,
                heads.join(" | ")
            ));
            for r in &t.rows {
                let label = if r.total {
                    format!("**{}**", r.label)
                } else {
                    r.label.clone()
                };
                s.push_str(&format!("| {label} | {} |\n", r.cells.join(" | ")));
            }
        }
        s
    }
}
