use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt};
use hub_common::HubError;
use hub_common::events::{EventFeed, parse_cursor};
use hub_common::ids::parse_id;
use hub_common::msg;
use hub_common::principal::require_caller;

use super::types::{
    InternshipOffer, InternshipOfferFilter, InternshipOfferPublishedEvent, NominationChangedEvent,
};
use crate::events::{NOMINATION_CHANGED, OFFER_PUBLISHED};
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

    /// Changes to the nominations `organizationId` is a party to (made, accepted, rejected,
    /// withdrawn, completed): a school's own nominations, or those to an enterprise's offers,
    /// for the organization's own people. Each carries the offer's seats left as the change
    /// left them. With `after` (a cursor from an earlier event), first what happened since,
    /// then live changes, each once and in order. Ends with a `LAGGED` error if the client
    /// falls too far behind; it may subscribe again with its last cursor.
    async fn nomination_changed(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<NominationChangedEvent>> + use<>> {
        let principal = require_caller(ctx)?;
        let organization = parse_id("organizationId", &organization_id)?;
        if !ctx.data::<Internships>()?.may_act_for(principal, organization).await? {
            return Err(HubError::forbidden(msg!("only-organization-s-own-people-watch-3")).into());
        }
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let events = ctx.data::<EventFeed>()?.subscribe_decoded(NOMINATION_CHANGED, after);
        Ok(events.filter_map(move |item| {
            std::future::ready(match item {
                Ok((cursor, change)) => change.concerns(organization).then(|| {
                    Ok(NominationChangedEvent { cursor: cursor.to_string(), change: (*change).clone() })
                }),
                Err(err) => Some(Err(err)),
            })
        }))
    }
}
