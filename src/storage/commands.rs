//! The `verify` and `export` commands: what they say and their exit code.
//! Both read the register read-only ([`Store::open_read_only`]) and say on
//! stderr how; `verify` writes nothing to it, `export` only its own entry
//! in the access log (after checking the roles of who asks).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::receipts::{self, Reason, Settings};
use super::{Action, HeadCheck, OpenMode, Store, StoreError, Verdict};

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

/// `raadsorde export --json [--out FILE]`: streams the export. A row that
/// cannot be read is marked in place and named on stderr; the exit code is
/// then [`EXIT_DAMAGED`]. With `--out` the file appears only when the
/// export is complete (written beside it, then renamed). A complete export
/// writes a head receipt to `settings` (said on stderr; not on read-only
/// media, nor when the register no longer holds the newest receipt's head).
/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind<'a> {
    /// `export --json`: the whole register, for audit; the admin's.
    Full,
    /// `export --subject PERSOON`: one person's right of access; the
    /// privacy officer's or the admin's.
    Subject(&'a str),
}

/// `raadsorde export --json` / `export --subject PERSOON`, for `identity`.
/// The register is read read-only; the export is first allowed for the
/// identity's roles and recorded in the access log (the one write), unless
/// the register cannot take a write (read-only media, a damaged history):
/// then the roles recorded decide and stderr says that the access was not
/// logged. Exit code [`EXIT_OK`], [`EXIT_FAILED`] (also: refused) or
/// [`EXIT_DAMAGED`].
pub fn export(
    path: &Path,
    settings: Settings,
    target: Option<&Path>,
    identity: &str,
    kind: ExportKind<'_>,
    stdout: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let Some(store) = open_saying(
        path,
        "alleen de inzage wordt erin vastgelegd (toegangslogboek)",
        err,
    )?
    else {
        return Ok(EXIT_FAILED);
    };
    let subject = match authorise(&store, path, identity, kind, err)? {
        Ok(doc) => doc,
        Err(refusal) => {
            writeln!(err, "raadsorde: {refusal}")?;
            return Ok(EXIT_FAILED);
        }
    };
    if let Some(doc) = subject {
        let written = write_json(&doc, target, stdout);
        return match written {
            Ok(()) => {
                writeln!(
                    err,
                    "raadsorde: inzageverzoek geëxporteerd: {} zaken als slachtoffer, {} vermeldingen als veroorzaker; gegevens van anderen en vertrouwelijke gegevens zijn weggelaten",
                    doc.as_victim.len(),
                    doc.as_perpetrator.len()
                )?;
                Ok(EXIT_OK)
            }
            Err(e) => {
                writeln!(err, "raadsorde: export mislukt: {e}")?;
                Ok(EXIT_FAILED)
            }
        };
    }
    let result = match target {
        None => {
            let mut w = BufWriter::new(stdout);
            store.export_to(&mut w)
        }
        Some(target) => export_file(&store, target),
    };
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "raadsorde: export mislukt: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    writeln!(
        err,
        "raadsorde: {} vergaderingen, {} zaken, {} gebeurtenissen geëxporteerd (modus {})",
        summary.meetings,
        summary.cases,
        summary.events,
        store.mode().label()
    )?;
    if summary.unreadable.is_empty() {
        // Every export is anchored: a receipt of the head it exported.
        let _ = receipt_for(store, settings, Reason::Export, err)?;
        return Ok(EXIT_OK);
    }
    writeln!(
        err,
        "raadsorde: geen ontvangstbewijs geschreven: het register is beschadigd"
    )?;
    writeln!(
        err,
        "raadsorde: {} rijen onleesbaar; in de export staan ze op hun plaats gemarkeerd met \"onleesbaar\":",
        summary.unreadable.len()
    )?;
    for (table, id, why) in &summary.unreadable {
        let what = if *table == "events" { "seq" } else { "rij" };
        writeln!(err, "  {table} {what} {id}: {why}")?;
    }
    writeln!(
        err,
        "raadsorde: voer raadsorde verify uit voor alle problemen"
    )?;
    Ok(EXIT_DAMAGED)
}

