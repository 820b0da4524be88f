//! Lenient Dutch keyboard entry of moments, days and amounts.
//!
//! Everything typed is read as local time in Europe/Amsterdam. Parsing never
//! refuses a moment because it lies in the future: whether that is allowed is
//! a rule of the case (see `casefile::permits`), not of the parser.
//!
//! Moments (`parse_moment`, "when did it happen"):
//! - empty or `nu`: now;
//! - a time alone (`14:30`, `9:15`, `9.15`, `9u15`, `9u`, `14:30:05`): today;
//! - a day, optionally followed by a time (an `om` between them is ignored):
//!   `vandaag`, `gisteren`, `eergisteren` (also `morgen`, `overmorgen`),
//!   weekday names `maandag`…`zondag` or `ma`…`zo` (the most recent such day,
//!   today included), `12-3`, `12/3` (this year, or the year before if that day
//!   is still to come), `12-3-2026`, `12.03.2026`, `12-03-26` (two-digit
//!   years are 20xx), ISO `2026-03-12`, `+3` (in three days);
//! - ISO `2026-03-12T09:15` and `2026-03-12 09:15`;
//! - full RFC 3339 with offset (`2026-03-12T09:15:00+01:00`), kept as that
//!   instant and shown in Amsterdam time.
//!
//! A day without a time means the start of that day (00:00): the moment is
//! then "some time that day", and 00:00 keeps it from lying in the future.
//!
//! Local times that do not exist (the hour skipped when summer time starts)
//! become the first valid moment after the gap (03:00); local times that
//! occur twice (when summer time ends) take the earliest of the two.
//!
//! Days (`parse_day`, planning): the same day forms, but a weekday name or a
//! day-month without a year looks forward (the next such day, today
//! included). `parse_past_day` looks back like `parse_moment` does, for dates
//! of things that already happened.
//!
//! Amounts (`parse_euro`): `12`, `12,50`, `12,5`, `12,-`, `€ 1.234,56`,
//! `1234.56`. A comma is the decimal separator; a single dot followed by
//! exactly two digits (and no comma) is one too; other dots group thousands.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Europe::Amsterdam;

use super::case::Cents;
use super::time::to_local;

type Time = DateTime<FixedOffset>;

/// Why typed text is not a date or a time. Shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("\"{0}\" is geen geldige datum")]
    InvalidDate(String),
    #[error("onbekende tijd \"{0}\"")]
    InvalidTime(String),
    #[error(
        "datum/tijd niet herkend: \"{0}\" (voorbeelden: vandaag 14:30, gisteren, 12-3 9:15, 2026-03-12)"
    )]
    Unrecognised(String),
    #[error(
        "datum niet herkend: \"{0}\" (voorbeelden: vandaag, morgen, +3, vrijdag, 12-3, 2026-03-12)"
    )]
    UnrecognisedDay(String),
    #[error("vul een datum in (bijvoorbeeld vandaag, morgen, 12-3)")]
    Empty,
}

/// Why typed text is not an amount. Shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("vul een bedrag in (bijvoorbeeld 12,50)")]
    Empty,
    #[error("bedrag niet herkend: \"{0}\" (voorbeelden: 12, 12,50, € 1.234,56)")]
    Unrecognised(String),
    #[error("een bedrag kan niet negatief zijn")]
    Negative,
    #[error("bedrag te hoog: hoogstens € 9.999.999,99")]
    TooLarge,
}

/// The largest amount accepted: just under ten million euro.
pub const MAX_CENTS: Cents = 999_999_999;

/// Years a typed date may fall in; anything else is a typing error.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Which way a date without a year, or a weekday name, is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// The most recent such day, today included.
    Past,
    /// The next such day, today included.
    Future,
}

impl Direction {
    fn allows(self, date: NaiveDate, today: NaiveDate) -> bool {
        match self {
            Direction::Past => date <= today,
            Direction::Future => date >= today,
        }
    }
}

/// A moment typed by hand ("when did it happen"), relative to `now`.
pub fn parse_moment(input: &str, now: Time) -> Result<Time, DateError> {
    let trimmed = input.trim();
    if let Ok(exact) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(to_local(exact.with_timezone(&Utc)));
    }
    let text = trimmed.to_lowercase();
    if text.is_empty() || text == "nu" {
        return Ok(now);
    }
    let unrecognised = || DateError::Unrecognised(trimmed.to_string());
    let words: Vec<&str> = text.split_whitespace().filter(|w| *w != "om").collect();
    let (day, clock) = match words.as_slice() {
        [one] => split_single(one),
        [a, b] if looks_like_time(b) => (Some(*a), Some(*b)),
        [a, b] if looks_like_time(a) => (Some(*b), Some(*a)),
        _ => return Err(unrecognised()),
    };
    let today = now.date_naive();
    let date = match day {
        Some(word) => date_word(word, today, Direction::Past)?.ok_or_else(unrecognised)?,
        None => today,
    };
    let time = clock.map(parse_time).transpose()?.unwrap_or(NaiveTime::MIN);
    Ok(amsterdam(date.and_time(time)))
}

