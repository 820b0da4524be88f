//! `raadsorde export --format csv --out DIR`: the cases the identity may
//! see as CSV files that open correctly in a Dutch spreadsheet.
//!
//! - `zaken.csv`, `gebeurtenissen.csv`, `maatregelen.csv`, `nazorg.csv`,
//!   `schade.csv`: one header row each, one row per case, event, measure,
//!   aftercare talk or damage item.
//! - UTF-8 with a byte-order mark, `;` between fields and a decimal comma
//!   (both can be changed), ISO dates (`2026-03-01`) and times
//!   (`2026-03-01T20:00`, local).
//! - A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//!   return gets a leading `'`, so that no spreadsheet runs it as a formula.
//! - Never what §7 marks confidential: no security measures, no risk checks
//!   (their events are left out, not emptied).
//! - Written through the `csv` crate, case by case (the memory does not grow
//!   with the register), each file beside its place first and renamed when
//!   whole; files 0600, a new directory 0700.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::types::Value;

use super::{Action, Store, StoreError};
use crate::domain::case::Cents;
use crate::domain::casefile::CaseFile;

/// How the numbers and fields are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// Between fields: `;` by default (a Dutch spreadsheet's list separator).
    pub delimiter: u8,
    /// `1234,56` (default) or `1234.56`.
    pub decimal_comma: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b';',
            decimal_comma: true,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvSummary {
    pub cases: usize,
    pub events: usize,
    pub measures: usize,
    pub talks: usize,
    pub damages: usize,
    /// Events left out because §7 marks them confidential.
    pub confidential: usize,
    pub files: Vec<PathBuf>,
}

/// The files, in the order they are written.
pub const FILES: [&str; 5] = [
    "zaken.csv",
    "gebeurtenissen.csv",
    "maatregelen.csv",
    "nazorg.csv",
    "schade.csv",
];

const HEADERS: [&[&str]; 5] = [
    &[
        "zaak",
        "gebeurd",
        "geregistreerd",
        "herkomst",
        "kanaal",
        "categorie",
        "normoverschrijdend",
        "slachtoffer",
        "rol_slachtoffer",
        "wat",
        "plaats",
        "status",
        "volgende_stap",
        "uiterlijk",
    ],
    &[
        "zaak",
        "volgnummer",
        "moment",
        "door",
        "soort",
        "omschrijving",
        "gecorrigeerd",
    ],
    &[
        "zaak",
        "maatregel",
        "soort",
        "besloten_op",
        "besloten_door",
        "begin",
        "einde",
        "status",
        "notitie",
    ],
    &[
        "zaak",
        "gesprek",
        "gepland_op",
        "gepland_door",
        "gehouden_op",
        "gehouden_door",
        "doorverwezen",
        "afgeslagen_op",
    ],
    &[
        "zaak",
        "omschrijving",
        "bedrag",
        "betaald_aan_slachtoffer",
        "verhaald",
        "openstaand",
    ],
];

/// A text cell as written: a leading `'` before what a spreadsheet would
/// take for a formula.
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn day(d: &NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn moment(t: &DateTime<FixedOffset>) -> String {
    crate::domain::time::to_local(t.with_timezone(&chrono::Utc))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

impl CsvOptions {
    /// Cents as `1234,56` (or `1234.56`): no thousands separator.
    pub fn amount(&self, cents: Cents) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        let mark = if self.decimal_comma { ',' } else { '.' };
        format!("{sign}{}{mark}{:02}", abs / 100, abs % 100)
    }
}

/// One file being written: `.NAME.deel` in the directory, renamed at the end.
struct Sheet {
    partial: PathBuf,
    target: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

impl Sheet {
    fn create(
        dir: &Path,
        name: &str,
        header: &[&str],
        opts: &CsvOptions,
    ) -> Result<Sheet, StoreError> {
        let target = dir.join(name);
        let partial = dir.join(format!(".{name}.deel"));
        let file = super::key::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&partial)
            .map_err(|e| io_err(&partial, e))?;
        let mut out = BufWriter::new(file);
        // The byte-order mark: a spreadsheet then reads UTF-8, not ANSI.
        out.write_all("\u{feff}".as_bytes())
            .map_err(|e| io_err(&partial, e))?;
        let mut writer = csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer
            .write_record(header)
            .map_err(|e| csv_err(&partial, e))?;
        Ok(Sheet {
            partial,
            target,
            writer,
        })
    }

    fn row(&mut self, fields: &[String]) -> Result<(), StoreError> {
        self.writer
            .write_record(fields)
            .map_err(|e| csv_err(&self.partial, e))
    }

    fn finish(self) -> Result<PathBuf, StoreError> {
        let file = self
            .writer
            .into_inner()
            .map_err(|e| io_err(&self.partial, std::io::Error::other(e.to_string())))?
            .into_inner()
            .map_err(|e| io_err(&self.partial, e.into_error()))?;
        file.sync_all().map_err(|e| io_err(&self.partial, e))?;
        std::fs::rename(&self.partial, &self.target).map_err(|e| io_err(&self.target, e))?;
        Ok(self.target)
    }
}

fn io_err(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        action: Action::Save,
        source,
    }
}

