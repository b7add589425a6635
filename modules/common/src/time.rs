//! The hub's clock and calendar: Hải Phòng's, Asia/Ho_Chi_Minh. It is UTC+7 all year (no
//! daylight saving time since 1975), so a fixed offset converts exactly. Instants are stored in
//! UTC; hours and calendar days are read in local time, and this module is the one place that
//! knows the offset.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, Utc};

/// The IANA name of the hub's time zone, as calendar feeds declare it.
pub const TIME_ZONE: &str = "Asia/Ho_Chi_Minh";

/// Seconds Hải Phòng is ahead of UTC.
const OFFSET_SECONDS: i32 = 7 * 3600;

/// The hub's offset from UTC, +07:00.
pub fn offset() -> FixedOffset {
    // In range by construction (less than a day), so the fallback is never taken.
    FixedOffset::east_opt(OFFSET_SECONDS).unwrap_or_else(|| Utc.fix())
}

/// The local wall-clock reading of an instant.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + TimeDelta::seconds(i64::from(OFFSET_SECONDS))
}

/// The Hải Phòng calendar day of an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    local(at).date()
}

/// An instant as Hải Phòng writes it: `2026-12-01T08:30:00+07:00`.
pub fn with_offset(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&offset())
}

/// The instant of a local wall-clock reading (always unique at a fixed offset).
pub fn instant(local: NaiveDateTime) -> DateTime<Utc> {
    (local - TimeDelta::seconds(i64::from(OFFSET_SECONDS))).and_utc()
}

/// The instant a local minute-of-day falls on a day (1440 is the next midnight).
pub fn at_minute(day: NaiveDate, minute: i32) -> DateTime<Utc> {
    instant(day.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(minute)))
}

/// Minutes after local midnight of `day` for an instant (may exceed 1440 or be negative when the
/// instant falls on another day).
pub fn minute_of(day: NaiveDate, at: DateTime<Utc>) -> i64 {
    (local(at) - day.and_time(NaiveTime::MIN)).num_minutes()
}

/// Today in Hải Phòng. Deadlines, validity periods and area changes are calendar days there: a
/// deadline of 30/11 holds until midnight in Vietnam, not in UTC.
pub fn today() -> NaiveDate {
    local_date(Utc::now())
}

/// The instant a Hải Phòng calendar day begins, in UTC. Reports over a period of days compare
/// stored instants with `[start_of_day(from), start_of_day(to + 1))`, so an offer published at
/// 06:30 on 1 January in Hải Phòng (23:30 UTC the day before) counts in January.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    instant(day.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_day_starts_at_midnight_in_hai_phong() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        assert_eq!(start_of_day(day).to_rfc3339(), "2025-12-31T17:00:00+00:00");
    }

    #[test]
    fn hai_phong_is_seven_hours_ahead_of_utc() {
        let utc = Utc.with_ymd_and_hms(2026, 12, 1, 1, 30, 0).single().unwrap_or_default();
        assert_eq!(local(utc).format("%Y-%m-%d %H:%M").to_string(), "2026-12-01 08:30");
        assert_eq!(instant(local(utc)), utc);
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(at_minute(day, 8 * 60 + 30), utc);
        assert_eq!(minute_of(day, utc), 8 * 60 + 30);
        assert_eq!(with_offset(utc).to_rfc3339(), "2026-12-01T08:30:00+07:00");
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).single().unwrap_or_default();
        assert_eq!(local_date(late), day, "17:00 UTC is midnight of the next day in Hải Phòng");
    }
}
