//! Internship offers and nominations over HTTP: the life cycle here, and in the submodules who
//! may do what, bad input, seats under concurrent accepts, filters and the cost of a page.

mod access;
mod eligibility;
mod events;
mod input;
mod live;
mod model;
mod queries;
mod seats;

use chrono::{TimeDelta, Utc};
use hub_common::Role;
use internships::entity::{nomination, offer};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, demo_area, demo_org, first_error_code, refused, with};
use crate::hub_test;

const OFFER_FIELDS: &str = "id title status seats acceptedCount seatsLeft eligibleLevels startDate endDate \
     applicationDeadline stipendVnd publishedAt enterprise { name } area { name }";

const CREATE: &str = "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id status title enterprise { name } area { name } seats eligibleLevels stipendVnd } }";
const UPDATE: &str = "mutation($id: ID!, $input: UpdateInternshipOfferInput!) { updateInternshipOffer(id: $id, input: $input) { id title seats stipendVnd } }";
const PUBLISH: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { id status publishedAt } }";
const CLOSE: &str = "mutation($id: ID!) { closeInternshipOffer(id: $id) { id status } }";
const CANCEL: &str = "mutation($id: ID!) { cancelInternshipOffer(id: $id) { id status } }";
pub(crate) const NOMINATE: &str = "mutation($input: NominateStudentInput!) { nominateStudent(input: $input) { id status studentRef grade } }";
const DECIDE: &str = "mutation($id: ID!, $decision: NominationDecision!) { decideNomination(id: $id, decision: $decision) { id status decidedAt } }";
const WITHDRAW: &str = "mutation($id: ID!) { withdrawNomination(id: $id) { id status } }";
const COMPLETE: &str = "mutation($id: ID!, $hours: Int!, $evaluation: String) { completeNomination(id: $id, hours: $hours, evaluation: $evaluation) { id status hours evaluation completedAt } }";
const OFFER: &str = "query($id: ID!) { internshipOffer(id: $id) { id status title } }";
const OFFERS: &str = "query($filter: InternshipOfferFilter, $after: String) { internshipOffers(first: 100, filter: $filter, after: $after) { edges { node { id title sector status } } pageInfo { hasNextPage endCursor } } }";
const NOMINATIONS: &str = "query($filter: NominationFilter) { nominations(first: 100, filter: $filter) { edges { node { id studentRef status } } } }";

const ENTERPRISE: &str = "dn-logistics-bach-dang";
const OTHER_ENTERPRISE: &str = "dn-dong-tau-trieu-xanh";
const UNVERIFIED: &str = "dn-chua-xac-minh";
const SCHOOL: &str = "thpt-tran-phu";
const OTHER_SCHOOL: &str = "thpt-ngo-quyen";
const OFFICER: &str = "so-gddt";

use crate::helpers::in_days;
use hub_common::time::today;

/// A valid offer: starts in 30 days, runs 30 days, takes nominations for 10.
pub(crate) fn offer_input() -> Value {
    json!({
        "title": "Thực tập sinh điều độ bãi container",
        "description": "Theo dõi xe ra vào cổng cảng,\ncập nhật vị trí container trên phần mềm.",
        "sector": "5210",
        "areaId": demo_area("HP-P-DONGHAI"),
        "seats": 3,
        "eligibleLevels": ["COLLEGE_STUDENT", "UPPER_SECONDARY_GRADUATE"],
        "startDate": in_days(30),
        "endDate": in_days(60),
        "applicationDeadline": in_days(10),
        "stipendVnd": 3_000_000,
    })
}

fn member(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgMember)
}

fn officer(app: &TestApp) -> String {
    app.token(OFFICER, Role::DepartmentOfficer)
}

fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| Uuid::parse_str(id).ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

async fn create_offer(app: &TestApp, org: &str, input: Value) -> Uuid {
    let data = app.data(Some(&member(app, org)), CREATE, json!({ "input": input })).await;
    id_of(&data["createInternshipOffer"])
}

pub(crate) async fn published_offer(app: &TestApp, input: Value) -> Uuid {
    let id = create_offer(app, ENTERPRISE, input).await;
    app.data(Some(&member(app, ENTERPRISE)), PUBLISH, json!({ "id": id })).await;
    id
}

async fn nominate(app: &TestApp, school: &str, offer: Uuid, student_ref: &str) -> Uuid {
    // Grade 12: the test offers are open to upper-secondary graduates and college students.
    let input = json!({ "offerId": offer, "studentRef": student_ref, "grade": 12 });
    let data = app.data(Some(&member(app, school)), NOMINATE, json!({ "input": input })).await;
    id_of(&data["nominateStudent"])
}

async fn db_offer(app: &TestApp, id: Uuid) -> offer::Model {
    offer::Entity::find_by_id(id).one(&app.db).await.expect("reading").expect("the offer exists")
}

async fn db_nomination(app: &TestApp, id: Uuid) -> nomination::Model {
    nomination::Entity::find_by_id(id).one(&app.db).await.expect("reading").expect("the nomination exists")
}

async fn published_events(app: &TestApp) -> Vec<hub_common::events::Event> {
    hub_common::events::read_after(&app.db, Some(internships::OFFER_PUBLISHED.name()), 0, 1000)
        .await
        .expect("reading the outbox")
}

