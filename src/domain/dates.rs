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
    /// A day and month without a year that does not exist in the years it
    /// would be read in (`29-2` outside a leap year): never moved to
    /// another year unasked.
    #[error("\"{0}\" bestaat niet in {1}; typ het jaar erbij (bijvoorbeeld {0}-{2})")]
    NoSuchDay(String, i32, i32),
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
    moment_in(input, now, Direction::Past)
}

/// A moment typed by hand for planning ("when is the conversation"):
/// weekday names and dates without a year look forward.
pub fn parse_planned(input: &str, now: Time) -> Result<Time, DateError> {
    moment_in(input, now, Direction::Future)
}

fn moment_in(input: &str, now: Time, direction: Direction) -> Result<Time, DateError> {
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
        Some(word) => date_word(word, today, direction)?.ok_or_else(unrecognised)?,
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
            match without_year(d, m, today, direction) {
                Some(date) => Some(date),
                None if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                    // A real day of some year (29-2), not of these.
                    let leap = (today.year() - 8..=today.year() + 8)
                        .rev()
                        .find(|y| NaiveDate::from_ymd_opt(*y, m, d).is_some());
                    return Err(match leap {
                        Some(y) => DateError::NoSuchDay(word.to_string(), today.year(), y),
                        None => invalid(),
                    });
                }
                None => None,
            }
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

/// Day and month in this year, or the one before (looking back) or after
/// (looking forward) when this year's lies on the wrong side of today.
/// A day that exists in neither (`29-2` outside leap years) is not moved
/// to a year further away: the caller asks for the year.
fn without_year(d: u32, m: u32, today: NaiveDate, direction: Direction) -> Option<NaiveDate> {
    (0..=1)
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
#[path = "dates_tests.rs"]
mod tests;
