//! The static files the hub's pages load, embedded in the binary and served under versioned
//! URLs: `/assets/<content hash>/<file>`. A URL names one content for ever, so browsers may keep
//! it a year without asking again (`immutable`), and a release that changes a file changes its
//! URL. The pages are templates: each `{{file}}` in them becomes that file's URL, once, when
//! first served.
//!
//! The pages carry no inline script, so their Content-Security-Policy allows scripts from the
//! hub's own origin only (`page_headers`).

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sha2::{Digest, Sha256};

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const FILES: &[Asset] = &[
    Asset {
        name: "react.production.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/graphiql/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/graphiql/react-dom.production.min.js"),
    },
    Asset {
        name: "graphiql.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/graphiql/graphiql.min.js"),
    },
    Asset {
        name: "graphiql.min.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/graphiql/graphiql.min.css"),
    },
    Asset {
        name: "start.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/graphiql/start.js"),
    },
    Asset {
        name: "public.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/public/public.css"),
    },
    Asset {
        name: "dashboard.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/dashboard/dashboard.js"),
    },
];

/// Each file's content hash (the first 16 hex digits of its SHA-256), in `FILES` order.
static VERSIONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|asset| Sha256::digest(asset.body).iter().take(8).map(|b| format!("{b:02x}")).collect())
        .collect()
});

/// The versioned URL of one of the files (`None` for a name that is not one).
pub fn url(name: &str) -> Option<String> {
    let index = FILES.iter().position(|asset| asset.name == name)?;
    Some(format!("/assets/{}/{}", VERSIONS[index], name))
}

/// `template` with each `{{file}}` replaced by that file's versioned URL.
fn render(template: &str) -> String {
    FILES.iter().fold(template.to_owned(), |page, asset| {
        let url = url(asset.name).unwrap_or_default();
        page.replace(&format!("{{{{{}}}}}", asset.name), &url)
    })
}

static GRAPHIQL: LazyLock<String> = LazyLock::new(|| render(include_str!("../assets/graphiql/index.html")));
static DASHBOARD: LazyLock<String> = LazyLock::new(|| render(include_str!("../assets/dashboard/index.html")));

pub fn graphiql_page() -> Response {
    page(GRAPHIQL.as_str())
}

pub fn dashboard_page() -> Response {
    page(DASHBOARD.as_str())
}

/// What a browser may do with the hub's pages: load scripts, styles, images, fonts and
/// connections (HTTP and WebSocket) from the hub's own origin only, never be framed, and send
/// no referrer elsewhere. Styles allow inline ones: GraphiQL's editor and the dashboard's bars
/// set style attributes, which cannot carry a nonce; a style cannot run code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A page made for one request (the development sign-in page), with the same headers.
pub fn page_of(html: String) -> Response {
    page(html)
}

fn page(html: impl Into<axum::body::Body>) -> Response {
    let mut response = Html(html.into()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A page names this release's assets, so browsers revalidate it; the assets are cached.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Headers every response carries (set by the router): no content sniffing, and no referrer
/// sent to other origins.
pub fn common_headers() -> [(HeaderName, HeaderValue); 2] {
    [
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
    ]
}

/// `GET /assets/{version}/{file}`: a file at its current version. Another version of a known
/// file is not found (an old page asking for last release's file gets nothing stale).
pub async fn asset(Path((version, name)): Path<(String, String)>) -> Response {
    let Some(index) = FILES.iter().position(|asset| asset.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if VERSIONS[index] != version {
        return StatusCode::NOT_FOUND.into_response();
    }
    let asset = &FILES[index];
    let headers = [
        (header::CONTENT_TYPE, asset.content_type),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
    ];
    (headers, asset.body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_name_every_file_by_its_versioned_url_and_keep_no_placeholder() {
        for page in [GRAPHIQL.as_str(), DASHBOARD.as_str()] {
            assert!(!page.contains("{{"), "a placeholder is left");
            assert!(!page.contains("<script>"), "an inline script is left");
        }
        let script = url("graphiql.min.js").unwrap_or_default();
        assert!(
            GRAPHIQL.contains(&script) && script.starts_with("/assets/") && script.len() > 30,
            "{script}"
        );
        assert!(DASHBOARD.contains(&url("dashboard.js").unwrap_or_default()));
    }
}
