//! The `verify` and `export` commands: what they say and their exit code.
//! Both read the register read-only ([`Store::open_read_only`]) and say on
//! stderr how; `verify` writes nothing to it, `export` only its own entry
//! in the access log (after checking the roles of who asks).

use std::io::{self, Write};
use std::path::Path;

use super::receipts::{self, Reason, Settings};
use super::{HeadCheck, OpenMode, Store, Verdict};

mod exports;

pub use exports::{ExportKind, export, export_csv};

/// Done; the register is intact.
pub const EXIT_OK: u8 = 0;
/// Could not do it (could not open, not a register); the message says why.
pub const EXIT_FAILED: u8 = 1;
/// The register is damaged or was tampered with.
pub const EXIT_DAMAGED: u8 = 4;

/// What to do when the register is damaged, for the end of the report.
const WHAT_TO_DO: &str = "Wat nu: laat dit bestand ongewijzigd (het is bewijs), maak er een kopie van, \
vergelijk het met een reservekopie of een afgedrukte kop, en meld het aan de griffie \
en de functionaris gegevensbescherming.";

fn open(path: &Path, err: &mut dyn Write) -> io::Result<Option<Store>> {
    open_saying(path, "er wordt niets in geschreven", err)
}

fn open_saying(path: &Path, writes: &str, err: &mut dyn Write) -> io::Result<Option<Store>> {
    match Store::open_read_only(path) {
        Ok(store) => {
            writeln!(
                err,
                "raadsorde: {} geopend in modus {}; {writes}",
                path.display(),
                store.mode().label()
            )?;
            for w in store.warnings() {
                writeln!(err, "raadsorde: let op: {w}")?;
            }
            Ok(Some(store))
        }
        Err(e) => {
            writeln!(err, "raadsorde: {e}")?;
            Ok(None)
        }
    }
}

/// `raadsorde verify [--receipts DIR]`: checks the whole register and
/// prints every problem; with `receipts`, also that every head receipt in
/// that directory is validly signed, that they form an unbroken chain and
/// that the register still holds each one's (seq, hash).
/// Exit code [`EXIT_OK`], [`EXIT_FAILED`] or [`EXIT_DAMAGED`].
pub fn verify(
    path: &Path,
    receipts: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    verify_with(path, receipts, &[], out, err)
}

