//! The command line in Dutch: clap's own words (help headings, usage, the
//! help and version flags, its error messages) and the man page, for the
//! command defined in `main.rs`; and output that never panics.

use std::fmt;
use std::io::{self, Write};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::exit::Exit;

const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Gebruik: {usage}

{all-args}{after-help}";

/// Makes a clap command speak Dutch: the help template and headings, `-h`
/// and `-V` with Dutch help, Dutch usage lines, defaults, environment
/// variables and possible values in Dutch, and the exit codes after the help.
pub fn dutch(cmd: Command) -> Command {
    let cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true)
                .help("Toon deze hulp"),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Toon de versie"),
        );
    localise(cmd, "")
}

fn localise(cmd: Command, parent: &str) -> Command {
    let path = if parent.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{parent} {}", cmd.get_name())
    };
    let mut usage = format!("{path} [OPTIES]");
    for a in cmd.get_positionals() {
        let name = a
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| a.get_id().as_str().to_uppercase());
        if a.is_required_set() {
            usage.push_str(&format!(" <{name}>"));
        } else {
            usage.push_str(&format!(" [{name}]"));
        }
    }
    if cmd.has_subcommands() {
        usage.push_str(if cmd.is_subcommand_required_set() {
            " <OPDRACHT>"
        } else {
            " [OPDRACHT]"
        });
    }
    let cmd = cmd
        .help_template(HELP_TEMPLATE)
        .after_help(Exit::table())
        .override_usage(usage)
        .mut_args(localise_arg);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names.into_iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(name, |sub| localise(sub, &path))
    })
}

fn localise_arg(a: Arg) -> Arg {
    let mut extra = Vec::new();
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_possible_values_set() {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            extra.push(format!("mogelijk: {}", values.join(", ")));
        }
    }
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let values: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        extra.push(format!("standaard: {}", values.join(", ")));
    }
    if !a.is_hide_env_set()
        && let Some(env) = a.get_env()
    {
        extra.push(format!("omgevingsvariabele {}", env.to_string_lossy()));
    }
    let heading = if a.is_positional() {
        "Argumenten"
    } else {
        "Opties"
    };
    let mut a = a;
    if takes_values {
        a = a.hide_possible_values(true).hide_default_value(true);
    }
    if a.get_env().is_some() {
        a = a.hide_env(true);
    }
    if a.get_help_heading().is_none() {
        a = a.help_heading(heading);
    }
    if !extra.is_empty() {
        let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        a = a.help(format!("{help} [{}]", extra.join("; ")));
    }
    a
}

