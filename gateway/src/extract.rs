//! Extractors: who is calling, read from the request before a handler runs.
//!
//! A caller proves who they are with a bearer token or, from the hub's own pages, with the
//! session cookie the sign-in set (`auth::sessions`). The cookie counts only where a cross-site
//! page cannot make the browser send it on the person's behalf (`CookieUse`).

use std::net::{IpAddr, SocketAddr};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use hub_common::Principal;
use hub_common::messages::Language;
use uuid::Uuid;

use crate::api_error::ApiError;
use crate::auth::sessions::SESSION_COOKIE;
use crate::auth::{AuthError, ORGANIZATION_HEADER, Verified, bearer_token, requested_organization};
use crate::state::AppState;

/// The header the hub's pages send with cookie-authenticated POSTs. A cross-site form cannot
/// set a header, and a cross-site script that tries must pass a CORS preflight the hub never
/// grants, so its presence shows the request comes from the hub's own pages.
pub const CSRF_HEADER: &str = "x-hub-csrf";

/// Where a request may be authenticated by the session cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieUse {
    /// A POST that may change something: only with `CSRF_HEADER`.
    WithCsrfHeader,
    /// A GET that changes nothing (the CSV export): the browser sends the `SameSite=Lax`
    /// cookie only on same-site requests and top-level navigations, and no other site can
    /// read the answer.
    SafeRead,
    /// A WebSocket upgrade: only when `Origin` is the hub's own (WebSockets are not bound by
    /// CORS, so this is the check that stops cross-site WebSocket hijacking).
    SameOrigin,
}

/// The caller of a plain-HTTP GET route: `Some` for a valid token or session, `None` for an
/// anonymous caller. An invalid or expired token is refused (`UNAUTHENTICATED`), never read
/// as anonymous.
pub struct Authenticated(pub Option<Principal>);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let verified = authenticate(state, &parts.headers, CookieUse::SafeRead).await?;
        Ok(Self(verified.map(|verified| verified.principal)))
    }
}

/// The principal of the request's bearer token, or of its session cookie where `cookie_use`
/// allows it; acting for the organization `X-Hub-Organization` names, if any.
pub async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    cookie_use: CookieUse,
) -> Result<Option<Verified>, AuthError> {
    let organization = match headers.get(ORGANIZATION_HEADER) {
        None => None,
        Some(value) => requested_organization(Some(value.to_str().map_err(|_| AuthError::BadOrganization)?))?,
    };
    let header = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(value) => Some(value.to_str().map_err(|_| AuthError::Invalid)?),
    };
    authenticate_with(state, bearer_token(header)?, headers, cookie_use, organization).await
}

/// The principal of `token`, or without one of the session cookie in `headers` where
/// `cookie_use` allows it, acting for `organization`. WebSockets pass the token and the
/// organization of their `connection_init` and the headers of their upgrade.
pub async fn authenticate_with(
    state: &AppState,
    token: Option<&str>,
    headers: &HeaderMap,
    cookie_use: CookieUse,
    organization: Option<Uuid>,
) -> Result<Option<Verified>, AuthError> {
    if let Some(token) = token {
        return state.auth.authenticate(token, organization).await.map(Some);
    }
    let Some(session) = session_cookie(headers).filter(|_| cookie_allowed(state, headers, cookie_use)) else {
        return Ok(None);
    };
    match state.sessions.identity(session).await {
        Ok(Some(identity)) => state.auth.principal_for(identity, organization).await.map(Some),
        // A session that ended (signed out, expired) is a stale cookie: the page signs in again.
        Ok(None) => Err(AuthError::Expired),
        Err(_) => Err(AuthError::DirectoryUnavailable),
    }
}

/// The session id in the request's `Cookie` header.
pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, SESSION_COOKIE)
}

/// A cookie's value from the request's `Cookie` headers (`None` when absent or empty).
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
        .filter(|value| !value.is_empty())
}

fn cookie_allowed(state: &AppState, headers: &HeaderMap, cookie_use: CookieUse) -> bool {
    match cookie_use {
        CookieUse::WithCsrfHeader => headers.contains_key(CSRF_HEADER),
        CookieUse::SafeRead => true,
        CookieUse::SameOrigin => is_same_origin(state, headers),
    }
}

/// Whether `Origin` is the hub's own: its configured public address, or the `Host` the
/// request was sent to.
fn is_same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    if let Some(public) = &state.auth_settings.public_url {
        return origin == public.trim_end_matches('/');
    }
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok());
    let origin_host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    host.is_some() && origin_host == host
}

/// The caller's address: the peer's, or behind a trusted proxy the last `X-Forwarded-For`
/// entry (the one the proxy appended; earlier entries are whatever the client claimed).
pub fn client_address(peer: SocketAddr, headers: &HeaderMap, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok())
        .flatten();
    forwarded.unwrap_or(peer.ip())
}

/// The language the caller reads: `Accept-Language`, Vietnamese when it prefers `vi`, English
/// otherwise (`hub_common::messages::Language`).
pub fn language(headers: &HeaderMap) -> Language {
    Language::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok()))
}
