//! The town hall's office hours: a span of clock times per weekday, read
//! from the `[office_hours]` section of the config file, closed on the
//! holidays of [`super::holiday`] whatever the weekday; whether it is open
//! at a moment, and when it opens next, as the live console says it.
//!
//! Nothing here touches a terminal or a database, and nothing reads the
//! clock: every function is given the moment it is about.

use std::fmt;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday,
};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::{Holiday, holiday};
use crate::domain::time::to_local;

/// How many days ahead `OfficeHours::status` looks for the next opening.
pub const NEXT_OPENING_SCAN_DAYS: u64 = 14;

/// The config file's section for office hours, named in error messages.
const SECTION: &str = "office_hours";

/// How a time span is written in the config file, as shown in error messages.
const SPAN_EXAMPLE: &str = "08:30-17:00";

/// The keys of the `[office_hours]` section, Monday first.
const DAY_KEYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// The shipped office hours of a Dutch town hall: Monday to Friday.
const DEFAULT_OPENS: NaiveTime = clock(8, 30);
const DEFAULT_CLOSES: NaiveTime = clock(17, 0);

/// A clock time for the constants above; a bad one fails the build.
const fn clock(hour: u32, minute: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, minute, 0) {
        Some(t) => t,
        None => panic!("invalid clock time"),
    }
}
/// Dutch short weekday names, as on a Dutch calendar.
fn weekday_short(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "ma",
        Weekday::Tue => "di",
        Weekday::Wed => "wo",
        Weekday::Thu => "do",
        Weekday::Fri => "vr",
        Weekday::Sat => "za",
        Weekday::Sun => "zo",
    }
}

/// The week, Monday first.
const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Opening hours on one day: from `start` (inclusive) to `end` (exclusive),
/// as clock times in Europe/Amsterdam. The end is always after the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSpan {
    start: NaiveTime,
    end: NaiveTime,
}

impl TimeSpan {
    /// `None` unless `end` is after `start`.
    pub fn new(start: NaiveTime, end: NaiveTime) -> Option<TimeSpan> {
        (start < end).then_some(TimeSpan { start, end })
    }

    pub fn start(self) -> NaiveTime {
        self.start
    }

    pub fn end(self) -> NaiveTime {
        self.end
    }

    /// Whether the clock time `t` lies in the span (start inclusive, end
    /// exclusive).
    pub fn contains(self, t: NaiveTime) -> bool {
        self.start <= t && t < self.end
    }
}

/// As on screen: `08:30–17:00`.
impl fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}–{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

/// A clock time as written in the config file: `H:MM` or `HH:MM`.
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let (hour, minute) = text.split_once(':')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&hour.len()) || minute.len() != 2 || !digits(hour) || !digits(minute) {
        return None;
    }
    NaiveTime::from_hms_opt(hour.parse().ok()?, minute.parse().ok()?, 0)
}

/// One day's value in the `[office_hours]` section: `HH:MM-HH:MM` (an en dash
/// is accepted too), or empty for closed. The error names the key, for the
/// config loader to show with the file and line.
fn parse_span(key: &str, text: &str) -> Result<Option<TimeSpan>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let not_a_span =
        || format!("{SECTION}.{key}: {text:?} is geen tijdvak; schrijf het als {SPAN_EXAMPLE}");
    let (start, end) = trimmed.split_once(['-', '–']).ok_or_else(not_a_span)?;
    let (Some(start), Some(end)) = (parse_clock(start.trim()), parse_clock(end.trim())) else {
        return Err(not_a_span());
    };
    TimeSpan::new(start, end)
        .map(Some)
        .ok_or_else(|| format!("{SECTION}.{key}: in {text:?} ligt het einde niet na het begin"))
}

/// Reads one day of the `[office_hours]` section; `DAY` indexes `DAY_KEYS`.
fn day_span<'de, const DAY: usize, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<TimeSpan>, D::Error> {
    let key = DAY_KEYS.get(DAY).copied().unwrap_or("?");
    deserializer.deserialize_str(SpanVisitor { key })
}

/// Reads a day's text; anything but text gets a Dutch message too.
struct SpanVisitor {
    key: &'static str,
}

impl SpanVisitor {
    fn not_text<E: de::Error>(&self) -> E {
        E::custom(format!(
            "{SECTION}.{}: verwacht tekst tussen aanhalingstekens, zoals \"{SPAN_EXAMPLE}\" (of \"\" voor gesloten)",
            self.key
        ))
    }
}

