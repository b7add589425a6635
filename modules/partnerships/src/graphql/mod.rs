//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod inputs;
mod mutation;
mod query;
mod subscription;
pub mod types;

use std::sync::Arc;

use directory::Directory;
use hub_common::batching::batch_loader;
use hub_common::events::EventFeed;
use sea_orm::DatabaseConnection;

pub use mutation::PartnershipsMutation;
pub use query::{PartnershipsEntities, PartnershipsQuery};
pub use subscription::PartnershipsSubscription;

use crate::loaders::PartnershipLoader;
use crate::service::{EquipmentDelivered, InternshipSeats, Partnerships};

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: parties resolve as organizations through it.
/// `seats` answers how many internship seats enterprises offered (see `InternshipSeats`),
/// `equipment` what equipment they handed over (see `EquipmentDelivered`).
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    db: DatabaseConnection,
    events: EventFeed,
    seats: Arc<dyn InternshipSeats>,
    equipment: Arc<dyn EquipmentDelivered>,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    let service = Partnerships::new(db.clone(), Directory::new(db), events, seats, equipment);
    builder.data(batch_loader(PartnershipLoader(service.clone()))).data(service)
}
