#![doc = include_str!("../README.md")]

pub mod entity;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

pub use graphql::types::{
    EquipmentHandover, EquipmentListing, EquipmentListingPostedEvent, EquipmentRequest, EquipmentReturn,
};
pub use graphql::{EquipmentMutation, EquipmentQuery, EquipmentSubscription, register};
pub use kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestDecision, RequestStatus};
pub use service::{Equipment, EquipmentGiven};

/// The outbox topic of a newly posted listing. Its payload is the listing's row
/// ([`entity::listing::Model`]) as serde JSON, so a subscriber rebuilds the listing from the
/// event alone.
pub const LISTING_POSTED_TOPIC: &str = "equipment.listing_posted";
