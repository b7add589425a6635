//! The internships service: every read and write of offers and nominations goes through here,
//! and so does every authorization decision about them. Resolvers only translate arguments.
//!
//! Who may do what:
//! - an enterprise's people (a token acting for it as `ORG_MEMBER` or better, or a recorded
//!   administrator of it) create, edit, publish, close and cancel its offers, and decide and
//!   complete the nominations made for them; publishing also needs a verified enterprise;
//! - a school's people nominate its students and withdraw its nominations;
//! - department officers read everything, drafts and every nomination included, and change
//!   nothing here;
//! - everybody, signed in or not, reads published and closed offers.
//!
//! A refusal comes before anything that would reveal whether a hidden row exists.

mod activity;
mod filter;
mod nominations;
mod offers;
pub mod validate;

use hub_common::msg;
use std::collections::HashMap;
use std::sync::Arc;

use directory::Directory;
use hub_common::batching::any_of;
use hub_common::events::EventFeed;
use hub_common::projection::Projection;
use hub_common::read_pool::ReadPool;
use hub_common::{HubResult, Principal};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

pub use activity::InternshipsGiven;
pub use filter::{OfferMatcher, OfferQuery};
pub use nominations::{NewNomination, NominationQuery};
pub use offers::{NewOffer, OfferChanges};

use crate::entity::offer;

/// Handle on the internships module; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct Internships {
    db: DatabaseConnection,
    /// For the batched and paged reads, which run outside transactions.
    reads: ReadPool,
    directory: Directory,
    events: EventFeed,
    /// Checks the partnership an offer names; without it, naming one is refused.
    partnerships: Option<Arc<dyn PartnershipParties>>,
}

/// Whether an organization is an active party to a partnership, as the partnerships module
/// knows it. This crate may not depend on that module, so it states the need and the gateway
/// supplies it (`gateway/src/services/bridges.rs`).
#[async_trait::async_trait]
pub trait PartnershipParties: Send + Sync {
    /// Whether `organization` is a party to `partnership` and the partnership is in force.
    async fn is_active_party(&self, partnership: Uuid, organization: Uuid) -> HubResult<bool>;
}

/// What hidden rows a caller may see: everything (department officers), or what belongs to the
/// organizations they act for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Access {
    pub officer: bool,
    pub organizations: Vec<Uuid>,
}

impl Internships {
    pub fn new(db: DatabaseConnection, directory: Directory, events: EventFeed) -> Self {
        Self { reads: ReadPool::pooled(db.clone()), db, directory, events, partnerships: None }
    }

    /// Runs the batched and paged reads over `reads` (`hub_common::read_pool`).
    pub fn with_reads(mut self, reads: ReadPool) -> Self {
        self.reads = reads;
        self
    }

    /// Lets offers name the partnership they deliver, checked with `partnerships`.
    pub fn with_partnerships(mut self, partnerships: Arc<dyn PartnershipParties>) -> Self {
        self.partnerships = Some(partnerships);
        self
    }

    /// Refuses a partnership the enterprise is not an active party to (or an unknown one:
    /// the message is the same, so it tells nothing about other enterprises' partnerships).
    pub(crate) async fn check_partnership(&self, enterprise: Uuid, partnership: Uuid) -> HubResult<()> {
        let party = match &self.partnerships {
            Some(check) => check.is_active_party(partnership, enterprise).await?,
            None => false,
        };
        if !party {
            return Err(hub_common::HubError::bad_input(
                "partnershipId",
                msg!("enterprise-not-party-active-partnership-with"),
            ));
        }
        Ok(())
    }

    /// Offers by id with no visibility applied: for loaders whose callers have already decided
    /// (a nomination's own offer) or decide afterwards (`visible_to`).
    pub async fn offers_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, offer::Model>> {
        let rows = offer::Entity::find()
            .filter(any_of(self.reads.get_database_backend(), offer::Column::Id, ids))
            .all(&self.reads)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// Offers by id as [`Self::offers_by_ids`] gives them, reading only `projection`'s columns,
    /// which hold the id (for the compiled plans; see `hub_common::projection`).
    pub(crate) async fn projected_offers_by_ids(
        &self,
        ids: &[Uuid],
        projection: &Projection<offer::Column>,
    ) -> HubResult<HashMap<Uuid, offer::Model>> {
        let select =
            offer::Entity::find().filter(any_of(self.reads.get_database_backend(), offer::Column::Id, ids));
        let rows = self.read_projected(select, projection).await?;
        Ok(rows.into_iter().map(|offer| (offer.id, offer)).collect())
    }

    /// Whether the caller may see this offer: published and closed offers are public; drafts
    /// and cancelled offers only reach the enterprise and department officers.
    pub async fn visible_to(&self, principal: Option<&Principal>, offer: &offer::Model) -> HubResult<bool> {
        if offer.status.is_public() {
            return Ok(true);
        }
        match principal {
            None => Ok(false),
            Some(p) if p.is_department_officer() => Ok(true),
            Some(p) => self.may_act_for(p, offer.enterprise_id).await,
        }
    }

    /// Whether the caller may act for an organization here: a token that acts for it as member
    /// or admin, or what the directory counts as administering it (a recorded `ORG_ADMIN`
    /// membership, or a platform admin).
    pub(crate) async fn may_act_for(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        self.directory.may_act_for(principal, organization_id).await
    }

    /// The caller's reach for list queries (`Directory::reach`). Officers see every record
    /// here, so their own organizations are not read.
    async fn access(&self, principal: Option<&Principal>) -> HubResult<Access> {
        if principal.is_some_and(Principal::is_department_officer) {
            return Ok(Access { officer: true, organizations: Vec::new() });
        }
        let reach = self.directory.reach(principal).await?;
        Ok(Access { officer: reach.officer, organizations: reach.organizations })
    }

    /// Starts a transaction that will write (`hub_common::write::begin_write`). Nominating reads
    /// the offer before inserting, so it needs SQLite's up-front write lock; the accept path
    /// writes first anyway, and takes the lock the same way for uniformity.
    async fn begin_write(&self) -> HubResult<DatabaseTransaction> {
        hub_common::write::begin_write(&self.db).await
    }
}
