//! Commitment tracking: promised against delivered, counting engagements recorded here and
//! internship seats offered through the internships module, for the year asked.

use super::*;

const PROGRESS: &str = "query($id: ID!, $year: Int!) { partnership(id: $id) { commitmentProgress(year: $year) { year promised delivered trackedBy commitment { kind } } } }";
const CREATE_OFFER: &str =
    "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
const PUBLISH_OFFER: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { id } }";

async fn progress(app: &TestApp, id: Uuid, year: i32) -> Vec<Value> {
    let data = app.data(Some(&member(app, SCHOOL)), PROGRESS, json!({ "id": id, "year": year })).await;
    data["partnership"]["commitmentProgress"].as_array().expect("progress").clone()
}

fn item<'a>(items: &'a [Value], kind: &str) -> &'a Value {
    items.iter().find(|i| i["commitment"]["kind"] == kind).unwrap_or_else(|| panic!("no {kind} in {items:?}"))
}

hub_test!(async fn progress_counts_engagements_here_and_seats_offered_in_internships(app) {
    let commitments = json!({ "commitments": [
        { "kind": "INTERNSHIP_SEATS", "perYear": 20 },
        { "kind": "ENGAGEMENTS", "perYear": 4 },
        { "kind": "CAREER_TALKS", "perYear": 2 },
        { "kind": "EQUIPMENT_VALUE_VND", "valueVndPerYear": 150_000_000 },
    ] });
    let id = active_partnership(&app, with(proposal(&[SCHOOL]), commitments)).await;

    let items = progress(&app, id, this_year()).await;
    assert_eq!(item(&items, "ENGAGEMENTS")["delivered"], 0);
    assert_eq!(item(&items, "INTERNSHIP_SEATS")["promised"], 20);
    // Equipment is not tracked by any module yet: unknown, not zero.
    let equipment = item(&items, "EQUIPMENT_VALUE_VND");
    assert_eq!((equipment["promised"].clone(), equipment["delivered"].clone(), equipment["trackedBy"].clone()), (json!(150_000_000), Value::Null, Value::Null));

    record(&app, ENTERPRISE, engagement_input(Some(id), "GUEST_TALK")).await;
    record(&app, SCHOOL, with(engagement_input(Some(id), "COMPANY_VISIT"), json!({ "organizationIds": [demo_org(ENTERPRISE)] }))).await;
    // Not under this partnership, so not counted.
    record(&app, ENTERPRISE, engagement_input(None, "GUEST_TALK")).await;
    let items = progress(&app, id, this_year()).await;
    assert_eq!(item(&items, "ENGAGEMENTS")["delivered"], 2);
    assert_eq!(item(&items, "ENGAGEMENTS")["trackedBy"], "ENGAGEMENTS");
    assert_eq!(item(&items, "CAREER_TALKS")["delivered"], 1);
    assert_eq!(item(&progress(&app, id, this_year() - 1).await, "ENGAGEMENTS")["delivered"], 0);

    // Seats: publish an offer through the API and watch the count for its start year grow.
    let start = today() + TimeDelta::days(30);
    let before = item(&progress(&app, id, start.year()).await, "INTERNSHIP_SEATS")["delivered"].as_i64().unwrap();
    let offer = json!({
        "title": "Thực tập sinh điều độ kho", "description": "Theo dõi xe ra vào cổng cảng.",
        "sector": "5210", "areaId": crate::helpers::demo_area("HP-P-DONGHAI"), "seats": 7,
        "eligibleLevels": ["COLLEGE_STUDENT"], "startDate": in_days(30), "endDate": in_days(60),
        "applicationDeadline": in_days(10),
    });
    let token = member(&app, ENTERPRISE);
    let created = app.data(Some(&token), CREATE_OFFER, json!({ "input": offer })).await;
    let offer_id = created["createInternshipOffer"]["id"].clone();
    let draft = item(&progress(&app, id, start.year()).await, "INTERNSHIP_SEATS")["delivered"].as_i64().unwrap();
    assert_eq!(draft, before, "a draft is not offered");
    app.data(Some(&token), PUBLISH_OFFER, json!({ "id": offer_id })).await;
    let seats = item(&progress(&app, id, start.year()).await, "INTERNSHIP_SEATS").clone();
    assert_eq!(seats["delivered"].as_i64().unwrap(), before + 7);
    assert_eq!(seats["trackedBy"], "INTERNSHIPS");

    refused(&app, Some(&member(&app, SCHOOL)), PROGRESS, json!({ "id": id, "year": 1800 }), "BAD_USER_INPUT", Some("year")).await;
});
