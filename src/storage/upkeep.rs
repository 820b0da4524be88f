//! The `purge`, `backup` and `restore` commands: what they say and their
//! exit code (the codes of [`super::commands`]).

use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::backup_terms::{BackupState, OldBackup};
use super::commands::{EXIT_FAILED, EXIT_OK};
use super::receipts::Settings;
use super::retention::counted;
use super::{Retention, Store};

/// A register that must already exist: nothing is created by these
/// commands. `None` (and the message said) when it does not.
fn must_exist(path: &Path, err: &mut dyn Write) -> io::Result<bool> {
    if path.exists() {
        return Ok(true);
    }
    writeln!(
        err,
        "raadsorde: register {} bestaat niet; kies het juiste bestand met --db (raadsorde paden toont waar het register staat)",
        path.display()
    )?;
    Ok(false)
}

/// What `raadsorde purge` is asked to do.
pub struct PurgeRequest<'a> {
    pub term: Retention,
    /// The clock: what is past its term at this moment.
    pub now: DateTime<FixedOffset>,
    /// Erase; otherwise only list (a dry run).
    pub apply: bool,
    /// Who logs the purge.
    pub actor: &'a str,
    pub receipts: Settings,
}

/// `raadsorde purge [--apply]`: lists what is past the retention term at
/// `now` (case numbers, dates and counts; no names); with `apply`, erases
/// it, logged as a `payload-purged` event by `actor`.
pub fn purge(
    path: &Path,
    request: PurgeRequest<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let PurgeRequest {
        term,
        now,
        apply,
        actor,
        receipts,
    } = request;
    let (term, now) = (&term, &now);
    if !must_exist(path, err)? {
        return Ok(EXIT_FAILED);
    }
    let opened = if apply {
        Store::open_with(path, Some(receipts))
    } else {
        Store::open_read_only(path)
    };
    let mut store = match opened {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "raadsorde: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    for w in store.warnings() {
        writeln!(err, "raadsorde: let op: {w}")?;
    }
    writeln!(
        out,
        "bewaartermijn: {} jaar na het afsluiten van een zaak; peildatum {}",
        term.case_years,
        now.format("%d-%m-%Y %H:%M")
    )?;
    let plan = match store.purge_plan(now, term) {
        Ok(p) => p,
        Err(e) => {
            writeln!(err, "raadsorde: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    let backups = match store.old_backups(now, term.backup_days) {
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "raadsorde: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    if plan.is_empty() {
        writeln!(
            out,
            "niets te wissen: geen afgesloten zaak is ouder dan de bewaartermijn"
        )?;
        if !apply {
            list_backups(&backups, term, false, out)?;
            return Ok(EXIT_OK);
        }
    } else {
        writeln!(
            out,
            "{} (inhoud en persoonsgegevens): {}",
            if apply {
                "wordt gewist"
            } else {
                "zou worden gewist"
            },
            plan.counts()
        )?;
    }
    for c in &plan.cases {
        writeln!(
            out,
            "  zaak {}: afgesloten {}, {}",
            c.number,
            DateTime::parse_from_rfc3339(&c.closed_at)
                .map(|t| t.format("%d-%m-%Y").to_string())
                .unwrap_or_else(|_| c.closed_at.clone()),
            counted(c.events, "gebeurtenis", "gebeurtenissen")
        )?;
    }
    if !apply {
        list_backups(&backups, term, false, out)?;
        writeln!(
            out,
            "proefdraai: er is niets gewist. Wissen doet u met: raadsorde purge --apply"
        )?;
        return Ok(EXIT_OK);
    }
    let report = match store.purge(now, term, actor) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "raadsorde: wissen mislukt, er is niets gewist: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    if let Some(event) = &report.event {
        writeln!(
            out,
            "gewist: {}; vastgelegd als gebeurtenis {} (payload-purged). De keten blijft controleerbaar met raadsorde verify.",
            report.plan.counts(),
            event.seq
        )?;
    }
    let mut backups = backups;
    if backups.iter().any(|b| b.state == BackupState::Present)
        && let Err(e) = store.act_as(actor)
    {
        writeln!(err, "raadsorde: reservekopieën niet verwijderd: {e}")?;
        return Ok(EXIT_FAILED);
    }
    let mut failed = false;
    for b in backups
        .iter_mut()
        .filter(|b| b.state == BackupState::Present)
    {
        if let Err(e) = store.remove_backup(b) {
            b.state = BackupState::NotOurs(format!("verwijderen mislukt: {e}"));
            failed = true;
        }
    }
    list_backups(&backups, term, true, out)?;
    if let Some(why) = &report.cleanup {
        writeln!(
            err,
            "raadsorde: let op: het wissen is vastgelegd, maar het opruimen van het bestand lukte niet ({why}); er kunnen nog resten in vrije ruimte of in {}-wal staan. Sluit raadsorde op de andere werkplekken en voer raadsorde purge --apply nogmaals uit",
            path.display()
        )?;
    } else if !report.wal_emptied {
        writeln!(
            err,
            "raadsorde: let op: {}-wal kon niet worden geleegd omdat een ander programma het register leest; sluit raadsorde op de andere werkplekken en voer raadsorde purge --apply nogmaals uit (er wordt dan niets meer gewist, alleen opgeruimd)",
            path.display()
        )?;
    }
    Ok(if failed { EXIT_FAILED } else { EXIT_OK })
}

/// The backups past `[retention] backup_days`, as `purge` says them
/// (`done`: removed now, else would be).
fn list_backups(
    backups: &[OldBackup],
    term: &Retention,
    done: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if backups.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "reservekopieën ouder dan {} dagen (bewaartermijn van reservekopieën):",
        term.backup_days
    )?;
    for b in backups {
        let what = match &b.state {
            BackupState::Present if done => "verwijderd".to_string(),
            BackupState::Present => "zou worden verwijderd".to_string(),
            BackupState::Missing => {
                "niet gevonden op die plek: staat hij elders (een externe schijf, een andere server), verwijder hem daar zelf".to_string()
            }
            BackupState::NotOurs(why) => format!("niet aangeraakt: {why}"),
        };
        writeln!(
            out,
            "  {} (gemaakt {}): {what}",
            b.path.display(),
            b.made_at.format("%d-%m-%Y")
        )?;
    }
    Ok(())
}

