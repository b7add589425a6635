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
use async_graphql::parser::types::OperationType;
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
    /// Queries go through the extensions' per-field hooks too (see `ServedSchema`).
    pub field_hooks_on_queries: bool,
}

impl SchemaOptions {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            limits: settings.limits.clone(),
            introspection: settings.introspection(),
            field_hooks_on_queries: settings.field_hooks_on_queries,
        }
    }

    fn error_codes(&self) -> ErrorCodes {
        ErrorCodes { max_depth: self.limits.max_depth, max_complexity: self.limits.max_complexity }
    }
}

impl Default for SchemaOptions {
    fn default() -> Self {
        Self { limits: Limits::default(), introspection: true, field_hooks_on_queries: false }
    }
}

/// Settings every schema shares, so the deployments cannot drift apart. Without `hooks` the
/// schema has no extension at all, for queries (see `ServedSchema`).
fn configure<Q, M, S>(
    builder: SchemaBuilder<Q, M, S>,
    services: &Services,
    options: &SchemaOptions,
    hooks: bool,
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
        .limit_complexity(limits.max_complexity);
    if !hooks {
        return services.register(builder);
    }
    // The audit outside `ErrorCodes`, so it records errors with their final codes.
    let builder = builder.extension(AuditCapture).extension(options.error_codes());
    let builder = if options.introspection { builder } else { builder.extension(IntrospectionDisabled) };
    // Resolver spans only when a collector receives them (see `telemetry`).
    let builder = if crate::telemetry::traces_exported() { builder.extension(Tracing) } else { builder };
    services.register(builder)
}

/// A schema with the hub's shared settings, its extensions and every module's data.
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
    configure(Schema::build(query, mutation, subscription), services, options, true).finish()
}

/// The schema a process serves for `Q`, `M`, `S`: with the extensions for every operation, and
/// without any for queries unless a setting or an attached trace collector asks for them.
pub(crate) fn serve<Q, M, S>(services: &Services, options: &SchemaOptions) -> ServedSchema
where
    Q: ObjectType + Default + 'static,
    M: ObjectType + Default + 'static,
    S: SubscriptionType + Default + 'static,
{
    let hooked = finish(Q::default(), M::default(), S::default(), services, options);
    let plain = !(options.field_hooks_on_queries || crate::telemetry::traces_exported());
    let plain = plain.then(|| {
        let builder = Schema::build(Q::default(), M::default(), S::default());
        Arc::new(configure(builder, services, options, false).finish()) as Arc<dyn ServableSchema>
    });
    ServedSchema {
        hooked: Arc::new(hooked),
        plain,
        error_codes: options.error_codes(),
        introspection: options.introspection,
    }
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
///
/// async-graphql sends every field through the extensions' hooks as soon as one extension is
/// registered: a `ResolveInfo` and a boxed future per extension per field. What the extensions
/// do is for mutations (the audit) or per request (error codes, the introspection switch), so a
/// query runs on a second build of the same schema with no extension (`plain`), and its errors
/// are coded afterwards (`ErrorCodes::code_query_errors`). Mutations, subscriptions, documents
/// that do not parse and refused introspection go through `hooked`.
#[derive(Clone)]
pub struct ServedSchema {
    hooked: Arc<dyn ServableSchema>,
    plain: Option<Arc<dyn ServableSchema>>,
    error_codes: ErrorCodes,
    introspection: bool,
}

impl ServedSchema {
    pub fn sdl(&self) -> String {
        self.hooked.sdl()
    }

    /// Whether queries run with no extension (see above); compiled plans stand in for that path.
    pub fn runs_queries_without_hooks(&self) -> bool {
        self.plain.is_some()
    }

    /// The schema without extensions, when `request` is a query it may run.
    fn plain_for(&self, request: &mut Request) -> Option<&Arc<dyn ServableSchema>> {
        let plain = self.plain.as_ref()?;
        let operation_name = request.operation_name.clone();
        let document = request.parsed_query().ok()?;
        let is_query = hub_common::compiled::operation(document, operation_name.as_deref())
            .is_some_and(|operation| operation.ty == OperationType::Query);
        let refused = !self.introspection && crate::introspection::document_asks_introspection(document);
        (is_query && !refused).then_some(plain)
    }
}

impl Executor for ServedSchema {
    async fn execute(&self, mut request: Request) -> Response {
        match self.plain_for(&mut request) {
            Some(plain) => {
                let mut response = plain.execute(request).await;
                self.error_codes.code_query_errors(&mut response.errors);
                response
            }
            None => self.hooked.execute(request).await,
        }
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        self.hooked.execute_stream(request, session_data.unwrap_or_default())
    }
}
