//! The live console screen.
//!
//! From top to bottom: the header (session, clock), the status (the
//! session, the livestream or office hours, the current disturbance and
//! its persons, what was called and when, the banner), the timeline, the
//! message line and the key hints. A form opens below the status, over the
//! timeline: what was logged stays in view while typing. The status is
//! drawn in `live/status.rs`, the timeline in `live/timeline.rs`.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, hints, wrap_hints};
use crate::domain::event::Setting;
use crate::keymap::{Action, Section};
use crate::live::{Console, Dialog};

mod status;
mod timeline;

use status::status_lines;
use timeline::draw_timeline;

type Time = chrono::DateTime<chrono::FixedOffset>;

pub fn draw(frame: &mut Frame<'_>, area: Rect, c: &Console, theme: &Theme) {
    let hint_lines = hint_lines(c, theme, area.width);
    let flash = flash_line(c, theme);
    let flash_height = flash
        .width()
        .div_ceil(usize::from(area.width.max(1)))
        .clamp(1, 3) as u16;
    let status = status_lines(c, theme, area.width >= 100);
    let [header, status_area, lower] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(wrapped_height(&status, area.width) + 1),
        Constraint::Min(4),
    ])
    .areas(area);
    let [timeline_area, flash_area, hints_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(flash_height),
        Constraint::Length(hint_lines.len() as u16),
    ])
    .areas(lower);

    let clock = c.now.format("%H:%M:%S").to_string();
    let [left, right] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(clock.len() as u16 + 1),
    ])
    .areas(header);
    frame.render_widget(Paragraph::new(header_line(c, theme)), left);
    frame.render_widget(
        Paragraph::new(Span::styled(clock, theme.title)).alignment(Alignment::Right),
        right,
    );
    frame.render_widget(
        Paragraph::new(status).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::BOTTOM)
                .border_style(theme.dim),
        ),
        status_area,
    );
    draw_timeline(frame, timeline_area, c, theme);
    frame.render_widget(Paragraph::new(flash).wrap(Wrap { trim: false }), flash_area);
    frame.render_widget(Paragraph::new(hint_lines), hints_area);
    // A form opens below the status, which stays in view.
    if let Some(Dialog::Form(form)) = &c.dialog {
        super::form::draw_in(frame, lower, form, &c.keymap, theme, c.flash.as_ref());
    }
}

/// Rows the lines take when wrapped at `width`.
fn wrapped_height(lines: &[Line<'_>], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().div_ceil(width).max(1))
        .sum::<usize>() as u16
}

/// The key hints: at most `MAX_HINT_LINES` lines; when not all fit, the
/// least urgent are left out and the help key always shows. The four
/// category keys show as one hint.
fn hint_lines<'a>(c: &Console, theme: &Theme, width: u16) -> Vec<Line<'a>> {
    const MAX_HINT_LINES: usize = 3;
    let mut actions = c.suggested_actions();
    loop {
        let lines = wrap_hints(live_hints(c, &actions, theme), width);
        if lines.len() <= MAX_HINT_LINES || actions.len() <= 1 {
            return lines;
        }
        actions.retain(|a| *a != Action::Help);
        actions.pop();
        actions.push(Action::Help);
    }
}

/// The hints for `actions`, with the category keys folded into one:
/// `1-4 Categorie`.
fn live_hints<'a>(c: &Console, actions: &[Action], theme: &Theme) -> Vec<Span<'a>> {
    let categories: Vec<Action> = actions
        .iter()
        .copied()
        .filter(|a| a.category().is_some())
        .collect();
    let keys: Vec<String> = categories
        .iter()
        .filter_map(|a| c.keymap.key_for(Section::Live, *a).map(|k| k.to_string()))
        .collect();
    let mut spans = Vec::new();
    let mut folded = false;
    for &action in actions {
        if action.category().is_some() && keys.len() == 4 {
            if !folded {
                if !spans.is_empty() {
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(format!("{}-{}", keys[0], keys[3]), theme.key));
                spans.push(Span::raw(" Categorie"));
                folded = true;
            }
            continue;
        }
        let more = hints(&c.keymap, Section::Live, &[action], theme);
        if !more.is_empty() && !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.extend(more);
    }
    spans
}

fn header_line<'a>(c: &Console, theme: &Theme) -> Line<'a> {
    let what = match &c.view.meeting {
        Some(m) if m.ended_at.is_none() => match m.setting() {
            Setting::Gesprek => format!("{} · met {}", m.title, m.chair),
            _ => format!("{} · {} · vz. {}", m.title, m.meeting_type.label(), m.chair),
        },
        Some(m) => format!("{} · gesloten", m.title),
        None => "geen vergadering of gesprek".to_string(),
    };
    Line::from(vec![
        Span::styled("raadsorde ", theme.title),
        Span::raw(format!("· {what}")),
    ])
}

fn flash_line<'a>(c: &Console, theme: &Theme) -> Line<'a> {
    match &c.flash {
        Some(f) => {
            let style = theme.level(f.level);
            Line::styled(f.text.clone(), style)
        }
        None => super::saving_line(&c.saving, &c.keymap, Section::Live, theme),
    }
}
