//! Vocational programmes: the search (`/programmes`: by occupation, level, area, entry after
//! grade 9 or 12, and name) and one programme with its admissions, outcomes and support
//! policies (`/programmes/{id}`).

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::response::Response;
use maud::{Markup, html};
use serde_json::{Map, Value, json};

use super::careers_words::{ENTRY_POINTS, VOCATIONAL_LEVELS};
use super::{
    Lang, PageError, Params, Visit, connection, count, day, items, layout, money, number, one_of, page_links,
    param, query_string, text, texts,
};

/// What a card shows of a programme; the list, the home page and an occupation's page ask for
/// the same fields.
pub const CARD_FIELDS: &str = "id name level durationMonths tuitionVnd entryPoints combinesGeneralEducation \
    updatedAt institution { name } area { name } admissions { year quota }";

const PAGE_SIZE: i64 = 20;

pub async fn list(visit: Visit, Query(params): Params) -> Response {
    visit.respond(list_page(&visit, &params).await)
}

/// The search a visitor made, each value kept only where it has the right shape (anything else
/// means "no filter"). Occupation codes and area ids are checked by the API.
struct Search {
    text: String,
    occupation: String,
    level: &'static str,
    area: String,
    entry: &'static str,
    after: Option<String>,
}

impl Search {
    fn from(params: &HashMap<String, String>) -> Self {
        let occupation = param(params, "occupation", 5);
        let area = param(params, "area", 36);
        let after = Some(param(params, "after", 200)).filter(|after| !after.is_empty());
        Self {
            text: param(params, "text", 100),
            occupation: if occupation.chars().all(|c| c.is_ascii_digit()) {
                occupation
            } else {
                String::new()
            },
            level: one_of(&VOCATIONAL_LEVELS, &param(params, "level", 20)),
            area: if area.chars().all(|c| c.is_ascii_hexdigit() || c == '-') { area } else { String::new() },
            entry: one_of(&ENTRY_POINTS, &param(params, "entry", 20)),
            after,
        }
    }

    fn filter(&self) -> Value {
        let mut filter = Map::new();
        for (name, value) in [
            ("text", self.text.as_str()),
            ("occupationCode", &self.occupation),
            ("level", self.level),
            ("areaId", &self.area),
            ("entry", self.entry),
        ] {
            if !value.is_empty() {
                filter.insert(name.into(), json!(value));
            }
        }
        Value::Object(filter)
    }

    fn query_string(&self) -> String {
        query_string(&[
            ("text", &self.text),
            ("occupation", &self.occupation),
            ("level", self.level),
            ("area", &self.area),
            ("entry", self.entry),
        ])
    }
}

async fn list_page(visit: &Visit, params: &HashMap<String, String>) -> Result<Response, PageError> {
    let lang = visit.lang;
    let search = Search::from(params);
    // The programmes and what the search form offers to choose from, in one request.
    let query = format!(
        "query PublicProgrammes($filter: VocationalProgrammeFilter, $after: String) {{ \
           vocationalProgrammes(filter: $filter, first: {PAGE_SIZE}, after: $after) {{ \
             pageInfo {{ hasNextPage endCursor }} nodes {{ {CARD_FIELDS} }} }} \
           occupations(first: 100) {{ nodes {{ code nameVi nameEn }} }} \
           areas {{ id name level }} }}"
    );
    let data = visit.query(&query, json!({ "filter": search.filter(), "after": search.after })).await?;
    let (programmes, next) = connection(&data["vocationalProgrammes"]);
    let occupations = items(&data["occupations"], "nodes");
    let mut areas: Vec<&Value> =
        items(&data, "areas").iter().filter(|area| text(area, "level") != "CITY").collect();
    areas.sort_by_key(|area| text(area, "name").to_lowercase());
    let words = lang.careers();
    let base = format!("/programmes?{}", search.query_string());
    let body = html! {
        h1 { (words.programmes_title) }
        p { (words.programmes_intro) }
        form.filters method="get" action=(lang.path("/programmes")) role="search" {
            label { (words.filter_programme_text) input type="search" name="text" value=(search.text) maxlength="100"; }
            label {
                (words.filter_occupation)
                select name="occupation" {
                    option value="" { (words.any_occupation) }
                    @for occupation in occupations {
                        @let code = text(occupation, "code");
                        option value=(code) selected[code == search.occupation] { (occupation_name(lang, occupation)) }
                    }
                }
            }
            label {
                (words.filter_level)
                select name="level" {
                    option value="" { (words.any_level) }
                    @for level in VOCATIONAL_LEVELS {
                        option value=(level) selected[level == search.level] { (words.level(level)) }
                    }
                }
            }
            label {
                (words.filter_entry)
                select name="entry" {
                    option value="" { (words.any_entry) }
                    @for entry in ENTRY_POINTS {
                        option value=(entry) selected[entry == search.entry] { (words.entry_point(entry)) }
                    }
                }
            }
            label {
                (words.filter_area)
                select name="area" {
                    option value="" { (words.any_area) }
                    @for area in &areas {
                        @let id = text(area, "id");
                        option value=(id) selected[id == search.area] { (text(area, "name")) }
                    }
                }
            }
            button type="submit" { (lang.words().search) }
        }
        @if programmes.is_empty() {
            p.empty { (words.no_programmes) }
        } @else {
            div.cards { @for programme in programmes { (card(lang, programme)) } }
        }
        (page_links(lang, &base, search.after.as_deref(), next.as_deref(), words.programmes_title))
    };
    Ok(layout::page(lang, &base, words.programmes_title, body))
}

