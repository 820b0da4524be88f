//! The list of cases: search, filters and the table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{footer, header};
use crate::cases::Browser;
use crate::keymap::{Action, Section};
use crate::storage::CaseSort;
use crate::ui::Theme;

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

pub(super) fn draw_list(frame: &mut Frame<'_>, area: Rect, b: &Browser, theme: &Theme) {
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
            "{}–{} van {}{} zaken",
            b.query.offset + 1,
            b.query.offset + b.rows.len() as u64,
            if b.total_exact { "" } else { "meer dan " },
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
