//! Hải Phòng wall-clock time. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since
//! 1975), so a fixed offset converts exactly; instants are stored in UTC, hours and calendar days
//! are read in local time.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

pub const TIME_ZONE: &str = "Asia/Ho_Chi_Minh";
const OFFSET_SECONDS: i32 = 7 * 3600;

/// The local wall-clock reading of an instant.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + chrono::TimeDelta::seconds(i64::from(OFFSET_SECONDS))
}

/// An instant as Hải Phòng writes it: `2026-12-01T08:30:00+07:00`.
pub fn with_offset(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    match FixedOffset::east_opt(OFFSET_SECONDS) {
        Some(offset) => at.with_timezone(&offset),
        None => at.fixed_offset(),
    }
}

/// The instant of a local wall-clock reading (always unique at a fixed offset).
pub fn instant(local: NaiveDateTime) -> DateTime<Utc> {
    (local - chrono::TimeDelta::seconds(i64::from(OFFSET_SECONDS))).and_utc()
}

/// The instant a local minute-of-day falls on a day (1440 is the next midnight).
pub fn at_minute(day: NaiveDate, minute: i32) -> DateTime<Utc> {
    instant(day.and_time(NaiveTime::MIN) + chrono::TimeDelta::minutes(i64::from(minute)))
}

/// Minutes after local midnight of `day` for an instant (may exceed 1440 or be negative when the
/// instant falls on another day).
pub fn minute_of(day: NaiveDate, at: DateTime<Utc>) -> i64 {
    (local(at) - day.and_time(NaiveTime::MIN)).num_minutes()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn hai_phong_is_seven_hours_ahead_of_utc() {
        let utc = Utc.with_ymd_and_hms(2026, 12, 1, 1, 30, 0).single().unwrap_or_default();
        assert_eq!(local(utc).format("%Y-%m-%d %H:%M").to_string(), "2026-12-01 08:30");
        assert_eq!(instant(local(utc)), utc);
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(at_minute(day, 8 * 60 + 30), utc);
        assert_eq!(minute_of(day, utc), 8 * 60 + 30);
        assert_eq!(with_offset(utc).to_rfc3339(), "2026-12-01T08:30:00+07:00");
    }
}
