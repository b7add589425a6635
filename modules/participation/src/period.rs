//! The period a report covers: Hải Phòng calendar days, both ends included.

use chrono::{Datelike, NaiveDate};
use hub_common::msg;
use hub_common::{HubError, HubResult};

/// The longest period a report covers, in days: ten years of history is plenty for the plan's
/// reporting, and it bounds the work one request can ask for.
pub const MAX_PERIOD_DAYS: i64 = 3_660;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Checks the period; `field` names the argument in the error (`period`, `from`).
    pub fn new(field: &str, from: NaiveDate, to: NaiveDate) -> HubResult<Self> {
        if to < from {
            return Err(HubError::bad_input(field, msg!("field-ends-before-starts", field = field)));
        }
        if (to - from).num_days() >= MAX_PERIOD_DAYS {
            return Err(HubError::bad_input(
                field,
                msg!("field-covers-at-most-max-period", field = field, max_period_days = MAX_PERIOD_DAYS),
            ));
        }
        Ok(Self { from, to })
    }

    /// A calendar year, 1 January to 31 December.
    pub fn year(field: &str, year: i32) -> HubResult<Self> {
        match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
            (Some(from), Some(to)) if (1900..=9999).contains(&year) => Ok(Self { from, to }),
            _ => Err(HubError::bad_input(field, msg!("field-not-year-hub-reports", field = field))),
        }
    }

    /// The calendar year of `day` (the dashboard's default period).
    pub fn year_of(day: NaiveDate) -> Self {
        let from = day.with_ordinal(1).unwrap_or(day);
        let to = NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day);
        Self { from, to }
    }
}

/// How a period's parts are named in errors: the fields of a GraphQL input object (`field` is
/// the argument, `period` or `filter.period`), or the query parameters of the CSV export
/// (`year`, `from`, `to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodNames<'a> {
    Input(&'a str),
    QueryString,
}

impl Period {
    /// The one reading of a period however the caller names it: nothing for this calendar
    /// year (in Hải Phòng), a `year`, or both `from` and `to`; any other mix is refused.
    pub fn choose(
        names: PeriodNames<'_>,
        year: Option<i32>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> HubResult<Self> {
        match (year, from, to) {
            (None, None, None) => Ok(Self::year_of(hub_common::time::today())),
            (Some(year), None, None) => match names {
                PeriodNames::Input(field) => Self::year(&format!("{field}.year"), year),
                PeriodNames::QueryString => Self::year("year", year),
            },
            (None, Some(from), Some(to)) => match names {
                PeriodNames::Input(field) => Self::new(field, from, to),
                PeriodNames::QueryString => Self::new("from", from, to),
            },
            _ => Err(match names {
                PeriodNames::Input(field) => {
                    HubError::bad_input(field, msg!("field-takes-year-both-from", field = field))
                }
                PeriodNames::QueryString => HubError::bad_input("from", msg!("give-year-both-from")),
            }),
        }
    }

    /// A period from the CSV export's query parameters, as text: `year=2026`, or
    /// `from=2026-01-01&to=2026-06-30`.
    pub fn from_query(year: Option<&str>, from: Option<&str>, to: Option<&str>) -> HubResult<Self> {
        let year = year
            .map(|text| {
                text.parse::<i32>().map_err(|_| HubError::bad_input("year", msg!("year-number-such-as-2026")))
            })
            .transpose()?;
        let day = |name: &str, text: Option<&str>| {
            text.map(|text| {
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| HubError::bad_input(name, msg!("name-date-written-yyyy-mm-dd", name = name)))
            })
            .transpose()
        };
        Self::choose(PeriodNames::QueryString, year, day("from", from)?, day("to", to)?)
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

    fn field_of(result: HubResult<Period>) -> Option<String> {
        match result {
            Err(HubError::BadUserInput { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn graphql_and_the_csv_export_read_periods_alike() {
        let expected = Period { from: day(2026, 1, 1), to: day(2026, 12, 31) };
        assert_eq!(Period::choose(PeriodNames::Input("period"), Some(2026), None, None).ok(), Some(expected));
        assert_eq!(Period::from_query(Some("2026"), None, None).ok(), Some(expected));
        assert_eq!(Period::from_query(None, Some("2026-01-01"), Some("2026-12-31")).ok(), Some(expected));
        assert_eq!(field_of(Period::from_query(Some("x"), None, None)).as_deref(), Some("year"));
        assert_eq!(field_of(Period::from_query(None, Some("2026-01-01"), None)).as_deref(), Some("from"));
        assert_eq!(
            field_of(Period::choose(PeriodNames::Input("filter.period"), Some(99_999), None, None))
                .as_deref(),
            Some("filter.period.year")
        );
        assert_eq!(
            field_of(Period::choose(PeriodNames::Input("period"), Some(2026), Some(day(2026, 1, 1)), None))
                .as_deref(),
            Some("period")
        );
    }
}
