//! Extractors: who is calling, read from the request before a handler runs.

use std::net::{IpAddr, SocketAddr};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use hub_common::Principal;

use crate::api_error::ApiError;
use crate::auth::{AuthError, bearer_token};
use crate::auth_scope::with_remits;
use crate::state::AppState;

/// The caller of a plain-HTTP route: `Some` for a valid bearer token, `None` for an anonymous
/// caller. An invalid or expired token is refused (`UNAUTHENTICATED`), never read as anonymous.
pub struct Authenticated(pub Option<Principal>);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(authenticate(state, &parts.headers).await?))
    }
}

/// The principal of the request's bearer token, if it has one, with an officer's remits
/// (`auth_scope::with_remits`). Refused as `UNAUTHENTICATED` for an invalid token, `INTERNAL`
/// when the directory cannot be read.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Option<Principal>, ApiError> {
    let header = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(value) => Some(value.to_str().map_err(|_| AuthError::Invalid)?),
    };
    match bearer_token(header)? {
        None => Ok(None),
        Some(token) => {
            let verified = state.verifier.verify(token).await?;
            Ok(Some(with_remits(verified.principal, &state.services.directory).await?))
        }
    }
}

/// The caller's address: the peer's, or behind a trusted proxy the last `X-Forwarded-For`
/// entry (the one the proxy appended; earlier entries are whatever the client claimed).
pub fn client_address(peer: SocketAddr, headers: &HeaderMap, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok())
        .flatten();
    forwarded.unwrap_or(peer.ip())
}