/// `raadsorde backup FILE [--force]`: a verified copy of the register,
/// made while it may be in use.
pub fn backup(
    path: &Path,
    target: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    if !must_exist(path, err)? {
        return Ok(EXIT_FAILED);
    }
    let store = match Store::open_read_only(path) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "raadsorde: {e}")?;
            return Ok(EXIT_FAILED);
        }
    };
    match store.backup_to(target, force) {
        Ok(report) => {
            let head = report
                .head
                .map(|(seq, hash)| format!("kop seq {seq} hash {}", hex::encode(hash)))
                .unwrap_or_else(|| "leeg".into());
            writeln!(
                out,
                "reservekopie geschreven en gecontroleerd: {} ({}; {head}; alleen leesbaar voor u)",
                report.path.display(),
                counted(report.count as usize, "gebeurtenis", "gebeurtenissen")
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(err, "raadsorde: reservekopie niet gemaakt: {e}")?;
            Ok(EXIT_FAILED)
        }
    }
}

/// `raadsorde restore FILE [--force]`: puts a verified backup in place of
/// the register (see [`super::backup::restore`]).
/// `term`: after the restore, what in it is past its retention term is
/// said (a backup from before a purge holds what was erased since).
pub fn restore(
    path: &Path,
    request: super::RestoreRequest<'_>,
    term: Retention,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let now = request.now;
    match super::backup::restore(path, request) {
        Ok(report) => {
            if let Some(why) = &report.forced {
                writeln!(err, "raadsorde: let op (--force): {why}")?;
            }
            writeln!(
                out,
                "teruggezet: {} bevat nu de reservekopie (kop seq {}); vastgelegd als gebeurtenis {} (restored)",
                path.display(),
                report.head_seq,
                report.event_seq
            )?;
            if let Some(old) = &report.replaced {
                writeln!(
                    out,
                    "het vervangen register is bewaard als {} (niet gewist)",
                    old.display()
                )?;
            }
            if let Some(file) = &report.receipt {
                writeln!(out, "nieuw ontvangstbewijs: {}", file.display())?;
            }
            // A backup from before a purge holds what was erased since.
            let due = Store::open_read_only(path)
                .and_then(|mut s| s.purge_plan(&now, &term))
                .map(|p| p.cases.len())
                .unwrap_or(0);
            if due > 0 {
                writeln!(
                    err,
                    "raadsorde: let op: de teruggezette reservekopie bevat {} waarvan de bewaartermijn ({} jaar na afsluiten) verstreken is; wis die met raadsorde purge --apply",
                    counted(due, "zaak", "zaken"),
                    term.case_years
                )?;
            }
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(err, "raadsorde: terugzetten mislukt: {e}")?;
            Ok(EXIT_FAILED)
        }
    }
}
