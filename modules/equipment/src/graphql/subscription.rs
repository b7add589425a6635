use async_graphql::{Context, Result, Subscription};
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use hub_common::HubError;
use hub_common::events::{EventFeed, parse_cursor};

use super::inputs::EquipmentListingFilter;
use super::types::{EquipmentListing, EquipmentListingPostedEvent};
use crate::LISTING_POSTED_TOPIC;
use crate::entity::listing;

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
        // Boxed as `dyn … + 'static`: the feed's `impl Stream` names the borrow of the feed
        // among its captures (edition 2024), though it holds none.
        let mut events: BoxStream<'static, _> =
            ctx.data::<EventFeed>()?.subscribe(LISTING_POSTED_TOPIC, after).boxed();
        Ok(async_stream::stream! {
            while let Some(item) = events.next().await {
                let event = match item {
                    Ok(event) => event,
                    Err(err) => {
                        yield Err(err.into_graphql());
                        return;
                    }
                };
                let row = match event.decode::<listing::Model>() {
                    Ok(row) => row,
                    Err(err) => {
                        let cause = anyhow::Error::new(err).context(format!("event {} has no listing", event.cursor));
                        yield Err(HubError::Unexpected(cause).into());
                        return;
                    }
                };
                if matcher.matches(&row) {
                    yield Ok(EquipmentListingPostedEvent {
                        cursor: event.cursor.to_string(),
                        listing: EquipmentListing::single(row.as_ref().clone()),
                    });
                }
            }
        })
    }
}
