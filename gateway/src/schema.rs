//! How the hub builds and serves a schema, whichever roots it has: the settings every schema
//! shares (`configure`, `finish`), and `ServedSchema`, one handle for any `Schema<Q, M, S>`.
//! Which roots exist is the module table's business (`modules`), which builds on this.
//!
//! The all-in-one API and each subgraph are finished by the same function with the same
//! settings, which is what keeps the all-in-one schema equal to the API schema of the
//! supergraph composed from the subgraphs; `tests/api/federation.rs` checks that with a real
//! composition tool.

use std::sync::Arc;

use async_graphql::extensions::Tracing;
use async_graphql::futures_util::future::BoxFuture;
use async_graphql::futures_util::stream::BoxStream;
use async_graphql::{Data, Executor, ObjectType, Request, Response, Schema, SchemaBuilder, SubscriptionType};
use audit::AuditCapture;

use crate::config::{Limits, Settings};
use crate::error_codes::ErrorCodes;
use crate::introspection::IntrospectionDisabled;
use crate::services::Services;

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

/// Settings every schema shares, so the deployments cannot drift apart.
fn configure<Q, M, S>(
    builder: SchemaBuilder<Q, M, S>,
    services: &Services,
    options: &SchemaOptions,
) -> SchemaBuilder<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let limits = &options.limits;
    let builder = builder
        .data(services.events.clone())
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
    services.register(builder)
}

/// A schema with the hub's shared settings and every module's data.
pub(crate) fn finish<Q, M, S>(
    query: Q,
    mutation: M,
    subscription: S,
    services: &Services,
    options: &SchemaOptions,
) -> Schema<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    configure(Schema::build(query, mutation, subscription), services, options).finish()
}

/// What the HTTP layer needs of a schema, whichever roots it has: each `Schema<Q, M, S>` is a
/// different type, and this trait is implemented once for all of them.
pub trait ServableSchema: Send + Sync + 'static {
    fn execute(&self, request: Request) -> BoxFuture<'_, Response>;
    fn execute_stream(&self, request: Request, session_data: Arc<Data>) -> BoxStream<'static, Response>;
    /// The SDL with federation directives: the subgraph SDL a composition tool reads.
    fn sdl(&self) -> String;
}

impl<Q, M, S> ServableSchema for Schema<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    fn execute(&self, request: Request) -> BoxFuture<'_, Response> {
        Box::pin(Schema::execute(self, request))
    }

    fn execute_stream(&self, request: Request, session_data: Arc<Data>) -> BoxStream<'static, Response> {
        Box::pin(self.execute_stream_with_session_data(request, session_data))
    }

    fn sdl(&self) -> String {
        let options = async_graphql::SDLExportOptions::new().federation().compose_directive();
        self.sdl_with_options(options)
    }
}

/// The schema a process serves: the all-in-one API or one module's subgraph.
#[derive(Clone)]
pub struct ServedSchema(Arc<dyn ServableSchema>);

impl ServedSchema {
    pub fn new(schema: impl ServableSchema) -> Self {
        Self(Arc::new(schema))
    }

    pub fn sdl(&self) -> String {
        self.0.sdl()
    }
}

impl Executor for ServedSchema {
    async fn execute(&self, request: Request) -> Response {
        self.0.execute(request).await
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        self.0.execute_stream(request, session_data.unwrap_or_default())
    }
}
