//! About the program itself: `raadsorde paden`, `completions` and `man`.

use std::path::Path;
use std::process::ExitCode;

use raadsorde::cli;
use raadsorde::exit::Exit;
use raadsorde::paths;

use crate::command;

pub(crate) fn paden(db: &Path, config_dir: &Path) -> anyhow::Result<ExitCode> {
    println!("database:     {}", db.display());
    println!("instellingen: {}", config_dir.join("config.toml").display());
    println!("keymap:       {}", config_dir.join("keymap.toml").display());
    println!("log:          {}", paths::log_file().display());
    Ok(Exit::Ok.into())
}

pub(crate) fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "raadsorde", &mut script);
    cli::bytes(&script)?;
    Ok(Exit::Ok.into())
}

pub(crate) fn man() -> anyhow::Result<ExitCode> {
    cli::bytes(&cli::man_page(command())?)?;
    Ok(Exit::Ok.into())
}
