//! The module's GraphQL object types. Each row type carries refs shared with the rows fetched
//! together with it, so a page's references load in one statement per kind (see
//! `hub_common::batch`).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use directory::{Organization, OrganizationRefs};
use hub_common::HubError;
use hub_common::batch::SiblingRefs;
use hub_common::ids::to_id;
use hub_common::principal::caller;
use hub_common::scalars::{Date, Vnd};
use uuid::Uuid;

use super::load_listings;
use crate::entity::{handover, listing, request, return_record};
use crate::kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestStatus};
use crate::service::Equipment;
use crate::service::validate::today;

/// A row another table points at with a foreign key is missing: a bug, not the caller's fault.
fn dangling(what: &str) -> async_graphql::Error {
    HubError::Unexpected(anyhow::anyhow!("dangling reference to {what}")).into()
}

/// Equipment an enterprise donates or lends to schools, colleges and centres.
#[derive(Clone)]
pub struct EquipmentListing {
    pub model: listing::Model,
    refs: Arc<ListingRefs>,
}

struct ListingRefs {
    owners: OrganizationRefs,
    requests: SiblingRefs<Vec<EquipmentRequest>>,
}

impl EquipmentListing {
    /// Wraps listings fetched together, so their owners and requests load together.
    pub fn siblings(models: Vec<listing::Model>) -> Vec<Self> {
        let refs = Arc::new(ListingRefs {
            owners: OrganizationRefs::new(models.iter().map(|m| m.owner_id)),
            requests: SiblingRefs::new(models.iter().map(|m| m.id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: listing::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

#[Object]
impl EquipmentListing {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// The enterprise or business association giving or lending it.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Organization> {
        self.refs.owners.get(ctx, self.model.owner_id).await?.ok_or_else(|| dangling("organization"))
    }

    async fn kind(&self) -> ListingKind {
        self.model.kind
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    /// Free text chosen by the owner, e.g. "Máy công cụ"; the filter matches it exactly.
    async fn category(&self) -> &str {
        &self.model.category
    }

    async fn description(&self) -> Option<&str> {
        self.model.description.as_deref()
    }

    /// Units listed.
    async fn quantity(&self) -> i32 {
        self.model.quantity
    }

    /// Units approved and not released: approved requests, and what is handed over and not
    /// back (donations never come back).
    async fn quantity_promised(&self) -> i32 {
        self.model.promised
    }

    async fn quantity_available(&self) -> i32 {
        self.model.available()
    }

    async fn condition(&self) -> EquipmentCondition {
        self.model.condition
    }

    /// Estimated value of one unit, in VND.
    async fn estimated_value_vnd(&self) -> Vnd {
        Vnd(self.model.unit_value_vnd)
    }

    /// Estimated value of every unit listed, in VND.
    async fn total_value_vnd(&self) -> Vnd {
        Vnd(self.model.unit_value_vnd.saturating_mul(i64::from(self.model.quantity)))
    }

    async fn available_from(&self) -> Date {
        Date(self.model.available_from)
    }

    /// The last day it may be requested, and the latest day a loan is due back; none if open.
    async fn available_until(&self) -> Option<Date> {
        self.model.available_until.map(Date)
    }

    async fn photo_urls(&self) -> Vec<String> {
        self.model.photos()
    }

    async fn status(&self) -> ListingStatus {
        self.model.status
    }

    /// The partnership this listing delivers, when it names one.
    async fn partnership_id(&self) -> Option<ID> {
        self.model.partnership_id.map(hub_common::ids::to_id)
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }

    /// The requests the caller may see, oldest first: the owner sees all, a school its own,
    /// department officers all, anybody else none.
    async fn requests(&self, ctx: &Context<'_>) -> Result<Vec<EquipmentRequest>> {
        let found = self
            .refs
            .requests
            .get(self.model.id, |ids| async move {
                let equipment = ctx.data::<Equipment>()?;
                let access = equipment.access(caller(ctx)).await?;
                let owners: HashMap<Uuid, Uuid> = equipment
                    .listings_by_ids(&ids)
                    .await?
                    .into_values()
                    .map(|l| (l.id, l.owner_id))
                    .collect();
                let grouped = equipment.requests_of(&ids).await?;
                let visible: Vec<request::Model> = grouped
                    .into_values()
                    .flatten()
                    .filter(|r| owners.get(&r.listing_id).is_some_and(|owner| access.sees_request(*owner, r)))
                    .collect();
                let mut by_listing: HashMap<Uuid, Vec<EquipmentRequest>> =
                    ids.iter().map(|id| (*id, Vec::new())).collect();
                for wrapped in EquipmentRequest::siblings(visible) {
                    by_listing.entry(wrapped.model.listing_id).or_default().push(wrapped);
                }
                for requests in by_listing.values_mut() {
                    requests.sort_by_key(|r| r.model.id);
                }
                Ok::<_, async_graphql::Error>(by_listing)
            })
            .await?;
        Ok(found.unwrap_or_default())
    }
}

/// A school's, college's or centre's request for units of one listing, with its hand-over and
/// return records.
#[derive(Clone)]
pub struct EquipmentRequest {
    pub model: request::Model,
    refs: Arc<RequestRefs>,
}

struct RequestRefs {
    requesters: OrganizationRefs,
    listings: SiblingRefs<EquipmentListing>,
    handovers: SiblingRefs<Vec<EquipmentHandover>>,
    returns: SiblingRefs<Vec<EquipmentReturn>>,
}

impl EquipmentRequest {
    /// Wraps requests fetched together, so their requesters, listings and records load together.
    pub fn siblings(models: Vec<request::Model>) -> Vec<Self> {
        let refs = Arc::new(RequestRefs {
            requesters: OrganizationRefs::new(models.iter().map(|m| m.requester_id)),
            listings: SiblingRefs::new(models.iter().map(|m| m.listing_id)),
            handovers: SiblingRefs::new(models.iter().map(|m| m.id)),
            returns: SiblingRefs::new(models.iter().map(|m| m.id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: request::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

#[Object]
impl EquipmentRequest {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// The listing; whoever sees a request is a party to it and may see its listing.
    async fn listing(&self, ctx: &Context<'_>) -> Result<EquipmentListing> {
        self.refs
            .listings
            .get(self.model.listing_id, |ids| async move {
                let loaded = load_listings(ctx, &ids).await?;
                let listings = EquipmentListing::siblings(loaded.into_values().collect());
                Ok::<_, async_graphql::Error>(listings.into_iter().map(|l| (l.model.id, l)).collect())
            })
            .await?
            .ok_or_else(|| dangling("listing"))
    }

    /// The school, college or centre asking.
    async fn requester(&self, ctx: &Context<'_>) -> Result<Organization> {
        self.refs.requesters.get(ctx, self.model.requester_id).await?.ok_or_else(|| dangling("organization"))
    }

    async fn quantity(&self) -> i32 {
        self.model.quantity
    }

    async fn purpose(&self) -> &str {
        &self.model.purpose
    }

    /// The day a loan is due back; null for donations.
    async fn return_by(&self) -> Option<Date> {
        self.model.return_by.map(Date)
    }

    async fn status(&self) -> RequestStatus {
        self.model.status
    }

    /// The owner's words with the decision.
    async fn decision_note(&self) -> Option<&str> {
        self.model.decision_note.as_deref()
    }

    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.model.decided_at
    }

    /// Units handed over, as the standing hand-over record says.
    async fn handed_over_quantity(&self) -> i32 {
        self.model.handed_over_quantity
    }

    /// Units of a loan returned so far, over every return record.
    async fn returned_quantity(&self) -> i32 {
        self.model.returned_quantity
    }

    /// Whether a loan's return day has passed with units still out.
    async fn overdue(&self) -> bool {
        self.model.status == RequestStatus::HandedOver
            && self.model.return_by.is_some_and(|day| day < today())
    }

    /// Every hand-over record, corrections included, in the order recorded.
    async fn handovers(&self, ctx: &Context<'_>) -> Result<Vec<EquipmentHandover>> {
        let found = self
            .refs
            .handovers
            .get(self.model.id, |ids| async move {
                let grouped = ctx.data::<Equipment>()?.handovers_of(&ids).await?;
                Ok::<_, async_graphql::Error>(
                    grouped.into_iter().map(|(id, rows)| (id, EquipmentHandover::ledger(rows))).collect(),
                )
            })
            .await?;
        Ok(found.unwrap_or_default())
    }

    /// Every return record of a loan, in the order recorded.
    async fn returns(&self, ctx: &Context<'_>) -> Result<Vec<EquipmentReturn>> {
        let found = self
            .refs
            .returns
            .get(self.model.id, |ids| async move {
                let grouped = ctx.data::<Equipment>()?.returns_of(&ids).await?;
                Ok::<_, async_graphql::Error>(
                    grouped
                        .into_iter()
                        .map(|(id, rows)| (id, rows.into_iter().map(EquipmentReturn).collect()))
                        .collect(),
                )
            })
            .await?;
        Ok(found.unwrap_or_default())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

/// A hand-over as signed. Never changed: a correction is a new record naming the one it
/// corrects, and the corrected one stays with `current: false`.
#[derive(Clone)]
pub struct EquipmentHandover {
    model: handover::Model,
    current: bool,
}

impl EquipmentHandover {
    /// Wraps one request's records, marking which stands.
    fn ledger(rows: Vec<handover::Model>) -> Vec<Self> {
        let corrected: std::collections::HashSet<Uuid> = rows.iter().filter_map(|h| h.corrects_id).collect();
        rows.into_iter().map(|model| Self { current: !corrected.contains(&model.id), model }).collect()
    }
}

#[Object]
impl EquipmentHandover {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn quantity(&self) -> i32 {
        self.model.quantity
    }

    async fn handed_over_on(&self) -> Date {
        Date(self.model.handed_over_on)
    }

    /// Who handed over, for the owner, as signed.
    async fn handed_over_by(&self) -> &str {
        &self.model.handed_over_by
    }

    /// Who received, for the school, as signed.
    async fn received_by(&self) -> &str {
        &self.model.received_by
    }

    async fn condition(&self) -> EquipmentCondition {
        self.model.condition
    }

    async fn notes(&self) -> Option<&str> {
        self.model.notes.as_deref()
    }

    /// The record this one corrects, if it is a correction.
    async fn corrects_id(&self) -> Option<ID> {
        self.model.corrects_id.map(to_id)
    }

    /// False once a later record corrects this one.
    async fn current(&self) -> bool {
        self.current
    }

    async fn recorded_at(&self) -> DateTime<Utc> {
        self.model.recorded_at
    }
}

/// Units of a loan coming back.
#[derive(Clone)]
pub struct EquipmentReturn(return_record::Model);

#[Object]
impl EquipmentReturn {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn quantity(&self) -> i32 {
        self.0.quantity
    }

    async fn returned_on(&self) -> Date {
        Date(self.0.returned_on)
    }

    /// Who received the equipment back, for the owner.
    async fn received_by(&self) -> &str {
        &self.0.received_by
    }

    async fn condition(&self) -> EquipmentCondition {
        self.0.condition
    }

    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }

    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// A newly posted listing, with the cursor to resume after it.
#[derive(SimpleObject)]
pub struct EquipmentListingPostedEvent {
    /// Pass as `after` when subscribing again to receive only what came later.
    pub cursor: String,
    pub listing: EquipmentListing,
}

/// A request's change (made, approved, declined, cancelled, handed over or corrected, returned
/// in part or in full), with the cursor to resume after it. The requester and the listing's
/// owner receive it.
pub struct EquipmentRequestChangedEvent {
    pub cursor: String,
    pub change: crate::events::RequestChanged,
}

#[Object]
impl EquipmentRequestChangedEvent {
    /// Pass as `after` when subscribing again to receive only what came later.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    async fn request_id(&self) -> ID {
        to_id(self.change.request_id)
    }

    async fn listing_id(&self) -> ID {
        to_id(self.change.listing_id)
    }

    /// The status the change left the request in.
    async fn status(&self) -> RequestStatus {
        self.change.status
    }

    /// Units handed over once the change was made.
    async fn handed_over_quantity(&self) -> i32 {
        self.change.handed_over_quantity
    }

    /// Units of a loan returned once the change was made.
    async fn returned_quantity(&self) -> i32 {
        self.change.returned_quantity
    }

    /// The request as it is now, with its ledger; null if it no longer exists.
    async fn request(&self, ctx: &Context<'_>) -> Result<Option<EquipmentRequest>> {
        let service = ctx.data::<Equipment>()?;
        let row = service.request_by_id(self.change.request_id).await?;
        Ok(row.map(EquipmentRequest::single))
    }
}
