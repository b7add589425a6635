//! Published internship offers: the list with its filters (`/offers`) and one offer
//! (`/offers/{id}`).

use axum::Extension;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{Markup, html};
use serde_json::{Map, Value, json};

use super::words::LEVELS;
use super::{Lang, PageError, Params, Peer, Visit, day, layout, money, respond, text};
use crate::state::AppState;

/// What a card shows of an offer; the list and the home page ask for the same fields.
pub const CARD_FIELDS: &str = "id title sector seatsLeft eligibleLevels startDate endDate \
    applicationDeadline stipendVnd publishedAt enterprise { name } area { name }";

const PAGE_SIZE: i64 = 20;

pub async fn list(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ConnectInfo(peer): Peer,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    respond(lang, list_page(&state, lang, peer, &headers, &params).await)
}

/// The filters a visitor chose, kept only where valid (a bad value means "no filter").
struct Chosen {
    text: String,
    level: Option<&'static str>,
    sector: String,
    open_only: bool,
    after: Option<String>,
}

impl Chosen {
    fn from(params: &std::collections::HashMap<String, String>) -> Self {
        let param = |name: &str| params.get(name).map(|value| value.trim()).unwrap_or_default();
        let text: String = param("text").chars().take(100).collect();
        let level = LEVELS.iter().copied().find(|level| *level == param("level"));
        let sector = param("sector");
        let sector =
            if sector.len() <= 5 && sector.chars().all(|c| c.is_ascii_digit()) { sector } else { "" };
        // A first visit (no form sent yet) shows only offers taking nominations; a sent form
        // says so with its checkbox.
        let open_only = !params.contains_key("sent") || param("open") == "1";
        let after =
            Some(param("after")).filter(|after| !after.is_empty() && after.len() <= 200).map(str::to_owned);
        Self { text, level, sector: sector.to_owned(), open_only, after }
    }

    fn filter(&self) -> Value {
        let mut filter = Map::new();
        if !self.text.is_empty() {
            filter.insert("text".into(), json!(self.text));
        }
        if let Some(level) = self.level {
            filter.insert("level".into(), json!(level));
        }
        if !self.sector.is_empty() {
            filter.insert("sector".into(), json!(self.sector));
        }
        if self.open_only {
            filter.insert("openForNominations".into(), json!(true));
        } else {
            filter.insert("status".into(), json!("PUBLISHED"));
        }
        Value::Object(filter)
    }

    /// The query string of these filters (without the page), for the next page's link.
    fn query_string(&self) -> String {
        let mut pairs = vec![("sent", "1".to_owned())];
        if !self.text.is_empty() {
            pairs.push(("text", self.text.clone()));
        }
        if let Some(level) = self.level {
            pairs.push(("level", level.to_owned()));
        }
        if !self.sector.is_empty() {
            pairs.push(("sector", self.sector.clone()));
        }
        if self.open_only {
            pairs.push(("open", "1".to_owned()));
        }
        pairs.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect::<Vec<_>>().join("&")
    }
}

async fn list_page(
    state: &AppState,
    lang: Lang,
    peer: std::net::SocketAddr,
    headers: &HeaderMap,
    params: &std::collections::HashMap<String, String>,
) -> Result<Response, PageError> {
    let visit = Visit::admit(state, peer, headers, lang)?;
    let chosen = Chosen::from(params);
    let query = format!(
        "query PublicOffers($filter: InternshipOfferFilter, $after: String) {{ \
           internshipOffers(filter: $filter, first: {PAGE_SIZE}, after: $after) {{ \
             pageInfo {{ hasNextPage endCursor }} nodes {{ {CARD_FIELDS} }} }} }}"
    );
    let data = visit.query(&query, json!({ "filter": chosen.filter(), "after": chosen.after })).await?;
    let connection = &data["internshipOffers"];
    let words = lang.words();
    let offers = connection["nodes"].as_array().cloned().unwrap_or_default();
    let next = connection["pageInfo"]["hasNextPage"]
        .as_bool()
        .unwrap_or(false)
        .then(|| text(&connection["pageInfo"], "endCursor").to_owned());
    let filters = chosen.query_string();
    let body = html! {
        h1 { (words.offers_title) }
        p { (words.offers_intro) " " (words.how_to_apply) }
        form.filters method="get" action=(lang.path("/offers")) role="search" {
            input type="hidden" name="sent" value="1";
            label { (words.filter_text) input type="search" name="text" value=(chosen.text) maxlength="100"; }
            label {
                (words.filter_level)
                select name="level" {
                    option value="" { (words.any_level) }
                    @for level in LEVELS {
                        option value=(level) selected[chosen.level == Some(level)] { (words.level(level)) }
                    }
                }
            }
            label {
                (words.filter_sector)
                input type="text" name="sector" value=(chosen.sector) inputmode="numeric" maxlength="5"
                    aria-describedby="sector-hint";
                small #sector-hint { (words.filter_sector_hint) }
            }
            label.check { input type="checkbox" name="open" value="1" checked[chosen.open_only]; (words.filter_open_only) }
            button type="submit" { (words.search) }
        }
        @if offers.is_empty() {
            p.empty { (words.no_offers) }
        } @else {
            div.cards { @for offer in &offers { (card(lang, offer)) } }
        }
        nav.pages aria-label=(words.offers_title) {
            @if chosen.after.is_some() {
                a href={ (lang.path("/offers")) "?" (filters) } { (words.first_page) }
            }
            @if let Some(cursor) = next {
                a rel="next" href={ (lang.path("/offers")) "?" (filters) "&after=" (encode(&cursor)) } { (words.next_page) }
            }
        }
    };
    let path = format!("/offers?{filters}");
    Ok(layout::page(lang, &path, words.offers_title, body))
}

