//! The module's GraphQL inputs and their translation into service arguments.

use async_graphql::{ID, InputObject};
use directory::OrganizationKind;
use hub_common::HubResult;
use hub_common::ids::parse_id;
use hub_common::scalars::Date;

use crate::period::{Period, PeriodNames};

/// A report's period: a calendar `year`, or `from` and `to` (Hải Phòng days, both included,
/// at most 3,660 days). Left out, a report covers this calendar year.
#[derive(InputObject, Default, Clone, Copy)]
pub struct ParticipationPeriod {
    pub year: Option<i32>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl ParticipationPeriod {
    pub fn resolve(period: Option<Self>, field: &str) -> HubResult<Period> {
        let Self { year, from, to } = period.unwrap_or_default();
        Period::choose(PeriodNames::Input(field), year, from.map(|day| day.0), to.map(|day| day.0))
    }
}

/// Which organizations `enterpriseParticipation` lists.
#[derive(InputObject, Default)]
pub struct EnterpriseParticipationFilter {
    pub period: Option<ParticipationPeriod>,
    /// Businesses (enterprises and business associations) when left out; colleges,
    /// intermediate schools, centres and universities may be asked for too.
    pub kinds: Option<Vec<OrganizationKind>>,
    /// Organizations in this area or below it.
    pub area_id: Option<ID>,
    /// A VSIC section letter, `A` to `U` (see `Sector`).
    pub sector: Option<String>,
    /// Leave out organizations that did nothing in the period.
    pub participating_only: Option<bool>,
}

impl EnterpriseParticipationFilter {
    pub fn area_id(&self) -> HubResult<Option<uuid::Uuid>> {
        self.area_id.as_ref().map(|id| parse_id("filter.areaId", id)).transpose()
    }
}
