//! Bookings: booking (once or weekly), deciding, cancelling and listing, with the rule that
//! live bookings of one facility never overlap.
//!
//! The overlap rule holds in the database on PostgreSQL (`facilities_bookings_no_overlap`, an
//! exclusion constraint over `[starts_at, ends_at)`); the check below only gives the common
//! case a clear answer without waiting on a constraint. On SQLite the check is the rule: it
//! runs in a `BEGIN IMMEDIATE` transaction, so no other writer books between check and insert.

use hub_common::messages::Message;
use hub_common::msg;
use std::collections::HashMap;
use std::ops::Deref;

use chrono::{DateTime, Utc};
use hub_common::pagination::PageRequest;
use hub_common::time;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RuntimeErr, TransactionTrait,
};
use uuid::Uuid;

use super::closures::closures_between;
use super::facilities::opening_hours_of;
use super::validate;
use super::{Access, Facilities};
use crate::entity::{booking, closure, facility};
use crate::kinds::{BookingDecision, BookingStatus, RecurrenceConflict};
use crate::{BOOKING_CHANGED, BookingChanged};

/// A booking request as the caller gave it.
#[derive(Debug, Clone)]
pub struct NewBooking {
    pub facility_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub participants: i32,
    pub purpose: String,
    /// Repeat weekly until this local day (inclusive).
    pub until: Option<chrono::NaiveDate>,
    pub on_conflict: RecurrenceConflict,
}

/// An occurrence of a series that was not booked, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedOccurrence {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Why, written in the caller's language when answered.
    pub reason: Message,
}

/// What `book` did: the bookings made (one per occurrence) and the occurrences skipped.
#[derive(Debug, Clone)]
pub struct BookingOutcome {
    pub booked: Vec<booking::Model>,
    pub skipped: Vec<SkippedOccurrence>,
}

#[derive(Debug, Clone, Default)]
pub struct BookingQuery {
    pub facility_id: Option<Uuid>,
    /// Bookings made by this organization.
    pub organization_id: Option<Uuid>,
    /// Bookings of this organization's facilities.
    pub host_id: Option<Uuid>,
    pub status: Option<BookingStatus>,
    /// Bookings starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Bookings starting before this instant.
    pub to: Option<DateTime<Utc>>,
}

const TAKEN: Message = msg!("facility-already-booked-then");
const WITHDRAWN: Message = msg!("facility-withdrawn-takes-no-bookings");
const NOT_YOURS: Message = msg!("only-booking-organization-host-may-do");
const NOT_HOST: Message = msg!("only-host-s-people-decide-bookings");

/// Live bookings of `facility_id` that overlap `[starts_at, ends_at)`: touching ones do not.
fn overlapping(facility_id: Uuid, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(booking::Column::FacilityId.eq(facility_id))
        .add(booking::Column::Status.is_in(BookingStatus::LIVE))
        .add(booking::Column::StartsAt.lt(ends_at))
        .add(booking::Column::EndsAt.gt(starts_at))
}

