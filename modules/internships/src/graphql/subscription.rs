use async_graphql::{Context, Result, Subscription};
use futures_util::{Stream, StreamExt};
use hub_common::events::{EventFeed, parse_cursor};

use super::types::{InternshipOffer, InternshipOfferFilter, InternshipOfferPublishedEvent};
use crate::events::OFFER_PUBLISHED;
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
        let events = ctx.data::<EventFeed>()?.subscribe_decoded(OFFER_PUBLISHED, after);
        Ok(events.filter_map(move |item| {
            std::future::ready(match item {
                Ok((cursor, offer)) => matcher.matches(&offer).then(|| {
                    Ok(InternshipOfferPublishedEvent {
                        cursor: cursor.to_string(),
                        offer: InternshipOffer::single(offer.to_row()),
                    })
                }),
                Err(err) => Some(Err(err)),
            })
        }))
    }
}
