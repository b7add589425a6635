//! Composes the module roots into the schemas the hub serves: the all-in-one API, and each
//! module alone as a federation subgraph (`hub serve --module NAME`).
//!
//! Both are built from the same module roots with the same settings (`configure`), which is
//! what keeps the all-in-one schema equal to the API schema of the supergraph composed from the
//! subgraphs; `tests/api/federation.rs` checks that with a real composition tool.

use std::fmt;
use std::sync::Arc;

use async_graphql::extensions::Tracing;
use async_graphql::futures_util::stream::BoxStream;
use async_graphql::{
    BatchRequest, BatchResponse, Data, EmptySubscription, Executor, MergedObject, MergedSubscription,
    ObjectType, Request, Response, Schema, SchemaBuilder, SubscriptionType,
};
use directory::{Directory, DirectoryEntities, DirectoryMutation, DirectoryQuery};
use hub_common::events::EventFeed;
use internships::{InternshipsEntities, InternshipsMutation, InternshipsQuery, InternshipsSubscription};
use partnerships::{PartnershipsEntities, PartnershipsMutation, PartnershipsQuery, PartnershipsSubscription};
use sea_orm::DatabaseConnection;

use crate::bridges::SeatsFromInternships;
use crate::error_codes::ErrorCodes;

/// Deepest nesting a query may use; the hub's real queries stay well under it.
pub const MAX_QUERY_DEPTH: usize = 15;
/// Upper bound on a query's complexity (one point per field, multiplied through lists).
pub const MAX_QUERY_COMPLEXITY: usize = 2_000;

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct Query(
    DirectoryQuery,
    DirectoryEntities,
    InternshipsQuery,
    InternshipsEntities,
    PartnershipsQuery,
    PartnershipsEntities,
);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct Mutation(DirectoryMutation, InternshipsMutation, PartnershipsMutation);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct Subscription(InternshipsSubscription, PartnershipsSubscription);

pub type HubSchema = Schema<Query, Mutation, Subscription>;

// The directory alone: organizations, areas, memberships. (Plain comments on the roots: a doc
// comment would become the root type's description and make the subgraphs differ from the
// all-in-one schema.)
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct DirectorySubgraphQuery(DirectoryQuery, DirectoryEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct DirectorySubgraphMutation(DirectoryMutation);

pub type DirectorySchema = Schema<DirectorySubgraphQuery, DirectorySubgraphMutation, EmptySubscription>;

// Internships alone. It declares `Organization` and `Area` too (offers point at them), so it
// carries the directory's entity resolvers: every subgraph that declares a keyed type must
// resolve it.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct InternshipsSubgraphQuery(InternshipsQuery, InternshipsEntities, DirectoryEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct InternshipsSubgraphMutation(InternshipsMutation);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct InternshipsSubgraphSubscription(InternshipsSubscription);

pub type InternshipsSchema =
    Schema<InternshipsSubgraphQuery, InternshipsSubgraphMutation, InternshipsSubgraphSubscription>;

// Partnerships alone. Parties are organizations, so it carries the directory's entity
// resolvers too.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct PartnershipsSubgraphQuery(PartnershipsQuery, PartnershipsEntities, DirectoryEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct PartnershipsSubgraphMutation(PartnershipsMutation);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct PartnershipsSubgraphSubscription(PartnershipsSubscription);

pub type PartnershipsSchema =
    Schema<PartnershipsSubgraphQuery, PartnershipsSubgraphMutation, PartnershipsSubgraphSubscription>;

/// What a process serves: everything, or one module as a subgraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Module {
    Directory,
    Internships,
    Partnerships,
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Directory => "directory",
            Self::Internships => "internships",
            Self::Partnerships => "partnerships",
        })
    }
}

