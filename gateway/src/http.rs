//! HTTP routes: GraphQL over POST, GraphiQL on GET, subscriptions over WebSocket, probes, and
//! the reports (`reports.rs`: the departments' dashboard and the participation CSV), and the
//! iCalendar feeds of facility bookings.

use std::sync::Arc;

use async_graphql::{BatchRequest, Data};
use async_graphql_axum::{GraphQLProtocol, GraphQLResponse, GraphQLWebSocket};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message};
use axum::extract::{DefaultBodyLimit, Path, Query, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use futures_util::SinkExt;
use hub_common::Principal;
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::auth::{AuthError, TokenVerifier, bearer_token};
use crate::events::BusStatus;
use crate::metrics::{Outcome, RequestMetrics, SqlMetrics};
use crate::schema::ServedSchema;
use crate::shutdown::Lifecycle;
use hub_common::events::EventFeed;

/// Largest request body accepted, in bytes. GraphQL documents are small; a body this large is
/// a mistake or an attack.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub schema: ServedSchema,
    pub verifier: Arc<dyn TokenVerifier>,
    pub db: DatabaseConnection,
    pub bus: Arc<BusStatus>,
    pub feed: EventFeed,
    pub sql_metrics: Arc<SqlMetrics>,
    pub participation: participation::Participation,
    /// Renders calendar feeds (the module knows no HTTP; the routes below serve its text).
    pub facilities: facilities::Facilities,
    pub requests: Arc<RequestMetrics>,
    pub lifecycle: Arc<Lifecycle>,
    /// The event tasks' pool; `/metrics` reads the outbox through it so scrapes are not counted
    /// as request statements.
    pub background_db: DatabaseConnection,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .route("/graphql/ws", get(graphql_ws))
        .route("/graphql/assets/{file}", get(graphiql_asset))
        .route("/dashboard", get(crate::reports::dashboard))
        .route("/reports/participation.csv", get(crate::reports::participation_csv))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::scrape::metrics))
        .route("/calendar/facilities/{file}", get(facility_calendar))
        .route("/calendar/organizations/{file}", get(organization_calendar))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// A GraphQL-shaped error response for failures before execution starts.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

pub(crate) fn auth_error_response(err: AuthError) -> Response {
    let mut response = error_response(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", &err.to_string());
    response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    response
}

pub(crate) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Principal>, AuthError> {
    let header = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(value) => Some(value.to_str().map_err(|_| AuthError::Invalid)?),
    };
    match bearer_token(header)? {
        None => Ok(None),
        Some(token) => state.verifier.verify(token).await.map(Some),
    }
}

async fn graphql(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let span = crate::telemetry::request_span(&headers);
    tracing::Instrument::instrument(answer_graphql(state, headers, body), span).await
}

async fn answer_graphql(state: AppState, headers: HeaderMap, body: Bytes) -> Response {
    let started = std::time::Instant::now();
    let principal = match authenticate(&state, &headers).await {
        Ok(principal) => principal,
        Err(err) => {
            state.requests.record(None, Outcome::Rejected, started.elapsed());
            return auth_error_response(err);
        }
    };
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(err) => {
            state.requests.record(None, Outcome::Rejected, started.elapsed());
            let message = format!("the request body is not a GraphQL request in JSON: {err}");
            return error_response(StatusCode::BAD_REQUEST, "BAD_REQUEST", &message);
        }
    };
    let operations: Vec<Option<String>> =
        batch.iter().map(|request| request.operation_name.clone()).collect();
    let batch = match principal {
        Some(principal) => batch.data(principal),
        None => batch,
    };
    let response = state.schema.execute_batch(batch).await;
    crate::scrape::record_batch(&state.requests, &operations, &response, started.elapsed());
    GraphQLResponse::from(response).into_response()
}

/// GraphiQL, served with its scripts from the hub itself (see `gateway/assets/graphiql`).
async fn graphiql() -> Html<&'static str> {
    Html(include_str!("../assets/graphiql/index.html"))
}

