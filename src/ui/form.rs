//! Drawing a generic form (case handling) as a popup.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, centered, hints, wrap_hints};
use crate::keymap::{Action, Keymap, Section};
use crate::live::Flash;
use crate::widgets::form::{Form, Input};

/// Draws the form; `message` (the last refusal or hint) shows inside it, so
/// the popup never hides why a form was not accepted.
pub fn draw<P>(
    frame: &mut Frame<'_>,
    form: &Form<P>,
    keymap: &Keymap,
    theme: &Theme,
    message: Option<&Flash>,
) {
    let area = frame.area();
    draw_at(frame, area, false, form, keymap, theme, message);
}

/// Draws the form at the top of `area`, over whatever is there: the live
/// console opens its forms below its status, which stays in view.
pub fn draw_in<P>(
    frame: &mut Frame<'_>,
    area: Rect,
    form: &Form<P>,
    keymap: &Keymap,
    theme: &Theme,
    message: Option<&Flash>,
) {
    draw_at(frame, area, true, form, keymap, theme, message);
}

fn draw_at<P>(
    frame: &mut Frame<'_>,
    area: Rect,
    top: bool,
    form: &Form<P>,
    keymap: &Keymap,
    theme: &Theme,
    message: Option<&Flash>,
) {
    let width = if top {
        area.width
    } else {
        area.width.saturating_sub(4).min(84)
    };
    let inner_width = width.saturating_sub(2);
    let value_width = usize::from(inner_width.saturating_sub(2)).max(1);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut cursor = None;
    // The lines of the focused field, from its label to its hint.
    let mut focused_lines = (0, 0);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let first_line = lines.len();
        let label_style = if focused { theme.selected } else { theme.label };
        match &field.input {
            Input::Text(f) => {
                let full = f.len() >= f.max;
                lines.push(Line::from(vec![
                    Span::styled(format!("{}:", field.label), label_style),
                    Span::styled(
                        format!(" {}/{}{}", f.len(), f.max, if full { " (vol)" } else { "" }),
                        if full { theme.warning } else { theme.dim },
                    ),
                ]));
                let scroll = f.input.visual_scroll(value_width);
                let shown: String = f.value().chars().skip(scroll).take(value_width).collect();
                if focused {
                    cursor = Some((
                        lines.len(),
                        2 + f.input.visual_cursor().saturating_sub(scroll),
                    ));
                }
                lines.push(Line::from(vec![
                    Span::styled("> ", if focused { theme.key } else { theme.dim }),
                    Span::raw(shown),
                ]));
            }
            Input::Choice { options, selected } => {
                lines.push(Line::styled(format!("{}:", field.label), label_style));
                let mut spans = Vec::new();
                for (n, opt) in options.iter().enumerate() {
                    let chosen = *selected == Some(n);
                    let text = format!("{} {opt}", n + 1);
                    spans.push(Span::styled(
                        if chosen {
                            format!("[{text}]")
                        } else {
                            format!(" {text} ")
                        },
                        if chosen { theme.alert } else { theme.base },
                    ));
                }
                // Options wrap as whole items.
                let mut row: Vec<Span<'_>> = vec![Span::raw("  ")];
                let mut used = 2;
                for s in spans {
                    let w = s.width();
                    if used + w > usize::from(inner_width) && row.len() > 1 {
                        lines.push(Line::from(std::mem::take(&mut row)));
                        row.push(Span::raw("  "));
                        used = 2;
                    }
                    used += w;
                    row.push(s);
                }
                lines.push(Line::from(row));
            }
            Input::Toggle(v) => {
                lines.push(Line::from(vec![
                    Span::styled(format!("{}: ", field.label), label_style),
                    Span::styled(if *v { "[ja]" } else { "[nee]" }, theme.alert),
                ]));
            }
        }
        if focused && !field.hint.is_empty() {
            lines.push(Line::styled(format!("  bijv. {}", field.hint), theme.dim));
        }
        if focused {
            focused_lines = (first_line, lines.len());
        }
    }
    // The message and the keys stay in view below the fields, which scroll.
    let mut footer: Vec<Line<'_>> = vec![Line::default()];
    if let Some(f) = message {
        let style = theme.level(f.level);
        footer.push(Line::styled(f.text.clone(), style));
    }
    footer.extend(wrap_hints(
        hints(
            keymap,
            Section::Form,
            &[
                Action::Submit,
                Action::Cancel,
                Action::NextField,
                Action::PrevField,
            ],
            theme,
        ),
        inner_width,
    ));
    let footer_height: u16 = footer
        .iter()
        .map(|l| l.width().div_ceil(usize::from(inner_width.max(1))).max(1) as u16)
        .sum();
    let height = (lines.len() as u16 + footer_height + 2).min(area.height);
    let rect = if top {
        // The whole area below the status: the live keys' hints do not
        // apply while typing, the form's own do.
        area
    } else {
        centered(area, width, height)
    };
    let block = Block::bordered()
        .title(format!(" {} ", form.title))
        .title_style(theme.title);
    let inner = block.inner(rect);
    let fields_height = inner.height.saturating_sub(footer_height);
    let fields_area = Rect {
        height: fields_height,
        ..inner
    };
    let footer_area = Rect {
        y: inner.y + fields_height,
        height: inner.height - fields_height,
        ..inner
    };
    // Keep the focused field visible on small screens, its label included:
    // scroll only as far as needed to show its last line, never past its
    // first.
    let room = usize::from(fields_height);
    let (first, end) = focused_lines;
    let scroll = end.saturating_sub(room).min(first) as u16;
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        fields_area,
    );
    frame.render_widget(
        Paragraph::new(footer).wrap(Wrap { trim: false }),
        footer_area,
    );
    if let Some((line, col)) = cursor {
        let y = inner.y + (line as u16).saturating_sub(scroll);
        if y < fields_area.bottom() {
            frame.set_cursor_position(Position::new(
                inner.x + (col as u16).min(inner.width.saturating_sub(1)),
                y,
            ));
        }
    }
}
