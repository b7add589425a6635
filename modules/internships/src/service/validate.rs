//! Input checks. Each refusal is `BAD_USER_INPUT` naming the field, in the GraphQL spelling
//! (`endDate`), so a form can put the message next to the right box.

use chrono::NaiveDate;
use directory::OrganizationKind;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::text::{optional_multiline_text, optional_text, required_multiline_text, required_text};
use hub_common::{HubError, HubResult};

use crate::kinds::EligibleLevel;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
pub const MAX_SEATS: i32 = 1_000;
pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_EVALUATION_CHARS: usize = 2_000;
pub const MAX_SEARCH_CHARS: usize = 100;
pub const MAX_HOURS: i32 = 2_000;
pub const MAX_STUDENT_REF_CHARS: usize = 32;

pub use hub_common::time::today;

pub fn title(value: &str) -> HubResult<String> {
    required_text("title", value, MAX_TITLE_CHARS)
}

pub fn description(value: &str) -> HubResult<String> {
    required_multiline_text("description", value, MAX_DESCRIPTION_CHARS)
}

/// A VSIC industry code at class (4 digits) or sub-class (5 digits) level, e.g. 5210.
pub fn sector(value: &str) -> HubResult<String> {
    let code = value.trim();
    if (4..=5).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err(HubError::bad_input("sector", msg!("sector-vsic-industry-code-4-5")))
    }
}

/// A sector filter is a prefix of VSIC codes: "52" finds warehousing (5210) and every other
/// transport support activity, "5210" finds 5210 and its sub-classes.
pub fn sector_prefix(value: &str) -> HubResult<String> {
    let code = value.trim();
    if (1..=5).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err(HubError::bad_input("filter.sector", msg!("sector-filter-1-5-digits-vsic")))
    }
}

pub fn seats(value: i32) -> HubResult<i32> {
    if (1..=MAX_SEATS).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input("seats", msg!("seats-must-between-1-max-seats", max_seats = MAX_SEATS)))
    }
}

pub fn levels(value: &[EligibleLevel]) -> HubResult<String> {
    if value.is_empty() {
        return Err(HubError::bad_input("eligibleLevels", msg!("name-at-least-one-eligible-level")));
    }
    Ok(EligibleLevel::encode(value))
}

/// The offer's dates, checked together: the placement ends after it starts, and applications
/// close on or before the first day.
pub fn dates(start: NaiveDate, end: NaiveDate, deadline: NaiveDate) -> HubResult<()> {
    if end <= start {
        return Err(HubError::bad_input("endDate", msg!("end-date-must-after-start-date")));
    }
    if deadline > start {
        return Err(HubError::bad_input(
            "applicationDeadline",
            msg!("application-deadline-must-before-start-date"),
        ));
    }
    Ok(())
}

/// A deadline that is being set now must not already be over.
pub fn future_deadline(deadline: NaiveDate) -> HubResult<()> {
    if deadline < today() {
        return Err(HubError::bad_input(
            "applicationDeadline",
            msg!("application-deadline-has-already-passed"),
        ));
    }
    Ok(())
}

pub fn stipend(value: Option<i64>) -> HubResult<Option<i64>> {
    match value {
        Some(amount) if amount < 0 => Err(HubError::bad_input("stipendVnd", msg!("stipend-cannot-negative"))),
        other => Ok(other),
    }
}

/// A school-issued student reference such as `TP-2026-0147`: 1-32 letters, digits and `._/-`.
///
/// The students are minors and the hub must never hold their phone or national ID numbers, so a
/// reference made only of 9-12 digits is refused: that is the shape of a Vietnamese phone number
/// (10 digits), an old identity card (9) and a citizen identity card (12).
pub fn student_ref(value: &str) -> HubResult<String> {
    let reference = value.trim();
    let refuse = |message: Message| Err(HubError::bad_input("studentRef", message));
    if reference.is_empty() {
        return refuse(msg!("studentref-must-not-empty"));
    }
    if reference.chars().count() > MAX_STUDENT_REF_CHARS {
        return refuse(msg!("studentref-must-at-most-32-characters"));
    }
    if !reference.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-')) {
        return refuse(msg!("studentref-may-hold-only-letters-digits"));
    }
    if (9..=12).contains(&reference.len()) && reference.bytes().all(|b| b.is_ascii_digit()) {
        return refuse(msg!("studentref-looks-like-phone-id-number"));
    }
    Ok(reference.to_owned())
}

