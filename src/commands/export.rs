//! `raadsorde export`: the whole register or one person's data as JSON, or
//! the cases the account may see as CSV.

use std::path::Path;
use std::process::ExitCode;

use raadsorde::config::Config;
use raadsorde::storage;

pub(crate) fn export(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    json: bool,
    subject: Option<&str>,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if !json && subject.is_none() {
        anyhow::bail!("kies een exportvorm: --json (het hele register) of --subject PERSOON");
    }
    let (config, _) = Config::load(&config_dir.join("config.toml"));
    let identity = raadsorde::identity::resolve(&config, profile).map_err(anyhow::Error::msg)?;
    let kind = match subject {
        Some(s) => storage::commands::ExportKind::Subject(s),
        None => storage::commands::ExportKind::Full,
    };
    let code = storage::commands::export(
        db,
        storage::receipts::Settings::for_config_dir(db, config_dir),
        out,
        &identity,
        kind,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}

/// What `export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    Json,
    Csv,
}

/// `raadsorde export --format csv --out DIR`.
pub(crate) fn export_csv(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    out: Option<&Path>,
    delimiter: char,
    decimal_point: bool,
) -> anyhow::Result<ExitCode> {
    let Some(dir) = out else {
        anyhow::bail!("een CSV-export bestaat uit meerdere bestanden: noem de map met --out MAP");
    };
    if !delimiter.is_ascii() || delimiter.is_ascii_alphanumeric() || delimiter == '"' {
        anyhow::bail!(
            "--delimiter {delimiter:?} kan niet: kies één leesteken, zoals ; of , of een tab"
        );
    }
    if !db.exists() {
        anyhow::bail!(
            "het register {} bestaat niet; er is niets te exporteren",
            db.display()
        );
    }
    let (config, _) = Config::load(&config_dir.join("config.toml"));
    let identity = raadsorde::identity::resolve(&config, profile).map_err(anyhow::Error::msg)?;
    let code = storage::commands::export_csv(
        db,
        dir,
        &identity,
        storage::csv_export::CsvOptions {
            delimiter: delimiter as u8,
            decimal_comma: !decimal_point,
        },
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}
