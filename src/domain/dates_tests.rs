use super::*;

/// Thursday 26 November 2026, 19:30 CET.
fn now() -> Time {
    amsterdam(day(2026, 11, 26).and_hms_opt(19, 30, 0).unwrap())
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Time {
    amsterdam(day(y, mo, d).and_hms_opt(h, mi, 0).unwrap())
}

fn moment(input: &str) -> Time {
    parse_moment(input, now()).unwrap_or_else(|e| panic!("{input}: {e}"))
}

fn moment_err(input: &str) -> String {
    parse_moment(input, now()).unwrap_err().to_string()
}

#[test]
fn the_fixed_now_is_a_thursday_in_winter_time() {
    assert_eq!(now().weekday(), Weekday::Thu);
    assert_eq!(now().offset().local_minus_utc(), 3600);
}

#[test]
fn empty_and_nu_are_now() {
    assert_eq!(moment(""), now());
    assert_eq!(moment("   "), now());
    assert_eq!(moment("nu"), now());
    assert_eq!(moment(" NU "), now());
}

#[test]
fn today_with_a_time() {
    assert_eq!(moment("vandaag 14:30"), at(2026, 11, 26, 14, 30));
    assert_eq!(moment("Vandaag om 14:30"), at(2026, 11, 26, 14, 30));
    assert_eq!(moment("14:30"), at(2026, 11, 26, 14, 30));
    assert_eq!(moment("vandaag"), at(2026, 11, 26, 0, 0));
}

#[test]
fn time_spellings() {
    assert_eq!(moment("9:15"), at(2026, 11, 26, 9, 15));
    assert_eq!(moment("9.15"), at(2026, 11, 26, 9, 15));
    assert_eq!(moment("9u15"), at(2026, 11, 26, 9, 15));
    assert_eq!(moment("9U15"), at(2026, 11, 26, 9, 15));
    assert_eq!(moment("9u"), at(2026, 11, 26, 9, 0));
    assert_eq!(moment("09:05"), at(2026, 11, 26, 9, 5));
    assert_eq!(
        moment("14:30:05"),
        at(2026, 11, 26, 14, 30) + Duration::seconds(5)
    );
    assert_eq!(moment("0:00"), at(2026, 11, 26, 0, 0));
    assert_eq!(moment("23:59"), at(2026, 11, 26, 23, 59));
}

#[test]
fn yesterday_and_the_day_before() {
    assert_eq!(moment("gisteren"), at(2026, 11, 25, 0, 0));
    assert_eq!(moment("gisteren 9:15"), at(2026, 11, 25, 9, 15));
    assert_eq!(moment("eergisteren 20:00"), at(2026, 11, 24, 20, 0));
    assert_eq!(moment("9:15 gisteren"), at(2026, 11, 25, 9, 15));
}

#[test]
fn day_and_month_in_this_year_or_the_last() {
    assert_eq!(moment("12-3 9:15"), at(2026, 3, 12, 9, 15));
    assert_eq!(moment("12/3"), at(2026, 3, 12, 0, 0));
    assert_eq!(
        moment("26-11 21:00"),
        at(2026, 11, 26, 21, 0),
        "today stays today"
    );
    assert_eq!(
        moment("27-11"),
        at(2025, 11, 27, 0, 0),
        "tomorrow is last year"
    );
    assert_eq!(moment("24-12 10:00"), at(2025, 12, 24, 10, 0));
}

#[test]
fn a_leap_day_without_a_year_is_not_moved_to_another_year_unasked() {
    // 2026 and 2025 have no 29 February: the year must be typed.
    let err = parse_moment("29-2", now()).unwrap_err();
    assert!(matches!(err, DateError::NoSuchDay(..)), "{err:?}");
    assert!(err.to_string().contains("typ het jaar erbij"), "{err}");
    assert!(matches!(
        parse_day("29-2", day(2026, 11, 26)),
        Err(DateError::NoSuchDay(..))
    ));
    assert_eq!(moment("29-2-2024"), at(2024, 2, 29, 0, 0));
    // In a leap year it is read as usual.
    assert_eq!(parse_day("29-2", day(2028, 1, 10)), Ok(day(2028, 2, 29)));
    // A day that exists in no year is just not a date.
    assert!(matches!(
        parse_day("31-4", day(2026, 11, 26)),
        Err(DateError::InvalidDate(_))
    ));
}

#[test]
fn full_dates() {
    assert_eq!(moment("12-3-2026 9:15"), at(2026, 3, 12, 9, 15));
    assert_eq!(moment("12-03-26"), at(2026, 3, 12, 0, 0));
    assert_eq!(moment("12/03/2026 9.15"), at(2026, 3, 12, 9, 15));
    assert_eq!(moment("12.03.2026 9.15"), at(2026, 3, 12, 9, 15));
    assert_eq!(parse_day("1.2.27", day(2026, 11, 26)), Ok(day(2027, 2, 1)));
    assert_eq!(
        moment("1-1-2027"),
        at(2027, 1, 1, 0, 0),
        "future is not refused here"
    );
}

#[test]
fn iso_forms() {
    assert_eq!(moment("2026-03-12T09:15"), at(2026, 3, 12, 9, 15));
    assert_eq!(moment("2026-03-12t09:15"), at(2026, 3, 12, 9, 15));
    assert_eq!(moment("2026-03-12 09:15"), at(2026, 3, 12, 9, 15));
    assert_eq!(
        moment("2026-03-12T09:15:30"),
        at(2026, 3, 12, 9, 15) + Duration::seconds(30)
    );
    assert_eq!(moment("2026-03-12"), at(2026, 3, 12, 0, 0));
}

#[test]
fn rfc3339_keeps_the_instant_in_amsterdam_time() {
    let t = moment("2026-07-01T10:00:00Z");
    assert_eq!(t, at(2026, 7, 1, 12, 0));
    assert_eq!(t.offset().local_minus_utc(), 7200);
    assert_eq!(moment("2026-03-12T09:15:00+01:00"), at(2026, 3, 12, 9, 15));
    assert_eq!(
        moment("2026-03-12T09:15:00.250+05:00"),
        at(2026, 3, 12, 5, 15) + Duration::milliseconds(250)
    );
}

#[test]
fn weekday_names_are_the_most_recent_such_day() {
    assert_eq!(moment("donderdag"), at(2026, 11, 26, 0, 0), "today counts");
    assert_eq!(moment("woensdag 20:00"), at(2026, 11, 25, 20, 0));
    assert_eq!(moment("maandag"), at(2026, 11, 23, 0, 0));
    assert_eq!(moment("vrijdag 9u15"), at(2026, 11, 20, 9, 15));
    assert_eq!(moment("zondag"), at(2026, 11, 22, 0, 0));
    assert_eq!(moment("za"), at(2026, 11, 21, 0, 0));
    assert_eq!(moment("Dinsdag om 14.00"), at(2026, 11, 24, 14, 0));
}

#[test]
fn future_words_are_read_not_refused() {
    assert_eq!(moment("morgen 10:00"), at(2026, 11, 27, 10, 0));
    assert_eq!(moment("23:00"), at(2026, 11, 26, 23, 0));
    assert!(moment("overmorgen") > now());
}

#[test]
fn skipped_hour_becomes_the_first_valid_moment() {
    // 29 March 2026: clocks go from 02:00 to 03:00.
    let t = moment("29-3-2026 2:30");
    assert_eq!(t.to_rfc3339(), "2026-03-29T03:00:00+02:00");
    assert_eq!(
        moment("29-3-2026 1:59").to_rfc3339(),
        "2026-03-29T01:59:00+01:00"
    );
}

#[test]
fn repeated_hour_takes_the_earliest() {
    // 25 October 2026: clocks go from 03:00 back to 02:00.
    let t = moment("25-10-2026 2:30");
    assert_eq!(t.to_rfc3339(), "2026-10-25T02:30:00+02:00");
    assert_eq!(
        moment("25-10-2026 3:30").to_rfc3339(),
        "2026-10-25T03:30:00+01:00"
    );
}

#[test]
fn moments_carry_the_season_offset() {
    assert_eq!(
        moment("1-7-2026 12:00").to_rfc3339(),
        "2026-07-01T12:00:00+02:00"
    );
    assert_eq!(
        moment("1-1-2026 12:00").to_rfc3339(),
        "2026-01-01T12:00:00+01:00"
    );
}

#[test]
fn invalid_dates_name_the_date() {
    assert_eq!(moment_err("31-2"), "\"31-2\" is geen geldige datum");
    assert_eq!(
        moment_err("31-4-2026 10:00"),
        "\"31-4-2026\" is geen geldige datum"
    );
    assert_eq!(moment_err("12-13"), "\"12-13\" is geen geldige datum");
    assert_eq!(moment_err("0-3"), "\"0-3\" is geen geldige datum");
    assert_eq!(
        moment_err("2026-02-30"),
        "\"2026-02-30\" is geen geldige datum"
    );
    assert_eq!(moment_err("1-1-1800"), "\"1-1-1800\" is geen geldige datum");
    assert_eq!(moment_err("1-1-202"), "\"1-1-202\" is geen geldige datum");
    assert_eq!(moment_err("123-4"), "\"123-4\" is geen geldige datum");
}

#[test]
fn invalid_times_name_the_time() {
    assert_eq!(moment_err("25:00"), "onbekende tijd \"25:00\"");
    assert_eq!(moment_err("vandaag 14:60"), "onbekende tijd \"14:60\"");
    assert_eq!(moment_err("14:5"), "onbekende tijd \"14:5\"");
    assert_eq!(moment_err("9.5"), "onbekende tijd \"9.5\"");
    assert_eq!(moment_err("12:30:99"), "onbekende tijd \"12:30:99\"");
    assert_eq!(moment_err("1u2u3"), "onbekende tijd \"1u2u3\"");
    assert_eq!(moment_err("24:00"), "onbekende tijd \"24:00\"");
    assert_eq!(moment_err("2026-03-12T9"), "onbekende tijd \"9\"");
}

#[test]
fn unrecognised_input_shows_examples() {
    let expected = "datum/tijd niet herkend: \"ergens\" (voorbeelden: vandaag 14:30, gisteren, 12-3 9:15, 2026-03-12)";
    assert_eq!(moment_err("ergens"), expected);
    assert!(
        moment_err("gisteren avond").starts_with("datum/tijd niet herkend: \"gisteren avond\"")
    );
    assert!(moment_err("1 2 3").starts_with("datum/tijd niet herkend"));
    assert!(moment_err("12-x").starts_with("datum/tijd niet herkend"));
    assert!(moment_err("om").starts_with("datum/tijd niet herkend"));
}

#[test]
fn parse_day_words_and_offsets() {
    let today = day(2026, 11, 26);
    assert_eq!(parse_day("vandaag", today), Ok(today));
    assert_eq!(parse_day("morgen", today), Ok(day(2026, 11, 27)));
    assert_eq!(parse_day("Overmorgen", today), Ok(day(2026, 11, 28)));
    assert_eq!(parse_day("gisteren", today), Ok(day(2026, 11, 25)));
    assert_eq!(parse_day("+3", today), Ok(day(2026, 11, 29)));
    assert_eq!(parse_day("+0", today), Ok(today));
    assert_eq!(parse_day("+90", today), Ok(day(2027, 2, 24)));
}

#[test]
fn parse_day_dates_look_forward() {
    let today = day(2026, 11, 26);
    assert_eq!(parse_day("12-3", today), Ok(day(2027, 3, 12)));
    assert_eq!(parse_day("26-11", today), Ok(today));
    assert_eq!(parse_day("24/12", today), Ok(day(2026, 12, 24)));
    assert_eq!(parse_day("12-3-2026", today), Ok(day(2026, 3, 12)));
    assert_eq!(parse_day("2026-03-12", today), Ok(day(2026, 3, 12)));
    assert_eq!(parse_day("12-03-27", today), Ok(day(2027, 3, 12)));
}

#[test]
fn parse_day_weekdays_are_the_next_such_day_today_included() {
    let today = day(2026, 11, 26); // a Thursday
    assert_eq!(parse_day("donderdag", today), Ok(today));
    assert_eq!(parse_day("vrijdag", today), Ok(day(2026, 11, 27)));
    assert_eq!(parse_day("woensdag", today), Ok(day(2026, 12, 2)));
    assert_eq!(parse_day("ma", today), Ok(day(2026, 11, 30)));
}

#[test]
fn parse_past_day_looks_back() {
    let today = day(2026, 11, 26);
    assert_eq!(parse_past_day("woensdag", today), Ok(day(2026, 11, 25)));
    assert_eq!(parse_past_day("12-12", today), Ok(day(2025, 12, 12)));
    assert_eq!(parse_past_day("gisteren", today), Ok(day(2026, 11, 25)));
}

#[test]
fn parse_day_errors() {
    let today = day(2026, 11, 26);
    assert_eq!(parse_day("", today), Err(DateError::Empty));
    assert_eq!(parse_day("  ", today), Err(DateError::Empty));
    assert_eq!(
        parse_day("31-2", today),
        Err(DateError::InvalidDate("31-2".into()))
    );
    assert_eq!(
        parse_day("volgende week", today).unwrap_err().to_string(),
        "datum niet herkend: \"volgende week\" (voorbeelden: vandaag, morgen, +3, vrijdag, 12-3, 2026-03-12)"
    );
    assert!(matches!(
        parse_day("+x", today),
        Err(DateError::UnrecognisedDay(_))
    ));
    assert!(matches!(
        parse_day("+12345", today),
        Err(DateError::UnrecognisedDay(_))
    ));
    assert!(matches!(
        parse_day("14:30", today),
        Err(DateError::UnrecognisedDay(_))
    ));
    assert_eq!(
        DateError::Empty.to_string(),
        "vul een datum in (bijvoorbeeld vandaag, morgen, 12-3)"
    );
}

#[test]
fn start_of_day_is_midnight_local() {
    assert_eq!(
        start_of_day(day(2026, 7, 1)).to_rfc3339(),
        "2026-07-01T00:00:00+02:00"
    );
    assert_eq!(
        start_of_day(day(2026, 3, 29)).to_rfc3339(),
        "2026-03-29T00:00:00+01:00"
    );
}

#[test]
fn euro_plain_and_with_cents() {
    assert_eq!(parse_euro("12"), Ok(1200));
    assert_eq!(parse_euro("12,50"), Ok(1250));
    assert_eq!(parse_euro("12,5"), Ok(1250));
    assert_eq!(parse_euro("12,-"), Ok(1200));
    assert_eq!(parse_euro("0"), Ok(0));
    assert_eq!(parse_euro(",50"), Ok(50));
    assert_eq!(parse_euro("007"), Ok(700));
}

#[test]
fn euro_with_sign_and_thousands() {
    assert_eq!(parse_euro("€ 1.234,56"), Ok(123_456));
    assert_eq!(parse_euro("€1.234"), Ok(123_400));
    assert_eq!(parse_euro("EUR 1.234.567,89"), Ok(123_456_789));
    assert_eq!(parse_euro("12 euro"), Ok(1200));
    assert_eq!(parse_euro("1 234,56"), Ok(123_456));
    assert_eq!(parse_euro("1234.56"), Ok(123_456));
    assert_eq!(parse_euro("12.50"), Ok(1250));
    assert_eq!(
        parse_euro("1.234"),
        Ok(123_400),
        "a dot and three digits groups thousands"
    );
    assert_eq!(parse_euro("9.999.999,99"), Ok(MAX_CENTS));
}

#[test]
fn euro_errors() {
    assert_eq!(parse_euro(""), Err(AmountError::Empty));
    assert_eq!(parse_euro("€ "), Err(AmountError::Empty));
    assert_eq!(parse_euro("-5"), Err(AmountError::Negative));
    assert_eq!(parse_euro("€ -5,00"), Err(AmountError::Negative));
    assert_eq!(parse_euro("10.000.000"), Err(AmountError::TooLarge));
    assert_eq!(
        parse_euro("99999999999999999999999"),
        Err(AmountError::TooLarge)
    );
    for bad in [
        "12.5", "1.23.456", "12,345", "1,2,3", "twaalf", "12.34.56", "1.2345", "12,a", ",", "€ ,-5",
    ] {
        assert_eq!(
            parse_euro(bad),
            Err(AmountError::Unrecognised(bad.to_string())),
            "{bad}"
        );
    }
    assert_eq!(
        AmountError::Unrecognised("x".into()).to_string(),
        "bedrag niet herkend: \"x\" (voorbeelden: 12, 12,50, € 1.234,56)"
    );
    assert_eq!(
        AmountError::Negative.to_string(),
        "een bedrag kan niet negatief zijn"
    );
    assert_eq!(
        AmountError::TooLarge.to_string(),
        "bedrag te hoog: hoogstens € 9.999.999,99"
    );
}
