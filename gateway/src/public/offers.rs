//! Published internship offers: the list with its filters (`/offers`) and one offer
//! (`/offers/{id}`).

use axum::extract::{Path, Query};
use axum::response::Response;
use maud::{Markup, html};
use serde_json::{Map, Value, json};

use super::words::LEVELS;
use super::{
    Lang, PageError, Params, Visit, connection, day, layout, money, number, one_of, page_links, query_string,
    text, texts,
};

/// What a card shows of an offer; the list and the home page ask for the same fields.
pub const CARD_FIELDS: &str = "id title sector seatsLeft eligibleLevels startDate endDate \
    applicationDeadline stipendVnd publishedAt enterprise { name } area { name }";

const PAGE_SIZE: i64 = 20;

pub async fn list(visit: Visit, Query(params): Params) -> Response {
    visit.respond(list_page(&visit, &params).await)
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
        let text = super::param(params, "text", 100);
        let level = Some(one_of(&LEVELS, param("level"))).filter(|level| !level.is_empty());
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
        query_string(&[
            ("sent", "1"),
            ("text", &self.text),
            ("level", self.level.unwrap_or_default()),
            ("sector", &self.sector),
            ("open", if self.open_only { "1" } else { "" }),
        ])
    }
}

async fn list_page(
    visit: &Visit,
    params: &std::collections::HashMap<String, String>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let chosen = Chosen::from(params);
    let query = format!(
        "query PublicOffers($filter: InternshipOfferFilter, $after: String) {{ \
           internshipOffers(filter: $filter, first: {PAGE_SIZE}, after: $after) {{ \
             pageInfo {{ hasNextPage endCursor }} nodes {{ {CARD_FIELDS} }} }} }}"
    );
    let data = visit.query(&query, json!({ "filter": chosen.filter(), "after": chosen.after })).await?;
    let (offers, next) = connection(&data["internshipOffers"]);
    let words = lang.words();
    let base = format!("/offers?{}", chosen.query_string());
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
            div.cards { @for offer in offers { (card(lang, offer)) } }
        }
        (page_links(lang, &base, chosen.after.as_deref(), next.as_deref(), words.offers_title))
    };
    Ok(layout::page(lang, &base, words.offers_title, body))
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

pub async fn one(visit: Visit, Path(id): Path<String>) -> Response {
    visit.respond(one_page(&visit, &id).await)
}

async fn one_page(visit: &Visit, id: &str) -> Result<Response, PageError> {
    let lang = visit.lang;
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
    let levels: Vec<&str> =
        texts(offer, "eligibleLevels").into_iter().map(|level| words.level(level)).collect();
    let stipend = number(offer, "stipendVnd");
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
