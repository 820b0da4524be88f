//! Popups: forms, questions, the 112 card and help.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, centered, hints, wrap_hints};
use crate::console::{Console, Dialog, Field, Question};
use crate::domain::event::AANGIFTE_DECIDERS;
use crate::domain::{Category, MeetingType};
use crate::keymap::{Action, Section};

const FORM_KEYS: [Action; 4] = [
    Action::Submit,
    Action::Cancel,
    Action::NextField,
    Action::PrevField,
];

pub fn draw(frame: &mut Frame<'_>, c: &Console, dialog: &Dialog, theme: &Theme) {
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(76);
    let inner_width = width.saturating_sub(2);
    let mut cursor: Option<(usize, usize)> = None; // (line, column) inside the block
    let (title, mut lines): (&str, Vec<Line<'_>>) = match dialog {
        Dialog::Meeting {
            meeting_type,
            fields,
            focus,
        } => {
            let mut lines = vec![
                type_line(*meeting_type, *focus == 0, theme),
                Line::default(),
            ];
            for (i, f) in fields.iter().enumerate() {
                field_lines(
                    f,
                    *focus == i + 1,
                    inner_width,
                    theme,
                    &mut lines,
                    &mut cursor,
                );
            }
            ("Vergadering openen", lines)
        }
        Dialog::Disturbance {
            category,
            fields,
            focus,
        } => {
            let mut lines = vec![Line::styled(
                if *focus == 0 {
                    "Categorie — kies 1, 2, 3 of 4:"
                } else {
                    "Categorie:"
                },
                if *focus == 0 {
                    theme.selected
                } else {
                    theme.label
                },
            )];
            for (i, cat) in Category::ALL.iter().enumerate() {
                let chosen = *category == Some(*cat);
                let mark = if chosen { "●" } else { " " };
                let norm = if cat.crosses_norm() {
                    ""
                } else {
                    " (niet normoverschrijdend)"
                };
                lines.push(Line::styled(
                    format!(" {mark} {} {}{norm}", i + 1, cat.label()),
                    if chosen { theme.alert } else { theme.base },
                ));
            }
            lines.push(Line::default());
            for (i, f) in fields.iter().enumerate() {
                field_lines(
                    f,
                    *focus == i + 1,
                    inner_width,
                    theme,
                    &mut lines,
                    &mut cursor,
                );
            }
            ("Verstoring melden", lines)
        }
        Dialog::Note { field } => {
            let mut lines = Vec::new();
            field_lines(field, true, inner_width, theme, &mut lines, &mut cursor);
            ("Notitie", lines)
        }
        Dialog::CorrectReason {
            target,
            target_text,
            field,
        } => {
            let mut lines = vec![
                Line::styled(format!("Regel {target}:"), theme.label),
                Line::styled(target_text.clone(), theme.corrected),
                Line::styled(
                    "De regel blijft staan, doorgehaald, met deze reden erbij.",
                    theme.dim,
                ),
                Line::default(),
            ];
            field_lines(field, true, inner_width, theme, &mut lines, &mut cursor);
            ("Correctie", lines)
        }
        Dialog::CorrectPick { cursor: pick } => {
            let rows = c.projected().correctable();
            let visible = usize::from(area.height.saturating_sub(8)).max(3);
            let start = pick.saturating_sub(visible.saturating_sub(1));
            let mut lines = vec![Line::styled("Welke regel corrigeren?", theme.label)];
            for (i, r) in rows.iter().enumerate().skip(start).take(visible) {
                let text = format!(
                    "{} {:>4} {}",
                    r.at.format("%H:%M:%S"),
                    r.seq.unwrap_or_default(),
                    r.text
                );
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
                Line::raw(format!("genomen door {}.", AANGIFTE_DECIDERS.join(", "))),
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
    };
    if matches!(
        dialog,
        Dialog::Meeting { .. }
            | Dialog::Disturbance { .. }
            | Dialog::Note { .. }
            | Dialog::CorrectReason { .. }
    ) {
        lines.push(Line::default());
        lines.extend(wrap_hints(
            hints(&c.keymap, Section::Form, &FORM_KEYS, theme),
            inner_width,
        ));
    }
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
    let height = (lines.len() as u16 + 2).min(area.height);
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
    if let Some((line, col)) = cursor {
        let inner = Rect {
            x: rect.x + 1,
            y: rect.y + 1,
            width: rect.width.saturating_sub(2),
            height: rect.height.saturating_sub(2),
        };
        let y = inner.y + line as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(
                inner.x + (col as u16).min(inner.width.saturating_sub(1)),
                y,
            ));
        }
    }
}

