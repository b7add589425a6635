//! Input checks. Each refusal is `BAD_USER_INPUT` naming the field in the GraphQL spelling of
//! the input (`input.returnBy`), so a form can put the message next to the right box.

use chrono::NaiveDate;
use hub_common::msg;
use hub_common::text::{optional_multiline_text, optional_text, required_text};
use hub_common::{HubError, HubResult};

pub use hub_common::time::today;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_CATEGORY_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
pub const MAX_QUANTITY: i32 = 10_000;
pub const MAX_PHOTOS: usize = 10;
pub const MAX_URL_CHARS: usize = 2_000;
pub const MAX_PURPOSE_CHARS: usize = 1_000;
pub const MAX_NOTE_CHARS: usize = 1_000;
pub const MAX_SIGNATORY_CHARS: usize = 200;
pub const MAX_SEARCH_CHARS: usize = 100;
/// The longest loan the hub records: two school years.
pub const MAX_LOAN_DAYS: i64 = 730;
/// How far back a hand-over or a return may be recorded: paper records of the past school year.
pub const MAX_RECORD_AGE_DAYS: i64 = 400;

pub fn name(value: &str) -> HubResult<String> {
    required_text("input.name", value, MAX_NAME_CHARS)
}

pub fn category(value: &str) -> HubResult<String> {
    required_text("input.category", value, MAX_CATEGORY_CHARS)
}

pub fn description(value: Option<&str>) -> HubResult<Option<String>> {
    optional_multiline_text("input.description", value, MAX_DESCRIPTION_CHARS)
}

pub fn quantity(value: i32) -> HubResult<i32> {
    if (1..=MAX_QUANTITY).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input(
            "input.quantity",
            msg!("quantity-must-between-1-max-quantity", max_quantity = MAX_QUANTITY),
        ))
    }
}

pub fn unit_value(value: i64) -> HubResult<i64> {
    if value < 0 {
        return Err(HubError::bad_input("input.estimatedValueVnd", msg!("estimated-value-cannot-negative")));
    }
    Ok(value)
}

/// The availability window: it may have begun already, but an end must not be before its
/// start or already past.
pub fn availability(from: NaiveDate, until: Option<NaiveDate>) -> HubResult<()> {
    if let Some(until) = until {
        if until < from {
            return Err(HubError::bad_input(
                "input.availableUntil",
                msg!("availableuntil-must-after-availablefrom"),
            ));
        }
        if until < today() {
            return Err(HubError::bad_input("input.availableUntil", msg!("availableuntil-already-past")));
        }
    }
    Ok(())
}

/// Photos are links to pictures hosted elsewhere: at most ten http(s) URLs without spaces.
pub fn photos(urls: &[String]) -> HubResult<String> {
    if urls.len() > MAX_PHOTOS {
        return Err(HubError::bad_input(
            "input.photoUrls",
            msg!("at-most-max-photos-photos", max_photos = MAX_PHOTOS),
        ));
    }
    let mut checked = Vec::with_capacity(urls.len());
    for url in urls {
        let url = required_text("input.photoUrls", url, MAX_URL_CHARS)?;
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        let host_present = rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !host_present || url.contains(char::is_whitespace) {
            return Err(HubError::bad_input("input.photoUrls", msg!("each-photo-http-https-url-without")));
        }
        checked.push(url);
    }
    serde_json::to_string(&checked).map_err(|err| HubError::Unexpected(err.into()))
}

pub fn purpose(value: &str) -> HubResult<String> {
    required_text("input.purpose", value, MAX_PURPOSE_CHARS)
}

