//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod mutation;
mod query;
mod subscription;
pub mod types;

use async_graphql::{Context, Result};
use hub_common::batching::{Batcher, batch_loader, load_known};
use uuid::Uuid;

pub use mutation::InternshipsMutation;
pub use query::{InternshipsEntities, InternshipsQuery};
pub use subscription::InternshipsSubscription;

use crate::entity::offer;
use crate::loaders::OfferLoader;
use crate::service::Internships;

/// Loads an offer through the request's batch loader, with no visibility applied.
async fn load_offer(ctx: &Context<'_>, id: Uuid) -> Result<Option<offer::Model>> {
    ctx.data::<Batcher<OfferLoader>>()?.load_one(id).await
}

/// Loads the offers a page of nominations refers to in one statement, with no visibility
/// applied (whoever sees a nomination may see its offer).
async fn load_offers(
    ctx: &Context<'_>,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, offer::Model>> {
    load_known(ctx.data::<Batcher<OfferLoader>>()?, ids).await
}

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: offers resolve enterprises and areas through it.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    service: Internships,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(batch_loader(OfferLoader::new(service.clone()))).data(service)
}
