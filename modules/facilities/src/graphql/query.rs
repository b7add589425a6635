use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, FixedOffset, Utc};
use hub_common::batching::Batcher;
use hub_common::ids::parse_id;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::{caller, require_caller};

use super::inputs::{BookingFilter, FacilityFilter};
use super::types::{Booking, Facility, TimeSlot};
use crate::loaders::FacilityLoader;
use crate::service::Facilities;

#[derive(Default)]
pub struct FacilitiesQuery;

#[Object]
impl FacilitiesQuery {
    /// Workshop facilities open to booking, oldest first; anyone may look. Withdrawn ones are
    /// listed only to their host's people (marked `withdrawn`).
    async fn facilities(
        &self,
        ctx: &Context<'_>,
        filter: Option<FacilityFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Facility>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Facilities>()?.facilities(caller(ctx), &query, &page).await?;
        Ok(connection(&page, Facility::siblings(rows), |f| f.model.id, |f| f))
    }

    /// One facility, or null when there is none with this id.
    async fn facility(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Facility>> {
        facility_by_id(ctx, &id).await
    }

    /// The free time of a facility between `from` and `to` (at most 62 days apart): its opening
    /// spans on days it is not closed, minus live bookings, what starts too soon for its
    /// minimum notice and what lies beyond its maximum advance, in Hải Phòng time; none once
    /// it is withdrawn.
    async fn facility_availability(
        &self,
        ctx: &Context<'_>,
        facility_id: ID,
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    ) -> Result<Vec<TimeSlot>> {
        let id = parse_id("facilityId", &facility_id)?;
        let spans = ctx
            .data::<Facilities>()?
            .availability(id, from.with_timezone(&Utc), to.with_timezone(&Utc))
            .await?;
        Ok(spans.into_iter().map(TimeSlot::from).collect())
    }

    /// Bookings the caller may see (made by or hosted by its organizations; every one for
    /// department officers), by start time.
    async fn bookings(
        &self,
        ctx: &Context<'_>,
        filter: Option<BookingFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Booking>> {
        let principal = require_caller(ctx)?;
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Facilities>()?.bookings(principal, &query, &page).await?;
        Ok(connection(&page, Booking::siblings(rows), |b| (b.model.starts_at, b.model.id), |b| b))
    }
}

async fn facility_by_id(ctx: &Context<'_>, id: &ID) -> Result<Option<Facility>> {
    let id = parse_id("id", id)?;
    let row = ctx.data::<Batcher<FacilityLoader>>()?.load_one(id).await?;
    Ok(row.map(Facility::single))
}

/// The federation entity resolver for `Facility`.
#[derive(Default)]
pub struct FacilitiesEntities;

#[Object]
impl FacilitiesEntities {
    #[graphql(entity)]
    async fn find_facility_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Facility>> {
        facility_by_id(ctx, &id).await
    }
}