/// A day typed by hand for planning (a talk, the end of a ban), relative to
/// `today`: weekday names and dates without a year look forward.
pub fn parse_day(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    day_in(input, today, Direction::Future)
}

/// A day typed by hand for something that already happened: weekday names
/// and dates without a year look back, like `parse_moment`.
pub fn parse_past_day(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    day_in(input, today, Direction::Past)
}

fn day_in(input: &str, today: NaiveDate, direction: Direction) -> Result<NaiveDate, DateError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DateError::Empty);
    }
    date_word(&trimmed.to_lowercase(), today, direction)?
        .ok_or_else(|| DateError::UnrecognisedDay(trimmed.to_string()))
}

/// A local wall-clock time in Europe/Amsterdam as a moment with its offset.
/// A time skipped by the start of summer time becomes the first valid moment
/// after the gap; a time that occurs twice takes the earliest.
pub fn amsterdam(local: NaiveDateTime) -> Time {
    match Amsterdam.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.fixed_offset(),
        LocalResult::None => (1..=180)
            .find_map(|m| {
                Amsterdam
                    .from_local_datetime(&(local + Duration::minutes(m)))
                    .earliest()
            })
            .map(|t| t.fixed_offset())
            .unwrap_or_else(|| Utc.from_utc_datetime(&local).fixed_offset()),
    }
}

/// The start (00:00) of a day in Europe/Amsterdam.
pub fn start_of_day(day: NaiveDate) -> Time {
    amsterdam(day.and_time(NaiveTime::MIN))
}

/// One word that may be a day, a time, or ISO `dateTtime`.
fn split_single(word: &str) -> (Option<&str>, Option<&str>) {
    if word.starts_with(|c: char| c.is_ascii_digit())
        && let Some((day, clock)) = word.split_once('t')
    {
        return (Some(day), Some(clock));
    }
    if looks_like_time(word) {
        (None, Some(word))
    } else {
        (Some(word), None)
    }
}

/// Times start with a digit and use `:`, `.` or `u`; dates use `-`, `/` or
/// two dots (`12.03.2026`).
fn looks_like_time(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.contains([':', '.', 'u'])
        && word.matches('.').count() < 2
}

fn parse_time(word: &str) -> Result<NaiveTime, DateError> {
    let invalid = || DateError::InvalidTime(word.to_string());
    let parts: Vec<&str> = word.split([':', '.', 'u']).collect();
    let (h, m, s) = match parts.as_slice() {
        [h, ""] if word.ends_with('u') => (*h, "00", "00"),
        [h, m] => (*h, *m, "00"),
        [h, m, s] if word.contains(':') => (*h, *m, *s),
        _ => return Err(invalid()),
    };
    let (Some(h), Some(m), Some(s)) = (number(h, 1..=2), number(m, 2..=2), number(s, 2..=2)) else {
        return Err(invalid());
    };
    NaiveTime::from_hms_opt(h, m, s).ok_or_else(invalid)
}

/// Digits only, with a length in `len`.
fn number(digits: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !len.contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A day in words or digits. `Ok(None)`: not a form of a day at all.
fn date_word(
    word: &str,
    today: NaiveDate,
    direction: Direction,
) -> Result<Option<NaiveDate>, DateError> {
    if let Some(days) = relative_day(word) {
        return Ok(today.checked_add_signed(Duration::days(days)));
    }
    if let Some(weekday) = weekday(word) {
        return Ok(Some(nearest_weekday(today, weekday, direction)));
    }
    if let Some(count) = word.strip_prefix('+') {
        return Ok(number(count, 1..=4)
            .and_then(|n| today.checked_add_signed(Duration::days(i64::from(n)))));
    }
    numeric_date(word, today, direction)
}

fn relative_day(word: &str) -> Option<i64> {
    Some(match word {
        "eergisteren" => -2,
        "gisteren" => -1,
        "vandaag" => 0,
        "morgen" => 1,
        "overmorgen" => 2,
        _ => return None,
    })
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "maandag" | "ma" => Weekday::Mon,
        "dinsdag" | "di" => Weekday::Tue,
        "woensdag" | "wo" => Weekday::Wed,
        "donderdag" | "do" => Weekday::Thu,
        "vrijdag" | "vr" => Weekday::Fri,
        "zaterdag" | "za" => Weekday::Sat,
        "zondag" | "zo" => Weekday::Sun,
        _ => return None,
    })
}