/// A loan is due back on a day after today and within two years; a donation has no such day.
pub fn return_by(is_loan: bool, value: Option<NaiveDate>) -> HubResult<Option<NaiveDate>> {
    match (is_loan, value) {
        (false, None) => Ok(None),
        (false, Some(_)) => {
            Err(HubError::bad_input("input.returnBy", msg!("donation-not-returned-leave-returnby-out")))
        }
        (true, None) => Err(HubError::bad_input("input.returnBy", msg!("loan-needs-day-due-back"))),
        (true, Some(day)) if day <= today() => {
            Err(HubError::bad_input("input.returnBy", msg!("returnby-must-after-today")))
        }
        (true, Some(day)) if (day - today()).num_days() > MAX_LOAN_DAYS => Err(HubError::bad_input(
            "input.returnBy",
            msg!("loan-lasts-at-most-max-loan", max_loan_days = MAX_LOAN_DAYS),
        )),
        (true, Some(day)) => Ok(Some(day)),
    }
}

pub fn note(field: &str, value: Option<&str>) -> HubResult<Option<String>> {
    optional_multiline_text(field, value, MAX_NOTE_CHARS)
}

/// A person as they signed a record: a name, often with a position.
pub fn signatory(field: &str, value: &str) -> HubResult<String> {
    required_text(field, value, MAX_SIGNATORY_CHARS)
}

/// The day a hand-over or a return happened: not in the future, and not long ago.
pub fn record_day(field: &str, day: NaiveDate) -> HubResult<NaiveDate> {
    if day > today() {
        return Err(HubError::bad_input(field, msg!("field-cannot-future", field = field)));
    }
    if (today() - day).num_days() > MAX_RECORD_AGE_DAYS {
        return Err(HubError::bad_input(
            field,
            msg!("field-may-at-most-max-record", field = field, max_record_age_days = MAX_RECORD_AGE_DAYS),
        ));
    }
    Ok(day)
}

pub fn search(value: Option<&str>) -> HubResult<Option<String>> {
    optional_text("filter.text", value, MAX_SEARCH_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn field(result: HubResult<impl std::fmt::Debug>) -> String {
        match result {
            Err(HubError::BadUserInput { field, .. }) => field,
            other => panic!("expected bad input, got {other:?}"),
        }
    }

    #[test]
    fn photos_are_http_urls() {
        let ok = vec!["https://anh.example.vn/may-tien.jpg".to_owned(), "http://x.vn/a.png".to_owned()];
        assert_eq!(
            photos(&ok).ok().as_deref(),
            Some(r#"["https://anh.example.vn/may-tien.jpg","http://x.vn/a.png"]"#)
        );
        for bad in
            ["ftp://x.vn/a.jpg", "javascript:alert(1)", "https://", "https:///path", "https://x.vn/a b.jpg"]
        {
            assert_eq!(field(photos(&[bad.to_owned()])), "input.photoUrls", "{bad}");
        }
        let long = format!("https://x.vn/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(field(photos(&[long])), "input.photoUrls");
        assert_eq!(field(photos(&vec!["https://x.vn/a.jpg".to_owned(); 11])), "input.photoUrls");
    }

    #[test]
    fn loans_have_a_future_return_day_and_donations_none() {
        let tomorrow = today() + TimeDelta::days(1);
        assert_eq!(return_by(true, Some(tomorrow)).ok(), Some(Some(tomorrow)));
        assert_eq!(return_by(false, None).ok(), Some(None));
        assert_eq!(field(return_by(false, Some(tomorrow))), "input.returnBy");
        assert_eq!(field(return_by(true, None)), "input.returnBy");
        assert_eq!(field(return_by(true, Some(today()))), "input.returnBy");
        assert_eq!(field(return_by(true, Some(today() + TimeDelta::days(731)))), "input.returnBy");
    }

    #[test]
    fn records_happen_in_the_past() {
        assert!(record_day("input.handedOverOn", today()).is_ok());
        assert_eq!(
            field(record_day("input.handedOverOn", today() + TimeDelta::days(1))),
            "input.handedOverOn"
        );
        assert_eq!(field(record_day("input.returnedOn", today() - TimeDelta::days(401))), "input.returnedOn");
    }
}