fn edge_ids(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["id"].as_str().expect("an id").to_owned())
        .collect()
}

async fn visible_nominations(app: &TestApp, token: &str, offer: Uuid) -> Vec<String> {
    let data = app.data(Some(token), NOMINATIONS, json!({ "filter": { "offerId": offer } })).await;
    edge_ids(&data["nominations"])
}

hub_test!(async fn a_placement_goes_from_draft_to_completed(app) {
    let enterprise = member(&app, ENTERPRISE);
    let data = app.data(Some(&enterprise), CREATE, json!({ "input": offer_input() })).await;
    let created = &data["createInternshipOffer"];
    assert_eq!(created["status"], "DRAFT");
    assert_eq!(created["enterprise"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    assert_eq!(created["area"]["name"], "Phường Đông Hải");
    assert_eq!(created["stipendVnd"], 3_000_000);
    assert_eq!(created["eligibleLevels"], json!(["UPPER_SECONDARY_GRADUATE", "COLLEGE_STUDENT"]));
    let offer = id_of(created);
    assert!(published_events(&app).await.is_empty(), "a draft announces nothing");

    let data = app.data(Some(&enterprise), PUBLISH, json!({ "id": offer })).await;
    assert_eq!(data["publishInternshipOffer"]["status"], "PUBLISHED");
    assert!(data["publishInternshipOffer"]["publishedAt"].is_string());
    // The event carries the offer as published, enough to rebuild the offer without the
    // database, in a payload struct of its own (not the row).
    let events = published_events(&app).await;
    assert_eq!(events.len(), 1);
    let payload = internships::OFFER_PUBLISHED.decode(&events[0]).expect("an offer payload");
    assert_eq!(*payload, internships::OfferPublished::from(&db_offer(&app, offer).await));

    let nomination = nominate(&app, SCHOOL, offer, "TP-2026-9001").await;
    assert_eq!(db_nomination(&app, nomination).await.status, internships::NominationStatus::Submitted);

    let data = app.data(Some(&enterprise), DECIDE, json!({ "id": nomination, "decision": "ACCEPT" })).await;
    assert_eq!(data["decideNomination"]["status"], "ACCEPTED");
    assert!(data["decideNomination"]["decidedAt"].is_string());
    let seats = app.data(None, &format!("{{ internshipOffer(id: \"{offer}\") {{ {OFFER_FIELDS} }} }}"), json!({})).await;
    assert_eq!(seats["internshipOffer"]["acceptedCount"], 1);
    assert_eq!(seats["internshipOffer"]["seatsLeft"], 2);

    let variables = json!({ "id": nomination, "hours": 120, "evaluation": "Chăm chỉ, đúng giờ." });
    let data = app.data(Some(&enterprise), COMPLETE, variables).await;
    assert_eq!(data["completeNomination"]["status"], "COMPLETED");
    assert_eq!(data["completeNomination"]["hours"], 120);
    let row = db_nomination(&app, nomination).await;
    assert_eq!((row.status, row.hours), (internships::NominationStatus::Completed, Some(120)));

    // Who sees the nomination: the school, the enterprise and officers; not another school.
    let expected = vec![nomination.to_string()];
    assert_eq!(visible_nominations(&app, &member(&app, SCHOOL), offer).await, expected);
    assert_eq!(visible_nominations(&app, &enterprise, offer).await, expected);
    assert_eq!(visible_nominations(&app, &officer(&app), offer).await, expected);
    assert!(visible_nominations(&app, &member(&app, OTHER_SCHOOL), offer).await.is_empty());
    assert_eq!(app.error_code(None, NOMINATIONS, json!({})).await, "UNAUTHENTICATED");

    // Without a filter another school still sees only its own (the demo set has none of it).
    let data = app.data(Some(&member(&app, OTHER_SCHOOL)), NOMINATIONS, json!({})).await;
    assert!(edge_ids(&data["nominations"]).is_empty());
    let nested = "{ nominations(first: 10) { edges { node { studentRef nominatingOrganization { name } offer { title enterprise { name area { name } } } } } } }";
    let data = app.data(Some(&member(&app, SCHOOL)), nested, json!({})).await;
    let mine = data["nominations"]["edges"].as_array().expect("edges");
    assert!(mine.iter().all(|e| e["node"]["nominatingOrganization"]["name"] == "Trường THPT chuyên Trần Phú"));
    let this = mine.iter().find(|e| e["node"]["studentRef"] == "TP-2026-9001").expect("the new nomination");
    assert_eq!(this["node"]["offer"]["enterprise"]["area"]["name"], "Phường Đông Hải");
});

hub_test!(async fn an_unverified_enterprise_cannot_publish(app) {
    let offer = create_offer(&app, UNVERIFIED, with(offer_input(), json!({ "sector": "7911" }))).await;
    let token = app.token(UNVERIFIED, Role::OrgAdmin);
    let (_, body) = app.graphql(Some(&token), PUBLISH, json!({ "id": offer })).await;
    assert_eq!(first_error_code(&body), "FORBIDDEN", "{body}");
    assert!(body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("verified")), "{body}");
    assert_eq!(db_offer(&app, offer).await.status, internships::OfferStatus::Draft);
    assert!(published_events(&app).await.is_empty());
});
