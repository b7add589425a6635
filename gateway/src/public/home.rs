//! The home page: the paths after grade 9 and grade 12, and what is on offer now.

use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde_json::json;

use super::offers::{CARD_FIELDS, card};
use super::{Lang, PageError, Peer, Visit, layout, respond};
use crate::state::AppState;

pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ConnectInfo(peer): Peer,
    headers: HeaderMap,
) -> Response {
    respond(lang, home(&state, lang, peer, &headers).await)
}

async fn home(
    state: &AppState,
    lang: Lang,
    peer: std::net::SocketAddr,
    headers: &HeaderMap,
) -> Result<Response, PageError> {
    let visit = Visit::admit(state, peer, headers, lang)?;
    let query = format!(
        "query PublicHome {{ internshipOffers(filter: {{ openForNominations: true }}, first: 6) {{ \
           nodes {{ {CARD_FIELDS} }} }} }}"
    );
    let data = visit.query(&query, json!({})).await?;
    let offers = data["internshipOffers"]["nodes"].as_array().cloned().unwrap_or_default();
    let words = lang.words();
    let body = html! {
        section.hero {
            h1 { (words.home_title) }
            p { (words.home_intro) }
        }
        section.paths aria-label=(words.home_title) {
            div.path { h2 { (words.after_grade_9_title) } p { (words.after_grade_9) } }
            div.path { h2 { (words.after_grade_12_title) } p { (words.after_grade_12) } }
        }
        section {
            h2 { (words.latest_offers) }
            @if offers.is_empty() {
                p.empty { (words.no_offers) }
            } @else {
                div.cards { @for offer in &offers { (card(lang, offer)) } }
            }
            p { a href=(lang.path("/offers")) { (words.all_offers) } }
        }
    };
    Ok(layout::page(lang, "/", words.home_title, body))
}
