//! What participation reads from the other modules. This crate may not depend on them, so it
//! states each need as a trait; the gateway implements them with each module's public service
//! (`gateway/src/bridges.rs`), and tests may supply others. Every method answers for the whole
//! city over a period in a fixed number of statements.

use std::sync::Arc;

use hub_common::HubResult;
use uuid::Uuid;

use crate::period::Period;

/// One enterprise's internships in a period: offers published in it (still published or
/// closed) and their seats, nominations accepted in it that still stand, placements completed
/// in it and the hours worked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InternshipsGiven {
    pub enterprise: Uuid,
    pub offers: i64,
    pub seats: i64,
    pub nominations_accepted: i64,
    pub placements_completed: i64,
    pub placement_hours: i64,
}

/// A partnership in force for at least a day of the period, with its parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnershipInForce {
    pub partnership: Uuid,
    pub parties: Vec<Uuid>,
}

/// An engagement held in the period, the organizations involved and the students reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagementHeld {
    pub engagement: Uuid,
    pub organizations: Vec<Uuid>,
    pub students: i64,
}

/// Equipment one owner handed over in the period, donated and lent, with estimated values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EquipmentGiven {
    pub owner: Uuid,
    pub donations: i64,
    pub donated_value_vnd: i64,
    pub loans: i64,
    pub lent_value_vnd: i64,
}

/// Workshop bookings one college or centre hosted in the period, and their participants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingsHosted {
    pub host: Uuid,
    pub bookings: i64,
    pub participants: i64,
}

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

/// Where each figure comes from. Equipment and facilities are optional: a hub built without
/// those modules reports their figures as not tracked (null), never as zero.
#[derive(Clone)]
pub struct Sources {
    pub internships: Arc<dyn InternshipActivity>,
    pub partnerships: Arc<dyn PartnershipActivity>,
    pub equipment: Option<Arc<dyn EquipmentActivity>>,
    pub facilities: Option<Arc<dyn FacilityActivity>>,
}
