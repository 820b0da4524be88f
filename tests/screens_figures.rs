//! Snapshot tests of the figures screen (`report --format scherm`): a table
//! and its bar chart at 80×24 and 120×40; hidden counts as "< 5" without a
//! bar. Review changes with `cargo insta review`.
#![allow(clippy::unwrap_used)]

use raadsorde::domain::Category;
use raadsorde::domain::figures::Figures;
use raadsorde::domain::report::{Facts, Perpetrator, Place, Scope, YearReport};
use raadsorde::keymap::Keymap;
use raadsorde::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fact(month: u32, category: Category, place: Place) -> Facts {
    Facts {
        month,
        category,
        place,
        measures: Vec::new(),
        aangifte: false,
        aftercare_offered: true,
        aftercare_held: month.is_multiple_of(2),
        perpetrator: Perpetrator::First,
    }
}

/// 2026: 14 verbal, 9 threats, 2 physical (hidden, and what gives it away);
/// 2025: 12.
fn report() -> Figures {
    let mut this = Vec::new();
    for i in 0..14 {
        this.push(fact(1 + i % 12, Category::VerbaleAgressie, Place::Email));
    }
    for i in 0..9 {
        this.push(fact(
            1 + i % 6,
            Category::BedreigingIntimidatie,
            Place::Live,
        ));
    }
    for _ in 0..2 {
        this.push(fact(3, Category::FysiekGeweld, Place::Live));
    }
    let last: Vec<Facts> = (0..12)
        .map(|i| fact(1 + i, Category::VerbaleAgressie, Place::Email))
        .collect();
    Figures::of_report(&YearReport::build(2026, Scope::Griffie, &this, &last, 5))
}

fn screen(f: &Figures, table: usize, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| {
            raadsorde::ui::figures::draw(frame, f, table, &Keymap::defaults(), &Theme::monochrome())
        })
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_categories_with_their_bars() {
    let f = report();
    let index = f
        .tables
        .iter()
        .position(|t| t.title == "Naar categorie")
        .unwrap();
    let small = screen(&f, index, 80, 24);
    assert!(small.contains("Naar categorie"), "{small}");
    assert!(small.contains("< 5"), "the hidden count: {small}");
    assert!(!small.contains("│ 2 "), "never the hidden number: {small}");
    insta::assert_snapshot!("figures_categories_80x24", small);
    insta::assert_snapshot!("figures_categories_120x40", screen(&f, index, 120, 40));
}

#[test]
fn the_first_table_says_how_to_move_on() {
    let f = report();
    let s = screen(&f, 0, 80, 24);
    assert!(s.contains("Volgende tabel"), "{s}");
    assert!(s.contains("(1/"), "{s}");
    insta::assert_snapshot!("figures_total_80x24", s);
    insta::assert_snapshot!("figures_total_120x40", screen(&f, 0, 120, 40));
}
