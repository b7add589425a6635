//! What the read side (participation reports) asks of facilities.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeDelta};
use hub_common::HubResult;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::Facilities;
use crate::entity::{booking, facility};
use crate::kinds::BookingStatus;
use hub_common::time;

pub use hub_common::activity::BookingsHosted;

impl Facilities {
    /// Per facility-owning organization, `CONFIRMED` bookings starting on a Hải Phòng calendar
    /// day in `[from, to]`, hosts with none left out, ordered by host id.
    pub async fn bookings_hosted(&self, from: NaiveDate, to: NaiveDate) -> HubResult<Vec<BookingsHosted>> {
        let start = time::start_of_day(from);
        let end = time::start_of_day(to + TimeDelta::days(1));
        let per_facility: Vec<(Uuid, i64, Option<i64>)> = booking::Entity::find()
            .select_only()
            .column(booking::Column::FacilityId)
            .column_as(booking::Column::Id.count(), "bookings")
            .column_as(booking::Column::Participants.sum(), "participants")
            .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
            .filter(booking::Column::StartsAt.gte(start))
            .filter(booking::Column::StartsAt.lt(end))
            .group_by(booking::Column::FacilityId)
            .into_tuple()
            .all(&self.db)
            .await?;
        let ids: Vec<Uuid> = per_facility.iter().map(|(id, _, _)| *id).collect();
        let owners: HashMap<Uuid, Uuid> = facility::Entity::find()
            .select_only()
            .column(facility::Column::Id)
            .column(facility::Column::OwnerId)
            .filter(facility::Column::Id.is_in(ids))
            .into_tuple()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let mut per_host: HashMap<Uuid, BookingsHosted> = HashMap::new();
        for (facility_id, bookings, participants) in per_facility {
            let Some(host) = owners.get(&facility_id) else { continue };
            let entry =
                per_host.entry(*host).or_insert(BookingsHosted { host: *host, bookings: 0, participants: 0 });
            entry.bookings += bookings;
            entry.participants += participants.unwrap_or(0);
        }
        let mut rows: Vec<BookingsHosted> = per_host.into_values().collect();
        rows.sort_by_key(|row| row.host);
        Ok(rows)
    }
}
