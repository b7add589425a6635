//! Who is calling. The gateway builds a `Principal` from a verified token; module services
//! decide with it. Nothing here knows how the token was verified (HS256 or an OIDC JWKS).

use crate::msg;
use async_graphql::Enum;
use sea_orm::entity::prelude::{DeriveActiveEnum, EnumIter, StringLen};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::HubError;
use crate::messages::Message;

/// A role carried by a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Works for the organization: may act on its everyday business.
    OrgMember,
    /// Administers the organization: may also change its profile and decide on its behalf.
    OrgAdmin,
    /// Officer of a city department: reads the reports; what else they may do follows their
    /// department's remit (`Organization.remit`).
    DepartmentOfficer,
    /// Operates the platform.
    PlatformAdmin,
}

// The directory stores a department's remit (never a token claim; stored as its
// SCREAMING_SNAKE_CASE name in `directory_organizations.department_remit`) and the gateway
// copies it into `Principal::remits`. The doc comments below are the GraphQL descriptions.
/// What a city department is responsible for, and so what its officers may do beyond reading
/// the reports, which every officer may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Remit {
    /// Sở Giáo dục và Đào tạo: the plan's targets, yearly reports and pilot models, and the
    /// verification of schools, colleges and centres.
    EducationAndTraining,
    /// Sở Công Thương: the verification of enterprises and business associations.
    IndustryAndTrade,
}

impl Remit {
    /// The remit's name in refusals ("… responsible for Education and Training").
    pub fn label(self) -> Message {
        match self {
            Self::EducationAndTraining => msg!("enum-Remit-EDUCATION_AND_TRAINING"),
            Self::IndustryAndTrade => msg!("enum-Remit-INDUSTRY_AND_TRADE"),
        }
    }
}

impl Role {
    pub const ALL: [Role; 4] =
        [Role::OrgMember, Role::OrgAdmin, Role::DepartmentOfficer, Role::PlatformAdmin];

    /// The role as the API, tokens and stored sessions spell it (`ORG_ADMIN`).
    pub fn name(self) -> &'static str {
        match self {
            Role::OrgMember => "ORG_MEMBER",
            Role::OrgAdmin => "ORG_ADMIN",
            Role::DepartmentOfficer => "DEPARTMENT_OFFICER",
            Role::PlatformAdmin => "PLATFORM_ADMIN",
        }
    }

    /// The role a name spells, if any.
    pub fn named(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}

/// An authenticated caller: a subject acting for one organization with some roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub subject: String,
    /// The person's email address, only when the identity provider verified it (invitations
    /// are accepted by the address they were sent to).
    pub email: Option<String>,
    pub organization_id: Option<Uuid>,
    pub roles: Vec<Role>,
    /// What the department the officer acts for is responsible for: filled by the gateway from
    /// the directory for a `DEPARTMENT_OFFICER` acting for a department, empty for everybody
    /// else (an officer role in any other organization carries no remit).
    pub remits: Vec<Remit>,
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Any department officer, whatever the remit, or a platform admin: those who may read
    /// the reports (participation figures, every organization's records).
    pub fn is_department_officer(&self) -> bool {
        self.has_role(Role::DepartmentOfficer) || self.has_role(Role::PlatformAdmin)
    }

    /// Whether the caller may act within `remit`: a platform admin, or an officer whose
    /// department's remits include it.
    pub fn within_remit(&self, remit: Remit) -> bool {
        self.is_platform_admin() || (self.has_role(Role::DepartmentOfficer) && self.remits.contains(&remit))
    }

    /// Refuses (`FORBIDDEN`, naming the remit) a caller who may not act within `remit`;
    /// `what` completes "only an officer … may".
    pub fn require_remit(&self, remit: Remit, what: Message) -> Result<(), HubError> {
        if self.within_remit(remit) {
            Ok(())
        } else {
            Err(HubError::forbidden(
                msg!("only-officer-department-responsible-may", remit: remit.label(), what: what),
            ))
        }
    }

    pub fn is_platform_admin(&self) -> bool {
        self.has_role(Role::PlatformAdmin)
    }

    /// True when the token itself says the caller may act for `organization_id` with at least
    /// `role` (an admin may do what a member may).
    pub fn acts_for(&self, organization_id: Uuid, role: Role) -> bool {
        if self.organization_id != Some(organization_id) {
            return false;
        }
        match role {
            Role::OrgMember => self.has_role(Role::OrgMember) || self.has_role(Role::OrgAdmin),
            other => self.has_role(other),
        }
    }

    /// The organization the caller acts for, or `FORBIDDEN` when the token names none.
    pub fn acting_organization(&self) -> Result<Uuid, HubError> {
        self.organization_id.ok_or_else(|| HubError::forbidden(msg!("action-needs-token-acts-organization")))
    }
}

/// Reads the caller from a GraphQL context: `None` for anonymous requests.
pub fn caller<'a>(ctx: &async_graphql::Context<'a>) -> Option<&'a Principal> {
    ctx.data_opt::<Principal>()
}

/// Reads the caller from a GraphQL context, refusing anonymous requests.
pub fn require_caller<'a>(ctx: &async_graphql::Context<'a>) -> Result<&'a Principal, HubError> {
    caller(ctx).ok_or(HubError::Unauthenticated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_the_serialized_ones() {
        for role in Role::ALL {
            assert_eq!(serde_json::to_value(role).ok(), Some(serde_json::Value::from(role.name())));
            assert_eq!(Role::named(role.name()), Some(role));
        }
        assert_eq!(Role::named("ROOT"), None);
    }

    fn principal(org: Uuid, roles: &[Role]) -> Principal {
        Principal {
            subject: "u".into(),
            email: None,
            organization_id: Some(org),
            roles: roles.to_vec(),
            remits: Vec::new(),
        }
    }

    #[test]
    fn remits_bind_officers_but_not_platform_admins() {
        let org = Uuid::now_v7();
        let officer =
            Principal { remits: vec![Remit::IndustryAndTrade], ..principal(org, &[Role::DepartmentOfficer]) };
        assert!(officer.within_remit(Remit::IndustryAndTrade));
        assert!(!officer.within_remit(Remit::EducationAndTraining));
        assert!(officer.is_department_officer());
        let refusal = officer.require_remit(Remit::EducationAndTraining, msg!("what-set-targets"));
        assert!(
            matches!(&refusal, Err(HubError::Forbidden(message)) if message.to_string().contains("Education and Training"))
        );
        assert!(
            matches!(refusal, Err(HubError::Forbidden(message)) if message.render(crate::Language::Vi).contains("Giáo dục và Đào tạo"))
        );
        // A remit without the officer role (a token that never held it) grants nothing.
        let member =
            Principal { remits: vec![Remit::IndustryAndTrade], ..principal(org, &[Role::OrgMember]) };
        assert!(!member.within_remit(Remit::IndustryAndTrade));
        assert!(principal(org, &[Role::PlatformAdmin]).within_remit(Remit::EducationAndTraining));
    }

    #[test]
    fn admin_acts_as_member_but_not_elsewhere() {
        let org = Uuid::now_v7();
        let admin = principal(org, &[Role::OrgAdmin]);
        assert!(admin.acts_for(org, Role::OrgMember));
        assert!(admin.acts_for(org, Role::OrgAdmin));
        assert!(!admin.acts_for(Uuid::now_v7(), Role::OrgMember));
    }

    #[test]
    fn member_is_not_admin() {
        let org = Uuid::now_v7();
        assert!(!principal(org, &[Role::OrgMember]).acts_for(org, Role::OrgAdmin));
    }
}
