//! The probes an orchestrator reads: `/healthz` (the process answers) and `/readyz` (it can
//! serve: database reachable, migrations current, event bus connected where configured, not
//! draining; it also says whether the identity provider's keys are loaded).

use std::future::Future;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::AppState;

/// How long a probe or a scrape waits for the database before reporting it as unavailable.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// `Some(output)` if `work` finished within the probe timeout.
pub async fn answers_quickly<T>(work: impl Future<Output = T>) -> Option<T> {
    tokio::time::timeout(PROBE_TIMEOUT, work).await.ok()
}

pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers, no migration is pending and, if configured, Redis answers.
pub async fn readyz(State(state): State<AppState>) -> Response {
    if state.lifecycle.is_draining() {
        let body = json!({ "ready": false, "draining": true });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    }
    // While the database is gone a ping would wait for the pool's acquire timeout; a probe
    // must answer quickly.
    let db = state.db();
    let database = answers_quickly(db.ping()).await.is_some_and(|ping| ping.is_ok());
    let migrations = database
        && answers_quickly(crate::db::pending_migrations(db))
            .await
            .is_some_and(|pending| pending.is_ok_and(|n| n == 0));
    let bus = match (state.bus.configured, state.bus.is_connected()) {
        (false, _) => "not configured",
        (true, true) => "ok",
        (true, false) => "unreachable",
    };
    // Sign-in is reported, not required: while the provider is down anonymous readers are still
    // served, and taking every replica out of the load balancer would stop them too.
    let identity_provider = match state.auth.provider().map(|provider| provider.status()) {
        None => "not configured".to_owned(),
        Some(Ok(())) => "ok".to_owned(),
        Some(Err(why)) => format!("unreachable: {why}"),
    };
    let ready = database && migrations && bus != "unreachable";
    let body = json!({
        "ready": ready,
        "database": if database { "ok" } else { "unreachable" },
        "migrations": if migrations { "current" } else { "pending or unknown" },
        "eventBus": bus,
        "identityProvider": identity_provider,
    });
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body)).into_response()
}
