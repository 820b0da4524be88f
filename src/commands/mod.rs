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

/// For the commands whose check rebuilds the projections in a temporary
/// directory (`verify`, and the checks of `backup`, `restore` and
/// `versleutel`): a stop signal removes that directory before the process
/// ends, as the signal would have ended it (`storage::rebuild_dir`).
pub(crate) fn remove_rebuilds_on_stop() -> anyhow::Result<()> {
    raadsorde::signals::exit_on_stop(|name| {
        let removed = raadsorde::storage::rebuild_dir::remove_open();
        let tail = if removed > 0 {
            "; de tijdelijke bestanden van de controle zijn verwijderd"
        } else {
            ""
        };
        write_unlocked(format!("raadsorde: gestopt door {name}{tail}.\n").as_bytes());
    })
}

/// Writes to standard error without its lock: the command may hold that
/// for as long as it runs (`verify` writes its problems through it), and
/// a signal does not wait. A duplicate of the descriptor shares its
/// position, so the line lands after what is already there.
fn write_unlocked(message: &[u8]) {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stderr().as_fd().try_clone_to_owned() {
            let _ = std::fs::File::from(fd).write_all(message);
        }
    }
    #[cfg(not(unix))]
    let _ = message;
}

pub(crate) use admin::{backup, demo, koppel, purge, receipt, restore, verify};
pub(crate) use dossier::{DossierFormat, dossier};
pub(crate) use export::{ExportFormat, export, export_csv};
pub(crate) use keys::{encrypt, key_command, share};
pub(crate) use live::{live, obs_password};
pub(crate) use reports::{ReportFormat, ReportScope, deadlines, presidium, report, trends};
pub(crate) use setup::{completions, man, paden};
