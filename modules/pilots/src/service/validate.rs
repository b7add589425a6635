//! Input rules, each failing with `BAD_USER_INPUT` naming the field.

use hub_common::msg;
use std::collections::HashSet;

use chrono::NaiveDate;
use hub_common::text::{optional_multiline_text, optional_text, required_multiline_text, required_text};
use hub_common::{HubError, HubResult};
use uuid::Uuid;

pub use hub_common::time::today;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_APPROACH_CHARS: usize = 4000;
pub const MAX_SUMMARY_CHARS: usize = 20_000;
pub const MAX_REASON_CHARS: usize = 1000;
pub const MAX_EVIDENCE_CHARS: usize = 500;
pub const MAX_SOURCE_CHARS: usize = 500;
pub const MAX_URL_CHARS: usize = 500;
pub const MAX_PARTICIPANTS: usize = 50;
pub const MAX_MILESTONES: usize = 30;
/// Graduates of one school or area in one year: the whole city graduates far fewer.
pub const MAX_DENOMINATOR: i64 = 10_000_000;
/// Years the hub accepts: from the plan's first school year to well past any plan in sight.
pub const FIRST_YEAR: i32 = 2018;
pub const LAST_YEAR: i32 = 2100;

pub fn year(field: &str, year: i32) -> HubResult<i32> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(HubError::bad_input(
            field,
            msg!(
                "field-must-first-year-last-year",
                field = field,
                first_year = FIRST_YEAR,
                last_year = LAST_YEAR
            ),
        ));
    }
    Ok(year)
}

/// A year something is reported for: not later than the current school year (the one ending
/// next summer), since nothing can be measured for a year that has not begun.
pub fn reported_year(field: &str, value: i32) -> HubResult<i32> {
    let value = year(field, value)?;
    if value > current_school_year() {
        return Err(HubError::bad_input(field, msg!("field-has-not-begun-yet", field = field)));
    }
    Ok(value)
}

/// A calendar year a yearly report is written for: not later than the current one.
pub fn report_year(field: &str, value: i32) -> HubResult<i32> {
    use chrono::Datelike;
    let value = year(field, value)?;
    if value > today().year() {
        return Err(HubError::bad_input(field, msg!("field-has-not-begun-yet", field = field)));
    }
    Ok(value)
}

/// The school year under way (or just ended) as the hub numbers years: the one ending in the
/// coming (or current) summer. School years start on 1 September.
pub fn current_school_year() -> i32 {
    use chrono::Datelike;
    let today = today();
    if today.month() >= 9 { today.year() + 1 } else { today.year() }
}

/// The first and last day of the school year ending in `year`: 1 September to 31 August.
pub fn school_year_bounds(year: i32) -> HubResult<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year - 1, 9, 1);
    let end = NaiveDate::from_ymd_opt(year, 8, 31);
    start.zip(end).ok_or_else(|| HubError::bad_input("year", msg!("year-out-range")))
}

/// A share: a denominator above zero and a numerator within it.
pub fn share(numerator: i64, denominator: i64) -> HubResult<()> {
    if !(1..=MAX_DENOMINATOR).contains(&denominator) {
        return Err(HubError::bad_input(
            "input.denominator",
            msg!("denominator-must-1-max-denominator", max_denominator = MAX_DENOMINATOR),
        ));
    }
    if !(0..=denominator).contains(&numerator) {
        return Err(HubError::bad_input("input.numerator", msg!("numerator-must-0-denominator")));
    }
    Ok(())
}

pub fn evidence(value: Option<&str>) -> HubResult<Option<String>> {
    optional_text("input.evidence", value, MAX_EVIDENCE_CHARS)
}

pub fn correction_reason(value: Option<&str>) -> HubResult<Option<String>> {
    optional_multiline_text("input.correctionReason", value, MAX_REASON_CHARS)
}

pub fn reason(value: &str) -> HubResult<String> {
    required_multiline_text("reason", value, MAX_REASON_CHARS)
}

