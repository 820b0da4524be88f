//! Looking after the register: `raadsorde koppel`, `demo`, `verify`, `purge`,
//! `backup`, `restore` and `receipt`.

use std::path::Path;
use std::process::ExitCode;

use raadsorde::cli;
use raadsorde::config::Config;
use raadsorde::domain;
use raadsorde::exit::Exit;
use raadsorde::storage::{self, Store};

pub(crate) fn koppel(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    gebruiker: &str,
    slachtoffer: Option<&str>,
    veroorzaker: Option<u64>,
) -> anyhow::Result<ExitCode> {
    use raadsorde::domain::access::PersonLink;
    if !db.exists() {
        anyhow::bail!(
            "{}: er is nog geen register; start raadsorde eerst een keer",
            db.display()
        );
    }
    let (config, _) = Config::load(&config_dir.join("config.toml"));
    let identity = raadsorde::identity::resolve(&config, profile).map_err(anyhow::Error::msg)?;
    let mut store = Store::open_with(db, None)?;
    store.act_as(&identity)?;
    let link = match (slachtoffer, veroorzaker) {
        (Some(number), _) => match store.case_id_by_number(number)? {
            Some(case) => PersonLink::Victim { case },
            None => anyhow::bail!(
                "zaak {number} staat niet in het register; controleer het zaaknummer (bijvoorbeeld 2026-0007)"
            ),
        },
        (None, Some(perpetrator)) => PersonLink::Perpetrator { perpetrator },
        (None, None) => anyhow::bail!("kies --slachtoffer ZAAKNUMMER of --veroorzaker NUMMER"),
    };
    let event = store.link_identity(gebruiker, link)?;
    println!("{}", event.body.summary());
    Ok(Exit::Ok.into())
}

pub(crate) fn demo(db: &Path, cases: usize, seed: u64) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(db)?;
    if store.head()?.is_some() {
        anyhow::bail!(
            "database {} bevat al gegevens; demo-zaken gaan alleen in een lege database (kies een ander pad met --db)",
            db.display()
        );
    }
    let started = std::time::Instant::now();
    let stats = raadsorde::demo::generate(&mut store, cases, seed)?;
    println!(
        "{} zaken ({} uit vergaderingen), {} veroorzakers, {} gebeurtenissen in {:.1} s: {}",
        stats.cases,
        stats.live_cases,
        stats.perpetrators,
        stats.events,
        started.elapsed().as_secs_f64(),
        db.display()
    );
    Ok(Exit::Ok.into())
}

pub(crate) fn verify(
    db: &Path,
    receipts: Option<&Path>,
    documents: &[std::path::PathBuf],
) -> anyhow::Result<ExitCode> {
    super::remove_rebuilds_on_stop()?;
    let code = storage::commands::verify_with(
        db,
        receipts,
        documents,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}

pub(crate) fn purge(
    db: &Path,
    config_dir: &Path,
    profile: Option<String>,
    apply: bool,
) -> anyhow::Result<ExitCode> {
    let (mut config, problems) = Config::load(&config_dir.join("config.toml"));
    for p in &problems {
        cli::report(format_args!("raadsorde: let op: {p}"));
    }
    // Erasing is the admin's (retention is part of that role); the dry run
    // is anyone's.
    if apply && db.exists() {
        drop(
            as_admin(
                db,
                config_dir,
                profile.as_deref(),
                "wissen na de bewaartermijn (purge --apply)",
            )
            .map_err(|e| {
                anyhow::anyhow!("{e}; zonder --apply ziet u wel wat er gewist zou worden")
            })?,
        );
    }
    // Who applies it is named in the purge event and in the access log of
    // each backup removed: the identity the admin check saw.
    let identity = raadsorde::identity::resolve(&config, profile.as_deref()).ok();
    if let Some(p) = profile {
        config.set_profile(&p);
    }
    let actor = match identity {
        Some(id) if apply => id,
        _ => config.profile.clone(),
    };
    let code = storage::upkeep::purge(
        db,
        storage::upkeep::PurgeRequest {
            term: config.retention,
            now: domain::time::now(),
            apply,
            actor: &actor,
            receipts: storage::receipts::Settings::for_config_dir(db, config_dir),
        },
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}

/// The register opened for the account at the keyboard, which must have
/// the admin role for `what` (said in the refusal).
fn as_admin(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    what: &str,
) -> anyhow::Result<Store> {
    let (config, _) = Config::load(&config_dir.join("config.toml"));
    let identity = raadsorde::identity::resolve(&config, profile).map_err(anyhow::Error::msg)?;
    let mut store = Store::open_with(db, None)?;
    let roles = store.act_as(&identity)?;
    if !raadsorde::domain::access::is_admin(&roles) {
        anyhow::bail!(
            "Geweigerd: {what} is alleen voor de rol beheerder, en {identity} heeft die rol niet. Vraag de beheerder"
        );
    }
    Ok(store)
}

/// `raadsorde backup FILE`: the whole register, so the admin's, and logged
/// in the access log before it is written.
pub(crate) fn backup(
    db: &Path,
    config_dir: &Path,
    profile: Option<String>,
    file: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    super::remove_rebuilds_on_stop()?;
    if db.exists() {
        let mut store = as_admin(
            db,
            config_dir,
            profile.as_deref(),
            "een reservekopie van het hele register",
        )?;
        let target = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        store.log_access(
            raadsorde::domain::access::AccessKind::Backup,
            None,
            &storage::backup_terms::backup_scope(&target),
        )?;
    }
    let code = storage::upkeep::backup(
        db,
        file,
        force,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}

pub(crate) fn restore(
    db: &Path,
    config_dir: &Path,
    profile: Option<String>,
    file: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    super::remove_rebuilds_on_stop()?;
    // Replacing the register is the admin's, as its recorded roles say (read
    // only: nothing is written to a register about to be replaced). A
    // register that cannot be opened (damaged: what a restore is for), or
    // one without roles, cannot say who is admin.
    if db.exists() {
        let (config, _) = Config::load(&config_dir.join("config.toml"));
        let identity = raadsorde::identity::resolve(&config, profile.as_deref())
            .map_err(anyhow::Error::msg)?;
        match Store::open_read_only(db).and_then(|s| s.recorded_roles(&identity)) {
            Ok(Some(roles)) if !raadsorde::domain::access::is_admin(&roles) => anyhow::bail!(
                "Geweigerd: een reservekopie terugzetten is alleen voor de rol beheerder, en {identity} heeft die rol niet. Vraag de beheerder"
            ),
            Ok(_) => {}
            Err(e) => cli::report(format_args!(
                "raadsorde: let op: wie beheerder is kon niet in het register worden nagekeken ({e}); het terugzetten gaat door"
            )),
        }
    }
    let (mut config, _) = Config::load(&config_dir.join("config.toml"));
    if let Some(p) = profile {
        config.set_profile(&p);
    }
    let code = storage::upkeep::restore(
        db,
        storage::RestoreRequest {
            backup: file,
            force,
            actor: &config.profile,
            receipts: Some(storage::receipts::Settings::for_config_dir(db, config_dir)),
            now: domain::time::now(),
        },
        config.retention,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}

pub(crate) fn receipt(db: &Path, config_dir: &Path) -> anyhow::Result<ExitCode> {
    let code = storage::commands::receipt(
        db,
        storage::receipts::Settings::for_config_dir(db, config_dir),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}
