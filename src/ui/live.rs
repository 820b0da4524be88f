//! The live console screen.
//!
//! From top to bottom: the header (session, clock), the status (the
//! session, the livestream or office hours, the current disturbance and
//! its persons, what was called and when, the banner), the timeline, the
//! message line and the key hints. A form opens below the status, over the
//! timeline: what was logged stays in view while typing.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, hints, wrap_hints};
use crate::domain::card::AlarmRoute;
use crate::domain::event::Setting;
use crate::domain::live::{DisturbanceView, LiveView, PersonView, TimelineRow};
use crate::domain::time::elapsed;
use crate::keymap::{Action, Section};
use crate::live::{Console, Dialog, RefusedStep, StreamState};

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

/// `20:31:10 (42 s geleden)`, or `20:31:10 (42 s)` on a narrow screen.
fn since(c: &Console, t: &Time, wide: bool) -> String {
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
    // Something overdue on the cases: one line, above all else here.
    if c.overdue > 0 {
        let key = c
            .keymap
            .key_for(Section::Live, Action::DeadlineBoard)
            .map(|k| k.to_string())
            .unwrap_or_else(|| Action::DeadlineBoard.name());
        lines.push(Line::styled(
            format!(
                "! {} {} TE LAAT in het register — {key} toont de termijnen",
                c.overdue,
                if c.overdue == 1 {
                    "termijn"
                } else {
                    "termijnen"
                }
            ),
            theme.alert,
        ));
    }
    let Some(meeting) = v.open_meeting() else {
        lines.push(Line::styled(
            "Geen lopende vergadering of gesprek. Open er een om te beginnen.",
            theme.label,
        ));
        if let Some(m) = &v.meeting {
            lines.push(Line::styled(
                format!(
                    "Laatste: {} ({}), {} zaak/zaken geregistreerd.",
                    m.title,
                    m.started_at.format("%d-%m-%Y"),
                    v.ended.len()
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
    };
    let label = |s: &str| Span::styled(s.to_string(), theme.label);
    let setting = meeting.setting();
    let mut first = vec![label(&format!("{}: ", setting.title()))];
    if setting == Setting::Gesprek {
        first.push(match meeting.conversation_ended_at {
            Some(t) => Span::styled(format!("BEËINDIGD {}", since(c, &t, wide)), theme.alert),
            None => Span::styled("loopt".to_string(), theme.ok),
        });
        lines.push(Line::from(std::mem::take(&mut first)));
        first.extend(office_spans(c, meeting.town_hall, theme));
    } else {
        first.push(match &v.suspended_since {
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
            None => Span::styled("loopt".to_string(), theme.ok),
        });
        first.push(Span::raw("   "));
        first.push(label("Livestream: "));
        first.push(match &v.livestream_down_since {
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
        });
        if let Some(obs) = obs_span(c, v, theme) {
            first.push(Span::raw(" "));
            first.push(obs);
        }
    }
    lines.push(Line::from(first));
    if let Some(prepared) = c.risk_check_header() {
        lines.push(Line::styled(prepared, theme.label));
    }
    let current = c.current();
    match current {
        None => {
            let n = v.ended.len();
            lines.push(Line::styled(
                if n == 0 {
                    "Geen verstoring.".to_string()
                } else {
                    format!("Geen verstoring. Hier al {n} verstoring(en) geregistreerd als zaak.")
                },
                theme.label,
            ));
        }
        Some((d, p)) => {
            let saved_d = saved
                .disturbance(d.number)
                .filter(|s| s.started_at == d.started_at);
            disturbance_lines(
                c,
                d,
                p,
                saved_d,
                setting,
                meeting.town_hall,
                theme,
                wide,
                &mut lines,
            );
            let others: Vec<String> = v
                .disturbances
                .iter()
                .filter(|o| o.number != d.number)
                .map(|o| {
                    format!(
                        "{} ({}, {}, {} pers.)",
                        o.label(),
                        o.started_at.format("%H:%M"),
                        o.category.map_or("cat. ?", |c| c.label()),
                        o.persons.len()
                    )
                })
                .collect();
            if !others.is_empty() {
                let key = c
                    .keymap
                    .key_for(Section::Live, Action::NextPerson)
                    .map(|k| format!(" — {k} wisselt"))
                    .unwrap_or_default();
                lines.push(Line::styled(
                    format!("Ook open: {}{key}", others.join(", ")),
                    theme.warning,
                ));
            }
        }
    }
    lines
}

/// Office hours and who to call, for a conversation.
fn office_spans<'a>(c: &Console, town_hall: bool, theme: &Theme) -> Vec<Span<'a>> {
    let status = c.config.office_hours.status(c.now);
    let route = AlarmRoute::of(Setting::Gesprek, town_hall, status.open);
    let place = if town_hall {
        "Gemeentehuis"
    } else {
        "Buiten het gemeentehuis"
    };
    vec![
        Span::styled(format!("{place}, {}: ", status.text), theme.label),
        Span::styled(
            match route {
                AlarmRoute::InterventionTeamOr112 => "interventieteam of 112",
                _ => "bel 112",
            }
            .to_string(),
            theme.alert,
        ),
    ]
}

/// OBS's answer, when the program drives the livestream.
fn obs_span<'a>(c: &Console, v: &LiveView, theme: &Theme) -> Option<Span<'a>> {
    if !c.integrations.obs {
        return None;
    }
    let answered = v.stream.as_ref().map(|s| (s.ok, s.command));
    Some(match (&c.stream_state, answered) {
        (_, Some((false, _))) => Span::styled("(OBS: MET DE HAND!)".to_string(), theme.error),
        (StreamState::Live, _) if v.livestream_down_since.is_some() => {
            Span::styled("(OBS: LOOPT NOG!)".to_string(), theme.error)
        }
        (StreamState::Live, _) => Span::styled("(OBS: live)".to_string(), theme.dim),
        (StreamState::Off, _) => Span::styled("(OBS: uit)".to_string(), theme.dim),
        (StreamState::Unreachable(_), _) => {
            Span::styled("(OBS onbereikbaar)".to_string(), theme.warning)
        }
        (StreamState::Unknown, _) => Span::styled("(OBS: ?)".to_string(), theme.dim),
    })
}

#[allow(clippy::too_many_arguments)]
fn disturbance_lines<'a>(
    c: &Console,
    d: &DisturbanceView,
    current: &PersonView,
    saved: Option<&DisturbanceView>,
    setting: Setting,
    town_hall: bool,
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
    let several = c.projected().disturbances.len() > 1;
    let name = if several || d.number > 1 {
        format!("Verstoring {}", d.number)
    } else {
        "Verstoring".to_string()
    };
    let mut spans = vec![label(&format!(
        "{name}{case} {}{}: ",
        d.started_at.format("%H:%M:%S"),
        if saved.is_none() { UNSAVED } else { "" }
    ))];
    match d.category {
        Some(cat) => spans.push(Span::styled(cat.label().to_string(), theme.alert)),
        None => spans.push(Span::styled(
            "categorie nog kiezen".to_string(),
            theme.warning,
        )),
    }
    for text in [&d.place, &d.what] {
        if !text.is_empty() {
            spans.push(Span::raw(format!(" · {text}")));
        }
    }
    lines.push(Line::from(spans));
    if d.category.is_none() {
        lines.push(Line::styled(
            format!("  {}", category_legend(c)),
            theme.warning,
        ));
    }

    // The persons: the current one marked; each with how many demands.
    if d.persons.len() > 1 {
        let mut people = vec![label("Personen: ")];
        for p in &d.persons {
            let marker = if p.number == current.number {
                "▶"
            } else {
                " "
            };
            let state = if p.removed_at.is_some() {
                "verwijderd".to_string()
            } else if p.left_at.is_some() {
                "vertrokken".to_string()
            } else {
                format!("{} vord.", p.demands.len())
            };
            let known = if p.known { ", bekend" } else { "" };
            people.push(Span::styled(
                format!("{marker}{} ({state}{known}) ", short(&p.described(), 28)),
                if p.number == current.number {
                    theme.selected
                } else {
                    theme.base
                },
            ));
        }
        lines.push(Line::from(people));
    } else if current.known || !current.description.is_empty() {
        let known = if current.known { " — bekend" } else { "" };
        lines.push(Line::from(vec![
            label("Persoon: "),
            Span::raw(format!("{}{known}", current.description)),
        ]));
    }

    // The demands to the current person.
    let saved_p = saved.and_then(|s| s.person(current.number));
    let saved_demands = saved_p.map_or(0, |s| s.demands.len());
    let to = if d.persons.len() > 1 {
        format!(" aan {}", current.label())
    } else {
        String::new()
    };
    let mut demands = vec![label(&format!("Vorderingen{to}: "))];
    for n in 1..=crate::domain::live::DEMANDS_BEFORE_LOKAALVREDEBREUK {
        match current.demands.get(n - 1) {
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
    if let Some(t) = current.left_at {
        demands.push(Span::styled(
            format!("vrijwillig vertrokken {}", t.format("%H:%M:%S")),
            theme.ok,
        ));
    }
    lines.push(Line::from(demands));

    // The banner: lokaalvredebreuk in a meeting, refusing to leave in a
    // conversation; what to do next follows what was done.
    let next = match (d.police_called_at, d.police_arrived_at) {
        (None, _) => "BEL DE POLITIE (112)".to_string(),
        (Some(t), None) => format!("112 gebeld {}", t.format("%H:%M:%S")),
        (Some(_), Some(t)) => format!("politie er {}", t.format("%H:%M:%S")),
    };
    if setting == Setting::Gesprek {
        let refusing: Vec<String> = d
            .persons
            .iter()
            .filter(|p| p.refuses())
            .map(|p| p.label())
            .collect();
        if !refusing.is_empty() {
            let status = c.config.office_hours.status(c.now);
            let advice = if d.police_called_at.is_some() {
                next
            } else {
                AlarmRoute::of(setting, town_hall, status.open)
                    .short()
                    .to_string()
            };
            lines.push(Line::styled(
                format!(" WEIGERT TE VERTREKKEN — {advice} "),
                theme.banner,
            ));
        }
    } else {
        let breach: Vec<&PersonView> = d.persons.iter().filter(|p| p.lokaalvredebreuk()).collect();
        if !breach.is_empty() {
            let unsaved = breach.iter().any(|p| {
                !saved
                    .and_then(|s| s.person(p.number))
                    .is_some_and(|s| s.lokaalvredebreuk())
            });
            let who = if d.persons.len() > 1 {
                let names: Vec<String> = breach.iter().map(|p| p.label()).collect();
                format!(" ({})", names.join(", "))
            } else {
                String::new()
            };
            let all_removed = breach.iter().all(|p| p.removed_at.is_some());
            let next = match breach.iter().filter_map(|p| p.removed_at).max() {
                Some(t) if all_removed => format!("verwijderd {}", t.format("%H:%M:%S")),
                _ => next,
            };
            lines.push(Line::styled(
                format!(
                    " LOKAALVREDEBREUK{who} — 3e vordering geweigerd (art. 139 Sr) — {next} {}",
                    if unsaved {
                        "(nog niet opgeslagen) "
                    } else {
                        ""
                    }
                ),
                theme.banner,
            ));
        }
    }

    let called = |name: &str, t: &Option<Time>, saved: Option<&Option<Time>>| -> Vec<Span<'a>> {
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
        &current.removed_at,
        saved_p.map(|s| &s.removed_at),
    ));
    lines.push(Line::from(police));
    let mut last = vec![label("Aangifte: ")];
    last.push(match &d.aangifte {
        Some((choice, t)) => Span::styled(
            format!(
                "{} ({}){}",
                choice.short(),
                t.format("%H:%M"),
                if d.dissent.is_empty() {
                    ""
                } else {
                    ", met afwijkende mening"
                }
            ),
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
    if let Some(alarm) = d.alarms.last() {
        last.push(Span::raw("   "));
        last.push(Span::styled(
            format!(
                "Alarm {}: {}",
                alarm.target.label(),
                if alarm.ok { "verstuurd" } else { "MISLUKT" }
            ),
            if alarm.ok { theme.dim } else { theme.error },
        ));
    }
    lines.push(Line::from(last));
}

/// `1 fysiek · 2 bedreiging · 3 verbaal · 4 emotioneel`, with the keys
/// really bound.
fn category_legend(c: &Console) -> String {
    [
        (Action::Category1, "fysiek"),
        (Action::Category2, "bedreiging"),
        (Action::Category3, "verbaal"),
        (Action::Category4, "emotioneel"),
    ]
    .iter()
    .filter_map(|(a, word)| {
        c.keymap
            .key_for(Section::Live, *a)
            .map(|k| format!("{k} {word}"))
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

/// At most `max` characters of `s`, with `…` when cut.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

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
fn entries_back(rows: &[Arc<TimelineRow>], refused: &[RefusedStep]) -> impl Iterator<Item = Entry> {
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

fn draw_timeline(frame: &mut Frame<'_>, area: Rect, c: &Console, theme: &Theme) {
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

fn flash_line<'a>(c: &Console, theme: &Theme) -> Line<'a> {
    match &c.flash {
        Some(f) => {
            let style = theme.level(f.level);
            Line::styled(f.text.clone(), style)
        }
        None => super::saving_line(&c.saving, &c.keymap, Section::Live, theme),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        let mut out: Vec<String> = entries_back(rows, refused)
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
