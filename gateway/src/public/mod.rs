//! The public information pages for pupils and parents: `/` in Vietnamese, `/en/` in English.
//!
//! Rendered on the server, so they read without JavaScript, load fast on a phone and can be
//! indexed. Each page runs the hub's own GraphQL API in process, anonymously, and renders what
//! comes back: the pages show exactly what any anonymous client may read, through the same
//! services and authorization, and need no module API of their own.

mod careers_words;
mod chart;
mod events;
mod home;
mod layout;
mod occupations;
mod offers;
mod programmes;
mod sitemap;
mod words;

use axum::Extension;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Redirect, Response};
use axum::routing::get;
use serde_json::Value;
use std::net::SocketAddr;

use hub_common::ErrorCode;

use crate::extract::client_address;
use crate::rate_limit::Caller;
use crate::state::AppState;

pub use careers_words::CareerWords;
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

    pub fn careers(self) -> &'static CareerWords {
        careers_words::of(self)
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
        .route("/programmes", get(programmes::list))
        .route("/programmes/{id}", get(programmes::one))
        .route("/occupations", get(occupations::list))
        .route("/occupations/{code}", get(occupations::one))
        .route("/events", get(events::list))
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

/// One visitor's request for a page: the hub's state and the page's language, admitted under
/// the caller's address's rate limit (pages are anonymous). As an extractor it answers an
/// over-rate caller with the error page itself, so handlers only render.
pub struct Visit {
    pub state: AppState,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Visit {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        // Each router layer states its language; a route without one is Vietnamese.
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or(Lang::Vi);
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>().copied() else {
            tracing::error!("a public page was served without the caller's address");
            return Err(error_page(lang, PageError::Unavailable));
        };
        let address = client_address(peer, &parts.headers, state.limits.trust_forwarded_for);
        if let Err(retry) = state.rate_limiter.check(Caller::Address(address)) {
            return Err(error_page(lang, PageError::RateLimited(retry.seconds())));
        }
        Ok(Self { state: state.clone(), lang })
    }
}

impl Visit {
    /// The page, or its error page, in the visit's language.
    pub fn respond(&self, page: Result<Response, PageError>) -> Response {
        page.unwrap_or_else(|error| error_page(self.lang, error))
    }

    /// Runs `query` anonymously against the hub's schema and returns its `data`. Any error is
    /// logged and makes the page unavailable, except `NOT_FOUND`, which is the visitor's.
    pub async fn query(&self, query: &str, variables: Value) -> Result<Value, PageError> {
        let request =
            async_graphql::Request::new(query).variables(async_graphql::Variables::from_json(variables));
        let response = async_graphql::Executor::execute(&self.state.schema, request).await;
        if let Some(error) = response.errors.first() {
            let code = match error.extensions.as_ref().and_then(|ext| ext.get("code")) {
                Some(async_graphql::Value::String(code)) => ErrorCode::parse(code),
                _ => None,
            };
            if matches!(code, Some(ErrorCode::NotFound | ErrorCode::BadUserInput)) {
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

/// Query-string parameters kept as text: the pages validate what they use, and a malformed
/// value falls back to "no filter" rather than an error page.
pub type Params = Query<std::collections::HashMap<String, String>>;

/// The list under `field` of `value`, borrowed (empty when absent).
pub fn items<'v>(value: &'v Value, field: &str) -> &'v [Value] {
    value.get(field).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// The texts in the list under `field` of `value`: enum values, codes, skills.
pub fn texts<'v>(value: &'v Value, field: &str) -> Vec<&'v str> {
    items(value, field).iter().filter_map(Value::as_str).collect()
}

/// `value` when it is one of `allowed`, else empty: a query-string value the pages offer as a
/// choice, kept only when it is one of the choices.
pub fn one_of(allowed: &[&'static str], value: &str) -> &'static str {
    allowed.iter().copied().find(|allowed| *allowed == value).unwrap_or_default()
}

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

/// An RFC 3339 time as `08:30` in Hải Phòng.
pub fn clock(value: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|at| at.with_timezone(&hub_common::time::offset()).format("%H:%M").to_string())
        .unwrap_or_default()
}

/// A whole number as the language writes it: `12.500` in Vietnamese, `12,500` in English.
pub fn count(lang: Lang, number: i64) -> String {
    let digits = number.unsigned_abs().to_string();
    let separator = if lang == Lang::Vi { '.' } else { ',' };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    if number < 0 { format!("-{grouped}") } else { grouped }
}

/// An amount of đồng with thousands separated as the language writes them: `3.000.000 ₫`
/// in Vietnamese, `3,000,000 VND` in English.
pub fn money(lang: Lang, amount: i64) -> String {
    match lang {
        Lang::Vi => format!("{} ₫", count(lang, amount)),
        Lang::En => format!("{} VND", count(lang, amount)),
    }
}

/// A whole-number field of `value` (GraphQL may send big numbers such as `Vnd` as text).
pub fn number(value: &Value, field: &str) -> Option<i64> {
    let value = value.get(field)?;
    value.as_i64().or_else(|| value.as_str().and_then(|text| text.parse().ok()))
}

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// The list of a page: its items and, when there are more, the cursor of the next page.
pub fn connection(connection: &Value) -> (&[Value], Option<String>) {
    let nodes = items(connection, "nodes");
    let next = connection["pageInfo"]["hasNextPage"]
        .as_bool()
        .unwrap_or(false)
        .then(|| text(&connection["pageInfo"], "endCursor").to_owned());
    (nodes, next)
}

/// The "first page" and "next page" links under a list. `base` is the list's path with its
/// filters as a query string.
pub fn page_links(
    lang: Lang,
    base: &str,
    after: Option<&str>,
    next: Option<&str>,
    label: &str,
) -> maud::Markup {
    let words = lang.words();
    maud::html! {
        nav.pages aria-label=(label) {
            @if after.is_some() {
                a href=(lang.path(base)) { (words.first_page) }
            }
            @if let Some(cursor) = next {
                a rel="next" href={ (lang.path(base)) "&after=" (encode(cursor)) } { (words.next_page) }
            }
        }
    }
}

/// A query-string parameter, trimmed and cut to `max` characters (empty when absent).
pub fn param(params: &std::collections::HashMap<String, String>, name: &str, max: usize) -> String {
    params.get(name).map(|value| value.trim().chars().take(max).collect()).unwrap_or_default()
}

/// A query string from its pairs, leaving out the empty ones.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
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
