//! The participation service: gathers what the other modules report for a period, attaches
//! each organization's current area and sector, and decides who may read what.
//!
//! Who may read what:
//! - department officers (and platform admins) read every report: city-wide summaries, every
//!   organization's row, the CSV export;
//! - an organization's own people read its own row in `enterpriseParticipation` (the same
//!   figures the officers see for it) and nothing else;
//! - anonymous callers read nothing.
//!
//! Officers' figures count verified organizations only and say how many unverified ones that
//! took part were left out (`unverifiedLeftOut`, a line of the CSV).
//!
//! It never writes, and it reads no other module's tables: figures come through [`Sources`].

mod gather;
mod ranking;
mod schools;
mod summary;

use hub_common::messages::Message;
use hub_common::msg;
use std::collections::HashSet;
use std::sync::Arc;

use hub_common::coalesce::Coalesced;

use directory::{Directory, OrganizationKind};
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal, Role};
use uuid::Uuid;

pub use gather::OrganizationRow;
pub use ranking::{ParticipationOrder, RankCursor, cursor};
pub use schools::SchoolRow;
pub use summary::{GroupBy, GroupRow, Summary};

use crate::figures::Tracked;
use crate::period::Period;
use crate::sector::{BUSINESS_KINDS, CONTRIBUTOR_KINDS, Sector};
use crate::sources::Sources;
use gather::Gathered;

const OFFICERS_ONLY: Message = msg!("city-wide-participation-reports-department-officers");

/// Which organizations' rows `enterpriseParticipation` lists.
#[derive(Debug, Clone)]
pub struct EnterpriseQuery {
    pub period: Period,
    /// Empty means businesses (enterprises and business associations).
    pub kinds: Vec<OrganizationKind>,
    /// Organizations in this area or below it, by their recorded or their current area.
    pub area_id: Option<Uuid>,
    /// A VSIC section letter.
    pub sector: Option<String>,
    /// Leave out organizations that did nothing in the period.
    pub participating_only: bool,
    pub order: ParticipationOrder,
}

/// The CSV export's per-enterprise report.
#[derive(Debug, Clone)]
pub struct EnterpriseReport {
    pub rows: Vec<OrganizationRow>,
    pub total: GroupRow,
    /// Unverified businesses that took part in the period, left out of the rows and total.
    pub unverified_left_out: i64,
}

/// Handle on the participation reports; cheap to clone.
#[derive(Clone)]
pub struct Participation {
    directory: Directory,
    sources: Sources,
    /// Concurrent reports over one period share one gathering (see `gather`).
    gathering: Arc<Coalesced<Period, Gathered>>,
}

impl Participation {
    pub fn new(directory: Directory, sources: Sources) -> Self {
        Self { directory, sources, gathering: Arc::default() }
    }

    /// Which optional figures this hub measures.
    pub fn tracked(&self) -> Tracked {
        Tracked {
            equipment: self.sources.equipment.is_some(),
            facilities: self.sources.facilities.is_some(),
            careers: self.sources.careers.is_some(),
        }
    }

    /// Refuses everybody but department officers (and platform admins).
    pub fn require_officer(principal: Option<&Principal>) -> HubResult<&Principal> {
        match principal {
            None => Err(HubError::Unauthenticated),
            Some(p) if p.is_department_officer() => Ok(p),
            Some(_) => Err(HubError::forbidden(OFFICERS_ONLY)),
        }
    }

    /// The city's participation in a period, grouped by area or by sector, with a total.
    pub async fn summary(
        &self,
        principal: Option<&Principal>,
        period: Period,
        group_by: GroupBy,
    ) -> HubResult<Summary> {
        Self::require_officer(principal)?;
        let gathered = self.gather(period).await?;
        Ok(summary::summarize(&gathered, period, group_by))
    }

