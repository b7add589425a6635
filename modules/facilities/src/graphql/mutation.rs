use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::{parse_id, to_id};
use hub_common::principal::require_caller;

use super::inputs::{BookFacilityInput, CreateFacilityInput, UpdateFacilityInput};
use super::types::{BookFacilityResult, Booking, CalendarSecret, Facility, SkippedSession};
use crate::kinds::BookingDecision;
use crate::service::Facilities;

#[derive(Default)]
pub struct FacilitiesMutation;

#[Object]
impl FacilitiesMutation {
    /// Publishes a facility of the college, intermediate school, university or centre the
    /// caller's token acts for (an administrator).
    async fn create_facility(&self, ctx: &Context<'_>, input: CreateFacilityInput) -> Result<Facility> {
        let principal = require_caller(ctx)?;
        Ok(Facility::single(ctx.data::<Facilities>()?.create(principal, input.into_new()).await?))
    }

    /// Changes a facility; an administrator of its host.
    async fn update_facility(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateFacilityInput,
    ) -> Result<Facility> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Facility::single(ctx.data::<Facilities>()?.update(principal, id, input.into_changes()).await?))
    }

    /// Books a facility for the school, college or centre the caller's token acts for: once,
    /// or weekly with `recurrence`. A taken slot is `CONFLICT` (unless `onConflict: SKIP`).
    async fn book_facility(&self, ctx: &Context<'_>, input: BookFacilityInput) -> Result<BookFacilityResult> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        let outcome = ctx.data::<Facilities>()?.book(principal, new).await?;
        Ok(BookFacilityResult {
            bookings: Booking::siblings(outcome.booked),
            skipped: outcome.skipped.into_iter().map(SkippedSession::from).collect(),
        })
    }

    /// Confirms or declines a pending booking; the host's people.
    async fn decide_booking(
        &self,
        ctx: &Context<'_>,
        id: ID,
        decision: BookingDecision,
        note: Option<String>,
    ) -> Result<Booking> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let service = ctx.data::<Facilities>()?;
        Ok(Booking::single(service.decide(principal, id, decision, note.as_deref()).await?))
    }

    /// Cancels one booking (one session of a series; the others stay); the booking
    /// organization's or the host's people. The slot is free at once.
    async fn cancel_booking(&self, ctx: &Context<'_>, id: ID) -> Result<Booking> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Booking::single(ctx.data::<Facilities>()?.cancel(principal, id).await?))
    }

    /// Issues a new secret for the organization's calendar feeds (an administrator); the old
    /// one stops working at once.
    async fn rotate_calendar_token(&self, ctx: &Context<'_>, organization_id: ID) -> Result<CalendarSecret> {
        let principal = require_caller(ctx)?;
        let organization = parse_id("organizationId", &organization_id)?;
        let token = ctx.data::<Facilities>()?.rotate_calendar_token(principal, organization).await?;
        Ok(CalendarSecret { token, organization_id: to_id(organization) })
    }
}
