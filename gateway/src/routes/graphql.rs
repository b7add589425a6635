//! GraphQL over POST (single operations and batches, with automatic persisted queries), and
//! GraphiQL on GET with its scripts served by the hub itself (see `crate::assets`).

use std::net::SocketAddr;

use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_axum::GraphQLResponse;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use hub_common::ErrorCode;

use crate::api_error::ApiError;
use crate::body::{BodyError, read_limited};
use crate::extract::{authenticate, client_address};
use crate::metrics::Outcome;
use crate::rate_limit::{Caller, RetryAfter};
use crate::routes::metrics::record_batch;
use crate::state::AppState;

pub async fn graphql(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let span = crate::telemetry::request_span(&headers);
    tracing::Instrument::instrument(answer(state, peer, headers, body), span).await
}

async fn answer(state: AppState, peer: SocketAddr, headers: HeaderMap, body: Body) -> Response {
    let started = std::time::Instant::now();
    match admit(&state, peer, &headers, body).await {
        Ok((batch, operations)) => {
            let response = execute(&state, batch).await;
            record_batch(&state.requests, &operations, &response, started.elapsed());
            GraphQLResponse::from(response).into_response()
        }
        Err(refused) => {
            state.requests.record(None, Outcome::Rejected, started.elapsed());
            refused.into_response()
        }
    }
}

/// The checks a request passes before it runs, cheapest first: its content type, the address's
/// rate, the caller's token and its rate, the body's size, and the shape of the batch. Returns the batch with the caller
/// attached and the operation names (for the metrics).
async fn admit(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<(BatchRequest, Vec<Option<String>>), ApiError> {
    if !is_json(headers) {
        let message = "send GraphQL requests as JSON with `Content-Type: application/json`";
        return Err(ApiError::new(ErrorCode::UnsupportedMediaType, message));
    }
    // An address over its limit is refused before its token is verified; a token that fails
    // verification spends its address's budget (see `rate_limit`).
    let address = client_address(peer, headers, state.limits.trust_forwarded_for);
    if headers.contains_key(header::AUTHORIZATION) {
        state.rate_limiter.address_refused(address).map_err(refusal)?;
    }
    let principal = match authenticate(state, headers).await {
        Ok(principal) => principal,
        // Mostly an invalid token; a directory read failing while looking up an officer's
        // remits is charged the same, which is harmless and keeps this one branch.
        Err(refused) => {
            rate_limited(state, Caller::Address(address))?;
            return Err(refused);
        }
    };
    match &principal {
        Some(principal) => rate_limited(state, Caller::Token(principal.subject.clone()))?,
        None => rate_limited(state, Caller::Address(address))?,
    }
    let within = std::time::Duration::from_secs(state.limits.body_read_timeout_seconds);
    let body = read_limited(body, state.limits.max_body_bytes, within).await.map_err(|err| match err {
        BodyError::TooLarge => {
            let message = format!("the request body is larger than {} bytes", state.limits.max_body_bytes);
            ApiError::new(ErrorCode::PayloadTooLarge, message)
        }
        BodyError::TimedOut => {
            let message = format!(
                "the request body did not arrive within {} s",
                state.limits.body_read_timeout_seconds
            );
            ApiError::new(ErrorCode::RequestTimeout, message)
        }
        BodyError::Unreadable(cause) => {
            ApiError::new(ErrorCode::BadRequest, format!("the request body could not be read: {cause}"))
        }
    })?;
    let batch: BatchRequest = serde_json::from_slice(&body).map_err(|err| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("the request body is not a GraphQL request in JSON: {err}"),
        )
    })?;
    if let BatchRequest::Batch(requests) = &batch
        && requests.len() > state.limits.max_batch
    {
        let message = format!(
            "a batch may hold at most {} operations; this one holds {}",
            state.limits.max_batch,
            requests.len()
        );
        return Err(ApiError::new(ErrorCode::BatchTooLarge, message));
    }
    let operations = batch.iter().map(|request| request.operation_name.clone()).collect();
    let batch = match principal {
        Some(principal) => batch.data(principal),
        None => batch,
    };
    Ok((batch, operations))
}

fn rate_limited(state: &AppState, caller: Caller) -> Result<(), ApiError> {
    state.rate_limiter.check(caller).map_err(refusal)
}

fn refusal(retry: RetryAfter) -> ApiError {
    ApiError::new(ErrorCode::RateLimited, retry.message()).retry_after(retry.seconds())
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

/// GraphiQL's page (its scripts are the hub's own files; see `assets`).
pub async fn graphiql() -> Response {
    crate::assets::graphiql_page()
}
