//! The audit service: writes entries (one INSERT each) and reads them back for the people
//! allowed to see them.
//!
//! Who sees what:
//! - department officers (and platform admins) see every entry;
//! - an organization's administrators (a token acting for it as `ORG_ADMIN`, or an `ORG_ADMIN`
//!   membership in the directory) see the entries that concern it;
//! - everybody else is `FORBIDDEN`: members who are not administrators included, because
//!   entries name people (subjects) and show arguments.

use chrono::{DateTime, Utc};
use directory::Directory;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::{self, Column, Entity};

/// What the capture extension learnt about one mutation field.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub subject: Option<String>,
    pub acting_organization_id: Option<Uuid>,
    pub roles: Vec<Role>,
    pub mutation: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Organizations known to be concerned (the acting one, those the result points at).
    pub organizations: Vec<Uuid>,
    /// UUIDs found in the arguments; those that are organizations are concerned too.
    pub mentioned_ids: Vec<Uuid>,
    /// `OK` or an error code.
    pub outcome: String,
    /// The redacted arguments.
    pub arguments: serde_json::Value,
}

/// Filters of `auditLog`; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct EntryQuery {
    pub organization_id: Option<Uuid>,
    pub object_id: Option<String>,
    pub mutation: Option<String>,
    /// Entries at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Entries strictly before this instant.
    pub before: Option<DateTime<Utc>>,
}

/// Handle on the audit log; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct AuditLog {
    db: DatabaseConnection,
    directory: Directory,
}

const NOT_ALLOWED: &str = "only department officers and organization administrators may read the audit log";

impl AuditLog {
    pub fn new(db: DatabaseConnection, directory: Directory) -> Self {
        Self { db, directory }
    }

    /// Writes one entry. Ids in the arguments count as concerned organizations when the
    /// directory knows them as organizations: one read by primary key, skipped when the
    /// arguments hold no id, then the one INSERT.
    pub async fn record(&self, entry: NewEntry) -> HubResult<entity::Model> {
        let mut organizations = entry.organizations;
        let mentioned: Vec<Uuid> =
            entry.mentioned_ids.into_iter().filter(|id| !organizations.contains(id)).collect();
        if !mentioned.is_empty() {
            organizations.extend(self.directory.organizations_by_ids(&mentioned).await?.into_keys());
        }
        organizations.sort();
        organizations.dedup();
        let roles = serde_json::to_string(&entry.roles).map_err(anyhow::Error::new)?;
        let row = entity::ActiveModel {
            id: Set(Uuid::now_v7()),
            occurred_at: Set(Utc::now()),
            subject: Set(entry.subject),
            acting_organization_id: Set(entry.acting_organization_id),
            roles: Set(roles),
            mutation: Set(entry.mutation),
            object_type: Set(entry.object_type),
            object_id: Set(entry.object_id),
            organization_ids: Set(organizations.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" ")),
            outcome: Set(entry.outcome),
            arguments: Set(entry.arguments.to_string()),
        };
        Ok(row.insert(&self.db).await?)
    }

    /// One page of the entries the caller may read, newest first.
    pub async fn entries(
        &self,
        principal: &Principal,
        query: &EntryQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<entity::Model>> {
        let mut select = Entity::find();
        if !principal.is_department_officer() {
            let administered = self.administered_by(principal).await?;
            let reach = match query.organization_id {
                Some(org) if administered.contains(&org) => vec![org],
                Some(_) => {
                    return Err(HubError::forbidden(
                        "you may read the audit log of your own organizations only",
                    ));
                }
                None if administered.is_empty() => return Err(HubError::forbidden(NOT_ALLOWED)),
                None => administered,
            };
            select = select.filter(concerning(&reach));
        } else if let Some(org) = query.organization_id {
            select = select.filter(concerning(&[org]));
        }
        if let Some(object_id) = &query.object_id {
            select = select.filter(Column::ObjectId.eq(object_id.as_str()));
        }
        if let Some(mutation) = &query.mutation {
            select = select.filter(Column::Mutation.eq(mutation.as_str()));
        }
        if let Some(since) = query.since {
            select = select.filter(Column::OccurredAt.gte(since));
        }
        if let Some(before) = query.before {
            select = select.filter(Column::OccurredAt.lt(before));
        }
        if let Some(after) = page.after {
            select = select.filter(Column::Id.lt(after));
        }
        Ok(select.order_by_desc(Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// The organizations the caller administers: the token's own when it acts as `ORG_ADMIN`,
    /// plus the directory's `ORG_ADMIN` memberships of the subject.
    async fn administered_by(&self, principal: &Principal) -> HubResult<Vec<Uuid>> {
        Ok(self.directory.reach_as(principal, Role::OrgAdmin).await?.organizations)
    }
}

/// Entries that concern any of `organizations`. A UUID's text cannot occur inside another's,
/// so a substring match on the space-separated list is exact.
fn concerning(organizations: &[Uuid]) -> Condition {
    organizations
        .iter()
        .fold(Condition::any(), |any, org| any.add(Column::OrganizationIds.contains(org.to_string())))
}