/// Whether a database error is PostgreSQL refusing an overlapping live booking.
fn is_overlap(err: &DbErr) -> bool {
    match err {
        DbErr::Exec(RuntimeErr::SqlxError(inner)) | DbErr::Query(RuntimeErr::SqlxError(inner)) => {
            match inner.deref() {
                sea_orm::sqlx::Error::Database(db) => {
                    db.code().as_deref() == Some("23P01")
                        && db.constraint() == Some("facilities_bookings_no_overlap")
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Restricts a booking select to what the caller may see.
fn visibility(access: &Access) -> Condition {
    if access.officer {
        return Condition::all();
    }
    Condition::any()
        .add(booking::Column::OrganizationId.is_in(access.organizations.clone()))
        .add(hosted_by(access.organizations.clone()))
}

/// Bookings of facilities that one of `hosts` owns, as a subquery condition.
fn hosted_by(hosts: Vec<Uuid>) -> sea_orm::sea_query::SimpleExpr {
    booking::Column::FacilityId.in_subquery(
        Query::select()
            .column(facility::Column::Id)
            .from(facility::Entity)
            .and_where(facility::Column::OwnerId.is_in(hosts))
            .to_owned(),
    )
}

impl Facilities {
    /// Bookings by id with no visibility applied: for loaders whose callers decide.
    pub async fn bookings_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, booking::Model>> {
        let rows = booking::Entity::find()
            .filter(booking::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// Whether the caller may see a booking: the booking organization's and the host's people,
    /// and department officers.
    pub async fn booking_visible_to(
        &self,
        principal: Option<&Principal>,
        row: &booking::Model,
    ) -> HubResult<bool> {
        let Some(principal) = principal else {
            return Ok(false);
        };
        if principal.is_department_officer() {
            return Ok(true);
        }
        let access = self.access(Some(principal)).await?;
        if access.organizations.contains(&row.organization_id) {
            return Ok(true);
        }
        let host = facility::Entity::find_by_id(row.facility_id).one(&self.db).await?.map(|f| f.owner_id);
        Ok(host.is_some_and(|host| access.organizations.contains(&host)))
    }

    /// One page of the bookings the caller may see, by start time.
    pub async fn bookings(
        &self,
        principal: &Principal,
        query: &BookingQuery,
        page: &PageRequest<(DateTime<Utc>, Uuid)>,
    ) -> HubResult<Vec<booking::Model>> {
        let access = self.access(Some(principal)).await?;
        let mut select = booking::Entity::find().filter(visibility(&access));
        if let Some(id) = query.facility_id {
            select = select.filter(booking::Column::FacilityId.eq(id));
        }
        if let Some(org) = query.organization_id {
            select = select.filter(booking::Column::OrganizationId.eq(org));
        }
        if let Some(host) = query.host_id {
            select = select.filter(hosted_by(vec![host]));
        }
        if let Some(status) = query.status {
            select = select.filter(booking::Column::Status.eq(status));
        }
        if let Some(from) = query.from {
            select = select.filter(booking::Column::StartsAt.gte(from));
        }
        if let Some(to) = query.to {
            select = select.filter(booking::Column::StartsAt.lt(to));
        }
        if let Some((starts_at, id)) = page.after {
            select = select.filter(Condition::any().add(booking::Column::StartsAt.gt(starts_at)).add(
                Condition::all().add(booking::Column::StartsAt.eq(starts_at)).add(booking::Column::Id.gt(id)),
            ));
        }
        Ok(select
            .order_by_asc(booking::Column::StartsAt)
            .order_by_asc(booking::Column::Id)
            .limit(page.fetch_limit())
            .all(&self.db)
            .await?)
    }

    /// Books a facility for the organization the caller's token acts for: once, or weekly until
    /// a date. Bookings of a facility that needs approval wait as `PENDING` (unless the host
    /// books its own); others are `CONFIRMED` at once.
    pub async fn book(&self, principal: &Principal, input: NewBooking) -> HubResult<BookingOutcome> {
        let booker = principal.acting_organization()?;
        if !self.may_act_for(principal, booker).await? {
            return Err(HubError::forbidden(msg!("only-organization-s-own-people-book")));
        }
        let kind = self.directory.organization(booker).await?.map(|org| org.kind);
        if !kind.is_some_and(|kind| kind.is_school()) {
            return Err(HubError::forbidden(msg!("only-schools-colleges-centres-book-workshop")));
        }
        let Some(facility) = facility::Entity::find_by_id(input.facility_id).one(&self.db).await? else {
            return Err(HubError::bad_input("input.facilityId", msg!("facility-does-not-exist")));
        };
        if facility.withdrawn_at.is_some() {
            return Err(HubError::bad_input("input.facilityId", WITHDRAWN));
        }
        let now = Utc::now();
        validate::interval(input.starts_at, input.ends_at, now)?;
        let purpose = validate::purpose(&input.purpose)?;
        let participants = validate::participants(input.participants, facility.capacity)?;
        let hours =
            opening_hours_of(&self.db, &[facility.id]).await?.remove(&facility.id).unwrap_or_default();
        // Every occurrence falls on the same weekday at the same local time, so one check
        // covers the series; so does the notice, which the first occurrence is closest to.
        validate::within_hours(input.starts_at, input.ends_at, &hours)?;
        validate::notice(input.starts_at, now, facility.min_notice_hours)?;
        let starts = match input.until {
            Some(until) => validate::weekly(input.starts_at, until)?,
            None => vec![input.starts_at],
        };
        let duration = input.ends_at - input.starts_at;
        let series_id = (starts.len() > 1 || input.until.is_some()).then(Uuid::now_v7);
        let status = if facility.approval_required && booker != facility.owner_id {
            BookingStatus::Pending
        } else {
            BookingStatus::Confirmed
        };

        let txn = self.begin_write().await?;
        // Read again under the facility's lock: a withdrawal, a closure being added or another
        // booking of it commits before or after this one, never around it.
        let facility = match lock_facility(&txn, facility.id).await? {
            Some(row) if row.withdrawn_at.is_none() => row,
            _ => {
                txn.rollback().await?;
                return Err(HubError::bad_input("input.facilityId", WITHDRAWN));
            }
        };
        let (first, last) = match (starts.first(), starts.last()) {
            (Some(first), Some(last)) => (*first, *last),
            _ => (input.starts_at, input.starts_at),
        };
        let closures =
            closures_between(&txn, facility.id, time::local_date(first), time::local_date(last)).await?;
        let mut booked = Vec::with_capacity(starts.len());
        let mut skipped = Vec::new();
        for (index, starts_at) in starts.into_iter().enumerate() {
            let ends_at = starts_at + duration;
            if let Some(reason) = unbookable(&closures, &facility, starts_at, now) {
                if input.on_conflict == RecurrenceConflict::Fail {
                    txn.rollback().await?;
                    let field = if index == 0 { "input.startsAt" } else { "input.recurrence" };
                    return Err(HubError::bad_input(field, reason));
                }
                skipped.push(SkippedOccurrence { starts_at, ends_at, reason });
                continue;
            }
            // A savepoint per occurrence, so a refused one (by the check or, on PostgreSQL,
            // by the constraint) leaves the others standing.
            let occurrence = txn.begin().await?;
            let taken = booking::Entity::find()
                .filter(overlapping(facility.id, starts_at, ends_at))
                .count(&occurrence)
                .await?
                > 0;
            let inserted = if taken {
                None
            } else {
                let row = booking::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    facility_id: Set(facility.id),
                    organization_id: Set(booker),
                    starts_at: Set(starts_at),
                    ends_at: Set(ends_at),
                    participants: Set(participants),
                    purpose: Set(purpose.clone()),
                    status: Set(status),
                    series_id: Set(series_id),
                    revision: Set(0),
                    booked_by: Set(principal.subject.clone()),
                    decided_by: Set(None),
                    decided_at: Set(None),
                    decision_note: Set(None),
                    cancelled_at: Set(None),
                    cancellation_reason: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                };
                match booking::Entity::insert(row).exec_with_returning(&occurrence).await {
                    Ok(row) => Some(row),
                    Err(err) if is_overlap(&err) => None,
                    Err(err) => return Err(err.into()),
                }
            };
            match inserted {
                Some(row) => {
                    occurrence.commit().await?;
                    booked.push(row);
                }
                None => {
                    occurrence.rollback().await?;
                    if input.on_conflict == RecurrenceConflict::Fail {
                        txn.rollback().await?;
                        let day = time::local(starts_at).format("%d/%m/%Y %H:%M");
                        return Err(HubError::conflict(msg!("taken-day", taken: TAKEN, day = day)));
                    }
                    skipped.push(SkippedOccurrence { starts_at, ends_at, reason: TAKEN });
                }
            }
        }
        if booked.is_empty() {
            txn.rollback().await?;
            if skipped.iter().all(|skip| skip.reason == TAKEN) {
                return Err(HubError::conflict(msg!("taken-every-date-asked", taken: TAKEN)));
            }
            let reasons = skipped.into_iter().map(|skip| skip.reason).collect();
            return Err(HubError::conflict(msg!("no-date-asked-can-be-booked", reasons => reasons)));
        }
        let mut cursor = 0;
        for row in &booked {
            cursor = announce(&txn, row, facility.owner_id, None).await?;
        }
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(
            facility = %facility.id, organization = %booker, booked = booked.len(), skipped = skipped.len(), cursor,
            "facility booked"
        );
        Ok(BookingOutcome { booked, skipped })
    }

    /// The booking with its facility, when the caller may act for one of `parties(booking,
    /// host)`; refuses before saying whether the booking exists.
    async fn booking_for(
        &self,
        principal: &Principal,
        id: Uuid,
        host_only: bool,
    ) -> HubResult<(booking::Model, facility::Model)> {
        let found = booking::Entity::find_by_id(id).one(&self.db).await?;
        let facility = match &found {
            Some(row) => facility::Entity::find_by_id(row.facility_id).one(&self.db).await?,
            None => None,
        };
        let allowed = match (&found, &facility) {
            (Some(row), Some(facility)) => {
                self.may_act_for(principal, facility.owner_id).await?
                    || (!host_only && self.may_act_for(principal, row.organization_id).await?)
            }
            _ => false,
        };
        match (found, facility) {
            (Some(row), Some(facility)) if allowed => Ok((row, facility)),
            // Platform admins may see everything, so telling them is no leak.
            (None, _) if principal.is_platform_admin() => Err(HubError::NotFound(msg!("booking-not-found"))),
            _ => Err(HubError::forbidden(if host_only { NOT_HOST } else { NOT_YOURS })),
        }
    }

    /// Confirms or declines a pending booking; the host's people only.
    pub async fn decide(
        &self,
        principal: &Principal,
        id: Uuid,
        decision: BookingDecision,
        note: Option<&str>,
    ) -> HubResult<booking::Model> {
        let (_, facility) = self.booking_for(principal, id, true).await?;
        let note = validate::note(note)?;
        let status = match decision {
            BookingDecision::Confirm => BookingStatus::Confirmed,
            BookingDecision::Decline => BookingStatus::Declined,
        };
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let result = booking::Entity::update_many()
            .col_expr(booking::Column::Status, Expr::value(status))
            .col_expr(booking::Column::DecidedBy, Expr::value(principal.subject.clone()))
            .col_expr(booking::Column::DecidedAt, Expr::value(now))
            .col_expr(booking::Column::DecisionNote, Expr::value(note))
            .col_expr(booking::Column::Revision, Expr::col(booking::Column::Revision).add(1))
            .col_expr(booking::Column::UpdatedAt, Expr::value(now))
            .filter(booking::Column::Id.eq(id))
            .filter(booking::Column::Status.eq(BookingStatus::Pending))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("only-pending-booking-can-decided")));
        }
        let updated = reload(&txn, id).await?;
        let cursor = announce(&txn, &updated, facility.owner_id, None).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(booking = %id, status = ?status, cursor, "booking decided");
        Ok(updated)
    }

    /// Cancels one booking (one occurrence of a series); the booking organization's or the
    /// host's people. The slot is free as soon as this commits.
    pub async fn cancel(&self, principal: &Principal, id: Uuid) -> HubResult<booking::Model> {
        let (existing, facility) = self.booking_for(principal, id, false).await?;
        if existing.ends_at <= Utc::now() {
            return Err(HubError::conflict(msg!("booking-has-taken-place-cannot-cancelled")));
        }
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let result = booking::Entity::update_many()
            .col_expr(booking::Column::Status, Expr::value(BookingStatus::Cancelled))
            .col_expr(booking::Column::CancelledAt, Expr::value(now))
            .col_expr(booking::Column::Revision, Expr::col(booking::Column::Revision).add(1))
            .col_expr(booking::Column::UpdatedAt, Expr::value(now))
            .filter(booking::Column::Id.eq(id))
            .filter(booking::Column::Status.is_in(BookingStatus::LIVE))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("only-pending-confirmed-booking-can-cancelled")));
        }
        let updated = reload(&txn, id).await?;
        let cursor = announce(&txn, &updated, facility.owner_id, None).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(booking = %id, cursor, "booking cancelled");
        Ok(updated)
    }
}

