//! Who is calling. The gateway builds a `Principal` from a verified token; module services
//! decide with it. Nothing here knows how the token was verified (HS256 or an OIDC JWKS).

use async_graphql::Enum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::HubError;

/// A role carried by a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Works for the organization: may act on its everyday business.
    OrgMember,
    /// Administers the organization: may also change its profile and decide on its behalf.
    OrgAdmin,
    /// Officer of a city department: reads everything, verifies enterprises, sets targets.
    DepartmentOfficer,
    /// Operates the platform.
    PlatformAdmin,
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
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_department_officer(&self) -> bool {
        self.has_role(Role::DepartmentOfficer) || self.has_role(Role::PlatformAdmin)
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
        self.organization_id
            .ok_or_else(|| HubError::forbidden("this action needs a token that acts for an organization"))
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

    fn principal(org: Uuid, roles: &[Role]) -> Principal {
        Principal { subject: "u".into(), email: None, organization_id: Some(org), roles: roles.to_vec() }
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