/// [`verify`], and for each of `documents` (a dossier the register wrote)
/// that the register holds its record: the SHA-256 of the file as it is
/// now is named by a recorded dossier. A document that no record names was
/// not written by this register, or was changed since: exit [`EXIT_DAMAGED`].
pub fn verify_with(
    path: &Path,
    receipts: Option<&Path>,
    documents: &[std::path::PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let Some(store) = open(path, err)? else {
        return Ok(EXIT_FAILED);
    };
    let verdict = match store.verify() {
        Ok(v) => v,
        Err(e) => {
            writeln!(
                err,
                "raadsorde: {} kon niet worden gecontroleerd: {e}",
                path.display()
            )?;
            return Ok(EXIT_FAILED);
        }
    };
    // The receipts first: the head line stays last, where scripts (and the
    // minutes) take it from.
    let receipts = match receipts {
        None => None,
        Some(dir) => Some(check_receipts(&store, dir, out)?),
    };
    let mut documents_code = EXIT_OK;
    for doc in documents {
        documents_code = documents_code.max(check_document(&store, doc, out)?);
    }
    let code = match verdict {
        Verdict::Intact { count: 0, .. } => {
            writeln!(
                out,
                "register is leeg: {} bevat nog geen gebeurtenissen (niets om te controleren)",
                path.display()
            )?;
            EXIT_OK
        }
        Verdict::Intact { count, head } => {
            let head = head
                .map(|(seq, hash)| format!("; kop seq {seq} hash {}", hex::encode(hash)))
                .unwrap_or_default();
            writeln!(
                out,
                "register klopt: vergaderingen, zaken, veroorzakers en zoekindex volgen uit de gebeurtenissen"
            )?;
            // The head last: scripts (and the minutes) take it from the end.
            writeln!(out, "keten intact: {count} gebeurtenissen{head}")?;
            EXIT_OK
        }
        Verdict::Damaged(d) => {
            let total = d.problems.len() as u64 + d.unlisted;
            writeln!(
                out,
                "REGISTER BESCHADIGD OF GEWIJZIGD: {total} {} in {} ({} gebeurtenissen gelezen)",
                if total == 1 { "probleem" } else { "problemen" },
                path.display(),
                d.count
            )?;
            for p in &d.problems {
                writeln!(out, "{p}")?;
            }
            if d.unlisted > 0 {
                writeln!(
                    out,
                    "… en nog {} problemen, niet afzonderlijk genoemd",
                    d.unlisted
                )?;
            }
            writeln!(out, "{WHAT_TO_DO}")?;
            EXIT_DAMAGED
        }
    };
    let code = match receipts {
        None | Some(Some(true)) => code,
        Some(None) => EXIT_FAILED.max(code),
        Some(Some(false)) => EXIT_DAMAGED,
    };
    let code = code.max(documents_code);
    writeln!(
        err,
        "raadsorde: gecontroleerd in modus {}; niets geschreven",
        store.mode().label()
    )?;
    Ok(code)
}

/// One document for `verify --document`: its record, or why there is none.
fn check_document(store: &Store, doc: &Path, out: &mut dyn Write) -> io::Result<u8> {
    let bytes = match std::fs::read(doc) {
        Ok(b) => b,
        Err(e) => {
            writeln!(
                out,
                "document {}: kan niet worden gelezen ({}); controleer het pad",
                doc.display(),
                super::io_text(&e)
            )?;
            return Ok(EXIT_FAILED);
        }
    };
    let records = match store.document_records(&bytes) {
        Ok(r) => r,
        Err(e) => {
            writeln!(out, "document {}: niet te controleren ({e})", doc.display())?;
            return Ok(EXIT_FAILED);
        }
    };
    match records.first() {
        Some(r) => {
            writeln!(
                out,
                "document {} klopt: {}{}, opgemaakt {} door {}, vastgelegd als gebeurtenis {} met deze SHA-256",
                doc.display(),
                r.scope,
                r.case
                    .as_deref()
                    .map(|c| format!(" van zaak {c}"))
                    .unwrap_or_default(),
                r.at,
                r.identity,
                r.seq
            )?;
            Ok(EXIT_OK)
        }
        None => {
            writeln!(
                out,
                "DOCUMENT NIET HERKEND: {} is niet door dit register gemaakt, of is sindsdien gewijzigd (geen vastgelegd dossier heeft deze SHA-256)",
                doc.display()
            )?;
            Ok(EXIT_DAMAGED)
        }
    }
}

/// The receipts part of `verify`: `Some(true)` when every receipt holds,
/// `Some(false)` when a problem was found, `None` when the directory could
/// not be read.
fn check_receipts(store: &Store, dir: &Path, out: &mut dyn Write) -> io::Result<Option<bool>> {
    let report = match store.check_receipts(dir) {
        Ok(r) => r,
        Err(e) => {
            writeln!(
                out,
                "ontvangstbewijzen in {} konden niet worden gecontroleerd: {e}",
                dir.display()
            )?;
            return Ok(None);
        }
    };
    if report.others > 0 {
        writeln!(
            out,
            "ontvangstbewijzen: {} bewijs/bewijzen van andere registers in {} overgeslagen",
            report.others,
            dir.display()
        )?;
    }
    if report.problems.is_empty() {
        if let Some(newest) = &report.newest {
            writeln!(
                out,
                "ontvangstbewijzen kloppen: {} bewijzen, ondertekend met sleutel {}; het register bevat de kop van elk, tot en met nr. {} (seq {}, {})",
                report.checked,
                newest.fingerprint(),
                newest.number,
                newest.seq,
                newest.at
            )?;
        }
        return Ok(Some(true));
    }
    writeln!(
        out,
        "ONTVANGSTBEWIJZEN KLOPPEN NIET: {} {} met de bewijzen in {}",
        report.problems.len(),
        if report.problems.len() == 1 {
            "probleem"
        } else {
            "problemen"
        },
        dir.display()
    )?;
    for p in &report.problems {
        writeln!(out, "ONTVANGSTBEWIJS: {p}")?;
    }
    writeln!(out, "{WHAT_TO_DO}")?;
    Ok(Some(false))
}

/// Writes a receipt of the head of a store opened read-only (after an
/// export, or on request), unless it was opened immutable (read-only media):
/// then it says so. The lines go to `err`; the receipt is returned.
fn receipt_for(
    store: Store,
    settings: Settings,
    reason: Reason,
    err: &mut dyn Write,
) -> io::Result<Result<Option<receipts::Receipt>, String>> {
    if store.mode() == OpenMode::Immutable {
        let why = format!(
            "geen ontvangstbewijs geschreven: {} staat op een alleen-lezen medium (modus {})",
            store.path().display(),
            store.mode().label()
        );
        writeln!(err, "raadsorde: {why}")?;
        return Ok(Err(why));
    }
    let mut store = store.with_receipts(Some(settings));
    match store.write_receipt(reason) {
        Ok(Some((receipt, file))) => {
            writeln!(
                err,
                "raadsorde: ontvangstbewijs nr. {} geschreven: {} (kop seq {}, hash {}; sleutel {})",
                receipt.number,
                file.display(),
                receipt.seq,
                receipt.head,
                receipt.fingerprint()
            )?;
            Ok(Ok(Some(receipt)))
        }
        Ok(None) => {
            writeln!(
                err,
                "raadsorde: geen ontvangstbewijs geschreven: het register is leeg"
            )?;
            Ok(Ok(None))
        }
        Err(e) => {
            let why = format!("geen ontvangstbewijs geschreven: {e}");
            writeln!(err, "raadsorde: {why}")?;
            Ok(Err(why))
        }
    }
}

/// `raadsorde receipt`: writes a receipt of the head now (to
/// `settings.dir`, signed with the key at `settings.key`) and prints it.
pub fn receipt(
    path: &Path,
    settings: Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let Some(store) = open(path, err)? else {
        return Ok(EXIT_FAILED);
    };
    let blocked = matches!(
        store.check_receipt_head(&settings),
        Ok(HeadCheck::Broken { .. })
    );
    match receipt_for(store, settings, Reason::Manual, err)? {
        Ok(Some(receipt)) => {
            write!(out, "{}", receipt.printable())?;
            Ok(EXIT_OK)
        }
        Ok(None) => Ok(EXIT_FAILED),
        Err(_) if blocked => Ok(EXIT_DAMAGED),
        Err(_) => Ok(EXIT_FAILED),
    }
}
