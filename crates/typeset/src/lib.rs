//! Typst, embedded: one template and its data (JSON) to a PDF that declares
//! PDF/A-2b. Nothing is read from disk or the network: the template, the
//! data and the fonts are all given, so the same input gives the same
//! document on every machine.
//!
//! The data is never pasted into the markup: the template reads it with
//! `json("/data.json")`, so free text from the register (a `#`, a `]`, a
//! `*`) is typeset as text, never run as Typst.
//!
//! Fonts: the ones under `assets/fonts/` of raadsorde (Libertinus Serif for
//! text, DejaVu Sans Mono for digests), full Latin with Dutch accents,
//! embedded in the program; the licences are beside them.

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// The fonts a document may use, embedded in the program.
const FONTS: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../../assets/fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../../assets/fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
];

/// The family names of [`FONTS`], as a template asks for them.
pub const TEXT_FONT: &str = "Libertinus Serif";
pub const MONO_FONT: &str = "DejaVu Sans Mono";

/// The date the document carries (PDF/A requires one), in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// The offset from UTC, in minutes (Amsterdam: 60 or 120).
    pub offset_minutes: i32,
}

/// Why no document was made: Typst's own messages, in English (they name
/// the template line), for the log and a programmer; the caller says in
/// Dutch what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypesetError {
    pub messages: Vec<String>,
}

impl std::fmt::Display for TypesetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.messages.join("; "))
    }
}

impl std::error::Error for TypesetError {}

/// A finished PDF and what it holds.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

const MAIN: &str = "/main.typ";
const DATA: &str = "/data.json";

struct Embedded {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data: Bytes,
    today: DocumentDate,
}

impl World for Embedded {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id.vpath() == &VirtualPath::new(DATA) {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Datetime::from_ymd(self.today.year, self.today.month, self.today.day)
    }
}

fn messages(diagnostics: &[SourceDiagnostic], world: &Embedded) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let line = world
                .source(d.span.id().unwrap_or(world.main.id()))
                .ok()
                .and_then(|s| s.range(d.span))
                .map(|r| world.main.lines().byte_to_line(r.start).unwrap_or(0) + 1);
            match line {
                Some(l) => format!("regel {l}: {}", d.message),
                None => d.message.to_string(),
            }
        })
        .collect()
}

/// Typesets `template` (Typst markup that reads its data with
/// `json("/data.json")`) with `data` (JSON) into a PDF/A-2b document dated
/// `date` (the template leaves `document(date:)` at `auto`). Typst refuses what PDF/A forbids (a missing title or date, a
/// font that cannot be embedded), so a document made here conforms.
pub fn pdf(template: &str, data: &[u8], date: DocumentDate) -> Result<Pdf, TypesetError> {
    let fonts: Vec<Font> = FONTS
        .iter()
        .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
        .collect();
    let book = FontBook::from_fonts(&fonts);
    let world = Embedded {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(book),
        fonts,
        main: Source::new(
            FileId::new(None, VirtualPath::new(MAIN)),
            template.to_string(),
        ),
        data: Bytes::new(data.to_vec()),
        today: date,
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let document = compiled.output.map_err(|errors| TypesetError {
        messages: messages(&errors, &world),
    })?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| TypesetError {
        messages: vec![e.to_string()],
    })?;
    let when = Datetime::from_ymd_hms(
        date.year,
        date.month,
        date.day,
        date.hour,
        date.minute,
        date.second,
    )
    .ok_or_else(|| TypesetError {
        messages: vec![format!("ongeldige datum {date:?}")],
    })?;
    let options = PdfOptions {
        timestamp: Some(
            Timestamp::new_local(when, date.offset_minutes).ok_or_else(|| TypesetError {
                messages: vec![format!("ongeldige tijdzone {}", date.offset_minutes)],
            })?,
        ),
        standards,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| TypesetError {
        messages: messages(&errors, &world),
    })?;
    Ok(Pdf {
        bytes,
        pages: document.pages.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE: DocumentDate = DocumentDate {
        year: 2026,
        month: 12,
        day: 6,
        hour: 10,
        minute: 30,
        second: 0,
        offset_minutes: 60,
    };

    const TEMPLATE: &str = r#"
#let d = json("/data.json")
#set document(title: d.title)
#set text(font: "Libertinus Serif", lang: "nl", hyphenate: false)
= #d.title
#d.body
"#;

    #[test]
    fn data_is_typeset_as_text_never_run() {
        let data = r##"{"title": "Zaak 2026-0001", "body": "#panic(\"nee\") *vet* ’t Ö €"}"##;
        let pdf = pdf(TEMPLATE, data.as_bytes(), DATE).expect("typeset");
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert_eq!(pdf.pages, 1);
        let text = String::from_utf8_lossy(&pdf.bytes);
        assert!(text.contains("pdfaid"), "declares PDF/A");
    }

    #[test]
    fn a_broken_template_says_where() {
        let err = pdf("#let x = (", b"{}", DATE).expect_err("refused");
        assert!(err.messages[0].starts_with("regel 1"), "{err}");
    }
}