/// An occupation's name in the page's language.
pub fn occupation_name(lang: Lang, occupation: &Value) -> &str {
    match lang {
        Lang::Vi => text(occupation, "nameVi"),
        Lang::En => text(occupation, "nameEn"),
    }
}

/// The entry points of a programme, in words.
fn entry_points(lang: Lang, programme: &Value) -> String {
    let words = lang.careers();
    texts(programme, "entryPoints")
        .into_iter()
        .map(|entry| words.entry_point(entry))
        .collect::<Vec<_>>()
        .join("; ")
}

fn tuition(lang: Lang, programme: &Value) -> String {
    let words = lang.careers();
    match number(programme, "tuitionVnd") {
        Some(0) | None => words.free.to_owned(),
        Some(amount) => format!("{} {}", money(lang, amount), words.per_year),
    }
}

/// One programme as a card in a list.
pub fn card(lang: Lang, programme: &Value) -> Markup {
    let words = lang.careers();
    let id = text(programme, "id");
    let latest = items(programme, "admissions").first();
    html! {
        article.card {
            h3 { a href={ (lang.path("/programmes")) "/" (id) } { (text(programme, "name")) } }
            p.meta { (text(&programme["institution"], "name")) " · " (text(&programme["area"], "name")) }
            dl {
                dt { (words.filter_level) } dd { (words.level(text(programme, "level"))) }
                dt { (words.duration) } dd { (programme["durationMonths"]) " " (words.months) }
                dt { (words.entry) } dd { (entry_points(lang, programme)) }
                dt { (words.tuition) } dd { (tuition(lang, programme)) }
                @if let Some(latest) = latest {
                    dt { (words.latest_quota) } dd { (count(lang, number(latest, "quota").unwrap_or_default())) " (" (latest["year"]) ")" }
                }
            }
            (source(lang, programme))
        }
    }
}

/// "Source: the institution, updated on …".
fn source(lang: Lang, programme: &Value) -> Markup {
    let words = lang.words();
    html! {
        p.source {
            (words.source) ": " (text(&programme["institution"], "name")) ", " (words.updated_on) " "
            (day(text(programme, "updatedAt")))
        }
    }
}

pub async fn one(visit: Visit, Path(id): Path<String>) -> Response {
    visit.respond(one_page(&visit, &id).await)
}

