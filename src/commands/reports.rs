//! The read commands for the account at the keyboard: `raadsorde deadlines`,
//! `report`, `presidium` and `trends`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use raadsorde::cli;
use raadsorde::config::Config;
use raadsorde::documents;
use raadsorde::domain;
use raadsorde::domain::figures::Figures;
use raadsorde::storage::{self, Store};

/// `raadsorde deadlines`: the due items of the cases the account may see.
pub(crate) fn deadlines(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    json: bool,
    within: Option<u32>,
) -> anyhow::Result<ExitCode> {
    let (_, identity, store, roles) = open_as(
        db,
        config_dir,
        profile,
        "start raadsorde eerst (dan wordt het aangemaakt) of noem een ander met --db",
    )?;
    if raadsorde::domain::access::roles_mask(&roles) == 0
        && !roles.contains(&raadsorde::domain::access::Role::Voorzittersassistent)
    {
        cli::report(format_args!(
            "raadsorde: let op: {identity} heeft geen rol die zaken ziet, dus ook geen termijnen. Vraag de beheerder om een rol"
        ));
    }
    let now = domain::time::now();
    let items = store.due_items(now, within.map(|d| chrono::Duration::days(i64::from(d))))?;
    let code = raadsorde::deadlines::print(&items, now, json, &mut std::io::stdout().lock())?;
    Ok(ExitCode::from(code))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportScope {
    Griffie,
    Po,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    Md,
    Csv,
    Pdf,
    /// The figures on screen, with bar charts.
    Scherm,
}

/// How a report goes out: the format asked, else the one `--out`'s
/// extension names, else Markdown.
type Output<'a> = (Option<ReportFormat>, Option<&'a Path>);

fn format_of((format, out): Output<'_>) -> anyhow::Result<ReportFormat> {
    let format = format.unwrap_or_else(|| {
        match out
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("pdf") => ReportFormat::Pdf,
            Some("csv") => ReportFormat::Csv,
            _ => ReportFormat::Md,
        }
    });
    match (format, out) {
        (ReportFormat::Pdf, None) => anyhow::bail!(
            "een PDF gaat naar een bestand: noem het met --out, bijvoorbeeld --out rapportage.pdf"
        ),
        (ReportFormat::Scherm, Some(_)) => {
            anyhow::bail!("--format scherm toont de cijfers in de terminal; laat --out dan weg")
        }
        (ReportFormat::Scherm, None) if !std::io::stdout().is_terminal() => anyhow::bail!(
            "--format scherm heeft een terminal nodig; kies anders --format md, csv of pdf"
        ),
        _ => Ok(format),
    }
}

/// The figures in the format asked, to `--out`, standard output or the
/// screen. Checked before anything is read, so a wrong choice logs nothing.
fn emit(
    figures: &Figures,
    format: ReportFormat,
    (out, config_dir): (Option<&Path>, &Path),
    what: &str,
) -> anyhow::Result<ExitCode> {
    let bytes = match format {
        ReportFormat::Md => figures.markdown().into_bytes(),
        ReportFormat::Csv => documents::figures_csv(figures).map_err(anyhow::Error::msg)?,
        ReportFormat::Pdf => documents::figures_pdf(figures).map_err(anyhow::Error::msg)?,
        ReportFormat::Scherm => {
            let (keymap, problems) =
                raadsorde::keymap::Keymap::load(&config_dir.join("keymap.toml"));
            for p in &problems {
                cli::report(format_args!("raadsorde: let op: {p}"));
            }
            raadsorde::app::figures::show(figures, &keymap)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    write_out(&bytes, out, what)
}

/// `raadsorde report --year JAAR --scope griffie|po`: the anonymised yearly
/// report, for the griffie or P&O (or the admin), logged before it is
/// written.
pub(crate) fn report(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    year: i32,
    scope: ReportScope,
    output: Output<'_>,
) -> anyhow::Result<ExitCode> {
    use raadsorde::domain::access::AccessKind;
    use raadsorde::domain::report::YearReport;
    let format = format_of(output)?;
    let (config, mut store, scope) = reporting(db, config_dir, profile, scope)?;
    store.log_access(
        AccessKind::Report,
        None,
        &format!("jaarrapportage {year}, {}", scope.label()),
    )?;
    let this = store.report_facts(year, scope)?;
    let last = store.report_facts(year - 1, scope)?;
    let report = YearReport::build(year, scope, &this, &last, config.report.threshold);
    emit(
        &Figures::of_report(&report),
        format,
        (output.1, config_dir),
        &format!("jaarrapportage {year}"),
    )
}

/// `raadsorde presidium [--since DATUM]`: the presidium overview, for the
/// griffie (or the admin), from the last overview on; logged, which is
/// also how the next one knows where to start.
pub(crate) fn presidium(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    since: Option<&str>,
    output: Output<'_>,
) -> anyhow::Result<ExitCode> {
    use raadsorde::domain::access::{AccessKind, Role};
    use raadsorde::domain::presidium::Presidium;
    let format = format_of(output)?;
    let (config, identity, mut store, roles) =
        open_as(db, config_dir, profile, "er is niets te rapporteren")?;
    if !roles.contains(&Role::Griffie) && !raadsorde::domain::access::is_admin(&roles) {
        anyhow::bail!(
            "Geweigerd: het presidiumoverzicht is voor de rol {} of de beheerder, en {identity} heeft die niet. Vraag de beheerder",
            Role::Griffie.label()
        );
    }
    let now = domain::time::now();
    let from = match since {
        Some(text) => {
            let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d-%m-%Y"))
                .map_err(|_| {
                    anyhow::anyhow!("--since {text:?} is geen datum; schrijf bijvoorbeeld 2026-09-01 of 01-09-2026")
                })?;
            domain::dates::start_of_day(day)
        }
        None => match store.last_presidium()? {
            Some(t) => t,
            // The first overview: this year so far.
            None => domain::dates::start_of_day(
                chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&now), 1, 1)
                    .unwrap_or(now.date_naive()),
            ),
        },
    };
    let period = format!(
        "{} tot {}",
        from.format("%d-%m-%Y %H:%M"),
        now.format("%d-%m-%Y %H:%M")
    );
    store.log_access(
        AccessKind::Report,
        None,
        &format!("{} {period}", storage::report::PRESIDIUM_SCOPE),
    )?;
    let facts = store.presidium_facts(from, now)?;
    let overview = Presidium::build(period, &facts, config.report.threshold);
    emit(
        &Figures::of_presidium(&overview),
        format,
        (output.1, config_dir),
        "presidiumoverzicht",
    )
}

