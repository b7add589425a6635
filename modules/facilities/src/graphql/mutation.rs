use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::{parse_id, to_id};
use hub_common::principal::require_caller;

use super::inputs::{BookFacilityInput, CreateFacilityInput, FacilityClosureInput, UpdateFacilityInput};
use super::types::{
    BookFacilityResult, Booking, CalendarSecret, Facility, FacilityClosure, SkippedSession,
    WithdrawFacilityResult,
};
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

    /// Withdraws a facility (an administrator of its host): it takes no more bookings and
    /// leaves the list schools search; every pending or confirmed booking that has not started
    /// is cancelled with the reason, and the booking schools are told on `bookingChanged`.
    /// `CONFLICT` when it is withdrawn already.
    async fn withdraw_facility(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> Result<WithdrawFacilityResult> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let done = ctx.data::<Facilities>()?.withdraw(principal, id, &reason).await?;
        Ok(WithdrawFacilityResult {
            cancelled_count: i32::try_from(done.cancelled.len()).unwrap_or(i32::MAX),
            facility: Facility::single(done.facility),
            cancelled_bookings: Booking::siblings(done.cancelled),
        })
    }

    /// Makes a withdrawn facility bookable again (an administrator of its host); the bookings
    /// the withdrawal cancelled stay cancelled. `CONFLICT` when it is open already.
    async fn reopen_facility(&self, ctx: &Context<'_>, id: ID) -> Result<Facility> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Facility::single(ctx.data::<Facilities>()?.reopen(principal, id).await?))
    }

    /// Closes a facility on a day or a range of days (Tết, a public holiday, maintenance); an
    /// administrator of its host. Bookings on those days are refused from then on. When live
    /// bookings already fall on them it is `CONFLICT` listing them: cancel those first.
    async fn add_facility_closure(
        &self,
        ctx: &Context<'_>,
        facility_id: ID,
        input: FacilityClosureInput,
    ) -> Result<FacilityClosure> {
        let principal = require_caller(ctx)?;
        let facility = parse_id("facilityId", &facility_id)?;
        let row = ctx.data::<Facilities>()?.add_closure(principal, facility, input.into_new()).await?;
        Ok(FacilityClosure::from(row))
    }

    /// Removes a closure (an administrator of the host); its days are bookable again. Answers
    /// with the facility.
    async fn remove_facility_closure(&self, ctx: &Context<'_>, id: ID) -> Result<Facility> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Facility::single(ctx.data::<Facilities>()?.remove_closure(principal, id).await?))
    }

    /// Books a facility for the school, college or centre the caller's token acts for: once,
    /// or weekly with `recurrence`. A taken slot is `CONFLICT` (unless `onConflict: SKIP`).
    async fn book_facility(&self, ctx: &Context<'_>, input: BookFacilityInput) -> Result<BookFacilityResult> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        let outcome = ctx.data::<Facilities>()?.book(principal, new).await?;
        let language = ctx.data_opt::<hub_common::Language>().copied().unwrap_or_default();
        Ok(BookFacilityResult {
            bookings: Booking::siblings(outcome.booked),
            skipped: outcome
                .skipped
                .into_iter()
                .map(|skipped| SkippedSession::in_language(skipped, language))
                .collect(),
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
