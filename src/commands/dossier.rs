//! `raadsorde dossier ZAAK`: the police dossier of one case.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use raadsorde::cli;
use raadsorde::documents::{self, Format};
use raadsorde::storage::dossier::DossierSettings;

use super::reports::open_as;

/// The formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DossierFormat {
    Pdf,
    Md,
    Json,
}

impl From<DossierFormat> for Format {
    fn from(f: DossierFormat) -> Format {
        match f {
            DossierFormat::Pdf => Format::Pdf,
            DossierFormat::Md => Format::Markdown,
            DossierFormat::Json => Format::Json,
        }
    }
}

/// The dossier of `case` for the account at the keyboard, who must be
/// allowed to see the case; recorded in the register with its SHA-256.
pub(crate) fn dossier(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    case: &str,
    format: Option<DossierFormat>,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let format = match (format, out.as_deref().and_then(Format::of_path)) {
        (Some(f), _) => Format::from(f),
        (None, Some(f)) => f,
        (None, None) => Format::Pdf,
    };
    if format == Format::Pdf && out.is_none() {
        anyhow::bail!(
            "een PDF gaat naar een bestand: noem het met --out, bijvoorbeeld --out dossier-{case}.pdf (of kies --format md of json voor de terminal)"
        );
    }
    if let Some(dir) = out.as_deref().and_then(Path::parent)
        && !dir.as_os_str().is_empty()
        && !dir.is_dir()
    {
        anyhow::bail!(
            "de map {} bestaat niet; maak haar eerst aan of kies een andere plaats voor --out",
            dir.display()
        );
    }
    let (config, identity, mut store, _) =
        open_as(db, config_dir, profile, "er is geen dossier te maken")?;
    let settings = DossierSettings {
        municipality: config.municipality.clone(),
        address: format!(
            "Gemeente {}, {}, {}",
            config.municipality, config.emergency.building, config.emergency.address
        ),
    };
    let written = documents::write_dossier(
        &mut store,
        case,
        &settings,
        format,
        out.as_deref(),
        &mut std::io::stdout().lock(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let r = &written.recorded;
    let place = match &written.path {
        Some(p) => format!("geschreven naar {}", p.display()),
        None => "geschreven naar standaarduitvoer".to_string(),
    };
    cli::report(format_args!(
        "raadsorde: dossier van zaak {} ({}, {} bytes) {place}; VERTROUWELIJK",
        r.reference,
        format.label(),
        r.bytes
    ));
    cli::report(format_args!(
        "raadsorde: vastgelegd als gebeurtenis {} door {identity}, SHA-256 {}",
        r.record.seq, r.sha256
    ));
    Ok(ExitCode::SUCCESS)
}
