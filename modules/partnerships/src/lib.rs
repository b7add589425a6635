#![doc = include_str!("../README.md")]

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

pub use graphql::types::{Engagement, Partnership, PartnershipChangedEvent};
pub use graphql::{
    PartnershipsEntities, PartnershipsMutation, PartnershipsQuery, PartnershipsSubscription, register,
};
pub use kinds::{CommitmentKind, EngagementKind, PartnershipKind, PartnershipStatus};
pub use service::{
    ActiveParties, CareerEventHeld, CareerEventSource, EquipmentDelivered, InternshipSeats, Partnerships,
};

/// A partnership's change (proposed, accepted, activated, terminated, renewal proposed).
pub const PARTNERSHIP_CHANGED: Topic<PartnershipChanged> =
    Topic::new("partnerships.changed", "partnership change");

/// The payload of a `partnerships.changed` event, version 1: enough for a subscriber to
/// decide, without the database, whether an organization's dashboard cares. Later versions
/// only add fields, each with `#[serde(default)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipChanged {
    pub partnership_id: Uuid,
    pub parties: Vec<Uuid>,
    pub status: PartnershipStatus,
}
