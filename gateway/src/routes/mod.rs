//! The HTTP surface: one file per concern, mounted by [`router`]. Handlers share [`AppState`];
//! who is calling comes from `extract`, and refusals are `api_error::ApiError`.

pub mod auth;
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
use axum::routing::{get, post};

use axum::http::header::{REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::assets;
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    let max_body_bytes = state.limits.max_body_bytes;
    let [(_, nosniff), (_, referrer_policy)] = assets::common_headers();
    let public_pages = if state.serves_public_pages {
        crate::public::router().layer(CompressionLayer::new())
    } else {
        Router::new()
    };
    Router::new()
        .merge(public_pages)
        .route("/graphql", get(graphql::graphiql).layer(CompressionLayer::new()).post(graphql::graphql))
        .route("/graphql/ws", get(websocket::graphql_ws))
        .route("/assets/{version}/{file}", get(assets::asset).layer(CompressionLayer::new()))
        .route("/dashboard", get(reports::dashboard).layer(CompressionLayer::new()))
        .route("/reports/participation.csv", get(reports::participation_csv))
        .route("/auth/login", get(auth::login))
        .route("/auth/callback", get(auth::callback))
        .route("/auth/development", post(auth::development_sign_in))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/session", get(auth::session))
        .route("/healthz", get(probes::healthz))
        .route("/readyz", get(probes::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/calendar/facilities/{file}", get(calendar::facility))
        .route("/calendar/organizations/{file}", get(calendar::organization))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), timeout::whole_request))
        .layer(SetResponseHeaderLayer::if_not_present(X_CONTENT_TYPE_OPTIONS, nosniff))
        .layer(SetResponseHeaderLayer::if_not_present(REFERRER_POLICY, referrer_policy))
        .with_state(state)
}
