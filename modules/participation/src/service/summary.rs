//! Grouping organizations' rows by area or by sector, with a city total.

use hub_common::msg;
use std::collections::{BTreeMap, BTreeSet};

use directory::AreaRecord;
use hub_common::HubError;
use uuid::Uuid;

use super::gather::{Gathered, OrganizationRow};
use crate::figures::Figures;
use crate::period::Period;
use crate::sector::Sector;

/// How a summary groups organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
#[graphql(name = "ParticipationGroupBy")]
pub enum GroupBy {
    /// By the current area (ward, commune, special zone) containing the organization.
    Area,
    /// By the VSIC section of the organization's industry code.
    Sector,
}

impl GroupBy {
    /// Reads the CSV export's `groupBy` parameter.
    pub fn parse(field: &str, value: &str) -> Result<Self, HubError> {
        match value.to_ascii_uppercase().as_str() {
            "AREA" => Ok(Self::Area),
            "SECTOR" => Ok(Self::Sector),
            _ => Err(HubError::bad_input(field, msg!("field-must-area-sector", field = field))),
        }
    }
}

/// One group's participation. A partnership or engagement counts once in a group however
/// many of the group's organizations took part, and once in the total.
#[derive(Debug, Clone)]
pub struct GroupRow {
    /// The group's area (grouping by area); `None` in the total and for organizations whose
    /// area is unknown.
    pub area: Option<AreaRecord>,
    /// The group's sector (grouping by sector); `None` in the total and for organizations
    /// without an industry code.
    pub sector: Option<Sector>,
    pub organizations: i64,
    /// Organizations that took part in anything in the period.
    pub participating: i64,
    pub figures: Figures,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub period: Period,
    pub group_by: GroupBy,
    /// Groups in name order (areas) or section order (sectors); a group without an area or
    /// sector comes last.
    pub groups: Vec<GroupRow>,
    pub total: GroupRow,
    /// Unverified organizations that took part in the period and were left out of every
    /// figure above (see `Gathered::officer_rows`).
    pub unverified_left_out: i64,
}

/// The key a group sorts and merges by: the name, then the id, so two areas with one name
/// stay apart; `None` sorts last.
type GroupKey = (bool, String, Option<Uuid>);

fn key_of(row: &OrganizationRow, group_by: GroupBy) -> GroupKey {
    match group_by {
        GroupBy::Area => match &row.area {
            Some(area) => (false, area.name_search.clone(), Some(area.id)),
            None => (true, String::new(), None),
        },
        GroupBy::Sector => match row.sector {
            Some(sector) => (false, sector.code.to_owned(), None),
            None => (true, String::new(), None),
        },
    }
}

/// Groups the gathered rows; only the organizations in `rows` count.
pub(crate) fn summarize_rows(
    gathered: &Gathered,
    rows: &[&OrganizationRow],
    period: Period,
    group_by: GroupBy,
) -> Summary {
    let empty = |row: Option<&OrganizationRow>| GroupRow {
        area: row.and_then(|r| if group_by == GroupBy::Area { r.area.clone() } else { None }),
        sector: row.and_then(|r| if group_by == GroupBy::Sector { r.sector } else { None }),
        organizations: 0,
        participating: 0,
        figures: Figures::default(),
    };
    let mut groups: BTreeMap<GroupKey, GroupRow> = BTreeMap::new();
    let mut total = empty(None);
    let mut group_of: BTreeMap<Uuid, GroupKey> = BTreeMap::new();
    for row in rows {
        let key = key_of(row, group_by);
        group_of.insert(row.organization.id, key.clone());
        let group = groups.entry(key).or_insert_with(|| empty(Some(*row)));
        for target in [&mut *group, &mut total] {
            target.organizations += 1;
            target.participating += i64::from(row.figures.took_part());
            target.figures.add_own(&row.figures);
        }
    }
    for partnership in &gathered.partnerships {
        let keys: BTreeSet<&GroupKey> =
            partnership.parties.iter().filter_map(|id| group_of.get(id)).collect();
        for key in &keys {
            if let Some(group) = groups.get_mut(*key) {
                group.figures.active_partnerships += 1;
            }
        }
        total.figures.active_partnerships += i64::from(!keys.is_empty());
    }
    for engagement in &gathered.engagements {
        let keys: BTreeSet<&GroupKey> =
            engagement.organizations.iter().filter_map(|id| group_of.get(id)).collect();
        for key in &keys {
            if let Some(group) = groups.get_mut(*key) {
                group.figures.engagements += 1;
                group.figures.students_reached += engagement.students;
            }
        }
        if !keys.is_empty() {
            total.figures.engagements += 1;
            total.figures.students_reached += engagement.students;
        }
    }
    Summary { period, group_by, groups: groups.into_values().collect(), total, unverified_left_out: 0 }
}

/// Groups every verified contributing organization, and says how many unverified ones that
/// took part were left out.
pub(crate) fn summarize(gathered: &Gathered, period: Period, group_by: GroupBy) -> Summary {
    let (rows, unverified_left_out) = gathered.officer_rows();
    Summary { unverified_left_out, ..summarize_rows(gathered, &rows, period, group_by) }
}
