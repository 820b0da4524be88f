//! The office hours: open and closed, the next opening, summer time, and
//! reading the config file's section.

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

fn span(text: &str) -> TimeSpan {
    parse_span("test", text).unwrap().unwrap()
}

fn aalten() -> OfficeHours {
    OfficeHours::default().with(Weekday::Fri, Some(span("08:30-12:30")))
}

#[test]
fn default_is_weekdays_half_past_eight_to_five() {
    let hours = OfficeHours::default();
    for day in &WEEK[..5] {
        assert_eq!(hours.hours(*day), Some(span("08:30-17:00")), "{day}");
    }
    assert_eq!(hours.hours(Weekday::Sat), None);
    assert_eq!(hours.hours(Weekday::Sun), None);
}

#[test]
fn open_within_the_span_start_inclusive_end_exclusive() {
    let hours = OfficeHours::default();
    // Tuesday 10 March 2026 (winter time, +01:00).
    assert!(hours.is_open(at("2026-03-10T10:00:00+01:00")));
    assert!(hours.is_open(at("2026-03-10T08:30:00+01:00")));
    assert!(!hours.is_open(at("2026-03-10T08:29:59+01:00")));
    assert!(hours.is_open(at("2026-03-10T16:59:59+01:00")));
    assert!(!hours.is_open(at("2026-03-10T17:00:00+01:00")));
    // Saturday.
    assert!(!hours.is_open(at("2026-03-14T10:00:00+01:00")));
}

#[test]
fn the_moment_is_read_as_amsterdam_time_whatever_its_offset() {
    let hours = OfficeHours::default();
    // 09:00 UTC is 10:00 in Amsterdam in winter: open.
    assert!(hours.is_open(at("2026-03-10T09:00:00Z")));
    // 16:30 UTC is 17:30 in Amsterdam: closed.
    assert!(!hours.is_open(at("2026-03-10T16:30:00+00:00")));
    // 23:30 on Monday in New York is 05:30 on Tuesday in Amsterdam: closed;
    // 04:00 New York is 10:00 Amsterdam: open.
    assert!(!hours.is_open(at("2026-03-09T23:30:00-05:00")));
    assert!(hours.is_open(at("2026-03-10T04:00:00-05:00")));
}

#[test]
fn status_while_open_says_until_when() {
    let status = aalten().status(at("2026-03-10T10:00:00+01:00"));
    assert!(status.open);
    assert_eq!(status.text, "binnen kantoortijd (tot 17:00)");
    assert_eq!(status.closes_at, Some(clock(17, 0)));
    let friday = aalten().status(at("2026-03-13T11:00:00+01:00"));
    assert_eq!(friday.text, "binnen kantoortijd (tot 12:30)");
}

#[test]
fn status_while_closed_says_when_it_opens_again() {
    let hours = aalten();
    let cases = [
        // Tuesday 17:00 exactly: Wednesday.
        (
            "2026-03-10T17:00:00+01:00",
            "buiten kantoortijd (weer open wo 08:30)",
        ),
        // Before opening on the day itself.
        (
            "2026-03-10T07:00:00+01:00",
            "buiten kantoortijd (weer open om 08:30)",
        ),
        // Friday afternoon (closes 12:30) and Saturday: Monday.
        (
            "2026-03-13T13:00:00+01:00",
            "buiten kantoortijd (weer open ma 08:30)",
        ),
        (
            "2026-03-14T10:00:00+01:00",
            "buiten kantoortijd (weer open ma 08:30)",
        ),
    ];
    for (moment, text) in cases {
        let status = hours.status(at(moment));
        assert!(!status.open, "{moment}");
        assert_eq!(status.text, text, "{moment}");
        assert_eq!(status.holiday, None);
        assert_eq!(status.closes_at, None);
    }
    let saturday = hours.status(at("2026-03-14T10:00:00+01:00"));
    assert_eq!(
        saturday.opens_at,
        Some(date(2026, 3, 16).and_time(clock(8, 30)))
    );
}

