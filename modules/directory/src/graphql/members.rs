//! The caller, memberships and invitations as GraphQL types.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use hub_common::Role;
use hub_common::ids::to_id;
use uuid::Uuid;

use super::{Organization, load_organization};
use crate::entity::{invitation, membership};
use crate::kinds::{InvitationStatus, MembershipRole};
use crate::service::Directory;

pub struct Viewer {
    pub(crate) subject: String,
    pub(crate) email: Option<String>,
    pub(crate) roles: Vec<Role>,
    pub(crate) organization_id: Option<Uuid>,
}

/// The caller as the hub sees them.
#[Object]
impl Viewer {
    async fn subject(&self) -> &str {
        &self.subject
    }

    /// The caller's email address, when the sign-in vouches for it; invitations are accepted
    /// with it.
    async fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The roles the caller acts with, in the organization they act for.
    async fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The organization the caller acts for.
    async fn acting_for(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        match self.organization_id {
            Some(id) => load_organization(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The organization the caller's token acts for.
    #[graphql(deprecation = "use actingFor")]
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.acting_for(ctx).await
    }

    /// Organizations the caller belongs to according to the directory.
    async fn memberships(&self, ctx: &Context<'_>) -> Result<Vec<Membership>> {
        let rows = ctx.data::<Directory>()?.memberships_of(&self.subject).await?;
        Ok(rows.into_iter().map(Membership).collect())
    }
}

pub struct Membership(pub(crate) membership::Model);

/// A person's role in one organization.
#[Object]
impl Membership {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        load_organization(ctx, self.0.organization_id).await
    }

    /// The person's sign-in subject.
    async fn subject(&self) -> &str {
        &self.0.subject
    }

    async fn role(&self) -> MembershipRole {
        self.0.role
    }

    /// When the person joined.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    #[graphql(deprecation = "use createdAt")]
    async fn since(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

pub struct Invitation(pub(crate) invitation::Model);

/// An invitation to join an organization, as its administrators see it. Its code is never
/// shown again after `inviteMember`.
#[Object]
impl Invitation {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        load_organization(ctx, self.0.organization_id).await
    }

    /// The address invited, trimmed and in lower case; only a sign-in with this verified
    /// address can accept.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// The role the person gets on accepting.
    async fn role(&self) -> MembershipRole {
        self.0.role
    }

    async fn status(&self) -> InvitationStatus {
        self.0.status_at(Utc::now())
    }

    /// The subject who sent it.
    async fn invited_by(&self) -> &str {
        &self.0.invited_by
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Seven days after it was sent.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    async fn accepted_at(&self) -> Option<DateTime<Utc>> {
        self.0.accepted_at
    }

    /// The subject who accepted it.
    async fn accepted_by(&self) -> Option<&str> {
        self.0.accepted_by.as_deref()
    }

    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// A new invitation with its code. The code is shown here only (the hub keeps a hash of it):
/// pass it to the person invited, who accepts with `acceptInvitation`.
#[derive(SimpleObject)]
pub struct InvitationIssued {
    pub invitation: Invitation,
    pub code: String,
}