/// Appends the booking's new state to the outbox inside the caller's transaction, with the
/// reason when the host cancelled it for everyone.
pub(super) async fn announce<C: ConnectionTrait>(
    txn: &C,
    row: &booking::Model,
    host: Uuid,
    reason: Option<&str>,
) -> HubResult<i64> {
    let event = BookingChanged {
        booking_id: row.id,
        facility_id: row.facility_id,
        host_id: host,
        organization_id: row.organization_id,
        status: row.status,
        reason: reason.map(str::to_owned),
    };
    BOOKING_CHANGED.publish(txn, &event).await
}

/// The facility row, locked on PostgreSQL (`FOR UPDATE`) by every booking, withdrawal and
/// closure of it, so they take turns: a withdrawal or a closure sees every booking, and two
/// bookings never race into the no-overlap constraint. PostgreSQL checks an exclusion
/// constraint after inserting, so concurrent overlapping inserts can each wait for the other:
/// with a shared lock here, 4 of 4,000 requests (20 rounds of 200 concurrent requests for one
/// slot) failed with "deadlock detected" (tests/bench/README.md, ninth). SQLite takes no row locks; its
/// `BEGIN IMMEDIATE` already serializes writers.
pub(super) async fn lock_facility(txn: &DatabaseTransaction, id: Uuid) -> HubResult<Option<facility::Model>> {
    let select = facility::Entity::find_by_id(id);
    let select = match txn.get_database_backend() {
        DbBackend::Postgres => select.lock_exclusive(),
        _ => select,
    };
    Ok(select.one(txn).await?)
}

/// Why a session cannot be booked whatever else is booked: a closure on its day, or a start
/// beyond the facility's maximum advance.
fn unbookable(
    closures: &[closure::Model],
    facility: &facility::Model,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<Message> {
    let day = time::local_date(starts_at);
    if let Some(closed) = closures.iter().find(|closure| closure.covers(day)) {
        return Some(msg!("facility-closed-on-day", day = day.format("%d/%m/%Y"), reason = &closed.reason));
    }
    validate::beyond_advance(starts_at, now, facility.max_advance_days)
}

async fn reload<C: ConnectionTrait>(db: &C, id: Uuid) -> HubResult<booking::Model> {
    booking::Entity::find_by_id(id).one(db).await?.ok_or(HubError::NotFound(msg!("booking-not-found")))
}