/// The grades a kind of organization teaches. Grades 6-9 are lower secondary, 10-12 upper
/// secondary; 13, 14 and 15 stand for the first, second and third year of college or
/// intermediate vocational training. Continuing-education centres teach both.
pub fn grades_taught(kind: OrganizationKind) -> std::ops::RangeInclusive<i32> {
    match kind {
        OrganizationKind::LowerSecondarySchool => 6..=9,
        OrganizationKind::UpperSecondarySchool => 10..=12,
        OrganizationKind::MultiLevelSchool => 6..=12,
        OrganizationKind::VocationalCentre => 6..=15,
        _ => 13..=15,
    }
}

pub fn grade(value: i32, kind: OrganizationKind) -> HubResult<i32> {
    let taught = grades_taught(kind);
    if taught.contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input(
            "grade",
            msg!("grade-must-between-value-value2-school", value = taught.start(), value2 = taught.end()),
        ))
    }
}

pub fn note(value: Option<&str>) -> HubResult<Option<String>> {
    optional_text("note", value, MAX_NOTE_CHARS)
}

pub fn hours(value: i32) -> HubResult<i32> {
    if (1..=MAX_HOURS).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input("hours", msg!("hours-must-between-1-max-hours", max_hours = MAX_HOURS)))
    }
}

pub fn evaluation(value: Option<&str>) -> HubResult<Option<String>> {
    optional_multiline_text("evaluation", value, MAX_EVALUATION_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(result: HubResult<impl std::fmt::Debug>) -> String {
        match result {
            Err(HubError::BadUserInput { field, .. }) => field,
            other => panic!("expected bad input, got {other:?}"),
        }
    }

    #[test]
    fn student_refs_are_codes_not_personal_numbers() {
        assert_eq!(student_ref(" TP-2026-0147 ").ok().as_deref(), Some("TP-2026-0147"));
        assert!(student_ref("10A1/23.07_b").is_ok());
        assert!(student_ref("12345678").is_ok(), "eight digits is a plausible school code");
        assert!(student_ref("1234567890123").is_ok(), "thirteen digits is neither a phone nor an ID");
        for bad in ["0912345678", "031204001234", "123456789", "TP 2026", "", "Nguyễn", &"A".repeat(33)] {
            assert_eq!(field(student_ref(bad)), "studentRef", "{bad:?}");
        }
    }

    #[test]
    fn dates_must_make_sense() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 6, d).unwrap_or_default();
        assert!(dates(day(10), day(20), day(10)).is_ok());
        assert_eq!(field(dates(day(10), day(10), day(1))), "endDate");
        assert_eq!(field(dates(day(10), day(5), day(1))), "endDate");
        assert_eq!(field(dates(day(10), day(20), day(11))), "applicationDeadline");
    }

    #[test]
    fn grades_follow_the_kind_of_school() {
        assert!(grade(9, OrganizationKind::LowerSecondarySchool).is_ok());
        assert!(grade(10, OrganizationKind::LowerSecondarySchool).is_err());
        assert!(grade(14, OrganizationKind::College).is_ok());
        assert!(grade(12, OrganizationKind::College).is_err());
        assert!(grade(16, OrganizationKind::VocationalCentre).is_err());
    }

    #[test]
    fn sectors_are_vsic_codes() {
        assert!(sector("5210").is_ok() && sector("52101").is_ok());
        assert_eq!(field(sector("521")), "sector");
        assert_eq!(field(sector("52a0")), "sector");
        assert!(sector_prefix("52").is_ok());
    }
}
