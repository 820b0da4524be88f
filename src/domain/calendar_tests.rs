//! The holidays and working days, against published tables.

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Western Easter 1990–2050, from the published table in python-dateutil's
/// test suite (test_easter.py).
const EASTER_1990_2050: [(i32, u32, u32); 61] = [
    (1990, 4, 15),
    (1991, 3, 31),
    (1992, 4, 19),
    (1993, 4, 11),
    (1994, 4, 3),
    (1995, 4, 16),
    (1996, 4, 7),
    (1997, 3, 30),
    (1998, 4, 12),
    (1999, 4, 4),
    (2000, 4, 23),
    (2001, 4, 15),
    (2002, 3, 31),
    (2003, 4, 20),
    (2004, 4, 11),
    (2005, 3, 27),
    (2006, 4, 16),
    (2007, 4, 8),
    (2008, 3, 23),
    (2009, 4, 12),
    (2010, 4, 4),
    (2011, 4, 24),
    (2012, 4, 8),
    (2013, 3, 31),
    (2014, 4, 20),
    (2015, 4, 5),
    (2016, 3, 27),
    (2017, 4, 16),
    (2018, 4, 1),
    (2019, 4, 21),
    (2020, 4, 12),
    (2021, 4, 4),
    (2022, 4, 17),
    (2023, 4, 9),
    (2024, 3, 31),
    (2025, 4, 20),
    (2026, 4, 5),
    (2027, 3, 28),
    (2028, 4, 16),
    (2029, 4, 1),
    (2030, 4, 21),
    (2031, 4, 13),
    (2032, 3, 28),
    (2033, 4, 17),
    (2034, 4, 9),
    (2035, 3, 25),
    (2036, 4, 13),
    (2037, 4, 5),
    (2038, 4, 25),
    (2039, 4, 10),
    (2040, 4, 1),
    (2041, 4, 21),
    (2042, 4, 6),
    (2043, 3, 29),
    (2044, 4, 17),
    (2045, 4, 9),
    (2046, 3, 25),
    (2047, 4, 14),
    (2048, 4, 5),
    (2049, 4, 18),
    (2050, 4, 10),
];

#[test]
fn easter_matches_the_published_table() {
    for (y, m, d) in EASTER_1990_2050 {
        assert_eq!(easter_sunday(y), Some(date(y, m, d)), "Easter {y}");
    }
}

#[test]
fn easter_at_its_extremes() {
    // The earliest possible date, 22 March, and the latest, 25 April.
    assert_eq!(easter_sunday(1818), Some(date(1818, 3, 22)));
    assert_eq!(easter_sunday(2285), Some(date(2285, 3, 22)));
    assert_eq!(easter_sunday(1943), Some(date(1943, 4, 25)));
    assert_eq!(easter_sunday(2038), Some(date(2038, 4, 25)));
}

#[test]
fn easter_is_a_sunday_between_22_march_and_25_april() {
    for year in FIRST_GREGORIAN_YEAR..=4099 {
        let easter = easter_sunday(year).unwrap();
        assert_eq!(easter.weekday(), Weekday::Sun, "{easter}");
        assert!(easter >= date(year, 3, 22) && easter <= date(year, 4, 25));
    }
}

#[test]
fn no_gregorian_easter_before_the_reform_or_beyond_chrono() {
    assert_eq!(easter_sunday(1582), None);
    assert_eq!(easter_sunday(-44), None);
    assert!(easter_sunday(FIRST_GREGORIAN_YEAR).is_some());
    assert_eq!(easter_sunday(i32::MAX), None);
}

use Holiday::*;

#[test]
fn all_holidays_of_2025() {
    assert_eq!(
        holidays(2025),
        vec![
            (date(2025, 1, 1), NewYearsDay),
            (date(2025, 4, 20), EasterSunday),
            (date(2025, 4, 21), EasterMonday),
            // 27 April 2025 is a Sunday.
            (date(2025, 4, 26), KingsDay),
            (date(2025, 5, 5), LiberationDay),
            (date(2025, 5, 29), AscensionDay),
            (date(2025, 6, 8), WhitSunday),
            (date(2025, 6, 9), WhitMonday),
            (date(2025, 12, 25), ChristmasDay),
            (date(2025, 12, 26), SecondChristmasDay),
        ]
    );
    assert_eq!(date(2025, 4, 26).weekday(), Weekday::Sat);
    assert_eq!(holiday(date(2025, 4, 27)), None);
}

#[test]
fn all_holidays_of_2026() {
    assert_eq!(
        holidays(2026),
        vec![
            (date(2026, 1, 1), NewYearsDay),
            (date(2026, 4, 5), EasterSunday),
            (date(2026, 4, 6), EasterMonday),
            (date(2026, 4, 27), KingsDay),
            (date(2026, 5, 5), LiberationDay),
            (date(2026, 5, 14), AscensionDay),
            (date(2026, 5, 24), WhitSunday),
            (date(2026, 5, 25), WhitMonday),
            (date(2026, 12, 25), ChristmasDay),
            (date(2026, 12, 26), SecondChristmasDay),
        ]
    );
    assert_eq!(date(2026, 4, 27).weekday(), Weekday::Mon);
    assert_eq!(date(2026, 5, 5).weekday(), Weekday::Tue);
}

