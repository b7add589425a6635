//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod inputs;
mod mutation;
mod query;
mod subscription;
pub mod types;

use directory::Directory;
use hub_common::batching::batch_loader;
use hub_common::events::EventFeed;
use sea_orm::DatabaseConnection;

pub use mutation::FacilitiesMutation;
pub use query::{FacilitiesEntities, FacilitiesQuery};
pub use subscription::FacilitiesSubscription;

use crate::loaders::FacilityLoader;
use crate::service::Facilities;

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: hosts and booking organizations resolve through it.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    db: DatabaseConnection,
    events: EventFeed,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    let service = Facilities::new(db.clone(), Directory::new(db), events);
    builder.data(batch_loader(FacilityLoader::new(service.clone()))).data(service)
}