#[test]
fn the_next_opening_skips_holidays() {
    let hours = OfficeHours::default();
    let cases = [
        // Good Friday evening: Easter Monday is closed, Tuesday opens.
        ("2026-04-03T18:00:00+02:00", (2026, 4, 7)),
        // Friday before Whitsun: Tuesday.
        ("2026-05-22T18:00:00+02:00", (2026, 5, 26)),
        // Friday before Koningsdag (Monday 27 April 2026): Tuesday.
        ("2026-04-24T18:00:00+02:00", (2026, 4, 28)),
        // Christmas Eve: Christmas on Friday, then the weekend: Monday.
        ("2026-12-24T18:00:00+01:00", (2026, 12, 28)),
        // An ordinary Friday evening: Monday.
        ("2026-03-13T18:00:00+01:00", (2026, 3, 16)),
    ];
    for (moment, (y, m, d)) in cases {
        let status = hours.status(at(moment));
        assert_eq!(
            status.opens_at,
            Some(date(y, m, d).and_time(clock(8, 30))),
            "{moment}"
        );
    }
    assert_eq!(
        hours.status(at("2026-04-03T18:00:00+02:00")).text,
        "buiten kantoortijd (weer open di 08:30)"
    );
}

#[test]
fn closed_on_holidays_whatever_the_weekday() {
    let hours = OfficeHours::default();
    let koningsdag = hours.status(at("2026-04-27T10:00:00+02:00"));
    assert!(!koningsdag.open);
    assert!(!hours.is_open(at("2026-04-27T10:00:00+02:00")));
    assert_eq!(koningsdag.holiday, Some(Holiday::KingsDay));
    assert_eq!(koningsdag.text, "buiten kantoortijd: Koningsdag");
    assert_eq!(
        koningsdag.opens_at,
        Some(date(2026, 4, 28).and_time(clock(8, 30)))
    );

    let bevrijdingsdag = hours.status(at("2026-05-05T10:00:00+02:00"));
    assert!(!bevrijdingsdag.open);
    assert_eq!(bevrijdingsdag.text, "buiten kantoortijd: Bevrijdingsdag");

    // Even when the town hall opens at weekends.
    let every_day = WEEK.iter().fold(OfficeHours::closed(), |h, d| {
        h.with(*d, Some(span("09:00-17:00")))
    });
    let pasen = every_day.status(at("2026-04-05T10:00:00+02:00"));
    assert!(!pasen.open);
    assert_eq!(pasen.text, "buiten kantoortijd: Eerste Paasdag");
    assert!(every_day.is_open(at("2026-04-04T10:00:00+02:00")));
    // Good Friday is open.
    assert!(hours.is_open(at("2026-04-03T10:00:00+02:00")));
}

#[test]
fn the_next_opening_is_looked_for_two_weeks_ahead() {
    let mondays = OfficeHours::closed().with(Weekday::Mon, Some(span("09:00-12:00")));
    // Monday 30 March 2026 after closing; 6 April is Easter Monday.
    let status = mondays.status(at("2026-03-30T13:00:00+02:00"));
    assert_eq!(
        status.opens_at,
        Some(date(2026, 4, 13).and_time(clock(9, 0)))
    );
    assert_eq!(status.text, "buiten kantoortijd (weer open ma 13-4 09:00)");
    // Never open: no next opening.
    let closed = OfficeHours::closed().status(at("2026-03-10T10:00:00+01:00"));
    assert!(!closed.open);
    assert_eq!(closed.opens_at, None);
    assert_eq!(closed.text, "buiten kantoortijd");
    // Open on Tuesdays only, on Monday 24 December 2029: 25 December and
    // 1 January are Tuesdays and holidays, 8 January is 15 days on, past
    // the scan.
    let tuesdays = OfficeHours::closed().with(Weekday::Tue, Some(span("09:00-12:00")));
    let christmas_eve = tuesdays.status(at("2029-12-24T13:00:00+01:00"));
    assert_eq!(christmas_eve.opens_at, None);
    assert_eq!(christmas_eve.text, "buiten kantoortijd");
    let a_day_later = tuesdays.status(at("2029-12-25T13:00:00+01:00"));
    assert_eq!(
        a_day_later.opens_at,
        Some(date(2030, 1, 8).and_time(clock(9, 0)))
    );
}

