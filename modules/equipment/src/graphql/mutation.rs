use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::parse_id;
use hub_common::principal::require_caller;

use super::inputs::{
    CreateEquipmentListingInput, RecordHandoverInput, RecordReturnInput, RequestEquipmentInput,
    UpdateEquipmentListingInput,
};
use super::types::{EquipmentListing, EquipmentRequest};
use crate::kinds::RequestDecision;
use crate::service::Equipment;

#[derive(Default)]
pub struct EquipmentMutation;

#[Object]
impl EquipmentMutation {
    /// Posts a listing for the verified enterprise or business association the caller's token
    /// acts for, and announces it to `equipmentListingPosted` subscribers.
    async fn create_equipment_listing(
        &self,
        ctx: &Context<'_>,
        input: CreateEquipmentListingInput,
    ) -> Result<EquipmentListing> {
        let principal = require_caller(ctx)?;
        let created = ctx.data::<Equipment>()?.create_listing(principal, input.into_new()?).await?;
        Ok(EquipmentListing::single(created))
    }

    /// Changes an available listing; the owner's people only.
    async fn update_equipment_listing(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateEquipmentListingInput,
    ) -> Result<EquipmentListing> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let updated = ctx.data::<Equipment>()?.update_listing(principal, id, input.into_changes()?).await?;
        Ok(EquipmentListing::single(updated))
    }

    /// Takes a listing off; promises made stand, pending requests are declined.
    async fn withdraw_equipment_listing(&self, ctx: &Context<'_>, id: ID) -> Result<EquipmentListing> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(EquipmentListing::single(ctx.data::<Equipment>()?.withdraw_listing(principal, id).await?))
    }

    /// Asks for units of one listing for the school, college or centre the caller's token acts
    /// for. A loan needs `returnBy`.
    async fn request_equipment(
        &self,
        ctx: &Context<'_>,
        input: RequestEquipmentInput,
    ) -> Result<EquipmentRequest> {
        let principal = require_caller(ctx)?;
        let created = ctx.data::<Equipment>()?.request_equipment(principal, input.into_new()?).await?;
        Ok(EquipmentRequest::single(created))
    }

    /// Approves or declines a pending request; the listing's owner only. Approving fails with
    /// CONFLICT when fewer units are left than requested.
    async fn decide_equipment_request(
        &self,
        ctx: &Context<'_>,
        id: ID,
        decision: RequestDecision,
        note: Option<String>,
    ) -> Result<EquipmentRequest> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let decided = ctx.data::<Equipment>()?.decide_request(principal, id, decision, note).await?;
        Ok(EquipmentRequest::single(decided))
    }

    /// Cancels a pending or approved request before the hand-over; the requester only.
    async fn cancel_equipment_request(&self, ctx: &Context<'_>, id: ID) -> Result<EquipmentRequest> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(EquipmentRequest::single(ctx.data::<Equipment>()?.cancel_request(principal, id).await?))
    }

    /// Records the hand-over of an approved request, or (with `correctsId`) a correction of
    /// the standing record; the owner only. Records are never changed.
    async fn record_handover(
        &self,
        ctx: &Context<'_>,
        input: RecordHandoverInput,
    ) -> Result<EquipmentRequest> {
        let principal = require_caller(ctx)?;
        let (request, _) = ctx.data::<Equipment>()?.record_handover(principal, input.into_new()?).await?;
        Ok(EquipmentRequest::single(request))
    }

    /// Records units of a loan coming back, all or part; the owner only.
    async fn record_return(&self, ctx: &Context<'_>, input: RecordReturnInput) -> Result<EquipmentRequest> {
        let principal = require_caller(ctx)?;
        let (request, _) = ctx.data::<Equipment>()?.record_return(principal, input.into_new()?).await?;
        Ok(EquipmentRequest::single(request))
    }
}
