//! Drawing the console from its state. Nothing here changes state.

pub mod cases;
mod dialogs;
pub mod figures;
pub mod form;
mod live;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::keymap::{Action, Keymap, Section};
use crate::live::{Console, SaveStatus};

pub use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, console: &Console, theme: &Theme) {
    live::draw(frame, frame.area(), console, theme);
    if let Some(dialog) = &console.dialog {
        dialogs::draw(frame, console, dialog, theme);
    }
}

/// The question before quitting while something would be lost: drawn over
/// whichever screen is shown.
pub fn quit_prompt(
    frame: &mut Frame<'_>,
    unsaved: &[String],
    consequence: &str,
    keymap: &Keymap,
    theme: &Theme,
) {
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(72);
    let mut lines: Vec<Line<'_>> = unsaved
        .iter()
        .map(|u| Line::styled(u.clone(), theme.error))
        .collect();
    lines.push(Line::default());
    lines.push(Line::raw(consequence.to_string()));
    lines.push(Line::default());
    lines.extend(wrap_hints(
        hints(
            keymap,
            Section::Confirm,
            &[Action::Confirm, Action::Cancel, Action::Retry],
            theme,
        ),
        width.saturating_sub(2),
    ));
    let height = (wrapped_lines(&lines, width.saturating_sub(2)) + 2).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Niet alles is opgeslagen ")
                .title_style(theme.error),
        ),
        rect,
    );
}

/// What waits in the outbox, for a screen's status line when it has no
/// other message: a failure stays in view until the write succeeds.
pub(crate) fn saving_line<'a>(
    saving: &SaveStatus,
    keymap: &Keymap,
    section: Section,
    theme: &Theme,
) -> Line<'a> {
    let key = keymap
        .key_for(section, Action::Retry)
        .map(|k| format!("; {k} probeert nu"))
        .unwrap_or_default();
    if saving.held.is_some() {
        return Line::styled(
            format!(
                "ALLEEN LEZEN: het register is beschadigd; {} stap(pen) wachten (noodbestand).",
                saving.waiting
            ),
            theme.error,
        );
    }
    match (&saving.failure, saving.waiting) {
        (Some(reason), n) => Line::styled(
            format!(
                "NIET OPGESLAGEN ({n} wachten): {reason}. Opnieuw over {}s{key}.",
                saving.retry_in.unwrap_or(0)
            ),
            theme.error,
        ),
        (None, 0) if saving.refused > 0 => Line::styled(
            format!(
                "{} stap(pen) geweigerd bij opslaan (zie tijdlijn/melding).",
                saving.refused
            ),
            theme.warning,
        ),
        (None, 0) => Line::default(),
        (None, n) => Line::styled(format!("Opslaan… ({n})"), theme.pending),
    }
}

/// The question when keys arrived all at once outside a text field.
pub fn burst_prompt(
    frame: &mut Frame<'_>,
    keys: &[crossterm::event::KeyEvent],
    keymap: &Keymap,
    theme: &Theme,
) {
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(72);
    let shown: String = keys
        .iter()
        .filter_map(|k| match k.code {
            crossterm::event::KeyCode::Char(c) => Some(c),
            crossterm::event::KeyCode::Enter => Some('⏎'),
            _ => None,
        })
        .take(40)
        .collect();
    let mut lines = vec![
        Line::styled(
            format!(
                "{} toetsen kwamen tegelijk binnen, sneller dan iemand typt (geplakte tekst?).",
                keys.len()
            ),
            theme.warning,
        ),
        Line::raw(format!("„{shown}”")),
        Line::default(),
        Line::raw("Uitvoeren als toetsen (elke letter een stap)?"),
        Line::default(),
    ];
    lines.extend(wrap_hints(
        hints(
            keymap,
            Section::Confirm,
            &[Action::Confirm, Action::Cancel],
            theme,
        ),
        width.saturating_sub(2),
    ));
    let height = (wrapped_lines(&lines, width.saturating_sub(2)) + 2).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Toetsen tegelijk ")
                .title_style(theme.warning),
        ),
        rect,
    );
}

/// Rows `lines` take when wrapped at `width`.
pub(crate) fn wrapped_lines(lines: &[Line<'_>], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().div_ceil(width).max(1) as u16)
        .sum()
}

/// `key desc` pairs for the given actions, with the keys really bound.
pub(crate) fn hints<'a>(
    keymap: &Keymap,
    section: Section,
    actions: &[Action],
    theme: &Theme,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for &action in actions {
        let (Some(key), Some(desc)) = (
            keymap.key_for(section, action),
            keymap.desc_for(section, action),
        ) else {
            continue;
        };
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.to_string(), theme.key));
        spans.push(Span::raw(format!(" {desc}")));
    }
    spans
}

/// Wraps hint spans into lines of at most `width` columns, never splitting a pair.
pub(crate) fn wrap_hints<'a>(spans: Vec<Span<'a>>, width: u16) -> Vec<Line<'a>> {
    let width = usize::from(width);
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut current: Vec<Span<'a>> = Vec::new();
    let mut used = 0;
    let mut iter = spans.into_iter().peekable();
    while let Some(span) = iter.next() {
        if span.content == "  " {
            continue;
        }
        // A pair is the key span followed by its description.
        let desc = iter.next();
        let pair_width = span.width() + desc.as_ref().map_or(0, |d| d.width());
        let sep = if current.is_empty() { 0 } else { 2 };
        if used + sep + pair_width > width && !current.is_empty() {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        } else if sep > 0 {
            current.push(Span::raw("  "));
            used += sep;
        }
        used += pair_width;
        current.push(span);
        if let Some(d) = desc {
            current.push(d);
        }
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

/// A rectangle of at most `w` by `h`, centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    rect
}

/// Draws timeline lines under a top border, newest at the bottom: the lines
/// up to `end` whose wrapped height fits. Returns the index of the first
/// line shown, for the title.
pub(crate) fn draw_timeline(
    frame: &mut Frame<'_>,
    area: Rect,
    lines: &[Line<'_>],
    end: usize,
    title: impl Fn(usize) -> String,
    theme: &Theme,
) -> usize {
    let width = usize::from(area.width.max(1));
    let room = usize::from(area.height.saturating_sub(1));
    let end = end.min(lines.len());
    let mut used = 0;
    let mut first = end;
    for line in lines[..end].iter().rev() {
        let h = line.width().div_ceil(width).max(1);
        if used + h > room {
            break;
        }
        used += h;
        first -= 1;
    }
    frame.render_widget(
        Paragraph::new(lines[first..end].to_vec())
            .wrap(Wrap { trim: false })
            .block(
                Block::new()
                    .borders(Borders::TOP)
                    .title(title(first))
                    .border_style(theme.dim),
            ),
        area,
    );
    first
}
