//! The live console screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, hints, wrap_hints};
use crate::domain::live::{DisturbanceView, LiveView};
use crate::domain::time::elapsed;
use crate::keymap::{Action, Section};
use crate::live::Console;

pub fn draw(frame: &mut Frame<'_>, area: Rect, c: &Console, theme: &Theme) {
    let hint_lines = hint_lines(c, theme, area.width);
    let flash = flash_line(c, theme);
    let flash_height = flash
        .width()
        .div_ceil(usize::from(area.width.max(1)))
        .clamp(1, 3) as u16;
    let status = status_lines(c, theme, area.width >= 100);
    let [header, status_area, timeline_area, flash_area, hints_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(wrapped_height(&status, area.width) + 1),
        Constraint::Min(3),
        Constraint::Length(flash_height),
        Constraint::Length(hint_lines.len() as u16),
    ])
    .areas(area);

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
/// least urgent are left out and the help key always shows.
fn hint_lines<'a>(c: &Console, theme: &Theme, width: u16) -> Vec<Line<'a>> {
    const MAX_HINT_LINES: usize = 3;
    let mut actions = c.suggested_actions();
    loop {
        let lines = wrap_hints(hints(&c.keymap, Section::Live, &actions, theme), width);
        if lines.len() <= MAX_HINT_LINES || actions.len() <= 1 {
            return lines;
        }
        actions.retain(|a| *a != Action::Help);
        actions.pop();
        actions.push(Action::Help);
    }
}

fn header_line<'a>(c: &Console, theme: &Theme) -> Line<'a> {
    let what = match &c.view.meeting {
        Some(m) if m.ended_at.is_none() => {
            format!("{} · {} · vz. {}", m.title, m.meeting_type.label(), m.chair)
        }
        Some(m) => format!("{} · gesloten", m.title),
        None => "geen vergadering".to_string(),
    };
    Line::from(vec![
        Span::styled("raadsorde ", theme.title),
        Span::raw(format!("· {what}")),
    ])
}

/// `20:31:10 (0:42 geleden)`, or `20:31:10 (0:42)` on a narrow screen.
fn since(c: &Console, t: &chrono::DateTime<chrono::FixedOffset>, wide: bool) -> String {
    let ago = if wide { " geleden" } else { "" };
    format!("{} ({}{ago})", t.format("%H:%M:%S"), elapsed(t, &c.now))
}

/// Marks what only the steps still waiting for the store make so: shown
/// (the rules count them too), but not as saved.
const UNSAVED: &str = " …";

fn status_lines<'a>(c: &Console, theme: &Theme, wide: bool) -> Vec<Line<'a>> {
    // The projected view: committed steps plus those still waiting, so that
    // three queued demands show as three demands and the banner; what is not
    // saved yet is marked.
    let v: &LiveView = c.projected();
    let saved: &LiveView = &c.view;
    let mut lines = Vec::new();
    if v.open_meeting().is_none() {
        lines.push(Line::styled(
            "Geen lopende vergadering. Open een vergadering om te beginnen.",
            theme.label,
        ));
        if let Some(m) = &v.meeting {
            lines.push(Line::styled(
                format!(
                    "Laatste vergadering: {} ({}), {} zaak/zaken geregistreerd.",
                    m.title,
                    m.started_at.format("%d-%m-%Y"),
                    v.closed_cases.len()
                ),
                theme.dim,
            ));
        }
        if let Some(text) = c.anchor.as_ref().and_then(crate::live::anchor_text) {
            lines.push(Line::styled(
                format!("Voor de notulen: {text}"),
                theme.label,
            ));
        }
        return lines;
    }
    let label = |s: &str| Span::styled(s.to_string(), theme.label);
    let meeting = match &v.suspended_since {
        Some(t) if saved.suspended_since.is_none() => Span::styled(
            format!("GESCHORST {}{UNSAVED}", t.format("%H:%M:%S")),
            theme.pending,
        ),
        Some(t) => Span::styled(
            format!(
                "GESCHORST {}{}",
                if wide { "sinds " } else { "" },
                since(c, t, wide)
            ),
            theme.alert,
        ),
        None => Span::styled("in vergadering".to_string(), theme.ok),
    };
    let stream = match &v.livestream_down_since {
        Some(t) if saved.livestream_down_since.is_none() => Span::styled(
            format!("UIT {}{UNSAVED}", t.format("%H:%M:%S")),
            theme.pending,
        ),
        Some(t) => Span::styled(
            format!(
                "UIT {}{} ({})",
                if wide { "sinds " } else { "" },
                t.format("%H:%M:%S"),
                elapsed(t, &c.now)
            ),
            theme.alert,
        ),
        None => Span::styled("loopt".to_string(), theme.ok),
    };
    lines.push(Line::from(vec![
        label("Vergadering: "),
        meeting,
        Span::raw("   "),
        label("Livestream: "),
        stream,
    ]));
    match &v.disturbance {
        None => {
            let n = v.closed_cases.len();
            lines.push(Line::styled(
                if n == 0 {
                    "Geen verstoring.".to_string()
                } else {
                    format!("Geen verstoring. Deze vergadering: {n} verstoring(en) geregistreerd als zaak.")
                },
                theme.label,
            ));
        }
        Some(d) => {
            let saved = saved
                .disturbance
                .as_ref()
                .filter(|s| s.started_at == d.started_at);
            disturbance_lines(c, d, saved, theme, wide, &mut lines)
        }
    }
    lines
}

