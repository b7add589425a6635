//! The home page: the paths after grade 9 and grade 12, and what is on offer now.

use axum::response::Response;
use maud::html;
use serde_json::json;

use super::events;
use super::offers::{CARD_FIELDS, card};
use super::{PageError, Visit, items, layout};

pub async fn page(visit: Visit) -> Response {
    visit.respond(home(&visit).await)
}

async fn home(visit: &Visit) -> Result<Response, PageError> {
    let lang = visit.lang;
    let query = format!(
        "query PublicHome {{ internshipOffers(filter: {{ openForNominations: true }}, first: 6) {{ \
           nodes {{ {CARD_FIELDS} }} }} \
           careerEvents(filter: {{ upcoming: true, status: PUBLISHED }}, first: 3) {{ nodes {{ {} }} }} }}",
        events::CARD_FIELDS
    );
    let data = visit.query(&query, json!({})).await?;
    let offers = items(&data["internshipOffers"], "nodes");
    let upcoming = items(&data["careerEvents"], "nodes");
    let words = lang.words();
    let careers = lang.careers();
    let body = html! {
        section.hero {
            h1 { (words.home_title) }
            p { (words.home_intro) }
        }
        section.paths aria-label=(words.home_title) {
            div.path {
                h2 { (words.after_grade_9_title) }
                p { (words.after_grade_9) }
                p { a href={ (lang.path("/programmes")) "?entry=AFTER_GRADE_9" } { (careers.find_programme) } }
            }
            div.path {
                h2 { (words.after_grade_12_title) }
                p { (words.after_grade_12) }
                p { a href={ (lang.path("/programmes")) "?entry=AFTER_GRADE_12" } { (careers.find_programme) } }
            }
        }
        form.filters method="get" action=(lang.path("/programmes")) role="search" {
            label { (careers.filter_programme_text) input type="search" name="text" maxlength="100"; }
            button type="submit" { (careers.find_programme) }
            a href=(lang.path("/occupations")) { (careers.explore_occupations) }
        }
        section {
            h2 { (careers.upcoming_events) }
            @if upcoming.is_empty() {
                p.empty { (careers.no_events) }
            } @else {
                div.cards { @for event in upcoming { (events::card(lang, event)) } }
            }
            p { a href=(lang.path("/events")) { (careers.all_events) } }
        }
        section {
            h2 { (words.latest_offers) }
            @if offers.is_empty() {
                p.empty { (words.no_offers) }
            } @else {
                div.cards { @for offer in offers { (card(lang, offer)) } }
            }
            p { a href=(lang.path("/offers")) { (words.all_offers) } }
        }
    };
    Ok(layout::page(lang, "/", words.home_title, body))
}