/// The store for a report over `scope`, for the account at the keyboard,
/// which must have the role that reports it (griffie, or P&O) or be admin.
fn reporting(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    scope: ReportScope,
) -> anyhow::Result<(Config, Store, raadsorde::domain::report::Scope)> {
    use raadsorde::domain::access::Role;
    use raadsorde::domain::report::Scope;
    let scope = match scope {
        ReportScope::Griffie => Scope::Griffie,
        ReportScope::Po => Scope::Po,
    };
    let (config, identity, store, roles) =
        open_as(db, config_dir, profile, "er is niets te rapporteren")?;
    let reporter = match scope {
        Scope::Griffie => Role::Griffie,
        Scope::Po => Role::Secretaris,
    };
    if !roles.contains(&reporter) && !raadsorde::domain::access::is_admin(&roles) {
        anyhow::bail!(
            "Geweigerd: de rapportage voor {} is voor de rol {} of de beheerder, en {identity} heeft die niet. Vraag de beheerder",
            scope.label(),
            reporter.label()
        );
    }
    Ok((config, store, scope))
}

/// A report to `out` (0600) or to standard output.
fn write_out(bytes: &[u8], out: Option<&Path>, what: &str) -> anyhow::Result<ExitCode> {
    match out {
        Some(path) => {
            let mut f = storage::key::private_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(path)
                .map_err(|e| {
                    anyhow::anyhow!("{} kon niet worden geschreven: {e}", path.display())
                })?;
            std::io::Write::write_all(&mut f, bytes)?;
            cli::report(format_args!(
                "raadsorde: {what} geschreven naar {} (vastgelegd in het toegangslogboek)",
                path.display()
            ));
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            std::io::Write::write_all(&mut stdout, bytes)?;
            std::io::Write::flush(&mut stdout)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `raadsorde trends --from --to --scope`: the yearly figures side by side.
pub(crate) fn trends(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    (from, to): (i32, i32),
    scope: ReportScope,
    output: Output<'_>,
) -> anyhow::Result<ExitCode> {
    use raadsorde::domain::access::AccessKind;
    use raadsorde::domain::report::Trends;
    if from > to || to - from > 20 {
        anyhow::bail!(
            "--from {from} --to {to}: kies een eerste jaar vóór of gelijk aan het laatste, hooguit 20 jaar"
        );
    }
    let format = format_of(output)?;
    let (config, mut store, scope) = reporting(db, config_dir, profile, scope)?;
    store.log_access(
        AccessKind::Report,
        None,
        &format!("trends {from}-{to}, {}", scope.label()),
    )?;
    let mut years = Vec::new();
    for year in from..=to {
        years.push((year, store.report_facts(year, scope)?));
    }
    let trends = Trends::build(scope, &years, config.report.threshold);
    emit(
        &Figures::of_trends(&trends),
        format,
        (output.1, config_dir),
        &format!("trends {from}-{to}"),
    )
}

/// For the commands that read the register as the account at the keyboard
/// (deadlines, reports): the register must exist (`missing` says what then);
/// the settings (their problems said), the identity, the store acting for
/// it, and its roles.
pub(crate) fn open_as(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    missing: &str,
) -> anyhow::Result<(Config, String, Store, Vec<raadsorde::domain::access::Role>)> {
    if !db.exists() {
        anyhow::bail!("het register {} bestaat niet; {missing}", db.display());
    }
    let (config, problems) = Config::load(&config_dir.join("config.toml"));
    for p in &problems {
        cli::report(format_args!("raadsorde: let op: {p}"));
    }
    let identity = raadsorde::identity::resolve(&config, profile).map_err(anyhow::Error::msg)?;
    let mut store = Store::open_with(db, None)?;
    // The terms of municipal practice: changed settings recompute the
    // deadlines of every case once.
    store.set_terms(config.deadlines)?;
    let roles = store.act_as(&identity)?;
    Ok((config, identity, store, roles))
}
