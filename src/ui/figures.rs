//! Anonymised figures on screen (`report`, `trends`, `presidium` with
//! `--format scherm`): one table at a time with its bar chart. A hidden
//! count shows as `< k` and has no bar. Drawn from the figures alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Cell, Paragraph, Row, Table, Wrap,
};

use super::Theme;
use crate::domain::figures::{Align, Figures};
use crate::keymap::{Action, Keymap, Section};

/// Draws table `table` (clamped) of `figures`.
pub fn draw(
    frame: &mut Frame<'_>,
    figures: &Figures,
    table: usize,
    keymap: &Keymap,
    theme: &Theme,
) {
    let area = frame.area();
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(4),
        Constraint::Length(1),
    ])
    .areas(area);
    let count = figures.tables.len();
    let index = table.min(count.saturating_sub(1));
    let intro = figures.intro.first().cloned().unwrap_or_default();
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(figures.title.clone(), theme.title),
            Line::styled(intro, theme.dim),
            Line::styled(
                format!(
                    "Geanonimiseerd: aantallen onder de {k} staan als \"< {k}\" en hebben geen staaf.",
                    k = figures.threshold
                ),
                theme.dim,
            ),
        ])
        .wrap(Wrap { trim: true }),
        head,
    );
    let hints = super::hints(
        keymap,
        Section::Figures,
        &[Action::SelectNext, Action::SelectPrev, Action::Quit],
        theme,
    );
    frame.render_widget(Paragraph::new(Line::from(hints)), foot);
    let Some(t) = figures.tables.get(index) else {
        frame.render_widget(Paragraph::new("Geen cijfers."), body);
        return;
    };
    let title = format!(" {} ({}/{count}) ", t.title, index + 1);
    let rows = t.rows.len() as u16;
    // The table above its chart where the screen is narrow, beside it where
    // there is room.
    let wide = body.width >= 110;
    let [table_area, chart_area] = if wide {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body)
    } else {
        Layout::vertical([Constraint::Length(rows + 3), Constraint::Min(3)]).areas(body)
    };
    let label_width = t
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, 40) as u16;
    let mut widths = vec![Constraint::Length(label_width)];
    widths.extend(
        t.columns
            .iter()
            .map(|c| Constraint::Length(c.title.chars().count().max(8) as u16)),
    );
    let align = |a: Align| match a {
        Align::Right => ratatui::layout::Alignment::Right,
        Align::Left => ratatui::layout::Alignment::Left,
    };
    let header = Row::new(
        std::iter::once(Cell::from(""))
            .chain(
                t.columns
                    .iter()
                    .map(|c| Cell::from(Line::from(c.title.clone()).alignment(align(c.align)))),
            )
            .collect::<Vec<_>>(),
    )
    .style(theme.label);
    let body_rows =
        t.rows.iter().map(|r| {
            let label = if r.total {
                Span::styled(r.label.clone(), theme.label)
            } else {
                Span::raw(r.label.clone())
            };
            Row::new(
                std::iter::once(Cell::from(label))
                    .chain(r.cells.iter().zip(&t.columns).map(|(c, col)| {
                        Cell::from(Line::from(c.clone()).alignment(align(col.align)))
                    }))
                    .collect::<Vec<_>>(),
            )
        });
    frame.render_widget(
        Table::new(body_rows, widths)
            .header(header)
            .block(Block::default().borders(Borders::ALL).title(title)),
        table_area,
    );
    let k = figures.threshold;
    let bars: Vec<Bar<'_>> = t
        .rows
        .iter()
        .filter(|r| !r.total)
        .map(|r| {
            let (value, text) = match r.bar {
                Some(n) => (n, n.to_string()),
                None => (0, format!("< {k}")),
            };
            Bar::default()
                .label(Line::from(r.label.clone()))
                .value(value)
                .text_value(text)
        })
        .collect();
    let chart = BarChart::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" Staafdiagram: {} ", t.bar_label)),
        )
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(theme.ok)
        .value_style(theme.label)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, chart_area);
}
