//! The case browser (register): list, search, and the case file.

pub mod form;