fn type_line<'a>(t: MeetingType, focused: bool, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(
        "Soort (spatie wisselt): ",
        if focused { theme.selected } else { theme.label },
    )];
    for (i, mt) in MeetingType::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(if *mt == t {
            Span::styled(format!("[{}]", mt.label()), theme.alert)
        } else {
            Span::styled(mt.label().to_string(), theme.dim)
        });
    }
    Line::from(spans)
}

/// A label with a length counter, then the value; records the cursor.
fn field_lines<'a>(
    f: &Field,
    focused: bool,
    width: u16,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
    cursor: &mut Option<(usize, usize)>,
) {
    let counter = format!("{}/{}", f.len(), f.max);
    let label_style = if focused { theme.selected } else { theme.label };
    let full = f.len() >= f.max;
    lines.push(Line::from(vec![
        Span::styled(format!("{}:", f.label), label_style),
        Span::raw(" "),
        Span::styled(
            if full {
                format!("{counter} (vol)")
            } else {
                counter
            },
            if full { theme.warning } else { theme.dim },
        ),
    ]));
    let w = usize::from(width.saturating_sub(2)).max(1);
    let scroll = f.input.visual_scroll(w);
    let shown: String = f.value().chars().skip(scroll).take(w).collect();
    if focused {
        *cursor = Some((
            lines.len(),
            2 + f.input.visual_cursor().saturating_sub(scroll),
        ));
    }
    lines.push(Line::from(vec![
        Span::styled("> ", if focused { theme.key } else { theme.dim }),
        Span::raw(shown),
    ]));
}

fn question_title(q: Question) -> &'static str {
    match q {
        Question::PhysicalProtection => "Fysieke beschermende maatregel",
        Question::EndDisturbance => "Verstoring afsluiten",
        Question::EndMeeting => "Vergadering sluiten",
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
    };
    lines.push(Line::default());
    lines.extend(wrap_hints(
        hints(
            &c.keymap,
            Section::Confirm,
            &[Action::Confirm, Action::Deny],
            theme,
        ),
        70,
    ));
    lines
}

fn card_lines<'a>(c: &Console, theme: &Theme) -> Vec<Line<'a>> {
    let e = &c.config.emergency;
    let mut lines = vec![
        Line::styled("Bel 112 en vraag om de POLITIE.", theme.alert),
        Line::default(),
        Line::from(vec![
            Span::styled("Gemeente:  ", theme.label),
            Span::styled(c.config.municipality.clone(), theme.title),
        ]),
        Line::from(vec![
            Span::styled("Gebouw:    ", theme.label),
            Span::styled(e.building.clone(), theme.title),
        ]),
        Line::from(vec![
            Span::styled("Adres:     ", theme.label),
            Span::styled(e.address.clone(), theme.title),
        ]),
        Line::from(vec![
            Span::styled("Ruimte:    ", theme.label),
            Span::styled(e.room.clone(), theme.title),
        ]),
    ];
    if !e.notes.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Situatie:  ", theme.label),
            Span::raw(e.notes.clone()),
        ]));
    }
    if let Some(d) = &c.projected().disturbance {
        lines.push(Line::from(vec![
            Span::styled("Nu:        ", theme.label),
            Span::raw(format!("{} — {}", d.category.label(), d.place)),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Blijf rustig, geef locatie en situatie, provoceer niet.",
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
