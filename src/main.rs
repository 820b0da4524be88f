//! raadsorde — orde-verstoringen en agressie tegen politieke ambtsdragers
//! vastleggen, volgens het protocol van de gemeente Aalten.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use raadsorde::app::Screen;
use raadsorde::cli;
use raadsorde::exit::Exit;
use raadsorde::paths;
use raadsorde::storage;

use commands::{
    DossierFormat, ExportFormat, ReportFormat, ReportScope, backup, completions, deadlines, demo,
    dossier, encrypt, export, export_csv, key_command, koppel, live, man, obs_password, paden,
    presidium, purge, receipt, report, restore, share, trends, verify,
};

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
        /// Controleer ook dat dit dossier door dit register is gemaakt en
        /// sindsdien niet is gewijzigd (de SHA-256 van het bestand staat in
        /// een vastgelegde gebeurtenis). Mag vaker.
        #[arg(long, value_name = "BESTAND")]
        document: Vec<PathBuf>,
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
    /// Politiedossier van één zaak, voor een aangifte: de zeven W's, de
    /// tijdlijn op de seconde, het online bewijs, de aangifte en de
    /// bewijsketen. VERTROUWELIJK; het opmaken wordt vastgelegd met de
    /// SHA-256 van het bestand.
    Dossier {
        /// Het zaaknummer, zoals in het register (bijvoorbeeld 2026-0007).
        #[arg(value_name = "ZAAK")]
        case: String,
        /// Schrijf naar dit bestand (.pdf, .md of .json).
        #[arg(long, value_name = "BESTAND")]
        out: Option<PathBuf>,
        /// pdf (PDF/A-2b), md of json; standaard volgens de extensie van
        /// --out, anders pdf.
        #[arg(long, value_enum, value_name = "VORM")]
        format: Option<DossierFormat>,
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
        /// md (Markdown), csv, pdf (met staafdiagrammen) of scherm (de
        /// cijfers met staafdiagrammen in de terminal); standaard volgens
        /// de extensie van --out, anders md.
        #[arg(long, value_enum, value_name = "VORM")]
        format: Option<ReportFormat>,
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
        /// md (Markdown), csv, pdf (met staafdiagrammen) of scherm;
        /// standaard volgens de extensie van --out, anders md.
        #[arg(long, value_enum, value_name = "VORM")]
        format: Option<ReportFormat>,
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
        /// md (Markdown), csv, pdf (met staafdiagrammen) of scherm;
        /// standaard volgens de extensie van --out, anders md.
        #[arg(long, value_enum, value_name = "VORM")]
        format: Option<ReportFormat>,
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
        Command::Verify { receipts, document } => verify(&db, receipts.as_deref(), &document),
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
        Command::Dossier { case, out, format } => {
            dossier(&db, &config_dir, cli.profile.as_deref(), &case, format, out)
        }
        Command::Trends {
            from,
            to,
            scope,
            format,
            out,
        } => trends(
            &db,
            &config_dir,
            cli.profile.as_deref(),
            (from, to),
            scope,
            (format, out.as_deref()),
        ),
        Command::Presidium { since, format, out } => presidium(
            &db,
            &config_dir,
            cli.profile.as_deref(),
            since.as_deref(),
            (format, out.as_deref()),
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
            (format, out.as_deref()),
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