#[test]
fn status_texts_fit_a_status_line() {
    let hours = aalten();
    let mut t = at("2026-01-01T00:00:00+01:00");
    let end = at("2027-01-01T00:00:00+01:00");
    while t < end {
        let status = hours.status(t);
        assert!(status.text.chars().count() <= 45, "{}", status.text);
        assert_eq!(status.open, hours.is_open(t), "{t}");
        t += chrono::Duration::minutes(30);
    }
}

#[test]
fn summer_time_start_keeps_the_clock_times() {
    let hours = OfficeHours::default();
    // Friday 27 March 2026, winter time: 08:30 is 07:30 UTC.
    assert!(!hours.is_open(at("2026-03-27T07:29:00Z")));
    assert!(hours.is_open(at("2026-03-27T07:30:00Z")));
    // Monday 30 March 2026, summer time: 08:30 is 06:30 UTC.
    assert!(!hours.is_open(at("2026-03-30T06:29:00Z")));
    assert!(hours.is_open(at("2026-03-30T06:30:00Z")));
    assert!(!hours.is_open(at("2026-03-30T15:00:00Z")));
    // Saturday before the change: Monday, by the clock.
    let status = hours.status(at("2026-03-28T12:00:00+01:00"));
    assert_eq!(status.text, "buiten kantoortijd (weer open ma 08:30)");
    // On Sunday 29 March 2026 the clock jumps from 02:00 to 03:00.
    let night = OfficeHours::closed().with(Weekday::Sun, Some(span("01:00-04:00")));
    assert!(night.is_open(at("2026-03-29T00:59:59Z"))); // 01:59:59 +01:00
    assert!(night.is_open(at("2026-03-29T01:00:00Z"))); // 03:00 +02:00
    assert!(!night.is_open(at("2026-03-29T02:00:00Z"))); // 04:00 +02:00
    let before = night.status(at("2026-03-29T01:30:00+01:00"));
    assert_eq!(before.text, "binnen kantoortijd (tot 04:00)");
}

#[test]
fn summer_time_end_keeps_the_clock_times() {
    let hours = OfficeHours::default();
    // Friday 23 October 2026, summer time; Monday 26 October, winter time.
    assert!(hours.is_open(at("2026-10-23T06:30:00Z")));
    assert!(!hours.is_open(at("2026-10-26T06:30:00Z"))); // 07:30 +01:00
    assert!(hours.is_open(at("2026-10-26T07:30:00Z")));
    let status = hours.status(at("2026-10-25T12:00:00+01:00"));
    assert_eq!(status.text, "buiten kantoortijd (weer open ma 08:30)");
    assert_eq!(
        status.opens_at,
        Some(date(2026, 10, 26).and_time(clock(8, 30)))
    );
    // On Sunday 25 October 2026 02:00–03:00 happens twice.
    let night = OfficeHours::closed().with(Weekday::Sun, Some(span("02:00-03:00")));
    assert!(!night.is_open(at("2026-10-24T23:59:59Z"))); // 01:59:59 +02:00
    assert!(night.is_open(at("2026-10-25T00:00:00Z"))); // 02:00 +02:00
    assert!(night.is_open(at("2026-10-25T01:30:00Z"))); // 02:30 +01:00
    assert!(!night.is_open(at("2026-10-25T02:00:00Z"))); // 03:00 +01:00
}

#[test]
fn describe_groups_days_with_the_same_hours() {
    assert_eq!(
        aalten().describe(),
        "ma–do 08:30–17:00, vr 08:30–12:30; gesloten op za, zo en feestdagen (Algemene termijnenwet)"
    );
    assert_eq!(
        OfficeHours::default().describe(),
        "ma–vr 08:30–17:00; gesloten op za, zo en feestdagen (Algemene termijnenwet)"
    );
    let odd = OfficeHours::default()
        .with(Weekday::Wed, None)
        .with(Weekday::Sat, Some(span("10:00-12:00")));
    assert_eq!(
        odd.describe(),
        "ma–di 08:30–17:00, do–vr 08:30–17:00, za 10:00–12:00; gesloten op wo, zo en feestdagen (Algemene termijnenwet)"
    );
    assert_eq!(
        OfficeHours::closed().describe(),
        "altijd gesloten (geen kantoortijden)"
    );
}

