//! Invitations: how a person joins an organization.
//!
//! Whoever manages an organization's members (see `require_member_manager`) invites an email
//! address with a role. The invitation carries a random code, shown once to the inviter (who
//! passes it on) and stored only as its SHA-256. The invited person accepts it, signed in with
//! that address verified by the identity provider, within seven days; an accepted, revoked or
//! expired invitation cannot be used again.

use chrono::{DateTime, TimeDelta, Utc};
use hub_common::error::on_unique_violation;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::secrets::{new_secret, sha256_hex};
use hub_common::write::begin_write;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::Directory;
use super::members::require_fitting_role;
use crate::entity::{invitation, membership};
use crate::kinds::{InvitationStatus, MembershipRole};

/// How long an invitation can be accepted.
pub const INVITATION_LIFETIME: TimeDelta = TimeDelta::days(7);
/// The longest address RFC 5321 lets through, and its local part.
const MAX_EMAIL_CHARS: usize = 254;
const MAX_LOCAL_PART_CHARS: usize = 64;

/// A new invitation and its code: the only time the code exists outside the inviter's hands.
#[derive(Debug, Clone)]
pub struct IssuedInvitation {
    pub invitation: invitation::Model,
    pub code: String,
}

#[derive(Debug, Default, Clone)]
pub struct InvitationQuery {
    /// `Some(true)`: only invitations that can still be accepted; `Some(false)`: only those
    /// that cannot (accepted, revoked or expired).
    pub pending: Option<bool>,
}

impl invitation::Model {
    pub fn status_at(&self, now: DateTime<Utc>) -> InvitationStatus {
        if self.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.expires_at <= now {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }
}

impl Directory {
    /// Invites `email` to join the organization with `role`, for seven days.
    pub async fn invite(
        &self,
        principal: &Principal,
        organization_id: Uuid,
        email: &str,
        role: MembershipRole,
    ) -> HubResult<IssuedInvitation> {
        let organization = self.require_member_manager(principal, organization_id).await?;
        require_fitting_role(role, organization.kind)?;
        let email = normalize_email("email", email)?;
        let code = new_secret();
        let now = Utc::now();
        let invitation = invitation::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(organization_id),
            email: Set(email),
            role: Set(role),
            code_hash: Set(sha256_hex(&code)),
            invited_by: Set(principal.subject.clone()),
            created_at: Set(now),
            expires_at: Set(now + INVITATION_LIFETIME),
            accepted_at: Set(None),
            accepted_by: Set(None),
            revoked_at: Set(None),
        };
        let txn = begin_write(&self.db).await?;
        let invitation = invitation.insert(&txn).await?;
        txn.commit().await?;
        tracing::info!(
            invitation = %invitation.id, organization = %organization_id, ?role,
            by = %principal.subject, "invitation issued"
        );
        Ok(IssuedInvitation { invitation, code })
    }

