//! What participation reads from the other modules. This crate may not depend on them, so it
//! states each need as a trait; the gateway implements them with each module's public service
//! (`gateway/src/bridges.rs`), and tests may supply others. Every method answers for the whole
//! city over a period in a fixed number of statements. The figures are `hub_common::activity`'s
//! structs, the ones the modules' services return, so no side copies the other's fields.

use std::sync::Arc;

use hub_common::HubResult;

use crate::period::Period;

pub use hub_common::activity::{
    BookingsHosted, CareerEventsHosted, CareerEventsJoined, EngagementHeld, EquipmentGiven, InternshipsGiven,
    PartnershipInForce,
};

#[async_trait::async_trait]
pub trait InternshipActivity: Send + Sync {
    async fn internships_given(&self, period: Period) -> HubResult<Vec<InternshipsGiven>>;
}

#[async_trait::async_trait]
pub trait PartnershipActivity: Send + Sync {
    async fn partnerships_in_force(&self, period: Period) -> HubResult<Vec<PartnershipInForce>>;
    async fn engagements_held(&self, period: Period) -> HubResult<Vec<EngagementHeld>>;
}

#[async_trait::async_trait]
pub trait EquipmentActivity: Send + Sync {
    async fn equipment_given(&self, period: Period) -> HubResult<Vec<EquipmentGiven>>;
}

#[async_trait::async_trait]
pub trait FacilityActivity: Send + Sync {
    async fn bookings_hosted(&self, period: Period) -> HubResult<Vec<BookingsHosted>>;
}

#[async_trait::async_trait]
pub trait CareerEventActivity: Send + Sync {
    /// Per host, the career events held in the period and the students registered for them.
    async fn career_events_hosted(&self, period: Period) -> HubResult<Vec<CareerEventsHosted>>;
    /// Per school, the career events held in the period it registered students for.
    async fn career_events_joined(&self, period: Period) -> HubResult<Vec<CareerEventsJoined>>;
}

/// Where each figure comes from. Equipment, facilities and careers are optional: a hub built
/// without those modules reports their figures as not tracked (null), never as zero.
#[derive(Clone)]
pub struct Sources {
    pub internships: Arc<dyn InternshipActivity>,
    pub partnerships: Arc<dyn PartnershipActivity>,
    pub equipment: Option<Arc<dyn EquipmentActivity>>,
    pub facilities: Option<Arc<dyn FacilityActivity>>,
    pub careers: Option<Arc<dyn CareerEventActivity>>,
}
