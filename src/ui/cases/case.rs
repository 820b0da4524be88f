//! One case file: its sections and its timeline.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{date, footer, header};
use crate::cases::{Browser, OpenCase};
use crate::domain::case::euro;
use crate::domain::casefile::CaseFile;
use crate::keymap::{Action, Section};
use crate::ui::Theme;

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

pub(super) fn draw_case(
    frame: &mut Frame<'_>,
    area: Rect,
    b: &Browser,
    open: &OpenCase,
    theme: &Theme,
) {
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
    crate::ui::draw_timeline(
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
