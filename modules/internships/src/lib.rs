#![doc = include_str!("../README.md")]

// Storage rows stay inside the crate; the API tests alone read them, through `test-support`.
pub mod compiled;
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

pub use events::{NOMINATION_CHANGED, NominationChanged, OFFER_PUBLISHED, OfferPublished};
pub use graphql::types::{
    InternshipOffer, InternshipOfferPublishedEvent, Nomination, NominationChangedEvent,
};
pub use graphql::{
    InternshipsEntities, InternshipsMutation, InternshipsQuery, InternshipsSubscription, register,
};
pub use kinds::{EligibleLevel, NominationDecision, NominationStatus, OfferStatus};
pub use service::Internships;
