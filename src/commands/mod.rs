//! One function per command of the binary, grouped by what they look after;
//! the command line itself (`Cli`, `Command`) and the dispatch are in
//! `main.rs`.

/// In these modules `println!` is our own: it writes through [`cli::line`],
/// and a failed write (a closed standard output, a reader that went away)
/// returns an error from the command instead of panicking.
///
/// [`cli::line`]: raadsorde::cli::line
macro_rules! println {
    ($($arg:tt)*) => {
        cli::line(format_args!($($arg)*))?
    };
}

mod admin;
mod dossier;
mod export;
mod keys;
mod live;
mod reports;
mod setup;

pub(crate) use admin::{backup, demo, koppel, purge, receipt, restore, verify};
pub(crate) use dossier::{DossierFormat, dossier};
pub(crate) use export::{ExportFormat, export, export_csv};
pub(crate) use keys::{encrypt, key_command, share};
pub(crate) use live::{live, obs_password};
pub(crate) use reports::{ReportFormat, ReportScope, deadlines, presidium, report, trends};
pub(crate) use setup::{completions, man, paden};
