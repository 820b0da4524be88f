//! raadsorde — orde-verstoringen en agressie tegen politieke ambtsdragers
//! vastleggen, volgens het protocol van de gemeente Aalten.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

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

/// In this file `println!` is our own: it writes through [`cli::line`], and a
/// failed write (a closed standard output, a reader that went away) returns
/// an error from the command instead of panicking.
macro_rules! println {
    ($($arg:tt)*) => {
        cli::line(format_args!($($arg)*))?
    };
}

#[derive(Parser)]
#[command(
    name = "raadsorde",
    version,
    about = "Orde-verstoringen en agressie tegen politieke ambtsdragers vastleggen (protocol gemeente Aalten)",
    long_about = None
)]
struct Cli {
    /// Databasebestand (standaard in de gegevensmap van de gebruiker).
    #[arg(long, global = true, env = paths::DB_ENV, value_name = "PAD")]
    db: Option<PathBuf>,
    /// Map met config.toml en keymap.toml.
    #[arg(long, global = true, env = paths::CONFIG_DIR_ENV, value_name = "MAP")]
    config_dir: Option<PathBuf>,
    /// Naam van wie logt (overschrijft `profile` uit de instellingen).
    #[arg(long, global = true, value_name = "NAAM")]
    profile: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// De live console voor een vergadering (standaard).
    Live,
    /// Het register: zaken zoeken, bekijken en afhandelen.
    Cases,
    /// Controleer de hashketen van alle vastgelegde gebeurtenissen.
    Verify {
        /// Controleer ook de ondertekende ontvangstbewijzen in deze map: geldig
        /// ondertekend, een ononderbroken keten, en het register bevat de kop
        /// (seq en hash) van elk.
        #[arg(long, visible_alias = "ontvangstbewijzen", value_name = "MAP")]
        receipts: Option<PathBuf>,
    },
    /// Exporteer alle vergaderingen, zaken en gebeurtenissen als JSON (alleen
    /// voor de beheerder), de zaken die u mag zien als CSV (--format csv
    /// --out MAP), of met --subject wat het register over één persoon bevat.
    Export {
        /// Als JSON: hetzelfde als --format json.
        #[arg(long)]
        json: bool,
        /// json (het hele register, voor de beheerder) of csv (de zaken die u
        /// mag zien, als bestanden in de map van --out, voor een rekenblad).
        #[arg(long, value_enum, value_name = "VORM")]
        format: Option<ExportFormat>,
        /// CSV: het scheidingsteken tussen velden (standaard ;).
        #[arg(long, value_name = "TEKEN", default_value = ";")]
        delimiter: char,
        /// CSV: bedragen met een decimale punt in plaats van een komma.
        #[arg(long)]
        decimal_point: bool,
        /// Inzageverzoek: alleen wat het register over deze persoon bevat
        /// (als slachtoffer of veroorzaker), zonder gegevens van anderen en
        /// zonder vertrouwelijke gegevens. Een naam, of veroorzaker:NUMMER.
        #[arg(long, value_name = "PERSOON")]
        subject: Option<String>,
        /// Schrijf naar dit bestand in plaats van naar standaarduitvoer.
        #[arg(long, value_name = "BESTAND")]
        out: Option<PathBuf>,
    },
    /// Termijnen: alles wat op de zaken die u mag zien nog moet gebeuren,
    /// het dringendste eerst (voor cron of mail). Afsluitcode 3 als er iets
    /// te laat is.
    #[command(visible_alias = "termijnen")]
    Deadlines {
        /// Als JSON.
        #[arg(long)]
        json: bool,
        /// Alleen wat binnen zoveel dagen te laat zou zijn.
        #[arg(long, value_name = "DAGEN")]
        within: Option<u32>,
    },
    /// Geanonimiseerde jaarrapportage (§4.1): aantallen per categorie, maand,
    /// kanaal, veroorzaker, maatregelen, aangifte en nazorg, met het jaar
    /// ervoor; kleine aantallen als "< 5", zonder namen of omschrijvingen.
    #[command(visible_alias = "rapportage")]
    Report {
        /// Het jaar.
        #[arg(long, value_name = "JAAR")]
        year: i32,
        /// griffie (raadsleden en fractievolgers) of po (burgemeester en
        /// wethouders).
        #[arg(long, value_enum, value_name = "REIKWIJDTE")]
        scope: ReportScope,
        /// md (Markdown) of csv.
        #[arg(long, value_enum, value_name = "VORM", default_value = "md")]
        format: ReportFormat,
        /// Schrijf naar dit bestand in plaats van naar standaarduitvoer.
        #[arg(long, value_name = "BESTAND")]
        out: Option<PathBuf>,
    },
    /// Presidiumoverzicht (§4.1): zaken geopend en afgesloten sinds het
    /// vorige overzicht (of --since), termijnen die nu te laat zijn,
    /// maatregelen die lopen; alleen aantallen, kleine als "< 5".
    Presidium {
        /// Vanaf deze dag (JJJJ-MM-DD of DD-MM-JJJJ) in plaats van vanaf het
        /// vorige overzicht.
        #[arg(long, value_name = "DATUM")]
        since: Option<String>,
        /// Schrijf naar dit bestand in plaats van naar standaarduitvoer.
        #[arg(long, value_name = "BESTAND")]
        out: Option<PathBuf>,
    },
    /// Trends over jaren (§4.1, de tweejaarlijkse bespreking): dezelfde
    /// geanonimiseerde aantallen als de jaarrapportage, per jaar naast
    /// elkaar, met de richting.
    Trends {
        /// Het eerste jaar.
        #[arg(long, value_name = "JAAR")]
        from: i32,
        /// Het laatste jaar.
        #[arg(long, value_name = "JAAR")]
        to: i32,
        /// griffie (raadsleden en fractievolgers) of po (burgemeester en
        /// wethouders).
        #[arg(long, value_enum, value_name = "REIKWIJDTE")]
        scope: ReportScope,
        /// Schrijf naar dit bestand in plaats van naar standaarduitvoer.
        #[arg(long, value_name = "BESTAND")]
        out: Option<PathBuf>,
    },
    /// Bewaartermijn: toon welke afgesloten zaken ouder zijn dan de termijn
    /// uit de instellingen ([retention]) en welke reservekopieën ouder zijn
    /// dan backup_days; met --apply worden hun inhoud en persoonsgegevens
    /// gewist (vastgelegd als gebeurtenis, zonder namen) en die
    /// reservekopieën verwijderd.
    #[command(visible_alias = "wissen")]
    Purge {
        /// Wis echt; zonder deze optie is het een proefdraai die niets wijzigt.
        #[arg(long)]
        apply: bool,
    },
    /// Maak een gecontroleerde reservekopie van het register, ook terwijl het
    /// in gebruik is (alleen leesbaar voor u).
    #[command(visible_alias = "reservekopie")]
    Backup {
        /// Het bestand voor de reservekopie.
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Vervang een bestaand bestand.
        #[arg(long)]
        force: bool,
    },
    /// Zet een reservekopie terug: de keten wordt eerst gecontroleerd, het
    /// huidige register wordt bewaard (met tijdstempel) en het terugzetten
    /// wordt vastgelegd. Sluit raadsorde eerst overal.
    #[command(visible_alias = "terugzetten")]
    Restore {
        /// De reservekopie.
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Ook een reservekopie die ouder is dan het register, of er geen
        /// voortzetting van is.
        #[arg(long)]
        force: bool,
    },
    /// Schrijf nu een ondertekend ontvangstbewijs van de kop van het register en druk het af.
    #[command(visible_alias = "ontvangstbewijs")]
    Receipt,
    /// Toon waar de database, instellingen, keymap en log staan.
    Paden,
    /// Koppel een gebruiker aan een persoon in het register (alleen de
    /// beheerder): als slachtoffer van een zaak, of als veroorzaker. Die
    /// zaken zijn voor die gebruiker daarna onzichtbaar, wat zijn rol ook is.
    Koppel {
        /// De gebruikersnaam (het account van het besturingssysteem).
        #[arg(value_name = "GEBRUIKER")]
        gebruiker: String,
        /// Als slachtoffer van deze zaak (zaaknummer, bijvoorbeeld 2026-0007).
        #[arg(
            long,
            value_name = "ZAAKNUMMER",
            conflicts_with = "veroorzaker",
            required_unless_present = "veroorzaker"
        )]
        slachtoffer: Option<String>,
        /// Als deze veroorzaker uit het register (zijn nummer).
        #[arg(long, value_name = "NUMMER")]
        veroorzaker: Option<u64>,
    },
    /// Bewaar het wachtwoord van OBS Studio (obs-websocket), alleen leesbaar
    /// voor u; het wordt gevraagd zonder het te tonen, of gelezen van
    /// standaardinvoer.
    #[command(name = "obs-wachtwoord")]
    ObsWachtwoord,
    /// Vul een (nieuwe) database met verzonnen zaken, om te oefenen en te meten.
    Demo {
        /// Aantal zaken.
        #[arg(long, default_value_t = 1000)]
        cases: usize,
        /// Startwaarde: dezelfde waarde geeft dezelfde zaken.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Zet een onversleuteld register (van een oudere raadsorde) om naar een
    /// versleuteld register, op dezelfde plek: eerst gecontroleerd, daarna
    /// gecontroleerd, het oude bestand verdwijnt pas als het nieuwe klopt.
    Versleutel,
    /// Deel het register met een groep accounts op deze computer (griffie en
    /// P&O op één server): register, -wal en -shm 0660, de map 2770. Elk
    /// account krijgt een eigen kopie van de sleutel met een herstelkopie.
    Deel {
        /// De groep (naam of nummer) waarvan alle accounts lid zijn.
        #[arg(long, value_name = "GROEP")]
        groep: String,
    },
    /// De registersleutel: waar hij staat, een herstelkopie maken of terugzetten.
    Sleutel {
        #[command(subcommand)]
        action: Option<KeyCommand>,
    },
    /// Schrijf het aanvulscript voor een shell naar standaarduitvoer.
    Completions {
        /// De shell.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Schrijf de handleiding (man-pagina, roff) naar standaarduitvoer.
    Man,
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Toon waar de registersleutel bewaard wordt (niet de sleutel zelf).
    Waar,
    /// Schrijf een herstelkopie van de sleutel, beveiligd met een wachtzin
    /// (gevraagd zonder te tonen, of twee regels van standaardinvoer).
    Herstelkopie {
        /// Het nieuwe bestand voor de herstelkopie.
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
    },
    /// Zet de sleutel terug uit een herstelkopie (op deze of een andere
    /// computer, of voor een ander account dat het register deelt).
    Herstel {
        /// De herstelkopie.
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Vervang een andere sleutel die hier al staat (die wordt bewaard
        /// als registersleutel.oud-DATUM).
        #[arg(long)]
        vervang: bool,
    },
}

/// The command line, in Dutch.
fn command() -> clap::Command {
    cli::dutch(Cli::command())
}

fn main() -> ExitCode {
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return cli::clap_exit(&e, &command()).into(),
    };
    let db = cli.db.clone().unwrap_or_else(paths::default_db);
    let config_dir = cli
        .config_dir
        .clone()
        .unwrap_or_else(paths::default_config_dir);
    // The key file lives in the config directory the command line names.
    storage::key::use_config_dir(&config_dir);
    let result = match cli.command.unwrap_or(Command::Live) {
        Command::Live => live(&db, &config_dir, cli.profile, Screen::Live),
        Command::Cases => live(&db, &config_dir, cli.profile, Screen::Cases),
        Command::Verify { receipts } => verify(&db, receipts.as_deref()),
        Command::Receipt => receipt(&db, &config_dir),
        Command::Purge { apply } => purge(&db, &config_dir, cli.profile, apply),
        Command::Backup { file, force } => backup(&db, &config_dir, cli.profile, &file, force),
        Command::Restore { file, force } => restore(&db, &config_dir, cli.profile, &file, force),
        Command::Export {
            json,
            format,
            delimiter,
            decimal_point,
            subject,
            out,
        } => match format {
            Some(ExportFormat::Csv) => export_csv(
                &db,
                &config_dir,
                cli.profile.as_deref(),
                out.as_deref(),
                delimiter,
                decimal_point,
            ),
            Some(ExportFormat::Json) | None => export(
                &db,
                &config_dir,
                cli.profile.as_deref(),
                json || format.is_some(),
                subject.as_deref(),
                out.as_deref(),
            ),
        },
        Command::Demo { cases, seed } => demo(&db, cases, seed),
        Command::Trends {
            from,
            to,
            scope,
            out,
        } => trends(
            &db,
            &config_dir,
            cli.profile.as_deref(),
            (from, to),
            scope,
            out.as_deref(),
        ),
        Command::Presidium { since, out } => presidium(
            &db,
            &config_dir,
            cli.profile.as_deref(),
            since.as_deref(),
            out.as_deref(),
        ),
        Command::Report {
            year,
            scope,
            format,
            out,
        } => report(
            &db,
            &config_dir,
            cli.profile.as_deref(),
            year,
            scope,
            format,
            out.as_deref(),
        ),
        Command::Deadlines { json, within } => {
            deadlines(&db, &config_dir, cli.profile.as_deref(), json, within)
        }
        Command::Paden => paden(&db, &config_dir),
        Command::Koppel {
            gebruiker,
            slachtoffer,
            veroorzaker,
        } => koppel(
            &db,
            &config_dir,
            cli.profile.as_deref(),
            &gebruiker,
            slachtoffer.as_deref(),
            veroorzaker,
        ),
        Command::ObsWachtwoord => obs_password(&config_dir),
        Command::Versleutel => encrypt(&db),
        Command::Deel { groep } => share(&db, &groep),
        Command::Sleutel { action } => key_command(action.unwrap_or(KeyCommand::Waar)),
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`| head`): nothing more to say.
        Err(e) if cli::is_broken_pipe(&e) => Exit::Failed.into(),
        Err(e) => {
            cli::report(format_args!("raadsorde: {e:#}"));
            Exit::Failed.into()
        }
    }
}

