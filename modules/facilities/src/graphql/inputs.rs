//! The module's GraphQL input types and their translation into service arguments.

use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::{DateTime, FixedOffset, Utc};
use hub_common::HubError;
use hub_common::ids::parse_id;
use hub_common::scalars::Date;

use crate::kinds::{BookingStatus, RecurrenceConflict, Weekday};
use crate::service::validate::{ClockSpan, OpeningDay};
use crate::service::{BookingQuery, FacilityChanges, FacilityQuery, NewBooking, NewClosure, NewFacility};

/// Opening hours on one weekday, local time: one or more spans, e.g. 07:30-11:30 and
/// 13:30-17:00 around a lunch break.
#[derive(InputObject)]
pub struct OpeningHoursInput {
    pub weekday: Weekday,
    /// At least one; spans of a day must not overlap (touching is allowed).
    pub spans: Vec<OpeningSpanInput>,
}

/// One span of a day when the facility is open.
#[derive(InputObject)]
pub struct OpeningSpanInput {
    /// "07:30" (24-hour clock).
    pub opens: String,
    /// "11:30"; "24:00" for midnight.
    pub closes: String,
}

fn spans(items: Vec<OpeningHoursInput>) -> Vec<OpeningDay> {
    items
        .into_iter()
        .map(|day| OpeningDay {
            weekday: day.weekday,
            spans: day.spans.into_iter().map(|s| ClockSpan { opens: s.opens, closes: s.closes }).collect(),
        })
        .collect()
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
    /// Bookings are made at least this many hours before the session starts (0-720; by
    /// default 0, any time before it starts).
    #[graphql(default)]
    pub minimum_notice_hours: i32,
    /// Sessions start at most this many days ahead (1-730); left out, no limit.
    pub maximum_advance_days: Option<i32>,
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
            min_notice_hours: self.minimum_notice_hours,
            max_advance_days: self.maximum_advance_days,
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
    /// Applies to bookings made from then on.
    pub minimum_notice_hours: Option<i32>,
    /// Applies to bookings made from then on; `null` removes the limit.
    pub maximum_advance_days: MaybeUndefined<i32>,
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
            min_notice_hours: self.minimum_notice_hours,
            max_advance_days: match self.maximum_advance_days {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(days) => Some(Some(days)),
            },
        }
    }
}

/// Days a facility is closed: one day, or `from` to `to` inclusive (Hải Phòng calendar).
#[derive(InputObject)]
pub struct FacilityClosureInput {
    pub from: Date,
    /// The last closed day; left out, `from` alone.
    pub to: Option<Date>,
    /// Why, as schools will read it: "Tết Nguyên Đán", "Quốc khánh", "bảo trì" (at most 200
    /// characters).
    pub reason: String,
}

impl FacilityClosureInput {
    pub fn into_new(self) -> NewClosure {
        NewClosure { first_day: self.from.0, last_day: self.to.map(|d| d.0), reason: self.reason }
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
    /// What to do when some sessions of a series are taken, fall on a closure or beyond the
    /// facility's maximum advance: `FAIL` (the default) books nothing; `SKIP` books the rest
    /// and lists the skipped ones with why.
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
