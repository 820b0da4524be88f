//! The register screens: the list of cases and one case file.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Theme, centered, hints, wrap_hints};
use crate::cases::{AccessLogMode, AccessLogView, Browser, OpenCase, Popup};
use crate::domain::access::Role;
use crate::domain::case::euro;
use crate::domain::casefile::{CaseFile, SUPPORT_LINES};
use crate::keymap::{Action, Section};
use crate::storage::CaseSort;

pub fn draw(frame: &mut Frame<'_>, b: &Browser, theme: &Theme) {
    let area = frame.area();
    match &b.open {
        Some(open) => draw_case(frame, area, b, open, theme),
        None => draw_list(frame, area, b, theme),
    }
    match &b.popup {
        Some(Popup::Help { scroll }) => {
            let mut lines = super::dialogs::help_for(
                &b.keymap,
                &[Section::Cases, Section::Case, Section::Form],
                theme,
                area.width.saturating_sub(6).min(82),
            );
            lines.extend(super::dialogs::term_lines(&b.config.deadlines, theme));
            popup(frame, "Hulp — alle toetsen", lines, *scroll, theme);
        }
        Some(Popup::SupportLines) => {
            let mut lines = vec![Line::styled(
                "Opvang en nazorg (protocol §6.3): altijd aanbieden.",
                theme.label,
            )];
            lines.push(Line::default());
            for (name, number) in SUPPORT_LINES {
                lines.push(Line::from(vec![
                    Span::styled(format!("{name}: "), theme.title),
                    Span::raw(number.to_string()),
                ]));
            }
            lines.push(Line::default());
            lines.push(Line::styled("Een toets sluit dit venster.", theme.dim));
            popup(frame, "Steunlijnen", lines, 0, theme);
        }
        Some(Popup::CorrectPick { cursor }) => {
            if let Some(open) = &b.open {
                let rows = open.file.correctable();
                let mut lines = vec![Line::styled("Welke regel corrigeren?", theme.label)];
                // One screen row per entry (cut with …), so that the rows
                // counted are the rows shown and the cursor is always in view.
                let inner = usize::from(area.width.saturating_sub(4).min(86).saturating_sub(2));
                let visible = usize::from(area.height.saturating_sub(6)).max(1);
                let start = cursor.saturating_sub(visible.saturating_sub(1));
                for (i, r) in rows.iter().enumerate().skip(start).take(visible) {
                    let text = format!(
                        "{} {:>5} {}",
                        r.at.format("%d-%m-%Y %H:%M"),
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
                        if i == *cursor {
                            theme.selected
                        } else {
                            theme.base
                        },
                    ));
                }
                popup(frame, "Correctie", lines, 0, theme);
            }
        }
        Some(Popup::Roles { matrix, row, col }) => {
            let lines = roles_lines(b, matrix, *row, *col, theme);
            popup(frame, "Gebruikers en rollen", lines, 0, theme);
        }
        Some(Popup::Board { board, at, cursor }) => {
            let lines = board_lines(b, board, *at, *cursor, frame.area().height, theme);
            popup(
                frame,
                "Termijnen — alle zaken die u mag zien",
                lines,
                0,
                theme,
            );
        }
        Some(Popup::AccessLog { log, view, scroll }) => {
            let lines = access_log_lines(b, log, *view, theme);
            let title = format!("Toegangslogboek — {}", view.label());
            popup(frame, &title, lines, *scroll, theme);
        }
        None => {}
    }
    if let Some(form) = &b.form {
        super::form::draw(frame, form, &b.keymap, theme, b.flash.as_ref());
    }
}

/// A key of the form section, as bound, for the hints of a popup.
fn form_key(b: &Browser, action: Action) -> String {
    b.keymap
        .key_for(Section::Form, action)
        .map(|k| k.to_string())
        .unwrap_or_else(|| "?".into())
}

