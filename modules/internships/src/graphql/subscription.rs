use async_graphql::{Context, Result, Subscription};
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use hub_common::HubError;
use hub_common::events::{EventFeed, parse_cursor};

use super::types::{InternshipOffer, InternshipOfferFilter, InternshipOfferPublishedEvent};
use crate::OFFER_PUBLISHED_TOPIC;
use crate::entity::offer;
use crate::service::Internships;

#[derive(Default)]
pub struct InternshipsSubscription;

#[Subscription]
impl InternshipsSubscription {
    /// Offers as they are published, filtered on the server. With `after` (a cursor from an
    /// earlier event), first every matching offer published since then, then live ones, each
    /// once and in order. Ends with a `LAGGED` error if the client falls too far behind; it may
    /// subscribe again with its last cursor.
    async fn internship_offer_published(
        &self,
        ctx: &Context<'_>,
        filter: Option<InternshipOfferFilter>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<InternshipOfferPublishedEvent>> + use<>> {
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let query = filter.unwrap_or_default().into_query()?;
        // The area is expanded to its descendants once, here, not per event.
        let matcher = ctx.data::<Internships>()?.resolve_filter(&query).await?;
        // Boxed as `dyn … + 'static`: the feed's `impl Stream` names the borrow of the feed
        // among its captures (edition 2024), though it holds none, and the stream must outlive
        // this call.
        let mut events: BoxStream<'static, _> =
            ctx.data::<EventFeed>()?.subscribe(OFFER_PUBLISHED_TOPIC, after).boxed();
        Ok(async_stream::stream! {
            while let Some(item) = events.next().await {
                let event = match item {
                    Ok(event) => event,
                    Err(err) => {
                        yield Err(err.into_graphql());
                        return;
                    }
                };
                let offer = match event.decode::<offer::Model>() {
                    Ok(offer) => offer,
                    Err(err) => {
                        let context = format!("event {} has no offer", event.cursor);
                        let cause = anyhow::Error::new(err).context(context);
                        yield Err(HubError::Unexpected(cause).into());
                        return;
                    }
                };
                if matcher.matches(&offer) {
                    yield Ok(InternshipOfferPublishedEvent {
                        cursor: event.cursor.to_string(),
                        offer: InternshipOffer::single(offer.as_ref().clone()),
                    });
                }
            }
        })
    }
}