pub fn summary(value: &str) -> HubResult<String> {
    required_multiline_text("input.summary", value, MAX_SUMMARY_CHARS)
}

pub fn name(value: &str) -> HubResult<String> {
    required_text("input.name", value, MAX_NAME_CHARS)
}

pub fn approach(value: &str) -> HubResult<String> {
    required_multiline_text("input.approach", value, MAX_APPROACH_CHARS)
}

pub fn milestone_title(value: &str) -> HubResult<String> {
    required_text("input.milestones.title", value, MAX_NAME_CHARS)
}

pub fn source_document(value: &str) -> HubResult<String> {
    required_text("input.sourceDocument", value, MAX_SOURCE_CHARS)
}

/// A target in percent, 0-100.
pub fn percent(value: f64) -> HubResult<f64> {
    if !value.is_finite() || !(0.0..=100.0).contains(&value) {
        return Err(HubError::bad_input("input.value", msg!("value-percentage-0-100")));
    }
    Ok(value)
}

/// The years a target covers: `to` (when given) not before `from`.
pub fn year_range(from: i32, to: Option<i32>) -> HubResult<()> {
    year("input.fromYear", from)?;
    if let Some(to) = to {
        year("input.toYear", to)?;
        if to < from {
            return Err(HubError::bad_input("input.toYear", msg!("toyear-must-not-before-fromyear")));
        }
    }
    Ok(())
}

pub fn issued_on(day: NaiveDate) -> HubResult<NaiveDate> {
    if day > today() {
        return Err(HubError::bad_input("input.issuedOn", msg!("issuedon-must-not-future")));
    }
    Ok(day)
}

/// An optional http(s) URL.
pub fn url(field: &str, value: Option<&str>) -> HubResult<Option<String>> {
    let Some(url) = optional_text(field, value, MAX_URL_CHARS)? else {
        return Ok(None);
    };
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
        return Err(HubError::bad_input(field, msg!("field-must-http-s-url", field = field)));
    }
    Ok(Some(url))
}

/// A pilot's period: an end, when given, after the start.
pub fn pilot_period(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> HubResult<()> {
    if ends_on.is_some_and(|end| end <= starts_on) {
        return Err(HubError::bad_input("input.endsOn", msg!("endson-must-after-startson")));
    }
    Ok(())
}

pub fn participant_ids(ids: &[Uuid], lead: Uuid) -> HubResult<()> {
    let mut seen = HashSet::from([lead]);
    if let Some(twice) = ids.iter().find(|id| !seen.insert(**id)) {
        return Err(HubError::bad_input(
            "input.participantIds",
            msg!("organization-twice-listed-twice-lead-counts", twice = twice),
        ));
    }
    if ids.len() > MAX_PARTICIPANTS {
        return Err(HubError::bad_input(
            "input.participantIds",
            msg!("at-most-max-participants-participants", max_participants = MAX_PARTICIPANTS),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_stay_within_their_denominator() {
        assert!(share(412, 1030).is_ok());
        assert!(share(0, 1).is_ok());
        assert!(share(2, 1).is_err());
        assert!(share(-1, 5).is_err());
        assert!(share(0, 0).is_err());
    }

    #[test]
    fn a_school_year_runs_from_september_to_august() {
        let (start, end) = school_year_bounds(2025).unwrap_or_default();
        assert_eq!(start, NaiveDate::from_ymd_opt(2024, 9, 1).unwrap_or_default());
        assert_eq!(end, NaiveDate::from_ymd_opt(2025, 8, 31).unwrap_or_default());
    }

    #[test]
    fn target_years_run_forward() {
        assert!(year_range(2021, None).is_ok());
        assert!(year_range(2021, Some(2021)).is_ok());
        assert!(year_range(2025, Some(2021)).is_err());
        assert!(year_range(1990, None).is_err());
        assert!(percent(100.5).is_err() && percent(f64::NAN).is_err() && percent(45.0).is_ok());
    }
}
