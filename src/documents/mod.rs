//! Documents for others, in their formats: the police dossier as PDF/A
//! (typeset by Typst, embedded: `crates/typeset`), Markdown or JSON.
//!
//! A PDF is made from a template under `assets/` and the document's own
//! JSON; the template never sees free text as markup.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Timelike};
use raadsorde_typeset::DocumentDate;

use crate::domain::dossier::Dossier;
use crate::storage::{Store, StoreError, dossier as store_dossier};

/// The police dossier's template (Typst markup).
pub const DOSSIER_TEMPLATE: &str = include_str!("../../assets/dossier.typ");

/// The formats of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Markdown,
    Json,
}

impl Format {
    /// The format a file name asks for by its extension, if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_string_lossy().to_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }
}

/// Now, as the date a PDF carries.
pub fn document_date(now: chrono::DateTime<chrono::FixedOffset>) -> DocumentDate {
    DocumentDate {
        year: now.year(),
        month: now.month() as u8,
        day: now.day() as u8,
        hour: now.hour() as u8,
        minute: now.minute() as u8,
        second: now.second() as u8,
        offset_minutes: now.offset().local_minus_utc() / 60,
    }
}

/// The dossier in `format`, with the scope the access log records.
pub fn render_dossier(d: &Dossier, format: Format) -> Result<store_dossier::Rendered, String> {
    let json = || serde_json::to_vec_pretty(d).map_err(|e| e.to_string());
    Ok(match format {
        Format::Json => {
            let mut bytes = json()?;
            bytes.push(b'\n');
            store_dossier::Rendered {
                bytes,
                scope: "dossier, json".into(),
            }
        }
        Format::Markdown => store_dossier::Rendered {
            bytes: d.markdown().into_bytes(),
            scope: "dossier, md".into(),
        },
        Format::Pdf => {
            let pdf = raadsorde_typeset::pdf(
                DOSSIER_TEMPLATE,
                &json()?,
                document_date(crate::domain::time::now()),
            )
            .map_err(|e| {
                tracing::error!("typesetting the dossier failed: {e}");
                format!("de opmaak van de PDF mislukte ({e})")
            })?;
            store_dossier::Rendered {
                scope: format!(
                    "dossier, pdf, {} pagina{}",
                    pdf.pages,
                    if pdf.pages == 1 { "" } else { "'s" }
                ),
                bytes: pdf.bytes,
            }
        }
    })
}

/// `dossier.pdf` -> `.dossier.pdf.deel`, beside it.
fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dossier".into());
    target.with_file_name(format!(".{name}.deel"))
}

/// Written to a private file beside `target`, flushed to disk.
fn save_partial(partial: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = crate::storage::key::private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(partial)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// What [`write_dossier`] did.
#[derive(Debug, Clone)]
pub struct Written {
    pub recorded: store_dossier::Recorded,
    /// Where it went; `None`: to standard output.
    pub path: Option<PathBuf>,
}

/// Makes the dossier of the case `named` (its number, or `#id`) as the
/// store's identity, in `format`, to `out` or (Markdown, JSON) to
/// `stdout`, and records it with its SHA-256 as the next event.
pub fn write_dossier(
    store: &mut Store,
    named: &str,
    settings: &store_dossier::DossierSettings,
    format: Format,
    out: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<Written, StoreError> {
    let case = store_dossier::find_case(store.connection(), named)?.ok_or_else(|| {
        StoreError::Refused(format!(
            "zaak {named} bestaat niet; noem het zaaknummer zoals in het register (bijvoorbeeld 2026-0007)"
        ))
    })?;
    let render = |d: &Dossier| render_dossier(d, format);
    match out {
        Some(target) => {
            let partial = partial_path(target);
            let recorded = store.record_dossier(case, settings, render, |bytes| {
                save_partial(&partial, bytes)
            });
            let recorded = match recorded {
                Ok(r) => r,
                Err(e) => {
                    let _ = std::fs::remove_file(&partial);
                    return Err(e);
                }
            };
            std::fs::rename(&partial, target).map_err(|source| StoreError::Io {
                path: target.to_path_buf(),
                action: crate::storage::Action::Save,
                source,
            })?;
            Ok(Written {
                recorded,
                path: Some(target.to_path_buf()),
            })
        }
        None => {
            let mut kept = Vec::new();
            let recorded = store.record_dossier(case, settings, render, |bytes| {
                kept.extend_from_slice(bytes);
                Ok(())
            })?;
            stdout
                .write_all(&kept)
                .and_then(|()| stdout.flush())
                .map_err(|source| StoreError::Io {
                    path: PathBuf::from("-"),
                    action: crate::storage::Action::Save,
                    source,
                })?;
            Ok(Written {
                recorded,
                path: None,
            })
        }
    }
}

/// The template of the anonymised figures (report, trends, presidium).
pub const FIGURES_TEMPLATE: &str = include_str!("../../assets/rapport.typ");

/// Anonymised figures as PDF/A-2b, with a bar chart per table.
pub fn figures_pdf(f: &crate::domain::figures::Figures) -> Result<Vec<u8>, String> {
    let data = serde_json::to_vec(f).map_err(|e| e.to_string())?;
    raadsorde_typeset::pdf(
        FIGURES_TEMPLATE,
        &data,
        document_date(crate::domain::time::now()),
    )
    .map(|pdf| pdf.bytes)
    .map_err(|e| {
        tracing::error!("typesetting the figures failed: {e}");
        format!("de opmaak van de PDF mislukte ({e})")
    })
}

/// Anonymised figures as CSV for a Dutch spreadsheet: UTF-8 with BOM, `;`,
/// one row per table row (`tabel;rij;` and the columns); an absent change
/// is empty. Labels are guarded against formulas; the numbers are the
/// figures' own (`+11` is a number to a spreadsheet).
pub fn figures_csv(f: &crate::domain::figures::Figures) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut header_of: Option<Vec<String>> = None;
    for t in &f.tables {
        let header: Vec<String> = ["tabel".to_string(), "rij".to_string()]
            .into_iter()
            .chain(t.columns.iter().map(|c| c.title.clone()))
            .collect();
        if header_of.as_ref() != Some(&header) {
            w.write_record(&header).map_err(|e| e.to_string())?;
            header_of = Some(header);
        }
        for r in &t.rows {
            let cells = r
                .cells
                .iter()
                .map(|c| if c == "—" { String::new() } else { c.clone() });
            w.write_record(
                [
                    crate::storage::csv_export::cell(&t.title),
                    crate::storage::csv_export::cell(&r.label),
                ]
                .into_iter()
                .chain(cells),
            )
            .map_err(|e| e.to_string())?;
        }
    }
    w.into_inner().map_err(|e| e.to_string())
}