/// The matrix of identities × roles, the cell under the cursor marked.
fn roles_lines<'a>(
    b: &Browser,
    matrix: &[(String, Vec<Role>)],
    row: usize,
    col: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    const NAME: usize = 18;
    let mut lines = vec![Line::styled(
        "Wie welke zaken ziet, volgt de meldroute van §6.1. Alleen een beheerder kan rollen toekennen of intrekken; de laatste beheerder blijft.",
        theme.dim,
    )];
    lines.push(Line::default());
    let mut head = vec![Span::styled(format!("{:<NAME$}", "gebruiker"), theme.label)];
    for role in Role::ALL {
        head.push(Span::styled(format!(" {:^8}", role.short()), theme.label));
    }
    lines.push(Line::from(head));
    if matrix.is_empty() {
        lines.push(Line::styled("Nog geen rollen toegekend.", theme.dim));
    }
    for (i, (identity, roles)) in matrix.iter().enumerate() {
        let name: String = identity.chars().take(NAME - 1).collect();
        let mut spans = vec![Span::styled(
            format!("{name:<NAME$}"),
            if i == row { theme.title } else { theme.base },
        )];
        for (j, role) in Role::ALL.iter().enumerate() {
            let mark = if roles.contains(role) { "✓" } else { "·" };
            let style = if i == row && j == col {
                theme.selected
            } else {
                theme.base
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("{mark:^8}"), style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    for role in Role::ALL {
        lines.push(Line::styled(
            format!("{:<8} {}", role.short(), role.label()),
            theme.dim,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "{}/{} gebruiker · {}/{} rol · {} toekennen of intrekken · {} sluit",
            form_key(b, Action::SelectPrev),
            form_key(b, Action::SelectNext),
            form_key(b, Action::NextField),
            form_key(b, Action::PrevField),
            form_key(b, Action::Submit),
            form_key(b, Action::Cancel),
        ),
        theme.dim,
    ));
    lines
}

/// The label of the case file's line for a deadline's section.
fn section_label(section: &str) -> &'static str {
    match section {
        "route" => "Meldroute",
        "nazorg" => "Nazorg",
        "aangifte" => "Aangifte",
        "maatregelen" => "Maatregel",
        _ => "Open stappen",
    }
}

/// The deadline board: one line per due item, most urgent first; overdue
/// items in the alert style and marked `TE LAAT` (readable without colour).
fn board_lines<'a>(
    b: &Browser,
    board: &crate::storage::DueBoard,
    at: chrono::DateTime<chrono::FixedOffset>,
    cursor: usize,
    height: u16,
    theme: &Theme,
) -> Vec<Line<'a>> {
    use crate::domain::casefile::DeadlineState;
    let items = &board.items;
    let mut head = format!(
        "{} open, waarvan {} te laat · peilmoment {}",
        board.total,
        board.overdue,
        at.format("%d-%m-%Y %H:%M")
    );
    if (items.len() as u64) < board.total {
        head.push_str(&format!(" · de eerste {} getoond", items.len()));
    }
    let mut lines = vec![Line::styled(head, theme.dim), Line::default()];
    if items.is_empty() {
        lines.push(Line::styled("Geen termijnen open.", theme.dim));
    }
    // Only the rows in view are laid out: the popup's height less its
    // border, the two lines above and the two below; the cursor in sight.
    let room = usize::from(height.saturating_sub(6)).max(1);
    let start = cursor.saturating_sub(room.saturating_sub(1));
    for (i, item) in items.iter().enumerate().skip(start).take(room) {
        let mark = match item.state {
            DeadlineState::Overdue => "TE LAAT",
            DeadlineState::DueSoon => "NU",
            _ => "",
        };
        // One row each, within the popup's width: the duty is shortened.
        let mut what = item.label.clone();
        if item.case_closed {
            what.push_str(" (afgesloten)");
        }
        let what: String = if what.chars().count() > 27 {
            what.chars().take(26).chain(['…']).collect()
        } else {
            what
        };
        let text = format!(
            "{mark:<7} {:<9} {what:<27} {:<15} {}",
            item.number,
            item.late_short(),
            item.distance_short(at),
        );
        let style = if i == cursor {
            theme.selected
        } else if item.state == DeadlineState::Overdue {
            theme.alert
        } else {
            theme.base
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "{}/{} kiezen ({}/{}) · {} opent de zaak · {} sluit",
            form_key(b, Action::SelectPrev),
            form_key(b, Action::SelectNext),
            (cursor + 1).min(items.len()),
            items.len(),
            form_key(b, Action::Submit),
            form_key(b, Action::Cancel),
        ),
        theme.dim,
    ));
    lines
}

