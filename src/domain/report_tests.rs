use proptest::prelude::*;

use super::*;

fn fact(month: u32, category: Category, place: Place, perpetrator: Perpetrator) -> Facts {
    Facts {
        month,
        category,
        place,
        measures: Vec::new(),
        aangifte: false,
        aftercare_offered: false,
        aftercare_held: false,
        perpetrator,
    }
}

/// `n` incidents of each (category, place) given.
fn many(spec: &[(usize, Category, Place)]) -> Vec<Facts> {
    let mut out = Vec::new();
    for (i, (n, c, p)) in spec.iter().enumerate() {
        for j in 0..*n {
            let month = ((i + j) % 12) as u32 + 1;
            out.push(fact(month, *c, *p, Perpetrator::First));
        }
    }
    out
}

fn table<'a>(r: &'a YearReport, title: &str) -> &'a Table {
    r.tables.iter().find(|t| t.title == title).unwrap()
}

fn cell(r: &YearReport, title: &str, label: &str) -> Shown {
    table(r, title)
        .rows
        .iter()
        .find(|row| row.label == label)
        .unwrap_or_else(|| panic!("{label} not in {title}"))
        .this_year
}

/// No equation of the report has exactly one hidden item: none can be
/// solved for.
fn no_equation_solvable(facts: &[Facts], k: u64) {
    let it = items(facts);
    let hidden = suppress(&it.values, &it.equations, 0, k);
    for (sum, parts) in &it.equations {
        let n = std::iter::once(sum)
            .chain(parts)
            .filter(|i| hidden[**i])
            .count();
        assert_ne!(n, 1, "equation {sum} = {parts:?} solvable: {hidden:?}");
    }
    for (i, v) in it.values.iter().enumerate() {
        if *v < k {
            assert!(hidden[i], "item {i} ({v}) under the threshold shown");
        }
    }
}

#[test]
fn a_small_category_is_hidden_and_so_is_the_next_smallest() {
    use Category::*;
    // 20 + 3 + 15 + 7 = 45: with the total shown, hiding only the 3 would
    // give it away (45 - 20 - 15 - 7).
    let facts = many(&[
        (20, FysiekGeweld, Place::Email),
        (3, BedreigingIntimidatie, Place::Email),
        (15, VerbaleAgressie, Place::Telefoon),
        (7, EmotioneelGedrag, Place::Telefoon),
    ]);
    let r = YearReport::build(2026, Scope::Griffie, &facts, &[], 5);
    assert_eq!(cell(&r, "Incidenten", "incidenten"), Shown::Count(45));
    assert_eq!(
        cell(&r, "Naar categorie", BedreigingIntimidatie.label()),
        Shown::Suppressed
    );
    assert_eq!(
        cell(&r, "Naar categorie", EmotioneelGedrag.label()),
        Shown::Suppressed,
        "the complement: the smallest shown"
    );
    assert_eq!(
        cell(&r, "Naar categorie", FysiekGeweld.label()),
        Shown::Count(20)
    );
    no_equation_solvable(&facts, 5);
}

#[test]
fn a_total_under_the_threshold_hides_everything() {
    let facts = many(&[(4, Category::FysiekGeweld, Place::Live)]);
    let r = YearReport::build(2026, Scope::Po, &facts, &[], 5);
    for t in &r.tables {
        for row in &t.rows {
            assert_eq!(
                row.this_year,
                Shown::Suppressed,
                "{}: {}",
                t.title,
                row.label
            );
        }
    }
    assert!(!r.markdown().contains("| 4 |"), "{}", r.markdown());
}

#[test]
fn a_hidden_kind_of_place_is_protected_within_online_and_across_the_total() {
    use Category::*;
    // Online: e-mail 2, social media 30; offline: live 20, telefoon 10.
    let facts = many(&[
        (2, FysiekGeweld, Place::Email),
        (30, VerbaleAgressie, Place::SocialeMedia),
        (20, VerbaleAgressie, Place::Live),
        (10, FysiekGeweld, Place::Telefoon),
    ]);
    let r = YearReport::build(2026, Scope::Griffie, &facts, &[], 5);
    let place = "Naar soort plaats of kanaal";
    assert_eq!(cell(&r, place, Place::Email.label()), Shown::Suppressed);
    // Online (32) minus social media would give e-mail: social media goes.
    assert_eq!(
        cell(&r, place, Place::SocialeMedia.label()),
        Shown::Suppressed
    );
    no_equation_solvable(&facts, 5);
}

