#![doc = include_str!("../README.md")]

pub mod entity;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use graphql::types::{Engagement, Partnership, PartnershipChangedEvent};
pub use graphql::{
    PartnershipsEntities, PartnershipsMutation, PartnershipsQuery, PartnershipsSubscription, register,
};
pub use kinds::{CommitmentKind, EngagementKind, PartnershipKind, PartnershipStatus};
pub use service::{EquipmentDelivered, InternshipSeats, Partnerships};

/// The outbox topic of a partnership's change (proposed, accepted, activated, terminated,
/// renewal proposed). Its payload is [`PartnershipChanged`].
pub const PARTNERSHIP_CHANGED_TOPIC: &str = "partnerships.changed";

/// The payload of a `partnerships.changed` event: enough for a subscriber to decide, without
/// the database, whether an organization's dashboard cares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipChanged {
    pub partnership_id: Uuid,
    pub parties: Vec<Uuid>,
    pub status: PartnershipStatus,
}
