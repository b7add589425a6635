use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use hub_common::batching::Batcher;
use hub_common::ids::parse_id;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::{caller, require_caller};

use super::inputs::{EngagementFilter, PartnershipFilter};
use super::types::{Engagement, Partnership};
use crate::loaders::PartnershipLoader;
use crate::service::Partnerships;

#[derive(Default)]
pub struct PartnershipsQuery;

#[Object]
impl PartnershipsQuery {
    /// Partnerships the caller may see, newest first: its organizations' own (proposals
    /// included), and for department officers every one past the proposal stage.
    async fn partnerships(
        &self,
        ctx: &Context<'_>,
        filter: Option<PartnershipFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Partnership>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Partnerships>()?.partnerships(caller(ctx), &query, &page).await?;
        Ok(connection(&page, Partnership::siblings(rows), |p| p.model.id, |p| p))
    }

    /// One partnership, or null when it does not exist or the caller may not see it.
    async fn partnership(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Partnership>> {
        visible_partnership(ctx, &id).await
    }

    /// Active partnerships the caller may see whose period ends within `withinDays` days
    /// (0-366; today counts as day 0), soonest first.
    async fn partnerships_expiring(&self, ctx: &Context<'_>, within_days: i32) -> Result<Vec<Partnership>> {
        let rows = ctx.data::<Partnerships>()?.expiring(caller(ctx), within_days).await?;
        Ok(Partnership::siblings(rows))
    }

    /// Engagements the caller's organizations took part in (all of them for department
    /// officers), newest first.
    async fn engagements(
        &self,
        ctx: &Context<'_>,
        filter: Option<EngagementFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Engagement>> {
        let principal = require_caller(ctx)?;
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Partnerships>()?.engagements(principal, &query, &page).await?;
        Ok(connection(&page, Engagement::siblings(rows), |e| e.model.id, |e| e))
    }
}

async fn visible_partnership(ctx: &Context<'_>, id: &ID) -> Result<Option<Partnership>> {
    let id = parse_id("id", id)?;
    let Some(row) = ctx.data::<Batcher<PartnershipLoader>>()?.load_one(id).await? else {
        return Ok(None);
    };
    let visible = ctx.data::<Partnerships>()?.visible_to(caller(ctx), &row).await?;
    Ok(visible.then(|| Partnership::single(row)))
}

/// The federation entity resolver for `Partnership`; hidden partnerships resolve to null, as
/// in `partnership`.
#[derive(Default)]
pub struct PartnershipsEntities;

#[Object]
impl PartnershipsEntities {
    #[graphql(entity)]
    async fn find_partnership_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Partnership>> {
        visible_partnership(ctx, &id).await
    }
}