/// Whether `identity` may make this export, and the access logged: `Ok`
/// with the subject's document for a subject export (made as that
/// identity), or a Dutch refusal.
fn authorise(
    ro: &Store,
    path: &Path,
    identity: &str,
    kind: ExportKind<'_>,
    err: &mut dyn Write,
) -> io::Result<Result<Option<super::SubjectExport>, String>> {
    use crate::domain::access::AccessKind;
    let (what, scope) = match kind {
        ExportKind::Full => (AccessKind::ExportFull, "hele register".to_string()),
        ExportKind::Subject(s) => (AccessKind::ExportSubject, format!("inzageverzoek: {s}")),
    };
    // A write onto a damaged history, or on read-only media, is not made.
    let mut checked = None;
    let mut cannot_log = if ro.mode() == OpenMode::Immutable {
        Some("het register staat op een alleen-lezen medium".to_string())
    } else {
        match ro.verify_history() {
            Ok(v) if v.is_intact() => {
                checked = Some(v);
                None
            }
            Ok(_) => Some("het register is beschadigd (voer raadsorde verify uit)".to_string()),
            Err(e) => Some(format!("het register kon niet worden gecontroleerd ({e})")),
        }
    };
    // A register that cannot be opened for writing (one from before
    // encryption, to be converted first) is read, not logged.
    let writable = match cannot_log {
        Some(_) => None,
        None => match Store::open_with(path, None) {
            Ok(rw) => Some(rw),
            Err(e) => {
                cannot_log = Some(format!(
                    "het register kan niet worden geopend om erin te schrijven ({e})"
                ));
                None
            }
        },
    };
    if let Some(mut rw) = writable {
        let logged = (|| -> Result<Option<super::SubjectExport>, StoreError> {
            rw.act_as_after(identity, checked.as_ref())?;
            let doc = match kind {
                ExportKind::Full => {
                    rw.check_full_export()?;
                    None
                }
                ExportKind::Subject(s) => Some(rw.export_subject(s)?),
            };
            let event = rw.log_access(what, None, &scope)?;
            tracing::info!("access logged at seq {}", event.seq);
            Ok(doc)
        })();
        return Ok(match logged {
            Ok(doc) => {
                writeln!(
                    err,
                    "raadsorde: vastgelegd in het toegangslogboek: {} door {identity}",
                    what.label()
                )?;
                Ok(doc)
            }
            Err(StoreError::Refused(text)) => Err(text),
            Err(e) => Err(format!(
                "de inzage kon niet in het toegangslogboek worden vastgelegd, dus er is niets geëxporteerd: {e}"
            )),
        });
    }
    let why = cannot_log.unwrap_or_default();
    // The roles as recorded decide; a register without roles has none.
    let recorded = ro.recorded_roles(identity).map_err(io::Error::other)?;
    if let Some(roles) = &recorded {
        use crate::domain::access;
        let allowed = match kind {
            ExportKind::Full => access::is_admin(roles),
            ExportKind::Subject(_) => access::is_admin(roles) || access::may_read_access_log(roles),
        };
        if !allowed {
            return Ok(Err(format!(
                "Geweigerd: deze export is alleen voor de beheerder{}, en {identity} heeft die rol niet. Vraag de beheerder om de export",
                if matches!(kind, ExportKind::Subject(_)) {
                    " of de privacyfunctionaris"
                } else {
                    ""
                }
            )));
        }
    }
    writeln!(
        err,
        "raadsorde: let op: deze inzage is NIET in het toegangslogboek vastgelegd: {why}. Noteer zelf wie wat heeft geëxporteerd, en meld het aan de privacyfunctionaris"
    )?;
    Ok(Ok(match kind {
        ExportKind::Full => None,
        ExportKind::Subject(s) => Some(ro.export_subject(s).map_err(io::Error::other)?),
    }))
}

