//! Occupations: the catalogue with a search (`/occupations`) and one occupation's page
//! (`/occupations/{code}`): what the work is, the demand over the latest labour-market bulletins
//! (a chart and its table), the programmes training for it and the internships in its
//! industries.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::response::Response;
use maud::{Markup, html};
use serde_json::{Map, Value, json};

use super::careers_words::VOCATIONAL_LEVELS;
use super::chart::{self, Period};
use super::programmes::{self, occupation_name};
use super::{
    Lang, PageError, Params, Visit, connection, count, day, items, layout, number, offers, one_of,
    page_links, param, query_string, text, texts,
};

const PAGE_SIZE: i64 = 30;
/// Internships shown on an occupation's page, newest first.
const OFFERS_SHOWN: usize = 6;

pub async fn list(visit: Visit, Query(params): Params) -> Response {
    visit.respond(list_page(&visit, &params).await)
}

async fn list_page(visit: &Visit, params: &HashMap<String, String>) -> Result<Response, PageError> {
    let lang = visit.lang;
    let search = param(params, "text", 100);
    let level = param(params, "level", 20);
    let level = one_of(&VOCATIONAL_LEVELS, &level);
    let after = Some(param(params, "after", 200)).filter(|after| !after.is_empty());
    let mut filter = Map::new();
    if !search.is_empty() {
        filter.insert("text".into(), json!(search));
    }
    if !level.is_empty() {
        filter.insert("level".into(), json!(level));
    }
    let query = format!(
        "query PublicOccupations($filter: OccupationFilter, $after: String) {{ \
           occupations(filter: $filter, first: {PAGE_SIZE}, after: $after) {{ \
             pageInfo {{ hasNextPage endCursor }} nodes {{ code nameVi nameEn trainingLevels }} }} }}"
    );
    let data = visit.query(&query, json!({ "filter": filter, "after": after })).await?;
    let (occupations, next) = connection(&data["occupations"]);
    let words = lang.careers();
    let base = format!("/occupations?{}", query_string(&[("text", &search), ("level", level)]));
    let body = html! {
        h1 { (words.occupations_title) }
        p { (words.occupations_intro) }
        form.filters method="get" action=(lang.path("/occupations")) role="search" {
            label { (words.filter_occupation_text) input type="search" name="text" value=(search) maxlength="100"; }
            label {
                (words.training_levels)
                select name="level" {
                    option value="" { (words.any_level) }
                    @for known in VOCATIONAL_LEVELS {
                        option value=(known) selected[known == level] { (words.level(known)) }
                    }
                }
            }
            button type="submit" { (lang.words().search) }
        }
        @if occupations.is_empty() {
            p.empty { (words.no_occupations) }
        } @else {
            ul.occupations {
                @for occupation in occupations {
                    li {
                        a href={ (lang.path("/occupations")) "/" (text(occupation, "code")) } { (occupation_name(lang, occupation)) }
                        " "
                        small { (words.occupation_code) " " (text(occupation, "code")) " · " (levels(lang, occupation)) }
                    }
                }
            }
            p.source { (lang.words().source) ": " (words.occupation_source) }
        }
        (page_links(lang, &base, after.as_deref(), next.as_deref(), words.occupations_title))
    };
    Ok(layout::page(lang, &base, words.occupations_title, body))
}

