//! The screens: `raadsorde` (`live`) and `raadsorde cases` in the terminal, the
//! outside systems they drive, and `raadsorde obs-wachtwoord`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use raadsorde::app::{App, Screen};
use raadsorde::cases::Browser;
use raadsorde::cli;
use raadsorde::config::Config;
use raadsorde::exit::Exit;
use raadsorde::keymap::Keymap;
use raadsorde::live::Console;
use raadsorde::storage::{self, Store};
use raadsorde::ui::Theme;
use raadsorde::{app, domain, paths};

use super::keys::read_hidden;

fn init_logging() {
    let dir = paths::log_dir();
    if storage::key::create_private_dir(&dir).is_err() {
        return;
    }
    let Ok(file) = storage::key::private_options()
        .create(true)
        .append(true)
        .open(paths::log_file())
    else {
        return;
    };
    // A log an older version made readable by everyone: its owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = file.metadata()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
    }
    let filter = tracing_subscriber::EnvFilter::try_from_env("RAADSORDE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}

pub(crate) fn live(
    db: &Path,
    config_dir: &Path,
    profile: Option<String>,
    screen: Screen,
) -> anyhow::Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        let what = match screen {
            Screen::Live => "de live console",
            Screen::Cases => "het register",
        };
        anyhow::bail!(
            "{what} heeft een terminal nodig, maar standaardinvoer of -uitvoer is geen terminal \
             (omgeleid of een script). Start raadsorde in een terminalvenster; voor scripts zijn er \
             `raadsorde verify` en `raadsorde export --json`."
        );
    }
    init_logging();
    // The signing key of the head receipts lives in the config directory
    // given here (also with --config-dir), outside the database.
    let store = Store::open_with(
        db,
        Some(storage::receipts::Settings::for_config_dir(db, config_dir)),
    )?;
    // A damaged page read at start: said with the path.
    let at_db = |e: storage::StoreError| {
        anyhow::anyhow!(
            "database {}: {e}; voer raadsorde verify --db {} uit",
            db.display(),
            db.display()
        )
    };
    let events = store.open_meeting_events().map_err(at_db)?;
    let (mut config, config_problems) = Config::load(&config_dir.join("config.toml"));
    // Who is at the keyboard: every read from here on is for this identity
    // (the first to open a register gets every role).
    let identity =
        raadsorde::identity::resolve(&config, profile.as_deref()).map_err(anyhow::Error::msg)?;
    let mut store = store;
    // The terms of municipal practice: changed settings recompute the
    // deadlines of every case once.
    store.set_terms(config.deadlines).map_err(at_db)?;
    let roles = store.act_as(&identity)?;
    if let Some(p) = profile {
        config.set_profile(&p);
    }
    let (keymap, keymap_problems) = Keymap::load(&config_dir.join("keymap.toml"));
    let mut case_numbers = std::collections::HashMap::new();
    for id in events.iter().filter_map(|e| e.case_id) {
        if let Some(n) = store.case_number(id).map_err(at_db)? {
            case_numbers.insert(id, n);
        }
    }
    let now = domain::time::now();
    let (runner, integration_notes) = job_runner(&config, config_dir);
    let integrations = raadsorde::live::Integrations {
        obs: runner.obs.is_some(),
        alarm: runner.alarm.is_some(),
    };
    let mut browser = Browser::new(config.clone(), keymap.clone(), now);
    browser.set_viewer(&identity, &roles);
    let mut console = Console::new(config, keymap, events, now);
    console.case_numbers = case_numbers;
    console.risk_checks = store.risk_checks().map_err(at_db)?;
    console.integrations = integrations;
    let problems: Vec<_> = config_problems.into_iter().chain(keymap_problems).collect();
    for p in &problems {
        tracing::warn!("{p}");
    }
    console.report_problems(&problems);
    let fallback_dir = std::env::var_os(app::fallback::DIR_ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(paths::default_fallback_dir);
    let mut fallback = app::fallback::Fallback::new(&fallback_dir, db);
    if let Some(key) = store.key() {
        fallback = fallback.with_key(key);
    }
    // Reminders of due steps, for this identity: desktop notifications
    // (never a name) and the program's own banner.
    let mut app = App::new(console, browser, screen)
        .with_fallback(fallback.clone())
        .with_reminders();
    if !problems.is_empty() {
        app.browser.flash = app.console.flash.clone();
    }
    // Waiting writes an earlier run could not save: written first, unless
    // the register already holds them (committed just before a crash).
    let mut waiting = fallback.load()?;
    let before = waiting.len();
    waiting.retain(|w| !store.holds(&w.event).unwrap_or(false));
    if before > 0 {
        tracing::warn!(
            "fallback file {}: {} waiting, {} already in the register",
            fallback.path().display(),
            before,
            before - waiting.len()
        );
        if waiting.is_empty() {
            fallback.clear()?;
        }
    }
    app.recover(waiting, fallback.path());
    // What the open found and put right (guards restored…): said at once.
    if let Some(w) = store.warnings().first() {
        app.tell_both(w.clone(), raadsorde::live::Level::Warning);
    }
    for note in &integration_notes {
        tracing::warn!("{note}");
    }
    if let Some(note) = integration_notes.first() {
        app.tell_both(note.clone(), raadsorde::live::Level::Warning);
    }
    tracing::info!("live console on {}", db.display());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let ended = runtime.block_on(app::run(store, app, Theme::from_env(), runner))?;
    if let Some(signal) = ended.signal {
        eprintln!("raadsorde: gestopt door {signal}.");
    }
    if ended.waiting > 0 {
        match &ended.fallback {
            Some(path) => eprintln!(
                "raadsorde: {} stap(pen) NIET in het register opgeslagen; ze staan in het noodbestand {} en worden bij de volgende start alsnog vastgelegd.",
                ended.waiting,
                path.display()
            ),
            None => eprintln!("raadsorde: {} stap(pen) NIET opgeslagen.", ended.waiting),
        }
        return Ok(Exit::Failed.into());
    }
    Ok(Exit::Ok.into())
}

