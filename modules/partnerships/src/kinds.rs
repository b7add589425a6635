//! The closed vocabularies of partnerships and engagements. Each is stored as its
//! SCREAMING_SNAKE_CASE name in a text column, like the other modules' enums.

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a partnership is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartnershipKind {
    /// Biên bản ghi nhớ: a general memorandum of understanding.
    Mou,
    TrainingCooperation,
    InternshipProgramme,
    EquipmentSponsorship,
    CareerCounselling,
    Scholarship,
    Other,
}

/// Where a partnership stands: `PROPOSED → ACTIVE → EXPIRED | TERMINATED`.
///
/// `EXPIRED` is never stored: a row stays `ACTIVE` and reads as `EXPIRED` once its validity
/// period has ended in Hải Phòng (see [`PartnershipStatus::effective`]), so expiry needs no task
/// and no person.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartnershipStatus {
    /// Waiting for every party to accept; only the parties see it.
    Proposed,
    /// Accepted by every party and within its validity period.
    Active,
    /// Was active; its validity period has ended.
    Expired,
    /// Ended early by one of the parties, with a reason.
    Terminated,
}

impl PartnershipStatus {
    /// The status a reader sees on `today` for a row stored with `self`.
    pub fn effective(self, valid_to: chrono::NaiveDate, today: chrono::NaiveDate) -> Self {
        match self {
            Self::Active if valid_to < today => Self::Expired,
            other => other,
        }
    }
}

/// What a party promises each year.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommitmentKind {
    /// Internship seats offered through the internships module.
    InternshipSeats,
    /// Guest talks (`GUEST_TALK` engagements) under the partnership.
    CareerTalks,
    /// Engagements of any kind under the partnership.
    Engagements,
    /// Value of equipment donated or lent, in VND.
    EquipmentValueVnd,
    /// Anything else; described in words and not tracked.
    Other,
}

/// An encounter between an enterprise (or college) and students.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EngagementKind {
    /// Ngày hội tư vấn, hướng nghiệp.
    CareerDay,
    CompanyVisit,
    GuestTalk,
    CounsellingSession,
    /// Students working in a college's or enterprise's workshop for a session.
    WorkshopExperience,
    JobShadowing,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn an_active_partnership_reads_expired_the_day_after_it_ends() {
        let end = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
        let next = end.succ_opt().unwrap_or_default();
        assert_eq!(PartnershipStatus::Active.effective(end, end), PartnershipStatus::Active);
        assert_eq!(PartnershipStatus::Active.effective(end, next), PartnershipStatus::Expired);
        assert_eq!(PartnershipStatus::Proposed.effective(end, next), PartnershipStatus::Proposed);
        assert_eq!(PartnershipStatus::Terminated.effective(end, next), PartnershipStatus::Terminated);
    }
}
