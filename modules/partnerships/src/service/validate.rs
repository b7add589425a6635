//! Input rules, each failing with `BAD_USER_INPUT` naming the field.

use hub_common::msg;
use std::collections::HashSet;

use chrono::NaiveDate;
use hub_common::text::{optional_multiline_text, required_multiline_text, required_text};
use hub_common::{HubError, HubResult};
use uuid::Uuid;

use crate::kinds::CommitmentKind;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_SUMMARY_CHARS: usize = 4000;
pub const MAX_REASON_CHARS: usize = 1000;
pub const MAX_NOTES_CHARS: usize = 2000;
pub const MAX_URL_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 300;
/// An agreement longer than this is almost certainly a typo in the year.
pub const MAX_VALIDITY_YEARS: i32 = 10;
pub const MAX_PARTIES: usize = 20;
pub const MAX_COMMITMENTS: usize = 20;
/// Students one engagement reaches in one grade: a whole-school career day stays far below.
pub const MAX_STUDENTS_PER_GRADE: i32 = 10_000;
pub const MAX_EXPIRING_DAYS: i32 = 366;

pub use hub_common::time::today;

pub fn title(value: &str) -> HubResult<String> {
    required_text("input.title", value, MAX_TITLE_CHARS)
}

pub fn summary(value: Option<&str>) -> HubResult<Option<String>> {
    optional_multiline_text("input.summary", value, MAX_SUMMARY_CHARS)
}

pub fn reason(value: &str) -> HubResult<String> {
    required_multiline_text("reason", value, MAX_REASON_CHARS)
}

pub fn notes(value: Option<&str>) -> HubResult<Option<String>> {
    optional_multiline_text("input.notes", value, MAX_NOTES_CHARS)
}

/// The validity period: ends after it starts, lasts at most ten years, and (for a new
/// proposal) has not already ended, since there would be nothing left to agree on.
pub fn period(from: NaiveDate, to: NaiveDate) -> HubResult<()> {
    if to <= from {
        return Err(HubError::bad_input("input.validTo", msg!("validto-must-after-validfrom")));
    }
    let limit = from.checked_add_months(chrono::Months::new(12 * MAX_VALIDITY_YEARS as u32));
    if limit.is_none_or(|limit| to > limit) {
        return Err(HubError::bad_input(
            "input.validTo",
            msg!("partnership-runs-at-most-max-validity", max_validity_years = MAX_VALIDITY_YEARS),
        ));
    }
    if to < today() {
        return Err(HubError::bad_input("input.validTo", msg!("validto-has-already-passed")));
    }
    Ok(())
}

pub fn signed_on(signed: Option<NaiveDate>) -> HubResult<Option<NaiveDate>> {
    match signed {
        Some(day) if day > today() => {
            Err(HubError::bad_input("input.signedOn", msg!("signedon-must-not-future")))
        }
        other => Ok(other),
    }
}

/// A document reference: an http(s) URL and the SHA-256 of the signed file, both or neither.
pub fn document(url: Option<&str>, sha256: Option<&str>) -> HubResult<(Option<String>, Option<String>)> {
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    let sha256 = sha256.map(str::trim).filter(|h| !h.is_empty());
    match (url, sha256) {
        (None, None) => Ok((None, None)),
        (Some(_), None) => {
            Err(HubError::bad_input("input.documentSha256", msg!("document-needs-sha-256-signed-file")))
        }
        (None, Some(_)) => {
            Err(HubError::bad_input("input.documentUrl", msg!("sha-256-needs-document-s-url")))
        }
        (Some(url), Some(hash)) => {
            let url = required_text("input.documentUrl", url, MAX_URL_CHARS)?;
            let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
            if !scheme_ok || url.contains(char::is_whitespace) {
                return Err(HubError::bad_input("input.documentUrl", msg!("documenturl-must-http-s-url")));
            }
            if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(HubError::bad_input(
                    "input.documentSha256",
                    msg!("documentsha256-must-64-hexadecimal-digits"),
                ));
            }
            Ok((Some(url), Some(hash.to_ascii_lowercase())))
        }
    }
}

/// Party ids: no duplicates, a sensible number. Kinds are checked once the directory answers.
pub fn party_ids(ids: &[Uuid]) -> HubResult<()> {
    let mut seen = HashSet::new();
    if let Some(twice) = ids.iter().find(|id| !seen.insert(**id)) {
        return Err(HubError::bad_input("input.partyIds", msg!("party-twice-listed-twice", twice = twice)));
    }
    if ids.len() > MAX_PARTIES {
        return Err(HubError::bad_input(
            "input.partyIds",
            msg!("at-most-max-parties-parties", max_parties = MAX_PARTIES),
        ));
    }
    Ok(())
}

