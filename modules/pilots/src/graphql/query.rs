use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use directory::Organization;
use hub_common::ids::parse_id;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::require_caller;

use super::inputs::{AnnualReportFilter, MeasurementFilter, PilotModelFilter};
use super::types::{AnnualReport, Indicator, IndicatorProgress, Measurement, PilotModel, Target};
use crate::service::Pilots;

#[derive(Default)]
pub struct PilotsQuery;

#[Object]
impl PilotsQuery {
    /// The plan's indicators, in the plan's order.
    async fn indicators(&self, ctx: &Context<'_>) -> Result<Vec<Indicator>> {
        Ok(ctx.data::<Pilots>()?.indicators().await?.into_iter().map(Indicator).collect())
    }

    /// Every target, of one indicator or of all, newest document first; superseded ones
    /// included (see `indicatorProgress` for the one in force).
    async fn targets(&self, ctx: &Context<'_>, indicator: Option<String>) -> Result<Vec<Target>> {
        Ok(Target::siblings(ctx.data::<Pilots>()?.targets(indicator.as_deref()).await?))
    }

    /// An indicator's progress in a school year (numbered by the year it ends in: 2025 is
    /// 2024-2025) for an area, or the city when `areaId` is null: the schools' newest reports
    /// summed (shares weighted by their denominators), the target in force and the gap.
    /// Department officers only.
    async fn indicator_progress(
        &self,
        ctx: &Context<'_>,
        indicator: String,
        area_id: Option<ID>,
        year: i32,
    ) -> Result<IndicatorProgress> {
        let principal = require_caller(ctx)?;
        let area_id = area_id.as_ref().map(|id| parse_id("areaId", id)).transpose()?;
        let progress = ctx.data::<Pilots>()?.progress(principal, &indicator, area_id, year).await?;
        Ok(IndicatorProgress(progress))
    }

    /// Measurements the caller may see, newest first: an organization's own, every one for
    /// department officers.
    async fn measurements(
        &self,
        ctx: &Context<'_>,
        filter: Option<MeasurementFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Measurement>> {
        let principal = require_caller(ctx)?;
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Pilots>()?.measurements(principal, &query, &page).await?;
        Ok(connection(&page, Measurement::siblings(rows), |m| m.model.id, |m| m))
    }

    /// Yearly reports the caller may see, newest first: an organization's own (drafts
    /// included), every submitted one for department officers.
    async fn annual_reports(
        &self,
        ctx: &Context<'_>,
        filter: Option<AnnualReportFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AnnualReport>> {
        let principal = require_caller(ctx)?;
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Pilots>()?.annual_reports(principal, &query, &page).await?;
        Ok(connection(&page, AnnualReport::siblings(rows), |r| r.model.id, |r| r))
    }

    /// Schools, centres and colleges (universities excepted) in the city, or in an area, with
    /// no submitted or accepted report for the calendar year, in name order. Department
    /// officers only.
    async fn annual_reports_outstanding(
        &self,
        ctx: &Context<'_>,
        year: i32,
        area_id: Option<ID>,
    ) -> Result<Vec<Organization>> {
        let principal = require_caller(ctx)?;
        let area_id = area_id.as_ref().map(|id| parse_id("areaId", id)).transpose()?;
        let rows = ctx.data::<Pilots>()?.outstanding_reports(principal, year, area_id).await?;
        Ok(Organization::siblings(rows))
    }

    /// Pilot career-education models, newest first.
    async fn pilot_models(
        &self,
        ctx: &Context<'_>,
        filter: Option<PilotModelFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, PilotModel>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Pilots>()?.pilot_models(&query, &page).await?;
        Ok(connection(&page, PilotModel::siblings(rows), |p| p.model.id, |p| p))
    }

    async fn pilot_model(&self, ctx: &Context<'_>, id: ID) -> Result<Option<PilotModel>> {
        let id = parse_id("id", &id)?;
        let mut found = ctx.data::<Pilots>()?.pilot_models_by_ids(&[id]).await?;
        Ok(found.remove(&id).map(PilotModel::single))
    }
}