fn paden(db: &Path, config_dir: &Path) -> anyhow::Result<ExitCode> {
    println!("database:     {}", db.display());
    println!("instellingen: {}", config_dir.join("config.toml").display());
    println!("keymap:       {}", config_dir.join("keymap.toml").display());
    println!("log:          {}", paths::log_file().display());
    Ok(Exit::Ok.into())
}

fn koppel(
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

fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "raadsorde", &mut script);
    cli::bytes(&script)?;
    Ok(Exit::Ok.into())
}

fn man() -> anyhow::Result<ExitCode> {
    cli::bytes(&cli::man_page(command())?)?;
    Ok(Exit::Ok.into())
}

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

fn live(
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
fn obs_password(config_dir: &Path) -> anyhow::Result<ExitCode> {
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

/// `raadsorde versleutel`.
fn encrypt(db: &Path) -> anyhow::Result<ExitCode> {
    eprintln!(
        "raadsorde: {} wordt gecontroleerd en omgezet naar een versleuteld register…",
        db.display()
    );
    let done = storage::convert::encrypt_in_place(db)?;
    println!(
        "{} is versleuteld: {} gebeurtenissen, voor en na gecontroleerd (kop: {}). De sleutel staat in {}. Maak nu een herstelkopie: raadsorde sleutel herstelkopie BESTAND",
        db.display(),
        done.events,
        done.head
            .map_or("leeg".to_string(), |s| format!("gebeurtenis {s}")),
        done.key_source
    );
    Ok(Exit::Ok.into())
}

/// `raadsorde deel --groep GROEP`.
fn share(db: &Path, group: &str) -> anyhow::Result<ExitCode> {
    let shared = storage::share::share(db, group)?;
    println!(
        "{} en de map {} horen nu bij groep {} (gid {}): het register, zijn -wal en -shm 0660, de map 2770.",
        db.display(),
        shared.dir.display(),
        shared.group,
        shared.gid
    );
    println!(
        "Geef elk account een eigen kopie van de sleutel: hier `raadsorde sleutel herstelkopie BESTAND`, op het andere account `raadsorde --db {} sleutel herstel BESTAND`; verwijder het bestand daarna. De sleutel wordt nooit leesbaar voor de groep.",
        db.display()
    );
    Ok(Exit::Ok.into())
}

/// `raadsorde sleutel …`.
fn key_command(action: KeyCommand) -> anyhow::Result<ExitCode> {
    use storage::key::{Settings, Source};
    use storage::recovery;
    let settings = Settings::from_env();
    match action {
        KeyCommand::Waar => {
            let found = settings.candidates()?;
            if found.is_empty() {
                println!(
                    "Er is nog geen registersleutel (gezocht in {}); die wordt gemaakt bij de eerste start.",
                    storage::cipher::looked(&settings)
                );
            }
            for f in &found {
                println!("De registersleutel staat in {}.", f.source.label());
            }
        }
        KeyCommand::Herstelkopie { file } => {
            let Some(found) = settings.candidates()?.into_iter().next() else {
                anyhow::bail!(
                    "er is geen registersleutel (gezocht in {}); start raadsorde eenmaal, of zet een sleutel terug met raadsorde sleutel herstel",
                    storage::cipher::looked(&settings)
                );
            };
            let passphrase = read_passphrase(true)?;
            let text = recovery::seal(&found.key, &passphrase)?;
            recovery::write(&file, &text)?;
            println!(
                "Herstelkopie geschreven naar {} (alleen leesbaar voor u). Bewaar het bestand en de wachtzin op verschillende plaatsen; wie beide heeft, kan het register lezen.",
                file.display()
            );
        }
        KeyCommand::Herstel { file, vervang } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                anyhow::anyhow!(
                    "herstelkopie {}: lezen mislukt: {}",
                    file.display(),
                    storage::io_text(&e)
                )
            })?;
            let passphrase = read_passphrase(false)?;
            let key = recovery::open(&file, &text, &passphrase)?;
            let existing = settings.candidates()?;
            if existing.iter().any(|f| f.key == key) {
                println!(
                    "Deze sleutel staat hier al ({}); er is niets gewijzigd.",
                    existing[0].source.label()
                );
                return Ok(Exit::Ok.into());
            }
            if let Some(other) = existing
                .iter()
                .find(|f| matches!(f.source, Source::File(_)))
            {
                if !vervang {
                    anyhow::bail!(
                        "in {} staat al een andere registersleutel; er is niets gewijzigd. Vervangen (de oude wordt bewaard): raadsorde sleutel herstel {} --vervang",
                        other.source.label(),
                        file.display()
                    );
                }
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
                let old = storage::cipher::sidecar(&settings.file, &format!(".oud-{stamp}"));
                std::fs::rename(&settings.file, &old)?;
                eprintln!(
                    "raadsorde: de vorige sleutel is bewaard als {}",
                    old.display()
                );
            }
            settings.write_file(&key)?;
            println!(
                "De registersleutel is teruggezet in {} (alleen leesbaar voor u).",
                settings.file.display()
            );
        }
    }
    Ok(Exit::Ok.into())
}

