//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

pub mod bulletins;
pub mod events;
pub mod inputs;
mod mutation;
mod query;
mod subscription;
pub mod types;

pub use mutation::CareersMutation;
pub use query::CareersQuery;
pub use subscription::CareersSubscription;

use crate::service::Careers;

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: programmes and events resolve organizations and
/// areas through it.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    service: Careers,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(service)
}
