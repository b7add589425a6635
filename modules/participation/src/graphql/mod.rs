//! The module's GraphQL surface. Resolvers translate arguments and call the service; they hold
//! no rules of their own.

mod inputs;
mod query;
pub mod types;

pub use inputs::{EnterpriseParticipationFilter, ParticipationPeriod};
pub use query::ParticipationQuery;

use crate::service::Participation;

/// Adds what the module's resolvers read from the schema data. The directory's own data
/// (`directory::register`) must be there too: rows resolve organizations' area parents
/// through it.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    participation: Participation,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.data(participation)
}