/// A document as JSON to `target` (written beside it first, then renamed)
/// or to standard output.
fn write_json(
    doc: &impl serde::Serialize,
    target: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<(), StoreError> {
    let text = serde_json::to_string_pretty(doc)
        .map_err(|e| StoreError::Invalid(format!("export kon niet worden opgemaakt: {e}")))?;
    let io_err = |path: &Path, source: io::Error| StoreError::Io {
        path: path.to_path_buf(),
        action: Action::Save,
        source,
    };
    match target {
        None => {
            writeln!(stdout, "{text}").map_err(|e| io_err(Path::new("-"), e))?;
            stdout.flush().map_err(|e| io_err(Path::new("-"), e))
        }
        Some(target) => {
            let partial = partial_path(target);
            let written = std::fs::write(&partial, text.as_bytes())
                .map_err(|e| io_err(&partial, e))
                .and_then(|()| std::fs::rename(&partial, target).map_err(|e| io_err(target, e)));
            if written.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            written
        }
    }
}

fn export_file(store: &Store, target: &Path) -> Result<super::ExportSummary, StoreError> {
    let partial = partial_path(target);
    let io_err = |path: &Path, source: io::Error| StoreError::Io {
        path: path.to_path_buf(),
        action: Action::Save,
        source,
    };
    let file = super::key::private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&partial)
        .map_err(|e| io_err(&partial, e))?;
    let mut w = BufWriter::new(file);
    let written = store
        .export_to(&mut w)
        .and_then(|s| {
            let file = w
                .into_inner()
                .map_err(|e| io_err(&partial, e.into_error()))?;
            file.sync_all().map_err(|e| io_err(&partial, e))?;
            Ok(s)
        })
        .and_then(|s| {
            std::fs::rename(&partial, target).map_err(|e| io_err(target, e))?;
            Ok(s)
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// `export.json` -> `.export.json.deel`, beside it.
fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    target.with_file_name(format!(".{name}.deel"))
}

/// `raadsorde export --format csv --out DIR`, for `identity`: the cases it
/// may see, as CSV (see [`super::csv_export`]). Logged in the access log
/// before anything is written; where that cannot be (read-only media, a
/// damaged register) nothing is exported.
pub fn export_csv(
    path: &Path,
    dir: &Path,
    identity: &str,
    opts: super::csv_export::CsvOptions,
    err: &mut dyn Write,
) -> io::Result<u8> {
    use crate::domain::access::{self, AccessKind, Role};
    let mut store = match Store::open_with(path, None) {
        Ok(s) => s,
        Err(e) => {
            writeln!(
                err,
                "raadsorde: {e}; een CSV-export wordt alleen gemaakt als hij in het toegangslogboek kan worden vastgelegd"
            )?;
            return Ok(EXIT_FAILED);
        }
    };
    let checked = match store.verify_history() {
        Ok(v) if v.is_intact() => v,
        Ok(_) => {
            writeln!(
                err,
                "raadsorde: het register is beschadigd; er is niets geëxporteerd. Voer raadsorde verify --db {} uit",
                path.display()
            )?;
            return Ok(EXIT_FAILED);
        }
        Err(e) => {
            writeln!(err, "raadsorde: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    let roles = match store.act_as_after(identity, Some(&checked)) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "raadsorde: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    if access::roles_mask(&roles) == 0 && !roles.contains(&Role::Voorzittersassistent) {
        writeln!(
            err,
            "raadsorde: Geweigerd: {identity} heeft geen rol die zaken ziet, dus er is niets te exporteren. Vraag de beheerder om een rol"
        )?;
        return Ok(EXIT_FAILED);
    }
    let target = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if let Err(e) = store.log_access(
        AccessKind::ExportCsv,
        None,
        &format!("CSV-export naar {}", target.display()),
    ) {
        writeln!(
            err,
            "raadsorde: de export kon niet in het toegangslogboek worden vastgelegd, dus er is niets geëxporteerd: {e}"
        )?;
        return Ok(EXIT_FAILED);
    }
    match store.export_csv(dir, &opts) {
        Ok(s) => {
            writeln!(
                err,
                "raadsorde: CSV geschreven naar {}: {} zaken, {} gebeurtenissen, {} maatregelen, {} nazorggesprekken, {} schadeposten; {} vertrouwelijke gebeurtenissen (§7) weggelaten; vastgelegd in het toegangslogboek",
                target.display(),
                s.cases,
                s.events,
                s.measures,
                s.talks,
                s.damages,
                s.confidential
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(err, "raadsorde: CSV-export mislukt: {e}")?;
            Ok(EXIT_FAILED)
        }
    }
}
