//! The hub's calendar: dates are those of Hải Phòng.

use chrono::{NaiveDate, TimeDelta, Utc};

/// Today in Hải Phòng (Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving time). Deadlines,
/// validity periods and area changes are calendar days there: a deadline of 30/11 holds until
/// midnight in Vietnam, not in UTC.
pub fn today() -> NaiveDate {
    (Utc::now() + TimeDelta::hours(7)).date_naive()
}
