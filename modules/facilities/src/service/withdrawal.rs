//! Withdrawing a facility (it stops taking bookings and leaves the list schools search) and
//! reopening it.

use chrono::Utc;
use hub_common::msg;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Facilities;
use super::bookings::{announce, lock_facility};
use super::facilities::reload;
use super::validate;
use crate::entity::{booking, facility};
use crate::kinds::BookingStatus;
use uuid::Uuid;

/// What `withdraw` did: the facility as it is now and the bookings it cancelled.
#[derive(Debug, Clone)]
pub struct Withdrawal {
    pub facility: facility::Model,
    pub cancelled: Vec<booking::Model>,
}

impl Facilities {
    /// Withdraws a facility; an administrator of its host. In the same transaction every live
    /// booking that has not started yet is cancelled with the reason, each with a
    /// `facilities.booking_changed` event, so the booking schools hear of it.
    pub async fn withdraw(&self, principal: &Principal, id: Uuid, reason: &str) -> HubResult<Withdrawal> {
        self.administered(principal, id).await?;
        let reason = validate::withdrawal_reason(reason)?;
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let Some(current) = lock_facility(&txn, id).await? else {
            txn.rollback().await?;
            return Err(HubError::NotFound(msg!("facility-not-found")));
        };
        if current.withdrawn_at.is_some() {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("facility-already-withdrawn")));
        }
        let owner = current.owner_id;
        let mut row: facility::ActiveModel = current.into();
        row.withdrawn_at = Set(Some(now));
        row.withdrawal_reason = Set(Some(reason.clone()));
        row.updated_at = Set(now);
        facility::Entity::update(row).exec(&txn).await?;
        let doomed: Vec<Uuid> = booking::Entity::find()
            .filter(booking::Column::FacilityId.eq(id))
            .filter(booking::Column::Status.is_in(BookingStatus::LIVE))
            .filter(booking::Column::StartsAt.gt(now))
            .all(&txn)
            .await?
            .into_iter()
            .map(|row| row.id)
            .collect();
        booking::Entity::update_many()
            .col_expr(booking::Column::Status, Expr::value(BookingStatus::Cancelled))
            .col_expr(booking::Column::CancelledAt, Expr::value(now))
            .col_expr(booking::Column::CancellationReason, Expr::value(reason.clone()))
            .col_expr(booking::Column::Revision, Expr::col(booking::Column::Revision).add(1))
            .col_expr(booking::Column::UpdatedAt, Expr::value(now))
            .filter(booking::Column::Id.is_in(doomed.iter().copied()))
            .exec(&txn)
            .await?;
        let cancelled = booking::Entity::find()
            .filter(booking::Column::Id.is_in(doomed.iter().copied()))
            .order_by_asc(booking::Column::StartsAt)
            .all(&txn)
            .await?;
        let mut cursor = 0;
        for row in &cancelled {
            cursor = announce(&txn, row, owner, Some(&reason)).await?;
        }
        let facility = reload(&txn, id).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(facility = %id, cancelled = cancelled.len(), cursor, "facility withdrawn");
        Ok(Withdrawal { facility, cancelled })
    }

    /// Makes a withdrawn facility bookable again; an administrator of its host. Bookings the
    /// withdrawal cancelled stay cancelled.
    pub async fn reopen(&self, principal: &Principal, id: Uuid) -> HubResult<facility::Model> {
        self.administered(principal, id).await?;
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let Some(current) = lock_facility(&txn, id).await? else {
            txn.rollback().await?;
            return Err(HubError::NotFound(msg!("facility-not-found")));
        };
        if current.withdrawn_at.is_none() {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("facility-open-already")));
        }
        let mut row: facility::ActiveModel = current.into();
        row.withdrawn_at = Set(None);
        row.withdrawal_reason = Set(None);
        row.updated_at = Set(now);
        facility::Entity::update(row).exec(&txn).await?;
        let facility = reload(&txn, id).await?;
        txn.commit().await?;
        tracing::info!(facility = %id, "facility reopened");
        Ok(facility)
    }
}
