//! The case browser (register): list, search, and the case file.

pub mod browser;
mod case_actions;
mod list_keys;
pub use crate::widgets::form;
pub mod forms;

pub use crate::storage::AccessLogView;
pub use crate::storage::worker::LoadedCase;
pub use browser::{AccessLogMode, Browser, Effect, Msg, OpenCase, Popup};
