//! The status of the live screen: the session, the livestream or the
//! office hours, the disturbance under way with its persons, what was
//! called and when. A step not yet saved shows " …".

use ratatui::text::{Line, Span};

use super::Time;
use crate::domain::card::AlarmRoute;
use crate::domain::event::Setting;
use crate::domain::live::{DisturbanceView, LiveView, PersonView};
use crate::domain::time::elapsed;
use crate::keymap::{Action, Section};
use crate::live::{Console, StreamState};
use crate::ui::Theme;

/// `20:31:10 (42 s geleden)`, or `20:31:10 (42 s)` on a narrow screen.
fn since(c: &Console, t: &Time, wide: bool) -> String {
    let ago = if wide { " geleden" } else { "" };
    format!("{} ({}{ago})", t.format("%H:%M:%S"), elapsed(t, &c.now))
}

/// Marks what only the steps still waiting for the store make so: shown
/// (the rules count them too), but not as saved.
const UNSAVED: &str = " …";

pub(super) fn status_lines<'a>(c: &Console, theme: &Theme, wide: bool) -> Vec<Line<'a>> {
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