#[test]
fn moving_holidays_2024_to_2030() {
    // (Easter Monday, Ascension Day, Whit Monday), counted by hand.
    let table = [
        ((2024, 4, 1), (2024, 5, 9), (2024, 5, 20)),
        ((2025, 4, 21), (2025, 5, 29), (2025, 6, 9)),
        ((2026, 4, 6), (2026, 5, 14), (2026, 5, 25)),
        ((2027, 3, 29), (2027, 5, 6), (2027, 5, 17)),
        ((2028, 4, 17), (2028, 5, 25), (2028, 6, 5)),
        ((2029, 4, 2), (2029, 5, 10), (2029, 5, 21)),
        ((2030, 4, 22), (2030, 5, 30), (2030, 6, 10)),
    ];
    for (monday, ascension, whit) in table {
        let [monday, ascension, whit] = [monday, ascension, whit].map(|(y, m, d)| date(y, m, d));
        assert_eq!(holiday(monday), Some(EasterMonday), "{monday}");
        assert_eq!(monday.weekday(), Weekday::Mon);
        assert_eq!(holiday(ascension), Some(AscensionDay), "{ascension}");
        assert_eq!(ascension.weekday(), Weekday::Thu);
        assert_eq!(holiday(whit), Some(WhitMonday), "{whit}");
        assert_eq!(whit.weekday(), Weekday::Mon);
        for day in [monday, ascension, whit] {
            assert!(!is_working_day(day), "{day}");
        }
    }
}

#[test]
fn kings_day_moves_to_saturday_when_27_april_is_a_sunday() {
    let table = [
        (2014, 26),
        (2024, 27),
        (2025, 26),
        (2026, 27),
        (2027, 27),
        (2028, 27),
        (2029, 27),
        (2030, 27),
        (2031, 26),
    ];
    for (year, day) in table {
        let kings_day: Vec<_> = holidays(year)
            .into_iter()
            .filter(|(_, h)| *h == KingsDay)
            .map(|(d, _)| d)
            .collect();
        assert_eq!(kings_day, vec![date(year, 4, day)], "{year}");
        assert_ne!(kings_day[0].weekday(), Weekday::Sun);
    }
}

#[test]
fn queens_day_before_2014() {
    assert_eq!(holiday(date(2013, 4, 30)), Some(QueensDay));
    assert_eq!(holiday(date(2013, 4, 27)), None);
    // 30 April on a Sunday: Saturday 29 April from 1980, Monday 1 May before.
    assert_eq!(date(2006, 4, 30).weekday(), Weekday::Sun);
    assert_eq!(holiday(date(2006, 4, 29)), Some(QueensDay));
    assert_eq!(holiday(date(2006, 4, 30)), None);
    assert_eq!(date(1978, 4, 30).weekday(), Weekday::Sun);
    assert_eq!(holiday(date(1978, 5, 1)), Some(QueensDay));
    assert_eq!(holiday(date(1978, 4, 29)), None);
}

#[test]
fn liberation_day_every_year_not_only_every_fifth() {
    for year in 2024..=2030 {
        assert_eq!(holiday(date(year, 5, 5)), Some(LiberationDay), "{year}");
    }
    assert!(!is_working_day(date(2026, 5, 5)));
}

#[test]
fn good_friday_is_a_working_day() {
    // Not a holiday under the Algemene termijnenwet.
    for (y, m, d) in [(2024, 3, 29), (2025, 4, 18), (2026, 4, 3), (2027, 3, 26)] {
        let good_friday = date(y, m, d);
        assert_eq!(easter_sunday(y), good_friday.checked_add_days(Days::new(2)));
        assert_eq!(holiday(good_friday), None);
        assert!(is_working_day(good_friday), "{good_friday}");
    }
}

#[test]
fn ascension_on_liberation_day_is_listed_twice_and_named_once() {
    let fifth = date(2016, 5, 5);
    let on_fifth: Vec<_> = holidays(2016)
        .into_iter()
        .filter(|(d, _)| *d == fifth)
        .map(|(_, h)| h)
        .collect();
    assert_eq!(on_fifth, vec![LiberationDay, AscensionDay]);
    assert_eq!(holiday(fifth), Some(LiberationDay));
}

#[test]
fn holidays_are_in_date_order_and_each_holiday_once_a_year() {
    for year in 2024..=2030 {
        let list = holidays(year);
        assert!(list.windows(2).all(|w| w[0].0 <= w[1].0), "{year}");
        assert_eq!(list.len(), 10, "{year}");
        assert!(list.iter().all(|(d, _)| d.year() == year));
    }
}

