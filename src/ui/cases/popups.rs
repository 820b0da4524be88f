//! The popups of the register screens: what they show (roles, the deadline
//! board, the access log) and the window they are shown in.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::cases::{AccessLogMode, AccessLogView, Browser};
use crate::domain::access::Role;
use crate::keymap::{Action, Section};
use crate::ui::{Theme, centered};

/// A key of the form section, as bound, for the hints of a popup.
fn form_key(b: &Browser, action: Action) -> String {
    b.keymap
        .key_for(Section::Form, action)
        .map(|k| k.to_string())
        .unwrap_or_else(|| "?".into())
}

/// The matrix of identities × roles, the cell under the cursor marked.
pub(super) fn roles_lines<'a>(
    b: &Browser,
    matrix: &[(String, Vec<Role>)],
    row: usize,
    col: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    const NAME: usize = 18;
    let mut lines = vec![Line::styled(
        "Wie welke zaken ziet, volgt de meldroute van §6.1. Alleen een beheerder kan rollen toekennen of intrekken; de laatste beheerder blijft.",
        theme.dim,
    )];
    lines.push(Line::default());
    let mut head = vec![Span::styled(format!("{:<NAME$}", "gebruiker"), theme.label)];
    for role in Role::ALL {
        head.push(Span::styled(format!(" {:^8}", role.short()), theme.label));
    }
    lines.push(Line::from(head));
    if matrix.is_empty() {
        lines.push(Line::styled("Nog geen rollen toegekend.", theme.dim));
    }
    for (i, (identity, roles)) in matrix.iter().enumerate() {
        let name: String = identity.chars().take(NAME - 1).collect();
        let mut spans = vec![Span::styled(
            format!("{name:<NAME$}"),
            if i == row { theme.title } else { theme.base },
        )];
        for (j, role) in Role::ALL.iter().enumerate() {
            let mark = if roles.contains(role) { "✓" } else { "·" };
            let style = if i == row && j == col {
                theme.selected
            } else {
                theme.base
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("{mark:^8}"), style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    for role in Role::ALL {
        lines.push(Line::styled(
            format!("{:<8} {}", role.short(), role.label()),
            theme.dim,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "{}/{} gebruiker · {}/{} rol · {} toekennen of intrekken · {} sluit",
            form_key(b, Action::SelectPrev),
            form_key(b, Action::SelectNext),
            form_key(b, Action::NextField),
            form_key(b, Action::PrevField),
            form_key(b, Action::Submit),
            form_key(b, Action::Cancel),
        ),
        theme.dim,
    ));
    lines
}

/// The deadline board: one line per due item, most urgent first; overdue
/// items in the alert style and marked `TE LAAT` (readable without colour).
pub(super) fn board_lines<'a>(
    b: &Browser,
    board: &crate::storage::DueBoard,
    at: chrono::DateTime<chrono::FixedOffset>,
    cursor: usize,
    height: u16,
    theme: &Theme,
) -> Vec<Line<'a>> {
    use crate::domain::casefile::DeadlineState;
    let items = &board.items;
    let mut head = format!(
        "{} open, waarvan {} te laat · peilmoment {}",
        board.total,
        board.overdue,
        at.format("%d-%m-%Y %H:%M")
    );
    if (items.len() as u64) < board.total {
        head.push_str(&format!(" · de eerste {} getoond", items.len()));
    }
    let mut lines = vec![Line::styled(head, theme.dim), Line::default()];
    if items.is_empty() {
        lines.push(Line::styled("Geen termijnen open.", theme.dim));
    }
    // Only the rows in view are laid out: the popup's height less its
    // border, the two lines above and the two below; the cursor in sight.
    let room = usize::from(height.saturating_sub(6)).max(1);
    let start = cursor.saturating_sub(room.saturating_sub(1));
    for (i, item) in items.iter().enumerate().skip(start).take(room) {
        let mark = match item.state {
            DeadlineState::Overdue => "TE LAAT",
            DeadlineState::DueSoon => "NU",
            _ => "",
        };
        // One row each, within the popup's width: the duty is shortened.
        let mut what = item.label.clone();
        if item.case_closed {
            what.push_str(" (afgesloten)");
        }
        let what: String = if what.chars().count() > 27 {
            what.chars().take(26).chain(['…']).collect()
        } else {
            what
        };
        let text = format!(
            "{mark:<7} {:<9} {what:<27} {:<15} {}",
            item.number,
            item.late_short(),
            item.distance_short(at),
        );
        let style = if i == cursor {
            theme.selected
        } else if item.state == DeadlineState::Overdue {
            theme.alert
        } else {
            theme.base
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "{}/{} kiezen ({}/{}) · {} opent de zaak · {} sluit",
            form_key(b, Action::SelectPrev),
            form_key(b, Action::SelectNext),
            (cursor + 1).min(items.len()),
            items.len(),
            form_key(b, Action::Submit),
            form_key(b, Action::Cancel),
        ),
        theme.dim,
    ));
    lines
}

/// The access log in one of its three views.
pub(super) fn access_log_lines<'a>(
    b: &Browser,
    log: &AccessLogView,
    view: AccessLogMode,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    match view {
        AccessLogMode::All => {
            if log.rows.is_empty() {
                lines.push(Line::styled("Nog niets ingezien.", theme.dim));
            }
            for r in &log.rows {
                let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                    .map(|t| t.format("%d-%m-%Y %H:%M").to_string())
                    .unwrap_or_else(|_| r.at.clone());
                let mut text = format!("{at}  {}  {}", r.identity, r.what.label());
                if let Some(number) = &r.case_number {
                    text.push_str(&format!("  zaak {number}"));
                }
                if !r.scope.is_empty() {
                    text.push_str(&format!("  ({})", r.scope));
                }
                lines.push(Line::raw(text));
            }
        }
        AccessLogMode::PerIdentity => {
            for (identity, n) in &log.by_identity {
                lines.push(Line::raw(format!("{identity}: {n}×")));
            }
            if log.by_identity.is_empty() {
                lines.push(Line::styled("Nog niets ingezien.", theme.dim));
            }
        }
        AccessLogMode::PerCase => {
            for (number, n) in &log.by_case {
                lines.push(Line::raw(format!("zaak {number}: {n}×")));
            }
            if log.by_case.is_empty() {
                lines.push(Line::styled("Nog geen zaak ingezien.", theme.dim));
            }
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "{} alles / per gebruiker / per zaak · {}/{} scrollen · {} sluit",
            form_key(b, Action::NextField),
            form_key(b, Action::SelectPrev),
            form_key(b, Action::SelectNext),
            form_key(b, Action::Cancel),
        ),
        theme.dim,
    ));
    lines
}

pub(super) fn popup(
    frame: &mut Frame<'_>,
    title: &str,
    lines: Vec<Line<'_>>,
    scroll: u16,
    theme: &Theme,
) {
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(86);
    // Rows as wrapped, so that the last line is never cut off.
    let rows = crate::ui::wrapped_lines(&lines, width.saturating_sub(2)) + 2;
    let height = rows.min(area.height);
    let max = rows.saturating_sub(height);
    let rect = centered(area, width, height);
    let mut block = Block::bordered()
        .title(format!(" {title} "))
        .title_style(theme.title);
    if max > 0 {
        block = block.title_bottom(Line::styled(
            format!(
                " ↓/↑ scrollen ({}/{max}) · andere toets sluit ",
                scroll.min(max)
            ),
            theme.dim,
        ));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(max), 0))
            .block(block),
        rect,
    );
}
