//! Process metrics in the Prometheus text format, served at `/metrics`.
//!
//! Hand-rolled: a handful of counters, gauges and one histogram do not need a metrics crate.
//! Labels stay bounded: operation names are chosen by clients, so only the first
//! `MAX_OPERATIONS` distinct well-formed names get a series of their own and every other name
//! is counted as `other`.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hub_common::ErrorCode;
use hub_common::read_pool::PoolUsage;

/// Counts SQL statements issued by request handling (the background event tasks use a pool of
/// their own and are not counted), so load tests can report statements per request.
#[derive(Debug, Default)]
pub struct SqlMetrics {
    statements: AtomicU64,
    failures: AtomicU64,
}

impl SqlMetrics {
    pub fn record(&self, failed: bool) {
        self.statements.fetch_add(1, Ordering::Relaxed);
        if failed {
            self.failures.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }
}

/// Distinct operation names that get series of their own.
pub const MAX_OPERATIONS: usize = 100;
/// Longest operation name kept as a label; longer ones are `other`.
const MAX_OPERATION_NAME: usize = 64;
/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// How a GraphQL request ended, as `/metrics` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No errors.
    Ok,
    /// Errors the client caused or may see (validation, FORBIDDEN, NOT_FOUND, …).
    Error,
    /// At least one INTERNAL or SERVICE_UNAVAILABLE error: the hub's fault.
    Internal,
    /// Refused before execution (a bad token, a body that is not a GraphQL request).
    Rejected,
}

impl Outcome {
    const ALL: [Outcome; 4] = [Outcome::Ok, Outcome::Error, Outcome::Internal, Outcome::Rejected];

    fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Error => "error",
            Self::Internal => "internal",
            Self::Rejected => "rejected",
        }
    }

    /// Classifies a response by its errors' `extensions.code`.
    pub fn of(response: &async_graphql::Response) -> Self {
        let internal = response.errors.iter().any(|error| {
            matches!(ErrorCode::of(error), Some(ErrorCode::Internal | ErrorCode::ServiceUnavailable))
        });
        match (response.errors.is_empty(), internal) {
            (true, _) => Self::Ok,
            (false, true) => Self::Internal,
            (false, false) => Self::Error,
        }
    }
}

#[derive(Debug, Default, Clone)]
struct OperationStats {
    outcomes: [u64; 4],
    /// Cumulative per bucket, as Prometheus wants them.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// GraphQL requests by operation name and outcome, with their latency.
#[derive(Debug, Default)]
pub struct RequestMetrics {
    operations: Mutex<HashMap<String, OperationStats>>,
}

impl RequestMetrics {
    /// Records one GraphQL operation. `name` is the client's `operationName`, if any.
    pub fn record(&self, name: Option<&str>, outcome: Outcome, elapsed: Duration) {
        let Ok(mut operations) = self.operations.lock() else { return };
        let label = operation_label(name);
        let known = operations.contains_key(label) || operations.len() < MAX_OPERATIONS;
        let stats = operations.entry(if known { label } else { "other" }.to_owned()).or_default();
        let index = Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0);
        stats.outcomes[index] += 1;
        let seconds = elapsed.as_secs_f64();
        for (bucket, bound) in stats.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        stats.count += 1;
        stats.sum_seconds += seconds;
    }

    fn snapshot(&self) -> Vec<(String, OperationStats)> {
        let mut rows: Vec<_> = match self.operations.lock() {
            Ok(operations) => operations.iter().map(|(name, stats)| (name.clone(), stats.clone())).collect(),
            Err(_) => Vec::new(),
        };
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    }
}

/// A GraphQL name (`[_A-Za-z][_0-9A-Za-z]*`) of reasonable length keeps its own label; anything
/// else a client may put in `operationName` is `other`.
fn operation_label(name: Option<&str>) -> &str {
    let Some(name) = name else { return "anonymous" };
    let well_formed = !name.is_empty()
        && name.len() <= MAX_OPERATION_NAME
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
    if well_formed && name != "anonymous" { name } else { "other" }
}

/// Unsent outbox rows, read at scrape time.
#[derive(Debug, Clone, Copy)]
pub struct OutboxBacklog {
    pub unsent: u64,
    pub oldest_age_seconds: f64,
}

