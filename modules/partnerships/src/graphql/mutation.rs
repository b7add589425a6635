use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::{parse_id, to_id};
use hub_common::principal::require_caller;

use super::inputs::{
    ProposePartnershipInput, RecordEngagementInput, RenewPartnershipInput, UpdateEngagementInput,
};
use super::types::{Engagement, Partnership};
use crate::service::Partnerships;

#[derive(Default)]
pub struct PartnershipsMutation;

#[Object]
impl PartnershipsMutation {
    /// Proposes a partnership between the caller's organization (an administrator's token)
    /// and the parties listed; the caller's organization has accepted by proposing.
    async fn propose_partnership(
        &self,
        ctx: &Context<'_>,
        input: ProposePartnershipInput,
    ) -> Result<Partnership> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        Ok(Partnership::single(ctx.data::<Partnerships>()?.propose(principal, new).await?))
    }

    /// Accepts a proposal for the caller's organization (an administrator of a party). When
    /// every party has accepted it becomes ACTIVE.
    async fn accept_partnership(&self, ctx: &Context<'_>, id: ID) -> Result<Partnership> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Partnership::single(ctx.data::<Partnerships>()?.accept(principal, id).await?))
    }

    /// Ends a proposal or an active partnership early; any party's administrator, with a
    /// reason (at most 1000 characters).
    async fn terminate_partnership(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<Partnership> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Partnership::single(ctx.data::<Partnerships>()?.terminate(principal, id, &reason).await?))
    }

    /// Proposes the next period of an active or expired partnership between the same
    /// parties, linked to it as `renewedFrom`.
    async fn renew_partnership(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: RenewPartnershipInput,
    ) -> Result<Partnership> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let renewal = input.into_renewal()?;
        Ok(Partnership::single(ctx.data::<Partnerships>()?.renew(principal, id, renewal).await?))
    }

    /// Records an engagement for the organization the caller's token acts for.
    async fn record_engagement(&self, ctx: &Context<'_>, input: RecordEngagementInput) -> Result<Engagement> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        Ok(Engagement::single(ctx.data::<Partnerships>()?.record_engagement(principal, new).await?))
    }

    /// Records the engagement of a career event that has ended, for its host (the
    /// organization the caller's token acts for): the registered schools as the organizations
    /// involved, their registered students as the reach (each school's under the lowest of the
    /// event's grades it teaches), the event's start day, kind and title. Once per event;
    /// change it afterwards with `updateEngagement`.
    async fn record_engagement_from_career_event(
        &self,
        ctx: &Context<'_>,
        event_id: ID,
    ) -> Result<Engagement> {
        let principal = require_caller(ctx)?;
        let event_id = parse_id("eventId", &event_id)?;
        let service = ctx.data::<Partnerships>()?;
        Ok(Engagement::single(service.record_engagement_from_career_event(principal, event_id).await?))
    }

    /// Changes an engagement; the recording organization only.
    async fn update_engagement(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateEngagementInput,
    ) -> Result<Engagement> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let changes = input.into_changes()?;
        Ok(Engagement::single(ctx.data::<Partnerships>()?.update_engagement(principal, id, changes).await?))
    }

    /// Confirms, for the caller's organization, an engagement another organization recorded
    /// naming it; until then the engagement does not count for it (nor, under a partnership,
    /// for the partnership's delivery).
    async fn confirm_engagement(&self, ctx: &Context<'_>, id: ID) -> Result<Engagement> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Engagement::single(ctx.data::<Partnerships>()?.confirm_engagement(principal, id).await?))
    }

    /// Deletes an engagement; the recording organization only. Returns its id.
    async fn delete_engagement(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(to_id(ctx.data::<Partnerships>()?.delete_engagement(principal, id).await?))
    }
}
