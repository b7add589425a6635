//! Who is an active party to which partnership: what other modules check a `partnershipId`
//! against when an offer or an equipment listing names the partnership it delivers. They may
//! not depend on this crate, so the gateway hands them this check behind their own traits
//! (`gateway/src/services/bridges.rs`).
//!
//! It is a handle of its own, not a method of [`super::Partnerships`], because the
//! partnerships service itself is built from the internships and equipment services (for
//! commitment tracking): those are built first, with this.

use hub_common::HubResult;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{partnership, party};
use crate::kinds::PartnershipStatus;

/// Reads partnerships' parties; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct ActiveParties {
    db: DatabaseConnection,
}

impl ActiveParties {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Whether `organization` is a party to `partnership` and the partnership is in force
    /// today: accepted by every party, not terminated, not past its end.
    pub async fn is_active_party(&self, partnership_id: Uuid, organization_id: Uuid) -> HubResult<bool> {
        let Some(row) = partnership::Entity::find_by_id(partnership_id).one(&self.db).await? else {
            return Ok(false);
        };
        if row.status.effective(row.valid_to, super::validate::today()) != PartnershipStatus::Active {
            return Ok(false);
        }
        let party = party::Entity::find()
            .filter(party::Column::PartnershipId.eq(partnership_id))
            .filter(party::Column::OrganizationId.eq(organization_id))
            .one(&self.db)
            .await?;
        Ok(party.is_some())
    }
}
