//! The export commands: `export --json` (the whole register, streamed),
//! `export --subject` (one person's right of access) and `export --format
//! csv`, each logged in the access log before it is written.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{EXIT_DAMAGED, EXIT_FAILED, EXIT_OK, open_saying, receipt_for};
use crate::storage::receipts::{Reason, Settings};
use crate::storage::{Action, OpenMode, Store, StoreError};

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
///
/// `--json` streams the export. A row that cannot be read is marked in
/// place and named on stderr; the exit code is then [`EXIT_DAMAGED`].
/// With `--out` the file appears only when the
/// export is complete (written beside it, then renamed). A complete export
/// writes a head receipt to `settings` (said on stderr; not on read-only
/// media, nor when the register no longer holds the newest receipt's head).
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
) -> io::Result<Result<Option<crate::storage::SubjectExport>, String>> {
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
        let logged = (|| -> Result<Option<crate::storage::SubjectExport>, StoreError> {
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

fn export_file(store: &Store, target: &Path) -> Result<crate::storage::ExportSummary, StoreError> {
    let partial = partial_path(target);
    let io_err = |path: &Path, source: io::Error| StoreError::Io {
        path: path.to_path_buf(),
        action: Action::Save,
        source,
    };
    let file = crate::storage::key::private_options()
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
/// may see, as CSV (see [`crate::storage::csv_export`]). Logged in the access log
/// before anything is written; where that cannot be (read-only media, a
/// damaged register) nothing is exported.
pub fn export_csv(
    path: &Path,
    dir: &Path,
    identity: &str,
    opts: crate::storage::csv_export::CsvOptions,
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
