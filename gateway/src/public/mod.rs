//! The public information pages for pupils and parents: `/` in Vietnamese, `/en/` in English.
//!
//! Rendered on the server, so they read without JavaScript, load fast on a phone and can be
//! indexed. Each page runs the hub's own GraphQL API in process, anonymously, and renders what
//! comes back: the pages show exactly what any anonymous client may read, through the same
//! services and authorization, and need no module API of their own.

mod home;
mod layout;
mod offers;
mod sitemap;
mod words;

use axum::Extension;
use axum::Router;
use axum::extract::{ConnectInfo, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Redirect, Response};
use axum::routing::get;
use serde_json::Value;
use std::net::SocketAddr;

use crate::extract::client_address;
use crate::rate_limit::Caller;
use crate::state::AppState;

pub use words::Words;

/// The language of a page; each page exists in both, at the same path under `/en` for English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// The path of a page in this language: `path` is the Vietnamese one (`/offers`).
    pub fn path(self, path: &str) -> String {
        match (self, path) {
            (Self::Vi, _) => path.to_owned(),
            (Self::En, "/") => "/en/".to_owned(),
            (Self::En, _) => format!("/en{path}"),
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }

    pub fn words(self) -> &'static Words {
        words::of(self)
    }
}

/// The public pages. Mounted only by a hub serving the all-in-one schema: a module's subgraph
/// lacks the roots the pages read.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page).layer(Extension(Lang::Vi)))
        .route("/en/", get(home::page).layer(Extension(Lang::En)))
        .route("/en", get(|| async { Redirect::permanent("/en/") }))
        .merge(pages(Lang::Vi))
        .nest("/en", pages(Lang::En))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/robots.txt", get(sitemap::robots))
}

/// The pages other than the home page, at the same paths in both languages.
fn pages(lang: Lang) -> Router<AppState> {
    Router::new()
        .route("/offers", get(offers::list))
        .route("/offers/{id}", get(offers::one))
        .layer(Extension(lang))
}

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    NotFound,
    /// The caller's address is over its rate; retry after that many seconds.
    RateLimited(u64),
    /// Logged where it happened; the visitor sees a plain "try again".
    Unavailable,
}

/// One caller's visit: who is asking (for the rate limit) and in which language.
pub struct Visit<'a> {
    pub state: &'a AppState,
    pub lang: Lang,
}

impl<'a> Visit<'a> {
    /// Admits a page request: pages are anonymous, so the address's rate applies.
    pub fn admit(
        state: &'a AppState,
        peer: SocketAddr,
        headers: &HeaderMap,
        lang: Lang,
    ) -> Result<Self, PageError> {
        let address = client_address(peer, headers, state.limits.trust_forwarded_for);
        state
            .rate_limiter
            .check(Caller::Address(address))
            .map_err(|retry| PageError::RateLimited(retry.seconds()))?;
        Ok(Self { state, lang })
    }

    /// Runs `query` anonymously against the hub's schema and returns its `data`. Any error is
    /// logged and makes the page unavailable, except `NOT_FOUND`, which is the visitor's.
    pub async fn query(&self, query: &str, variables: Value) -> Result<Value, PageError> {
        let request =
            async_graphql::Request::new(query).variables(async_graphql::Variables::from_json(variables));
        let response = async_graphql::Executor::execute(&self.state.schema, request).await;
        if let Some(error) = response.errors.first() {
            let code = error.extensions.as_ref().and_then(|ext| ext.get("code")).map(|code| code.to_string());
            if code.as_deref() == Some("\"NOT_FOUND\"") || code.as_deref() == Some("\"BAD_USER_INPUT\"") {
                return Err(PageError::NotFound);
            }
            tracing::error!(message = %error.message, ?code, "a public page's query failed");
            return Err(PageError::Unavailable);
        }
        response.data.into_json().map_err(|err| {
            tracing::error!(error = %err, "a public page's data is not JSON");
            PageError::Unavailable
        })
    }
}

/// The answer for a page that could not be shown, in the page's language.
pub fn error_page(lang: Lang, error: PageError) -> Response {
    let words = lang.words();
    let (status, title, text) = match error {
        PageError::NotFound => (StatusCode::NOT_FOUND, words.not_found_title, words.not_found),
        PageError::RateLimited(_) | PageError::Unavailable => {
            (StatusCode::SERVICE_UNAVAILABLE, words.unavailable_title, words.unavailable)
        }
    };
    let body = maud::html! { h1 { (title) } p { (text) } p { a href=(lang.path("/")) { (words.nav_home) } } };
    let mut response = layout::page(lang, "/", title, body);
    *response.status_mut() = status;
    if let PageError::RateLimited(seconds) = error
        && let Ok(value) = axum::http::HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
    }
    response
}

/// A page's handler result: the page, or its error page.
pub fn respond(lang: Lang, page: Result<Response, PageError>) -> Response {
    page.unwrap_or_else(|error| error_page(lang, error))
}

/// Query-string parameters kept as text: the pages validate what they use, and a malformed
/// value falls back to "no filter" rather than an error page.
pub type Params = Query<std::collections::HashMap<String, String>>;

pub type Peer = ConnectInfo<SocketAddr>;

/// A text field of `value` (empty when absent).
pub fn text<'v>(value: &'v Value, field: &str) -> &'v str {
    value.get(field).and_then(Value::as_str).unwrap_or_default()
}

/// `2026-12-25` (a GraphQL `Date`) or an RFC 3339 time, as `25/12/2026` in Hải Phòng.
pub fn day(value: &str) -> String {
    let date = chrono::DateTime::parse_from_rfc3339(value)
        .map(|at| (at.with_timezone(&hub_common::time::offset())).date_naive())
        .or_else(|_| chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d"));
    match date {
        Ok(date) => date.format("%d/%m/%Y").to_string(),
        Err(_) => value.to_owned(),
    }
}

/// An amount of đồng with thousands separated as the language writes them: `3.000.000 ₫`
/// in Vietnamese, `3,000,000 VND` in English.
pub fn money(lang: Lang, amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let separator = if lang == Lang::Vi { '.' } else { ',' };
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    match lang {
        Lang::Vi => format!("{sign}{grouped} ₫"),
        Lang::En => format!("{sign}{grouped} VND"),
    }
}

/// Serves a rendered page.
pub fn html(response: maud::Markup) -> Response {
    crate::assets::page_of(response.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_as_each_language_writes_them() {
        assert_eq!(money(Lang::Vi, 3_000_000), "3.000.000 ₫");
        assert_eq!(money(Lang::En, 1_234_567), "1,234,567 VND");
        assert_eq!(money(Lang::Vi, 500), "500 ₫");
    }

    #[test]
    fn days_are_written_day_first_in_hai_phong_time() {
        assert_eq!(day("2026-12-25"), "25/12/2026");
        // 20:00 UTC on the 24th is already the 25th in Hải Phòng (UTC+7).
        assert_eq!(day("2026-12-24T20:00:00Z"), "25/12/2026");
    }

    #[test]
    fn english_pages_live_under_en() {
        assert_eq!(Lang::En.path("/"), "/en/");
        assert_eq!(Lang::En.path("/offers"), "/en/offers");
        assert_eq!(Lang::Vi.path("/offers"), "/offers");
    }
}
