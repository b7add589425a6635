//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod inputs;
mod mutation;
mod query;
pub mod types;

pub use mutation::PilotsMutation;
pub use query::PilotsQuery;

use crate::service::Pilots;

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: organizations and areas resolve through it.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    service: Pilots,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(service)
}
