//! Schools' side of career events: per school, the events held in a period it registered
//! students for, and how many students. Schools are not among the contributing organizations
//! the other reports rank (they receive what businesses and colleges offer), so they have a
//! report of their own.

use std::collections::HashMap;

use directory::service::AreaQuery;
use directory::{AreaRecord, OrganizationRecord};
use hub_common::{HubError, HubResult, Principal};

use super::Participation;
use super::gather::current_area;
use crate::period::Period;

/// One school's registrations for the career events held in a period.
#[derive(Debug, Clone)]
pub struct SchoolRow {
    pub organization: OrganizationRecord,
    /// The current area containing the school's recorded area.
    pub area: Option<AreaRecord>,
    /// Events held in the period it had live registrations for.
    pub events: i64,
    /// Students it registered for them.
    pub students: i64,
}

impl Participation {
    /// Every school that registered students for a career event held in the period, most
    /// students first, for officers; a school's own row for its people. `None` when the hub
    /// does not track career events. Two directory reads and the source's, whatever the
    /// number of schools.
    pub async fn school_registrations(
        &self,
        principal: Option<&Principal>,
        period: Period,
    ) -> HubResult<Option<Vec<SchoolRow>>> {
        let Some(principal) = principal else {
            return Err(HubError::Unauthenticated);
        };
        let Some(source) = &self.sources.careers else {
            return Ok(None);
        };
        let own = if principal.is_department_officer() {
            None
        } else {
            Some(self.own_organizations(principal).await?)
        };
        let joined: Vec<_> = source
            .career_events_joined(period)
            .await?
            .into_iter()
            .filter(|row| own.as_ref().is_none_or(|own| own.contains(&row.school)))
            .collect();
        if joined.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let ids: Vec<_> = joined.iter().map(|row| row.school).collect();
        let every_area = AreaQuery::default();
        let (mut organizations, areas) =
            tokio::try_join!(self.directory.organizations_by_ids(&ids), self.directory.areas(&every_area))?;
        let areas: HashMap<_, _> = areas.into_iter().map(|area| (area.id, area)).collect();
        let today = hub_common::time::today();
        let mut rows: Vec<SchoolRow> = joined
            .into_iter()
            .filter_map(|row| {
                let organization = organizations.remove(&row.school)?;
                Some(SchoolRow {
                    area: current_area(&areas, organization.area_id, today).cloned(),
                    organization,
                    events: row.events,
                    students: row.students,
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            b.students
                .cmp(&a.students)
                .then_with(|| a.organization.name_search.cmp(&b.organization.name_search))
                .then_with(|| a.organization.id.cmp(&b.organization.id))
        });
        Ok(Some(rows))
    }
}
