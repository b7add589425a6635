//! Free time: opening spans on each local day that is not closed, minus live bookings, minus
//! what the facility's minimum notice and maximum advance rule out.

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use hub_common::msg;
use hub_common::{HubError, HubResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::Facilities;
use super::closures::closures_between;
use super::facilities::opening_hours_of;
use super::validate::{self, StoredSpan};
use crate::entity::{booking, closure, facility};
use crate::kinds::BookingStatus;
use hub_common::time;

/// A half-open span of time `[starts_at, ends_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSpan {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Facilities {
    /// The free intervals of a facility within `[from, to)`: inside its opening spans, on days
    /// it is not closed, not taken by a live booking, and within its notice and advance
    /// (none at all once it is withdrawn). Anyone may ask; it says nothing about who booked.
    pub async fn availability(
        &self,
        facility_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> HubResult<Vec<TimeSpan>> {
        validate::window(from, to)?;
        let Some(facility) = facility::Entity::find_by_id(facility_id).one(&self.db).await? else {
            return Err(HubError::NotFound(msg!("facility-not-found")));
        };
        if facility.withdrawn_at.is_some() {
            return Ok(Vec::new());
        }
        let hours =
            opening_hours_of(&self.db, &[facility_id]).await?.remove(&facility_id).unwrap_or_default();
        let closures =
            closures_between(&self.db, facility_id, time::local_date(from), time::local_date(to)).await?;
        let taken = booking::Entity::find()
            .filter(booking::Column::FacilityId.eq(facility_id))
            .filter(booking::Column::Status.is_in(BookingStatus::LIVE))
            .filter(booking::Column::StartsAt.lt(to))
            .filter(booking::Column::EndsAt.gt(from))
            .order_by_asc(booking::Column::StartsAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| TimeSpan { starts_at: row.starts_at, ends_at: row.ends_at })
            .collect::<Vec<_>>();
        let now = Utc::now();
        let from = from.max(now + TimeDelta::hours(i64::from(facility.min_notice_hours)));
        let to = match facility.max_advance_days {
            Some(days) => to.min(now + TimeDelta::days(i64::from(days))),
            None => to,
        };
        Ok(free(&hours, &closures, &taken, from, to))
    }
}

/// Opening spans of each local day touching `[from, to)` that no closure covers, clipped to
/// it, minus `taken` (sorted by start).
fn free(
    hours: &[StoredSpan],
    closures: &[closure::Model],
    taken: &[TimeSpan],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<TimeSpan> {
    let mut free = Vec::new();
    if to <= from {
        return free;
    }
    let mut day = time::local_date(from);
    let last = time::local_date(to);
    while day <= last {
        let weekday = day.weekday().number_from_monday() as i32;
        let closed = closures.iter().any(|closure| closure.covers(day));
        for span in hours.iter().filter(|span| span.weekday == weekday && !closed) {
            let mut cursor = time::at_minute(day, span.opens_minute).max(from);
            let close = time::at_minute(day, span.closes_minute).min(to);
            for booking in taken {
                if booking.ends_at <= cursor || booking.starts_at >= close {
                    continue;
                }
                if booking.starts_at > cursor {
                    free.push(TimeSpan { starts_at: cursor, ends_at: booking.starts_at });
                }
                cursor = cursor.max(booking.ends_at);
            }
            if cursor < close {
                free.push(TimeSpan { starts_at: cursor, ends_at: close });
            }
        }
        day += TimeDelta::days(1);
    }
    free
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;

    #[test]
    fn bookings_cut_the_opening_hours_and_touching_ones_leave_no_gap() {
        // Monday 1 December 2025, open 07:00-11:00 local.
        let day = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap_or_default();
        let hours = [StoredSpan { weekday: 1, opens_minute: 7 * 60, closes_minute: 11 * 60 }];
        let at = |minute| time::at_minute(day, minute);
        let taken = [
            TimeSpan { starts_at: at(8 * 60), ends_at: at(9 * 60) },
            TimeSpan { starts_at: at(9 * 60), ends_at: at(10 * 60) },
        ];
        let from = Utc.with_ymd_and_hms(2025, 11, 30, 17, 0, 0).single().unwrap_or_default();
        let spans = free(&hours, &[], &taken, from, from + TimeDelta::days(2));
        assert_eq!(
            spans,
            vec![
                TimeSpan { starts_at: at(7 * 60), ends_at: at(8 * 60) },
                TimeSpan { starts_at: at(10 * 60), ends_at: at(11 * 60) },
            ]
        );
    }
}