impl<'de> Visitor<'de> for SpanVisitor {
    type Value = Option<TimeSpan>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "een tijdvak zoals \"{SPAN_EXAMPLE}\", of \"\" voor gesloten"
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_span(self.key, v).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(self.not_text())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(self.not_text())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(self.not_text())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(self.not_text())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.not_text())
    }

    /// Tables, and TOML dates and times (`maandag = 08:30:00`).
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.not_text())
    }
}

/// The town hall's opening hours per weekday: the `[office_hours]` section of
/// the config file.
///
/// Keys are Dutch weekday names (`maandag` … `zondag`), each `"HH:MM-HH:MM"`
/// or `""`. A day left out of the section is closed, like an empty one: a
/// section that names only `vrijdag` means the town hall is open on Fridays
/// only. Without a section, use `OfficeHours::default()` (Monday to Friday
/// 08:30–17:00). Times are clock times in Europe/Amsterdam, so they stay put
/// when summer time starts or ends. The town hall is closed on the
/// Algemene termijnenwet holidays whatever the weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeHours {
    #[serde(rename = "maandag", default, deserialize_with = "day_span::<0, _>")]
    monday: Option<TimeSpan>,
    #[serde(rename = "dinsdag", default, deserialize_with = "day_span::<1, _>")]
    tuesday: Option<TimeSpan>,
    #[serde(rename = "woensdag", default, deserialize_with = "day_span::<2, _>")]
    wednesday: Option<TimeSpan>,
    #[serde(rename = "donderdag", default, deserialize_with = "day_span::<3, _>")]
    thursday: Option<TimeSpan>,
    #[serde(rename = "vrijdag", default, deserialize_with = "day_span::<4, _>")]
    friday: Option<TimeSpan>,
    #[serde(rename = "zaterdag", default, deserialize_with = "day_span::<5, _>")]
    saturday: Option<TimeSpan>,
    #[serde(rename = "zondag", default, deserialize_with = "day_span::<6, _>")]
    sunday: Option<TimeSpan>,
}

/// Monday to Friday 08:30–17:00; closed at the weekend.
impl Default for OfficeHours {
    fn default() -> Self {
        let weekday = TimeSpan {
            start: DEFAULT_OPENS,
            end: DEFAULT_CLOSES,
        };
        WEEK[..5].iter().fold(OfficeHours::closed(), |hours, &day| {
            hours.with(day, Some(weekday))
        })
    }
}

/// Whether the town hall is open at a moment, and what the screen says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeStatus {
    pub open: bool,
    /// The holiday that day is, if any (the town hall is closed all day).
    pub holiday: Option<Holiday>,
    /// While open: when it closes that day (Amsterdam clock time).
    pub closes_at: Option<NaiveTime>,
    /// While closed: when it opens next (Amsterdam date and clock time), if
    /// within `NEXT_OPENING_SCAN_DAYS`.
    pub opens_at: Option<NaiveDateTime>,
    /// For the status line, e.g. `binnen kantoortijd (tot 17:00)`,
    /// `buiten kantoortijd (weer open di 08:30)`,
    /// `buiten kantoortijd: Koningsdag`.
    pub text: String,
}

impl OfficeHours {
    /// Closed every day.
    pub fn closed() -> OfficeHours {
        OfficeHours {
            monday: None,
            tuesday: None,
            wednesday: None,
            thursday: None,
            friday: None,
            saturday: None,
            sunday: None,
        }
    }

    /// The same, with `day`'s hours set (`None`: closed).
    pub fn with(mut self, day: Weekday, hours: Option<TimeSpan>) -> OfficeHours {
        *self.day_mut(day) = hours;
        self
    }

    /// The hours of a weekday, holidays aside; `None` when closed.
    pub fn hours(&self, day: Weekday) -> Option<TimeSpan> {
        match day {
            Weekday::Mon => self.monday,
            Weekday::Tue => self.tuesday,
            Weekday::Wed => self.wednesday,
            Weekday::Thu => self.thursday,
            Weekday::Fri => self.friday,
            Weekday::Sat => self.saturday,
            Weekday::Sun => self.sunday,
        }
    }

    fn day_mut(&mut self, day: Weekday) -> &mut Option<TimeSpan> {
        match day {
            Weekday::Mon => &mut self.monday,
            Weekday::Tue => &mut self.tuesday,
            Weekday::Wed => &mut self.wednesday,
            Weekday::Thu => &mut self.thursday,
            Weekday::Fri => &mut self.friday,
            Weekday::Sat => &mut self.saturday,
            Weekday::Sun => &mut self.sunday,
        }
    }

