//! Deadlines across the register: `raadsorde deadlines` for cron and mail,
//! and the texts the board and the notifications share. The items come
//! from the store (`Store::due_items`, role-filtered); nothing here names a
//! victim or a perpetrator: an item is a case number and a duty.

use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::domain::casefile::DeadlineState;
use crate::storage::DueItem;

/// Exit code of `raadsorde deadlines` when something is overdue.
pub const EXIT_OVERDUE: u8 = crate::exit::Exit::Overdue as u8;

/// One line for a list: `2026-0042  te laat   2 dagen te laat  tweede nazorggesprek (uiterlijk 04-12 00:00)`.
pub fn line(item: &DueItem, now: DateTime<FixedOffset>) -> String {
    format!(
        "{:<10} {:<11} {:<16} {} (uiterlijk {}){}",
        item.number,
        item.state.label(),
        item.distance(now),
        item.label,
        shown_moment(item),
        if item.case_closed {
            "; zaak afgesloten"
        } else {
            ""
        }
    )
}

/// "uiterlijk": a deadline at midnight is shown as the end of the day before.
pub fn shown_moment(item: &DueItem) -> String {
    if item.late_after.format("%H:%M").to_string() == "00:00" {
        let day = (item.late_after - chrono::Duration::days(1)).format("%d-%m-%Y");
        format!("{day} einde dag")
    } else {
        item.late_after.format("%d-%m-%Y %H:%M").to_string()
    }
}

#[derive(Serialize)]
struct JsonItem<'a> {
    case: &'a str,
    what: &'a str,
    key: &'a str,
    state: &'static str,
    from: String,
    late_after: String,
    basis: &'a str,
    case_closed: bool,
}

/// Writes the items (text or JSON); the exit code: 0, or
/// [`EXIT_OVERDUE`] when one is overdue.
pub fn print(
    items: &[DueItem],
    now: DateTime<FixedOffset>,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<u8> {
    let overdue = items.iter().any(|i| i.state == DeadlineState::Overdue);
    if json {
        let list: Vec<JsonItem<'_>> = items
            .iter()
            .map(|i| JsonItem {
                case: &i.number,
                what: &i.label,
                key: &i.key,
                state: i.state.label(),
                from: crate::domain::time::local_string(&i.from),
                late_after: crate::domain::time::local_string(&i.late_after),
                basis: &i.basis,
                case_closed: i.case_closed,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
    } else if items.is_empty() {
        writeln!(out, "geen termijnen open")?;
    } else {
        for i in items {
            writeln!(out, "{}", line(i, now))?;
        }
        let late = items
            .iter()
            .filter(|i| i.state == DeadlineState::Overdue)
            .count();
        writeln!(out, "{} termijnen, waarvan {late} te laat", items.len())?;
    }
    Ok(if overdue { EXIT_OVERDUE } else { 0 })
}
