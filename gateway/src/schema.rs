//! Composes the module roots into the hub's schema.

use async_graphql::extensions::Tracing;
use async_graphql::{MergedObject, MergedSubscription, Schema};
use directory::{Directory, DirectoryEntities, DirectoryMutation, DirectoryQuery};
use hub_common::events::EventFeed;
use internships::{InternshipsEntities, InternshipsMutation, InternshipsQuery, InternshipsSubscription};
use sea_orm::DatabaseConnection;

use crate::error_codes::ErrorCodes;

/// Deepest nesting a query may use; the hub's real queries stay well under it.
pub const MAX_QUERY_DEPTH: usize = 15;
/// Upper bound on a query's complexity (one point per field, multiplied through lists).
pub const MAX_QUERY_COMPLEXITY: usize = 2_000;

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct Query(DirectoryQuery, DirectoryEntities, InternshipsQuery, InternshipsEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct Mutation(DirectoryMutation, InternshipsMutation);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct Subscription(InternshipsSubscription);

pub type HubSchema = Schema<Query, Mutation, Subscription>;

/// The all-in-one schema: every module's roots merged, federation directives on.
pub fn build(db: &DatabaseConnection, events: &EventFeed) -> HubSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), Subscription::default())
        .data(events.clone())
        .enable_federation()
        .enable_subscription_in_federation()
        .limit_depth(MAX_QUERY_DEPTH)
        .limit_complexity(MAX_QUERY_COMPLEXITY)
        .extension(ErrorCodes)
        .extension(Tracing);
    let builder = directory::register(builder, Directory::new(db.clone()));
    internships::register(builder, db.clone(), events.clone()).finish()
}

/// The schema's SDL as clients see it (federation directives included).
pub fn sdl(schema: &HubSchema) -> String {
    schema.sdl_with_options(async_graphql::SDLExportOptions::new().federation().compose_directive())
}
