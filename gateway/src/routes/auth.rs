//! Signing in from the hub's pages ("OAuth 2.0 for Browser-Based Apps", backend for frontend):
//! the hub is the confidential OpenID Connect client, runs the authorization-code flow with
//! PKCE, and gives the browser only an HttpOnly session cookie (`auth::sessions`).
//!
//! - `GET /auth/login?return_to=/dashboard`: to the provider (or, in development without one,
//!   a page offering the demo organizations);
//! - `GET /auth/callback`: checks `state`, redeems the code with its verifier, verifies the ID
//!   token (and its `nonce`), starts a session;
//! - `POST /auth/logout`: ends the session;
//! - `GET /auth/session`: whether the browser is signed in, and as whom (for the pages).

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::auth::development::DEMO_ACCOUNTS;
use crate::auth::sessions::SESSION_COOKIE;
use crate::auth::{DevelopmentGrant, Identity, OidcVerifier, unix_now};
use crate::extract::{self, session_cookie};
use crate::state::AppState;
use hub_common::secrets::{constant_time_eq, new_secret};

/// The cookie carrying a sign-in in progress (state, PKCE verifier, nonce, where to return).
const SIGN_IN_COOKIE: &str = "hub_sign_in";
/// How long a person has at the provider before the sign-in must start again.
const SIGN_IN_SECONDS: u64 = 600;
/// How long a development sign-in lasts.
const DEVELOPMENT_SESSION_SECONDS: u64 = 8 * 3600;
const DEFAULT_RETURN: &str = "/dashboard";

#[derive(Debug, Default, Deserialize)]
pub struct LoginParams {
    return_to: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<LoginParams>,
) -> Response {
    let return_to = local_path(params.return_to.as_deref());
    let Some(provider) = sign_in_provider(&state) else {
        if state.development {
            return development_page(&return_to);
        }
        return failure_page(
            StatusCode::NOT_FOUND,
            "Đăng nhập chưa được cấu hình.",
            "Sign-in is not configured.",
        );
    };
    let Some(metadata) = provider.metadata_now().await else {
        return failure_page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Chưa kết nối được với hệ thống xác thực của thành phố; vui lòng thử lại sau ít phút.",
            "The city's identity provider cannot be reached; please try again in a few minutes.",
        );
    };
    let (sign_in_state, verifier, nonce) = (new_secret(), new_secret(), new_secret());
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let client_id = state.auth_settings.oidc_client_id.clone().unwrap_or_default();
    let mut url = match reqwest::Url::parse(&metadata.authorization_endpoint) {
        Ok(url) => url,
        Err(_) => {
            return failure_page(
                StatusCode::BAD_GATEWAY,
                "Hệ thống xác thực trả lời sai.",
                "The identity provider answered wrongly.",
            );
        }
    };
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &client_id)
        .append_pair("redirect_uri", &callback_url(&state, &headers))
        .append_pair("scope", "openid email profile")
        .append_pair("state", &sign_in_state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    let returned = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(return_to.as_bytes());
    let value = format!("{sign_in_state}.{verifier}.{nonce}.{returned}");
    let cookie = set_cookie(&state, SIGN_IN_COOKIE, &value, "/auth", SIGN_IN_SECONDS);
    with_cookies(Redirect::to(url.as_str()).into_response(), [cookie])
}

#[derive(Debug, Default, Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<CallbackParams>,
) -> Response {
    let clear = set_cookie(&state, SIGN_IN_COOKIE, "", "/auth", 0);
    let outcome = redeem(&state, &headers, params).await;
    match outcome {
        Ok((identity, return_to)) => match start_session(&state, &identity, &return_to).await {
            Ok(response) => with_cookies(response, [clear]),
            Err(response) => response,
        },
        Err(response) => with_cookies(response, [clear]),
    }
}

