//! Widgets every screen shares, as state: a text field, a form of fields,
//! a flash message. Drawn by `ui`; the live console and the register use
//! the same ones.

pub mod field;
pub mod flash;
pub mod form;

pub use field::Field;
pub use flash::{Flash, Level, RefusedStep, SaveStatus};
pub use form::{Form, FormField, Input, Outcome};
