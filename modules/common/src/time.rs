//! The hub's calendar: dates are those of Hải Phòng.

use chrono::{NaiveDate, TimeDelta, Utc};

/// Today in Hải Phòng (Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving time). Deadlines,
/// validity periods and area changes are calendar days there: a deadline of 30/11 holds until
/// midnight in Vietnam, not in UTC.
pub fn today() -> NaiveDate {
    (Utc::now() + TimeDelta::hours(7)).date_naive()
}

/// The instant a Hải Phòng calendar day begins, in UTC. Reports over a period of days compare
/// stored instants with `[start_of_day(from), start_of_day(to + 1))`, so an offer published at
/// 06:30 on 1 January in Hải Phòng (23:30 UTC the day before) counts in January.
pub fn start_of_day(day: NaiveDate) -> chrono::DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc() - TimeDelta::hours(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_in_hai_phong() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        assert_eq!(start_of_day(day).to_rfc3339(), "2025-12-31T17:00:00+00:00");
    }
}
