//! Popups: forms, questions, the 112 card and help.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, centered, hints, wrap_hints};
use crate::domain::Category;
use crate::keymap::{Action, Section};
use crate::live::{Console, Dialog, Question};

pub fn draw(frame: &mut Frame<'_>, c: &Console, dialog: &Dialog, theme: &Theme) {
    // The forms are the register's form engine, drawn below the status by
    // the live screen itself.
    if let Dialog::Form(_) = dialog {
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
        Dialog::Aangifte { disturbance } => {
            let which = if c.projected().disturbances.len() > 1 || *disturbance > 1 {
                format!("verstoring {disturbance}")
            } else {
                "de verstoring".to_string()
            };
            let mut lines = vec![
                Line::raw(format!("Besluit over aangifte van {which},")),
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
                        Action::AangifteDissent,
                        Action::Cancel,
                    ],
                    theme,
                ),
                inner_width,
            ));
            lines.push(Line::styled(
                "Een toets van de live console sluit dit en legt die stap vast.",
                theme.dim,
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
        Question::EndDisturbance(_) => "Verstoring afsluiten",
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
            if let Some((d, _)) = c.current()
                && let Some(category) = d.category
                && category != Category::FysiekGeweld
            {
                l.push(Line::styled(
                    format!(
                        "Let op: gemeld als {}, niet als fysiek geweld.",
                        category.label()
                    ),
                    theme.warning,
                ));
            }
            l.push(Line::default());
            l.push(Line::raw("Maatregel vastleggen?"));
            l
        }
        Question::EndDisturbance(number) => {
            let d = c.projected().disturbance(number);
            let which = if c.projected().disturbances.len() > 1 || number > 1 {
                format!("Verstoring {number}")
            } else {
                "De verstoring".to_string()
            };
            let mut l = vec![Line::raw(format!(
                "{which} wordt afgesloten en als zaak in het register gezet."
            ))];
            if let Some(d) = d
                && d.aangifte.is_none()
            {
                l.push(Line::styled(
                    "Er is nog geen besluit over aangifte (kan later in de zaak).",
                    theme.warning,
                ));
            }
            let still: Vec<String> = d
                .map(|d| {
                    d.persons
                        .iter()
                        .filter(|p| !p.gone())
                        .map(|p| p.label())
                        .collect()
                })
                .unwrap_or_default();
            if !still.is_empty() && d.is_some_and(|d| d.persons.iter().any(|p| p.gone())) {
                l.push(Line::styled(
                    format!("Nog aanwezig volgens het logboek: {}.", still.join(", ")),
                    theme.warning,
                ));
            }
            l.push(Line::default());
            let keys = category_keys(c);
            match d.and_then(|d| d.category) {
                None => {
                    l.push(Line::styled(
                        format!("Kies de categorie ({keys}) om af te sluiten:"),
                        theme.alert,
                    ));
                    l.extend(category_lines(c, theme));
                    // The question's own confirm key does not end it then.
                    return with_cancel(c, l, theme);
                }
                Some(category) => {
                    l.push(Line::raw(format!(
                        "Categorie: {}. Afsluiten? (of {keys}: andere categorie en afsluiten)",
                        category.label()
                    )));
                }
            }
            l
        }
        Question::EndMeeting => vec![Line::raw("De vergadering sluiten?")],
        Question::RepeatDemand(_) => {
            let last = c
                .current()
                .and_then(|(_, p)| p.demands.last())
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

/// The category keys as bound: `1-4`.
fn category_keys(c: &Console) -> String {
    let keys: Vec<String> = [
        Action::Category1,
        Action::Category2,
        Action::Category3,
        Action::Category4,
    ]
    .iter()
    .filter_map(|a| c.keymap.key_for(Section::Live, *a).map(|k| k.to_string()))
    .collect();
    match keys.as_slice() {
        [first, .., last] if keys.len() == 4 => format!("{first}-{last}"),
        _ => keys.join("/"),
    }
}

/// The four categories with their keys, as in the norm table.
fn category_lines<'a>(c: &Console, theme: &Theme) -> Vec<Line<'a>> {
    [
        Action::Category1,
        Action::Category2,
        Action::Category3,
        Action::Category4,
    ]
    .iter()
    .filter_map(|a| {
        let key = c.keymap.key_for(Section::Live, *a)?;
        let category = a.category()?;
        let norm = if category.crosses_norm() {
            ""
        } else {
            " (niet normoverschrijdend)"
        };
        Some(Line::from(vec![
            Span::styled(format!("  {key} "), theme.key),
            Span::raw(format!("{}{norm}", category.label())),
        ]))
    })
    .collect()
}

/// A question that only a category key answers: Esc closes it.
fn with_cancel<'a>(c: &Console, mut lines: Vec<Line<'a>>, theme: &Theme) -> Vec<Line<'a>> {
    lines.push(Line::default());
    lines.extend(wrap_hints(
        hints(&c.keymap, Section::Confirm, &[Action::Cancel], theme),
        70,
    ));
    lines
}

