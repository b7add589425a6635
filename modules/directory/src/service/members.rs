//! Memberships: who may see an organization's members, change their roles and remove them.
//!
//! An organization's administrators manage its members; a city department's officers are
//! managed by platform administrators only. Anyone may leave an organization. An organization
//! other than a department always keeps at least one `ORG_ADMIN` membership once it has one:
//! the last one can be neither demoted nor removed (a department may have no officer at all).
//! Changes of role and removals append `directory.membership_changed` in their transaction.

use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::write::begin_write;
use hub_common::{HubError, HubResult, Principal, Role};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::Directory;
use crate::entity::{membership, organization};
use crate::events::{MEMBERSHIP_CHANGED, MembershipChanged};
use crate::kinds::{MembershipRole, OrganizationKind};

impl Directory {
    /// Authorizes managing the members of `organization_id` (inviting, revoking, changing
    /// roles, removing) and returns the organization: its administrators may, and for a city
    /// department platform administrators only. Refuses before revealing whether it exists.
    pub(crate) async fn require_member_manager(
        &self,
        principal: &Principal,
        organization_id: Uuid,
    ) -> HubResult<organization::Model> {
        let organization = self.organization(organization_id).await?;
        match &organization {
            Some(found) if found.kind == OrganizationKind::Department => {
                if !principal.is_platform_admin() {
                    return Err(HubError::forbidden(msg!(
                        "only-platform-administrators-manage-city-department"
                    )));
                }
            }
            _ => {
                if !self.may_administer(principal, organization_id).await? {
                    return Err(HubError::forbidden(msg!(
                        "only-organization-s-administrators-manage-members"
                    )));
                }
            }
        }
        organization.ok_or(HubError::NotFound(msg!("organization-not-found")))
    }

    /// Whether the caller may list the organization's members: its members and administrators
    /// (by token or in the directory), department officers and platform administrators.
    async fn may_read_members(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        if principal.is_department_officer() || principal.acts_for(organization_id, Role::OrgMember) {
            return Ok(true);
        }
        let own = membership::Entity::find()
            .filter(membership::Column::Subject.eq(principal.subject.as_str()))
            .filter(membership::Column::OrganizationId.eq(organization_id))
            .one(&self.db)
            .await?;
        Ok(own.is_some())
    }

    /// One page of the organization's memberships, oldest first (ids are UUIDv7).
    pub async fn members(
        &self,
        principal: &Principal,
        organization_id: Uuid,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<membership::Model>> {
        if !self.may_read_members(principal, organization_id).await? {
            return Err(HubError::forbidden(msg!("only-organization-s-members-administrators-department")));
        }
        let mut select =
            membership::Entity::find().filter(membership::Column::OrganizationId.eq(organization_id));
        if let Some(after) = page.after {
            select = select.filter(membership::Column::Id.gt(after));
        }
        Ok(select.order_by_asc(membership::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    pub async fn membership(&self, id: Uuid) -> HubResult<Option<membership::Model>> {
        Ok(membership::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Gives a member another role (the organization's administrators; a department's
    /// officers: platform administrators). The role must fit the organization (officers in
    /// departments only), and the last administrator cannot be demoted. Setting the role a
    /// member already holds changes nothing and announces nothing.
    pub async fn set_member_role(
        &self,
        principal: &Principal,
        membership_id: Uuid,
        role: MembershipRole,
    ) -> HubResult<membership::Model> {
        let existing =
            self.membership(membership_id).await?.ok_or(HubError::NotFound(msg!("membership-not-found")))?;
        let organization = self.require_member_manager(principal, existing.organization_id).await?;
        require_fitting_role(role, organization.kind)?;
        let txn = begin_write(&self.db).await?;
        let current = lock_membership(&txn, &existing).await?;
        if current.role == role {
            return Ok(current);
        }
        if current.role == MembershipRole::OrgAdmin {
            require_another_admin(&txn, &current).await?;
        }
        let mut row: membership::ActiveModel = current.into();
        row.role = Set(role);
        let updated = row.update(&txn).await?;
        MEMBERSHIP_CHANGED
            .publish(
                &txn,
                &MembershipChanged {
                    organization_id: updated.organization_id,
                    subject: updated.subject.clone(),
                    role: Some(role),
                },
            )
            .await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(
            membership = %membership_id, organization = %updated.organization_id, ?role,
            by = %principal.subject, "membership role changed"
        );
        Ok(updated)
    }

    /// Ends a membership: the member themself (leaving), or whoever manages the organization's
    /// members. The last administrator can do neither. Returns the membership as it was.
    pub async fn remove_member(
        &self,
        principal: &Principal,
        membership_id: Uuid,
    ) -> HubResult<membership::Model> {
        let existing =
            self.membership(membership_id).await?.ok_or(HubError::NotFound(msg!("membership-not-found")))?;
        if existing.subject != principal.subject {
            self.require_member_manager(principal, existing.organization_id).await?;
        }
        let txn = begin_write(&self.db).await?;
        let current = lock_membership(&txn, &existing).await?;
        if current.role == MembershipRole::OrgAdmin {
            require_another_admin(&txn, &current).await?;
        }
        membership::Entity::delete_by_id(current.id).exec(&txn).await?;
        MEMBERSHIP_CHANGED
            .publish(
                &txn,
                &MembershipChanged {
                    organization_id: current.organization_id,
                    subject: current.subject.clone(),
                    role: None,
                },
            )
            .await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(
            membership = %membership_id, organization = %current.organization_id,
            by = %principal.subject, "membership removed"
        );
        Ok(current)
    }
}

/// `BAD_USER_INPUT` on `role` unless an organization of `kind` may have members with `role`.
pub(crate) fn require_fitting_role(role: MembershipRole, kind: OrganizationKind) -> HubResult<()> {
    if role.fits(kind) {
        Ok(())
    } else if kind == OrganizationKind::Department {
        Err(HubError::bad_input("role", msg!("city-department-s-members-department-officers")))
    } else {
        Err(HubError::bad_input("role", msg!("only-city-departments-have-department-officers")))
    }
}

/// Serializes membership changes of one organization and re-reads the membership under that
/// lock. On PostgreSQL the organization's row is locked (`FOR NO KEY UPDATE`, which does not
/// hold up rows of other tables that refer to it), so two administrators demoting each other
/// at once cannot both pass the last-administrator check; SQLite's `BEGIN IMMEDIATE` already
/// serializes writers.
async fn lock_membership(
    txn: &DatabaseTransaction,
    existing: &membership::Model,
) -> HubResult<membership::Model> {
    organization::Entity::find_by_id(existing.organization_id).lock(LockType::NoKeyUpdate).one(txn).await?;
    membership::Entity::find_by_id(existing.id)
        .one(txn)
        .await?
        .ok_or(HubError::NotFound(msg!("membership-not-found")))
}

/// `CONFLICT` unless the organization has an administrator besides `leaving`.
async fn require_another_admin(txn: &DatabaseTransaction, leaving: &membership::Model) -> HubResult<()> {
    let others = membership::Entity::find()
        .filter(membership::Column::OrganizationId.eq(leaving.organization_id))
        .filter(membership::Column::Role.eq(MembershipRole::OrgAdmin))
        .filter(membership::Column::Id.ne(leaving.id))
        .count(txn)
        .await?;
    if others == 0 {
        return Err(HubError::conflict(msg!("organization-keeps-at-least-one-administrator")));
    }
    Ok(())
}