/// A passphrase: typed twice without echo on a terminal (`twice`), else
/// read as lines from standard input (scripts and tests).
fn read_passphrase(twice: bool) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        eprint!("Wachtzin (wordt niet getoond): ");
        let first = read_hidden()?;
        eprintln!();
        if twice {
            eprint!("Nogmaals: ");
            let second = read_hidden()?;
            eprintln!();
            if first != second {
                return Err(storage::recovery::RecoveryError::Mismatch.into());
            }
        }
        Ok(first)
    } else {
        let mut lines = std::io::stdin().lines();
        let mut next = || -> anyhow::Result<String> {
            Ok(lines
                .next()
                .transpose()?
                .unwrap_or_default()
                .trim_end_matches('\r')
                .to_string())
        };
        let first = next()?;
        if twice {
            let second = next()?;
            if first != second {
                return Err(storage::recovery::RecoveryError::Mismatch.into());
            }
        }
        Ok(first)
    }
}

/// A line typed without echo: raw mode, keys read until Enter; Esc or
/// Ctrl-C gives up.
fn read_hidden() -> anyhow::Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    crossterm::terminal::enable_raw_mode()?;
    let result = (|| -> anyhow::Result<String> {
        let mut typed = String::new();
        loop {
            if let Event::Key(k) = read()? {
                if k.kind == KeyEventKind::Release {
                    continue;
                }
                match k.code {
                    KeyCode::Enter => return Ok(typed),
                    KeyCode::Esc => anyhow::bail!("afgebroken; er is niets bewaard"),
                    KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        anyhow::bail!("afgebroken; er is niets bewaard")
                    }
                    KeyCode::Backspace => {
                        typed.pop();
                    }
                    KeyCode::Char(c) => typed.push(c),
                    _ => {}
                }
            }
        }
    })();
    let _ = crossterm::terminal::disable_raw_mode();
    result
}