fn value(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::None => None,
        ContextValue::Bool(b) => Some(b.to_string()),
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn values(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Why a value was refused, in Dutch where the reason is known.
fn reason(err: &clap::Error) -> String {
    use std::error::Error as _;
    let Some(source) = err.source() else {
        return String::new();
    };
    if let Some(e) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind as K;
        let why = match e.kind() {
            K::Empty => "er staat geen getal",
            K::InvalidDigit => "dat is geen geheel getal (alleen cijfers)",
            K::PosOverflow => "dat getal is te groot",
            K::NegOverflow => "dat getal is te klein",
            _ => "dat is geen geldig getal",
        };
        return format!(": {why}");
    }
    format!(": {source}")
}

/// A clap error (not help or version) as the Dutch text printed on standard
/// error: what is wrong, tips, the usage line and where to find help.
///
/// `cmd` is the command that was parsed (made Dutch by [`dutch`]): it gives
/// the usage line when clap's error carries none.
pub fn error_text(err: &clap::Error, cmd: &Command) -> String {
    let arg = value(err, ContextKind::InvalidArg).unwrap_or_default();
    let given = value(err, ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match err.kind() {
        ErrorKind::UnknownArgument => format!("onbekend argument '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "onbekende opdracht '{}'",
            value(err, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if given.is_empty() => {
            format!("'{arg}' heeft een waarde nodig")
        }
        ErrorKind::InvalidValue => format!("ongeldige waarde '{given}' voor '{arg}'"),
        ErrorKind::ValueValidation => {
            format!("ongeldige waarde '{given}' voor '{arg}'{}", reason(err))
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "dit ontbreekt nog: {}",
                values(err, ContextKind::InvalidArg).join(", ")
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "er ontbreekt een opdracht".to_string()
        }
        ErrorKind::ArgumentConflict => match value(err, ContextKind::PriorArg) {
            Some(prior) => format!("'{arg}' gaat niet samen met '{prior}'"),
            None => format!("'{arg}' gaat niet samen met een ander argument"),
        },
        ErrorKind::TooManyValues => format!("te veel waarden: '{given}' voor '{arg}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "verkeerd aantal waarden voor '{arg}': {} gegeven, {} nodig",
            value(err, ContextKind::ActualNumValues).unwrap_or_default(),
            value(err, ContextKind::ExpectedNumValues)
                .or_else(|| value(err, ContextKind::MinValues))
                .unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("'{arg}' verwacht zijn waarde na een '='"),
        ErrorKind::InvalidUtf8 => "een argument is geen geldige UTF-8-tekst".to_string(),
        _ => "verkeerd gebruik van de opdrachtregel".to_string(),
    };
    out.insert_str(0, "raadsorde: ");
    out.push('\n');
    let valid = values(err, ContextKind::ValidValue);
    if !valid.is_empty() {
        out.push_str(&format!("  mogelijk: {}\n", valid.join(", ")));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        if let Some(s) = value(err, kind) {
            out.push_str(&format!("  bedoelt u '{s}'?\n"));
        }
    }
    let subcommands = values(err, ContextKind::SuggestedSubcommand);
    if !subcommands.is_empty() {
        out.push_str(&format!(
            "  bedoelt u de opdracht '{}'?\n",
            subcommands.join("' of '")
        ));
    }
    if matches!(
        err.get(ContextKind::TrailingArg),
        Some(ContextValue::Bool(true))
    ) {
        out.push_str(&format!(
            "  is '{arg}' een waarde? Zet er dan '-- ' voor: -- {arg}\n"
        ));
    }
    let usage = value(err, ContextKind::Usage)
        .map(|u| {
            let u = u.trim();
            u.strip_prefix("Usage:").unwrap_or(u).trim().to_string()
        })
        .or_else(|| owner_usage(cmd, &arg));
    match usage {
        Some(usage) => {
            out.push_str(&format!("\nGebruik: {usage}\n"));
            let command: Vec<&str> = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with('[') && !w.starts_with('<'))
                .collect();
            out.push_str(&format!("\nMeer hulp: {} --help\n", command.join(" ")));
        }
        None => out.push_str(&format!("\nMeer hulp: {} --help\n", cmd.get_name())),
    }
    out
}

/// The usage line of the (sub)command that has the argument `arg` (as clap
/// shows it: `--cases <cases>`, `<SHELL>`), when only one has it: clap gives
/// no usage with a refused value.
fn owner_usage(cmd: &Command, arg: &str) -> Option<String> {
    fn is(a: &Arg, arg: &str) -> bool {
        let first = arg.split([' ', '=']).next().unwrap_or_default();
        if let Some(long) = first.strip_prefix("--") {
            return a.get_long() == Some(long);
        }
        let Some(name) = first.strip_prefix('<').and_then(|n| n.strip_suffix('>')) else {
            return false;
        };
        a.is_positional()
            && (a.get_id().as_str() == name
                || a.get_value_names()
                    .is_some_and(|v| v.iter().any(|v| v.as_str() == name)))
    }
    fn find(cmd: &Command, arg: &str, out: &mut Vec<String>) {
        let own = cmd
            .get_arguments()
            .any(|a| !a.is_global_set() && is(a, arg));
        if own && let Some(u) = cmd.get_overridden_usage() {
            out.push(u.to_string());
        }
        for sub in cmd.get_subcommands() {
            find(sub, arg, out);
        }
    }
    if arg.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    find(cmd, arg, &mut found);
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => cmd.get_overridden_usage().map(|u| u.to_string()),
    }
}

/// Handles a parse result that is not a command to run: help and version go
/// to standard output with exit 0, errors to standard error in Dutch with
/// exit 2.
pub fn clap_exit(err: &clap::Error, cmd: &Command) -> Exit {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut out = io::stdout().lock();
            // A closed or broken standard output: nothing to tell.
            let _ = write!(out, "{}", err.render()).and_then(|()| out.flush());
            Exit::Ok
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(io::stderr(), "{}", err.render());
            Exit::Usage
        }
        _ => {
            let _ = write!(io::stderr(), "{}", error_text(err, cmd));
            Exit::Usage
        }
    }
}

/// The man page (roff) of a command made Dutch by [`dutch`], with Dutch
/// section names.
///
/// There is one page: the subcommands are listed as `raadsorde NAME` (their
/// options are in `raadsorde NAME --help`), not as pages of their own.
pub fn man_page(cmd: Command) -> io::Result<Vec<u8>> {
    let bin = cmd.get_name().to_string();
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut page)?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    for name in subcommands {
        let roff_name = name.replace('-', "\\-");
        text = text.replace(
            &format!("{bin}\\-{roff_name}(1)"),
            &format!("\\fB{bin} {roff_name}\\fR"),
        );
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line {
            ".SH NAME" => ".SH NAAM",
            ".SH SYNOPSIS" => ".SH OVERZICHT",
            ".SH DESCRIPTION" => ".SH BESCHRIJVING",
            ".SH OPTIONS" => ".SH OPTIES",
            ".SH SUBCOMMANDS" => ".SH OPDRACHTEN",
            ".SH EXTRA" => ".SH AFSLUITCODES",
            ".SH VERSION" => ".SH VERSIE",
            ".SH AUTHORS" => ".SH AUTEURS",
            other => other,
        };
        // Headings of our own (the subcommands' "Opdrachten") in capitals too.
        let line = match line.strip_prefix(".SH ") {
            Some(heading) => format!(".SH {}", heading.to_uppercase()),
            None => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out.into_bytes())
}

/// Standard output could not be written (closed, or the reader went away).
#[derive(Debug, thiserror::Error)]
#[error("de uitvoer kon niet worden geschreven: {0}")]
pub struct OutputError(#[from] pub io::Error);

/// Writes one line to standard output; a failure is an error, not a panic.
pub fn line(args: fmt::Arguments<'_>) -> Result<(), OutputError> {
    let mut out = io::stdout().lock();
    out.write_fmt(args)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Writes bytes to standard output; a failure is an error, not a panic.
pub fn bytes(data: &[u8]) -> Result<(), OutputError> {
    let mut out = io::stdout().lock();
    out.write_all(data)?;
    out.flush()?;
    Ok(())
}

/// Whether an error is a broken pipe: the reader of standard output went
/// away (`raadsorde paden | head -0`). That ends quietly, with exit 1.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<OutputError>()
                .is_some_and(|e| e.0.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Writes a message to standard error; if even that fails there is no one
/// left to tell.
pub fn report(message: fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(message).and_then(|()| err.write_all(b"\n"));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn test_command() -> Command {
        dutch(
            Command::new("raadsorde")
                .version("1.2.3")
                .about("Test")
                .arg(
                    Arg::new("db")
                        .long("db")
                        .global(true)
                        .env("RAADSORDE_TEST_DB_UNSET")
                        .help("Databasebestand"),
                )
                .subcommand(
                    Command::new("demo").about("Demo").arg(
                        Arg::new("cases")
                            .long("cases")
                            .value_parser(clap::value_parser!(usize))
                            .default_value("1000")
                            .help("Aantal zaken"),
                    ),
                )
                .subcommand(
                    Command::new("completions").about("Aanvullingen").arg(
                        Arg::new("shell")
                            .required(true)
                            .value_parser(["bash", "zsh"])
                            .help("De shell"),
                    ),
                ),
        )
    }

    fn fails(args: &[&str]) -> (ErrorKind, String) {
        let err = test_command().try_get_matches_from(args).unwrap_err();
        (err.kind(), error_text(&err, &test_command()))
    }

    #[test]
    fn help_speaks_dutch() {
        let help = test_command().render_help().to_string();
        for dutch in [
            "Gebruik: raadsorde [OPTIES] [OPDRACHT]",
            "Opdrachten:",
            "Opties:",
            "Toon deze hulp",
            "Toon de versie",
            "Afsluitcodes:",
            "omgevingsvariabele RAADSORDE_TEST_DB_UNSET",
        ] {
            assert!(help.contains(dutch), "{dutch:?} missing in:\n{help}");
        }
        for english in [
            "Usage:",
            "Print help",
            "Print version",
            "Options:",
            "Commands:",
            "[env:",
        ] {
            assert!(!help.contains(english), "{english:?} in:\n{help}");
        }
        // No English `help` subcommand.
        assert!(
            !help.lines().any(|l| l.trim_start().starts_with("help ")),
            "{help}"
        );
        let mut cmd = test_command();
        cmd.build();
        let sub = cmd
            .find_subcommand_mut("demo")
            .unwrap()
            .render_help()
            .to_string();
        assert!(sub.contains("Gebruik: raadsorde demo [OPTIES]"), "{sub}");
        assert!(sub.contains("[standaard: 1000]"), "{sub}");
        assert!(sub.contains("Toon deze hulp"), "{sub}");
        assert!(!sub.contains("[default"), "{sub}");
    }

    #[test]
    fn an_unknown_argument_is_told_in_dutch_with_a_suggestion() {
        let (kind, text) = fails(&["raadsorde", "--dbb", "x"]);
        assert_eq!(kind, ErrorKind::UnknownArgument);
        assert!(
            text.starts_with("raadsorde: onbekend argument '--dbb'"),
            "{text}"
        );
        assert!(text.contains("bedoelt u '--db'?"), "{text}");
        assert!(
            text.contains("Gebruik: raadsorde [OPTIES] [OPDRACHT]"),
            "{text}"
        );
        assert!(text.contains("Meer hulp: raadsorde --help"), "{text}");
        assert!(!text.contains("error:"), "{text}");
    }

    #[test]
    fn an_unknown_subcommand_suggests_the_near_one() {
        let (kind, text) = fails(&["raadsorde", "dem"]);
        assert_eq!(kind, ErrorKind::InvalidSubcommand);
        assert!(text.contains("onbekende opdracht 'dem'"), "{text}");
        assert!(text.contains("bedoelt u de opdracht 'demo'?"), "{text}");
    }

    #[test]
    fn a_bad_number_says_why_in_dutch() {
        let (kind, text) = fails(&["raadsorde", "demo", "--cases", "veel"]);
        assert_eq!(kind, ErrorKind::ValueValidation);
        assert!(
            text.contains(
                "ongeldige waarde 'veel' voor '--cases <cases>': dat is geen geheel getal"
            ),
            "{text}"
        );
        assert!(text.contains("Meer hulp: raadsorde demo --help"), "{text}");
    }

    #[test]
    fn a_bad_choice_lists_the_possible_values() {
        let (kind, text) = fails(&["raadsorde", "completions", "tcsh"]);
        assert_eq!(kind, ErrorKind::InvalidValue);
        assert!(text.contains("ongeldige waarde 'tcsh'"), "{text}");
        assert!(text.contains("mogelijk: bash, zsh"), "{text}");
        let (kind, text) = fails(&["raadsorde", "completions"]);
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        assert!(text.contains("dit ontbreekt nog: <shell>"), "{text}");
    }

    #[test]
    fn the_man_page_has_dutch_sections() {
        let page = String::from_utf8(man_page(test_command()).unwrap()).unwrap();
        for section in [
            ".SH NAAM",
            ".SH OVERZICHT",
            ".SH OPTIES",
            ".SH OPDRACHTEN",
            ".SH AFSLUITCODES",
        ] {
            assert!(page.contains(section), "{section} missing:\n{page}");
        }
        assert!(!page.contains(".SH OPTIONS"), "{page}");
        // No references to pages that `raadsorde man` does not write.
        assert!(page.contains("\\fBraadsorde demo\\fR"), "{page}");
        assert!(!page.contains("(1)"), "{page}");
        assert!(page.contains("Toon deze hulp"), "{page}");
    }

    #[test]
    fn a_broken_pipe_is_recognised_through_context() {
        let e = anyhow::Error::from(OutputError(io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(is_broken_pipe(&e));
        let e = anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).context("export");
        assert!(is_broken_pipe(&e));
        let e = anyhow::anyhow!("iets anders");
        assert!(!is_broken_pipe(&e));
    }
}
