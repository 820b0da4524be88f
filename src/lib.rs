//! raadsorde: registratie van orde-verstoringen en agressie tegen politieke
//! ambtsdragers, volgens het protocol van de gemeente Aalten.

pub mod domain;
pub mod config;
pub mod keymap;
pub mod storage;
