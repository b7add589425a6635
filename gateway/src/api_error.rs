//! One error type for the plain-HTTP answers (refusals before GraphQL runs, and the routes
//! that are not GraphQL): GraphQL-shaped JSON with `extensions.code`, and the status of its
//! code (`hub_common::ErrorCode`). The message is a catalogue key, written in the language
//! the route read from `Accept-Language` (`in_language`), English otherwise.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use hub_common::messages::{Language, Message};
use hub_common::{ErrorCode, HubError};
use serde_json::json;

use crate::auth::AuthError;

#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: Message,
    language: Language,
    field: Option<String>,
    retry_after_seconds: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: Message) -> Self {
        Self { code, message, language: Language::En, field: None, retry_after_seconds: None }
    }

    /// Writes the message in `language`.
    pub fn in_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Tells the client when to come back (`Retry-After`).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds);
        self
    }
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        Self::new(err.code(), err.message())
    }
}

/// A service error with the same code and message GraphQL would give; its cause is logged,
/// never sent.
impl From<HubError> for ApiError {
    fn from(err: HubError) -> Self {
        err.log_cause();
        let field = match &err {
            HubError::BadUserInput { field, .. } => Some(field.clone()),
            _ => None,
        };
        Self {
            code: err.code(),
            message: err.client_message(),
            language: Language::En,
            field,
            retry_after_seconds: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut extensions = json!({ "code": self.code.as_str() });
        if let Some(field) = &self.field {
            extensions["field"] = json!(field);
        }
        let body = json!({ "errors": [{ "message": self.message.render(self.language), "extensions": extensions }] });
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        if self.code == ErrorCode::Unauthenticated {
            headers.insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after_seconds {
            headers.insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
    }
}
