//! Popups: forms, questions, the 112 card and help.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, centered, hints, wrap_hints};
use crate::domain::Category;
use crate::keymap::{Action, Section};
use crate::live::{Console, Dialog, Question};

pub fn draw(frame: &mut Frame<'_>, c: &Console, dialog: &Dialog, theme: &Theme) {
    // The forms are the register's form engine, drawn the same way.
    if let Dialog::Form(form) = dialog {
        super::form::draw(frame, form, &c.keymap, theme, c.flash.as_ref());
        return;
    }
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(76);
    let inner_width = width.saturating_sub(2);
    let (title, mut lines): (&str, Vec<Line<'_>>) = match dialog {
        Dialog::CorrectPick { cursor: pick } => {
            let rows = c.projected().correctable();
            // One screen row per entry (cut with …), so that the rows
            // counted are the rows shown: the newest is in view, and the
            // cursor (which starts on it) always is.
            let inner = usize::from(inner_width);
            let visible = usize::from(area.height.saturating_sub(8)).max(1);
            let start = pick.saturating_sub(visible.saturating_sub(1));
            let mut lines = vec![Line::styled("Welke regel corrigeren?", theme.label)];
            for (i, r) in rows.iter().enumerate().skip(start).take(visible) {
                let text = format!(
                    "{} {:>4} {}",
                    r.at.format("%H:%M:%S"),
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
                    if i == *pick {
                        theme.selected
                    } else {
                        theme.base
                    },
                ));
            }
            lines.push(Line::default());
            lines.extend(wrap_hints(
                hints(
                    &c.keymap,
                    Section::Form,
                    &[
                        Action::SelectPrev,
                        Action::SelectNext,
                        Action::Submit,
                        Action::Cancel,
                    ],
                    theme,
                ),
                inner_width,
            ));
            ("Correctie", lines)
        }
        Dialog::Confirm(q) => (question_title(*q), question_lines(c, *q, theme)),
        Dialog::Aangifte => {
            let mut lines = vec![
                Line::raw("Besluit over aangifte van de verstoring,"),
                Line::raw(format!(
                    "genomen door {}.",
                    c.aangifte_deciders().join(", ")
                )),
                Line::default(),
            ];
            lines.extend(wrap_hints(
                hints(
                    &c.keymap,
                    Section::Aangifte,
                    &[
                        Action::AangifteJa,
                        Action::AangifteNee,
                        Action::AangifteLater,
                        Action::Cancel,
                    ],
                    theme,
                ),
                inner_width,
            ));
            ("Besluit aangifte", lines)
        }
        Dialog::Card112 => (
            "112-kaart — voorlezen aan de meldkamer",
            card_lines(c, theme),
        ),
        Dialog::Help { .. } => ("Hulp — alle toetsen", help_lines(c, theme, inner_width)),
        Dialog::Form(_) => return,
    };
    let mut scroll = 0;
    let mut footer = None;
    if let Dialog::Help { scroll: wanted } = dialog {
        let room = usize::from(area.height.saturating_sub(2));
        let max = lines.len().saturating_sub(room) as u16;
        scroll = (*wanted).min(max);
        if max > 0 {
            footer = Some(format!(
                " ↓/↑ scrollen ({scroll}/{max}) · andere toets sluit "
            ));
        }
    }
    if matches!(dialog, Dialog::Card112 | Dialog::Help { .. }) && footer.is_none() {
        lines.push(Line::default());
        lines.push(Line::styled("Een toets sluit dit venster.", theme.dim));
    }
    // As wrapped, so that the last line (what to do) is never cut off.
    let height = (super::wrapped_lines(&lines, inner_width) + 2).min(area.height);
    let rect = centered(area, width, height);
    let mut block = Block::bordered()
        .title(format!(" {title} "))
        .title_style(theme.title);
    if let Some(f) = footer {
        block = block.title_bottom(Line::styled(f, theme.dim));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        rect,
    );
}

fn question_title(q: Question) -> &'static str {
    match q {
        Question::PhysicalProtection => "Fysieke beschermende maatregel",
        Question::EndDisturbance => "Verstoring afsluiten",
        Question::EndMeeting => "Vergadering sluiten",
        Question::RepeatDemand(_) => "Nog een vordering?",
    }
}

