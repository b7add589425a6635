//! What one module needs from another, supplied here because only the gateway knows every
//! module: modules depend on `directory` and `hub-common` alone, so a module states a need as
//! a trait and the gateway implements it with the other module's public service.

use equipment::Equipment;
use hub_common::HubResult;
use internships::Internships;
use partnerships::{EquipmentDelivered, InternshipSeats};
use uuid::Uuid;

/// Partnerships count internship seats offered through the internships service, never its
/// tables.
pub struct SeatsFromInternships(pub Internships);

#[async_trait::async_trait]
impl InternshipSeats for SeatsFromInternships {
    async fn seats_offered(&self, enterprises: &[Uuid], year: i32) -> HubResult<i64> {
        self.0.seats_offered(enterprises, year).await
    }
}

/// Partnerships count equipment handed over through the equipment service, never its tables.
pub struct EquipmentFromEquipment(pub Equipment);

#[async_trait::async_trait]
impl EquipmentDelivered for EquipmentFromEquipment {
    async fn value_handed_over(&self, owners: &[Uuid], year: i32) -> HubResult<i64> {
        self.0.value_handed_over(owners, year).await
    }
}