#[test]
fn the_change_is_shown_only_where_both_years_are() {
    use Category::*;
    let this = many(&[
        (20, FysiekGeweld, Place::Email),
        (3, BedreigingIntimidatie, Place::Email),
        (15, VerbaleAgressie, Place::Telefoon),
        (7, EmotioneelGedrag, Place::Telefoon),
    ]);
    let last = many(&[
        (10, FysiekGeweld, Place::Email),
        (9, BedreigingIntimidatie, Place::Email),
        (12, VerbaleAgressie, Place::Telefoon),
        (8, EmotioneelGedrag, Place::Telefoon),
    ]);
    let r = YearReport::build(2026, Scope::Griffie, &this, &last, 5);
    let rows = &table(&r, "Naar categorie").rows;
    let by = |c: Category| rows.iter().find(|x| x.label == c.label()).unwrap();
    // Last year's 9 is shown; this year's 3 is not: no difference, or
    // 9 + change would be it.
    assert_eq!(by(BedreigingIntimidatie).last_year, Shown::Count(9));
    assert_eq!(by(BedreigingIntimidatie).change, None);
    assert_eq!(by(FysiekGeweld).change, Some(10));
    let md = r.markdown();
    assert!(md.contains("| incidenten | 45 | 39 | +6 |"), "{md}");
    assert!(!md.contains("| 3 |"), "{md}");
}

#[test]
fn counts_without_a_total_are_hidden_on_their_own() {
    let mut facts = many(&[(12, Category::FysiekGeweld, Place::Live)]);
    for f in facts.iter_mut().take(6) {
        f.aangifte = true;
        f.aftercare_offered = true;
    }
    facts[0].aftercare_held = true;
    facts[0].measures = vec![MeasureKind::Toegangsverbod, MeasureKind::Toegangsverbod];
    let r = YearReport::build(2026, Scope::Griffie, &facts, &[], 5);
    assert_eq!(
        cell(&r, "Aangifte en nazorg", "aangifte gedaan"),
        Shown::Count(6)
    );
    assert_eq!(
        cell(&r, "Aangifte en nazorg", "nazorggesprek gehouden"),
        Shown::Suppressed
    );
    let ban = format!("{} (incidenten met)", MeasureKind::Toegangsverbod.label());
    assert_eq!(cell(&r, "Maatregelen", &ban), Shown::Suppressed);
}

fn arb_fact() -> impl Strategy<Value = Facts> {
    (1u32..=12, 0usize..4, 0usize..7, 0usize..3).prop_map(|(month, c, p, q)| {
        fact(month, Category::ALL[c], Place::ALL[p], Perpetrator::ALL[q])
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Whatever the register: nothing under the threshold is shown, and no
    /// hidden number can be found from a total, a group or a shared total.
    #[test]
    fn no_hidden_number_can_be_recovered(facts in proptest::collection::vec(arb_fact(), 0..120), k in 2u64..8) {
        no_equation_solvable(&facts, k);
    }
}

#[test]
fn trends_show_each_year_suppressed_on_its_own_and_a_direction_only_between_shown_numbers() {
    use Category::*;
    let y1 = many(&[
        (10, FysiekGeweld, Place::Email),
        (3, VerbaleAgressie, Place::Live),
        (8, EmotioneelGedrag, Place::Live),
    ]);
    let y2 = many(&[
        (6, FysiekGeweld, Place::Email),
        (9, VerbaleAgressie, Place::Live),
        (8, EmotioneelGedrag, Place::Live),
    ]);
    let t = Trends::build(Scope::Griffie, &[(2025, y1), (2026, y2)], 5);
    let (_, rows) = t
        .tables
        .iter()
        .find(|(title, _)| *title == "Naar categorie")
        .unwrap();
    let row = |c: Category| rows.iter().find(|(l, _, _)| l == c.label()).unwrap();
    assert_eq!(
        row(EmotioneelGedrag).1,
        vec![Shown::Count(8), Shown::Count(8)]
    );
    assert_eq!(row(EmotioneelGedrag).2, Some("gelijk"));
    // 2026: bedreiging 0 hides, and fysiek geweld (6, the smallest shown)
    // with it; so no direction for it either.
    assert_eq!(
        row(FysiekGeweld).1,
        vec![Shown::Count(10), Shown::Suppressed]
    );
    assert_eq!(row(FysiekGeweld).2, None);
    // 3 hidden in 2025: no direction, or 9 and "stijgend" would narrow it.
    assert_eq!(row(VerbaleAgressie).1[0], Shown::Suppressed);
    assert_eq!(row(VerbaleAgressie).2, None);
    let md = t.markdown();
    assert!(md.contains("| incidenten | 21 | 23 | stijgend |"), "{md}");
    assert!(!md.contains("| 3 |"), "{md}");
}
