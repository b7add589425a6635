//! GraphQL over POST (single operations and batches, with automatic persisted queries), and
//! GraphiQL on GET with its scripts served by the hub itself (see `crate::assets`).

use std::net::SocketAddr;

use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_axum::GraphQLResponse;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use hub_common::compiled::operation;
use hub_common::messages::{Language, localize_errors};
use hub_common::{ErrorCode, Principal, msg};

use crate::api_error::ApiError;
use crate::apq::Known;
use crate::body::{BodyError, read_limited};
use crate::extract::{CookieUse, authenticate, client_address, session_cookie};
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
    let language = crate::extract::language(&headers);
    let (batch, operations, principal) = match admit(&state, peer, &headers, body).await {
        Ok(admitted) => admitted,
        Err(refused) => {
            state.requests.record(None, Outcome::Rejected, started.elapsed());
            return refused.in_language(language).into_response();
        }
    };
    let mut response = match batch.data(language) {
        BatchRequest::Single(request) => match run(&state, request, principal).await {
            Answer::Compiled(body) => {
                let name = operations.first().and_then(Option::as_deref);
                state.requests.record(name, Outcome::Ok, started.elapsed());
                return compiled_response(body);
            }
            Answer::Engine(response) => BatchResponse::Single(response),
        },
        BatchRequest::Batch(requests) => {
            let mut responses = Vec::with_capacity(requests.len());
            // A batch's answers are serialised together, so each runs on the engine.
            for mut request in requests {
                let response = match state.persisted_queries.resolve(&mut request) {
                    Ok(known) => on_engine(&state, request, known, principal.clone()).await,
                    Err(refusal) => async_graphql::Response::from_errors(vec![refusal]),
                };
                responses.push(response);
            }
            BatchResponse::Batch(responses)
        }
    };
    record_batch(&state.requests, &operations, &response, started.elapsed());
    localize(&mut response, language);
    GraphQLResponse::from(response).into_response()
}

/// A compiled plan's body, with the headers the engine's response would have (no cache
/// control: the compiled types set none).
fn compiled_response(body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/graphql-response+json"));
    response
}

/// Writes the services' messages in the caller's language; codes and fields stay as they are.
fn localize(response: &mut BatchResponse, language: Language) {
    match response {
        BatchResponse::Single(single) => localize_errors(&mut single.errors, language),
        BatchResponse::Batch(all) => {
            for single in all {
                localize_errors(&mut single.errors, language);
            }
        }
    }
}

/// The checks a request passes before it runs, cheapest first: its content type, the address's
/// rate, the caller's token and its rate, the body's size, and the shape of the batch. Returns
/// the batch, the operation names (for the metrics) and the caller.
async fn admit(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<(BatchRequest, Vec<Option<String>>, Option<Principal>), ApiError> {
    if !is_json(headers) {
        return Err(ApiError::new(ErrorCode::UnsupportedMediaType, msg!("send-graphql-as-json")));
    }
    // An address over its limit is refused before its token is verified; a token that fails
    // verification spends its address's budget (see `rate_limit`).
    let address = client_address(peer, headers, state.limits.trust_forwarded_for);
    if headers.contains_key(header::AUTHORIZATION) || session_cookie(headers).is_some() {
        state.rate_limiter.address_refused(address).map_err(refusal)?;
    }
    let principal = match authenticate(state, headers, CookieUse::WithCsrfHeader).await {
        Ok(verified) => verified.map(|verified| verified.principal),
        Err(invalid) => {
            rate_limited(state, Caller::Address(address))?;
            return Err(invalid.into());
        }
    };
    match &principal {
        Some(principal) => rate_limited(state, Caller::Token(principal.subject.clone()))?,
        None => rate_limited(state, Caller::Address(address))?,
    }
    let within = std::time::Duration::from_secs(state.limits.body_read_timeout_seconds);
    let body = read_limited(body, state.limits.max_body_bytes, within).await.map_err(|err| match err {
        BodyError::TooLarge => ApiError::new(
            ErrorCode::PayloadTooLarge,
            msg!("request-body-too-large", bytes = state.limits.max_body_bytes),
        ),
        BodyError::TimedOut => ApiError::new(
            ErrorCode::RequestTimeout,
            msg!("request-body-too-slow", seconds = state.limits.body_read_timeout_seconds),
        ),
        BodyError::Unreadable(cause) => {
            ApiError::new(ErrorCode::BadRequest, msg!("request-body-unreadable", cause = cause))
        }
    })?;
    let batch: BatchRequest = serde_json::from_slice(&body).map_err(|err| {
        ApiError::new(ErrorCode::BadRequest, msg!("request-body-not-graphql-json", cause = err))
    })?;
    if let BatchRequest::Batch(requests) = &batch
        && requests.len() > state.limits.max_batch
    {
        let message = msg!("batch-too-large", max = state.limits.max_batch, count = requests.len());
        return Err(ApiError::new(ErrorCode::BatchTooLarge, message));
    }
    let operations = batch.iter().map(|request| request.operation_name.clone()).collect();
    Ok((batch, operations, principal))
}

fn rate_limited(state: &AppState, caller: Caller) -> Result<(), ApiError> {
    state.rate_limiter.check(caller).map_err(refusal)
}

fn refusal(retry: RetryAfter) -> ApiError {
    ApiError::new(ErrorCode::RateLimited, retry.message()).retry_after(retry.seconds())
}

/// What one operation gave: a compiled plan's body, or the engine's response.
enum Answer {
    Compiled(Vec<u8>),
    Engine(async_graphql::Response),
}

/// Runs one operation, after resolving its persisted-query hash (an unknown hash fails that
/// operation alone): on its compiled plan when it has one, else on the engine.
async fn run(state: &AppState, mut request: async_graphql::Request, principal: Option<Principal>) -> Answer {
    let known = match state.persisted_queries.resolve(&mut request) {
        Ok(known) => known,
        Err(refusal) => return Answer::Engine(async_graphql::Response::from_errors(vec![refusal])),
    };
    if let (Some(compiled), Some(known)) = (state.compiled.as_deref(), &known)
        && let Some(plan) = known.plan.plan_for(request.operation_name.as_deref())
        && let Some(body) = compiled.answer(plan, principal.as_ref(), &request.variables).await
    {
        return Answer::Compiled(body);
    }
    Answer::Engine(on_engine(state, request, known, principal).await)
}

/// Runs one operation on the engine, with its kept document (`apq`) when there is one; the
/// answer then gets its keys in the document's order (`response_order`) and teaches the
/// document's plan slot (see `compiled`).
async fn on_engine(
    state: &AppState,
    mut request: async_graphql::Request,
    known: Option<Known>,
    principal: Option<Principal>,
) -> async_graphql::Response {
    let Some(known) = known else {
        return execute(state, request, principal).await;
    };
    known.attach(&mut request);
    let operation_name = request.operation_name.clone();
    let mut response = execute(state, request, principal).await;
    if let Some(operation) = operation(known.document(), operation_name.as_deref()) {
        crate::response_order::restore(&mut response, known.document(), operation);
    }
    if state.compiled.is_some() && response.errors.is_empty() && !known.plan.is_settled() {
        known.plan.learn(known.document(), operation_name.as_deref());
    }
    response
}

async fn execute(
    state: &AppState,
    request: async_graphql::Request,
    principal: Option<Principal>,
) -> async_graphql::Response {
    let request = match principal {
        Some(principal) => request.data(principal),
        None => request,
    };
    async_graphql::Executor::execute(&state.schema, request).await
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
