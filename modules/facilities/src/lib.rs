#![doc = include_str!("../README.md")]

pub mod calendar;
// Storage rows stay inside the crate; the API tests alone read them, through `test-support`.
#[cfg(feature = "test-support")]
pub mod entity;
#[cfg(not(feature = "test-support"))]
pub(crate) mod entity;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

use hub_common::events::Topic;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use graphql::types::{Booking, BookingChangedEvent, Facility};
pub use graphql::{
    FacilitiesEntities, FacilitiesMutation, FacilitiesQuery, FacilitiesSubscription, register,
};
pub use kinds::{BookingDecision, BookingStatus, FacilityStatus, RecurrenceConflict, Weekday};
pub use service::{BookingsHosted, Facilities};

/// A booking's change (booked, confirmed, declined, cancelled).
pub const BOOKING_CHANGED: Topic<BookingChanged> = Topic::new("facilities.booking_changed", "booking change");

/// The payload of a `facilities.booking_changed` event, version 2: enough for a subscriber to
/// decide, without the database, whether an organization's dashboard cares. Later versions
/// only add fields, each with `#[serde(default)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChanged {
    pub booking_id: Uuid,
    pub facility_id: Uuid,
    /// The organization that owns the facility.
    pub host_id: Uuid,
    /// The organization that booked.
    pub organization_id: Uuid,
    pub status: BookingStatus,
    /// Why the host cancelled it (version 2: set when a withdrawal cancelled it); absent
    /// otherwise, so such a payload is written exactly as version 1 wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