/// Checks the callback against the sign-in the browser started and redeems the code.
async fn redeem(
    state: &AppState,
    headers: &HeaderMap,
    params: CallbackParams,
) -> Result<(Identity, String), Response> {
    let refused = || {
        failure_page(
            StatusCode::BAD_REQUEST,
            "Phiên đăng nhập không hợp lệ hoặc đã hết hạn; vui lòng đăng nhập lại.",
            "This sign-in is not valid or has expired; please sign in again.",
        )
    };
    if params.error.is_some() {
        return Err(failure_page(
            StatusCode::FORBIDDEN,
            "Hệ thống xác thực đã từ chối đăng nhập.",
            "The identity provider refused the sign-in.",
        ));
    }
    let provider = sign_in_provider(state).ok_or_else(refused)?;
    let started = extract::cookie(headers, SIGN_IN_COOKIE).ok_or_else(refused)?;
    let mut parts = started.split('.');
    let (Some(expected_state), Some(verifier), Some(nonce), Some(returned), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refused());
    };
    let (Some(code), Some(given_state)) = (params.code, params.state) else { return Err(refused()) };
    if !constant_time_eq(&given_state, expected_state) {
        return Err(refused());
    }
    let return_to = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(returned)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let return_to = local_path(return_to.as_deref());
    let id_token = exchange(state, provider, headers, &code, verifier).await.map_err(|why| {
        tracing::warn!(%why, "redeeming a sign-in code failed");
        failure_page(
            StatusCode::BAD_GATEWAY,
            "Không hoàn tất được đăng nhập với hệ thống xác thực; vui lòng thử lại.",
            "Signing in with the identity provider could not be completed; please try again.",
        )
    })?;
    let header = jsonwebtoken::decode_header(&id_token).map_err(|_| refused())?;
    let identity =
        provider.verify_with_nonce(&id_token, &header, Some(nonce)).await.map_err(|_| refused())?;
    Ok((identity, return_to))
}

#[derive(Deserialize)]
struct TokenAnswer {
    id_token: String,
}

/// Redeems the authorization code at the token endpoint (client_secret_basic) for an ID token.
async fn exchange(
    state: &AppState,
    provider: &OidcVerifier,
    headers: &HeaderMap,
    code: &str,
    verifier: &str,
) -> Result<String, String> {
    let metadata = provider.metadata().ok_or("the provider's metadata is not loaded")?;
    let settings = &state.auth_settings;
    let client_id = settings.oidc_client_id.as_deref().unwrap_or_default();
    let secret = settings.oidc_client_secret.as_ref().map(|secret| secret.expose()).unwrap_or_default();
    let redirect_uri = callback_url(state, headers);
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri.as_str()),
        ("code_verifier", verifier),
    ];
    let response = provider
        .http()
        .post(&metadata.token_endpoint)
        .basic_auth(form_encode(client_id), Some(form_encode(secret)))
        .form(&form)
        .send()
        .await
        .map_err(|err| err.to_string())?;
    if !response.status().is_success() {
        return Err(format!("token endpoint answered HTTP {}", response.status()));
    }
    let answer: TokenAnswer = response.json().await.map_err(|err| err.to_string())?;
    Ok(answer.id_token)
}

#[derive(Debug, Deserialize)]
pub struct DevelopmentSignIn {
    account: usize,
    return_to: Option<String>,
}

/// `POST /auth/development`: signs in as one of the demo accounts (development profile only).
pub async fn development_sign_in(
    State(state): State<AppState>,
    Form(form): Form<DevelopmentSignIn>,
) -> Response {
    let account = DEMO_ACCOUNTS.get(form.account).filter(|_| state.development);
    let Some((_, key, role)) = account else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let identity = Identity {
        subject: format!("dev:{key}"),
        email: None,
        expires_at: unix_now() + DEVELOPMENT_SESSION_SECONDS,
        development_grant: Some(DevelopmentGrant {
            organization_id: Some(directory::seed::demo_organization_id(key)),
            roles: vec![*role],
        }),
    };
    let return_to = local_path(form.return_to.as_deref());
    start_session(&state, &identity, &return_to).await.unwrap_or_else(|response| response)
}

async fn start_session(state: &AppState, identity: &Identity, return_to: &str) -> Result<Response, Response> {
    let id = state.sessions.start(identity).await.map_err(|err| {
        tracing::error!(error = %err, "starting a session failed");
        failure_page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Không lưu được phiên đăng nhập.",
            "The session could not be saved.",
        )
    })?;
    let lifetime = identity.expires_at.saturating_sub(unix_now());
    let session = set_cookie(state, SESSION_COOKIE, &id, "/", lifetime);
    tracing::info!(subject = %identity.subject, "signed in");
    Ok(with_cookies(Redirect::to(return_to).into_response(), [session]))
}

#[derive(Debug, Default, Deserialize)]
pub struct LogoutForm {
    return_to: Option<String>,
}