fn disturbance_lines<'a>(
    c: &Console,
    d: &DisturbanceView,
    saved: Option<&DisturbanceView>,
    theme: &Theme,
    wide: bool,
    lines: &mut Vec<Line<'a>>,
) {
    let label = |s: &str| Span::styled(s.to_string(), theme.label);
    let case = d
        .case_id
        .map(|id| {
            c.case_numbers
                .get(&id)
                .map(|n| format!(" zaak {n}"))
                .unwrap_or_else(|| format!(" zaak #{id}"))
        })
        .unwrap_or_default();
    let mut what = format!("{} · {}", d.category.label(), d.place);
    if !d.description.is_empty() {
        what.push_str(&format!(" · {}", d.description));
    }
    lines.push(Line::from(vec![
        label(&format!(
            "Verstoring{case} {}{}: ",
            d.started_at.format("%H:%M:%S"),
            if saved.is_none() { UNSAVED } else { "" }
        )),
        Span::styled(what, theme.alert),
    ]));

    let saved_demands = saved.map_or(0, |s| s.demands.len());
    let mut demands = vec![label("Vorderingen: ")];
    for n in 1..=crate::domain::live::DEMANDS_BEFORE_LOKAALVREDEBREUK {
        match d.demands.get(n - 1) {
            Some(dm) => demands.push(Span::styled(
                format!(
                    "[{n}: {}{}{}] ",
                    dm.at.format("%H:%M:%S"),
                    if dm.by == crate::domain::DemandBy::Griffier {
                        " griffier"
                    } else {
                        ""
                    },
                    if n > saved_demands { UNSAVED } else { "" }
                ),
                if n > saved_demands {
                    theme.pending
                } else {
                    theme.alert
                },
            )),
            None => demands.push(Span::styled(format!("[{n}: —] "), theme.dim)),
        }
    }
    if let Some(t) = d.left_at {
        demands.push(Span::styled(
            format!("vrijwillig vertrokken {}", t.format("%H:%M:%S")),
            theme.ok,
        ));
    }
    lines.push(Line::from(demands));
    if d.lokaalvredebreuk() {
        let unsaved = !saved.is_some_and(|s| s.lokaalvredebreuk());
        // What to do next follows what was done: call, then wait, then done.
        let next = match (d.police_called_at, d.police_arrived_at, d.removed_at) {
            (None, ..) => "BEL DE POLITIE (112)".to_string(),
            (Some(t), None, _) => format!("112 gebeld {}", t.format("%H:%M:%S")),
            (Some(_), Some(t), None) => format!("politie er {}", t.format("%H:%M:%S")),
            (.., Some(t)) => format!("verwijderd {}", t.format("%H:%M:%S")),
        };
        lines.push(Line::styled(
            format!(
                " LOKAALVREDEBREUK — 3e vordering geweigerd (art. 139 Sr) — {next} {}",
                if unsaved {
                    "(nog niet opgeslagen) "
                } else {
                    ""
                }
            ),
            theme.banner,
        ));
    }
    type At = Option<chrono::DateTime<chrono::FixedOffset>>;
    let called = |name: &str, t: &At, saved: Option<&At>| -> Vec<Span<'a>> {
        vec![
            Span::styled(format!("{name}: "), theme.label),
            match t {
                Some(t) if saved.is_none_or(|s| s.is_none()) => {
                    Span::styled(format!("{}{UNSAVED}", t.format("%H:%M:%S")), theme.pending)
                }
                Some(t) => Span::styled(since(c, t, wide), theme.alert),
                None => Span::styled("—".to_string(), theme.dim),
            },
            Span::raw("  "),
        ]
    };
    let mut calls = called(
        "Interventieteam",
        &d.intervention_team_at,
        saved.map(|s| &s.intervention_team_at),
    );
    calls.extend(called(
        "Politie gebeld",
        &d.police_called_at,
        saved.map(|s| &s.police_called_at),
    ));
    lines.push(Line::from(calls));
    let mut police = called(
        "Politie ter plaatse",
        &d.police_arrived_at,
        saved.map(|s| &s.police_arrived_at),
    );
    police.extend(called(
        "Verwijderd",
        &d.removed_at,
        saved.map(|s| &s.removed_at),
    ));
    lines.push(Line::from(police));
    let mut last = vec![label("Aangifte: ")];
    last.push(match &d.aangifte {
        Some((choice, t)) => Span::styled(
            format!("{} ({})", choice.short(), t.format("%H:%M")),
            theme.alert,
        ),
        None => Span::styled("nog geen besluit".to_string(), theme.dim),
    });
    if !d.protections.is_empty() {
        last.push(Span::raw("   "));
        last.push(Span::styled(
            format!("Fysieke bescherming: {}×", d.protections.len()),
            theme.alert,
        ));
    }
    lines.push(Line::from(last));
}