    /// The hours on a date: none on a holiday.
    fn hours_on(&self, date: NaiveDate) -> Option<TimeSpan> {
        match holiday(date) {
            Some(_) => None,
            None => self.hours(date.weekday()),
        }
    }

    /// Whether the town hall is open at `at`, taken as Amsterdam local time:
    /// not on a holiday, and within that weekday's hours (start inclusive,
    /// end exclusive).
    pub fn is_open(&self, at: DateTime<FixedOffset>) -> bool {
        let local = amsterdam_clock(at);
        self.hours_on(local.date())
            .is_some_and(|span| span.contains(local.time()))
    }

    /// The first opening at or after the local time `local`, within
    /// `NEXT_OPENING_SCAN_DAYS` days.
    fn next_opening(&self, local: NaiveDateTime) -> Option<NaiveDateTime> {
        let today = local.date();
        (0..=NEXT_OPENING_SCAN_DAYS)
            .filter_map(|n| today.checked_add_days(Days::new(n)))
            .find_map(|day| {
                let span = self.hours_on(day)?;
                (day > today || local.time() < span.start).then(|| day.and_time(span.start))
            })
    }

    /// Whether the town hall is open at `at`, with a short Dutch text for the
    /// status line.
    pub fn status(&self, at: DateTime<FixedOffset>) -> OfficeStatus {
        let local = amsterdam_clock(at);
        let today = local.date();
        let holiday = holiday(today);
        let span = self
            .hours_on(today)
            .filter(|span| span.contains(local.time()));
        if let Some(span) = span {
            return OfficeStatus {
                open: true,
                holiday: None,
                closes_at: Some(span.end),
                opens_at: None,
                text: format!("binnen kantoortijd (tot {})", span.end.format("%H:%M")),
            };
        }
        let opens_at = self.next_opening(local);
        let text = match (holiday, opens_at) {
            (Some(holiday), _) => format!("buiten kantoortijd: {}", holiday.label()),
            (None, Some(opens)) => {
                format!(
                    "buiten kantoortijd (weer open {})",
                    opening_words(today, opens)
                )
            }
            (None, None) => "buiten kantoortijd".to_string(),
        };
        OfficeStatus {
            open: false,
            holiday,
            closes_at: None,
            opens_at,
            text,
        }
    }

    /// The hours in one line for the help screen, e.g. `ma–do 08:30–17:00,
    /// vr 08:30–12:30; gesloten op za, zo en feestdagen (Algemene
    /// termijnenwet)`. Days in a row with the same hours are taken together.
    pub fn describe(&self) -> String {
        let mut runs: Vec<(Weekday, Weekday, TimeSpan)> = Vec::new();
        for day in WEEK {
            let Some(span) = self.hours(day) else {
                continue;
            };
            match runs.last_mut() {
                Some((_, last, same)) if *same == span && last.succ() == day => *last = day,
                _ => runs.push((day, day, span)),
            }
        }
        if runs.is_empty() {
            return "altijd gesloten (geen kantoortijden)".to_string();
        }
        let open = runs
            .iter()
            .map(|&(first, last, span)| {
                if first == last {
                    format!("{} {span}", weekday_short(first))
                } else {
                    format!("{}–{} {span}", weekday_short(first), weekday_short(last))
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let closed: Vec<&str> = WEEK
            .iter()
            .filter(|day| self.hours(**day).is_none())
            .map(|day| weekday_short(*day))
            .collect();
        let closed = if closed.is_empty() {
            "feestdagen".to_string()
        } else {
            format!("{} en feestdagen", closed.join(", "))
        };
        format!("{open}; gesloten op {closed} (Algemene termijnenwet)")
    }
}

/// The Amsterdam date and clock time of a moment.
fn amsterdam_clock(at: DateTime<FixedOffset>) -> NaiveDateTime {
    to_local(at.with_timezone(&Utc)).naive_local()
}

/// When the town hall opens next, seen from `today`: `om 08:30` (today),
/// `di 08:30` (within the coming week), `di 14-4 08:30` (further).
fn opening_words(today: NaiveDate, opens: NaiveDateTime) -> String {
    let time = opens.format("%H:%M");
    let day = weekday_short(opens.weekday());
    match (opens.date() - today).num_days() {
        0 => format!("om {time}"),
        1..=6 => format!("{day} {time}"),
        _ => format!("{day} {}-{} {time}", opens.day(), opens.month()),
    }
}

#[cfg(test)]
#[path = "office_hours_tests.rs"]
mod tests;