/// One offer as a card in a list.
pub fn card(lang: Lang, offer: &Value) -> Markup {
    let words = lang.words();
    let id = text(offer, "id");
    html! {
        article.card {
            h3 { a href={ (lang.path("/offers")) "/" (id) } { (text(offer, "title")) } }
            p.meta { (text(&offer["enterprise"], "name")) " · " (text(&offer["area"], "name")) }
            dl {
                dt { (words.seats_left) } dd { (offer["seatsLeft"]) }
                dt { (words.deadline) } dd { (day(text(offer, "applicationDeadline"))) }
                dt { (words.period) } dd { (day(text(offer, "startDate"))) " – " (day(text(offer, "endDate"))) }
            }
            (source(lang, offer))
        }
    }
}

/// "Source: the enterprise, published on …": every fact on the pages names where it came from.
fn source(lang: Lang, offer: &Value) -> Markup {
    let words = lang.words();
    html! {
        p.source {
            (words.source) ": " (text(&offer["enterprise"], "name")) ", " (words.published_on) " "
            (day(text(offer, "publishedAt")))
        }
    }
}

pub async fn one(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ConnectInfo(peer): Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    respond(lang, one_page(&state, lang, peer, &headers, &id).await)
}

async fn one_page(
    state: &AppState,
    lang: Lang,
    peer: std::net::SocketAddr,
    headers: &HeaderMap,
    id: &str,
) -> Result<Response, PageError> {
    let visit = Visit::admit(state, peer, headers, lang)?;
    let query = format!(
        "query PublicOffer($id: ID!) {{ internshipOffer(id: $id) {{ {CARD_FIELDS} description status \
           enterprise {{ name website }} }} }}"
    );
    let data = visit.query(&query, json!({ "id": id })).await?;
    let offer = &data["internshipOffer"];
    if offer.is_null() || text(offer, "status") != "PUBLISHED" {
        return Err(PageError::NotFound);
    }
    let words = lang.words();
    let levels: Vec<&str> = offer["eligibleLevels"]
        .as_array()
        .map(|levels| levels.iter().filter_map(Value::as_str).map(|level| words.level(level)).collect())
        .unwrap_or_default();
    let stipend = offer["stipendVnd"].as_i64().or_else(|| text(offer, "stipendVnd").parse().ok());
    let title = text(offer, "title");
    let body = html! {
        article.offer {
            h1 { (title) }
            p.meta { (text(&offer["enterprise"], "name")) " · " (text(&offer["area"], "name")) }
            p.description { (text(offer, "description")) }
            dl {
                dt { (words.levels) } dd { (levels.join(", ")) }
                dt { (words.seats_left) } dd { (offer["seatsLeft"]) }
                dt { (words.deadline) } dd { (day(text(offer, "applicationDeadline"))) }
                dt { (words.period) } dd { (day(text(offer, "startDate"))) " – " (day(text(offer, "endDate"))) }
                dt { (words.stipend) } dd { @match stipend { Some(amount) => (money(lang, amount)), None => (words.unpaid) } }
                dt { (words.sector) } dd { "VSIC " (text(offer, "sector")) }
            }
            p { (words.how_to_apply) }
            (source(lang, offer))
        }
    };
    Ok(layout::page(lang, &format!("/offers/{id}"), title, body))
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