// Reading the config file's section.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    office_hours: OfficeHours,
}

fn read(toml_text: &str) -> Result<OfficeHours, toml::de::Error> {
    toml::from_str::<File>(toml_text).map(|f| f.office_hours)
}

/// The message and the line (from 1) a bad file is reported with.
fn problem(toml_text: &str) -> (String, usize) {
    let err = read(toml_text).unwrap_err();
    let line = err
        .span()
        .map(|s| toml_text[..s.start].matches('\n').count() + 1)
        .unwrap();
    (err.message().to_string(), line)
}

#[test]
fn reads_the_documented_example() {
    let hours = read(
        r#"
[office_hours]
maandag = "08:30-17:00"
dinsdag = "08:30-17:00"
woensdag = "08:30-17:00"
donderdag = "08:30-17:00"
vrijdag = "08:30-12:30"
zaterdag = ""        # empty or missing: closed
zondag = ""
"#,
    )
    .unwrap();
    assert_eq!(hours, aalten());
}

#[test]
fn missing_days_are_closed_and_spacing_is_forgiven() {
    let hours = read("[office_hours]\nwoensdag = \" 9:00 – 12:00 \"\n").unwrap();
    assert_eq!(
        hours,
        OfficeHours::closed().with(Weekday::Wed, Some(span("09:00-12:00")))
    );
    assert_eq!(read("[office_hours]\n").unwrap(), OfficeHours::closed());
}

#[test]
fn a_bad_span_is_named_with_its_key_and_line() {
    let text = "[office_hours]\nmaandag = \"08:30-17:00\"\nvrijdag = \"8.30-17\"\n";
    assert_eq!(
        problem(text),
        (
            "office_hours.vrijdag: \"8.30-17\" is geen tijdvak; schrijf het als 08:30-17:00"
                .to_string(),
            3
        )
    );
}

#[test]
fn bad_spans_get_dutch_messages() {
    let cases = [
        (
            "maandag = \"17:00-08:30\"",
            "office_hours.maandag: in \"17:00-08:30\" ligt het einde niet na het begin",
        ),
        (
            "dinsdag = \"08:30-08:30\"",
            "office_hours.dinsdag: in \"08:30-08:30\" ligt het einde niet na het begin",
        ),
        (
            "woensdag = \"08:30\"",
            "office_hours.woensdag: \"08:30\" is geen tijdvak; schrijf het als 08:30-17:00",
        ),
        (
            "donderdag = \"25:00-26:00\"",
            "office_hours.donderdag: \"25:00-26:00\" is geen tijdvak; schrijf het als 08:30-17:00",
        ),
        (
            "zaterdag = \"08:30-17:00-18:00\"",
            "office_hours.zaterdag: \"08:30-17:00-18:00\" is geen tijdvak; schrijf het als 08:30-17:00",
        ),
        (
            "zondag = \"gesloten\"",
            "office_hours.zondag: \"gesloten\" is geen tijdvak; schrijf het als 08:30-17:00",
        ),
        (
            "vrijdag = 8",
            "office_hours.vrijdag: verwacht tekst tussen aanhalingstekens, zoals \"08:30-17:00\" (of \"\" voor gesloten)",
        ),
        (
            "vrijdag = 08:30:00",
            "office_hours.vrijdag: verwacht tekst tussen aanhalingstekens, zoals \"08:30-17:00\" (of \"\" voor gesloten)",
        ),
        (
            "vrijdag = false",
            "office_hours.vrijdag: verwacht tekst tussen aanhalingstekens, zoals \"08:30-17:00\" (of \"\" voor gesloten)",
        ),
    ];
    for (line, message) in cases {
        let text = format!("[office_hours]\n{line}\n");
        assert_eq!(problem(&text), (message.to_string(), 2), "{line}");
    }
}

#[test]
fn unknown_keys_are_refused() {
    let (message, line) = problem("[office_hours]\nvrydag = \"08:30-12:30\"\n");
    assert!(message.contains("vrydag"), "{message}");
    assert_eq!(line, 2);
}