/// `POST /auth/logout`: a form on the hub's pages. The `SameSite=Lax` cookie is not sent on a
/// cross-site POST, so another site cannot sign a person out.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    if let Some(id) = session_cookie(&headers)
        && let Err(err) = state.sessions.end(id).await
    {
        tracing::error!(error = %err, "ending a session failed");
        return failure_page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Không đăng xuất được; vui lòng thử lại.",
            "Signing out failed; please try again.",
        );
    }
    let clear = set_cookie(&state, SESSION_COOKIE, "", "/", 0);
    with_cookies(Redirect::to(&local_path(form.return_to.as_deref())).into_response(), [clear])
}

/// `GET /auth/session`: whether this browser is signed in (never the session id or a token).
pub async fn session(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let identity = match session_cookie(&headers) {
        Some(id) => state.sessions.identity(id).await.ok().flatten(),
        None => None,
    };
    let body = match identity {
        Some(identity) => json!({
            "signedIn": true,
            "subject": identity.subject,
            "email": identity.email,
            "expiresAt": identity.expires_at,
        }),
        None => json!({ "signedIn": false }),
    };
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The provider, when browsers may sign in through it (a client is configured).
fn sign_in_provider(state: &AppState) -> Option<&std::sync::Arc<OidcVerifier>> {
    state.auth.provider().filter(|_| state.auth_settings.browser_sign_in())
}

/// Where the provider sends the browser back: `{public_url}/auth/callback`, or without a public
/// address the host the browser used (plain http in development only).
fn callback_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(public) = &state.auth_settings.public_url {
        return format!("{}/auth/callback", public.trim_end_matches('/'));
    }
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.development { "http" } else { "https" };
    format!("{scheme}://{host}/auth/callback")
}

/// A path on this hub to return to after signing in; anything else (another host, `//host`,
/// a scheme) becomes the dashboard, so the sign-in cannot be used as an open redirect.
fn local_path(requested: Option<&str>) -> String {
    match requested {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => DEFAULT_RETURN.to_owned(),
    }
}

/// A `Set-Cookie` value: HttpOnly, `SameSite=Lax`, and `Secure` outside development.
fn set_cookie(state: &AppState, name: &str, value: &str, path: &str, max_age: u64) -> String {
    let secure = if state.development { "" } else { "; Secure" };
    format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

fn with_cookies<const N: usize>(mut response: Response, cookies: [String; N]) -> Response {
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// RFC 6749 §2.3.1: the client id and secret are form-encoded before HTTP Basic encoding.
fn form_encode(value: &str) -> String {
    reqwest::Url::parse_with_params("x:", [("v", value)])
        .ok()
        .and_then(|url| url.query().map(|query| query.trim_start_matches("v=").to_owned()))
        .unwrap_or_default()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The development sign-in page: one button per demo account, no provider needed.
fn development_page(return_to: &str) -> Response {
    let buttons: String = DEMO_ACCOUNTS
        .iter()
        .enumerate()
        .map(|(index, (label, key, role))| {
            format!(
                "<li><button name=\"account\" value=\"{index}\">{} — {} ({role:?})</button></li>",
                escape(label),
                escape(key)
            )
        })
        .collect();
    let html = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Đăng nhập (phát triển) / Sign in (development)</title></head>\
         <body><main><h1>Đăng nhập thử / Development sign-in</h1>\
         <p>Hub đang chạy ở chế độ phát triển, không có hệ thống xác thực: chọn một tài khoản mẫu.<br>\
         This hub runs in development without an identity provider: choose a demo account.</p>\
         <form method=\"post\" action=\"/auth/development\"><input type=\"hidden\" name=\"return_to\" value=\"{}\">\
         <ul>{buttons}</ul></form></main></body></html>",
        escape(return_to)
    );
    crate::assets::page_of(html)
}

fn failure_page(status: StatusCode, vietnamese: &str, english: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Đăng nhập / Sign in</title></head>\
         <body><main><p>{}</p><p lang=\"en\">{}</p><p><a href=\"/auth/login\">Đăng nhập lại / Sign in again</a></p></main></body></html>",
        escape(vietnamese),
        escape(english)
    );
    let mut response = crate::assets::page_of(html);
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path(Some("/dashboard?year=2026")), "/dashboard?year=2026");
        for hostile in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:x", "/a\nb"]
        {
            assert_eq!(local_path(Some(hostile)), DEFAULT_RETURN, "{hostile}");
        }
        assert_eq!(local_path(None), DEFAULT_RETURN);
    }

    #[test]
    fn client_credentials_are_form_encoded() {
        assert_eq!(form_encode("hub client+1"), "hub+client%2B1");
        assert_eq!(form_encode("plain"), "plain");
    }
}
