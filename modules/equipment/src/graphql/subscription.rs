use async_graphql::{Context, Result, Subscription};
use futures_util::{Stream, StreamExt};
use hub_common::events::{EventFeed, parse_cursor};

use super::inputs::EquipmentListingFilter;
use super::types::{EquipmentListing, EquipmentListingPostedEvent};
use crate::events::LISTING_POSTED;

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
}
