//! The closed vocabularies of the directory, shared by the database and the GraphQL schema.
//!
//! Each enum is stored as its SCREAMING_SNAKE_CASE name in a text column, so the database
//! stays readable and a new variant needs no type migration on PostgreSQL.

use async_graphql::Enum;
use hub_common::Remit;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The administrative level of an area. Districts are historic since 1 July 2025, when
/// Vietnam removed the district level; they are kept so older records still resolve.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AreaLevel {
    /// Thành phố trực thuộc trung ương (a centrally governed city).
    City,
    /// Quận (urban district), historic.
    UrbanDistrict,
    /// Huyện (rural district), historic.
    RuralDistrict,
    /// Thành phố / thị xã thuộc thành phố (a city or town inside the city), historic.
    Town,
    /// Phường.
    Ward,
    /// Xã.
    Commune,
    /// Đặc khu.
    SpecialZone,
}

/// What an organization is; decides which actions it may take across the hub.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrganizationKind {
    LowerSecondarySchool,
    UpperSecondarySchool,
    MultiLevelSchool,
    VocationalCentre,
    IntermediateSchool,
    College,
    University,
    Enterprise,
    BusinessAssociation,
    Department,
}

impl OrganizationKind {
    /// Organizations that are registered businesses and so must carry a tax code.
    pub fn is_business(self) -> bool {
        matches!(self, Self::Enterprise | Self::BusinessAssociation)
    }

    /// Organizations that bring work or vocational training to a school: businesses, and the
    /// vocational and higher-education institutions (not general-education schools).
    pub fn brings_work_or_training(self) -> bool {
        self.is_business()
            || matches!(
                self,
                Self::VocationalCentre | Self::IntermediateSchool | Self::College | Self::University
            )
    }

    /// Organizations that teach students (they nominate, book workshops, report indicators).
    pub fn is_school(self) -> bool {
        matches!(
            self,
            Self::LowerSecondarySchool
                | Self::UpperSecondarySchool
                | Self::MultiLevelSchool
                | Self::VocationalCentre
                | Self::IntermediateSchool
                | Self::College
                | Self::University
        )
    }
}

impl OrganizationKind {
    /// The department remit whose officers verify organizations of this kind: Industry and
    /// Trade for businesses, Education and Training for schools, colleges and centres. `None`
    /// for departments, which only platform administrators register and verify.
    pub fn verified_within(self) -> Option<Remit> {
        if self.is_business() {
            Some(Remit::IndustryAndTrade)
        } else if self.is_school() {
            Some(Remit::EducationAndTraining)
        } else {
            None
        }
    }
}

/// A role a person holds within one organization, as recorded in the directory.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MembershipRole {
    /// Works for the organization (not a city department).
    OrgMember,
    /// Administers the organization (not a city department): manages its profile and members.
    OrgAdmin,
    /// Officer of a city department: the only role a `DEPARTMENT` organization has, and never
    /// held in any other. Platform administrators manage departments' officers.
    DepartmentOfficer,
}

impl MembershipRole {
    /// Whether an organization of `kind` may have members with this role: departments have
    /// officers only, every other organization members and administrators only.
    pub fn fits(self, kind: OrganizationKind) -> bool {
        (kind == OrganizationKind::Department) == (self == Self::DepartmentOfficer)
    }
}

/// Where an invitation stands; worked out from its dates, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationStatus {
    /// Can be accepted until it expires.
    Pending,
    Accepted,
    /// Withdrawn by the organization; its code no longer works.
    Revoked,
    /// Not accepted within seven days.
    Expired,
}

/// The token role a membership stands for, for building a `Principal` from the directory.
impl From<MembershipRole> for hub_common::Role {
    fn from(role: MembershipRole) -> Self {
        match role {
            MembershipRole::OrgMember => Self::OrgMember,
            MembershipRole::OrgAdmin => Self::OrgAdmin,
            MembershipRole::DepartmentOfficer => Self::DepartmentOfficer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_have_officers_and_only_departments_do() {
        assert!(MembershipRole::DepartmentOfficer.fits(OrganizationKind::Department));
        assert!(!MembershipRole::OrgAdmin.fits(OrganizationKind::Department));
        assert!(!MembershipRole::OrgMember.fits(OrganizationKind::Department));
        assert!(MembershipRole::OrgAdmin.fits(OrganizationKind::College));
        assert!(!MembershipRole::DepartmentOfficer.fits(OrganizationKind::Enterprise));
    }
}
