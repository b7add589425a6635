#![doc = include_str!("../README.md")]

// Storage rows stay inside the crate; the API tests alone read them, through `test-support`.
pub mod demo_data;
#[cfg(feature = "test-support")]
pub mod entity;
#[cfg(not(feature = "test-support"))]
pub(crate) mod entity;
pub mod events;
pub mod graphql;
pub mod kinds;
pub mod seed;
pub mod service;

pub use events::{CAREER_EVENT_PUBLISHED, CareerEventPublished};
pub use graphql::{CareersMutation, CareersQuery, CareersSubscription, register};
pub use kinds::{
    BulletinPeriod, CareerEventKind, CareerEventStatus, EntryPoint, RegistrationStatus, VocationalLevel,
};
pub use service::Careers;
