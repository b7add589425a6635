//! The module's GraphQL object types.

use async_graphql::{Object, SimpleObject};
use directory::{Area, Organization};
use hub_common::scalars::{Date, Vnd};

use crate::figures::{Figures, Tracked};
use crate::sector::Sector;
use crate::service::{GroupBy, GroupRow, OrganizationRow, SchoolRow, Summary};

/// What an organization or a group did in a period. Equipment, booking and career-event
/// figures are null when the hub does not track them (their module is not part of this hub).
pub struct ParticipationFigures {
    figures: Figures,
    tracked: Tracked,
}

impl ParticipationFigures {
    fn equipment<T>(&self, value: T) -> Option<T> {
        self.tracked.equipment.then_some(value)
    }

    fn facilities<T>(&self, value: T) -> Option<T> {
        self.tracked.facilities.then_some(value)
    }

    fn careers<T>(&self, value: T) -> Option<T> {
        self.tracked.careers.then_some(value)
    }
}

#[Object]
impl ParticipationFigures {
    /// Internship offers published in the period (and not cancelled since).
    async fn offers(&self) -> i64 {
        self.figures.offers
    }

    /// Seats of those offers.
    async fn seats(&self) -> i64 {
        self.figures.seats
    }

    /// Nominations accepted in the period that still stand (accepted or completed since).
    async fn nominations_accepted(&self) -> i64 {
        self.figures.nominations_accepted
    }

    /// Placements completed in the period.
    async fn placements_completed(&self) -> i64 {
        self.figures.placements_completed
    }

    /// Hours worked in the placements completed in the period.
    async fn placement_hours(&self) -> i64 {
        self.figures.placement_hours
    }

    /// Equipment donations handed over in the period.
    async fn equipment_donations(&self) -> Option<i64> {
        self.equipment(self.figures.equipment_donations)
    }

    async fn equipment_donated_value(&self) -> Option<Vnd> {
        self.equipment(Vnd(self.figures.equipment_donated_value_vnd))
    }

    /// Equipment loans handed over in the period.
    async fn equipment_loans(&self) -> Option<i64> {
        self.equipment(self.figures.equipment_loans)
    }

    async fn equipment_lent_value(&self) -> Option<Vnd> {
        self.equipment(Vnd(self.figures.equipment_lent_value_vnd))
    }

    /// Workshop bookings hosted in the period (colleges and centres).
    async fn bookings_hosted(&self) -> Option<i64> {
        self.facilities(self.figures.bookings_hosted)
    }

    async fn booking_participants(&self) -> Option<i64> {
        self.facilities(self.figures.booking_participants)
    }

    /// Partnerships in force for at least a day of the period.
    async fn active_partnerships(&self) -> i64 {
        self.figures.active_partnerships
    }

    /// Engagements (career days, visits, talks…) held in the period.
    async fn engagements(&self) -> i64 {
        self.figures.engagements
    }

    /// Students those engagements reached.
    async fn students_reached(&self) -> i64 {
        self.figures.students_reached
    }

    /// Career events (career days, open days, company visits) hosted: held in the period and
    /// not cancelled.
    async fn career_events_hosted(&self) -> Option<i64> {
        self.careers(self.figures.career_events_hosted)
    }

    /// Students schools registered for those events.
    async fn career_event_students(&self) -> Option<i64> {
        self.careers(self.figures.career_event_students)
    }

    /// Offers, equipment hand-overs, bookings hosted, partnerships, engagements and career
    /// events hosted, each counting one: what `ACTIVITIES` ranks by.
    async fn activities(&self) -> i64 {
        self.figures.activities()
    }
}

/// One organization's participation in a period.
pub struct EnterpriseParticipation {
    organization: Organization,
    area: Option<Area>,
    row: OrganizationRow,
    tracked: Tracked,
}

impl EnterpriseParticipation {
    /// Wraps a page of rows so their organizations and areas resolve without another
    /// statement each (the rows carry them) and areas' parents load together.
    pub fn page(rows: Vec<OrganizationRow>, tracked: Tracked) -> Vec<Self> {
        let organizations = Organization::siblings(rows.iter().map(|r| r.organization.clone()).collect());
        let mut areas = Area::siblings(rows.iter().filter_map(|r| r.area.clone()).collect()).into_iter();
        rows.into_iter()
            .zip(organizations)
            .map(|(row, organization)| {
                let area = if row.area.is_some() { areas.next() } else { None };
                Self { organization, area, row, tracked }
            })
            .collect()
    }

