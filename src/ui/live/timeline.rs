//! The timeline of the live screen, newest at the bottom: only the lines
//! that fit are formatted, walking back from the newest.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Time;
use crate::domain::live::{Timeline, TimelineRow};
use crate::keymap::{Action, Section};
use crate::live::{Console, RefusedStep};
use crate::ui::Theme;

/// One entry of the live timeline: a logged (or waiting) step, or a step
/// refused when it was written.
#[derive(Clone, Copy)]
enum Entry {
    Row(usize),
    Refused(usize),
}

/// The timeline's entries from the newest back: the rows in their order,
/// each refused step right after the last row at or before its time (and
/// after refused steps placed there earlier in time). Walking back costs
/// nothing per entry until an entry is formatted, so a frame formats only
/// what it shows, however long the meeting.
fn entries_back(rows: &Timeline, refused: &[RefusedStep]) -> impl Iterator<Item = Entry> {
    // Where each refused step goes: (rows before it, its time, its index).
    let mut placed: Vec<(usize, Time, usize)> = refused
        .iter()
        .enumerate()
        .map(|(j, r)| {
            let after = rows
                .iter()
                .rposition(|row| row.at <= r.at)
                .map_or(0, |i| i + 1);
            (after, r.at, j)
        })
        .collect();
    placed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut row = rows.len();
    std::iter::from_fn(move || match placed.last() {
        Some(&(after, _, j)) if after >= row => {
            placed.pop();
            Some(Entry::Refused(j))
        }
        _ if row > 0 => {
            row -= 1;
            Some(Entry::Row(row))
        }
        _ => None,
    })
}

fn row_line<'a>(r: &TimelineRow, theme: &Theme) -> Line<'a> {
    let (mark, style) = if r.is_pending() {
        ("… ", theme.pending)
    } else if r.corrected.is_some() {
        ("✗ ", theme.corrected)
    } else {
        ("✓ ", theme.base)
    };
    let seq = r
        .seq
        .map(|s| format!("{s:>4} "))
        .unwrap_or_else(|| "     ".into());
    let mut spans = vec![
        Span::styled(r.at.format("%H:%M:%S ").to_string(), theme.dim),
        Span::styled(seq, theme.dim),
        Span::styled(
            mark,
            if r.is_pending() {
                theme.pending
            } else {
                theme.ok
            },
        ),
        Span::styled(r.text.clone(), style),
    ];
    if r.is_pending() {
        spans.push(Span::styled("  (wacht op opslag)", theme.pending));
    }
    Line::from(spans)
}

fn refused_line<'a>(r: &RefusedStep, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(r.at.format("%H:%M:%S ").to_string(), theme.dim),
        Span::styled("     ", theme.dim),
        Span::styled("✗ ", theme.error),
        Span::styled(format!("GEWEIGERD: {} — {}", r.what, r.why), theme.error),
    ])
}

pub(super) fn draw_timeline(frame: &mut Frame<'_>, area: Rect, c: &Console, theme: &Theme) {
    let rows = &c.projected().timeline;
    let total = rows.len() + c.refused.len();
    // Scrolled back: the newest entries below are not shown.
    let end = total.saturating_sub(c.timeline_back);
    let later = total - end;
    // From the newest shown entry back, as many as fit (a long line wraps).
    let width = usize::from(area.width.max(1));
    let room = usize::from(area.height.saturating_sub(1));
    let mut used = 0;
    let mut shown: Vec<Line<'_>> = Vec::new();
    for entry in entries_back(rows, &c.refused).skip(later) {
        let line = match entry {
            Entry::Row(i) => row_line(&rows[i], theme),
            Entry::Refused(j) => refused_line(&c.refused[j], theme),
        };
        let h = line.width().div_ceil(width).max(1);
        if used + h > room {
            break;
        }
        used += h;
        shown.push(line);
    }
    shown.reverse();
    let first = end - shown.len();
    let keys = match (
        c.keymap.key_for(Section::Live, Action::PageUp),
        c.keymap.key_for(Section::Live, Action::PageDown),
    ) {
        (Some(up), Some(down)) => format!("; {up}/{down} scrollen"),
        _ => String::new(),
    };
    let title = match (first, later) {
        (0, 0) => " Tijdlijn ".to_string(),
        (first, 0) => format!(" Tijdlijn ({first} eerdere regels niet getoond{keys}) "),
        (first, later) => {
            format!(" Tijdlijn (terug: {first} eerder, {later} later niet getoond{keys}) ")
        }
    };
    frame.render_widget(
        Paragraph::new(shown).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::TOP)
                .title(title)
                .border_style(theme.dim),
        ),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::Arc;

    fn at(minute: u32) -> Time {
        chrono::DateTime::parse_from_rfc3339("2026-11-26T19:00:00+01:00").unwrap()
            + chrono::Duration::minutes(i64::from(minute))
    }

    /// The order the timeline always had: every entry formatted, each
    /// refused step inserted after the last entry at or before its time.
    fn eager(rows: &[Arc<TimelineRow>], refused: &[RefusedStep]) -> Vec<String> {
        let mut lines: Vec<(Time, String)> = rows.iter().map(|r| (r.at, r.text.clone())).collect();
        for r in refused {
            let after = lines
                .iter()
                .rposition(|(t, _)| *t <= r.at)
                .map_or(0, |i| i + 1);
            lines.insert(after, (r.at, r.what.clone()));
        }
        lines.into_iter().map(|(_, l)| l).collect()
    }

    fn lazy(rows: &[Arc<TimelineRow>], refused: &[RefusedStep]) -> Vec<String> {
        let rows: Timeline = rows.iter().cloned().collect();
        let mut out: Vec<String> = entries_back(&rows, refused)
            .map(|e| match e {
                Entry::Row(i) => rows[i].text.clone(),
                Entry::Refused(j) => refused[j].what.clone(),
            })
            .collect();
        out.reverse();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Walking back from the newest entry gives the same timeline as
        /// building it whole (rows in time order, as logged; refused steps
        /// at any time, in the order they were refused).
        #[test]
        fn the_timeline_walked_back_is_the_timeline_built_whole(
            mut row_minutes in proptest::collection::vec(0u32..40, 0..30),
            refused_minutes in proptest::collection::vec(0u32..45, 0..6),
        ) {
            row_minutes.sort_unstable();
            let rows: Vec<Arc<TimelineRow>> = row_minutes
                .iter()
                .enumerate()
                .map(|(i, m)| Arc::new(TimelineRow {
                    seq: Some(i as u64 + 1),
                    at: at(*m),
                    text: format!("stap {i}"),
                    corrected: None,
                    is_correction: false,
                }))
                .collect();
            let refused: Vec<RefusedStep> = refused_minutes
                .iter()
                .enumerate()
                .map(|(j, m)| RefusedStep { at: at(*m), what: format!("geweigerd {j}"), why: String::new() })
                .collect();
            prop_assert_eq!(lazy(&rows, &refused), eager(&rows, &refused));
        }
    }
}
