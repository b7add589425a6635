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
    Data, EmptyMutation, EmptySubscription, Executor, MergedObject, MergedSubscription, ObjectType, Request,
    Response, Schema, SchemaBuilder, SubscriptionType,
};
use audit::{AuditCapture, AuditQuery};
use directory::{Directory, DirectoryEntities, DirectoryMutation, DirectoryQuery};
use equipment::{EquipmentMutation, EquipmentQuery, EquipmentSubscription};
use facilities::{FacilitiesEntities, FacilitiesMutation, FacilitiesQuery, FacilitiesSubscription};
use hub_common::events::EventFeed;
use internships::{InternshipsEntities, InternshipsMutation, InternshipsQuery, InternshipsSubscription};
use participation::ParticipationQuery;
use partnerships::{PartnershipsEntities, PartnershipsMutation, PartnershipsQuery, PartnershipsSubscription};
use pilots::{PilotsMutation, PilotsQuery};
use sea_orm::DatabaseConnection;

use crate::bridges::{participation_service, partnerships_service};
use crate::config::{Limits, Settings};
use crate::error_codes::ErrorCodes;
use crate::introspection::IntrospectionDisabled;

/// What a deployment's settings change in the schema it serves.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    pub limits: Limits,
    pub introspection: bool,
}

impl SchemaOptions {
    pub fn from_settings(settings: &Settings) -> Self {
        Self { limits: settings.limits.clone(), introspection: settings.introspection() }
    }
}

impl Default for SchemaOptions {
    fn default() -> Self {
        Self { limits: Limits::default(), introspection: true }
    }
}

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct Query(
    DirectoryQuery,
    DirectoryEntities,
    InternshipsQuery,
    InternshipsEntities,
    PartnershipsQuery,
    PartnershipsEntities,
    AuditQuery,
    EquipmentQuery,
    ParticipationQuery,
    PilotsQuery,
    FacilitiesQuery,
    FacilitiesEntities,
);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct Mutation(
    DirectoryMutation,
    InternshipsMutation,
    PartnershipsMutation,
    EquipmentMutation,
    PilotsMutation,
    FacilitiesMutation,
);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct Subscription(
    InternshipsSubscription,
    PartnershipsSubscription,
    EquipmentSubscription,
    FacilitiesSubscription,
);

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

// The audit log alone: it only reads. Each module process records its own mutations into the
// shared table through the capture extension (`configure`), so this subgraph needs no
// mutation root. Entries point at organizations, so it carries the directory's entity
// resolvers.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct AuditSubgraphQuery(AuditQuery, DirectoryEntities);

pub type AuditSchema = Schema<AuditSubgraphQuery, EmptyMutation, EmptySubscription>;

// Equipment alone. Owners and requesters are organizations, so it carries the directory's
// entity resolvers too. Its own types carry no key: no other subgraph refers to them.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct EquipmentSubgraphQuery(EquipmentQuery, DirectoryEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct EquipmentSubgraphMutation(EquipmentMutation);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct EquipmentSubgraphSubscription(EquipmentSubscription);

pub type EquipmentSchema =
    Schema<EquipmentSubgraphQuery, EquipmentSubgraphMutation, EquipmentSubgraphSubscription>;

// Participation alone: reports across modules. Its rows point at organizations and areas, so
// it carries the directory's entity resolvers too. It has no mutations or subscriptions.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct ParticipationSubgraphQuery(ParticipationQuery, DirectoryEntities);

pub type ParticipationSchema = Schema<ParticipationSubgraphQuery, EmptyMutation, EmptySubscription>;

// Pilots alone. Measurements, reports and pilot models point at organizations and areas, so it
// carries the directory's entity resolvers too. It publishes no events, so it has no
// subscription root.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct PilotsSubgraphQuery(PilotsQuery, DirectoryEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct PilotsSubgraphMutation(PilotsMutation);

pub type PilotsSchema = Schema<PilotsSubgraphQuery, PilotsSubgraphMutation, EmptySubscription>;

// Facilities alone. Hosts and booking organizations are organizations, so it carries the
// directory's entity resolvers too.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct FacilitiesSubgraphQuery(FacilitiesQuery, FacilitiesEntities, DirectoryEntities);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct FacilitiesSubgraphMutation(FacilitiesMutation);

#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct FacilitiesSubgraphSubscription(FacilitiesSubscription);

pub type FacilitiesSchema =
    Schema<FacilitiesSubgraphQuery, FacilitiesSubgraphMutation, FacilitiesSubgraphSubscription>;

/// What a process serves: everything, or one module as a subgraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Module {
    Directory,
    Internships,
    Partnerships,
    Audit,
    Equipment,
    Participation,
    Pilots,
    Facilities,
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Directory => "directory",
            Self::Internships => "internships",
            Self::Partnerships => "partnerships",
            Self::Audit => "audit",
            Self::Equipment => "equipment",
            Self::Participation => "participation",
            Self::Pilots => "pilots",
            Self::Facilities => "facilities",
        })
    }
}