    pub fn row(&self) -> &OrganizationRow {
        &self.row
    }
}

#[Object]
impl EnterpriseParticipation {
    async fn organization(&self) -> &Organization {
        &self.organization
    }

    /// The current area the organization counts under: its own area, or, when that no longer
    /// exists, the nearest enclosing area that does.
    async fn area(&self) -> Option<&Area> {
        self.area.as_ref()
    }

    /// The VSIC section of its industry code (section P for colleges and centres).
    async fn sector(&self) -> Option<Sector> {
        self.row.sector
    }

    /// Whether it took part in anything in the period.
    async fn participated(&self) -> bool {
        self.row.figures.took_part()
    }

    async fn figures(&self) -> ParticipationFigures {
        ParticipationFigures { figures: self.row.figures, tracked: self.tracked }
    }
}

/// One school's registrations for the career events held in a period.
pub struct SchoolCareerEventRegistrations {
    organization: Organization,
    area: Option<Area>,
    row: SchoolRow,
}

impl SchoolCareerEventRegistrations {
    /// Wraps rows so their organizations and areas resolve without another statement each.
    pub fn all(rows: Vec<SchoolRow>) -> Vec<Self> {
        let organizations = Organization::siblings(rows.iter().map(|r| r.organization.clone()).collect());
        let mut areas = Area::siblings(rows.iter().filter_map(|r| r.area.clone()).collect()).into_iter();
        rows.into_iter()
            .zip(organizations)
            .map(|(row, organization)| {
                let area = if row.area.is_some() { areas.next() } else { None };
                Self { organization, area, row }
            })
            .collect()
    }
}

#[Object]
impl SchoolCareerEventRegistrations {
    /// The school.
    async fn organization(&self) -> &Organization {
        &self.organization
    }

    /// The current area the school counts under.
    async fn area(&self) -> Option<&Area> {
        self.area.as_ref()
    }

    /// Career events held in the period it had registrations for.
    async fn events(&self) -> i64 {
        self.row.events
    }

    /// Students it registered for them (cancelled registrations left out).
    async fn students_registered(&self) -> i64 {
        self.row.students
    }
}

/// One group of a summary, or its total. A partnership or an engagement counts once in a
/// group however many of its organizations took part.
pub struct ParticipationGroup {
    area: Option<Area>,
    row: GroupRow,
    tracked: Tracked,
}

#[Object]
impl ParticipationGroup {
    /// The area (grouping by area); null in the total, or for organizations of unknown area.
    async fn area(&self) -> Option<&Area> {
        self.area.as_ref()
    }

    /// The sector (grouping by sector); null in the total, or without an industry code.
    async fn sector(&self) -> Option<Sector> {
        self.row.sector
    }

    /// Businesses, colleges and centres in the group.
    async fn organizations(&self) -> i64 {
        self.row.organizations
    }

    /// Of which took part in anything in the period.
    async fn participating(&self) -> i64 {
        self.row.participating
    }

    async fn figures(&self) -> ParticipationFigures {
        ParticipationFigures { figures: self.row.figures, tracked: self.tracked }
    }
}

/// The city's participation in a period, grouped by area or sector.
#[derive(SimpleObject)]
pub struct ParticipationSummary {
    pub from: Date,
    pub to: Date,
    pub group_by: GroupBy,
    pub groups: Vec<ParticipationGroup>,
    pub total: ParticipationGroup,
    /// Unverified organizations that took part in the period: left out of every figure
    /// above until a department verifies them (see `organizationsAwaitingVerification`).
    pub unverified_left_out: i64,
}

impl ParticipationSummary {
    pub fn new(summary: Summary, tracked: Tracked) -> Self {
        let mut areas =
            Area::siblings(summary.groups.iter().filter_map(|g| g.area.clone()).collect()).into_iter();
        let groups = summary
            .groups
            .into_iter()
            .map(|row| {
                let area = if row.area.is_some() { areas.next() } else { None };
                ParticipationGroup { area, row, tracked }
            })
            .collect();
        Self {
            from: Date(summary.period.from),
            to: Date(summary.period.to),
            group_by: summary.group_by,
            groups,
            total: ParticipationGroup { area: None, row: summary.total, tracked },
            unverified_left_out: summary.unverified_left_out,
        }
    }
}
