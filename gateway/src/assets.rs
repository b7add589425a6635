//! The static files the hub's pages load, embedded in the binary and served under versioned
//! URLs: `/assets/<content hash>/<file>`. A URL names one content for ever, so browsers may keep
//! it a year without asking again (`immutable`), and a release that changes a file changes its
//! URL. The pages are templates: each `{{file}}` in them becomes that file's URL, once, when
//! first served.
//!
//! The web app (`/app`, `assets/app/`) is plain ES modules that import each other by relative
//! URL, so its files share one version, the hash of all of them together: `./api.js` imported
//! from `/assets/<app version>/app.js` is `/assets/<app version>/api.js`.
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

const JS: &str = "text/javascript; charset=utf-8";

/// One file of the web app, from `assets/app/`.
macro_rules! app_file {
    ($name:literal, $content_type:expr) => {
        Asset {
            name: $name,
            content_type: $content_type,
            body: include_bytes!(concat!("../assets/app/", $name)),
        }
    };
}

/// The web app's files: one version for all (see the module's documentation). Names are
/// distinct from `FILES`'.
const APP_FILES: &[Asset] = &[
    app_file!("app.css", "text/css; charset=utf-8"),
    app_file!("app.js", JS),
    app_file!("api.js", JS),
    app_file!("i18n.js", JS),
    app_file!("format.js", JS),
    app_file!("forms.js", JS),
    app_file!("live.js", JS),
    app_file!("enterprise.js", JS),
    app_file!("school.js", JS),
    app_file!("college.js", JS),
    app_file!("officer.js", JS),
    app_file!("profile.js", JS),
    app_file!("notifications.js", JS),
    app_file!("equipment.js", JS),
    app_file!("figures.js", JS),
    app_file!("sections.js", JS),
    app_file!("partnerships.js", JS),
    app_file!("reports.js", JS),
    app_file!("workshops.js", JS),
    app_file!("members.js", JS),
    app_file!("vi.json", "application/json"),
    app_file!("en.json", "application/json"),
];

