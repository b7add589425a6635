#![doc = include_str!("../README.md")]

pub mod entity;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

pub use graphql::types::{InternshipOffer, InternshipOfferPublishedEvent, Nomination};
pub use graphql::{
    InternshipsEntities, InternshipsMutation, InternshipsQuery, InternshipsSubscription, register,
};
pub use kinds::{EligibleLevel, NominationDecision, NominationStatus, OfferStatus};
pub use service::Internships;

/// The outbox topic of a newly published offer. Its payload is the offer's row
/// ([`entity::offer::Model`]) as serde JSON, so a subscriber rebuilds the offer from the event
/// alone.
pub const OFFER_PUBLISHED_TOPIC: &str = "internships.offer_published";
