//! The calendar: Dutch public holidays, working days, and the town hall's
//! office hours.
//!
//! Working days follow the Algemene termijnenwet (Atw), art. 3: Saturdays,
//! Sundays and the general recognised holidays are not working days. Those
//! holidays are Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede
//! Pinksterdag, the day on which the King's birthday is celebrated
//! (Koningsdag), the fifth of May (Bevrijdingsdag, every year: the law lists
//! it without condition) and both Christmas days. Good Friday is not one of
//! them. Days that an order in council puts on a par with these (art. 3(2))
//! are ad hoc and not known here.
//!
//! `OfficeHours` are the town hall's opening hours per weekday, read from the
//! `[office_hours]` section of the config file. The live console asks whether
//! the town hall is open at a moment: within office hours the in-house
//! interventieteam is alarmed or 112 called, outside them 112 always. The
//! town hall is closed on the holidays above whatever the weekday.
//!
//! Nothing here touches a terminal or a database, and nothing reads the clock:
//! every function is given the day or the moment it is about.

use std::fmt;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday,
};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::time::to_local;

/// The first year the Gregorian computus applies to: the calendar reform
/// took effect in October 1582.
pub const FIRST_GREGORIAN_YEAR: i32 = 1583;

/// Tweede Paasdag: days after Easter Sunday.
const EASTER_MONDAY_AFTER_EASTER: u64 = 1;
/// Hemelvaartsdag: the fortieth day of Easter, counting Easter Sunday.
const ASCENSION_AFTER_EASTER: u64 = 39;
/// Eerste Pinksterdag: the fiftieth day, counting Easter Sunday.
const WHIT_SUNDAY_AFTER_EASTER: u64 = 49;
/// Tweede Pinksterdag.
const WHIT_MONDAY_AFTER_EASTER: u64 = 50;

/// The holidays that move with Easter, by their distance from it.
const EASTER_HOLIDAYS: [(u64, Holiday); 5] = [
    (0, Holiday::EasterSunday),
    (EASTER_MONDAY_AFTER_EASTER, Holiday::EasterMonday),
    (ASCENSION_AFTER_EASTER, Holiday::AscensionDay),
    (WHIT_SUNDAY_AFTER_EASTER, Holiday::WhitSunday),
    (WHIT_MONDAY_AFTER_EASTER, Holiday::WhitMonday),
];

/// The holidays on a fixed day of the year: (month, day).
const FIXED_HOLIDAYS: [(u32, u32, Holiday); 4] = [
    (1, 1, Holiday::NewYearsDay),
    (5, 5, Holiday::LiberationDay),
    (12, 25, Holiday::ChristmasDay),
    (12, 26, Holiday::SecondChristmasDay),
];

/// Koningsdag, King Willem-Alexander's birthday, since his accession in 2013
/// (first celebrated in 2014): 27 April, or Saturday 26 April when the 27th
/// is a Sunday.
const KINGS_DAY_SINCE: i32 = 2014;
const KINGS_DAY: (u32, u32) = (4, 27);
/// Koninginnedag before that, from 1949 to 2013: 30 April (Queen Juliana's
/// birthday, kept by Queen Beatrix).
const QUEENS_DAY_SINCE: i32 = 1949;
const QUEENS_DAY: (u32, u32) = (4, 30);
/// A Koninginnedag on a Sunday moved to Monday 1 May until 1979, and to
/// Saturday 29 April from 1980 on (as Koningsdag does now).
const QUEENS_DAY_MOVES_BACK_SINCE: i32 = 1980;

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

/// A public holiday, as `holiday` and `holidays` name it.
///
/// All but `EasterSunday` and `WhitSunday` are the general recognised
/// holidays of the Algemene termijnenwet, art. 3. Those two are always
/// Sundays (so never working days anyway); they are here so that `holiday`
/// can name them. Good Friday (Goede Vrijdag) is not a holiday under this law
/// and is not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Holiday {
    /// 1 January.
    NewYearsDay,
    /// Eerste Paasdag: a Sunday.
    EasterSunday,
    /// Tweede Paasdag.
    EasterMonday,
    /// The Queen's birthday as celebrated from 1949 to 2013.
    QueensDay,
    /// The King's birthday as celebrated since 2014.
    KingsDay,
    /// 5 May, every year.
    LiberationDay,
    /// Easter + 39, a Thursday.
    AscensionDay,
    /// Eerste Pinksterdag: a Sunday.
    WhitSunday,
    /// Tweede Pinksterdag, Easter + 50.
    WhitMonday,
    /// 25 December.
    ChristmasDay,
    /// 26 December.
    SecondChristmasDay,
}

