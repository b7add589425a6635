//! HTTP routes: GraphQL over POST, GraphiQL on GET, subscriptions over WebSocket, probes, and
//! the reports (`reports.rs`: the departments' dashboard and the participation CSV), and the
//! iCalendar feeds of facility bookings.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_graphql::{BatchRequest, BatchResponse, Data};
use async_graphql_axum::{GraphQLProtocol, GraphQLResponse, GraphQLWebSocket};
use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use futures_util::SinkExt;
use hub_common::Principal;
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::apq::PersistedQueries;
use crate::auth::{AuthError, TokenVerifier, bearer_token};
use crate::body::{BodyError, read_limited};
use crate::config::Limits;
use crate::events::BusStatus;
use crate::metrics::{Outcome, RequestMetrics, SqlMetrics};
use crate::rate_limit::{Caller, RateLimiter};
use crate::schema::ServedSchema;
use crate::shutdown::Lifecycle;
use crate::ws_session::WsSession;
use hub_common::events::EventFeed;

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
    pub limits: Arc<Limits>,
    pub rate_limiter: Arc<RateLimiter>,
    pub persisted_queries: Arc<PersistedQueries>,
}

pub fn router(state: AppState) -> Router {
    let max_body_bytes = state.limits.max_body_bytes;
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
        .layer(DefaultBodyLimit::max(max_body_bytes))
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
        Some(token) => state.verifier.verify(token).await.map(|verified| Some(verified.principal)),
    }
}

async fn graphql(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let span = crate::telemetry::request_span(&headers);
    tracing::Instrument::instrument(answer_graphql(state, peer, headers, body), span).await
}

async fn answer_graphql(state: AppState, peer: SocketAddr, headers: HeaderMap, body: Body) -> Response {
    let started = std::time::Instant::now();
    match admit(&state, peer, &headers, body).await {
        Ok((batch, operations)) => {
            let response = execute(&state, batch).await;
            crate::scrape::record_batch(&state.requests, &operations, &response, started.elapsed());
            GraphQLResponse::from(response).into_response()
        }
        Err(refused) => {
            state.requests.record(None, Outcome::Rejected, started.elapsed());
            refused
        }
    }
}

/// The checks a request passes before it runs, cheapest first: its content type, the caller's
/// token and rate, the body's size, and the shape of the batch. Returns the batch with the caller
/// attached and the operation names (for the metrics).
async fn admit(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<(BatchRequest, Vec<Option<String>>), Response> {
    if !is_json(headers) {
        let message = "send GraphQL requests as JSON with `Content-Type: application/json`";
        return Err(error_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", message));
    }
    let principal = authenticate(state, headers).await.map_err(auth_error_response)?;
    let caller = match &principal {
        Some(principal) => Caller::Token(principal.subject.clone()),
        None => Caller::Address(client_address(peer, headers, state.limits.trust_forwarded_for)),
    };
    if let Err(retry) = state.rate_limiter.check(caller) {
        let mut response = error_response(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", &retry.message());
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(retry.seconds()));
        return Err(response);
    }
    let body = read_limited(body, state.limits.max_body_bytes).await.map_err(|err| match err {
        BodyError::TooLarge => {
            let message = format!("the request body is larger than {} bytes", state.limits.max_body_bytes);
            error_response(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", &message)
        }
        BodyError::Unreadable(cause) => {
            let message = format!("the request body could not be read: {cause}");
            error_response(StatusCode::BAD_REQUEST, "BAD_REQUEST", &message)
        }
    })?;
    let batch: BatchRequest = serde_json::from_slice(&body).map_err(|err| {
        let message = format!("the request body is not a GraphQL request in JSON: {err}");
        error_response(StatusCode::BAD_REQUEST, "BAD_REQUEST", &message)
    })?;
    if let BatchRequest::Batch(requests) = &batch
        && requests.len() > state.limits.max_batch
    {
        let message = format!(
            "a batch may hold at most {} operations; this one holds {}",
            state.limits.max_batch,
            requests.len()
        );
        return Err(error_response(StatusCode::BAD_REQUEST, "BATCH_TOO_LARGE", &message));
    }
    let operations = batch.iter().map(|request| request.operation_name.clone()).collect();
    let batch = match principal {
        Some(principal) => batch.data(principal),
        None => batch,
    };
    Ok((batch, operations))
}

/// Runs each operation of the batch in order (as async-graphql does), after resolving its
/// persisted-query hash; an unknown hash fails that operation alone.
async fn execute(state: &AppState, batch: BatchRequest) -> BatchResponse {
    let run = |mut request: async_graphql::Request| async move {
        match state.persisted_queries.resolve(&mut request) {
            Ok(()) => async_graphql::Executor::execute(&state.schema, request).await,
            Err(refusal) => async_graphql::Response::from_errors(vec![refusal]),
        }
    };
    match batch {
        BatchRequest::Single(request) => BatchResponse::Single(run(request).await),
        BatchRequest::Batch(requests) => {
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                responses.push(run(request).await);
            }
            BatchResponse::Batch(responses)
        }
    }
}

/// JSON bodies only: a form or plain-text POST is what a cross-site page can send without a
/// CORS preflight, so refusing them keeps other sites from using a visitor's session.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let media_type = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    media_type == "application/json" || media_type == "application/graphql-response+json"
}

/// The caller's address: the peer's, or behind a trusted proxy the last `X-Forwarded-For`
/// entry (the one the proxy appended; earlier entries are whatever the client claimed).
fn client_address(peer: SocketAddr, headers: &HeaderMap, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok())
        .flatten();
    forwarded.unwrap_or(peer.ip())
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
/// headers on a WebSocket. `ws_session` adds the connection's limits and close codes.
async fn graphql_ws(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let schema = state.schema.clone();
    let lifecycle = state.lifecycle.clone();
    let address = client_address(peer, &headers, state.limits.trust_forwarded_for);
    let session =
        WsSession::new(state.limits.max_subscriptions_per_connection, state.rate_limiter.clone(), address);
    let init_timeout = Duration::from_secs(state.limits.connection_init_timeout_seconds);
    let upgrade = upgrade.read_buffer_size(WEBSOCKET_READ_BUFFER).write_buffer_size(WEBSOCKET_WRITE_BUFFER);
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| {
        let deadline = session.clone().deadline(init_timeout);
        crate::shutdown::serve_websocket(socket, lifecycle, deadline, move |outgoing, incoming| async move {
            let incoming = session.clone().admit_incoming(incoming, outgoing.clone());
            let observer = session.clone();
            let sink = crate::shutdown::channel_sink(outgoing).with(move |message| {
                std::future::ready(Ok::<_, axum::Error>(observer.observe_outgoing(message)))
            });
            GraphQLWebSocket::new_with_pair(Box::pin(sink), Box::pin(incoming), schema, protocol)
                .on_connection_init(move |payload| connection_init(state, session, payload))
                .serve()
                .await
        })
    })
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

async fn connection_init(
    state: AppState,
    session: Arc<WsSession>,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let header = payload
        .get("Authorization")
        .or_else(|| payload.get("authorization"))
        .and_then(|value| value.as_str());
    let mut data = Data::default();
    if let Some(token) = bearer_token(header)? {
        let verified = state.verifier.verify(token).await?;
        session.authenticated(&verified.principal.subject, verified.expires_at);
        data.insert(verified.principal);
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