fn levels(lang: Lang, occupation: &Value) -> String {
    let words = lang.careers();
    texts(occupation, "trainingLevels")
        .into_iter()
        .map(|level| words.level(level))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn one(visit: Visit, Path(code): Path<String>) -> Response {
    visit.respond(one_page(&visit, &code).await)
}

async fn one_page(visit: &Visit, code: &str) -> Result<Response, PageError> {
    let lang = visit.lang;
    if code.is_empty() || code.len() > 5 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(PageError::NotFound);
    }
    let query = format!(
        "query PublicOccupation($code: String!) {{ occupation(code: $code) {{ \
           code nameVi nameEn description trainingLevels vsicSections skills updatedAt \
           programmes(first: 20) {{ {} }} \
           bulletins(last: 8) {{ period year number area {{ name }} vacancies jobSeekers hires forecast \
             publisher sourceDocument demonstration publishedAt }} }} }}",
        programmes::CARD_FIELDS
    );
    let data = visit.query(&query, json!({ "code": code })).await?;
    let occupation = &data["occupation"];
    if occupation.is_null() {
        return Err(PageError::NotFound);
    }
    let sections = texts(occupation, "vsicSections");
    let offers = offers_in(visit, &sections).await?;
    let words = lang.careers();
    let name = occupation_name(lang, occupation);
    let skills = texts(occupation, "skills");
    let programmes = items(occupation, "programmes");
    let bulletins = items(occupation, "bulletins");
    let body = html! {
        article.offer {
            h1 { (name) }
            p.meta { (words.occupation_code) " " (text(occupation, "code")) }
            h2 { (words.what_the_work_is) }
            p.description { (text(occupation, "description")) }
            dl {
                dt { (words.training_levels) } dd { (levels(lang, occupation)) }
                @if !skills.is_empty() {
                    dt { (words.skills) } dd { (skills.join(", ")) }
                }
                @if !sections.is_empty() {
                    dt { (words.industries) } dd { (sections.join(", ")) }
                }
            }
            p.source {
                (lang.words().source) ": " (words.occupation_source) ", " (lang.words().updated_on) " "
                (day(text(occupation, "updatedAt")))
            }
        }
        section {
            h2 { (words.demand_title) }
            @if bulletins.is_empty() {
                p.empty { (words.no_bulletins) }
            } @else {
                p { (words.demand_intro) }
                (demand(lang, bulletins))
            }
        }
        section {
            h2 { (words.programmes_for_it) }
            @if programmes.is_empty() {
                p.empty { (words.no_programmes) }
            } @else {
                div.cards { @for programme in programmes { (programmes::card(lang, programme)) } }
            }
        }
        section {
            h2 { (words.offers_in_its_industries) }
            @if offers.is_empty() {
                p.empty { (words.no_offers_in_its_industries) }
            } @else {
                div.cards { @for offer in &offers { (offers::card(lang, offer)) } }
            }
        }
    };
    Ok(layout::page(lang, &format!("/occupations/{code}"), name, body))
}

/// The newest internships taking nominations in any of the VSIC sections, in one request.
async fn offers_in(visit: &Visit, sections: &[&str]) -> Result<Vec<Value>, PageError> {
    let sections: Vec<&str> = sections
        .iter()
        .copied()
        .filter(|section| section.len() == 1 && section.chars().all(|c| c.is_ascii_uppercase()))
        .collect();
    if sections.is_empty() {
        return Ok(Vec::new());
    }
    let lists: Vec<String> = sections
        .iter()
        .map(|section| {
            format!(
                "section{section}: internshipOffers(filter: {{ vsicSection: \"{section}\", openForNominations: true }}, \
                 first: {OFFERS_SHOWN}) {{ nodes {{ {} }} }}",
                offers::CARD_FIELDS
            )
        })
        .collect();
    let data =
        visit.query(&format!("query PublicOccupationOffers {{ {} }}", lists.join(" ")), json!({})).await?;
    let mut found: Vec<Value> = sections
        .iter()
        .flat_map(|section| items(&data[format!("section{section}")], "nodes").iter().cloned())
        .collect();
    found.sort_by(|a, b| text(b, "publishedAt").cmp(text(a, "publishedAt")));
    found.truncate(OFFERS_SHOWN);
    Ok(found)
}

