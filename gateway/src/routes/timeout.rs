//! The whole-request timeout: a request whose answer is not ready in time is answered `504`
//! with code `TIMEOUT` in GraphQL shape, and its work is dropped. WebSockets are not bounded by
//! it: their upgrade answers at once and the socket lives on in a task of its own.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hub_common::ErrorCode;

use crate::api_error::ApiError;
use crate::state::AppState;

pub async fn whole_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let seconds = state.limits.request_timeout_seconds;
    match tokio::time::timeout(Duration::from_secs(seconds), next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let message = format!("the hub did not answer within {seconds} s; the request was abandoned");
            ApiError::new(ErrorCode::Timeout, message).into_response()
        }
    }
}