impl Holiday {
    /// Its Dutch name, as shown on screen.
    pub fn label(self) -> &'static str {
        match self {
            Holiday::NewYearsDay => "Nieuwjaarsdag",
            Holiday::EasterSunday => "Eerste Paasdag",
            Holiday::EasterMonday => "Tweede Paasdag",
            Holiday::QueensDay => "Koninginnedag",
            Holiday::KingsDay => "Koningsdag",
            Holiday::LiberationDay => "Bevrijdingsdag",
            Holiday::AscensionDay => "Hemelvaartsdag",
            Holiday::WhitSunday => "Eerste Pinksterdag",
            Holiday::WhitMonday => "Tweede Pinksterdag",
            Holiday::ChristmasDay => "Eerste Kerstdag",
            Holiday::SecondChristmasDay => "Tweede Kerstdag",
        }
    }
}

impl fmt::Display for Holiday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Easter Sunday of `year` in the Gregorian calendar, by the anonymous
/// Gregorian computus (Meeus–Jones–Butcher). `None` before
/// `FIRST_GREGORIAN_YEAR` and for years chrono cannot represent.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    if year < FIRST_GREGORIAN_YEAR {
        return None;
    }
    // The golden number, less one: the year's place in the 19-year lunar cycle.
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    // The solar and lunar corrections of the century.
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    // Days from 21 March to the Paschal full moon (the epact, corrected).
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    // Days from that full moon to the Sunday after it.
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    // The exceptions that keep Easter on or before 25 April.
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The day on which the monarch's birthday is celebrated in `year`, if it is
/// one of the years this module knows it for (1949 on).
fn royal_day(year: i32) -> Option<(NaiveDate, Holiday)> {
    if year >= KINGS_DAY_SINCE {
        let day = NaiveDate::from_ymd_opt(year, KINGS_DAY.0, KINGS_DAY.1)?;
        let day = if day.weekday() == Weekday::Sun {
            day.pred_opt()?
        } else {
            day
        };
        Some((day, Holiday::KingsDay))
    } else if year >= QUEENS_DAY_SINCE {
        let day = NaiveDate::from_ymd_opt(year, QUEENS_DAY.0, QUEENS_DAY.1)?;
        let day = if day.weekday() != Weekday::Sun {
            day
        } else if year >= QUEENS_DAY_MOVES_BACK_SINCE {
            day.pred_opt()?
        } else {
            day.succ_opt()?
        };
        Some((day, Holiday::QueensDay))
    } else {
        None
    }
}

/// The holidays of `year`, in date order, Eerste Paasdag and Eerste
/// Pinksterdag included.
///
/// Two can fall on one day: Hemelvaartsdag is on 5 May when Easter is on
/// 27 March (2005, 2016); both are listed then, in the order of `Holiday`.
/// The royal day is known from 1949 on (Koninginnedag until 2013); the other
/// rules are applied to any year.
pub fn holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let fixed = FIXED_HOLIDAYS.iter().filter_map(|&(month, day, holiday)| {
        NaiveDate::from_ymd_opt(year, month, day).map(|date| (date, holiday))
    });
    let moving = easter_sunday(year).into_iter().flat_map(|easter| {
        EASTER_HOLIDAYS.iter().filter_map(move |&(after, holiday)| {
            easter
                .checked_add_days(Days::new(after))
                .map(|date| (date, holiday))
        })
    });
    let mut list: Vec<_> = fixed.chain(moving).chain(royal_day(year)).collect();
    list.sort_unstable();
    list
}

/// The holiday `date` is, if any. When two fall on one day (see `holidays`),
/// the one first in the order of `Holiday`: Bevrijdingsdag before
/// Hemelvaartsdag.
pub fn holiday(date: NaiveDate) -> Option<Holiday> {
    holidays(date.year())
        .into_iter()
        .find(|(day, _)| *day == date)
        .map(|(_, holiday)| holiday)
}

/// A working day in the sense of the Algemene termijnenwet: not a Saturday,
/// not a Sunday and not one of its holidays.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && holiday(date).is_none()
}

/// The `n`-th working day after `date` (`date` itself does not count).
///
/// `n = 0` gives `date` itself if it is a working day and otherwise the next
/// working day: the Atw's rule that a term ending on a Saturday, Sunday or
/// holiday runs to the next working day (art. 1).
///
/// Walks day by day. At the end of chrono's calendar it stops and gives
/// `NaiveDate::MAX`.
pub fn add_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut day = date;
    if n == 0 {
        while !is_working_day(day) {
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        return day;
    }
    let mut left = n;
    while left > 0 {
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// The number of working days after `from` up to and including `to`; negative
/// (the same count, from `to` to `from`) when `to` lies before `from`.
///
/// The inverse of `add_working_days`: for `n >= 1`,
/// `working_days_between(d, add_working_days(d, n)) == n`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let (first, last, sign) = if from <= to {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let count = first
        .iter_days()
        .skip(1)
        .take_while(|day| *day <= last)
        .filter(|day| is_working_day(*day))
        .count();
    sign * i64::try_from(count).unwrap_or(i64::MAX)
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
mod tests {
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
            let [monday, ascension, whit] =
                [monday, ascension, whit].map(|(y, m, d)| date(y, m, d));
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

    // Office hours.

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
        assert_eq!(koningsdag.holiday, Some(KingsDay));
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
}
