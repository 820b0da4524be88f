//! A one-line message and what waits to be saved: what every screen's
//! status line shows.

use chrono::{DateTime, FixedOffset};

type Time = DateTime<FixedOffset>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// What waits in the app's outbox, for the screens to show; set by the app
/// after every change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveStatus {
    /// Writes not yet committed.
    pub waiting: usize,
    /// Why the oldest could not be written.
    pub failure: Option<String>,
    /// Seconds until it is tried again by itself.
    pub retry_in: Option<i64>,
    /// Writes refused when they were written.
    pub refused: usize,
    /// Nothing is written at all (a damaged register), and why.
    pub held: Option<String>,
}

/// A step refused when it was finally written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedStep {
    /// When its key was pressed.
    pub at: Time,
    pub what: String,
    pub why: String,
}

/// A one-line message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub level: Level,
}
