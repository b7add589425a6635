//! Logs and traces of one `hub` process.
//!
//! Two layers over one `tracing` registry, each with a filter of its own:
//!
//! - **logs** to stderr, JSON lines in the production profile, text in development, filtered
//!   by `RUST_LOG` (default `info`, with the per-resolver and per-statement spans switched off);
//! - **traces** over OTLP/gRPC, only when `otlp_endpoint` is configured: a span per request
//!   (`POST /graphql`, parented on the caller's `traceparent`), per resolver (async-graphql's
//!   `Tracing` extension) and per SQL statement (sea-orm's `tracing-spans` feature).
//!
//! Because each layer filters for itself, a span no layer wants is never built: without a
//! collector, resolver and statement spans cost one cached callsite check each, and
//! async-graphql's `Tracing` extension is not even installed (`traces_exported`).

use std::sync::OnceLock;

use anyhow::Context;
use axum::http::HeaderMap;
use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanData, SpanExporter};
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::{Profile, Settings};

/// Targets whose spans are per resolver or per statement: worth exporting, too many to log.
const LOG_FILTER: &str = "info,async_graphql=warn,sea_orm=warn,sqlx=warn,hub::request=warn";
/// What goes to the collector: the request span, the resolver spans, the statement spans, and
/// the process's own events at `info` (they become span events where a span is open).
const TRACE_FILTER: &str = "info,async_graphql=info,sea_orm=info,sqlx=warn,hub::request=info";
/// The target of the per-request span (see `request_span`).
pub const REQUEST_TARGET: &str = "hub::request";

static TRACES_EXPORTED: OnceLock<bool> = OnceLock::new();

/// Whether this process exports traces. The schema installs the per-resolver `Tracing`
/// extension only then: with nobody to receive them, its per-field work (and the printing of
/// every query into the `parse` span) is wasted.
pub fn traces_exported() -> bool {
    TRACES_EXPORTED.get().copied().unwrap_or(false)
}

/// Keeps the trace pipeline alive; `shutdown` flushes it.
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Installs the process-wide subscriber. Call once, at start-up, inside the runtime (the
    /// gRPC exporter needs it).
    pub fn init(settings: &Settings) -> anyhow::Result<Self> {
        let log_filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(LOG_FILTER));
        let logs = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
        let logs = match settings.profile {
            Profile::Production => logs.json().with_current_span(false).with_span_list(false).boxed(),
            Profile::Development => logs.boxed(),
        };
        let (traces, provider) = match &settings.otlp_endpoint {
            None => (None, None),
            Some(endpoint) => {
                let provider = tracer_provider(endpoint)?;
                let layer = tracing_opentelemetry::layer()
                    .with_tracer(provider.tracer("hub"))
                    .with_filter(EnvFilter::new(TRACE_FILTER));
                (Some(layer), Some(provider))
            }
        };
        let _ = TRACES_EXPORTED.set(provider.is_some());
        let registry = tracing_subscriber::registry().with(logs.with_filter(log_filter));
        // Not `.with(traces)` with `traces` an `Option`: an absent layer is interested in every
        // callsite (tracing-subscriber's `Option<Layer>`), so the registry would build every
        // request and statement span that no layer records (a sixth of the hub's CPU per request
        // of query (a): tests/bench/README.md, ninth).
        match traces {
            Some(traces) => registry.with(traces).try_init(),
            None => registry.try_init(),
        }
        .context("installing the log and trace subscriber")?;
        Ok(Self { provider })
    }

    /// Sends the spans still buffered; called last on shutdown.
    pub fn shutdown(self) {
        if let Some(provider) = self.provider
            && let Err(err) = provider.shutdown()
        {
            tracing::warn!(error = %err, "could not flush the last traces");
        }
    }
}

fn tracer_provider(endpoint: &str) -> anyhow::Result<SdkTracerProvider> {
    use opentelemetry_otlp::WithExportConfig;
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .build()
        .context("building the OTLP exporter")?;
    let exporter = OnRuntime { inner: exporter, runtime: tokio::runtime::Handle::current() };
    let resource = opentelemetry_sdk::Resource::builder().with_service_name("hub").build();
    Ok(SdkTracerProvider::builder().with_batch_exporter(exporter).with_resource(resource).build())
}

/// The SDK's batch processor exports from a thread of its own, where the gRPC client finds no
/// Tokio reactor and panics; this runs each export on the hub's runtime instead.
#[derive(Debug)]
struct OnRuntime<E> {
    inner: E,
    runtime: tokio::runtime::Handle,
}

impl<E: SpanExporter> SpanExporter for OnRuntime<E> {
    fn export(&self, batch: Vec<SpanData>) -> impl std::future::Future<Output = OTelSdkResult> + Send {
        // Called on the batch processor's own thread, outside the runtime, where blocking on
        // the runtime is allowed.
        std::future::ready(self.runtime.block_on(self.inner.export(batch)))
    }

    fn shutdown_with_timeout(&self, timeout: std::time::Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &opentelemetry_sdk::Resource) {
        self.inner.set_resource(resource);
    }
}

/// The span of one GraphQL request over HTTP, continuing the caller's trace when the request
/// carries a W3C `traceparent`. The hub calls no subgraph itself, so there is nothing to inject
/// into; a federation router in front forwards `traceparent` to each subgraph, which is how a
/// routed request becomes one trace.
pub fn request_span(headers: &HeaderMap) -> tracing::Span {
    let span = tracing::info_span!(
        target: REQUEST_TARGET,
        "POST /graphql",
        otel.kind = "server",
        http.request.method = "POST",
        http.route = "/graphql",
        graphql.operation.name = tracing::field::Empty,
    );
    if traces_exported() {
        let parent = TraceContextPropagator::new().extract(&HeaderExtractor(headers));
        // Fails only when the span is disabled, in which case there is nothing to parent.
        let _ = span.set_parent(parent);
    }
    span
}

struct HeaderExtractor<'a>(&'a HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|name| name.as_str()).collect()
    }
}
