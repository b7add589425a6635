//! Closures: dated days a facility takes no bookings (Tết, public holidays, maintenance).
//!
//! Adding a closure over live bookings is refused (`CONFLICT`, listing them) rather than
//! cancelling them: a closure is planned ahead, and a school's confirmed session should end
//! only by a decision someone takes about it (the host cancels it with `cancelBooking`, which
//! tells the school, then adds the closure). Withdrawing a facility is that decision for all
//! of its sessions at once.

use hub_common::msg;
use std::collections::HashMap;

use chrono::{NaiveDate, TimeDelta, Utc};
use hub_common::{HubError, HubResult, Principal, time};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::Facilities;
use super::bookings::lock_facility;
use super::validate;
use crate::entity::{booking, closure, facility};
use crate::kinds::BookingStatus;

/// A closure as the host gives it.
#[derive(Debug, Clone)]
pub struct NewClosure {
    pub first_day: NaiveDate,
    /// The last closed day, included; `None` is the first day alone.
    pub last_day: Option<NaiveDate>,
    pub reason: String,
}

/// How many conflicting sessions a refusal names before it only counts the rest.
const LISTED: usize = 5;

impl Facilities {
    /// The closures of each facility that have not ended before `today`, by first day.
    pub async fn closures_of(
        &self,
        ids: &[Uuid],
        today: NaiveDate,
    ) -> HubResult<HashMap<Uuid, Vec<closure::Model>>> {
        let rows = closure::Entity::find()
            .filter(closure::Column::FacilityId.is_in(ids.iter().copied()))
            .filter(closure::Column::LastDay.gte(today))
            .order_by_asc(closure::Column::FirstDay)
            .order_by_asc(closure::Column::Id)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<closure::Model>> =
            ids.iter().map(|id| (*id, Vec::new())).collect();
        for row in rows {
            grouped.entry(row.facility_id).or_default().push(row);
        }
        Ok(grouped)
    }

    /// Closes a facility on a day or a range of days; an administrator of its host. Refused
    /// with `CONFLICT` when live bookings fall on those days.
    pub async fn add_closure(
        &self,
        principal: &Principal,
        facility_id: Uuid,
        input: NewClosure,
    ) -> HubResult<closure::Model> {
        self.administered(principal, facility_id).await?;
        let last_day = input.last_day.unwrap_or(input.first_day);
        let reason = validate::closure(input.first_day, last_day, &input.reason, time::today())?;
        let now = Utc::now();
        let txn = self.begin_write().await?;
        // No booking of this facility commits while the check runs.
        lock_facility(&txn, facility_id).await?;
        let booked = booking::Entity::find()
            .filter(booking::Column::FacilityId.eq(facility_id))
            .filter(booking::Column::Status.is_in(BookingStatus::LIVE))
            .filter(booking::Column::EndsAt.gt(now))
            .filter(booking::Column::StartsAt.gte(time::start_of_day(input.first_day)))
            .filter(booking::Column::StartsAt.lt(time::start_of_day(last_day + TimeDelta::days(1))))
            .order_by_asc(booking::Column::StartsAt)
            .all(&txn)
            .await?;
        if !booked.is_empty() {
            txn.rollback().await?;
            let listed: Vec<String> = booked
                .iter()
                .take(LISTED)
                .map(|row| time::local(row.starts_at).format("%d/%m/%Y %H:%M").to_string())
                .collect();
            let listed = listed.join(", ");
            // The count of the rest is a value of the message, so it reads in the person's
            // language too.
            let more = booked.len().saturating_sub(LISTED);
            return Err(HubError::conflict(if more > 0 {
                msg!("live-bookings-fall-those-days-more", value = listed, more = more)
            } else {
                msg!("live-bookings-fall-those-days-value", value = listed)
            }));
        }
        let row = closure::ActiveModel {
            id: Set(Uuid::now_v7()),
            facility_id: Set(facility_id),
            first_day: Set(input.first_day),
            last_day: Set(last_day),
            reason: Set(reason),
            created_by: Set(principal.subject.clone()),
            created_at: Set(now),
        };
        let created = closure::Entity::insert(row).exec_with_returning(&txn).await?;
        txn.commit().await?;
        tracing::info!(facility = %facility_id, closure = %created.id, "facility closure added");
        Ok(created)
    }

    /// Removes a closure; an administrator of the facility's host. The days become bookable
    /// again. Answers with the facility.
    pub async fn remove_closure(&self, principal: &Principal, id: Uuid) -> HubResult<facility::Model> {
        let Some(found) = closure::Entity::find_by_id(id).one(&self.db).await? else {
            if principal.is_platform_admin() {
                return Err(HubError::NotFound(msg!("facility-closure-not-found")));
            }
            return Err(HubError::forbidden(msg!("only-administrator-host-may-change-facility")));
        };
        let facility = self.administered(principal, found.facility_id).await?;
        let txn = self.begin_write().await?;
        closure::Entity::delete_by_id(id).exec(&txn).await?;
        txn.commit().await?;
        tracing::info!(facility = %facility.id, closure = %id, "facility closure removed");
        Ok(facility)
    }
}

/// The closures of a facility touching the local days `first..=last`.
pub(super) async fn closures_between<C: ConnectionTrait>(
    db: &C,
    facility_id: Uuid,
    first: NaiveDate,
    last: NaiveDate,
) -> HubResult<Vec<closure::Model>> {
    Ok(closure::Entity::find()
        .filter(closure::Column::FacilityId.eq(facility_id))
        .filter(closure::Column::LastDay.gte(first))
        .filter(closure::Column::FirstDay.lte(last))
        .all(db)
        .await?)
}