/// How many cases the CSV export reads at a time.
const CASES_AT_ONCE: usize = 1000;

fn csv_err(path: &Path, e: csv::Error) -> StoreError {
    io_err(path, std::io::Error::other(e.to_string()))
}

impl Store {
    /// Writes the CSV files of the cases this store's identity may see into
    /// `dir` (made, 0700, when it does not exist). Nothing is logged here:
    /// the command logs the export before it calls this.
    pub fn export_csv(&self, dir: &Path, opts: &CsvOptions) -> Result<CsvSummary, StoreError> {
        self.export_csv_reading(dir, opts, CASES_AT_ONCE)
    }

    /// [`Store::export_csv`], reading `at_once` cases at a time.
    fn export_csv_reading(
        &self,
        dir: &Path,
        opts: &CsvOptions,
        at_once: usize,
    ) -> Result<CsvSummary, StoreError> {
        super::key::create_private_dir(dir).map_err(|e| io_err(dir, e))?;
        let mut sheets = Vec::new();
        for (name, header) in FILES.iter().zip(HEADERS) {
            sheets.push(Sheet::create(dir, name, header, opts)?);
        }
        let written = self.fill(&mut sheets, opts, at_once);
        let mut summary = match written {
            Ok(s) => s,
            Err(e) => {
                for s in &sheets {
                    let _ = std::fs::remove_file(&s.partial);
                }
                return Err(e);
            }
        };
        for sheet in sheets {
            summary.files.push(sheet.finish()?);
        }
        Ok(summary)
    }

    /// Writes the rows of the visible cases, `at_once` cases read at a
    /// time in the order of their ids: what is held does not grow with the
    /// register.
    fn fill(
        &self,
        sheets: &mut [Sheet],
        opts: &CsvOptions,
        at_once: usize,
    ) -> Result<CsvSummary, StoreError> {
        let [cases, events, measures, talks, damages] = sheets else {
            return Err(StoreError::Sqlite("vijf bestanden verwacht".into()));
        };
        let mut sum = CsvSummary::default();
        let visibility = self.visibility()?;
        let mut after = 0;
        loop {
            let batch = self.visible_cases(visibility.as_ref(), after, at_once)?;
            let Some((last, ..)) = batch.last() else {
                break;
            };
            after = *last;
            for (id, number, next_step, next_due) in batch {
                let list = super::events::case_events(&self.conn, id)?;
                let file = CaseFile::derive(id, &list);
                sum.cases += 1;
                case_row(cases, &file, &number, next_step, next_due)?;
                for (row, event) in file.timeline.iter().zip(&list) {
                    if event.body.is_confidential() {
                        sum.confidential += 1;
                        continue;
                    }
                    let kind = event.body.to_parts()?.0;
                    events.row(&[
                        number.clone(),
                        event.seq.to_string(),
                        moment(&event.at),
                        cell(&event.actor),
                        kind,
                        cell(&row.text),
                        cell(row.corrected.as_deref().unwrap_or("")),
                    ])?;
                    sum.events += 1;
                }
                for m in &file.measures {
                    measures.row(&[
                        number.clone(),
                        m.id.to_string(),
                        m.kind.label().to_string(),
                        day(&m.decided_on),
                        cell(&m.decided_by),
                        m.start.as_ref().map(day).unwrap_or_default(),
                        m.end.as_ref().map(day).unwrap_or_default(),
                        m.status.label().to_string(),
                        cell(&m.note),
                    ])?;
                    sum.measures += 1;
                }
                for t in &file.aftercare {
                    if t.planned.is_none() && t.held.is_none() && t.declined.is_none() {
                        continue;
                    }
                    talks.row(&[
                        number.clone(),
                        t.talk.label().to_string(),
                        t.planned.as_ref().map(|p| day(&p.on)).unwrap_or_default(),
                        cell(t.planned.as_ref().map(|p| p.by.as_str()).unwrap_or("")),
                        t.held.as_ref().map(|h| day(&h.on)).unwrap_or_default(),
                        cell(t.held.as_ref().map(|h| h.by.as_str()).unwrap_or("")),
                        t.held
                            .as_ref()
                            .map(|h| yes_no(h.referral).to_string())
                            .unwrap_or_default(),
                        t.declined.as_ref().map(day).unwrap_or_default(),
                    ])?;
                    sum.talks += 1;
                }
                for d in &file.damages {
                    damages.row(&[
                        number.clone(),
                        cell(&d.description),
                        opts.amount(d.amount),
                        opts.amount(d.paid_to_victim),
                        opts.amount(d.recovered),
                        opts.amount(d.paid_to_victim - d.recovered),
                    ])?;
                    sum.damages += 1;
                }
            }
        }
        Ok(sum)
    }

