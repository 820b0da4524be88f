//! Where things live: the database in the user's data directory, settings
//! and keymap in the config directory, the log in the state directory. The
//! database and the config directory can be moved.

use std::path::PathBuf;

use directories::ProjectDirs;

pub const DB_ENV: &str = "RAADSORDE_DB";
pub const CONFIG_DIR_ENV: &str = "RAADSORDE_CONFIG_DIR";

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("nl", "Gemeente Aalten", "raadsorde")
}

/// The default database file.
pub fn default_db() -> PathBuf {
    project()
        .map(|p| p.data_dir().join("raadsorde.db"))
        .unwrap_or_else(|| PathBuf::from("raadsorde.db"))
}

/// The directory holding `config.toml` and `keymap.toml`.
pub fn default_config_dir() -> PathBuf {
    project()
        .map(|p| p.config_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The directory for the log file: the XDG state directory (on Linux
/// `$XDG_STATE_HOME/raadsorde`, by default `~/.local/state/raadsorde`); on
/// systems without one (macOS, Windows) the data directory.
pub fn log_dir() -> PathBuf {
    project()
        .map(|p| p.state_dir().unwrap_or_else(|| p.data_dir()).to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The log file.
pub fn log_file() -> PathBuf {
    log_dir().join("raadsorde.log")
}
