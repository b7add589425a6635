#![doc = include_str!("../README.md")]

// Storage rows stay inside the crate; the API tests alone read them, through `test-support`.
pub mod consistency;
#[cfg(feature = "test-support")]
pub mod entity;
#[cfg(not(feature = "test-support"))]
pub(crate) mod entity;
pub mod events;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

pub use events::{LISTING_POSTED, ListingPosted, REQUEST_CHANGED, RequestChanged};
pub use graphql::types::{
    EquipmentHandover, EquipmentListing, EquipmentListingPostedEvent, EquipmentRequest,
    EquipmentRequestChangedEvent, EquipmentReturn,
};
pub use graphql::{EquipmentMutation, EquipmentQuery, EquipmentSubscription, register};
pub use kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestDecision, RequestStatus};
pub use service::{Equipment, EquipmentGiven};