/// A commitment as validated: kind, amount per year, description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentItem {
    pub kind: CommitmentKind,
    pub per_year: i64,
    pub description: Option<String>,
}

/// Commitments: positive amounts, one item per kind except `OTHER`, which needs words.
pub fn commitments(items: Vec<CommitmentItem>) -> HubResult<Vec<CommitmentItem>> {
    if items.len() > MAX_COMMITMENTS {
        return Err(HubError::bad_input(
            "input.commitments",
            msg!("at-most-max-commitments-commitments", max_commitments = MAX_COMMITMENTS),
        ));
    }
    let mut kinds = HashSet::new();
    let mut checked = Vec::with_capacity(items.len());
    for item in items {
        if item.per_year <= 0 || item.per_year > hub_common::scalars::MAX_SAFE_INTEGER {
            return Err(HubError::bad_input("input.commitments.perYear", msg!("peryear-must-positive")));
        }
        if item.kind != CommitmentKind::EquipmentValueVnd && item.per_year > i64::from(i32::MAX) {
            return Err(HubError::bad_input("input.commitments.perYear", msg!("peryear-too-large")));
        }
        if item.kind != CommitmentKind::Other && !kinds.insert(item.kind) {
            return Err(HubError::bad_input(
                "input.commitments",
                msg!("each-kind-commitment-listed-once-other"),
            ));
        }
        let description = optional_multiline_text(
            "input.commitments.description",
            item.description.as_deref(),
            MAX_DESCRIPTION_CHARS,
        )?;
        if item.kind == CommitmentKind::Other && description.is_none() {
            return Err(HubError::bad_input(
                "input.commitments.description",
                msg!("other-commitment-needs-description"),
            ));
        }
        checked.push(CommitmentItem { description, ..item });
    }
    Ok(checked)
}

/// Students reached, by grade: grades 6-15, each once, each with at least one student.
pub fn reach(rows: &[(i32, i32)]) -> HubResult<()> {
    if rows.is_empty() {
        return Err(HubError::bad_input("input.reach", msg!("engagement-reaches-at-least-one-grade")));
    }
    let mut grades = HashSet::new();
    for (grade, students) in rows {
        if !(6..=15).contains(grade) {
            return Err(HubError::bad_input("input.reach.grade", msg!("grade-must-6-12-general-education")));
        }
        if !grades.insert(*grade) {
            return Err(HubError::bad_input(
                "input.reach.grade",
                msg!("grade-grade-listed-twice", grade = grade),
            ));
        }
        if !(1..=MAX_STUDENTS_PER_GRADE).contains(students) {
            return Err(HubError::bad_input(
                "input.reach.students",
                msg!("students-must-1-max-students-per", max_students_per_grade = MAX_STUDENTS_PER_GRADE),
            ));
        }
    }
    Ok(())
}

pub fn held_on(day: NaiveDate) -> HubResult<NaiveDate> {
    if day > today() {
        return Err(HubError::bad_input("input.heldOn", msg!("engagement-recorded-once-has-taken-place")));
    }
    Ok(day)
}

pub fn within_days(days: i32) -> HubResult<i64> {
    if !(0..=MAX_EXPIRING_DAYS).contains(&days) {
        return Err(HubError::bad_input(
            "withinDays",
            msg!("withindays-must-0-max-expiring-days", max_expiring_days = MAX_EXPIRING_DAYS),
        ));
    }
    Ok(i64::from(days))
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    #[test]
    fn documents_need_an_url_and_a_real_sha256() {
        let hash = "A".repeat(64);
        let (url, sha) =
            document(Some("https://so.haiphong.gov.vn/mou.pdf"), Some(&hash)).unwrap_or_default();
        assert_eq!((url.is_some(), sha), (true, Some("a".repeat(64))));
        assert!(document(Some("https://x"), Some("abc")).is_err());
        assert!(document(Some("ftp://x"), Some(&hash)).is_err());
        assert!(document(None, Some(&hash)).is_err());
        assert!(document(None, None).is_ok());
    }

    #[test]
    fn periods_run_forward_and_not_forever() {
        let from = today();
        assert!(period(from, from + TimeDelta::days(365)).is_ok());
        assert!(period(from, from).is_err());
        assert!(period(from, from + TimeDelta::days(365 * 11)).is_err());
    }

    #[test]
    fn reach_takes_known_grades_once() {
        assert!(reach(&[(9, 40), (12, 35)]).is_ok());
        assert!(reach(&[(5, 40)]).is_err());
        assert!(reach(&[(9, 40), (9, 1)]).is_err());
        assert!(reach(&[(9, 0)]).is_err());
        assert!(reach(&[]).is_err());
    }
}
