//! The equipment service: every read and write of listings, requests, hand-overs and returns
//! goes through here, and so does every authorization decision about them. Resolvers only
//! translate arguments.
//!
//! Who may do what:
//! - a verified organization's people (a token acting for it as `ORG_MEMBER` or better, or a
//!   recorded administrator of it) post, change and withdraw its listings, decide the requests
//!   for them, and record hand-overs and returns: enterprises and business associations, and
//!   schools, colleges and centres sharing their own equipment;
//! - a school's, college's or centre's people request equipment for it and cancel its requests
//!   before the hand-over;
//! - department officers read everything and change nothing here;
//! - everybody, signed in or not, reads available listings.
//!
//! A refusal comes before anything that would reveal whether a hidden row exists.
//!
//! The promise accounting: a listing's `promised` is the sum over its requests of
//! [`request::Model::promised`]: an approved request holds all it asked for; once handed over it
//! holds what was handed over and has not come back (a shortfall at the hand-over is released at
//! once); declined, cancelled and returned requests hold nothing. Every change of a request's
//! share moves `promised` by the same amount in the same transaction, with a conditional
//! `UPDATE` that keeps it within `0..=quantity` (and a `CHECK` constraint behind it).

mod filter;
mod given;
mod listings;
pub(crate) mod records;
mod requests;
pub mod validate;

use hub_common::msg;
use std::collections::HashMap;
use std::sync::Arc;

use directory::Directory;
use hub_common::events::EventFeed;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub use filter::{ListingMatcher, ListingQuery};
pub use given::EquipmentGiven;
pub use listings::{ListingChanges, NewListing};
pub use records::{NewHandover, NewReturn};
pub use requests::{NewRequest, RequestQuery, RequestSide};

use crate::entity::{handover, listing, request, return_record};

/// Handle on the equipment module; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct Equipment {
    db: DatabaseConnection,
    directory: Directory,
    events: EventFeed,
    /// Checks the partnership a listing names; without it, naming one is refused.
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
pub struct Access {
    pub officer: bool,
    pub organizations: Vec<Uuid>,
}

impl Access {
    /// Whether the caller sees a request: its requester, the listing's owner, officers.
    pub fn sees_request(&self, owner: Uuid, row: &request::Model) -> bool {
        self.officer || self.organizations.contains(&owner) || self.organizations.contains(&row.requester_id)
    }
}

impl Equipment {
    pub fn new(db: DatabaseConnection, directory: Directory, events: EventFeed) -> Self {
        Self { db, directory, events, partnerships: None }
    }

    /// Lets listings name the partnership they deliver, checked with `partnerships`.
    pub fn with_partnerships(mut self, partnerships: Arc<dyn PartnershipParties>) -> Self {
        self.partnerships = Some(partnerships);
        self
    }

    /// Refuses a partnership the owner is not an active party to (or an unknown one: the
    /// message is the same, so it tells nothing about other organizations' partnerships).
    pub(crate) async fn check_partnership(&self, owner: Uuid, partnership: Uuid) -> HubResult<()> {
        let party = match &self.partnerships {
            Some(check) => check.is_active_party(partnership, owner).await?,
            None => false,
        };
        if !party {
            return Err(HubError::bad_input(
                "input.partnershipId",
                msg!("owner-not-party-active-partnership-with"),
            ));
        }
        Ok(())
    }

    /// Listings by id with no visibility applied: for loaders whose callers decide.
    pub async fn listings_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, listing::Model>> {
        let rows = listing::Entity::find()
            .filter(listing::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// The requests of each listing, oldest first, with no visibility applied.
    pub async fn requests_of(&self, listing_ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<request::Model>>> {
        let rows = request::Entity::find()
            .filter(request::Column::ListingId.is_in(listing_ids.iter().copied()))
            .order_by_asc(request::Column::Id)
            .all(&self.db)
            .await?;
        Ok(group(listing_ids, rows, |row| row.listing_id))
    }

    /// The hand-over records of each request, corrections included, in the order recorded.
    pub async fn handovers_of(&self, request_ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<handover::Model>>> {
        let rows = handover::Entity::find()
            .filter(handover::Column::RequestId.is_in(request_ids.iter().copied()))
            .order_by_asc(handover::Column::Id)
            .all(&self.db)
            .await?;
        Ok(group(request_ids, rows, |row| row.request_id))
    }

    /// The return records of each request, in the order recorded.
    pub async fn returns_of(
        &self,
        request_ids: &[Uuid],
    ) -> HubResult<HashMap<Uuid, Vec<return_record::Model>>> {
        let rows = return_record::Entity::find()
            .filter(return_record::Column::RequestId.is_in(request_ids.iter().copied()))
            .order_by_asc(return_record::Column::Id)
            .all(&self.db)
            .await?;
        Ok(group(request_ids, rows, |row| row.request_id))
    }

    /// Whether the caller may see this listing: available ones are public; withdrawn ones only
    /// reach the owner and department officers.
    pub async fn visible_to(&self, principal: Option<&Principal>, row: &listing::Model) -> HubResult<bool> {
        if row.status == crate::kinds::ListingStatus::Available {
            return Ok(true);
        }
        match principal {
            None => Ok(false),
            Some(p) if p.is_department_officer() => Ok(true),
            Some(p) => self.may_act_for(p, row.owner_id).await,
        }
    }

    /// Whether the caller may act for an organization here (see `Directory::may_act_for`).
    pub(crate) async fn may_act_for(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        self.directory.may_act_for(principal, organization_id).await
    }

    /// The caller's reach for list queries (`Directory::reach`). Officers see every record
    /// here, so their own organizations are not read.
    pub async fn access(&self, principal: Option<&Principal>) -> HubResult<Access> {
        if principal.is_some_and(Principal::is_department_officer) {
            return Ok(Access { officer: true, organizations: Vec::new() });
        }
        let reach = self.directory.reach(principal).await?;
        Ok(Access { officer: reach.officer, organizations: reach.organizations })
    }

    /// Starts a transaction that will write; `BEGIN IMMEDIATE` on SQLite so concurrent
    /// writers wait for the lock instead of failing with `SQLITE_BUSY` (see the internships
    /// service for the full story). PostgreSQL ignores the option; there the conditional
    /// `UPDATE`s do the work.
    async fn begin_write(&self) -> HubResult<DatabaseTransaction> {
        hub_common::write::begin_write(&self.db).await
    }

    /// Moves a listing's `promised` by `delta` inside `txn`, refusing with `CONFLICT` when that
    /// would promise more than is listed. Concurrent callers queue on the listing row and each
    /// re-checks the condition, so however many arrive at once the sum never exceeds `quantity`.
    async fn move_promise(&self, txn: &DatabaseTransaction, listing_id: Uuid, delta: i32) -> HubResult<()> {
        if delta == 0 {
            return Ok(());
        }
        let promised = Expr::col(listing::Column::Promised);
        let result = listing::Entity::update_many()
            .col_expr(listing::Column::Promised, promised.clone().add(delta))
            .filter(listing::Column::Id.eq(listing_id))
            .filter(promised.clone().add(delta).lte(Expr::col(listing::Column::Quantity)))
            .filter(promised.add(delta).gte(0))
            .exec(txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(HubError::conflict(msg!("not-enough-units-listing-left-promise")));
        }
        Ok(())
    }
}

fn group<T>(keys: &[Uuid], rows: Vec<T>, key: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<T>> {
    let mut grouped: HashMap<Uuid, Vec<T>> = keys.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        grouped.entry(key(&row)).or_default().push(row);
    }
    grouped
}
