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
//! [`OfficeHours`] (`calendar/office_hours.rs`) are the town hall's opening
//! hours per weekday, read from the `[office_hours]` section of the config
//! file. The live console asks whether the town hall is open at a moment:
//! within office hours the in-house interventieteam is alarmed or 112
//! called, outside them 112 always. The town hall is closed on the holidays
//! above whatever the weekday.
//!
//! Nothing here touches a terminal or a database, and nothing reads the clock:
//! every function is given the day or the moment it is about.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

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

mod office_hours;

pub use office_hours::{NEXT_OPENING_SCAN_DAYS, OfficeHours, OfficeStatus, TimeSpan};

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
