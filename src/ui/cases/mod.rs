//! The register screens: the list of cases and one case file.

mod case;
mod list;
mod popups;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, hints, wrap_hints};
use crate::cases::{Browser, Popup};
use crate::domain::casefile::SUPPORT_LINES;
use crate::keymap::{Action, Section};

pub use case::case_lines;
use case::draw_case;
use list::draw_list;
use popups::{access_log_lines, board_lines, popup, roles_lines};

pub fn draw(frame: &mut Frame<'_>, b: &Browser, theme: &Theme) {
    let area = frame.area();
    match &b.open {
        Some(open) => draw_case(frame, area, b, open, theme),
        None => draw_list(frame, area, b, theme),
    }
    match &b.popup {
        Some(Popup::Help { scroll }) => {
            let mut lines = super::dialogs::help_for(
                &b.keymap,
                &[Section::Cases, Section::Case, Section::Form],
                theme,
                area.width.saturating_sub(6).min(82),
            );
            lines.extend(super::dialogs::term_lines(&b.config.deadlines, theme));
            popup(frame, "Hulp — alle toetsen", lines, *scroll, theme);
        }
        Some(Popup::SupportLines) => {
            let mut lines = vec![Line::styled(
                "Opvang en nazorg (protocol §6.3): altijd aanbieden.",
                theme.label,
            )];
            lines.push(Line::default());
            for (name, number) in SUPPORT_LINES {
                lines.push(Line::from(vec![
                    Span::styled(format!("{name}: "), theme.title),
                    Span::raw(number.to_string()),
                ]));
            }
            lines.push(Line::default());
            lines.push(Line::styled("Een toets sluit dit venster.", theme.dim));
            popup(frame, "Steunlijnen", lines, 0, theme);
        }
        Some(Popup::CorrectPick { cursor }) => {
            if let Some(open) = &b.open {
                let rows = open.file.correctable();
                let mut lines = vec![Line::styled("Welke regel corrigeren?", theme.label)];
                // One screen row per entry (cut with …), so that the rows
                // counted are the rows shown and the cursor is always in view.
                let inner = usize::from(area.width.saturating_sub(4).min(86).saturating_sub(2));
                let visible = usize::from(area.height.saturating_sub(6)).max(1);
                let start = cursor.saturating_sub(visible.saturating_sub(1));
                for (i, r) in rows.iter().enumerate().skip(start).take(visible) {
                    let text = format!(
                        "{} {:>5} {}",
                        r.at.format("%d-%m-%Y %H:%M"),
                        r.seq.unwrap_or_default(),
                        r.text
                    );
                    let text = if text.chars().count() > inner {
                        let cut: String = text.chars().take(inner.saturating_sub(1)).collect();
                        format!("{cut}…")
                    } else {
                        text
                    };
                    lines.push(Line::styled(
                        text,
                        if i == *cursor {
                            theme.selected
                        } else {
                            theme.base
                        },
                    ));
                }
                popup(frame, "Correctie", lines, 0, theme);
            }
        }
        Some(Popup::Roles { matrix, row, col }) => {
            let lines = roles_lines(b, matrix, *row, *col, theme);
            popup(frame, "Gebruikers en rollen", lines, 0, theme);
        }
        Some(Popup::Board { board, at, cursor }) => {
            let lines = board_lines(b, board, *at, *cursor, frame.area().height, theme);
            popup(
                frame,
                "Termijnen — alle zaken die u mag zien",
                lines,
                0,
                theme,
            );
        }
        Some(Popup::AccessLog { log, view, scroll }) => {
            let lines = access_log_lines(b, log, *view, theme);
            let title = format!("Toegangslogboek — {}", view.label());
            popup(frame, &title, lines, *scroll, theme);
        }
        None => {}
    }
    if let Some(form) = &b.form {
        super::form::draw(frame, form, &b.keymap, theme, b.flash.as_ref());
    }
}

fn header(b: &Browser, title: String, theme: &Theme, area: Rect, frame: &mut Frame<'_>) {
    // Who is looking: what the list shows depends on it.
    let clock = match &b.identity {
        Some(who) => format!("{who} · {}", b.now.format("%H:%M:%S")),
        None => b.now.format("%H:%M:%S").to_string(),
    };
    let [left, right] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(clock.chars().count() as u16 + 1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("raadsorde ", theme.title),
            Span::raw(title),
        ])),
        left,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(clock, theme.title)).alignment(Alignment::Right),
        right,
    );
}

fn flash<'a>(b: &Browser, theme: &Theme) -> Line<'a> {
    match &b.flash {
        Some(f) => Line::styled(f.text.clone(), theme.level(f.level)),
        None => Line::default(),
    }
}

fn footer(
    frame: &mut Frame<'_>,
    area: Rect,
    b: &Browser,
    section: Section,
    actions: &[Action],
    theme: &Theme,
) {
    let mut lines = vec![flash(b, theme)];
    lines.extend(
        wrap_hints(hints(&b.keymap, section, actions, theme), area.width)
            .into_iter()
            .take(2),
    );
    frame.render_widget(Paragraph::new(lines), area);
}

fn date(d: &chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}