/// Settings every schema shares, so the deployments cannot drift apart.
fn configure<Q, M, S>(
    builder: SchemaBuilder<Q, M, S>,
    db: &DatabaseConnection,
    events: &EventFeed,
    options: &SchemaOptions,
) -> SchemaBuilder<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let limits = &options.limits;
    let builder = builder
        .data(events.clone())
        .data(hub_common::pagination::PageLimit(limits.max_page_size))
        .enable_federation()
        .enable_subscription_in_federation()
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        // Outside `ErrorCodes`, so the audit records errors with their final codes.
        .extension(AuditCapture)
        .extension(ErrorCodes { max_depth: limits.max_depth, max_complexity: limits.max_complexity });
    let builder = if options.introspection { builder } else { builder.extension(IntrospectionDisabled) };
    // Resolver spans only when a collector receives them (see `telemetry`).
    let builder = if crate::telemetry::traces_exported() { builder.extension(Tracing) } else { builder };
    // Every module's data is registered in every schema: subgraphs resolve the directory's
    // entities, and the cost is a few handles.
    let builder = directory::register(builder, Directory::new(db.clone()));
    let builder = internships::register(builder, db.clone(), events.clone());
    let builder = audit::register(builder, db.clone());
    let builder = equipment::register(builder, db.clone(), events.clone());
    // Partnerships count internship seats and equipment handed over, and participation reads
    // every other module, through those modules' services (see `bridges`).
    let builder = pilots::register(builder, db.clone());
    let builder = facilities::register(builder, db.clone(), events.clone());
    let builder = partnerships::register(builder, partnerships_service(db, events));
    participation::register(builder, participation_service(db, events))
}

/// The all-in-one schema with the default options: every module's roots merged, federation
/// directives on.
pub fn build(db: &DatabaseConnection, events: &EventFeed) -> HubSchema {
    build_with(db, events, &SchemaOptions::default())
}

fn build_with(db: &DatabaseConnection, events: &EventFeed, options: &SchemaOptions) -> HubSchema {
    let roots = Schema::build(Query::default(), Mutation::default(), Subscription::default());
    configure(roots, db, events, options).finish()
}

/// Runs `$body` with `$schema` bound to whichever schema is served (each variant is a
/// different type, so a plain function cannot take them all).
macro_rules! with_schema {
    ($served:expr, $schema:ident => $body:expr) => {
        match $served {
            ServedSchema::AllInOne($schema) => $body,
            ServedSchema::Directory($schema) => $body,
            ServedSchema::Internships($schema) => $body,
            ServedSchema::Partnerships($schema) => $body,
            ServedSchema::Equipment($schema) => $body,
            ServedSchema::Participation($schema) => $body,
            ServedSchema::Pilots($schema) => $body,
            ServedSchema::Facilities($schema) => $body,
            ServedSchema::Audit($schema) => $body,
        }
    };
}

/// The schema a process serves.
#[derive(Clone)]
pub enum ServedSchema {
    AllInOne(HubSchema),
    Directory(DirectorySchema),
    Internships(InternshipsSchema),
    Partnerships(PartnershipsSchema),
    Audit(AuditSchema),
    Equipment(EquipmentSchema),
    Participation(ParticipationSchema),
    Pilots(PilotsSchema),
    Facilities(FacilitiesSchema),
}

impl ServedSchema {
    pub fn build(
        module: Option<Module>,
        db: &DatabaseConnection,
        events: &EventFeed,
        options: &SchemaOptions,
    ) -> Self {
        fn finish<Q, M, S>(
            query: Q,
            mutation: M,
            subscription: S,
            (db, events, options): (&DatabaseConnection, &EventFeed, &SchemaOptions),
        ) -> Schema<Q, M, S>
        where
            Q: ObjectType + 'static,
            M: ObjectType + 'static,
            S: SubscriptionType + 'static,
        {
            configure(Schema::build(query, mutation, subscription), db, events, options).finish()
        }
        let with = (db, events, options);
        match module {
            None => Self::AllInOne(build_with(db, events, options)),
            Some(Module::Directory) => Self::Directory(finish(
                DirectorySubgraphQuery::default(),
                DirectorySubgraphMutation::default(),
                EmptySubscription,
                with,
            )),
            Some(Module::Internships) => Self::Internships(finish(
                InternshipsSubgraphQuery::default(),
                InternshipsSubgraphMutation::default(),
                InternshipsSubgraphSubscription::default(),
                with,
            )),
            Some(Module::Partnerships) => Self::Partnerships(finish(
                PartnershipsSubgraphQuery::default(),
                PartnershipsSubgraphMutation::default(),
                PartnershipsSubgraphSubscription::default(),
                with,
            )),
            Some(Module::Equipment) => Self::Equipment(finish(
                EquipmentSubgraphQuery::default(),
                EquipmentSubgraphMutation::default(),
                EquipmentSubgraphSubscription::default(),
                with,
            )),
            Some(Module::Participation) => Self::Participation(finish(
                ParticipationSubgraphQuery::default(),
                EmptyMutation,
                EmptySubscription,
                with,
            )),
            Some(Module::Pilots) => Self::Pilots(finish(
                PilotsSubgraphQuery::default(),
                PilotsSubgraphMutation::default(),
                EmptySubscription,
                with,
            )),
            Some(Module::Facilities) => Self::Facilities(finish(
                FacilitiesSubgraphQuery::default(),
                FacilitiesSubgraphMutation::default(),
                FacilitiesSubgraphSubscription::default(),
                with,
            )),
            Some(Module::Audit) => {
                Self::Audit(finish(AuditSubgraphQuery::default(), EmptyMutation, EmptySubscription, with))
            }
        }
    }

    /// The SDL with federation directives: the subgraph SDL a composition tool reads.
    pub fn sdl(&self) -> String {
        let options = async_graphql::SDLExportOptions::new().federation().compose_directive();
        with_schema!(self, schema => schema.sdl_with_options(options))
    }
}

impl Executor for ServedSchema {
    async fn execute(&self, request: Request) -> Response {
        with_schema!(self, schema => schema.execute(request).await)
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let data = session_data.unwrap_or_default();
        with_schema!(self, schema => schema.execute_stream_with_session_data(request, data))
    }
}

/// The all-in-one schema's SDL (federation directives included).
pub fn sdl(schema: &HubSchema) -> String {
    ServedSchema::AllInOne(schema.clone()).sdl()
}