/// What `/metrics` reports.
pub struct Snapshot<'a> {
    pub sql: &'a Arc<SqlMetrics>,
    pub requests: &'a RequestMetrics,
    pub subscribers: usize,
    pub websocket_connections: usize,
    pub bus_configured: bool,
    pub bus_connected: bool,
    pub request_pool: PoolUsage,
    pub background_pool: PoolUsage,
    /// The hot reads' own connections; `None` where they read through `request_pool` (SQLite).
    pub read_pool: Option<PoolUsage>,
    /// `None` when the database did not answer in time.
    pub outbox: Option<OutboxBacklog>,
    pub draining: bool,
    pub persisted_queries: crate::apq::Usage,
    /// `None` when compiled plans are off.
    pub compiled: Option<crate::compiled::Usage>,
}

pub fn render(snapshot: &Snapshot<'_>) -> String {
    let mut out = String::new();
    metric(
        &mut out,
        "hub_sql_statements_total",
        "counter",
        "SQL statements issued while handling requests.",
        snapshot.sql.statements(),
    );
    metric(
        &mut out,
        "hub_sql_statement_failures_total",
        "counter",
        "SQL statements that returned an error.",
        snapshot.sql.failures.load(Ordering::Relaxed),
    );
    metric(
        &mut out,
        "hub_event_subscribers",
        "gauge",
        "Live GraphQL subscriptions (over WebSocket) in this process.",
        snapshot.subscribers as u64,
    );
    metric(
        &mut out,
        "hub_websocket_connections",
        "gauge",
        "Open GraphQL WebSocket connections.",
        snapshot.websocket_connections as u64,
    );
    metric(
        &mut out,
        "hub_event_bus_configured",
        "gauge",
        "1 when a Redis event bus is configured, 0 when events stay in this process.",
        u64::from(snapshot.bus_configured),
    );
    if snapshot.bus_configured {
        metric(
            &mut out,
            "hub_event_bus_connected",
            "gauge",
            "1 while the Redis event subscription is connected.",
            u64::from(snapshot.bus_connected),
        );
    }
    metric(
        &mut out,
        "hub_draining",
        "gauge",
        "1 once shutdown has begun: readiness is false and the hub is finishing its work.",
        u64::from(snapshot.draining),
    );
    metric(
        &mut out,
        "hub_persisted_queries",
        "gauge",
        "Documents in the automatic persisted query store.",
        snapshot.persisted_queries.documents as u64,
    );
    metric(
        &mut out,
        "hub_persisted_query_bytes",
        "gauge",
        "Estimated heap bytes of the persisted query store's parsed documents (bounded by limits.persisted_queries_bytes).",
        snapshot.persisted_queries.bytes as u64,
    );
    if let Some(compiled) = snapshot.compiled {
        metric(
            &mut out,
            "hub_compiled_query_answers_total",
            "counter",
            "Queries answered by a compiled plan instead of the engine.",
            compiled.answered,
        );
        metric(
            &mut out,
            "hub_compiled_query_fallbacks_total",
            "counter",
            "Queries a compiled plan left to the engine (an argument or a service refused).",
            compiled.fell_back,
        );
    }
    render_pools(&mut out, snapshot);
    if let Some(outbox) = snapshot.outbox {
        metric(
            &mut out,
            "hub_outbox_unsent_events",
            "gauge",
            "Events committed to the outbox and not yet sent to the bus.",
            outbox.unsent,
        );
        header(
            &mut out,
            "hub_outbox_oldest_unsent_age_seconds",
            "gauge",
            "Age of the oldest unsent outbox event; 0 when none waits.",
        );
        let _ = writeln!(out, "hub_outbox_oldest_unsent_age_seconds {:.3}", outbox.oldest_age_seconds);
    }
    render_requests(&mut out, snapshot.requests);
    out
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn metric(out: &mut String, name: &str, kind: &str, help: &str, value: u64) {
    header(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

fn render_pools(out: &mut String, snapshot: &Snapshot<'_>) {
    let pools = [
        ("requests", Some(snapshot.request_pool)),
        ("background", Some(snapshot.background_pool)),
        ("reads", snapshot.read_pool),
    ];
    let pools = pools.into_iter().filter_map(|(pool, usage)| Some((pool, usage?)));
    let _ = writeln!(
        out,
        "# HELP hub_db_pool_connections Database connections by pool and state.\n\
         # TYPE hub_db_pool_connections gauge"
    );
    for (pool, usage) in pools.clone() {
        let in_use = usage.open.saturating_sub(usage.idle);
        let _ = writeln!(out, "hub_db_pool_connections{{pool=\"{pool}\",state=\"in_use\"}} {in_use}");
        let _ = writeln!(out, "hub_db_pool_connections{{pool=\"{pool}\",state=\"idle\"}} {}", usage.idle);
    }
    let _ = writeln!(
        out,
        "# HELP hub_db_pool_max_connections Size limit of each database pool.\n\
         # TYPE hub_db_pool_max_connections gauge"
    );
    for (pool, usage) in pools {
        let _ = writeln!(out, "hub_db_pool_max_connections{{pool=\"{pool}\"}} {}", usage.max);
    }
}

fn render_requests(out: &mut String, requests: &RequestMetrics) {
    let rows = requests.snapshot();
    let _ = writeln!(
        out,
        "# HELP hub_graphql_requests_total GraphQL operations by operation name and outcome.\n\
         # TYPE hub_graphql_requests_total counter"
    );
    for (name, stats) in &rows {
        for (outcome, count) in Outcome::ALL.iter().zip(stats.outcomes) {
            if count > 0 {
                let outcome = outcome.label();
                let _ = writeln!(
                    out,
                    "hub_graphql_requests_total{{operation=\"{name}\",outcome=\"{outcome}\"}} {count}"
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "# HELP hub_graphql_request_duration_seconds Time to answer a GraphQL request, by operation.\n\
         # TYPE hub_graphql_request_duration_seconds histogram"
    );
    for (name, stats) in &rows {
        for (bound, count) in BUCKETS.iter().zip(stats.buckets) {
            let _ = writeln!(
                out,
                "hub_graphql_request_duration_seconds_bucket{{operation=\"{name}\",le=\"{bound}\"}} {count}"
            );
        }
        let count = stats.count;
        let _ = writeln!(
            out,
            "hub_graphql_request_duration_seconds_bucket{{operation=\"{name}\",le=\"+Inf\"}} {count}\n\
             hub_graphql_request_duration_seconds_sum{{operation=\"{name}\"}} {:.6}\n\
             hub_graphql_request_duration_seconds_count{{operation=\"{name}\"}} {count}",
            stats.sum_seconds
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_chosen_operation_names_cannot_grow_the_series_without_bound() {
        let metrics = RequestMetrics::default();
        for i in 0..MAX_OPERATIONS + 50 {
            metrics.record(Some(&format!("Op{i}")), Outcome::Ok, Duration::from_millis(1));
        }
        metrics.record(Some("not a name {"), Outcome::Error, Duration::from_millis(1));
        let rows = metrics.snapshot();
        assert_eq!(rows.len(), MAX_OPERATIONS + 1, "the first names and `other`");
        let other = rows.iter().find(|(name, _)| name == "other").map(|(_, stats)| stats.count);
        assert_eq!(other, Some(51));
    }

    #[test]
    fn latency_buckets_are_cumulative() {
        let metrics = RequestMetrics::default();
        metrics.record(Some("Q"), Outcome::Ok, Duration::from_millis(30));
        metrics.record(Some("Q"), Outcome::Internal, Duration::from_secs(3));
        let text = render_for_test(&metrics);
        assert!(text.contains("hub_graphql_request_duration_seconds_bucket{operation=\"Q\",le=\"0.025\"} 0"));
        assert!(text.contains("hub_graphql_request_duration_seconds_bucket{operation=\"Q\",le=\"0.05\"} 1"));
        assert!(text.contains("hub_graphql_request_duration_seconds_bucket{operation=\"Q\",le=\"5\"} 2"));
        assert!(text.contains("hub_graphql_requests_total{operation=\"Q\",outcome=\"internal\"} 1"));
    }

    fn render_for_test(requests: &RequestMetrics) -> String {
        let pool = PoolUsage { open: 0, idle: 0, max: 1 };
        render(&Snapshot {
            sql: &Arc::new(SqlMetrics::default()),
            requests,
            subscribers: 0,
            websocket_connections: 0,
            bus_configured: false,
            bus_connected: false,
            request_pool: pool,
            background_pool: pool,
            read_pool: None,
            outbox: None,
            draining: false,
            persisted_queries: crate::apq::Usage { documents: 0, bytes: 0 },
            compiled: None,
        })
    }
}