fn card_lines<'a>(c: &Console, theme: &Theme) -> Vec<Line<'a>> {
    use crate::domain::card::{AlarmRoute, Card112, GUIDANCE};
    let v = c.projected();
    let card = Card112::of(
        v,
        &c.config.municipality,
        &c.config.emergency.notes,
        c.current().map(|(d, _)| d),
    );
    let mut lines = vec![
        Line::styled("Bel 112 en vraag om de POLITIE.", theme.alert),
        Line::default(),
        Line::from(vec![
            Span::styled("Gemeente:  ", theme.label),
            Span::styled(card.municipality.clone(), theme.title),
        ]),
    ];
    // Only the place chosen for this session: never a default address.
    match &card.address {
        Some(a) => lines.push(Line::from(vec![
            Span::styled("Adres:     ", theme.label),
            Span::styled(a.clone(), theme.title),
        ])),
        None => lines.push(Line::styled(
            "Geen vergadering of gesprek geopend: noem het adres en de ruimte waar u bent.",
            theme.warning,
        )),
    }
    if !card.situation.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Situatie:  ", theme.label),
            Span::raw(card.situation.join(" ")),
        ]));
    }
    lines.push(Line::default());
    if let Some(m) = v.open_meeting() {
        let open = c.config.office_hours.is_open(c.now);
        let route = AlarmRoute::of(m.setting(), m.town_hall, open);
        lines.push(Line::styled(route.advice(), theme.label));
    }
    lines.push(Line::styled(GUIDANCE, theme.alert));
    lines
}

fn help_lines<'a>(c: &Console, theme: &Theme, width: u16) -> Vec<Line<'a>> {
    let mut lines = help_for(
        &c.keymap,
        &[
            Section::Live,
            Section::Form,
            Section::Confirm,
            Section::Aangifte,
        ],
        theme,
        width,
    );
    // What the settings make of the console.
    lines.push(Line::default());
    lines.push(Line::styled("Instellingen", theme.title));
    lines.push(Line::from(vec![
        Span::styled("Kantoortijden (gesprekken): ", theme.label),
        Span::raw(c.config.office_hours.describe()),
    ]));
    let obs = match &c.config.obs {
        Some(o) if c.integrations.obs => format!(
            "ingesteld ({}): l en L stoppen en starten de stream",
            o.address()
        ),
        _ => "niet ingesteld: stop de stream met de hand".to_string(),
    };
    lines.push(Line::from(vec![
        Span::styled("OBS: ", theme.label),
        Span::raw(obs),
    ]));
    let alarm = if c.integrations.alarm {
        "ingesteld: draait bij i en p, met de tekst van de 112-kaart"
    } else {
        "niet ingesteld"
    };
    lines.push(Line::from(vec![
        Span::styled("Alarmcommando: ", theme.label),
        Span::raw(alarm),
    ]));
    lines.extend(term_lines(&c.config.deadlines, theme));
    lines
}

/// The table of terms (`domain::casefile::term_table`), as set, with the
/// source of each: for the help screens of the console and the register.
pub fn term_lines<'a>(terms: &crate::domain::casefile::Terms, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![
        Line::default(),
        Line::styled("Termijnen", theme.title),
        Line::styled(
            "Waar de termijnen op de termijnenlijst en in de meldingen vandaan komen. Gemeentelijke praktijk stelt u in onder [deadlines] in config.toml.",
            theme.dim,
        ),
    ];
    for row in crate::domain::casefile::term_table(terms) {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", row.what), theme.label),
            Span::raw(row.term),
            Span::styled(format!(" — {}", row.source), theme.dim),
        ]));
    }
    lines
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
            Section::Figures => "Cijfers (rapportage op het scherm)",
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