fn hash(bodies: &[&[u8]]) -> String {
    let mut digest = Sha256::new();
    for body in bodies {
        digest.update(body);
    }
    digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Each file's content hash (the first 16 hex digits of its SHA-256), in `FILES` order.
static VERSIONS: LazyLock<Vec<String>> =
    LazyLock::new(|| FILES.iter().map(|asset| hash(&[asset.body])).collect());

/// The web app's version: the hash of its files' names and contents together.
static APP_VERSION: LazyLock<String> = LazyLock::new(|| {
    let parts: Vec<&[u8]> = APP_FILES.iter().flat_map(|asset| [asset.name.as_bytes(), asset.body]).collect();
    hash(&parts)
});

/// A known file and its current version.
fn find(name: &str) -> Option<(&'static Asset, &'static str)> {
    if let Some(index) = FILES.iter().position(|asset| asset.name == name) {
        return Some((&FILES[index], VERSIONS[index].as_str()));
    }
    APP_FILES.iter().find(|asset| asset.name == name).map(|asset| (asset, APP_VERSION.as_str()))
}

/// The versioned URL of one of the files (`None` for a name that is not one).
pub fn url(name: &str) -> Option<String> {
    let (asset, version) = find(name)?;
    Some(format!("/assets/{version}/{}", asset.name))
}

/// `template` with each `{{file}}` replaced by that file's versioned URL.
fn render(template: &str) -> String {
    FILES.iter().chain(APP_FILES).fold(template.to_owned(), |page, asset| {
        let url = url(asset.name).unwrap_or_default();
        page.replace(&format!("{{{{{}}}}}", asset.name), &url)
    })
}

static GRAPHIQL: LazyLock<String> = LazyLock::new(|| render(include_str!("../assets/graphiql/index.html")));
static DASHBOARD: LazyLock<String> = LazyLock::new(|| render(include_str!("../assets/dashboard/index.html")));
static APP: LazyLock<String> = LazyLock::new(|| render(include_str!("../assets/app/index.html")));

pub fn graphiql_page() -> Response {
    page(GRAPHIQL.as_str())
}

pub fn dashboard_page() -> Response {
    page(DASHBOARD.as_str())
}

/// `GET /app` and every path under it: the web app's one page (its script routes by path).
pub async fn app_page() -> Response {
    page(APP.as_str())
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
    let Some((asset, current)) = find(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if current != version {
        return StatusCode::NOT_FOUND.into_response();
    }
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
        for page in [GRAPHIQL.as_str(), DASHBOARD.as_str(), APP.as_str()] {
            assert!(!page.contains("{{"), "a placeholder is left");
            assert!(!page.contains("<script>"), "an inline script is left");
        }
        let script = url("graphiql.min.js").unwrap_or_default();
        assert!(
            GRAPHIQL.contains(&script) && script.starts_with("/assets/") && script.len() > 30,
            "{script}"
        );
        assert!(DASHBOARD.contains(&url("dashboard.js").unwrap_or_default()));
        assert!(APP.contains(&url("app.js").unwrap_or_default()));
    }

    #[test]
    fn the_app_files_share_one_version_and_no_name_is_used_twice() {
        let mut names: Vec<&str> = FILES.iter().chain(APP_FILES).map(|asset| asset.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FILES.len() + APP_FILES.len(), "a file name is used twice");
        let version = |name: &str| url(name).unwrap_or_default().split('/').nth(2).map(str::to_owned);
        assert_eq!(version("app.js"), version("vi.json"), "relative imports need one version");
        assert_ne!(version("app.js"), version("dashboard.js"));
    }

    fn app_text(name: &str) -> &'static str {
        let asset = APP_FILES.iter().find(|asset| asset.name == name).unwrap_or_else(|| panic!("{name}"));
        std::str::from_utf8(asset.body).unwrap_or_else(|_| panic!("{name} is UTF-8"))
    }

    /// The quoted words following each occurrence of `opening` in `text` that does not
    /// continue a longer name (`split('` is not `t('`).
    fn keys_after<'a>(text: &'a str, opening: &str, close: char) -> Vec<&'a str> {
        text.match_indices(opening)
            .filter(|(at, _)| {
                !text[..*at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            })
            .filter_map(|(at, _)| text[at + opening.len()..].split(close).next())
            .collect()
    }

    /// The values of one enum of the API schema, as the snapshot holds them.
    fn enum_values(schema: &str, name: &str) -> Vec<String> {
        let start = schema.find(&format!("enum {name} {{")).unwrap_or_else(|| panic!("enum {name}"));
        let body = &schema[start..];
        let body = &body[..body.find("\n}").unwrap_or(body.len())];
        let mut values = Vec::new();
        let mut in_doc = false;
        for line in body.lines().skip(1).map(str::trim) {
            if line.starts_with("\"\"\"") {
                in_doc = !(in_doc || (line.len() > 3 && line.ends_with("\"\"\"")));
                continue;
            }
            if !in_doc && !line.is_empty() && line.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                values.push(line.to_owned());
            }
        }
        values
    }

    #[test]
    fn every_text_of_the_app_exists_in_vietnamese_and_english() {
        use std::collections::BTreeMap;
        let vi: BTreeMap<String, String> = serde_json::from_str(app_text("vi.json")).unwrap_or_default();
        let en: BTreeMap<String, String> = serde_json::from_str(app_text("en.json")).unwrap_or_default();
        assert!(vi.len() > 100, "the Vietnamese dictionary did not load");
        let only_vi: Vec<&String> = vi.keys().filter(|key| !en.contains_key(*key)).collect();
        assert!(only_vi.is_empty(), "Vietnamese text but no English: {only_vi:?}");
        let only_en: Vec<&String> = en.keys().filter(|key| !vi.contains_key(*key)).collect();
        assert!(only_en.is_empty(), "English text but no Vietnamese: {only_en:?}");
        for (key, text) in vi.iter().chain(en.iter()) {
            assert!(!text.trim().is_empty(), "{key:?} is empty");
        }

        // Every key the code names: `t('key'`, `title: 'key'`, `data-i18n="key"`, and the
        // keys it builds from the API's enums.
        let mut used: Vec<String> = Vec::new();
        for asset in APP_FILES.iter().filter(|asset| asset.name.ends_with(".js")) {
            let text = app_text(asset.name);
            for opening in ["t('", "title: '"] {
                used.extend(keys_after(text, opening, '\'').into_iter().map(str::to_owned));
            }
        }
        used.extend(
            keys_after(include_str!("../assets/app/index.html"), "data-i18n=\"", '"')
                .into_iter()
                .map(str::to_owned),
        );
        let schema = include_str!("../../tests/api/snapshots/schema.graphql");
        for (prefix, enums) in [
            ("status", &["OfferStatus", "NominationStatus", "BookingStatus"][..]),
            ("kind", &["OrganizationKind"][..]),
            ("level", &["EligibleLevel"][..]),
            ("equipment.status", &["RequestStatus", "ListingStatus"][..]),
            ("equipment.kind", &["ListingKind"][..]),
            ("equipment.condition", &["EquipmentCondition"][..]),
            ("pb.status", &["PartnershipStatus", "AnnualReportStatus", "InvitationStatus"][..]),
            ("pb.partnershipKind", &["PartnershipKind"][..]),
            ("pb.commitment", &["CommitmentKind"][..]),
            ("pb.engagement", &["EngagementKind"][..]),
            ("pb.role", &["MembershipRole"][..]),
            ("pb.weekday", &["Weekday"][..]),
            ("pb.facilityStatus", &["FacilityStatus"][..]),
            ("pb.counts", &["IndicatorCounts"][..]),
        ] {
            for name in enums {
                let values = enum_values(schema, name);
                assert!(!values.is_empty(), "enum {name} has no values");
                used.extend(values.into_iter().map(|value| format!("{prefix}.{value}")));
            }
        }
        for code in ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT", "INTERNAL"] {
            used.push(format!("error.{code}"));
        }
        for key in &used {
            assert!(vi.contains_key(key), "the app uses {key:?}, which has no text");
        }
    }
}
