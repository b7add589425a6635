use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::parse_id;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::{caller, require_caller};

use super::load_offer;
use super::types::{InternshipOffer, InternshipOfferFilter, Nomination, NominationFilter};
use crate::service::{Internships, NominationQuery};

#[derive(Default)]
pub struct InternshipsQuery;

#[Object]
impl InternshipsQuery {
    /// Offers the caller may see, newest first: published and closed ones for everybody, plus
    /// the caller's own drafts and cancelled offers (all of them for department officers).
    async fn internship_offers(
        &self,
        ctx: &Context<'_>,
        filter: Option<InternshipOfferFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, InternshipOffer>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Internships>()?.offers(caller(ctx), &query, &page).await?;
        Ok(connection(&page, InternshipOffer::siblings(rows), |offer| offer.model.id, |offer| offer))
    }

    /// One offer, or null when it does not exist or the caller may not see it.
    async fn internship_offer(&self, ctx: &Context<'_>, id: ID) -> Result<Option<InternshipOffer>> {
        visible_offer(ctx, &id).await
    }

    /// Nominations the caller may see, newest first: a school its own, an enterprise those for
    /// its offers, department officers all.
    async fn nominations(
        &self,
        ctx: &Context<'_>,
        filter: Option<NominationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Nomination>> {
        let principal = require_caller(ctx)?;
        let filter = filter.unwrap_or_default();
        let query = NominationQuery {
            offer_id: filter.offer_id.as_ref().map(|id| parse_id("filter.offerId", id)).transpose()?,
            status: filter.status,
        };
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Internships>()?.nominations(principal, &query, &page).await?;
        Ok(connection(&page, Nomination::siblings(rows), |n| n.model.id, |n| n))
    }
}

async fn visible_offer(ctx: &Context<'_>, id: &ID) -> Result<Option<InternshipOffer>> {
    let Some(offer) = load_offer(ctx, parse_id("id", id)?).await? else {
        return Ok(None);
    };
    let visible = ctx.data::<Internships>()?.visible_to(caller(ctx), &offer).await?;
    Ok(visible.then_some(InternshipOffer::single(offer)))
}

/// The federation entity resolver for `InternshipOffer`; hidden offers resolve to null, as in
/// `internshipOffer`.
#[derive(Default)]
pub struct InternshipsEntities;

#[Object]
impl InternshipsEntities {
    #[graphql(entity)]
    async fn find_internship_offer_by_id(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<InternshipOffer>> {
        visible_offer(ctx, &id).await
    }
}
