use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt};
use hub_common::HubError;
use hub_common::events::{EventFeed, parse_cursor};
use hub_common::ids::parse_id;
use hub_common::msg;
use hub_common::principal::require_caller;

use super::types::BookingChangedEvent;
use crate::BOOKING_CHANGED;
use crate::service::Facilities;

#[derive(Default)]
pub struct FacilitiesSubscription;

#[Subscription]
impl FacilitiesSubscription {
    /// Changes to bookings `organizationId` made or hosts (booked, confirmed, declined,
    /// cancelled), for the organization's own people; `facilityId` narrows it to one facility
    /// (a host's workshop dashboard). With `after` (a cursor from an earlier event), first what
    /// happened since, then live changes, each once and in order.
    async fn booking_changed(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        facility_id: Option<ID>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<BookingChangedEvent>> + use<>> {
        let principal = require_caller(ctx)?;
        let organization = parse_id("organizationId", &organization_id)?;
        let facility = facility_id.as_ref().map(|id| parse_id("facilityId", id)).transpose()?;
        if !ctx.data::<Facilities>()?.may_act_for(principal, organization).await? {
            return Err(HubError::forbidden(msg!("only-organization-s-own-people-watch-2")).into());
        }
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let events = ctx.data::<EventFeed>()?.subscribe_decoded(BOOKING_CHANGED, after);
        Ok(events.filter_map(move |item| {
            std::future::ready(match item {
                Ok((cursor, change)) => ((change.host_id == organization
                    || change.organization_id == organization)
                    && facility.is_none_or(|id| id == change.facility_id))
                .then(|| {
                    Ok(BookingChangedEvent {
                        cursor: cursor.to_string(),
                        booking_id: change.booking_id,
                        facility_id: change.facility_id,
                        status: change.status,
                        reason: change.reason.clone(),
                    })
                }),
                Err(err) => Some(Err(err)),
            })
        }))
    }
}
