//! Partnerships in force and engagements held over a period, for the city's participation
//! reports (read through the gateway by the `participation` module, which never reads these
//! tables itself). Each comes with the organizations involved, so a report that groups
//! organizations counts a partnership or an engagement once per group, not once per party.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta};
use hub_common::HubResult;
use hub_common::time::start_of_day;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::Partnerships;
use crate::entity::{
    engagement, engagement_organization as involved, engagement_reach as reach, partnership, party,
};

pub use hub_common::activity::{EngagementHeld, PartnershipInForce};

impl Partnerships {
    /// Partnerships in force on some day from `from` to `to` (both included): activated before
    /// the period ended, valid for part of it, and not terminated before it began. Expired ones
    /// count for the days they were valid. Two statements.
    pub async fn in_force_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> HubResult<Vec<PartnershipInForce>> {
        let (start, end) = (start_of_day(from), start_of_day(to + TimeDelta::days(1)));
        let ids: Vec<Uuid> = partnership::Entity::find()
            .select_only()
            .column(partnership::Column::Id)
            .filter(partnership::Column::ActivatedAt.lt(end))
            .filter(partnership::Column::ValidFrom.lte(to))
            .filter(partnership::Column::ValidTo.gte(from))
            .filter(
                Condition::any()
                    .add(partnership::Column::TerminatedAt.is_null())
                    .add(partnership::Column::TerminatedAt.gte(start)),
            )
            .order_by_asc(partnership::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let parties: Vec<(Uuid, Uuid)> = party::Entity::find()
            .select_only()
            .column(party::Column::PartnershipId)
            .column(party::Column::OrganizationId)
            .filter(party::Column::PartnershipId.is_in(ids.iter().copied()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut grouped: BTreeMap<Uuid, Vec<Uuid>> = ids.into_iter().map(|id| (id, Vec::new())).collect();
        for (partnership, organization) in parties {
            grouped.entry(partnership).or_default().push(organization);
        }
        Ok(grouped
            .into_iter()
            .map(|(partnership, parties)| PartnershipInForce { partnership, parties })
            .collect())
    }

    /// Engagements held from `from` to `to` (both included), with the organizations involved
    /// that have confirmed them (the recorder always has; the others once they
    /// `confirmEngagement`) and the students reached over every grade. Three statements.
    pub async fn engagements_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> HubResult<Vec<EngagementHeld>> {
        let ids: Vec<Uuid> = engagement::Entity::find()
            .select_only()
            .column(engagement::Column::Id)
            .filter(engagement::Column::HeldOn.between(from, to))
            .order_by_asc(engagement::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let organizations: Vec<(Uuid, Uuid)> = involved::Entity::find()
            .select_only()
            .column(involved::Column::EngagementId)
            .column(involved::Column::OrganizationId)
            .filter(involved::Column::EngagementId.is_in(ids.iter().copied()))
            .filter(involved::Column::ConfirmedAt.is_not_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        let students: Vec<(Uuid, Option<i64>)> = reach::Entity::find()
            .select_only()
            .column(reach::Column::EngagementId)
            .column_as(reach::Column::Students.sum(), "students")
            .filter(reach::Column::EngagementId.is_in(ids.iter().copied()))
            .group_by(reach::Column::EngagementId)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut held: BTreeMap<Uuid, EngagementHeld> = ids
            .into_iter()
            .map(|id| (id, EngagementHeld { engagement: id, organizations: Vec::new(), students: 0 }))
            .collect();
        for (id, organization) in organizations {
            if let Some(row) = held.get_mut(&id) {
                row.organizations.push(organization);
            }
        }
        for (id, count) in students {
            if let Some(row) = held.get_mut(&id) {
                row.students = count.unwrap_or(0);
            }
        }
        Ok(held.into_values().collect())
    }
}
