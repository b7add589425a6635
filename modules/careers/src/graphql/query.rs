use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::parse_id;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::caller;

use super::bulletins::LabourMarketBulletin;
use super::events::CareerEvent;
use super::inputs::{
    CareerEventFilter, LabourMarketBulletinFilter, OccupationFilter, VocationalProgrammeFilter,
};
use super::types::{Occupation, SupportPolicy, VocationalProgramme};
use crate::service::Careers;

#[derive(Default)]
pub struct CareersQuery;

#[Object]
impl CareersQuery {
    /// The occupation catalogue in code order. Public.
    async fn occupations(
        &self,
        ctx: &Context<'_>,
        filter: Option<OccupationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Occupation>> {
        let query = filter.unwrap_or_default().into_query();
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Careers>()?.occupations(&query, &page).await?;
        Ok(connection(&page, rows, |row| row.code.clone(), Occupation))
    }

    /// One occupation by its code, or null. Public.
    async fn occupation(&self, ctx: &Context<'_>, code: String) -> Result<Option<Occupation>> {
        Ok(ctx.data::<Careers>()?.occupation(&code).await?.map(Occupation))
    }

    /// Vocational programmes, newest first: published ones for everybody (withdrawn ones on
    /// request, for their institution and officers).
    async fn vocational_programmes(
        &self,
        ctx: &Context<'_>,
        filter: Option<VocationalProgrammeFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, VocationalProgramme>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Careers>()?.programmes(caller(ctx), &query, &page).await?;
        Ok(connection(&page, VocationalProgramme::siblings(rows), |p| p.model.id, |p| p))
    }

    /// One programme, or null when it does not exist or the caller may not see it.
    async fn vocational_programme(&self, ctx: &Context<'_>, id: ID) -> Result<Option<VocationalProgramme>> {
        let careers = ctx.data::<Careers>()?;
        let id = parse_id("id", &id)?;
        let Some(found) = careers.programmes_by_ids(&[id]).await?.remove(&id) else {
            return Ok(None);
        };
        let visible = careers.programme_visible_to(caller(ctx), &found).await?;
        Ok(visible.then(|| VocationalProgramme::single(found)))
    }

    /// Every support policy for learners, with its legal source. Public.
    async fn support_policies(&self, ctx: &Context<'_>) -> Result<Vec<SupportPolicy>> {
        Ok(ctx.data::<Careers>()?.support_policies().await?.into_iter().map(SupportPolicy).collect())
    }

    /// Career events in start order, those not ended yet by default. Public.
    async fn career_events(
        &self,
        ctx: &Context<'_>,
        filter: Option<CareerEventFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, CareerEvent>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Careers>()?.career_events(&query, &page).await?;
        Ok(connection(&page, CareerEvent::siblings(rows), |e| (e.model.starts_at, e.model.id), |e| e))
    }

    /// One event, or null. Public.
    async fn career_event(&self, ctx: &Context<'_>, id: ID) -> Result<Option<CareerEvent>> {
        let id = parse_id("id", &id)?;
        Ok(ctx.data::<Careers>()?.career_event(id).await?.map(CareerEvent::single))
    }

    /// Labour-market bulletins, newest period first. Public.
    async fn labour_market_bulletins(
        &self,
        ctx: &Context<'_>,
        filter: Option<LabourMarketBulletinFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, LabourMarketBulletin>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Careers>()?.bulletins(&query, &page).await?;
        Ok(connection(
            &page,
            LabourMarketBulletin::siblings(rows),
            |b| (b.model.year, b.model.period_number, b.model.id),
            |b| b,
        ))
    }
}