fn nearest_weekday(today: NaiveDate, weekday: Weekday, direction: Direction) -> NaiveDate {
    let target = i64::from(weekday.num_days_from_monday());
    let current = i64::from(today.weekday().num_days_from_monday());
    let days = match direction {
        Direction::Past => -(current - target).rem_euclid(7),
        Direction::Future => (target - current).rem_euclid(7),
    };
    today + Duration::days(days)
}

/// `d-m`, `d-m-y`, `d/m/y`, `d.m.y` (two- or four-digit year) or ISO `y-m-d`.
fn numeric_date(
    word: &str,
    today: NaiveDate,
    direction: Direction,
) -> Result<Option<NaiveDate>, DateError> {
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    let all_digits = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits || !(2..=3).contains(&parts.len()) {
        return Ok(None);
    }
    let invalid = || DateError::InvalidDate(word.to_string());
    let date = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(number(y, 4..=4), number(m, 1..=2), number(d, 1..=2)),
        [d, m, y] => ymd(year(y), number(m, 1..=2), number(d, 1..=2)),
        [d, m] => {
            let (Some(d), Some(m)) = (number(d, 1..=2), number(m, 1..=2)) else {
                return Err(invalid());
            };
            without_year(d, m, today, direction)
        }
        _ => None,
    };
    date.filter(|d| YEARS.contains(&d.year()))
        .map(Some)
        .ok_or_else(invalid)
}

fn year(digits: &str) -> Option<u32> {
    match digits.len() {
        2 => number(digits, 2..=2).map(|y| 2000 + y),
        _ => number(digits, 4..=4),
    }
}

fn ymd(y: Option<u32>, m: Option<u32>, d: Option<u32>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y?).ok()?, m?, d?)
}

/// Day and month in the nearest year that makes it a valid day on the right
/// side of today (so `29-2` finds a leap year).
fn without_year(d: u32, m: u32, today: NaiveDate, direction: Direction) -> Option<NaiveDate> {
    (0..=8)
        .map(|k| match direction {
            Direction::Past => today.year() - k,
            Direction::Future => today.year() + k,
        })
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .find(|date| direction.allows(*date, today))
}

/// An amount in euro, typed the Dutch way, as cents.
pub fn parse_euro(input: &str) -> Result<Cents, AmountError> {
    let trimmed = input.trim();
    let unrecognised = || AmountError::Unrecognised(trimmed.to_string());
    let lower = trimmed.to_lowercase();
    let text: String = lower
        .replace("euro", "")
        .replace("eur", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    let text = text.strip_suffix(",-").unwrap_or(&text);
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Err(unrecognised());
    }
    let (whole, fraction) = split_decimal(text).ok_or_else(unrecognised)?;
    let euros = thousands(whole).ok_or_else(unrecognised)?;
    let cents = match fraction.len() {
        0 => 0,
        1 => number(fraction, 1..=1).ok_or_else(unrecognised)? * 10,
        _ => number(fraction, 2..=2).ok_or_else(unrecognised)?,
    };
    if euros.len() > 7 {
        return Err(AmountError::TooLarge);
    }
    let euros: Cents = euros.parse().map_err(|_| unrecognised())?;
    let total = euros * 100 + Cents::from(cents);
    if total > MAX_CENTS {
        return Err(AmountError::TooLarge);
    }
    Ok(total)
}

/// Splits off the decimals: after the one comma, or after a single dot that
/// is followed by exactly two digits.
fn split_decimal(text: &str) -> Option<(&str, &str)> {
    match text.matches(',').count() {
        0 => Some(match text.split_once('.') {
            Some((whole, cents)) if cents.len() == 2 && !cents.contains('.') => (whole, cents),
            _ => (text, ""),
        }),
        1 => text.split_once(','),
        _ => None,
    }
}

/// The whole euros without thousands dots (`1.234` → `1234`), leading zeros
/// dropped; `None` if the grouping is wrong or a character is not a digit.
fn thousands(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split('.').collect();
    let grouped = groups.len() == 1
        || groups.iter().enumerate().all(|(i, g)| {
            if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            }
        });
    let digits: String = groups.concat();
    if !grouped || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    Some(
        if significant.is_empty() {
            "0"
        } else {
            significant
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
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
    fn leap_day_without_a_year_finds_the_last_leap_year() {
        assert_eq!(moment("29-2"), at(2024, 2, 29, 0, 0));
        assert_eq!(parse_day("29-2", day(2026, 11, 26)), Ok(day(2028, 2, 29)));
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
            "12.5", "1.23.456", "12,345", "1,2,3", "twaalf", "12.34.56", "1.2345", "12,a", ",",
            "€ ,-5",
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
}