/// The access log in one of its three views.
fn access_log_lines<'a>(
    b: &Browser,
    log: &AccessLogView,
    view: AccessLogMode,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    match view {
        AccessLogMode::All => {
            if log.rows.is_empty() {
                lines.push(Line::styled("Nog niets ingezien.", theme.dim));
            }
            for r in &log.rows {
                let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                    .map(|t| t.format("%d-%m-%Y %H:%M").to_string())
                    .unwrap_or_else(|_| r.at.clone());
                let mut text = format!("{at}  {}  {}", r.identity, r.what.label());
                if let Some(number) = &r.case_number {
                    text.push_str(&format!("  zaak {number}"));
                }
                if !r.scope.is_empty() {
                    text.push_str(&format!("  ({})", r.scope));
                }
                lines.push(Line::raw(text));
            }
        }
        AccessLogMode::PerIdentity => {
            for (identity, n) in &log.by_identity {
                lines.push(Line::raw(format!("{identity}: {n}×")));
            }
            if log.by_identity.is_empty() {
                lines.push(Line::styled("Nog niets ingezien.", theme.dim));
            }
        }
        AccessLogMode::PerCase => {
            for (number, n) in &log.by_case {
                lines.push(Line::raw(format!("zaak {number}: {n}×")));
            }
            if log.by_case.is_empty() {
                lines.push(Line::styled("Nog geen zaak ingezien.", theme.dim));
            }
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "{} alles / per gebruiker / per zaak · {}/{} scrollen · {} sluit",
            form_key(b, Action::NextField),
            form_key(b, Action::SelectPrev),
            form_key(b, Action::SelectNext),
            form_key(b, Action::Cancel),
        ),
        theme.dim,
    ));
    lines
}

fn popup(frame: &mut Frame<'_>, title: &str, lines: Vec<Line<'_>>, scroll: u16, theme: &Theme) {
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(86);
    // Rows as wrapped, so that the last line is never cut off.
    let rows = super::wrapped_lines(&lines, width.saturating_sub(2)) + 2;
    let height = rows.min(area.height);
    let max = rows.saturating_sub(height);
    let rect = centered(area, width, height);
    let mut block = Block::bordered()
        .title(format!(" {title} "))
        .title_style(theme.title);
    if max > 0 {
        block = block.title_bottom(Line::styled(
            format!(
                " ↓/↑ scrollen ({}/{max}) · andere toets sluit ",
                scroll.min(max)
            ),
            theme.dim,
        ));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(max), 0))
            .block(block),
        rect,
    );
}

fn header(b: &Browser, title: String, theme: &Theme, area: Rect, frame: &mut Frame<'_>) {
    // Who is looking: what the list shows depends on it.
    let clock = match &b.identity {
        Some(who) => format!("{who} · {}", b.now.format("%H:%M:%S")),
        None => b.now.format("%H:%M:%S").to_string(),
    };
    let [left, right] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(clock.chars().count() as u16 + 1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("raadsorde ", theme.title),
            Span::raw(title),
        ])),
        left,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(clock, theme.title)).alignment(Alignment::Right),
        right,
    );
}

fn flash<'a>(b: &Browser, theme: &Theme) -> Line<'a> {
    match &b.flash {
        Some(f) => Line::styled(f.text.clone(), theme.level(f.level)),
        None => Line::default(),
    }
}

fn footer(
    frame: &mut Frame<'_>,
    area: Rect,
    b: &Browser,
    section: Section,
    actions: &[Action],
    theme: &Theme,
) {
    let mut lines = vec![flash(b, theme)];
    lines.extend(
        wrap_hints(hints(&b.keymap, section, actions, theme), area.width)
            .into_iter()
            .take(2),
    );
    frame.render_widget(Paragraph::new(lines), area);
}

fn filter_summary(b: &Browser) -> String {
    let q = &b.query;
    let mut parts = Vec::new();
    if let Some(s) = q.status {
        parts.push(format!("status {}", s.label()));
    }
    if let Some(c) = q.category {
        parts.push(format!("categorie {}", c.label()));
    }
    if let Some(r) = q.role {
        parts.push(format!("rol {}", r.label()));
    }
    if let Some(c) = q.channel {
        parts.push(format!("kanaal {}", c.label()));
    }
    if let Some(y) = q.year {
        parts.push(format!("jaar {y}"));
    }
    if let Some(p) = q.perpetrator {
        parts.push(format!("veroorzaker #{p}"));
    }
    let sort = match q.sort {
        CaseSort::Newest => "nieuwste eerst",
        CaseSort::Oldest => "oudste eerst",
        CaseSort::Urgency => "urgentie",
    };
    if parts.is_empty() {
        format!("geen filters · {sort}")
    } else {
        format!("{} · {sort}", parts.join(" · "))
    }
}

