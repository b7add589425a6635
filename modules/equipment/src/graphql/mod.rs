//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod inputs;
mod mutation;
mod query;
mod subscription;
pub mod types;

use std::collections::HashMap;

use async_graphql::{Context, Result};
use hub_common::batching::{Batcher, batch_loader, load_known};
use uuid::Uuid;

pub use mutation::EquipmentMutation;
pub use query::EquipmentQuery;
pub use subscription::EquipmentSubscription;

use crate::entity::listing;
use crate::loaders::ListingLoader;
use crate::service::Equipment;

/// Loads listings through the request's batch loader, with no visibility applied.
async fn load_listings(ctx: &Context<'_>, ids: &[Uuid]) -> Result<HashMap<Uuid, listing::Model>> {
    load_known(ctx.data::<Batcher<ListingLoader>>()?, ids).await
}

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: owners and requesters resolve through it.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    service: Equipment,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(batch_loader(ListingLoader::new(service.clone()))).data(service)
}
