//! The partnerships service: every read and write of partnerships and engagements goes
//! through here, and so does every authorization decision about them. Resolvers only translate
//! arguments.
//!
//! Who may do what:
//! - an organization's administrator (a token acting for it as `ORG_ADMIN`, or what
//!   `Directory::may_administer` counts) proposes partnerships with it as a party, accepts and
//!   terminates on its behalf, and renews the ones it is a party to; decisions are taken for the
//!   organization the token acts for;
//! - the people of a party (`ORG_MEMBER` or better) see its partnerships, proposed ones
//!   included, and record engagements under its active ones;
//! - department officers see every partnership that is no longer a proposal, and every
//!   engagement; they change nothing here;
//! - everybody else sees nothing, and cannot tell a hidden partnership from a missing one.

mod activity;
mod engagements;
mod from_career_event;
mod partnerships;
mod progress;
mod roster;
pub mod validate;

use std::collections::HashMap;

use directory::Directory;
use hub_common::events::EventFeed;
use hub_common::{HubResult, Principal};
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub use activity::{EngagementHeld, PartnershipInForce};
pub use engagements::{EngagementChanges, EngagementQuery, NewEngagement};
pub use from_career_event::{Attendance, CareerEventHeld, CareerEventSource};
pub use partnerships::{NewPartnership, PartnershipQuery, Renewal};
pub use progress::{CommitmentProgress, EquipmentDelivered, InternshipSeats};
pub use roster::ActiveParties;

use crate::entity::{commitment, partnership, party};

/// Handle on the partnerships module; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct Partnerships {
    db: DatabaseConnection,
    directory: Directory,
    events: EventFeed,
    seats: std::sync::Arc<dyn InternshipSeats>,
    equipment: std::sync::Arc<dyn EquipmentDelivered>,
    /// Where engagements recorded from career events read them; `None` in a hub without the
    /// careers module.
    career_events: Option<std::sync::Arc<dyn CareerEventSource>>,
}

/// What hidden rows a caller may see: department officers see every partnership past the
/// proposal stage; the people of the organizations listed see theirs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Access {
    pub officer: bool,
    pub organizations: Vec<Uuid>,
}

impl Partnerships {
    pub fn new(
        db: DatabaseConnection,
        directory: Directory,
        events: EventFeed,
        seats: std::sync::Arc<dyn InternshipSeats>,
        equipment: std::sync::Arc<dyn EquipmentDelivered>,
    ) -> Self {
        Self { db, directory, events, seats, equipment, career_events: None }
    }

    /// Lets hosts record engagements from career events read through `source`.
    pub fn with_career_events(mut self, source: std::sync::Arc<dyn CareerEventSource>) -> Self {
        self.career_events = Some(source);
        self
    }

    /// Partnerships by id with no visibility applied: for loaders whose callers decide.
    pub async fn partnerships_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, partnership::Model>> {
        let rows = partnership::Entity::find()
            .filter(partnership::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// The parties of each partnership, in the order they joined (proposer first).
    pub async fn parties_of(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<party::Model>>> {
        let rows = party::Entity::find()
            .filter(party::Column::PartnershipId.is_in(ids.iter().copied()))
            .order_by_asc(party::Column::AcceptedAt)
            .order_by_asc(party::Column::OrganizationId)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<party::Model>> = ids.iter().map(|id| (*id, Vec::new())).collect();
        for row in rows {
            grouped.entry(row.partnership_id).or_default().push(row);
        }
        Ok(grouped)
    }

    /// The commitments of each partnership, in the order they were listed.
    pub async fn commitments_of(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<commitment::Model>>> {
        let rows = commitment::Entity::find()
            .filter(commitment::Column::PartnershipId.is_in(ids.iter().copied()))
            .order_by_asc(commitment::Column::Position)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<commitment::Model>> =
            ids.iter().map(|id| (*id, Vec::new())).collect();
        for row in rows {
            grouped.entry(row.partnership_id).or_default().push(row);
        }
        Ok(grouped)
    }

    /// Whether the caller may see this partnership: its parties always; department officers
    /// once it is no longer a proposal.
    pub async fn visible_to(
        &self,
        principal: Option<&Principal>,
        row: &partnership::Model,
    ) -> HubResult<bool> {
        let Some(principal) = principal else {
            return Ok(false);
        };
        if principal.is_department_officer() && row.status != crate::kinds::PartnershipStatus::Proposed {
            return Ok(true);
        }
        let access = self.access(Some(principal)).await?;
        let parties = party::Entity::find()
            .filter(party::Column::PartnershipId.eq(row.id))
            .filter(party::Column::OrganizationId.is_in(access.organizations))
            .one(&self.db)
            .await?;
        Ok(parties.is_some())
    }

    /// Whether the caller may act for an organization's everyday business here.
    pub(crate) async fn may_act_for(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        self.directory.may_act_for(principal, organization_id).await
    }

    /// The caller's reach for list queries (`Directory::reach`).
    async fn access(&self, principal: Option<&Principal>) -> HubResult<Access> {
        let reach = self.directory.reach(principal).await?;
        Ok(Access { officer: reach.officer, organizations: reach.organizations })
    }

    /// Starts a transaction that will write; `BEGIN IMMEDIATE` on SQLite so concurrent
    /// writers wait for the lock instead of failing with `SQLITE_BUSY` (see the internships
    /// service for the full story). PostgreSQL ignores the option.
    async fn begin_write(&self) -> HubResult<DatabaseTransaction> {
        hub_common::write::begin_write(&self.db).await
    }
}