async fn one_page(visit: &Visit, id: &str) -> Result<Response, PageError> {
    let lang = visit.lang;
    let query = format!(
        "query PublicProgramme($id: ID!) {{ vocationalProgramme(id: $id) {{ {CARD_FIELDS} status tradeCode \
           description institution {{ name website }} occupations {{ code nameVi nameEn }} \
           supportPolicies {{ title description legalSource sourceUrl }} \
           admissions {{ year version quota applications enrolled enrolledLowerSecondary \
             enrolledUpperSecondary graduates employedWithin12Months employmentRate correctionReason \
             reportedAt }} }} }}"
    );
    let data = visit.query(&query, json!({ "id": id })).await?;
    let programme = &data["vocationalProgramme"];
    if programme.is_null() || text(programme, "status") != "PUBLISHED" {
        return Err(PageError::NotFound);
    }
    let words = lang.careers();
    let name = text(programme, "name");
    let occupations = items(programme, "occupations");
    let policies = items(programme, "supportPolicies");
    let admissions = items(programme, "admissions");
    let institution = text(&programme["institution"], "name");
    let body = html! {
        article.offer {
            h1 { (name) }
            p.meta { (institution) " · " (text(&programme["area"], "name")) }
            p.description { (text(programme, "description")) }
            dl {
                dt { (words.filter_level) } dd { (words.level(text(programme, "level"))) }
                @if let Some(code) = programme["tradeCode"].as_str() {
                    dt { (words.trade_code) } dd { (code) }
                }
                dt { (words.duration) } dd { (programme["durationMonths"]) " " (words.months) }
                dt { (words.entry) } dd { (entry_points(lang, programme)) }
                @if programme["combinesGeneralEducation"].as_bool() == Some(true) {
                    dt { (words.combines_general_education) } dd { "✓" }
                }
                dt { (words.tuition) } dd { (tuition(lang, programme)) }
                @if !occupations.is_empty() {
                    dt { (words.leads_to) }
                    dd {
                        @for (index, occupation) in occupations.iter().enumerate() {
                            @if index > 0 { ", " }
                            a href={ (lang.path("/occupations")) "/" (text(occupation, "code")) } { (occupation_name(lang, occupation)) }
                        }
                    }
                }
            }
            (source(lang, programme))
        }
        @if !policies.is_empty() {
            section {
                h2 { (words.policies) }
                @for policy in policies {
                    article.card {
                        h3 { (text(policy, "title")) }
                        p { (text(policy, "description")) }
                        p.source {
                            (words.legal_source) ": "
                            @match policy["sourceUrl"].as_str() {
                                Some(url) if url.starts_with("https://") => a href=(url) rel="external noopener" { (text(policy, "legalSource")) },
                                _ => (text(policy, "legalSource")),
                            }
                        }
                    }
                }
            }
        }
        section {
            h2 { (words.admissions_title) }
            @if admissions.is_empty() {
                p.empty { (words.no_admissions) }
            } @else {
                p { (words.admissions_intro) }
                (admissions_table(lang, admissions, institution))
            }
        }
    };
    Ok(layout::page(lang, &format!("/programmes/{id}"), name, body))
}

/// The admissions and outcomes, one row per year, with who reported them and when.
fn admissions_table(lang: Lang, admissions: &[Value], institution: &str) -> Markup {
    let words = lang.careers();
    let figure = |row: &Value, field: &str| match number(row, field) {
        Some(value) => count(lang, value),
        None => words.not_reported.to_owned(),
    };
    html! {
        div.scroll {
            table {
                thead {
                    tr {
                        th scope="col" { (words.year) }
                        th scope="col" { (words.quota) }
                        th scope="col" { (words.applications) }
                        th scope="col" { (words.enrolled) }
                        th scope="col" { (words.of_them_after_9) }
                        th scope="col" { (words.of_them_after_12) }
                        th scope="col" { (words.graduates) }
                        th scope="col" { (words.employed) }
                        th scope="col" { (words.employment_rate) }
                        th scope="col" { (lang.words().source) }
                    }
                }
                tbody {
                    @for row in admissions {
                        tr {
                            th scope="row" { (row["year"]) }
                            td { (figure(row, "quota")) }
                            td { (figure(row, "applications")) }
                            td { (figure(row, "enrolled")) }
                            td { (figure(row, "enrolledLowerSecondary")) }
                            td { (figure(row, "enrolledUpperSecondary")) }
                            td { (figure(row, "graduates")) }
                            td { (figure(row, "employedWithin12Months")) }
                            td {
                                @match row["employmentRate"].as_f64() {
                                    Some(rate) => (percent(lang, rate)),
                                    None => (words.not_reported),
                                }
                            }
                            td {
                                (institution) ", " (words.reported_by) " " (day(text(row, "reportedAt")))
                                @if let Some(reason) = row["correctionReason"].as_str() {
                                    " (" (words.corrected) ": " (reason) ")"
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `87,5 %` in Vietnamese, `87.5%` in English.
fn percent(lang: Lang, rate: f64) -> String {
    let rounded = format!("{rate:.1}");
    match lang {
        Lang::Vi => format!("{} %", rounded.replace('.', ",")),
        Lang::En => format!("{rounded}%"),
    }
}
