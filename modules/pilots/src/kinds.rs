//! The closed vocabularies of pilots, indicators and reports. Each is stored as its
//! SCREAMING_SNAKE_CASE name in a text column, like the other modules' enums.

use async_graphql::Enum;
use directory::OrganizationKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What an indicator's value is measured in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "IndicatorUnit")]
pub enum Unit {
    /// A share, 0-100, reported as a numerator and a denominator. Every indicator of the plan
    /// is one.
    Percent,
}

/// Which way is progress.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "IndicatorDirection")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// What a share counts, which decides what one school may report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "IndicatorCounts")]
pub enum Counts {
    /// Schools that have something: a school reports 1 of 1 (it has it) or 0 of 1.
    Schools,
    /// Graduates who went on somewhere: a school reports how many of its graduates did.
    Graduates,
}

/// The level of general education whose schools report an indicator.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SchoolLevel {
    /// THCS, grades 6-9.
    LowerSecondary,
    /// THPT, grades 10-12.
    UpperSecondary,
}

impl SchoolLevel {
    /// Whether an organization of `kind` teaches at this level (multi-level schools teach both).
    pub fn taught_by(self, kind: OrganizationKind) -> bool {
        match self {
            Self::LowerSecondary => {
                matches!(kind, OrganizationKind::LowerSecondarySchool | OrganizationKind::MultiLevelSchool)
            }
            Self::UpperSecondary => {
                matches!(kind, OrganizationKind::UpperSecondarySchool | OrganizationKind::MultiLevelSchool)
            }
        }
    }
}

/// Where a yearly report stands: `DRAFT → SUBMITTED → ACCEPTED | RETURNED`, and a returned
/// report goes back to the organization to resubmit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "AnnualReportStatus")]
pub enum ReportStatus {
    /// Being written; only the organization sees it.
    Draft,
    Submitted,
    Accepted,
    /// Sent back by an officer with a reason; the organization edits and submits again.
    Returned,
}

/// Where a pilot model stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "PilotModelStatus")]
pub enum PilotStatus {
    Planned,
    Running,
    Completed,
    /// Stopped before its planned end.
    Discontinued,
}

impl PilotStatus {
    /// Whether a model may move from `self` to `next`. Completed and discontinued are final.
    pub fn may_become(self, next: Self) -> bool {
        matches!(
            (self, next),
            (Self::Planned, Self::Running | Self::Discontinued)
                | (Self::Running, Self::Completed | Self::Discontinued)
        )
    }
}

/// The organizations expected to send a yearly report: general-education schools and
/// vocational institutions (centres, intermediate schools, colleges). Universities answer to
/// the Ministry, not to the city's department, and are not expected.
pub fn reports_yearly(kind: OrganizationKind) -> bool {
    kind.is_school() && kind != OrganizationKind::University
}

/// The kinds [`reports_yearly`] accepts, for queries.
pub const REPORTING_KINDS: &[OrganizationKind] = &[
    OrganizationKind::LowerSecondarySchool,
    OrganizationKind::UpperSecondarySchool,
    OrganizationKind::MultiLevelSchool,
    OrganizationKind::VocationalCentre,
    OrganizationKind::IntermediateSchool,
    OrganizationKind::College,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporting_kinds_match_the_rule() {
        for kind in [
            OrganizationKind::LowerSecondarySchool,
            OrganizationKind::University,
            OrganizationKind::Enterprise,
            OrganizationKind::College,
            OrganizationKind::Department,
        ] {
            assert_eq!(reports_yearly(kind), REPORTING_KINDS.contains(&kind), "{kind:?}");
        }
    }

    #[test]
    fn finished_pilots_stay_finished() {
        assert!(PilotStatus::Planned.may_become(PilotStatus::Running));
        assert!(!PilotStatus::Completed.may_become(PilotStatus::Running));
        assert!(!PilotStatus::Planned.may_become(PilotStatus::Completed));
    }
}