/// The files GraphiQL's page loads. They never change within a release, so browsers may keep them.
async fn graphiql_asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, content_type): (&'static [u8], &str) = match file.as_str() {
        "graphiql.min.js" => (include_bytes!("../assets/graphiql/graphiql.min.js"), "text/javascript"),
        "graphiql.min.css" => (include_bytes!("../assets/graphiql/graphiql.min.css"), "text/css"),
        "react.production.min.js" => {
            (include_bytes!("../assets/graphiql/react.production.min.js"), "text/javascript")
        }
        "react-dom.production.min.js" => {
            (include_bytes!("../assets/graphiql/react-dom.production.min.js"), "text/javascript")
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let headers = [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=86400")];
    (headers, body).into_response()
}

/// Subscriptions over `graphql-transport-ws` (and the older `graphql-ws`). The token comes in
/// the `connection_init` payload as `{"Authorization": "Bearer …"}`, since browsers cannot set
/// headers on a WebSocket.
async fn graphql_ws(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let schema = state.schema.clone();
    let lifecycle = state.lifecycle.clone();
    let upgrade = upgrade.read_buffer_size(WEBSOCKET_READ_BUFFER).write_buffer_size(WEBSOCKET_WRITE_BUFFER);
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| {
        crate::shutdown::serve_websocket(socket, lifecycle, move |outgoing, stream| async move {
            let sink = crate::shutdown::channel_sink(outgoing)
                .with(|message| std::future::ready(Ok::<_, axum::Error>(forbid_auth_failures(message))));
            GraphQLWebSocket::new_with_pair(Box::pin(sink), stream, schema, protocol)
                .on_connection_init(move |payload| connection_init(state, payload))
                .serve()
                .await
        })
    })
}

/// graphql-transport-ws says a refused `connection_init` closes with 4403 (Forbidden), which
/// tells clients not to retry with the same token; async-graphql closes every refusal with 1002.
/// Our refusals are exactly the token errors, so those frames get the protocol's code.
fn forbid_auth_failures(message: Message) -> Message {
    match message {
        Message::Close(Some(frame))
            if frame.code == 1002
                && AuthError::ALL.iter().any(|err| frame.reason == err.to_string().as_str()) =>
        {
            Message::Close(Some(CloseFrame { code: 4403, reason: frame.reason }))
        }
        other => other,
    }
}

/// Per-socket buffers. Tungstenite's defaults (128 KiB to read into) made an idle subscription
/// cost ≈140 KiB of resident memory, and tungstenite zero-fills up to the read buffer's size
/// each time the socket is polled for input, which is every time a subscription's task wakes to
/// send an event (memset was among the top symbols of the 10,000-subscriber fan-out). What
/// clients send here (`connection_init`, `subscribe`, `ping`, `complete`) is small, and a larger
/// frame still grows the buffer as needed. Every message is flushed as it is sent, so a small
/// write buffer costs nothing.
const WEBSOCKET_READ_BUFFER: usize = 1024;
const WEBSOCKET_WRITE_BUFFER: usize = 4 * 1024;

/// `graphql-transport-ws` (the `graphql-ws` library) and the legacy `subscriptions-transport-ws`.
const ALL_WEBSOCKET_PROTOCOLS: [&str; 2] = ["graphql-transport-ws", "graphql-ws"];

async fn connection_init(state: AppState, payload: serde_json::Value) -> async_graphql::Result<Data> {
    let header = payload
        .get("Authorization")
        .or_else(|| payload.get("authorization"))
        .and_then(|value| value.as_str());
    let mut data = Data::default();
    let principal = match bearer_token(header)? {
        None => None,
        Some(token) => Some(state.verifier.verify(token).await?),
    };
    if let Some(principal) = principal {
        data.insert(principal);
    }
    Ok(data)
}

/// The query of a calendar feed URL: `?token=<the organization's calendar secret>`.
#[derive(serde::Deserialize)]
struct FeedQuery {
    token: Option<String>,
}

/// `GET /calendar/facilities/{id}.ics?token=…`: the facility's bookings, for its host's secret.
async fn facility_calendar(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
) -> Response {
    let Some(id) = feed_id(&file) else { return feed_not_found() };
    let token = query.token.unwrap_or_default();
    feed_response(state.facilities.facility_feed(id, &token).await)
}

/// `GET /calendar/organizations/{id}.ics?token=…`: bookings the organization made or hosts.
async fn organization_calendar(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
) -> Response {
    let Some(id) = feed_id(&file) else { return feed_not_found() };
    let token = query.token.unwrap_or_default();
    feed_response(state.facilities.organization_feed(id, &token).await)
}

/// The id in a feed's file name (`<uuid>.ics`).
fn feed_id(file: &str) -> Option<uuid::Uuid> {
    file.strip_suffix(".ics").and_then(|id| uuid::Uuid::parse_str(id).ok())
}

/// One answer for an unknown id and a wrong or missing secret, so a guesser learns nothing.
fn feed_not_found() -> Response {
    (StatusCode::NOT_FOUND, "no calendar at this address; check the link or ask for a new one")
        .into_response()
}

fn feed_response(feed: hub_common::HubResult<Option<String>>) -> Response {
    match feed {
        Ok(Some(text)) => {
            let headers = [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                // The URL holds a secret; keep shared caches from storing the answer.
                (header::CACHE_CONTROL, "private, max-age=300"),
            ];
            (headers, text).into_response()
        }
        Ok(None) => feed_not_found(),
        Err(err) => {
            // The cause goes to the log; the calendar program only learns it was not its fault.
            tracing::error!(error = ?err, "rendering a calendar feed failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// Ready when the database answers, no migration is pending and, if configured, Redis answers.
async fn readyz(State(state): State<AppState>) -> Response {
    if state.lifecycle.is_draining() {
        let body = json!({ "ready": false, "draining": true });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    }
    // While the database is gone a ping would wait for the pool's acquire timeout; a probe
    // must answer quickly.
    let database = crate::scrape::answers_quickly(state.db.ping()).await.is_some_and(|ping| ping.is_ok());
    let migrations = database
        && crate::scrape::answers_quickly(crate::db::pending_migrations(&state.db))
            .await
            .is_some_and(|pending| pending.is_ok_and(|n| n == 0));
    let bus = match (state.bus.configured, state.bus.is_connected()) {
        (false, _) => "not configured",
        (true, true) => "ok",
        (true, false) => "unreachable",
    };
    let ready = database && migrations && bus != "unreachable";
    let body = json!({
        "ready": ready,
        "database": if database { "ok" } else { "unreachable" },
        "migrations": if migrations { "current" } else { "pending or unknown" },
        "eventBus": bus,
    });
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body)).into_response()
}