fn draw_timeline(frame: &mut Frame<'_>, area: Rect, c: &Console, theme: &Theme) {
    let rows = &c.projected().timeline;
    let mut lines: Vec<(chrono::DateTime<chrono::FixedOffset>, Line<'_>)> = rows
        .iter()
        .map(|r| {
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
            (r.at, Line::from(spans))
        })
        .collect();
    // Steps refused when they were written, at the moment their key was
    // pressed: struck out, with why.
    for r in &c.refused {
        let line = Line::from(vec![
            Span::styled(r.at.format("%H:%M:%S ").to_string(), theme.dim),
            Span::styled("     ", theme.dim),
            Span::styled("✗ ", theme.error),
            Span::styled(format!("GEWEIGERD: {} — {}", r.what, r.why), theme.error),
        ]);
        let after = lines
            .iter()
            .rposition(|(at, _)| *at <= r.at)
            .map_or(0, |i| i + 1);
        lines.insert(after, (r.at, line));
    }
    let lines: Vec<Line<'_>> = lines.into_iter().map(|(_, l)| l).collect();
    // Scrolled back: the newest entries below are not shown.
    let end = lines.len().saturating_sub(c.timeline_back);
    let later = lines.len() - end;
    let keys = match (
        c.keymap.key_for(Section::Live, Action::PageUp),
        c.keymap.key_for(Section::Live, Action::PageDown),
    ) {
        (Some(up), Some(down)) => format!("; {up}/{down} scrollen"),
        _ => String::new(),
    };
    super::draw_timeline(
        frame,
        area,
        &lines,
        end,
        |first| match (first, later) {
            (0, 0) => " Tijdlijn ".to_string(),
            (first, 0) => format!(" Tijdlijn ({first} eerdere regels niet getoond{keys}) "),
            (first, later) => {
                format!(" Tijdlijn (terug: {first} eerder, {later} later niet getoond{keys}) ")
            }
        },
        theme,
    );
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
