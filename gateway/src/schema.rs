//! Composes the module roots into the hub's schema.

use async_graphql::extensions::Tracing;
use async_graphql::{EmptySubscription, MergedObject, Schema};
use directory::{Directory, DirectoryEntities, DirectoryMutation, DirectoryQuery};
use hub_common::events::EventFeed;
use sea_orm::DatabaseConnection;

use crate::error_codes::ErrorCodes;

/// Deepest nesting a query may use; the hub's real queries stay well under it.
pub const MAX_QUERY_DEPTH: usize = 15;
/// Upper bound on a query's complexity (one point per field, multiplied through lists).
pub const MAX_QUERY_COMPLEXITY: usize = 2_000;

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct Query(DirectoryQuery, DirectoryEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct Mutation(DirectoryMutation);

pub type HubSchema = Schema<Query, Mutation, EmptySubscription>;

/// The all-in-one schema: every module's roots merged, federation directives on.
pub fn build(db: &DatabaseConnection, events: &EventFeed) -> HubSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(events.clone())
        .enable_federation()
        .limit_depth(MAX_QUERY_DEPTH)
        .limit_complexity(MAX_QUERY_COMPLEXITY)
        .extension(ErrorCodes)
        .extension(Tracing);
    directory::register(builder, Directory::new(db.clone())).finish()
}

/// The schema's SDL as clients see it (federation directives included).
pub fn sdl(schema: &HubSchema) -> String {
    schema.sdl_with_options(async_graphql::SDLExportOptions::new().federation().compose_directive())
}
