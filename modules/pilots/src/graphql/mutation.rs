use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::parse_id;
use hub_common::principal::require_caller;
use hub_common::scalars::Date;

use super::inputs::{AnnualReportDraftInput, CreatePilotModelInput, ReportMeasurementInput, SetTargetInput};
use super::types::{AnnualReport, Measurement, Milestone, PilotModel, Target};
use crate::kinds::PilotStatus;
use crate::service::Pilots;

#[derive(Default)]
pub struct PilotsMutation;

#[Object]
impl PilotsMutation {
    /// Records a target from a document; officers of Education and Training only.
    async fn set_target(&self, ctx: &Context<'_>, input: SetTargetInput) -> Result<Target> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        Ok(Target::single(ctx.data::<Pilots>()?.set_target(principal, new).await?))
    }

    /// Reports a share for the caller's own organization, or (officers of Education and Training) for an
    /// area. Reporting again for the same indicator and year records a correction: the next
    /// version, with a reason; earlier versions stay in `history`.
    async fn report_measurement(
        &self,
        ctx: &Context<'_>,
        input: ReportMeasurementInput,
    ) -> Result<Measurement> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        Ok(Measurement::single(ctx.data::<Pilots>()?.report_measurement(principal, new).await?))
    }

    /// Creates or edits the caller's organization's yearly report as a draft (a returned
    /// report becomes a draft again).
    async fn save_annual_report_draft(
        &self,
        ctx: &Context<'_>,
        input: AnnualReportDraftInput,
    ) -> Result<AnnualReport> {
        let principal = require_caller(ctx)?;
        Ok(AnnualReport::single(
            ctx.data::<Pilots>()?.save_report_draft(principal, input.into_draft()).await?,
        ))
    }

    /// Submits a yearly report; an administrator of the reporting organization.
    async fn submit_annual_report(&self, ctx: &Context<'_>, id: ID) -> Result<AnnualReport> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(AnnualReport::single(ctx.data::<Pilots>()?.submit_report(principal, id).await?))
    }

    /// Accepts a submitted report; officers of Education and Training only.
    async fn accept_annual_report(&self, ctx: &Context<'_>, id: ID) -> Result<AnnualReport> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(AnnualReport::single(ctx.data::<Pilots>()?.accept_report(principal, id).await?))
    }

    /// Returns a submitted report with a reason (at most 1000 characters); officers of Education and Training
    /// only.
    async fn return_annual_report(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<AnnualReport> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(AnnualReport::single(ctx.data::<Pilots>()?.return_report(principal, id, &reason).await?))
    }

    /// Creates a pilot model, PLANNED; officers of Education and Training only.
    async fn create_pilot_model(
        &self,
        ctx: &Context<'_>,
        input: CreatePilotModelInput,
    ) -> Result<PilotModel> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        Ok(PilotModel::single(ctx.data::<Pilots>()?.create_pilot_model(principal, new).await?))
    }

    /// Moves a pilot model on: PLANNED → RUNNING → COMPLETED, or DISCONTINUED from either;
    /// officers of Education and Training only.
    async fn set_pilot_model_status(
        &self,
        ctx: &Context<'_>,
        id: ID,
        status: PilotStatus,
    ) -> Result<PilotModel> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(PilotModel::single(ctx.data::<Pilots>()?.set_pilot_status(principal, id, status).await?))
    }

    /// Marks a milestone reached; the lead organization's administrator or an officer of
    /// Education and Training.
    async fn reach_pilot_milestone(&self, ctx: &Context<'_>, id: ID, reached_on: Date) -> Result<Milestone> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Milestone(ctx.data::<Pilots>()?.reach_milestone(principal, id, reached_on.0).await?))
    }
}
