//! The period a report covers: Hải Phòng calendar days, both ends included.

use chrono::{Datelike, NaiveDate};
use hub_common::{HubError, HubResult};

/// The longest period a report covers, in days: ten years of history is plenty for the plan's
/// reporting, and it bounds the work one request can ask for.
pub const MAX_PERIOD_DAYS: i64 = 3_660;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Checks the period; `field` names the argument in the error (`period`, `from`).
    pub fn new(field: &str, from: NaiveDate, to: NaiveDate) -> HubResult<Self> {
        if to < from {
            return Err(HubError::bad_input(field, format!("{field} ends before it starts")));
        }
        if (to - from).num_days() >= MAX_PERIOD_DAYS {
            return Err(HubError::bad_input(field, format!("{field} covers at most {MAX_PERIOD_DAYS} days")));
        }
        Ok(Self { from, to })
    }

    /// A calendar year, 1 January to 31 December.
    pub fn year(field: &str, year: i32) -> HubResult<Self> {
        match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
            (Some(from), Some(to)) if (1900..=9999).contains(&year) => Ok(Self { from, to }),
            _ => Err(HubError::bad_input(field, format!("{field} is not a year the hub reports on"))),
        }
    }

    /// The calendar year of `day` (the dashboard's default period).
    pub fn year_of(day: NaiveDate) -> Self {
        let from = day.with_ordinal(1).unwrap_or(day);
        let to = NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day);
        Self { from, to }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_period_runs_forward_and_is_bounded() {
        assert!(Period::new("period", day(2026, 1, 1), day(2026, 12, 31)).is_ok());
        assert!(Period::new("period", day(2026, 2, 1), day(2026, 1, 31)).is_err());
        assert!(Period::new("period", day(2000, 1, 1), day(2026, 1, 1)).is_err());
        assert_eq!(
            Period::year_of(day(2026, 11, 27)),
            Period { from: day(2026, 1, 1), to: day(2026, 12, 31) }
        );
    }
}