fn draw_list(frame: &mut Frame<'_>, area: Rect, b: &Browser, theme: &Theme) {
    let [head, search, filters, table, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(area);
    let shown = if b.total == 0 {
        "geen zaken".to_string()
    } else {
        format!(
            "{}–{} van {} zaken",
            b.query.offset + 1,
            b.query.offset + b.rows.len() as u64,
            b.total
        )
    };
    header(
        b,
        format!("· Register · {shown}{}", if b.loading { " …" } else { "" }),
        theme,
        head,
        frame,
    );
    let search_style = if b.searching {
        theme.selected
    } else {
        theme.label
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Zoeken: ", search_style),
            Span::raw(b.search.value().to_string()),
        ])),
        search,
    );
    if b.searching {
        let x = search.x + 8 + b.search.input.visual_cursor() as u16;
        frame.set_cursor_position((x.min(search.right().saturating_sub(1)), search.y));
    }
    frame.render_widget(
        Paragraph::new(Line::styled(filter_summary(b), theme.dim)),
        filters,
    );

    let wide = area.width >= 100;
    let mut lines = vec![Line::styled(
        if wide {
            format!(
                "{:<10} {:<11} {:<24} {:<13} {:<14} {:<6} {}",
                "Zaak", "Datum", "Categorie", "Rol", "Status", "Uiterl", "Volgende stap"
            )
        } else {
            format!(
                "{:<10} {:<11} {:<13} {:<10} {:<6} {}",
                "Zaak", "Datum", "Categorie", "Status", "Uiterl", "Volgende stap"
            )
        },
        theme.label,
    )];
    let now_utc = crate::domain::time::utc_string(&b.now);
    let room = usize::from(table.height.saturating_sub(1));
    let start = b.cursor.saturating_sub(room.saturating_sub(1));
    for (i, row) in b.rows.iter().enumerate().skip(start).take(room) {
        let date = chrono::DateTime::parse_from_rfc3339(&row.occurred_at)
            .map(|d| d.format("%d-%m-%Y").to_string())
            .unwrap_or_else(|_| row.occurred_at.chars().take(10).collect());
        let late = row
            .next_due_utc
            .as_deref()
            .is_some_and(|due| due < now_utc.as_str());
        let next = match &row.next_step {
            Some(step) if late => format!("TE LAAT: {step}"),
            Some(step) => step.clone(),
            None => "—".into(),
        };
        // The day the next step is due (local), so that a list of cases
        // reads as a list of dates too.
        let due = row
            .next_due_utc
            .as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(|d| {
                crate::domain::time::to_local(d.with_timezone(&chrono::Utc))
                    .format("%d-%m")
                    .to_string()
            })
            .unwrap_or_else(|| "—".into());
        let text = if wide {
            format!(
                "{:<10} {:<11} {:<24} {:<13} {:<14} {due:<6} {next}",
                row.number,
                date,
                row.category.map_or("(nog geen)", |c| c.label()),
                row.victim_role.map(|r| r.label()).unwrap_or("—"),
                row.status.label(),
            )
        } else {
            let cat: String = row
                .category
                .map_or("(nog geen)", |c| c.label())
                .chars()
                .take(13)
                .collect();
            format!(
                "{:<10} {:<11} {:<13} {:<10} {due:<6} {next}",
                row.number,
                date,
                cat,
                row.status.label().chars().take(10).collect::<String>(),
            )
        };
        let style = if i == b.cursor {
            theme.selected
        } else if next.contains("TE LAAT") {
            theme.warning
        } else {
            theme.base
        };
        lines.push(Line::styled(text, style));
    }
    if b.rows.is_empty() && !b.loading {
        lines.push(Line::styled(
            "Geen zaken gevonden. Pas het zoeken of de filters aan, of voer een nieuwe zaak in.",
            theme.dim,
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::TOP).border_style(theme.dim)),
        table,
    );
    let actions = if b.searching {
        vec![Action::Submit, Action::Cancel]
    } else {
        vec![
            Action::CaseOpen,
            Action::CaseNew,
            Action::Search,
            Action::FilterStatus,
            Action::FilterCategory,
            Action::FilterRole,
            Action::FilterChannel,
            Action::FilterYear,
            Action::FilterClear,
            Action::Sort,
            Action::SwitchScreen,
            Action::Help,
            Action::Quit,
        ]
    };
    let section = if b.searching {
        Section::Form
    } else {
        Section::Cases
    };
    footer(frame, foot, b, section, &actions, theme);
}

