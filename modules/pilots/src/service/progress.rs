//! Progress of an indicator for an area or the city in a year.
//!
//! Shares are summed, not averaged: the achieved value is Σ numerators / Σ denominators, so a
//! school of 1,030 graduates weighs 1,030 times as much as one graduate, and a school counts
//! once in a "schools with …" indicator (it reports 1 of 1 or 0 of 1). Each measurement counts
//! in its newest version. Schools roll up to every area above their own through the directory's
//! hierarchy. An area measurement (reported by an officer for a whole area) stands for that area
//! and everything below it: the schools and smaller areas inside it are then not counted again.
//!
//! Only verified schools count; how many unverified schools reported is said apart
//! (`unverifiedLeftOut`). Area measurements are reported by officers and always count.
//!
//! Areas are versioned in time: the area asked about must have existed during the school year
//! (a district abolished on 1 July 2025 has no school year 2025-2026), while the schools under
//! it are found through the hierarchy as it is recorded, since schools carry only their
//! current area.

use hub_common::msg;
use std::collections::HashSet;

use directory::AreaRecord;
use directory::service::AreaQuery;
use directory::{AreaLevel, OrganizationKind};
use hub_common::{HubError, HubResult, Principal};
use uuid::Uuid;

use super::{Pilots, validate};
use crate::entity::{indicator, measurement, target};
use crate::kinds::Direction;

/// An indicator's standing for an area (or the city) in a year.
#[derive(Debug, Clone)]
pub struct Progress {
    pub indicator: indicator::Model,
    pub year: i32,
    /// `None` for the city.
    pub area_id: Option<Uuid>,
    pub totals: Option<Totals>,
    pub target: Option<target::Model>,
    pub reporting_organizations: usize,
    pub reporting_areas: usize,
    /// Unverified schools that reported a measurement: left out of the totals until a
    /// department verifies them.
    pub unverified_left_out: usize,
    /// For the lower-secondary-to-vocational indicator and the city: the same year as the
    /// vocational institutions' admissions report it. `None` otherwise, or when no institution
    /// reported that year's intake.
    pub admissions: Option<super::AdmissionsComparison>,
}

/// Summed shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub numerator: i64,
    pub denominator: i64,
}

impl Totals {
    /// Σ numerators / Σ denominators in percent; `None` when nothing was counted.
    pub fn of(shares: impl IntoIterator<Item = (i64, i64)>) -> Option<Self> {
        let (numerator, denominator) = shares
            .into_iter()
            .fold((0_i64, 0_i64), |(n, d), (sn, sd)| (n.saturating_add(sn), d.saturating_add(sd)));
        (denominator > 0).then_some(Self { numerator, denominator })
    }

    pub fn percent(&self) -> f64 {
        self.numerator as f64 * 100.0 / self.denominator as f64
    }
}

impl Progress {
    pub fn achieved(&self) -> Option<f64> {
        self.totals.map(|t| t.percent())
    }

    /// How far the achieved value is short of the target, in percentage points, in the
    /// indicator's direction: positive while short, zero or negative once met.
    pub fn gap(&self) -> Option<f64> {
        let achieved = self.achieved()?;
        let target = self.target.as_ref()?.value;
        Some(match self.indicator.direction {
            Direction::HigherIsBetter => target - achieved,
            Direction::LowerIsBetter => achieved - target,
        })
    }
}

