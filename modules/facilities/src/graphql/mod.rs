//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod inputs;
mod mutation;
mod query;
mod subscription;
pub mod types;

use hub_common::batching::batch_loader;

pub use mutation::FacilitiesMutation;
pub use query::{FacilitiesEntities, FacilitiesQuery};
pub use subscription::FacilitiesSubscription;

use crate::loaders::FacilityLoader;
use crate::service::Facilities;

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: hosts and booking organizations resolve through it.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    service: Facilities,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(batch_loader(FacilityLoader::new(service.clone()))).data(service)
}
