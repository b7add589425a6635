//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod inputs;
mod mutation;
mod query;
mod subscription;
pub mod types;

use hub_common::batching::batch_loader;

pub use mutation::PartnershipsMutation;
pub use query::{PartnershipsEntities, PartnershipsQuery};
pub use subscription::PartnershipsSubscription;

use crate::loaders::PartnershipLoader;
use crate::service::Partnerships;

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: parties resolve as organizations through it.
/// The service comes built with its readers of other modules (`InternshipSeats`,
/// `EquipmentDelivered`), which only the gateway can supply.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    service: Partnerships,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(batch_loader(PartnershipLoader::new(service.clone()))).data(service)
}