fn date(d: &chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// The sections of a case file as lines.
pub fn case_lines<'a>(open: &OpenCase, b: &Browser, theme: &Theme) -> Vec<Line<'a>> {
    let f: &CaseFile = &open.file;
    // Opened from the deadline board: its section stands out.
    let focus = open.focus.as_deref().map(section_label);
    let label = |s: &str| {
        let style = if focus == Some(s) {
            theme.selected
        } else {
            theme.label
        };
        Span::styled(format!("{s}: "), style)
    };
    let mut lines = Vec::new();
    let victim = match &f.victim {
        Some(v) if v.also.is_empty() => format!("{} ({})", v.name, v.role.label()),
        Some(v) => format!("{} ({}); ook: {}", v.name, v.role.label(), v.also),
        None => "nog niet vastgelegd".into(),
    };
    lines.push(Line::from(vec![label("Slachtoffer"), Span::raw(victim)]));
    let mut what = format!("{}", f.occurred_at.format("%d-%m-%Y %H:%M"));
    if !f.place.is_empty() {
        what.push_str(&format!(" · {}", f.place));
    }
    if !f.what.is_empty() {
        what.push_str(&format!(" · {}", f.what));
    }
    lines.push(Line::from(vec![label("Gebeurd"), Span::raw(what)]));
    let norm = if f.crosses_norm() {
        "normoverschrijdend".to_string()
    } else {
        "niet normoverschrijdend: geen verdere afhandeling nodig, tenzij het aanhoudt".to_string()
    };
    let mut class = if f.category_known() {
        format!("{} ({norm})", f.category.label())
    } else {
        "nog niet gekozen (de live console vraagt die bij het afsluiten)".to_string()
    };
    if f.classifications.len() > 1 {
        let earlier: Vec<&str> = f.classifications[..f.classifications.len() - 1]
            .iter()
            .map(|c| c.category.label())
            .collect();
        class.push_str(&format!("; eerder: {}", earlier.join(" → ")));
    }
    lines.push(Line::from(vec![label("Categorie"), Span::raw(class)]));

    // A case from the live console: who disturbed, as the console saw it.
    if let Some(d) = &f.live {
        let people: Vec<String> = d
            .persons
            .iter()
            .map(|p| {
                let mut t = p.described();
                let n = p.demands.len();
                t.push_str(&format!(
                    ": {n} vordering{}",
                    if n == 1 { "" } else { "en" }
                ));
                if p.lokaalvredebreuk() {
                    t.push_str(" (lokaalvredebreuk)");
                }
                if let Some(at) = p.removed_at {
                    t.push_str(&format!(", door politie verwijderd {}", at.format("%H:%M")));
                } else if let Some(at) = p.left_at {
                    t.push_str(&format!(", vertrokken {}", at.format("%H:%M")));
                }
                if p.known {
                    t.push_str(", naam bekend in het register");
                }
                t
            })
            .collect();
        lines.push(Line::from(vec![
            label("Personen (live)"),
            Span::raw(people.join(" · ")),
        ]));
    }
    if let Some(route) = f.route() {
        let mut spans = vec![label("Meldroute")];
        for (i, r) in route.recipients().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" → "));
            }
            match f.informed_on(r) {
                Some(d) => spans.push(Span::styled(
                    format!("{} ✓ {}", r.label(), date(&d)),
                    theme.ok,
                )),
                None => spans.push(Span::styled(format!("{} ✗", r.label()), theme.warning)),
            }
        }
        lines.push(Line::from(spans));
    }
    if !open.perpetrators.is_empty() {
        let text: Vec<String> = open
            .perpetrators
            .iter()
            .map(|(p, repeat)| {
                let name = if p.name.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", p.name)
                };
                format!(
                    "#{} {}: {}{name} — {}",
                    p.id,
                    p.kind.label(),
                    p.description,
                    repeat.label()
                )
            })
            .collect();
        lines.push(Line::from(vec![
            label("Veroorzaker(s)"),
            Span::raw(text.join("; ")),
        ]));
    }
    for m in &f.measures {
        let mut t = format!(
            "#{} {} ({}), {} door {}",
            m.id,
            m.kind.label(),
            m.status.label(),
            date(&m.decided_on),
            m.decided_by
        );
        if let (Some(s), Some(e)) = (m.start, m.end) {
            t.push_str(&format!(", {} t/m {}", date(&s), date(&e)));
        }
        lines.push(Line::from(vec![label("Maatregel"), Span::raw(t)]));
    }
    let talks: Vec<String> = f
        .aftercare
        .iter()
        .enumerate()
        .map(|(i, t)| match (&t.held, &t.planned) {
            (Some(h), _) => format!(
                "{} ✓ {} ({}){}",
                i + 1,
                date(&h.on),
                h.by,
                if h.referral { ", doorverwezen" } else { "" }
            ),
            (None, _) if t.declined.is_some() => format!(
                "{} afgeslagen {}",
                i + 1,
                t.declined.as_ref().map(date).unwrap_or_default()
            ),
            (None, Some(p)) => format!("{} gepland {} ({})", i + 1, date(&p.on), p.by),
            (None, None) => format!("{} open", i + 1),
        })
        .collect();
    lines.push(Line::from(vec![
        label("Nazorg"),
        Span::raw(talks.join(" · ")),
    ]));
    let mut aangifte = Vec::new();
    if let Some((choice, _)) = f.aangifte_decision {
        aangifte.push(format!("besluit live: {}", choice.short()));
        if let Some(d) = f.live.as_ref().filter(|d| !d.dissent.is_empty()) {
            aangifte.push(format!("afwijkende mening: {}", d.dissent));
        }
    }
    match f.consent {
        Some(true) => aangifte.push("toestemming slachtoffer: ja".into()),
        Some(false) => aangifte.push("toestemming slachtoffer: nee".into()),
        None => {}
    }
    if let Some(a) = &f.aangifte {
        aangifte.push(format!(
            "gedaan {}{}, kenmerk {}",
            date(&a.on),
            if a.vpt { " (VPT)" } else { "" },
            if a.police_reference.is_empty() {
                "—"
            } else {
                &a.police_reference
            }
        ));
    }
    if let Some(d) = f.om_informed {
        aangifte.push(format!("OM {}", date(&d)));
    }
    if !aangifte.is_empty() {
        lines.push(Line::from(vec![
            label("Aangifte"),
            Span::raw(aangifte.join(" · ")),
        ]));
    }
    if let Some(t) = f.serious_injury {
        let ai = match f.arbeidsinspectie_notified {
            Some(d) => Span::styled(format!("Arbeidsinspectie gemeld {}", date(&d)), theme.ok),
            None => {
                // The term, and which moment it runs from (§6.4).
                let term = f
                    .deadlines()
                    .into_iter()
                    .find(|d| d.what == crate::domain::casefile::DeadlineKind::Arbeidsinspectie)
                    .map(|d| {
                        format!(
                            ", uiterlijk {} ({})",
                            d.late_after.format("%d-%m-%Y %H:%M"),
                            d.basis.unwrap_or_default()
                        )
                    })
                    .unwrap_or_default();
                Span::styled(
                    format!("Arbeidsinspectie NOG MELDEN (direct){term}"),
                    theme.warning,
                )
            }
        };
        lines.push(Line::from(vec![
            label("Ernstig letsel"),
            Span::raw(format!("vastgelegd {} · ", t.format("%d-%m-%Y %H:%M"))),
            ai,
        ]));
    }
    if !f.damages.is_empty() {
        let t = f.damage_totals();
        lines.push(Line::from(vec![
            label("Schade"),
            Span::raw(format!(
                "{} · betaald {} · verhaald {} · openstaand {}",
                euro(t.amount),
                euro(t.paid),
                euro(t.recovered),
                euro(t.outstanding)
            )),
        ]));
    }
    if let Some(c) = &f.communication {
        lines.push(Line::from(vec![
            label("Communicatie"),
            Span::raw(format!(
                "anderen informeren: {} · woordvoerder {}",
                if c.may_inform_others { "ja" } else { "nee" },
                c.spokesperson
            )),
        ]));
    }
    if let Some(s) = &f.security_measures {
        lines.push(Line::from(vec![
            Span::styled("Beveiliging (VERTROUWELIJK): ", theme.warning),
            Span::raw(s.clone()),
        ]));
    }
    if !f.evidence.is_empty() {
        for e in &f.evidence {
            let mut t = format!("{} · {}", e.platform, e.account);
            if !e.urls.is_empty() {
                t.push_str(&format!(" · {}", e.urls.join(" ")));
            }
            if !e.file_sha256.is_empty() {
                t.push_str(&format!(
                    " · SHA-256 {}…",
                    &e.file_sha256[..e.file_sha256.len().min(12)]
                ));
            }
            t.push_str(&format!(
                " · norm gemeld: {} · platform: {}",
                if e.norm_communicated { "ja" } else { "nee" },
                if e.reported_to_platform { "ja" } else { "nee" }
            ));
            lines.push(Line::from(vec![label("Bewijs"), Span::raw(t)]));
        }
    }
    let steps = f.open_steps(b.now);
    if steps.is_empty() {
        lines.push(Line::from(vec![
            label("Open stappen"),
            Span::styled("geen".to_string(), theme.ok),
        ]));
    } else {
        let text: Vec<String> = steps.iter().take(4).map(|s| s.text.clone()).collect();
        let style = if steps.first().is_some_and(|s| s.is_overdue()) {
            theme.warning
        } else {
            theme.alert
        };
        lines.push(Line::from(vec![
            label("Open stappen"),
            Span::styled(text.join(" · "), style),
        ]));
    }
    lines
}

