//! `/sitemap.xml` and `/robots.txt`, so search engines find every public page in both
//! languages.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use super::Lang;
use crate::state::AppState;

/// How many offers and programmes the sitemap lists (the newest of each); the list pages link
/// to the rest.
const LISTED: i64 = 100;

/// The origin absolute URLs start with: the configured public address, else the request's host.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.auth_settings.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).unwrap_or("localhost");
    let host: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        .collect();
    format!("http://{host}")
}

pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let mut paths: Vec<String> =
        ["/", "/programmes", "/occupations", "/events", "/offers"].map(str::to_owned).to_vec();
    let query = format!(
        "{{ internshipOffers(filter: {{ status: PUBLISHED }}, first: {LISTED}) {{ nodes {{ id }} }} \
           vocationalProgrammes(first: {LISTED}) {{ nodes {{ id }} }} \
           occupations(first: {LISTED}) {{ nodes {{ code }} }} }}"
    );
    let response = async_graphql::Executor::execute(&state.schema, async_graphql::Request::new(query)).await;
    if let Ok(data) = response.data.into_json() {
        for (list, key, path) in [
            ("internshipOffers", "id", "/offers"),
            ("vocationalProgrammes", "id", "/programmes"),
            ("occupations", "code", "/occupations"),
        ] {
            let nodes = super::items(&data[list], "nodes");
            paths.extend(nodes.iter().filter_map(|node| node[key].as_str()).map(|id| format!("{path}/{id}")));
        }
    }
    let origin = origin(&state, &headers);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in &paths {
        for lang in [Lang::Vi, Lang::En] {
            xml.push_str(&format!("<url><loc>{origin}{}</loc>", lang.path(path)));
            for alternate in [Lang::Vi, Lang::En] {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{origin}{}\"/>",
                    alternate.code(),
                    alternate.path(path)
                ));
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response()
}

pub async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let text = format!(
        "User-agent: *\nDisallow: /graphql\nDisallow: /app\nDisallow: /dashboard\nDisallow: /auth/\n\
         Sitemap: {}/sitemap.xml\n",
        origin(&state, &headers)
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
