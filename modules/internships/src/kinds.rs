//! The closed vocabularies of internships, shared by the database, the GraphQL schema and the
//! event payload. Each is stored as its SCREAMING_SNAKE_CASE name in a text column.

use async_graphql::Enum;
use hub_common::messages::Message;
use hub_common::msg;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an offer stands. `DRAFT → PUBLISHED → CLOSED`, or `CANCELLED` from a draft or a
/// published offer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OfferStatus {
    /// Being written; only the enterprise and department officers see it.
    Draft,
    /// Open: schools see it and nominate students until the application deadline.
    Published,
    /// No longer takes nominations; nominations already made are still decided and completed.
    Closed,
    /// Withdrawn by the enterprise; only the enterprise and department officers see it.
    Cancelled,
}

impl OfferStatus {
    /// Statuses everybody may see, signed in or not.
    pub const PUBLIC: [OfferStatus; 2] = [OfferStatus::Published, OfferStatus::Closed];

    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }

    /// Whether the enterprise may still change the offer's text, dates and seats.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::Published)
    }
}

/// Who an offer is open to, in the terms of the city's streaming plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EligibleLevel {
    /// Has finished lower secondary (grade 9), e.g. streaming into vocational training.
    LowerSecondaryGraduate,
    /// In grades 10-12.
    UpperSecondaryStudent,
    /// Has finished upper secondary (grade 12).
    UpperSecondaryGraduate,
    /// At a college or an intermediate vocational school.
    CollegeStudent,
}

impl EligibleLevel {
    pub const ALL: [EligibleLevel; 4] = [
        EligibleLevel::LowerSecondaryGraduate,
        EligibleLevel::UpperSecondaryStudent,
        EligibleLevel::UpperSecondaryGraduate,
        EligibleLevel::CollegeStudent,
    ];

    /// Whether a student in `grade` belongs to this level (grades as nominations give them:
    /// 6-12 at school, 13-15 for the years of college or intermediate training). A pupil in the
    /// last year of a stage counts as its graduate: schools put grade-9 and grade-12 pupils
    /// forward for what follows it.
    pub fn admits_grade(self, grade: i32) -> bool {
        match self {
            Self::LowerSecondaryGraduate => grade == 9,
            Self::UpperSecondaryStudent => (10..=12).contains(&grade),
            Self::UpperSecondaryGraduate => grade == 12,
            Self::CollegeStudent => (13..=15).contains(&grade),
        }
    }

    /// The level as a person reads it in a refusal.
    pub fn describe(self) -> Message {
        match self {
            Self::LowerSecondaryGraduate => msg!("level-lower-secondary-graduates"),
            Self::UpperSecondaryStudent => msg!("level-upper-secondary-students"),
            Self::UpperSecondaryGraduate => msg!("level-upper-secondary-graduates"),
            Self::CollegeStudent => msg!("level-college-students"),
        }
    }

    /// The name stored in the database, the same as the GraphQL name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LowerSecondaryGraduate => "LOWER_SECONDARY_GRADUATE",
            Self::UpperSecondaryStudent => "UPPER_SECONDARY_STUDENT",
            Self::UpperSecondaryGraduate => "UPPER_SECONDARY_GRADUATE",
            Self::CollegeStudent => "COLLEGE_STUDENT",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.as_str() == name)
    }

    /// The column value for a set of levels: sorted, without duplicates, as `|A|B|`. Every name
    /// is wrapped in bars so a LIKE on `%|A|%` cannot match a level whose name contains `A`.
    pub fn encode(levels: &[EligibleLevel]) -> String {
        let mut sorted = levels.to_vec();
        sorted.sort();
        sorted.dedup();
        let mut column = String::from("|");
        for level in sorted {
            column.push_str(level.as_str());
            column.push('|');
        }
        column
    }

    /// Reads a column value back; names the hub does not know are skipped (a newer release may
    /// have written them).
    pub fn decode(column: &str) -> Vec<EligibleLevel> {
        column.split('|').filter_map(Self::from_name).collect()
    }
}

/// Where a nomination stands. `SUBMITTED → ACCEPTED | REJECTED | WITHDRAWN`; an accepted one may
/// still be withdrawn, or becomes `COMPLETED` with the hours the student worked.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NominationStatus {
    Submitted,
    Accepted,
    Rejected,
    Withdrawn,
    Completed,
}

/// The enterprise's answer to a nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum NominationDecision {
    Accept,
    Reject,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip_sorted_and_deduplicated() {
        use EligibleLevel::*;
        let column = EligibleLevel::encode(&[CollegeStudent, UpperSecondaryStudent, CollegeStudent]);
        assert_eq!(column, "|UPPER_SECONDARY_STUDENT|COLLEGE_STUDENT|");
        assert_eq!(EligibleLevel::decode(&column), vec![UpperSecondaryStudent, CollegeStudent]);
        assert!(EligibleLevel::decode("|").is_empty());
    }
}
