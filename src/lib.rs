//! raadsorde: registratie van orde-verstoringen en agressie tegen politieke
//! ambtsdragers, volgens het protocol van de gemeente Aalten.

pub mod app;
pub mod cases;
pub mod cli;
pub mod config;
pub mod deadlines;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod exit;
pub mod identity;
pub mod integrations;
pub mod keymap;
pub mod live;
pub mod notify;
pub mod paths;
pub mod signals;
pub mod storage;
pub mod ui;
pub mod widgets;
