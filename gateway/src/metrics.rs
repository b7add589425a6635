//! Process metrics in the Prometheus text format, served at `/metrics`.

use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// What `/metrics` reports.
pub struct Snapshot<'a> {
    pub sql: &'a Arc<SqlMetrics>,
    pub subscribers: usize,
    pub bus_configured: bool,
    pub bus_connected: bool,
}

pub fn render(snapshot: &Snapshot<'_>) -> String {
    let mut out = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, value: u64| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
    };
    metric(
        "hub_sql_statements_total",
        "counter",
        "SQL statements issued while handling requests.",
        snapshot.sql.statements(),
    );
    metric(
        "hub_sql_statement_failures_total",
        "counter",
        "SQL statements that returned an error.",
        snapshot.sql.failures.load(Ordering::Relaxed),
    );
    metric(
        "hub_event_subscribers",
        "gauge",
        "Live event subscriptions in this process.",
        snapshot.subscribers as u64,
    );
    if snapshot.bus_configured {
        metric(
            "hub_event_bus_connected",
            "gauge",
            "1 while the Redis event subscription is connected.",
            u64::from(snapshot.bus_connected),
        );
    }
    out
}
