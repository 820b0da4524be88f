//! Time as the protocol needs it: local time in Europe/Amsterdam, with offset.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use chrono_tz::Europe::Amsterdam;

/// Now, in Europe/Amsterdam.
pub fn now() -> DateTime<FixedOffset> {
    to_local(Utc::now())
}

/// A UTC instant as Europe/Amsterdam local time with its offset.
pub fn to_local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Amsterdam).fixed_offset()
}

/// The stored form of a local time: RFC 3339 with milliseconds and offset.
pub fn local_string(t: &DateTime<FixedOffset>) -> String {
    to_local(t.with_timezone(&Utc)).to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// The stored form of the same instant in UTC.
pub fn utc_string(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A duration as `m:ss` or `h:mm:ss`, for "how long ago" on screen.
/// How long since `from`, written so that it cannot be read as a clock
/// time: `8 s`, `1 min 15 s`, `1 u 01 min`.
pub fn elapsed(from: &DateTime<FixedOffset>, to: &DateTime<FixedOffset>) -> String {
    let secs = (*to - *from).num_seconds().max(0);
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h} u {m:02} min")
    } else if m > 0 {
        format!("{m} min {s:02} s")
    } else {
        format!("{s} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn winter_and_summer_offsets() {
        let winter = to_local(Utc.with_ymd_and_hms(2026, 1, 15, 19, 0, 0).unwrap());
        assert_eq!(local_string(&winter), "2026-01-15T20:00:00.000+01:00");
        let summer = to_local(Utc.with_ymd_and_hms(2026, 7, 15, 19, 0, 0).unwrap());
        assert_eq!(local_string(&summer), "2026-07-15T21:00:00.000+02:00");
        assert_eq!(utc_string(&summer), "2026-07-15T19:00:00.000Z");
    }

    #[test]
    fn elapsed_formats() {
        let a = to_local(Utc.with_ymd_and_hms(2026, 1, 15, 19, 0, 0).unwrap());
        let b = a + chrono::Duration::seconds(75);
        assert_eq!(elapsed(&a, &b), "1 min 15 s");
        let c = a + chrono::Duration::seconds(3600 + 61);
        assert_eq!(elapsed(&a, &c), "1 u 01 min");
        assert_eq!(elapsed(&b, &a), "0 s");
        assert_eq!(elapsed(&a, &(a + chrono::Duration::seconds(8))), "8 s");
    }
}