/// The outside systems as configured, and what to tell about them (a
/// password file that was readable by others, or could not be read).
fn job_runner(config: &Config, config_dir: &Path) -> (app::jobs::Runner, Vec<String>) {
    use raadsorde::integrations::obs;
    let mut notes = Vec::new();
    let obs = config.obs.as_ref().map(|settings| {
        let path = settings.password_path(config_dir);
        let password = match obs::load_password(&path) {
            Ok(Some(p)) => {
                notes.extend(p.notice());
                Some(p.as_str().to_string())
            }
            Ok(None) => None,
            Err(e) => {
                notes.push(format!("OBS: {e}"));
                None
            }
        };
        (settings.clone(), password)
    });
    let alarm = config.alarm.clone().filter(|a| a.is_configured());
    (app::jobs::Runner { obs, alarm }, notes)
}

/// `raadsorde obs-wachtwoord`: asks for the password without showing it
/// (or reads a line from standard input) and keeps it, mode 0600.
pub(crate) fn obs_password(config_dir: &Path) -> anyhow::Result<ExitCode> {
    use raadsorde::integrations::obs;
    let (config, _) = Config::load(&config_dir.join("config.toml"));
    let path = config.obs.unwrap_or_default().password_path(config_dir);
    let password = if std::io::stdin().is_terminal() {
        eprint!("Wachtwoord van OBS (obs-websocket), wordt niet getoond: ");
        let typed = read_hidden()?;
        eprintln!();
        typed
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    obs::save_password(&path, &password)?;
    println!(
        "Wachtwoord bewaard in {} (alleen leesbaar voor u).",
        path.display()
    );
    Ok(Exit::Ok.into())
}
