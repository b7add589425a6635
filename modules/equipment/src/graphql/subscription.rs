use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt};
use hub_common::HubError;
use hub_common::events::{EventFeed, parse_cursor};
use hub_common::ids::parse_id;
use hub_common::msg;
use hub_common::principal::require_caller;

use super::inputs::EquipmentListingFilter;
use super::types::{EquipmentListing, EquipmentListingPostedEvent, EquipmentRequestChangedEvent};
use crate::events::{LISTING_POSTED, REQUEST_CHANGED};
use crate::service::Equipment;

#[derive(Default)]
pub struct EquipmentSubscription;

#[Subscription]
impl EquipmentSubscription {
    /// Listings as they are posted, filtered on the server. With `after` (a cursor from an
    /// earlier event), first every matching listing posted since then, then live ones, each
    /// once and in order. Ends with a `LAGGED` error if the client falls too far behind; it may
    /// subscribe again with its last cursor.
    async fn equipment_listing_posted(
        &self,
        ctx: &Context<'_>,
        filter: Option<EquipmentListingFilter>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<EquipmentListingPostedEvent>> + use<>> {
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let matcher = filter.unwrap_or_default().into_query()?.matcher()?;
        let events = ctx.data::<EventFeed>()?.subscribe_decoded(LISTING_POSTED, after);
        Ok(events.filter_map(move |item| {
            std::future::ready(match item {
                Ok((cursor, row)) => matcher.matches(&row).then(|| {
                    Ok(EquipmentListingPostedEvent {
                        cursor: cursor.to_string(),
                        listing: EquipmentListing::single(row.to_row()),
                    })
                }),
                Err(err) => Some(Err(err)),
            })
        }))
    }

    /// Changes to the equipment requests `organizationId` is a party to (made, approved,
    /// declined, cancelled, handed over or corrected, returned), as the requester or as the
    /// listing's owner, for the organization's own people. With `after` (a cursor from an
    /// earlier event), first what happened since, then live changes, each once and in order.
    /// Ends with a `LAGGED` error if the client falls too far behind.
    async fn equipment_request_changed(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<EquipmentRequestChangedEvent>> + use<>> {
        let principal = require_caller(ctx)?;
        let organization = parse_id("organizationId", &organization_id)?;
        if !ctx.data::<Equipment>()?.may_act_for(principal, organization).await? {
            return Err(HubError::forbidden(msg!("only-organization-s-own-people-watch-4")).into());
        }
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let events = ctx.data::<EventFeed>()?.subscribe_decoded(REQUEST_CHANGED, after);
        Ok(events.filter_map(move |item| {
            std::future::ready(match item {
                Ok((cursor, change)) => change.concerns(organization).then(|| {
                    Ok(EquipmentRequestChangedEvent { cursor: cursor.to_string(), change: (*change).clone() })
                }),
                Err(err) => Some(Err(err)),
            })
        }))
    }
}