/// The demand chart and its table. The chart shows one series: the area and kind of period of
/// the newest bulletin (mixing a quarter with a year, or the city with a ward, would mislead);
/// the table lists every bulletin with its source.
fn demand(lang: Lang, bulletins: &[Value]) -> Markup {
    let words = lang.careers();
    let newest = &bulletins[0];
    let mut series: Vec<&Value> = bulletins
        .iter()
        .filter(|bulletin| {
            text(bulletin, "period") == text(newest, "period")
                && text(&bulletin["area"], "name") == text(&newest["area"], "name")
        })
        .collect();
    series.reverse();
    let periods: Vec<Period> = series
        .iter()
        .map(|bulletin| Period {
            label: period_label(lang, bulletin),
            vacancies: number(bulletin, "vacancies").unwrap_or_default(),
            job_seekers: number(bulletin, "jobSeekers").unwrap_or_default(),
        })
        .collect();
    let any_demonstration =
        bulletins.iter().any(|bulletin| bulletin["demonstration"].as_bool() == Some(true));
    let figure = |bulletin: &Value, field: &str| count(lang, number(bulletin, field).unwrap_or_default());
    html! {
        @if any_demonstration {
            p.notice role="note" { strong { (words.demonstration) } }
        }
        (chart::demand(&periods, words.chart_label, words.vacancies, words.job_seekers))
        div.scroll {
            table {
                thead {
                    tr {
                        th scope="col" { (words.period) }
                        th scope="col" { (words.area) }
                        th scope="col" { (words.vacancies) }
                        th scope="col" { (words.job_seekers) }
                        th scope="col" { (words.hires) }
                    }
                }
                tbody {
                    @for bulletin in bulletins {
                        tr {
                            th scope="row" { (period_label(lang, bulletin)) }
                            td { (text(&bulletin["area"], "name")) }
                            td { (figure(bulletin, "vacancies")) }
                            td { (figure(bulletin, "jobSeekers")) }
                            td { (figure(bulletin, "hires")) }
                        }
                    }
                }
            }
        }
        @if !text(newest, "forecast").is_empty() {
            p { strong { (words.forecast) " (" (period_label(lang, newest)) "): " } (text(newest, "forecast")) }
        }
        (bulletin_sources(lang, bulletins))
    }
}

/// Where the figures come from: each publisher and document once, with its latest date.
fn bulletin_sources(lang: Lang, bulletins: &[Value]) -> Markup {
    let mut sources: Vec<(&str, &str, &str)> = Vec::new();
    for bulletin in bulletins {
        let key = (text(bulletin, "publisher"), text(bulletin, "sourceDocument"));
        if !sources.iter().any(|(publisher, document, _)| (*publisher, *document) == key) {
            // Bulletins come newest first, so the first date seen is the latest.
            sources.push((key.0, key.1, text(bulletin, "publishedAt")));
        }
    }
    let words = lang.words();
    html! {
        @for (publisher, document, published) in sources {
            p.source { (words.source) ": " (publisher) ", " (document) ", " (words.published_on) " " (day(published)) }
        }
    }
}

/// "Quý 3/2026" / "Q3 2026", "6 tháng đầu năm 2026" / "H1 2026", "Năm 2026" / "2026".
fn period_label(lang: Lang, bulletin: &Value) -> String {
    let year = number(bulletin, "year").unwrap_or_default();
    let number = number(bulletin, "number").unwrap_or_default();
    match (lang, text(bulletin, "period")) {
        (Lang::Vi, "QUARTER") => format!("Quý {number}/{year}"),
        (Lang::En, "QUARTER") => format!("Q{number} {year}"),
        (Lang::Vi, "HALF_YEAR") if number == 1 => format!("6 tháng đầu năm {year}"),
        (Lang::Vi, "HALF_YEAR") => format!("6 tháng cuối năm {year}"),
        (Lang::En, "HALF_YEAR") => format!("H{number} {year}"),
        (Lang::Vi, _) => format!("Năm {year}"),
        (Lang::En, _) => year.to_string(),
    }
}