fn demo(db: &Path, cases: usize, seed: u64) -> anyhow::Result<ExitCode> {
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

fn verify(db: &Path, receipts: Option<&Path>) -> anyhow::Result<ExitCode> {
    let code = storage::commands::verify(
        db,
        receipts,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}

fn purge(
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
fn backup(
    db: &Path,
    config_dir: &Path,
    profile: Option<String>,
    file: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
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

fn restore(
    db: &Path,
    config_dir: &Path,
    profile: Option<String>,
    file: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
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

fn receipt(db: &Path, config_dir: &Path) -> anyhow::Result<ExitCode> {
    let code = storage::commands::receipt(
        db,
        storage::receipts::Settings::for_config_dir(db, config_dir),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(code))
}

fn export(
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

/// `raadsorde deadlines`: the due items of the cases the account may see.
fn deadlines(
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

/// What `export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
}

/// `raadsorde export --format csv --out DIR`.
fn export_csv(
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportScope {
    Griffie,
    Po,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Md,
    Csv,
}

/// `raadsorde report --year JAAR --scope griffie|po`: the anonymised yearly
/// report, for the griffie or P&O (or the admin), logged before it is
/// written.
fn report(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    year: i32,
    scope: ReportScope,
    format: ReportFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    use raadsorde::domain::access::AccessKind;
    use raadsorde::domain::report::YearReport;
    let (config, mut store, scope) = reporting(db, config_dir, profile, scope)?;
    store.log_access(
        AccessKind::Report,
        None,
        &format!("jaarrapportage {year}, {}", scope.label()),
    )?;
    let this = store.report_facts(year, scope)?;
    let last = store.report_facts(year - 1, scope)?;
    let report = YearReport::build(year, scope, &this, &last, config.report.threshold);
    let text = match format {
        ReportFormat::Md => report.markdown(),
        ReportFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .delimiter(b';')
                .terminator(csv::Terminator::CRLF)
                .from_writer(vec![0xEF, 0xBB, 0xBF]);
            for row in report.csv_rows() {
                // The labels guarded against formulas; the numbers are the
                // report's own (`+11` is a number to a spreadsheet).
                w.write_record(row.iter().enumerate().map(|(i, c)| {
                    if i < 2 {
                        storage::csv_export::cell(c)
                    } else {
                        c.clone()
                    }
                }))?;
            }
            String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?
        }
    };
    write_out(&text, out, &format!("jaarrapportage {year}"))
}

/// `raadsorde presidium [--since DATUM]`: the presidium overview, for the
/// griffie (or the admin), from the last overview on; logged, which is
/// also how the next one knows where to start.
fn presidium(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    since: Option<&str>,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    use raadsorde::domain::access::{AccessKind, Role};
    use raadsorde::domain::presidium::Presidium;
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
    let text = Presidium::build(period, &facts, config.report.threshold).markdown();
    write_out(&text, out, "presidiumoverzicht")
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
fn write_out(text: &str, out: Option<&Path>, what: &str) -> anyhow::Result<ExitCode> {
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
            std::io::Write::write_all(&mut f, text.as_bytes())?;
            cli::report(format_args!(
                "raadsorde: {what} geschreven naar {} (vastgelegd in het toegangslogboek)",
                path.display()
            ));
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `raadsorde trends --from --to --scope`: the yearly figures side by side.
fn trends(
    db: &Path,
    config_dir: &Path,
    profile: Option<&str>,
    (from, to): (i32, i32),
    scope: ReportScope,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    use raadsorde::domain::access::AccessKind;
    use raadsorde::domain::report::Trends;
    if from > to || to - from > 20 {
        anyhow::bail!(
            "--from {from} --to {to}: kies een eerste jaar vóór of gelijk aan het laatste, hooguit 20 jaar"
        );
    }
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
    let text = Trends::build(scope, &years, config.report.threshold).markdown();
    write_out(&text, out, &format!("trends {from}-{to}"))
}

/// For the commands that read the register as the account at the keyboard
/// (deadlines, reports): the register must exist (`missing` says what then);
/// the settings (their problems said), the identity, the store acting for
/// it, and its roles.
fn open_as(
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
