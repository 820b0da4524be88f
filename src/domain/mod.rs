//! The pure core: rules and types of the protocol. No terminal, no database.

pub mod access;
pub mod calendar;
pub mod card;
pub mod case;
pub mod casefile;
pub mod category;
pub mod chain;
pub mod dates;
mod describe;
pub mod dossier;
pub mod event;
pub mod figures;
pub mod json;
pub mod live;
pub mod preparation;
pub mod presidium;
pub mod report;
pub mod text;
pub mod time;

pub use category::Category;
pub use event::{AangifteChoice, DemandBy, Event, EventBody, MeetingType, NewEvent};
pub use live::{LiveView, Refusal};