    /// The next `at_most` cases `visibility` lets the identity see after id
    /// `after`, by id: id, number, next step, and when it is due (UTC).
    #[allow(clippy::type_complexity)]
    fn visible_cases(
        &self,
        visibility: Option<&super::access::Visibility>,
        after: u64,
        at_most: usize,
    ) -> Result<Vec<(u64, String, Option<String>, Option<String>)>, StoreError> {
        let mut sql = String::from(
            "SELECT c.id, c.number, c.next_step, c.next_due_utc FROM cases c WHERE c.id > :after",
        );
        let mut values: Vec<(&'static str, Value)> = vec![
            (":after", Value::Integer(after as i64)),
            (":at_most", Value::Integer(at_most as i64)),
        ];
        if let Some(vis) = visibility {
            super::due::push_visibility(&mut sql, &mut values, vis);
        }
        sql.push_str(" ORDER BY c.id LIMIT :at_most");
        let mut stmt = self.conn.prepare(&sql)?;
        let params = super::due::named(&values);
        let rows = stmt
            .query_map(params.as_slice(), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

fn case_row(
    sheet: &mut Sheet,
    f: &CaseFile,
    number: &str,
    next_step: Option<String>,
    next_due: Option<String>,
) -> Result<(), StoreError> {
    let due = next_due
        .as_deref()
        .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
        .map(|d| moment(&d))
        .unwrap_or_default();
    sheet.row(&[
        number.to_string(),
        moment(&f.occurred_at),
        moment(&f.opened_at),
        f.origin.label().to_string(),
        f.channel.map(|c| c.label().to_string()).unwrap_or_default(),
        if f.category_known() {
            f.category.label().to_string()
        } else {
            String::new()
        },
        yes_no(f.crosses_norm()).to_string(),
        cell(f.victim.as_ref().map(|v| v.name.as_str()).unwrap_or("")),
        f.victim
            .as_ref()
            .map(|v| v.role.label().to_string())
            .unwrap_or_default(),
        cell(&f.what),
        cell(&f.place),
        f.status.label().to_string(),
        cell(next_step.as_deref().unwrap_or("")),
        due,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_looks_like_a_formula_is_never_run() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+31 6 1234", "'+31 6 1234"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTAB", "'\tTAB"),
            ("gewoon", "gewoon"),
            ("Ärger = groot", "Ärger = groot"),
            ("", ""),
        ] {
            assert_eq!(cell(text), written, "{text:?}");
        }
    }

    /// Read a few cases at a time, the files are the same as read all at
    /// once: no case left out or written twice at a batch's edge, for the
    /// admin and for a viewer whose role sees only some of the cases.
    #[test]
    fn the_files_are_the_same_however_many_cases_are_read_at_a_time() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("r.db");
        let mut store = Store::open(&path).unwrap();
        crate::demo::generate(&mut store, 40, 3).unwrap();
        store.act_as("beheer").unwrap();
        store
            .grant_role("kim", crate::domain::access::Role::Kabinet)
            .unwrap();
        drop(store);
        let read = |identity: &str, at_once: usize| {
            let mut store = Store::open(&path).unwrap();
            store.act_as(identity).unwrap();
            let out = dir.path().join(format!("{identity}-{at_once}"));
            let summary = store
                .export_csv_reading(&out, &CsvOptions::default(), at_once)
                .unwrap();
            let files: Vec<Vec<u8>> = summary
                .files
                .iter()
                .map(|f| std::fs::read(f).unwrap())
                .collect();
            (summary.cases, files)
        };
        for identity in ["beheer", "kim"] {
            let (cases, whole) = read(identity, 1000);
            for at_once in [1, 3, 7] {
                assert_eq!(
                    read(identity, at_once),
                    (cases, whole.clone()),
                    "{identity} {at_once}"
                );
            }
        }
        let (all, _) = read("beheer", 1000);
        let (some, _) = read("kim", 1000);
        assert_eq!(all, 40);
        assert!(some > 0 && some < all, "kim sees {some} of {all}");
    }

    #[test]
    fn amounts_have_a_decimal_comma_and_no_thousands_separator() {
        let nl = CsvOptions::default();
        assert_eq!(nl.amount(123_456), "1234,56");
        assert_eq!(nl.amount(5), "0,05");
        assert_eq!(nl.amount(-1_000), "-10,00");
        let point = CsvOptions {
            decimal_comma: false,
            ..nl
        };
        assert_eq!(point.amount(123_456), "1234.56");
    }
}
