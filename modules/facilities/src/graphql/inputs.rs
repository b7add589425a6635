//! The module's GraphQL input types and their translation into service arguments.

use async_graphql::{ID, InputObject};
use chrono::{DateTime, FixedOffset, Utc};
use hub_common::HubError;
use hub_common::ids::parse_id;
use hub_common::scalars::Date;

use crate::kinds::{BookingStatus, RecurrenceConflict, Weekday};
use crate::service::validate::OpeningSpan;
use crate::service::{BookingQuery, FacilityChanges, FacilityQuery, NewBooking, NewFacility};

/// Opening hours on one weekday, local time.
#[derive(InputObject)]
pub struct OpeningHoursInput {
    pub weekday: Weekday,
    /// "07:30" (24-hour clock).
    pub opens: String,
    /// "17:00"; "24:00" for midnight.
    pub closes: String,
}

fn spans(items: Vec<OpeningHoursInput>) -> Vec<OpeningSpan> {
    items.into_iter().map(|h| OpeningSpan { weekday: h.weekday, opens: h.opens, closes: h.closes }).collect()
}

#[derive(InputObject)]
pub struct CreateFacilityInput {
    /// At most 200 characters.
    pub name: String,
    /// The trade or occupation taught there (at most 120 characters).
    pub trade: String,
    /// Students at once (1-1000).
    pub capacity: i32,
    /// One entry per open weekday.
    pub opening_hours: Vec<OpeningHoursInput>,
    /// Whether bookings wait for a decision; by default they do.
    #[graphql(default = true)]
    pub approval_required: bool,
    /// The equipment on site (at most 50 items of 200 characters).
    #[graphql(default)]
    pub equipment: Vec<String>,
}

impl CreateFacilityInput {
    pub fn into_new(self) -> NewFacility {
        NewFacility {
            name: self.name,
            trade: self.trade,
            capacity: self.capacity,
            opening_hours: spans(self.opening_hours),
            approval_required: self.approval_required,
            equipment: self.equipment,
        }
    }
}

/// Changes to a facility; fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateFacilityInput {
    pub name: Option<String>,
    pub trade: Option<String>,
    pub capacity: Option<i32>,
    /// Replaces every weekday's hours; bookings made before keep their times.
    pub opening_hours: Option<Vec<OpeningHoursInput>>,
    pub approval_required: Option<bool>,
    pub equipment: Option<Vec<String>>,
}

impl UpdateFacilityInput {
    pub fn into_changes(self) -> FacilityChanges {
        FacilityChanges {
            name: self.name,
            trade: self.trade,
            capacity: self.capacity,
            opening_hours: self.opening_hours.map(spans),
            approval_required: self.approval_required,
            equipment: self.equipment,
        }
    }
}

/// Weekly repetition of a booking.
#[derive(InputObject)]
pub struct RecurrenceInput {
    /// The last day (Hải Phòng calendar) a session may fall on.
    pub until: Date,
}

#[derive(InputObject)]
pub struct BookFacilityInput {
    pub facility_id: ID,
    /// Any offset is accepted; `2026-12-01T08:00:00+07:00` is 8 o'clock in Hải Phòng.
    pub starts_at: DateTime<FixedOffset>,
    /// Exclusive: a booking may start when another ends.
    pub ends_at: DateTime<FixedOffset>,
    pub participants: i32,
    /// What the session is for (at most 1000 characters).
    pub purpose: String,
    /// Repeat weekly at the same local time until a day.
    pub recurrence: Option<RecurrenceInput>,
    /// What to do when some sessions of a series are taken: `FAIL` (the default) books
    /// nothing; `SKIP` books the rest and lists the skipped ones.
    #[graphql(default)]
    pub on_conflict: RecurrenceConflict,
}

impl BookFacilityInput {
    pub fn into_new(self) -> Result<NewBooking, HubError> {
        Ok(NewBooking {
            facility_id: parse_id("input.facilityId", &self.facility_id)?,
            starts_at: self.starts_at.with_timezone(&Utc),
            ends_at: self.ends_at.with_timezone(&Utc),
            participants: self.participants,
            purpose: self.purpose,
            until: self.recurrence.map(|r| r.until.0),
            on_conflict: self.on_conflict,
        })
    }
}

#[derive(InputObject, Default)]
pub struct FacilityFilter {
    /// Facilities of this host.
    pub owner_id: Option<ID>,
    /// Part of the trade; accents and case are ignored ("dien" finds "Điện công nghiệp").
    pub trade: Option<String>,
    /// Facilities that hold at least this many students.
    pub min_capacity: Option<i32>,
}

impl FacilityFilter {
    pub fn into_query(self) -> Result<FacilityQuery, HubError> {
        Ok(FacilityQuery {
            owner_id: self.owner_id.as_ref().map(|id| parse_id("filter.ownerId", id)).transpose()?,
            trade: self.trade,
            min_capacity: self.min_capacity,
        })
    }
}

#[derive(InputObject, Default)]
pub struct BookingFilter {
    pub facility_id: Option<ID>,
    /// Bookings made by this organization.
    pub organization_id: Option<ID>,
    /// Bookings of this organization's facilities.
    pub host_id: Option<ID>,
    pub status: Option<BookingStatus>,
    /// Bookings starting at or after this instant.
    pub from: Option<DateTime<FixedOffset>>,
    /// Bookings starting before this instant.
    pub to: Option<DateTime<FixedOffset>>,
}

impl BookingFilter {
    pub fn into_query(self) -> Result<BookingQuery, HubError> {
        let id = |field: &str, id: &Option<ID>| id.as_ref().map(|id| parse_id(field, id)).transpose();
        Ok(BookingQuery {
            facility_id: id("filter.facilityId", &self.facility_id)?,
            organization_id: id("filter.organizationId", &self.organization_id)?,
            host_id: id("filter.hostId", &self.host_id)?,
            status: self.status,
            from: self.from.map(|at| at.with_timezone(&Utc)),
            to: self.to.map(|at| at.with_timezone(&Utc)),
        })
    }
}