    /// Every verified business's row in a period, in the given order, with their total
    /// (partnerships and engagements counted once however many of them took part) and how
    /// many unverified businesses that took part were left out; officers only. The CSV
    /// export's per-enterprise report.
    pub async fn enterprise_report(
        &self,
        principal: Option<&Principal>,
        period: Period,
        order: ParticipationOrder,
    ) -> HubResult<EnterpriseReport> {
        Self::require_officer(principal)?;
        let gathered = self.gather(period).await?;
        let is_business = |row: &&OrganizationRow| BUSINESS_KINDS.contains(&row.organization.kind);
        let unverified_left_out = i64::try_from(
            gathered
                .rows
                .iter()
                .filter(is_business)
                .filter(|row| !row.organization.verified && row.figures.took_part())
                .count(),
        )
        .unwrap_or(i64::MAX);
        let businesses: Vec<&OrganizationRow> =
            gathered.officer_rows().0.into_iter().filter(is_business).collect();
        let total = summary::summarize_rows(&gathered, &businesses, period, GroupBy::Area).total;
        let mut rows: Vec<OrganizationRow> = businesses.into_iter().cloned().collect();
        ranking::sort(&mut rows, order);
        Ok(EnterpriseReport { rows, total, unverified_left_out })
    }

    /// One page of organizations' rows: every organization for officers, the caller's own for
    /// everybody else.
    pub async fn enterprises(
        &self,
        principal: Option<&Principal>,
        query: &EnterpriseQuery,
        page: &PageRequest<RankCursor>,
    ) -> HubResult<Vec<OrganizationRow>> {
        let Some(principal) = principal else {
            return Err(HubError::Unauthenticated);
        };
        let kinds = validate_kinds(&query.kinds)?;
        let sector = match query.sector.as_deref() {
            None => None,
            Some(code) => Some(Sector::by_code(code.trim()).ok_or_else(|| {
                HubError::bad_input("filter.sector", msg!("filter-sector-must-vsic-section-letter"))
            })?),
        };
        let officer = principal.is_department_officer();
        let own = if officer { None } else { Some(self.own_organizations(principal).await?) };
        let gathered = self.gather(query.period).await?;
        let within = query.area_id.map(|area| gathered.areas_within(area));
        let mut rows: Vec<OrganizationRow> = gathered
            .rows
            .iter()
            .filter(|row| kinds.contains(&row.organization.kind))
            .filter(|row| own.as_ref().is_none_or(|own| own.contains(&row.organization.id)))
            // Officers' figures count verified organizations only (`Gathered::officer_rows`);
            // an organization's own people still see their own row.
            .filter(|row| !officer || row.organization.verified)
            .filter(|row| sector.is_none_or(|s| row.sector == Some(s)))
            .filter(|row| !query.participating_only || row.figures.took_part())
            .filter(|row| {
                within.as_ref().is_none_or(|areas| {
                    areas.contains(&row.organization.area_id)
                        || row.area.as_ref().is_some_and(|a| areas.contains(&a.id))
                })
            })
            .cloned()
            .collect();
        ranking::sort(&mut rows, query.order);
        Ok(ranking::page(rows, query.order, page))
    }

    /// The organizations the caller acts for: the token's own, and those it administers.
    /// Asked for callers who are not officers only, so the platform admin's own organization,
    /// which `Directory::reach_as` also counts, never matters here.
    async fn own_organizations(&self, principal: &Principal) -> HubResult<HashSet<Uuid>> {
        Ok(self.directory.reach_as(principal, Role::OrgMember).await?.organizations.into_iter().collect())
    }
}

fn validate_kinds(kinds: &[OrganizationKind]) -> HubResult<Vec<OrganizationKind>> {
    if kinds.is_empty() {
        return Ok(BUSINESS_KINDS.to_vec());
    }
    match kinds.iter().find(|kind| !CONTRIBUTOR_KINDS.contains(kind)) {
        Some(kind) => Err(HubError::bad_input(
            "filter.kinds",
            msg!("kind-organizations-have-no-participation-figures", kind: hub_common::Message::label_of(*kind)),
        )),
        None => Ok(kinds.to_vec()),
    }
}