fn draw_case(frame: &mut Frame<'_>, area: Rect, b: &Browser, open: &OpenCase, theme: &Theme) {
    let f = &open.file;
    let details = case_lines(open, b, theme);
    let width = usize::from(area.width.max(1));
    let detail_height: usize = details
        .iter()
        .map(|l| l.width().div_ceil(width).max(1))
        .sum();
    let [head, body, timeline, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length((detail_height as u16).min(area.height / 2 + 2)),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(area);
    let channel = f
        .channel
        .map(|c| format!(" · via {}", c.label()))
        .unwrap_or_default();
    header(
        b,
        format!(
            "· Zaak {} · {} · {}{channel}",
            open.number,
            f.origin.label(),
            f.status.label()
        ),
        theme,
        head,
        frame,
    );
    frame.render_widget(Paragraph::new(details).wrap(Wrap { trim: false }), body);
    let rows: Vec<Line<'_>> = f
        .timeline
        .iter()
        .map(|r| {
            let (mark, style) = if r.corrected.is_some() {
                ("✗ ", theme.corrected)
            } else {
                ("✓ ", theme.base)
            };
            Line::from(vec![
                Span::styled(r.at.format("%d-%m-%Y %H:%M ").to_string(), theme.dim),
                Span::styled(format!("{:>5} ", r.seq.unwrap_or_default()), theme.dim),
                Span::styled(mark, theme.ok),
                Span::styled(r.text.clone(), style),
            ])
        })
        .collect();
    let end = rows.len().saturating_sub(usize::from(open.scroll));
    super::draw_timeline(
        frame,
        timeline,
        &rows,
        end,
        |first| {
            format!(
                " Tijdlijn ({} regels{}) ",
                rows.len(),
                if first > 0 { ", ↑ voor eerdere" } else { "" }
            )
        },
        theme,
    );
    footer(
        frame,
        foot,
        b,
        Section::Case,
        &[
            Action::Back,
            Action::Victim,
            Action::Informed,
            Action::Measure,
            Action::AftercarePlan,
            Action::AftercareHeld,
            Action::AangifteFiled,
            Action::PerpetratorNew,
            Action::Status,
            Action::Note,
            Action::SupportLines,
            Action::Help,
        ],
        theme,
    );
}
