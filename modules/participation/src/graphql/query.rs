use async_graphql::connection::Connection;
use async_graphql::{Context, Object, Result};
use hub_common::HubError;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::caller;

use super::inputs::{EnterpriseParticipationFilter, ParticipationPeriod};
use super::types::{EnterpriseParticipation, ParticipationSummary, SchoolCareerEventRegistrations};
use crate::service::{EnterpriseQuery, GroupBy, Participation, ParticipationOrder, cursor};

#[derive(Default)]
pub struct ParticipationQuery;

#[Object]
impl ParticipationQuery {
    /// Businesses' participation in a period (this calendar year unless the filter says),
    /// ranked by `orderBy` (`ACTIVITIES` unless given). Department officers see every
    /// organization; anybody else only the organizations they act for.
    async fn enterprise_participation(
        &self,
        ctx: &Context<'_>,
        filter: Option<EnterpriseParticipationFilter>,
        first: Option<i32>,
        after: Option<String>,
        order_by: Option<ParticipationOrder>,
    ) -> Result<Connection<String, EnterpriseParticipation>> {
        let filter = filter.unwrap_or_default();
        let order = order_by.unwrap_or_default();
        let query = EnterpriseQuery {
            period: ParticipationPeriod::resolve(filter.period, "filter.period")?,
            kinds: filter.kinds.clone().unwrap_or_default(),
            area_id: filter.area_id()?,
            sector: filter.sector.clone(),
            participating_only: filter.participating_only.unwrap_or(false),
            order,
        };
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let service = ctx.data::<Participation>()?;
        let rows = service.enterprises(caller(ctx), &query, &page).await?;
        let nodes = EnterpriseParticipation::page(rows, service.tracked());
        Ok(connection(&page, nodes, |node| cursor(node.row(), order), |node| node))
    }

    /// The city's participation in a period (this calendar year unless given), grouped by
    /// area or by VSIC section, with the city total; department officers only.
    async fn participation_summary(
        &self,
        ctx: &Context<'_>,
        period: Option<ParticipationPeriod>,
        group_by: GroupBy,
    ) -> Result<ParticipationSummary> {
        let service = ctx.data::<Participation>()?;
        // Refused before the period is checked, so a refusal never depends on the arguments.
        Participation::require_officer(caller(ctx))?;
        let period = ParticipationPeriod::resolve(period, "period")?;
        let summary = service.summary(caller(ctx), period, group_by).await?;
        Ok(ParticipationSummary::new(summary, service.tracked()))
    }

    /// Per school, the career events held in a period (this calendar year unless given) it
    /// registered students for, and the students registered, most students first. Department
    /// officers see every school; anybody else only the schools they act for. Null when this
    /// hub does not track career events.
    async fn school_career_event_registrations(
        &self,
        ctx: &Context<'_>,
        period: Option<ParticipationPeriod>,
    ) -> Result<Option<Vec<SchoolCareerEventRegistrations>>> {
        let service = ctx.data::<Participation>()?;
        // Refused before the period is checked, so a refusal never depends on the arguments.
        if caller(ctx).is_none() {
            return Err(HubError::Unauthenticated.into());
        }
        let period = ParticipationPeriod::resolve(period, "period")?;
        let rows = service.school_registrations(caller(ctx), period).await?;
        Ok(rows.map(SchoolCareerEventRegistrations::all))
    }
}
