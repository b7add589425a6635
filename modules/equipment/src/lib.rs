#![doc = include_str!("../README.md")]

pub mod entity;
pub mod events;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

pub use events::{LISTING_POSTED, ListingPosted};
pub use graphql::types::{
    EquipmentHandover, EquipmentListing, EquipmentListingPostedEvent, EquipmentRequest, EquipmentReturn,
};
pub use graphql::{EquipmentMutation, EquipmentQuery, EquipmentSubscription, register};
pub use kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestDecision, RequestStatus};
pub use service::{Equipment, EquipmentGiven};
