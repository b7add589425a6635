//! Requests: a school or college asks for units of a listing, the owner decides, the requester
//! may cancel before the hand-over. Overdue loans are read here too.
//!
//! Decision: a request is for one listing. Several units of the same item go in one request
//! (`quantity`); different items are different requests, because each listing has its own owner
//! who decides, and a loan of one item may come back long before another.

use chrono::Utc;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{Equipment, validate};
use crate::entity::{listing, request};
use crate::events::{REQUEST_CHANGED, RequestChanged};
use crate::kinds::{ListingKind, ListingStatus, RequestDecision, RequestStatus};

#[derive(Debug, Clone)]
pub struct NewRequest {
    pub listing_id: Uuid,
    pub quantity: i32,
    pub purpose: String,
    pub return_by: Option<chrono::NaiveDate>,
}

/// Which requests of the caller's organizations a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
#[graphql(name = "EquipmentRequestSide")]
pub enum RequestSide {
    /// Requests the caller's organizations made (a school's own requests).
    Requester,
    /// Requests for the caller's organizations' listings (what an owner has to decide).
    Owner,
}

/// A filter on the requests the caller may see.
#[derive(Debug, Default, Clone)]
pub struct RequestQuery {
    /// `None`: both sides.
    pub side: Option<RequestSide>,
    pub status: Option<RequestStatus>,
}

/// Who may act on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The listing's owner: decides, records hand-overs and returns.
    Owner,
    /// The requesting school: cancels.
    Requester,
}

