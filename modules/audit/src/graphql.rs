//! The module's GraphQL surface: `auditLog` and its entry type. Resolvers translate
//! arguments and call the service.

use hub_common::msg;
use std::sync::Arc;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
use directory::{Organization, OrganizationRefs};
use hub_common::ids::{parse_id, to_id};
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::require_caller;
use hub_common::{HubError, Role};

use crate::entity;
use crate::service::{AuditLog, EntryQuery};

/// Adds what the module's resolvers and the capture extension read from the schema data.
/// The directory's own data (`directory::register`) must be there too: entries point at
/// organizations.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    log: AuditLog,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(log)
}

/// Narrows `auditLog`; every filter given must hold.
#[derive(InputObject, Default)]
pub struct AuditLogFilter {
    /// Entries that concern this organization.
    pub organization_id: Option<ID>,
    /// Entries about this object (the `id` a mutation took or returned).
    pub object_id: Option<ID>,
    /// Entries of this mutation field, e.g. `proposePartnership`.
    pub mutation: Option<String>,
    /// Entries at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Entries strictly before this instant.
    pub before: Option<DateTime<Utc>>,
}

impl AuditLogFilter {
    fn into_query(self) -> Result<EntryQuery, HubError> {
        if let (Some(since), Some(before)) = (self.since, self.before)
            && before <= since
        {
            return Err(HubError::bad_input("filter.before", msg!("before-must-later-than-since")));
        }
        Ok(EntryQuery {
            organization_id: self
                .organization_id
                .map(|id| parse_id("filter.organizationId", &id))
                .transpose()?,
            object_id: self.object_id.map(|id| id.0),
            mutation: self.mutation,
            since: self.since,
            before: self.before,
        })
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// What was done through the API, newest first: every mutation field an authenticated
    /// caller ran, with its outcome. Department officers read every entry; an organization's
    /// administrators read the entries that concern their organization; others are refused.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditLogFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AuditEntry>> {
        let principal = require_caller(ctx)?;
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<AuditLog>()?.entries(principal, &query, &page).await?;
        Ok(connection(&page, AuditEntry::siblings(rows), |e| e.model.id, |e| e))
    }
}

/// One mutation field a caller ran, and how it ended.
pub struct AuditEntry {
    model: entity::Model,
    /// Every organization the page's entries name, loaded together.
    organizations: Arc<OrganizationRefs>,
}

impl AuditEntry {
    fn siblings(models: Vec<entity::Model>) -> Vec<Self> {
        let ids = models.iter().flat_map(|m| m.organizations().into_iter().chain(m.acting_organization_id));
        let organizations = Arc::new(OrganizationRefs::new(ids.collect::<Vec<_>>()));
        models.into_iter().map(|model| Self { model, organizations: organizations.clone() }).collect()
    }
}

#[Object]
impl AuditEntry {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// When the mutation completed.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.model.occurred_at
    }

    /// The caller's token subject; null for an anonymous caller.
    async fn subject(&self) -> Option<&str> {
        self.model.subject.as_deref()
    }

    /// The organization the caller's token acted for.
    async fn acting_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        match self.model.acting_organization_id {
            Some(id) => self.organizations.get(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The roles the caller's token carried.
    async fn roles(&self) -> Vec<Role> {
        serde_json::from_str(&self.model.roles).unwrap_or_default()
    }

    /// The mutation field, e.g. `proposePartnership`.
    async fn mutation(&self) -> &str {
        &self.model.mutation
    }

    /// The GraphQL type of the object acted on, e.g. `Partnership`, when the mutation returns
    /// an object.
    async fn object_type(&self) -> Option<&str> {
        self.model.object_type.as_deref()
    }

    /// The object acted on: the mutation's `id` argument, or else the id of what it returned.
    async fn object_id(&self) -> Option<ID> {
        self.model.object_id.clone().map(ID)
    }

    /// The organizations the entry concerns: the acting one, every organization the returned
    /// object points at, and every organization whose id the arguments carry.
    async fn organizations(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let mut found = Vec::new();
        for id in self.model.organizations() {
            if let Some(org) = self.organizations.get(ctx, id).await? {
                found.push(org);
            }
        }
        Ok(found)
    }

    /// `OK`, or the error's `extensions.code` (`FORBIDDEN`, `BAD_USER_INPUT`, …).
    async fn outcome(&self) -> &str {
        &self.model.outcome
    }

    /// The arguments as JSON text. Values the schema marks secret, and any under a name that
    /// mentions a student, token, secret or password, read `"[redacted]"`; long texts are
    /// shortened.
    async fn arguments(&self) -> &str {
        &self.model.arguments
    }
}
