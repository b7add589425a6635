//! The audit service: writes entries (see the capture for when) and reads them back for the people
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
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal, Role};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::{self, Column, Entity};

/// What the capture extension learnt about one mutation field.
///
/// Its id is chosen when the field starts, so the entry written inside the mutation's
/// transaction and the one written after the field resolved are the same row.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub id: Uuid,
    /// When the field started.
    pub occurred_at: DateTime<Utc>,
    pub subject: Option<String>,
    pub acting_organization_id: Option<Uuid>,
    pub roles: Vec<Role>,
    pub mutation: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Every organization concerned (the acting one, those the arguments name, those the
    /// result points at), see [`AuditLog::organizations_among`].
    pub organizations: Vec<Uuid>,
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

const NOT_ALLOWED: Message = msg!("only-department-officers-organization-administrators-may");

impl AuditLog {
    pub fn new(db: DatabaseConnection, directory: Directory) -> Self {
        Self { db, directory }
    }

    /// The ids among `ids` that the directory knows as organizations (one read by primary
    /// key; none when `ids` is empty). The capture calls it before the field runs: inside the
    /// mutation's transaction it would need a second connection while holding the first.
    pub async fn organizations_among(&self, ids: &[Uuid]) -> HubResult<Vec<Uuid>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.directory.organizations_by_ids(ids).await?.into_keys().collect())
    }

    /// Writes `entry` inside the mutation's transaction `txn`, unless a row with its id is
    /// there already (an earlier transaction of the same field committed it).
    pub async fn record_in(&self, txn: &DatabaseTransaction, entry: &NewEntry) -> HubResult<()> {
        Entity::insert(row_of(entry)?)
            .on_conflict_do_nothing_on([Column::Id])
            .exec_without_returning(txn)
            .await?;
        Ok(())
    }

    /// Writes `entry` once the field resolved: inserted when no transaction of the field
    /// committed it, otherwise the row written then gets the outcome, object and organizations
    /// known now. One statement either way.
    pub async fn record(&self, entry: &NewEntry) -> HubResult<()> {
        let completed = OnConflict::column(Column::Id)
            .update_columns([Column::ObjectType, Column::ObjectId, Column::OrganizationIds, Column::Outcome])
            .to_owned();
        Entity::insert(row_of(entry)?).on_conflict(completed).exec_without_returning(&self.db).await?;
        Ok(())
    }

    /// Like [`AuditLog::record`] for a row that must not be created now (an anonymous caller's
    /// failed field): updates the row a committed transaction of the field wrote, if any.
    pub async fn complete(&self, entry: &NewEntry) -> HubResult<()> {
        let row = row_of(entry)?;
        Entity::update_many()
            .set(entity::ActiveModel {
                object_type: row.object_type,
                object_id: row.object_id,
                organization_ids: row.organization_ids,
                outcome: row.outcome,
                ..Default::default()
            })
            .filter(Column::Id.eq(entry.id))
            .exec(&self.db)
            .await?;
        Ok(())
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
                    return Err(HubError::forbidden(msg!("you-may-read-audit-log-your")));
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

fn row_of(entry: &NewEntry) -> HubResult<entity::ActiveModel> {
    let mut organizations = entry.organizations.clone();
    organizations.sort();
    organizations.dedup();
    let roles = serde_json::to_string(&entry.roles).map_err(anyhow::Error::new)?;
    Ok(entity::ActiveModel {
        id: Set(entry.id),
        occurred_at: Set(entry.occurred_at),
        subject: Set(entry.subject.clone()),
        acting_organization_id: Set(entry.acting_organization_id),
        roles: Set(roles),
        mutation: Set(entry.mutation.clone()),
        object_type: Set(entry.object_type.clone()),
        object_id: Set(entry.object_id.clone()),
        organization_ids: Set(organizations.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" ")),
        outcome: Set(entry.outcome.clone()),
        arguments: Set(entry.arguments.to_string()),
    })
}

/// Entries that concern any of `organizations`. A UUID's text cannot occur inside another's,
/// so a substring match on the space-separated list is exact.
fn concerning(organizations: &[Uuid]) -> Condition {
    organizations
        .iter()
        .fold(Condition::any(), |any, org| any.add(Column::OrganizationIds.contains(org.to_string())))
}
