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

/// The default directory for the fallback file of waiting writes: the
/// user's runtime directory (memory, so it can be written when the disk is
/// full; it survives a crash, not a power cut), else the state directory.
/// Set `RAADSORDE_NOODMAP` to a second disk to survive a power cut too.
pub fn default_fallback_dir() -> PathBuf {
    if let Some(run) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(run).join("raadsorde");
    }
    project()
        .map(|p| {
            p.state_dir()
                .unwrap_or_else(|| p.data_dir())
                .join("noodmap")
        })
        .unwrap_or_else(|| PathBuf::from("noodmap"))
}

/// The log file.
pub fn log_file() -> PathBuf {
    log_dir().join("raadsorde.log")
}