    /// Accepts an invitation: the caller becomes a member of its organization with its role.
    ///
    /// The caller's verified email must be the address invited (case aside). A caller who is
    /// already a member gets `CONFLICT` and nothing changes (the invitation stays open for its
    /// administrators to revoke): a role is changed with `set_member_role`, never by a code,
    /// so an old invitation cannot quietly demote or promote anyone.
    pub async fn accept_invitation(&self, principal: &Principal, code: &str) -> HubResult<membership::Model> {
        let Some(own_email) = principal.email.as_deref() else {
            return Err(HubError::forbidden(msg!("accepting-invitation-needs-sign-with-verified")));
        };
        let found = invitation::Entity::find()
            .filter(invitation::Column::CodeHash.eq(sha256_hex(code.trim())))
            .one(&self.db)
            .await?
            .ok_or(HubError::NotFound(msg!("invitation-not-found")))?;
        if own_email.trim().to_lowercase() != found.email {
            return Err(HubError::forbidden(msg!("invitation-was-sent-another-email-address")));
        }
        let now = Utc::now();
        refuse_closed(&found, now)?;

        let txn = begin_write(&self.db).await?;
        let already = membership::Entity::find()
            .filter(membership::Column::Subject.eq(principal.subject.as_str()))
            .filter(membership::Column::OrganizationId.eq(found.organization_id))
            .one(&txn)
            .await?;
        if already.is_some() {
            return Err(HubError::conflict(ALREADY_MEMBER));
        }
        // Only an open invitation is taken, so a concurrent acceptance or revocation wins or
        // loses as a whole.
        let taken = invitation::Entity::update_many()
            .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
            .col_expr(invitation::Column::AcceptedBy, Expr::value(principal.subject.clone()))
            .filter(invitation::Column::Id.eq(found.id))
            .filter(open_at(now))
            .exec(&txn)
            .await?;
        if taken.rows_affected != 1 {
            return Err(HubError::conflict(msg!("invitation-can-no-longer-accepted")));
        }
        let created = membership::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(found.organization_id),
            subject: Set(principal.subject.clone()),
            role: Set(found.role),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|err| on_unique_violation(err, ALREADY_MEMBER))?;
        txn.commit().await?;
        tracing::info!(
            invitation = %found.id, organization = %found.organization_id,
            subject = %principal.subject, "invitation accepted"
        );
        Ok(created)
    }

    /// Withdraws an invitation so its code stops working. Revoking a revoked one changes
    /// nothing; an accepted one is `CONFLICT` (remove the member instead).
    pub async fn revoke_invitation(
        &self,
        principal: &Principal,
        invitation_id: Uuid,
    ) -> HubResult<invitation::Model> {
        let existing = invitation::Entity::find_by_id(invitation_id)
            .one(&self.db)
            .await?
            .ok_or(HubError::NotFound(msg!("invitation-not-found")))?;
        self.require_member_manager(principal, existing.organization_id).await?;
        if existing.accepted_at.is_none() && existing.revoked_at.is_none() {
            let txn = begin_write(&self.db).await?;
            invitation::Entity::update_many()
                .col_expr(invitation::Column::RevokedAt, Expr::value(Utc::now()))
                .filter(invitation::Column::Id.eq(invitation_id))
                .filter(invitation::Column::AcceptedAt.is_null())
                .filter(invitation::Column::RevokedAt.is_null())
                .exec(&txn)
                .await?;
            txn.commit().await?;
        }
        let current = invitation::Entity::find_by_id(invitation_id)
            .one(&self.db)
            .await?
            .ok_or(HubError::NotFound(msg!("invitation-not-found")))?;
        if current.accepted_at.is_some() {
            return Err(HubError::conflict(msg!("invitation-has-already-been-accepted-remove")));
        }
        tracing::info!(invitation = %invitation_id, by = %principal.subject, "invitation revoked");
        Ok(current)
    }

    /// One page of the organization's invitations, newest first; for whoever manages its
    /// members.
    pub async fn invitations(
        &self,
        principal: &Principal,
        organization_id: Uuid,
        query: &InvitationQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<invitation::Model>> {
        self.require_member_manager(principal, organization_id).await?;
        let mut select =
            invitation::Entity::find().filter(invitation::Column::OrganizationId.eq(organization_id));
        let now = Utc::now();
        match query.pending {
            Some(true) => select = select.filter(open_at(now)),
            Some(false) => select = select.filter(open_at(now).not()),
            None => {}
        }
        if let Some(after) = page.after {
            select = select.filter(invitation::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(invitation::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }
}

/// Invitations that can still be accepted at `now`.
fn open_at(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(invitation::Column::AcceptedAt.is_null())
        .add(invitation::Column::RevokedAt.is_null())
        .add(invitation::Column::ExpiresAt.gt(now))
}

/// `CONFLICT` for an invitation that can no longer be accepted, saying why.
fn refuse_closed(invitation: &invitation::Model, now: DateTime<Utc>) -> HubResult<()> {
    match invitation.status_at(now) {
        InvitationStatus::Pending => Ok(()),
        InvitationStatus::Accepted => Err(HubError::conflict(msg!("invitation-has-already-been-accepted"))),
        InvitationStatus::Revoked => {
            Err(HubError::conflict(msg!("invitation-was-withdrawn-ask-organization-new")))
        }
        InvitationStatus::Expired => {
            Err(HubError::conflict(msg!("invitation-has-expired-ask-organization-new")))
        }
    }
}

const ALREADY_MEMBER: Message = msg!("you-already-member-organization-administrators-can");

/// Trims and lower-cases an email address and checks its shape: one `@`, a local part of up to
/// 64 characters without spaces or quoting, and a domain of at least two dot-separated labels
/// of letters, digits and inner hyphens. Whether the address exists is for the mail to tell.
pub(crate) fn normalize_email(field: &str, raw: &str) -> HubResult<String> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(HubError::bad_input(field, msg!("field-must-not-empty", field = field)));
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(HubError::bad_input(
            field,
            msg!("field-must-at-most-max-email", field = field, max_email_chars = MAX_EMAIL_CHARS),
        ));
    }
    let invalid = || HubError::bad_input(field, msg!("field-not-email-address-such-as", field = field));
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    let local_ok = !local.is_empty()
        && local.chars().count() <= MAX_LOCAL_PART_CHARS
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"\"(),:;<>@[\\]".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok { Ok(email) } else { Err(invalid()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lower_cased_and_checked() {
        assert_eq!(
            normalize_email("email", "  Lan.Nguyen@TruongTranPhu.edu.VN ").ok().as_deref(),
            Some("lan.nguyen@truongtranphu.edu.vn")
        );
        for bad in [
            "",
            "lan",
            "lan@",
            "@x.vn",
            "lan@vn",
            "lan@x..vn",
            "a b@x.vn",
            "lan@x.vn@y.vn",
            "lan@-x.vn",
            ".lan@x.vn",
        ] {
            assert!(
                matches!(normalize_email("email", bad), Err(HubError::BadUserInput { field, .. }) if field == "email"),
                "{bad:?} was accepted"
            );
        }
    }
}