/// Settings every schema shares, so the deployments cannot drift apart.
fn configure<Q, M, S>(
    builder: SchemaBuilder<Q, M, S>,
    db: &DatabaseConnection,
    events: &EventFeed,
) -> SchemaBuilder<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let builder = builder
        .data(events.clone())
        .enable_federation()
        .enable_subscription_in_federation()
        .limit_depth(MAX_QUERY_DEPTH)
        .limit_complexity(MAX_QUERY_COMPLEXITY)
        .extension(ErrorCodes);
    // Resolver spans only when a collector receives them (see `telemetry`).
    let builder = if crate::telemetry::traces_exported() { builder.extension(Tracing) } else { builder };
    // Every module's data is registered in every schema: subgraphs resolve the directory's
    // entities, and the cost is a few handles.
    let builder = directory::register(builder, Directory::new(db.clone()));
    let builder = internships::register(builder, db.clone(), events.clone());
    // Partnerships count internship seats through the internships service (see `bridges`).
    let seats = internships::Internships::new(db.clone(), Directory::new(db.clone()), events.clone());
    partnerships::register(builder, db.clone(), events.clone(), Arc::new(SeatsFromInternships(seats)))
}

/// The all-in-one schema: every module's roots merged, federation directives on.
pub fn build(db: &DatabaseConnection, events: &EventFeed) -> HubSchema {
    configure(Schema::build(Query::default(), Mutation::default(), Subscription::default()), db, events)
        .finish()
}

/// The schema a process serves.
#[derive(Clone)]
pub enum ServedSchema {
    AllInOne(HubSchema),
    Directory(DirectorySchema),
    Internships(InternshipsSchema),
    Partnerships(PartnershipsSchema),
}

impl ServedSchema {
    pub fn build(module: Option<Module>, db: &DatabaseConnection, events: &EventFeed) -> Self {
        match module {
            None => Self::AllInOne(build(db, events)),
            Some(Module::Directory) => Self::Directory(
                configure(
                    Schema::build(
                        DirectorySubgraphQuery::default(),
                        DirectorySubgraphMutation::default(),
                        EmptySubscription,
                    ),
                    db,
                    events,
                )
                .finish(),
            ),
            Some(Module::Internships) => Self::Internships(
                configure(
                    Schema::build(
                        InternshipsSubgraphQuery::default(),
                        InternshipsSubgraphMutation::default(),
                        InternshipsSubgraphSubscription::default(),
                    ),
                    db,
                    events,
                )
                .finish(),
            ),
            Some(Module::Partnerships) => Self::Partnerships(
                configure(
                    Schema::build(
                        PartnershipsSubgraphQuery::default(),
                        PartnershipsSubgraphMutation::default(),
                        PartnershipsSubgraphSubscription::default(),
                    ),
                    db,
                    events,
                )
                .finish(),
            ),
        }
    }

    /// The SDL with federation directives: the subgraph SDL a composition tool reads.
    pub fn sdl(&self) -> String {
        let options = async_graphql::SDLExportOptions::new().federation().compose_directive();
        match self {
            Self::AllInOne(schema) => schema.sdl_with_options(options),
            Self::Directory(schema) => schema.sdl_with_options(options),
            Self::Internships(schema) => schema.sdl_with_options(options),
            Self::Partnerships(schema) => schema.sdl_with_options(options),
        }
    }

    pub async fn execute_batch(&self, batch: BatchRequest) -> BatchResponse {
        match self {
            Self::AllInOne(schema) => schema.execute_batch(batch).await,
            Self::Directory(schema) => schema.execute_batch(batch).await,
            Self::Internships(schema) => schema.execute_batch(batch).await,
            Self::Partnerships(schema) => schema.execute_batch(batch).await,
        }
    }
}

impl Executor for ServedSchema {
    async fn execute(&self, request: Request) -> Response {
        match self {
            Self::AllInOne(schema) => schema.execute(request).await,
            Self::Directory(schema) => schema.execute(request).await,
            Self::Internships(schema) => schema.execute(request).await,
            Self::Partnerships(schema) => schema.execute(request).await,
        }
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let data = session_data.unwrap_or_default();
        match self {
            Self::AllInOne(schema) => schema.execute_stream_with_session_data(request, data),
            Self::Directory(schema) => schema.execute_stream_with_session_data(request, data),
            Self::Internships(schema) => schema.execute_stream_with_session_data(request, data),
            Self::Partnerships(schema) => schema.execute_stream_with_session_data(request, data),
        }
    }
}

/// The all-in-one schema's SDL (federation directives included).
pub fn sdl(schema: &HubSchema) -> String {
    ServedSchema::AllInOne(schema.clone()).sdl()
}
