//! Gathering one period's figures from every source and attaching them to organizations.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use directory::service::AreaQuery;
use directory::{AreaRecord, OrganizationRecord};
use hub_common::HubResult;
use uuid::Uuid;

use super::Participation;
use crate::figures::Figures;
use crate::period::Period;
use crate::sector::{CONTRIBUTOR_KINDS, Sector};
use crate::sources::{EngagementHeld, PartnershipInForce};

/// One organization's participation in a period.
#[derive(Debug, Clone)]
pub struct OrganizationRow {
    pub organization: OrganizationRecord,
    /// The current area containing the organization's recorded area (see `current_area`).
    pub area: Option<AreaRecord>,
    pub sector: Option<Sector>,
    pub figures: Figures,
}

/// Everything a report over one period needs, read once.
pub(crate) struct Gathered {
    /// Contributing organizations (businesses, colleges, centres), in name order.
    pub rows: Vec<OrganizationRow>,
    pub partnerships: Vec<PartnershipInForce>,
    pub engagements: Vec<EngagementHeld>,
    pub areas: HashMap<Uuid, AreaRecord>,
}

impl Participation {
    /// Reads the directory and every source for the period: a fixed number of statements,
    /// whatever the number of organizations, offers or engagements.
    ///
    /// Requests for one period that arrive while its gathering runs share the next one
    /// (`hub_common::coalesce`): a department's dashboards ask for the same year, and each
    /// gathering aggregates whole tables (issue 18: 50 reports a second, PostgreSQL-bound).
    /// Nothing is kept once it is answered, so each report still sees every write committed
    /// before it was asked for.
    pub(crate) async fn gather(&self, period: Period) -> HubResult<Arc<Gathered>> {
        let this = self.clone();
        self.gathering.get(period, move || this.clone().gather_now(period)).await
    }

    async fn gather_now(self, period: Period) -> HubResult<Gathered> {
        let equipment = async {
            match &self.sources.equipment {
                Some(source) => source.equipment_given(period).await,
                None => Ok(Vec::new()),
            }
        };
        let facilities = async {
            match &self.sources.facilities {
                Some(source) => source.bookings_hosted(period).await,
                None => Ok(Vec::new()),
            }
        };
        let careers = async {
            match &self.sources.careers {
                Some(source) => source.career_events_hosted(period).await,
                None => Ok(Vec::new()),
            }
        };
        let every_area = AreaQuery::default();
        let (
            organizations,
            areas,
            internships,
            partnerships,
            engagements,
            equipment,
            bookings,
            events_hosted,
        ) = tokio::try_join!(
            self.directory.all_organizations_of(&CONTRIBUTOR_KINDS),
            self.directory.areas(&every_area),
            self.sources.internships.internships_given(period),
            self.sources.partnerships.partnerships_in_force(period),
            self.sources.partnerships.engagements_held(period),
            equipment,
            facilities,
            careers,
        )?;

        let mut figures: HashMap<Uuid, Figures> = HashMap::new();
        for given in internships {
            let f = figures.entry(given.enterprise).or_default();
            f.offers = given.offers;
            f.seats = given.seats;
            f.nominations_accepted = given.nominations_accepted;
            f.placements_completed = given.placements_completed;
            f.placement_hours = given.placement_hours;
        }
        for given in equipment {
            let f = figures.entry(given.owner).or_default();
            f.equipment_donations = given.donations;
            f.equipment_donated_value_vnd = given.donated_value_vnd;
            f.equipment_loans = given.loans;
            f.equipment_lent_value_vnd = given.lent_value_vnd;
        }
        for hosted in bookings {
            let f = figures.entry(hosted.host).or_default();
            f.bookings_hosted = hosted.bookings;
            f.booking_participants = hosted.participants;
        }
        for events in events_hosted {
            let f = figures.entry(events.host).or_default();
            f.career_events_hosted = events.events;
            f.career_event_students = events.students_registered;
        }
        for partnership in &partnerships {
            for party in unique(&partnership.parties) {
                figures.entry(party).or_default().active_partnerships += 1;
            }
        }
        for engagement in &engagements {
            for organization in unique(&engagement.organizations) {
                let f = figures.entry(organization).or_default();
                f.engagements += 1;
                f.students_reached += engagement.students;
            }
        }

        let areas: HashMap<Uuid, AreaRecord> = areas.into_iter().map(|a| (a.id, a)).collect();
        let today = hub_common::time::today();
        let rows = organizations
            .into_iter()
            .map(|organization| OrganizationRow {
                area: current_area(&areas, organization.area_id, today).cloned(),
                sector: Sector::of_organization(&organization),
                figures: figures.get(&organization.id).copied().unwrap_or_default(),
                organization,
            })
            .collect();
        Ok(Gathered { rows, partnerships, engagements, areas })
    }
}

impl Gathered {
    /// The rows officers' figures count: verified organizations only. Anyone signed in may
    /// register an organization, so an unverified one could otherwise inflate the city's
    /// figures with activity nobody vouched for. Also returns how many unverified
    /// organizations took part in the period and were left out, for the reports to say so.
    pub fn officer_rows(&self) -> (Vec<&OrganizationRow>, i64) {
        let (verified, unverified): (Vec<&OrganizationRow>, Vec<&OrganizationRow>) =
            self.rows.iter().partition(|row| row.organization.verified);
        let left_out = unverified.iter().filter(|row| row.figures.took_part()).count();
        (verified, i64::try_from(left_out).unwrap_or(i64::MAX))
    }

    /// The area and every area below it.
    pub fn areas_within(&self, root: Uuid) -> HashSet<Uuid> {
        let mut within = HashSet::from([root]);
        // The hierarchy is a few levels deep; repeat until no area joins.
        loop {
            let before = within.len();
            for area in self.areas.values() {
                if area.parent_id.is_some_and(|parent| within.contains(&parent)) {
                    within.insert(area.id);
                }
            }
            if within.len() == before {
                return within;
            }
        }
    }
}

/// The area an organization counts under today: its recorded area if that still exists,
/// otherwise the nearest enclosing area that does. An enterprise recorded in a district that
/// ended on 30 June 2025 thus counts under the city rather than under a district that no
/// longer exists (the directory cannot say which new ward took its street).
pub(crate) fn current_area(
    areas: &HashMap<Uuid, AreaRecord>,
    recorded: Uuid,
    today: chrono::NaiveDate,
) -> Option<&AreaRecord> {
    let mut next = Some(recorded);
    let mut steps = 0;
    while let Some(id) = next {
        let area = areas.get(&id)?;
        if area.is_valid_on(today) {
            return Some(area);
        }
        next = area.parent_id;
        steps += 1;
        if steps > areas.len() {
            return None; // A cycle would be a data error; do not loop on it.
        }
    }
    None
}

/// Each organization once, however often a source lists it.
fn unique(ids: &[Uuid]) -> impl Iterator<Item = Uuid> {
    let set: HashSet<Uuid> = ids.iter().copied().collect();
    set.into_iter()
}
