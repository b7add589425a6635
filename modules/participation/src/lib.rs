#![doc = include_str!("../README.md")]

pub mod csv;
pub mod figures;
pub mod graphql;
pub mod period;
pub mod sector;
pub mod service;
pub mod sources;

pub use graphql::{ParticipationQuery, register};
pub use period::{Period, PeriodNames};
pub use sector::Sector;
pub use service::{GroupBy, Participation, ParticipationOrder};
pub use sources::{
    BookingsHosted, CareerEventActivity, CareerEventsHosted, CareerEventsJoined, EngagementHeld,
    EquipmentActivity, EquipmentGiven, FacilityActivity, InternshipActivity, InternshipsGiven,
    PartnershipActivity, PartnershipInForce, Sources,
};
