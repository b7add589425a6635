//! The whole-request timeout: a request whose answer is not ready in time is answered `504`
//! with code `TIMEOUT` in GraphQL shape, and its work is dropped. WebSockets are not bounded by
//! it: their upgrade answers at once and the socket lives on in a task of its own.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hub_common::{ErrorCode, msg};

use crate::api_error::ApiError;
use crate::state::AppState;

pub async fn whole_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let seconds = state.limits.request_timeout_seconds;
    let language = crate::extract::language(request.headers());
    match tokio::time::timeout(Duration::from_secs(seconds), next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(ErrorCode::Timeout, msg!("request-timed-out", seconds = seconds))
            .in_language(language)
            .into_response(),
    }
}
