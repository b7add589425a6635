//! The HTTP surface: one file per concern, mounted by [`router`]. Handlers share [`AppState`];
//! who is calling comes from `extract`, and refusals are `api_error::ApiError`.

pub mod calendar;
pub mod graphql;
pub mod metrics;
pub mod probes;
pub mod reports;
pub mod timeout;
pub mod websocket;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::get;

use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    let max_body_bytes = state.limits.max_body_bytes;
    Router::new()
        .route("/graphql", get(graphql::graphiql).post(graphql::graphql))
        .route("/graphql/ws", get(websocket::graphql_ws))
        .route("/graphql/assets/{file}", get(graphql::graphiql_asset))
        .route("/dashboard", get(reports::dashboard))
        .route("/reports/participation.csv", get(reports::participation_csv))
        .route("/healthz", get(probes::healthz))
        .route("/readyz", get(probes::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/calendar/facilities/{file}", get(calendar::facility))
        .route("/calendar/organizations/{file}", get(calendar::organization))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), timeout::whole_request))
        .with_state(state)
}