impl Equipment {
    /// Asks for units of a listing for the school, college or centre the caller's token acts
    /// for. Whether enough units are left is settled at approval, where it can be decided once.
    pub async fn request_equipment(
        &self,
        principal: &Principal,
        input: NewRequest,
    ) -> HubResult<request::Model> {
        let requester_id = principal.acting_organization()?;
        if !self.may_act_for(principal, requester_id).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let requester = self.directory.organization(requester_id).await?;
        if !requester.is_some_and(|org| org.kind.is_school()) {
            return Err(HubError::forbidden(msg!("only-schools-colleges-centres-request-equipment")));
        }
        let visible = match listing::Entity::find_by_id(input.listing_id).one(&self.db).await? {
            Some(row) if self.visible_to(Some(principal), &row).await? => Some(row),
            _ => None,
        };
        // A withdrawn listing looks exactly like an id that does not exist.
        let Some(row) = visible else {
            return Err(HubError::bad_input("input.listingId", msg!("no-such-equipment-listing")));
        };
        if row.owner_id == requester_id {
            return Err(HubError::bad_input(
                "input.listingId",
                msg!("listing-your-own-organization-s-withdraw"),
            ));
        }
        let quantity = validate::quantity(input.quantity)?;
        if quantity > row.quantity {
            return Err(HubError::bad_input(
                "input.quantity",
                msg!("listing-has-quantity-units-all", quantity = row.quantity),
            ));
        }
        let purpose = validate::purpose(&input.purpose)?;
        let return_by = validate::return_by(row.kind == ListingKind::Loan, input.return_by)?;
        if row.status != ListingStatus::Available {
            return Err(HubError::conflict(msg!("listing-was-withdrawn")));
        }
        let today = validate::today();
        if row.available_until.is_some_and(|until| until < today) {
            return Err(HubError::conflict(msg!("listing-no-longer-available")));
        }
        if let (Some(due), Some(until)) = (return_by, row.available_until)
            && due > until
        {
            return Err(HubError::bad_input(
                "input.returnBy",
                msg!("returnby-after-listing-s-availableuntil"),
            ));
        }
        let now = Utc::now();
        let created = request::ActiveModel {
            id: Set(Uuid::now_v7()),
            listing_id: Set(row.id),
            requester_id: Set(requester_id),
            quantity: Set(quantity),
            purpose: Set(purpose),
            return_by: Set(return_by),
            status: Set(RequestStatus::Pending),
            decision_note: Set(None),
            decided_at: Set(None),
            handed_over_quantity: Set(0),
            returned_quantity: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let txn = self.begin_write().await?;
        let created = created.insert(&txn).await?;
        let cursor = REQUEST_CHANGED.publish(&txn, &RequestChanged::new(&created, row.owner_id)).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(request = %created.id, listing = %row.id, requester = %requester_id, cursor, "equipment requested");
        Ok(created)
    }

    /// One request by id, with no visibility applied: for the `equipmentRequestChanged` event,
    /// whose subscribers are parties to it (the subscription checked that).
    pub async fn request_by_id(&self, id: Uuid) -> HubResult<Option<request::Model>> {
        Ok(request::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Loads a request for someone allowed to act on it from `side` (its listing's owner is
    /// read to decide), refusing before saying whether it exists.
    pub(crate) async fn request_for(
        &self,
        principal: &Principal,
        id: Uuid,
        side: Side,
    ) -> HubResult<request::Model> {
        let found = request::Entity::find_by_id(id).one(&self.db).await?;
        let row = match &found {
            Some(request) => listing::Entity::find_by_id(request.listing_id).one(&self.db).await?,
            None => None,
        };
        let allowed = match (&found, &row) {
            (Some(request), Some(row)) => {
                let party = match side {
                    Side::Owner => row.owner_id,
                    Side::Requester => request.requester_id,
                };
                self.may_act_for(principal, party).await?
            }
            // Platform admins may act for everybody, so telling them is no leak.
            _ => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(match side {
                Side::Owner => msg!("only-organization-posted-listing-may-do"),
                Side::Requester => msg!("only-organization-made-request-may-cancel"),
            }));
        }
        match (found, row) {
            (Some(request), Some(_)) => Ok(request),
            _ => Err(HubError::NotFound(msg!("equipment-request-not-found"))),
        }
    }

    /// Approves or declines a pending request; the owner only. Approving promises the units
    /// with one conditional `UPDATE` on the listing (see `move_promise`), so concurrent
    /// approvals never promise more than is listed.
    pub async fn decide_request(
        &self,
        principal: &Principal,
        id: Uuid,
        decision: RequestDecision,
        note: Option<String>,
    ) -> HubResult<request::Model> {
        let row = self.request_for(principal, id, Side::Owner).await?;
        let note = validate::note("note", note.as_deref())?;
        if row.status != RequestStatus::Pending {
            return Err(HubError::conflict(msg!("request-has-already-been-decided")));
        }
        let txn = self.begin_write().await?;
        let status = match decision {
            RequestDecision::Approve => {
                let still_available = listing::Entity::find_by_id(row.listing_id)
                    .filter(listing::Column::Status.eq(ListingStatus::Available))
                    .one(&txn)
                    .await?;
                if still_available.is_none() {
                    txn.rollback().await?;
                    return Err(HubError::conflict(msg!("listing-was-withdrawn")));
                }
                if let Err(err) = self.move_promise(&txn, row.listing_id, row.quantity).await {
                    txn.rollback().await?;
                    return Err(err);
                }
                RequestStatus::Approved
            }
            RequestDecision::Decline => RequestStatus::Declined,
        };
        let now = Utc::now();
        let changes = request::ActiveModel {
            status: Set(status),
            decision_note: Set(note),
            decided_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        self.finish(txn, &row, changes, msg!("request-has-already-been-decided")).await
    }

    /// Cancels a pending or approved request; the requester only. An approved request gives
    /// its units back in the same transaction. After the hand-over the equipment is with the
    /// school, and only a return (for loans) changes that.
    pub async fn cancel_request(&self, principal: &Principal, id: Uuid) -> HubResult<request::Model> {
        let row = self.request_for(principal, id, Side::Requester).await?;
        if !matches!(row.status, RequestStatus::Pending | RequestStatus::Approved) {
            return Err(HubError::conflict(msg!("only-pending-approved-request-can-cancelled")));
        }
        let txn = self.begin_write().await?;
        self.move_promise(&txn, row.listing_id, -row.promised()).await?;
        let changes = request::ActiveModel {
            status: Set(RequestStatus::Cancelled),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        // If the status moved meanwhile, `finish` rolls the release back with everything else.
        self.finish(txn, &row, changes, msg!("request-changed-meanwhile-reload-try-again")).await
    }

    /// The requests the caller may see, newest first (keyset on the id): those its
    /// organizations made, and those for their listings, whatever became of the listing since
    /// (a withdrawn listing hides nothing already approved or handed over); department officers
    /// see all. `side` keeps one of the two; `status` one status.
    pub async fn requests(
        &self,
        principal: &Principal,
        query: &RequestQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<request::Model>> {
        let access = self.access(Some(principal)).await?;
        let mut select = request::Entity::find();
        if let Some(status) = query.status {
            select = select.filter(request::Column::Status.eq(status));
        }
        let everything = access.officer && query.side.is_none();
        if !everything {
            select = select.filter(sides_of(&access.organizations, query.side));
        }
        if let Some(after) = page.after {
            select = select.filter(request::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(request::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// Loans past their return day with something still out, newest request first (keyset on
    /// the id, like every list here): the owner sees what it lent, the borrower what it
    /// borrowed, department officers all.
    pub async fn overdue_loans(
        &self,
        principal: &Principal,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<request::Model>> {
        let access = self.access(Some(principal)).await?;
        let mut select = request::Entity::find()
            .filter(request::Column::Status.eq(RequestStatus::HandedOver))
            .filter(request::Column::ReturnBy.lt(validate::today()));
        if !access.officer {
            select = select.filter(sides_of(&access.organizations, None));
        }
        if let Some(after) = page.after {
            select = select.filter(request::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(request::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }
}

/// Requests `organizations` made (`Requester`), requests for their listings (`Owner`), or
/// either (`None`).
fn sides_of(organizations: &[Uuid], side: Option<RequestSide>) -> Condition {
    let requested = request::Column::RequesterId.is_in(organizations.iter().copied());
    let listings_of_caller = Query::select()
        .column(listing::Column::Id)
        .from(listing::Entity)
        .and_where(listing::Column::OwnerId.is_in(organizations.iter().copied()))
        .to_owned();
    let owned = request::Column::ListingId.in_subquery(listings_of_caller);
    match side {
        Some(RequestSide::Requester) => Condition::all().add(requested),
        Some(RequestSide::Owner) => Condition::all().add(owned),
        None => Condition::any().add(requested).add(owned),
    }
}

impl Equipment {
    /// Applies `changes` to the request if it is still as `expected` was read (status and
    /// counts), announces its new state (`equipmentRequestChanged`) and commits; otherwise rolls
    /// the whole transaction back and answers `CONFLICT`.
    pub(crate) async fn finish(
        &self,
        txn: DatabaseTransaction,
        expected: &request::Model,
        changes: request::ActiveModel,
        refusal: Message,
    ) -> HubResult<request::Model> {
        let result = request::Entity::update_many()
            .set(changes)
            .filter(request::Column::Id.eq(expected.id))
            .filter(request::Column::Status.eq(expected.status))
            .filter(request::Column::HandedOverQuantity.eq(expected.handed_over_quantity))
            .filter(request::Column::ReturnedQuantity.eq(expected.returned_quantity))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(refusal));
        }
        let row = request::Entity::find_by_id(expected.id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("equipment-request-not-found")))?;
        let owner = listing::Entity::find_by_id(row.listing_id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("equipment-listing-not-found")))?
            .owner_id;
        let cursor = REQUEST_CHANGED.publish(&txn, &RequestChanged::new(&row, owner)).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(request = %row.id, status = ?row.status, cursor, "equipment request changed");
        Ok(row)
    }
}
