//! Input checks. Each refusal is `BAD_USER_INPUT` naming the field in the GraphQL spelling
//! (`input.tradeCode`), so a form can put the message next to the right box.
//!
//! The code formats are those of the current national lists (see `docs/decisions.md`,
//! "Occupation and trade codes"): occupations by Decision 34/2020/QĐ-TTg (five tiers, tier N
//! has N digits; the catalogue keeps tier 4 and tier 5), trades by the level-IV vocational
//! training list (7 digits, 5… for intermediate and 6… for college level), industries by VSIC
//! 2018 sections (one letter, A to U).

use hub_common::msg;
use hub_common::text::{optional_text, required_multiline_text, required_text};
use hub_common::{HubError, HubResult};

use crate::kinds::{EntryPoint, VocationalLevel};

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
pub const MAX_SKILLS: usize = 20;
pub const MAX_SKILL_CHARS: usize = 120;
pub const MAX_OCCUPATIONS_PER_PROGRAMME: usize = 20;
pub const MAX_SEARCH_CHARS: usize = 100;
pub const MAX_CAPACITY: i32 = 100_000;
/// VND; no vocational programme costs more than this a year.
pub const MAX_TUITION_VND: i64 = 1_000_000_000;
pub const MAX_FIGURE: i32 = 10_000_000;

pub use hub_common::time::today;

/// An occupation's code in Danh mục nghề nghiệp Việt Nam: tier 4 (4 digits) or tier 5 (5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupationCode(String);

impl OccupationCode {
    pub fn parse(field: &str, value: &str) -> HubResult<Self> {
        let code = value.trim();
        if (4..=5).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(code.to_owned()))
        } else {
            Err(HubError::bad_input(field, msg!("occupation-code-tier-4-tier-5")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A trade's code in the level-IV vocational training list: 7 digits, the first 5 for an
/// intermediate and 6 for a college programme.
pub fn trade_code(level: VocationalLevel, value: Option<&str>) -> HubResult<Option<String>> {
    const FIELD: &str = "input.tradeCode";
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match (level.trade_code_prefix(), value) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(HubError::bad_input(FIELD, msg!("elementary-programmes-have-no-level-iv"))),
        (Some(_), None) => {
            Err(HubError::bad_input(FIELD, msg!("intermediate-college-programmes-need-their-level")))
        }
        (Some(prefix), Some(code)) => {
            if code.len() != 7 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(HubError::bad_input(FIELD, msg!("level-iv-trade-code-has-7")));
            }
            if !code.starts_with(prefix) {
                return Err(HubError::bad_input(
                    FIELD,
                    msg!("trade-code-at-level-starts-with", prefix = prefix),
                ));
            }
            Ok(Some(code.to_owned()))
        }
    }
}

/// A VSIC 2018 section: one letter, A to U.
pub fn vsic_section(field: &str, value: &str) -> HubResult<String> {
    let section = value.trim().to_ascii_uppercase();
    if section.len() == 1 && ("A"..="U").contains(&section.as_str()) {
        Ok(section)
    } else {
        Err(HubError::bad_input(field, msg!("vsic-section-one-letter-from-u")))
    }
}

pub fn name(field: &str, value: &str) -> HubResult<String> {
    required_text(field, value, MAX_NAME_CHARS)
}

pub fn description(field: &str, value: &str) -> HubResult<String> {
    required_multiline_text(field, value, MAX_DESCRIPTION_CHARS)
}

pub fn search(value: Option<&str>) -> HubResult<Option<String>> {
    optional_text("filter.text", value, MAX_SEARCH_CHARS)
}

pub fn skills(values: &[String]) -> HubResult<String> {
    if values.len() > MAX_SKILLS {
        return Err(HubError::bad_input(
            "input.skills",
            msg!("at-most-max-skills-skills", max_skills = MAX_SKILLS),
        ));
    }
    let mut checked = Vec::with_capacity(values.len());
    for value in values {
        checked.push(required_text("input.skills", value, MAX_SKILL_CHARS)?);
    }
    serde_json::to_string(&checked).map_err(|err| HubError::Unexpected(err.into()))
}

pub fn entry_points(values: &[EntryPoint]) -> HubResult<String> {
    if values.is_empty() {
        return Err(HubError::bad_input("input.entryPoints", msg!("say-who-may-enter-after-grade")));
    }
    Ok(crate::kinds::encode_set(values.iter().map(|e| e.as_str())))
}

pub fn duration_months(value: i32) -> HubResult<i32> {
    if (1..=60).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input("input.durationMonths", msg!("programme-lasts-1-60-months")))
    }
}

pub fn tuition(value: i64) -> HubResult<i64> {
    if (0..=MAX_TUITION_VND).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input(
            "input.tuitionVnd",
            msg!("tuition-0-max-tuition-vnd-vnd", max_tuition_vnd = MAX_TUITION_VND),
        ))
    }
}

/// Grades an event is for: 6 to 12, at least one.
pub fn grades(values: &[i32]) -> HubResult<String> {
    if values.is_empty() || values.iter().any(|g| !(6..=12).contains(g)) {
        return Err(HubError::bad_input("input.grades", msg!("grades-6-12-at-least-one")));
    }
    let names: Vec<String> = values.iter().map(i32::to_string).collect();
    Ok(crate::kinds::encode_set(names.iter().map(String::as_str)))
}

pub fn capacity(value: i32) -> HubResult<i32> {
    if (1..=MAX_CAPACITY).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input(
            "input.capacity",
            msg!("capacity-1-max-capacity-students", max_capacity = MAX_CAPACITY),
        ))
    }
}

pub fn students(value: i32) -> HubResult<i32> {
    if (1..=MAX_CAPACITY).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input("students", msg!("register-at-least-one-student")))
    }
}

/// A count of people in a report or a bulletin.
pub fn figure(field: &str, value: i32) -> HubResult<i32> {
    if (0..=MAX_FIGURE).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input(
            field,
            msg!("field-must-between-0-max-figure", field = field, max_figure = MAX_FIGURE),
        ))
    }
}

/// A year of admissions or bulletins: from 2015 (the Law on Vocational Education) to next year.
pub fn year(field: &str, value: i32) -> HubResult<i32> {
    use chrono::Datelike;
    let next = today().year() + 1;
    if (2015..=next).contains(&value) {
        Ok(value)
    } else {
        Err(HubError::bad_input(field, msg!("field-must-between-2015-next", field = field, next = next)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_codes_follow_the_level() {
        assert_eq!(
            trade_code(VocationalLevel::College, Some("6510216")).ok().flatten().as_deref(),
            Some("6510216")
        );
        assert!(trade_code(VocationalLevel::Intermediate, Some("6510216")).is_err());
        assert!(trade_code(VocationalLevel::Intermediate, Some("551021")).is_err());
        assert!(trade_code(VocationalLevel::Elementary, Some("5510216")).is_err());
        assert!(trade_code(VocationalLevel::Elementary, None).is_ok_and(|code| code.is_none()));
        assert!(trade_code(VocationalLevel::College, None).is_err());
    }

    #[test]
    fn occupation_codes_and_sections() {
        assert!(OccupationCode::parse("code", "7231").is_ok());
        assert!(OccupationCode::parse("code", "72311").is_ok());
        assert!(OccupationCode::parse("code", "723").is_err());
        assert!(OccupationCode::parse("code", "72a1").is_err());
        assert_eq!(vsic_section("s", "c").ok().as_deref(), Some("C"));
        assert!(vsic_section("s", "V").is_err());
        assert!(vsic_section("s", "CC").is_err());
    }
}