#[test]
fn labels_are_dutch() {
    let labels: Vec<_> = holidays(2026).iter().map(|(_, h)| h.label()).collect();
    assert_eq!(
        labels,
        [
            "Nieuwjaarsdag",
            "Eerste Paasdag",
            "Tweede Paasdag",
            "Koningsdag",
            "Bevrijdingsdag",
            "Hemelvaartsdag",
            "Eerste Pinksterdag",
            "Tweede Pinksterdag",
            "Eerste Kerstdag",
            "Tweede Kerstdag",
        ]
    );
    assert_eq!(QueensDay.to_string(), "Koninginnedag");
}

#[test]
fn weekends_and_holidays_are_not_working_days() {
    assert!(is_working_day(date(2026, 3, 13))); // Friday
    assert!(!is_working_day(date(2026, 3, 14))); // Saturday
    assert!(!is_working_day(date(2026, 3, 15))); // Sunday
    assert!(!is_working_day(date(2026, 1, 1))); // Thursday, Nieuwjaarsdag
    assert!(!is_working_day(date(2026, 12, 25))); // Friday, Kerstdag
    assert!(is_working_day(date(2026, 12, 24))); // Kerstavond is not a holiday
    assert!(is_working_day(date(2026, 5, 4))); // Dodenherdenking is not either
}

#[test]
fn adding_working_days() {
    let table = [
        // Across a weekend.
        ((2026, 3, 13), 1, (2026, 3, 16)),
        ((2026, 3, 13), 5, (2026, 3, 20)),
        ((2026, 3, 14), 1, (2026, 3, 16)),
        // Across Easter: Good Friday counts, Easter Monday does not.
        ((2026, 4, 2), 1, (2026, 4, 3)),
        ((2026, 4, 3), 1, (2026, 4, 7)),
        ((2026, 4, 2), 3, (2026, 4, 8)),
        // Koningsdag on Monday, Bevrijdingsdag on Tuesday.
        ((2026, 4, 24), 1, (2026, 4, 28)),
        ((2026, 5, 4), 1, (2026, 5, 6)),
        // Across Christmas and New Year.
        ((2026, 12, 24), 1, (2026, 12, 28)),
        ((2026, 12, 30), 2, (2027, 1, 4)),
        ((2025, 12, 24), 1, (2025, 12, 29)),
        ((2025, 12, 24), 2, (2025, 12, 30)),
        // Ascension Thursday and the Friday after.
        ((2026, 5, 13), 1, (2026, 5, 15)),
        // A longer term: ten working days from 20 April 2026.
        ((2026, 4, 20), 10, (2026, 5, 6)),
    ];
    for ((y, m, d), n, (ey, em, ed)) in table {
        assert_eq!(
            add_working_days(date(y, m, d), n),
            date(ey, em, ed),
            "{y}-{m}-{d} + {n}"
        );
    }
}

#[test]
fn zero_working_days_is_the_day_itself_or_the_next_working_day() {
    assert_eq!(add_working_days(date(2026, 3, 13), 0), date(2026, 3, 13));
    assert_eq!(add_working_days(date(2026, 3, 14), 0), date(2026, 3, 16));
    assert_eq!(add_working_days(date(2026, 4, 5), 0), date(2026, 4, 7));
    assert_eq!(add_working_days(date(2026, 12, 25), 0), date(2026, 12, 28));
}

#[test]
fn adding_working_days_stops_at_the_end_of_the_calendar() {
    assert_eq!(add_working_days(NaiveDate::MAX, 3), NaiveDate::MAX);
}

#[test]
fn working_days_in_2026() {
    // 261 weekdays; Nieuwjaarsdag, tweede Paasdag, Koningsdag,
    // Bevrijdingsdag, Hemelvaartsdag, tweede Pinksterdag and eerste
    // Kerstdag fall on one (tweede Kerstdag is a Saturday).
    assert_eq!(
        working_days_between(date(2025, 12, 31), date(2026, 12, 31)),
        254
    );
    assert_eq!(
        working_days_between(date(2026, 12, 31), date(2025, 12, 31)),
        -254
    );
}

#[test]
fn working_days_between_counts_after_from_up_to_to() {
    let table = [
        ((2026, 12, 24), (2026, 12, 28), 1),
        ((2026, 12, 28), (2026, 12, 24), -1),
        ((2026, 3, 13), (2026, 3, 13), 0),
        // Friday to Sunday: none.
        ((2026, 3, 13), (2026, 3, 15), 0),
        // Thursday before Easter to Tuesday after: Good Friday and Tuesday.
        ((2026, 4, 2), (2026, 4, 7), 2),
    ];
    for ((y, m, d), (ty, tm, td), n) in table {
        assert_eq!(
            working_days_between(date(y, m, d), date(ty, tm, td)),
            n,
            "{y}-{m}-{d} to {ty}-{tm}-{td}"
        );
    }
}

#[test]
fn working_days_between_inverts_adding() {
    let mut from = date(2024, 1, 1);
    while from.year() <= 2030 {
        for n in [1, 2, 5, 10, 30] {
            let to = add_working_days(from, n);
            assert!(is_working_day(to), "{from} + {n} = {to}");
            assert_eq!(working_days_between(from, to), i64::from(n), "{from}");
        }
        from = from.checked_add_days(Days::new(3)).unwrap();
    }
}