fn question_lines<'a>(c: &Console, q: Question, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = match q {
        Question::PhysicalProtection => {
            let mut l = vec![
                Line::styled("Alleen toegestaan bij fysieke agressie", theme.alert),
                Line::raw("tegen een deelnemer of bezoeker, ter bescherming."),
                Line::raw("Verder gebruiken aanwezigen geen fysieke middelen:"),
                Line::raw("verwijderen is aan de politie."),
            ];
            if let Some(d) = &c.projected().disturbance
                && d.category != Category::FysiekGeweld
            {
                l.push(Line::styled(
                    format!(
                        "Let op: gemeld als {}, niet als fysiek geweld.",
                        d.category.label()
                    ),
                    theme.warning,
                ));
            }
            l.push(Line::default());
            l.push(Line::raw("Maatregel vastleggen?"));
            l
        }
        Question::EndDisturbance => {
            let mut l = vec![Line::raw(
                "De verstoring wordt afgesloten en als zaak in het register gezet.",
            )];
            if let Some(d) = &c.projected().disturbance
                && d.aangifte.is_none()
            {
                l.push(Line::styled(
                    "Er is nog geen besluit over aangifte (kan later in de zaak).",
                    theme.warning,
                ));
            }
            l.push(Line::default());
            l.push(Line::raw("Afsluiten?"));
            l
        }
        Question::EndMeeting => vec![Line::raw("De vergadering sluiten?")],
        Question::RepeatDemand(_) => {
            let last = c
                .projected()
                .disturbance
                .as_ref()
                .and_then(|d| d.demands.last())
                .map(|d| format!("{} om {}", d.number, d.at.format("%H:%M:%S")))
                .unwrap_or_default();
            vec![
                Line::raw(format!(
                    "De vorige vordering ({last}) was zojuist. Sloeg de toets dubbel aan?"
                )),
                Line::raw("Een nieuwe vordering vastleggen?"),
            ]
        }
    };
    lines.push(Line::default());
    lines.extend(wrap_hints(
        hints(
            &c.keymap,
            Section::Confirm,
            &[Action::Confirm, Action::Cancel],
            theme,
        ),
        70,
    ));
    lines
}

fn card_lines<'a>(c: &Console, theme: &Theme) -> Vec<Line<'a>> {
    let v = c.projected();
    let mut lines = vec![
        Line::styled("Bel 112 en vraag om de POLITIE.", theme.alert),
        Line::default(),
        Line::from(vec![
            Span::styled("Gemeente:  ", theme.label),
            Span::styled(c.config.municipality.clone(), theme.title),
        ]),
    ];
    // Only the place chosen for this meeting: never a default address.
    match v.open_meeting() {
        Some(m) => lines.push(Line::from(vec![
            Span::styled("Adres:     ", theme.label),
            Span::styled(m.location.clone(), theme.title),
        ])),
        None => lines.push(Line::styled(
            "Geen vergadering geopend: noem het adres en de ruimte waar u bent.",
            theme.warning,
        )),
    }
    // The situation as logged: what has been done already, and when.
    let mut situation = vec![c.config.emergency.notes.clone()];
    if let Some(d) = &v.disturbance {
        situation.push(format!("{} — {}.", d.category.label(), d.place));
        if let Some(t) = d.intervention_team_at {
            situation.push(format!(
                "Interventieteam gealarmeerd om {}.",
                t.format("%H:%M")
            ));
        }
        if d.lokaalvredebreuk() {
            situation.push("Drie vorderingen om te vertrekken geweigerd.".into());
        }
    }
    let situation: Vec<String> = situation.into_iter().filter(|s| !s.is_empty()).collect();
    if !situation.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Situatie:  ", theme.label),
            Span::raw(situation.join(" ")),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Eigen veiligheid voorop. Blijf rustig, geef locatie en situatie, provoceer niet.",
        theme.dim,
    ));
    lines
}

fn help_lines<'a>(c: &Console, theme: &Theme, width: u16) -> Vec<Line<'a>> {
    help_for(
        &c.keymap,
        &[
            Section::Live,
            Section::Form,
            Section::Confirm,
            Section::Aangifte,
        ],
        theme,
        width,
    )
}

/// Help for some sections of the keymap, two columns, built from the
/// bindings really loaded.
pub(crate) fn help_for<'a>(
    keymap: &crate::keymap::Keymap,
    sections: &[Section],
    theme: &Theme,
    width: u16,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let col = usize::from(width / 2).max(20);
    for &section in sections {
        let bindings = keymap.bindings(section);
        if bindings.is_empty() {
            continue;
        }
        let heading = match section {
            Section::Live => "Live console",
            Section::Form => "Formulieren",
            Section::Confirm => "Vragen",
            Section::Aangifte => "Besluit aangifte",
            Section::Cases => "Register (lijst van zaken)",
            Section::Case => "Zaak",
        };
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(heading, theme.title));
        // One entry per action, with all its keys: `q, Ctrl-c Afsluiten`.
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut seen = Vec::new();
        for b in bindings {
            if seen.contains(&b.action) {
                continue;
            }
            seen.push(b.action);
            let keys: Vec<String> = bindings
                .iter()
                .filter(|o| o.action == b.action)
                .map(|o| o.key.to_string())
                .collect();
            entries.push((keys.join(", "), b.desc.clone()));
        }
        let mut row: Vec<Span<'a>> = Vec::new();
        for (i, (keys, desc)) in entries.into_iter().enumerate() {
            let key = format!("{keys:>9} ");
            let cell_width = key.chars().count() + desc.chars().count();
            row.push(Span::styled(key, theme.key));
            row.push(Span::raw(desc));
            if i % 2 == 0 {
                row.push(Span::raw(" ".repeat(col.saturating_sub(cell_width))));
            } else {
                lines.push(Line::from(std::mem::take(&mut row)));
            }
        }
        if !row.is_empty() {
            lines.push(Line::from(row));
        }
    }
    lines
}
