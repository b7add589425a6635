//! Upcoming career events (`/events`): career-guidance days, open days and company visits,
//! soonest first, optionally for one grade.

use std::collections::HashMap;

use axum::extract::Query;
use axum::response::Response;
use maud::{Markup, html};
use serde_json::{Value, json};

use super::{
    Lang, PageError, Params, Visit, clock, connection, count, day, items, layout, number, page_links, param,
    query_string, text,
};

/// What a card shows of an event; the list and the home page ask for the same fields.
pub const CARD_FIELDS: &str = "id kind title description place startsAt endsAt capacity seatsLeft grades publishedAt host { name } area { name }";

const PAGE_SIZE: i64 = 20;

/// The grades a visitor can choose: the events are for pupils choosing a path, from the end of
/// primary school to the end of upper secondary.
const GRADES: std::ops::RangeInclusive<i64> = 6..=12;

pub async fn list(visit: Visit, Query(params): Params) -> Response {
    visit.respond(list_page(&visit, &params).await)
}

async fn list_page(visit: &Visit, params: &HashMap<String, String>) -> Result<Response, PageError> {
    let lang = visit.lang;
    let grade = param(params, "grade", 2).parse::<i64>().ok().filter(|grade| GRADES.contains(grade));
    let after = Some(param(params, "after", 200)).filter(|after| !after.is_empty());
    let filter = match grade {
        Some(grade) => json!({ "upcoming": true, "status": "PUBLISHED", "grade": grade }),
        None => json!({ "upcoming": true, "status": "PUBLISHED" }),
    };
    let query = format!(
        "query PublicEvents($filter: CareerEventFilter, $after: String) {{ \
           careerEvents(filter: $filter, first: {PAGE_SIZE}, after: $after) {{ \
             pageInfo {{ hasNextPage endCursor }} nodes {{ {CARD_FIELDS} }} }} }}"
    );
    let data = visit.query(&query, json!({ "filter": filter, "after": after })).await?;
    let (events, next) = connection(&data["careerEvents"]);
    let words = lang.careers();
    let grade_text = grade.map(|grade| grade.to_string()).unwrap_or_default();
    let base = format!("/events?{}", query_string(&[("grade", &grade_text)]));
    let body = html! {
        h1 { (words.events_title) }
        p { (words.events_intro) " " (words.how_to_register) }
        form.filters method="get" action=(lang.path("/events")) {
            label {
                (words.grade)
                select name="grade" {
                    option value="" { (words.any_grade) }
                    @for choice in GRADES {
                        option value=(choice) selected[grade == Some(choice)] { (words.grade) " " (choice) }
                    }
                }
            }
            button type="submit" { (lang.words().search) }
        }
        @if events.is_empty() {
            p.empty { (words.no_events) }
        } @else {
            div.cards { @for event in events { (card(lang, event)) } }
        }
        (page_links(lang, &base, after.as_deref(), next.as_deref(), words.events_title))
    };
    Ok(layout::page(lang, &base, words.events_title, body))
}

/// One event as a card.
pub fn card(lang: Lang, event: &Value) -> Markup {
    let words = lang.careers();
    let grades: Vec<String> =
        items(event, "grades").iter().filter_map(Value::as_i64).map(|grade| grade.to_string()).collect();
    let starts = text(event, "startsAt");
    let ends = text(event, "endsAt");
    let same_day = day(starts) == day(ends);
    html! {
        article.card id={ "event-" (text(event, "id")) } {
            h3 { (text(event, "title")) }
            p.meta { (words.event_kind(text(event, "kind"))) " · " (text(&event["host"], "name")) }
            p { (text(event, "description")) }
            dl {
                dt { (words.when) }
                dd {
                    @if same_day {
                        (day(starts)) ", " (clock(starts)) "–" (clock(ends))
                    } @else {
                        (day(starts)) " " (clock(starts)) " – " (day(ends)) " " (clock(ends))
                    }
                }
                dt { (lang.words().place) } dd { (text(event, "place")) ", " (text(&event["area"], "name")) }
                dt { (words.grades) } dd { (grades.join(", ")) }
                dt { (lang.words().seats_left) }
                dd { (count(lang, number(event, "seatsLeft").unwrap_or_default())) " / " (count(lang, number(event, "capacity").unwrap_or_default())) }
            }
            p.source {
                (lang.words().source) ": " (text(&event["host"], "name")) ", " (lang.words().published_on) " "
                (day(text(event, "publishedAt")))
            }
        }
    }
}