impl Pilots {
    /// The indicator's progress for an area (`None`: the city) in `year`; department
    /// officers only.
    pub async fn progress(
        &self,
        principal: &Principal,
        indicator: &str,
        area_id: Option<Uuid>,
        year: i32,
    ) -> HubResult<Progress> {
        Self::require_officer(principal, "see progress for an area or the city")?;
        let indicator = self.indicator("indicator", indicator).await?;
        let year = validate::year("year", year)?;
        let root = match area_id {
            Some(id) => {
                let found = self.directory.area(id).await?;
                let found = found
                    .ok_or_else(|| HubError::bad_input("areaId", msg!("area-id-does-not-exist", id = id)))?;
                let (start, end) = validate::school_year_bounds(year)?;
                if found.valid_from > end || found.valid_to.is_some_and(|to| to < start) {
                    return Err(HubError::bad_input("areaId", msg!("area-did-not-exist-during-school")));
                }
                Some(found)
            }
            None => self.city().await?,
        };
        let Some(root) = root else {
            // No city in the directory: nothing can have been measured.
            let target = self.target_in_force(&indicator.code, &[], year).await?;
            return Ok(Progress {
                indicator,
                year,
                area_id,
                totals: None,
                target,
                reporting_organizations: 0,
                reporting_areas: 0,
                unverified_left_out: 0,
                admissions: None,
            });
        };
        let scopes = self.scopes(&root).await?;
        let subtree = self.directory.area_with_descendants(root.id).await?;
        let kinds: Vec<OrganizationKind> = [
            OrganizationKind::LowerSecondarySchool,
            OrganizationKind::UpperSecondarySchool,
            OrganizationKind::MultiLevelSchool,
        ]
        .into_iter()
        .filter(|kind| indicator.school_level.taught_by(*kind))
        .collect();
        let organizations = self.directory.organizations_in_areas(&subtree, &kinds).await?;
        let organization_ids: Vec<Uuid> = organizations.iter().map(|o| o.id).collect();
        let rows = self.newest_measurements(&indicator.code, year, &organization_ids, &subtree).await?;
        // Officers' figures count verified schools only: anyone signed in may register one.
        let unverified: HashSet<Uuid> = organizations.iter().filter(|o| !o.verified).map(|o| o.id).collect();
        let (rows, left_out): (Vec<measurement::Model>, Vec<measurement::Model>) = rows
            .into_iter()
            .partition(|row| row.organization_id.is_none_or(|org| !unverified.contains(&org)));

        // Areas measured as a whole cover everything below them.
        let measured: Vec<Uuid> = rows.iter().filter_map(|row| row.area_id).collect();
        let mut covered = HashSet::new();
        for area in &measured {
            covered
                .extend(self.directory.area_with_descendants(*area).await?.into_iter().filter(|a| a != area));
        }
        let area_of = |org: Uuid| organizations.iter().find(|o| o.id == org).map(|o| o.area_id);
        let counted: Vec<&measurement::Model> = rows
            .iter()
            .filter(|row| match (row.organization_id, row.area_id) {
                (_, Some(area)) => !covered.contains(&area),
                (Some(org), None) => {
                    area_of(org).is_some_and(|area| !covered.contains(&area) && !measured.contains(&area))
                }
                (None, None) => false,
            })
            .collect();
        let totals = Totals::of(counted.iter().map(|row| (row.numerator, row.denominator)));
        let target = self.target_in_force(&indicator.code, &scopes, year).await?;
        // Institutions admit pupils from anywhere, so their intake compares with the city's
        // graduates only, never with one area's.
        let admissions = match &self.admissions {
            Some(source)
                if root.parent_id.is_none() && indicator.code == super::LOWER_SECONDARY_TO_VOCATIONAL =>
            {
                source
                    .lower_secondary_enrolled(year)
                    .await?
                    .map(|intake| super::AdmissionsComparison { intake, schools: totals })
            }
            _ => None,
        };
        Ok(Progress {
            admissions,
            reporting_organizations: counted.iter().filter(|row| row.organization_id.is_some()).count(),
            reporting_areas: counted.iter().filter(|row| row.area_id.is_some()).count(),
            unverified_left_out: left_out.len(),
            indicator,
            year,
            area_id,
            totals,
            target,
        })
    }

    /// The city: the current top of the area hierarchy.
    pub(crate) async fn city(&self) -> HubResult<Option<AreaRecord>> {
        let query =
            AreaQuery { level: Some(AreaLevel::City), parent_id: None, valid_on: Some(validate::today()) };
        Ok(self.directory.areas(&query).await?.into_iter().find(|area| area.parent_id.is_none()))
    }

    /// The area and the areas above it, nearest first: where a target for it may be set.
    async fn scopes(&self, root: &AreaRecord) -> HubResult<Vec<Uuid>> {
        let mut scopes = vec![root.id];
        let mut parent = root.parent_id;
        while let Some(id) = parent {
            if scopes.contains(&id) {
                break;
            }
            scopes.push(id);
            parent = self.directory.area(id).await?.and_then(|area| area.parent_id);
        }
        Ok(scopes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_weighted_by_their_denominators() {
        // 412 of 1,030 and 10 of 20: 422 / 1,050, not the mean of 40% and 50%.
        let totals = Totals::of([(412, 1030), (10, 20)]).unwrap_or(Totals { numerator: 0, denominator: 1 });
        assert_eq!((totals.numerator, totals.denominator), (422, 1050));
        assert!((totals.percent() - 40.190_476).abs() < 1e-5);
        assert_eq!(Totals::of([]), None);
    }
}
