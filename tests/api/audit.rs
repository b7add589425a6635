//! The audit log over HTTP: every mutation leaves an entry, whoever runs it and whatever the
//! module, readable by officers and by the administrators of the organizations it concerns.

use audit::entity;
use hub_common::Role;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::helpers::{TestApp, demo_area, demo_org, in_days};
use crate::hub_test;

const ENTERPRISE: &str = "dn-logistics-bach-dang";
const OTHER_ENTERPRISE: &str = "dn-dong-tau-trieu-xanh";
const SCHOOL: &str = "thpt-tran-phu";
const OFFICER: &str = "so-gddt";

const LOG: &str = "query($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
        edges { node { id occurredAt subject roles mutation objectType objectId outcome arguments
                       actingOrganization { id name } organizations { id } } }
        pageInfo { hasNextPage endCursor } } }";
const CREATE_OFFER: &str =
    "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
const PUBLISH_OFFER: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { status } }";
const UPDATE_OFFER: &str = "mutation($id: ID!, $input: UpdateInternshipOfferInput!) { updateInternshipOffer(id: $id, input: $input) { seats } }";
const NOMINATE: &str =
    "mutation($input: NominateStudentInput!) { nominateStudent(input: $input) { status studentRef } }";

fn admin(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgAdmin)
}

fn officer(app: &TestApp) -> String {
    app.token(OFFICER, Role::DepartmentOfficer)
}

fn offer_input() -> Value {
    json!({
        "title": "Thực tập sinh điều độ bãi container",
        "description": "Theo dõi xe ra vào cổng cảng.",
        "sector": "5210",
        "areaId": demo_area("HP-P-DONGHAI"),
        "seats": 3,
        "eligibleLevels": ["COLLEGE_STUDENT", "UPPER_SECONDARY_GRADUATE"],
        "startDate": in_days(30),
        "endDate": in_days(60),
        "applicationDeadline": in_days(10),
    })
}

async fn create_offer(app: &TestApp) -> String {
    let data = app.data(Some(&admin(app, ENTERPRISE)), CREATE_OFFER, json!({ "input": offer_input() })).await;
    data["createInternshipOffer"]["id"].as_str().unwrap().to_owned()
}

/// Every entry the caller may read under `filter`, newest first.
async fn entries(app: &TestApp, token: &str, filter: Value) -> Vec<Value> {
    let data = app.data(Some(token), LOG, json!({ "filter": filter, "first": 100 })).await;
    data["auditLog"]["edges"].as_array().unwrap().iter().map(|edge| edge["node"].clone()).collect()
}

async fn entry_count(app: &TestApp) -> u64 {
    entity::Entity::find().count(&app.db).await.unwrap()
}

fn ids(values: &Value) -> Vec<String> {
    values.as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_owned()).collect()
}

hub_test!(async fn a_proposal_is_seen_by_officers_and_by_every_party_only(app) {
    // The client selects no id and no organization; the entry still names both.
    let input = json!({
        "kind": "TRAINING_COOPERATION",
        "title": "Hợp tác đào tạo nghề kho vận",
        "validFrom": in_days(-30),
        "validTo": in_days(335),
        "commitments": [{ "kind": "CAREER_TALKS", "perYear": 2 }],
        "partyIds": [demo_org(SCHOOL)],
    });
    let data = app
        .data(
            Some(&admin(&app, ENTERPRISE)),
            "mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { status } }",
            json!({ "input": input }),
        )
        .await;
    assert_eq!(data["proposePartnership"], json!({ "status": "PROPOSED" }), "the response is what was asked");
    let filter = json!({ "mutation": "proposePartnership" });

    let seen = entries(&app, &officer(&app), filter.clone()).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    let entry = &seen[0];
    assert_eq!(entry["subject"], "test:dn-logistics-bach-dang");
    assert_eq!(entry["roles"], json!(["ORG_ADMIN"]));
    assert_eq!(entry["actingOrganization"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    assert_eq!(entry["outcome"], "OK");
    assert_eq!(entry["objectType"], "Partnership");
    let partnership = entry["objectId"].as_str().unwrap();
    let row = partnerships::entity::partnership::Entity::find_by_id(uuid::Uuid::parse_str(partnership).unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .expect("the entry names the partnership proposed");
    assert_eq!(row.proposed_by, demo_org(ENTERPRISE));
    let mut concerned = ids(&entry["organizations"]);
    concerned.sort();
    let mut expected = vec![demo_org(ENTERPRISE).to_string(), demo_org(SCHOOL).to_string()];
    expected.sort();
    assert_eq!(concerned, expected);
    let arguments: Value = serde_json::from_str(entry["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(arguments["input"]["title"], "Hợp tác đào tạo nghề kho vận");

    for party in [ENTERPRISE, SCHOOL] {
        let theirs = entries(&app, &admin(&app, party), filter.clone()).await;
        assert_eq!(theirs.len(), 1, "{party} sees the entry about its partnership");
        assert_eq!(theirs[0]["objectId"], partnership);
    }
    assert!(entries(&app, &admin(&app, OTHER_ENTERPRISE), filter).await.is_empty());
    let by_org = json!({ "filter": { "organizationId": demo_org(ENTERPRISE) } });
    assert_eq!(app.error_code(Some(&admin(&app, OTHER_ENTERPRISE)), LOG, by_org.clone()).await, "FORBIDDEN");
    // Members who do not administer read nothing, and anonymous callers are asked who they are.
    assert_eq!(app.error_code(Some(&app.token(ENTERPRISE, Role::OrgMember)), LOG, by_org).await, "FORBIDDEN");
    assert_eq!(app.error_code(None, LOG, json!({})).await, "UNAUTHENTICATED");
});

hub_test!(async fn a_refused_attempt_is_recorded_for_the_actor_and_officers(app) {
    let offer = create_offer(&app).await;
    let code = app.error_code(Some(&admin(&app, OTHER_ENTERPRISE)), PUBLISH_OFFER, json!({ "id": offer })).await;
    assert_eq!(code, "FORBIDDEN");

    let filter = json!({ "objectId": offer });
    let seen = entries(&app, &officer(&app), filter.clone()).await;
    let outcomes: Vec<(&str, &str)> =
        seen.iter().map(|e| (e["mutation"].as_str().unwrap(), e["outcome"].as_str().unwrap())).collect();
    assert_eq!(outcomes, [("publishInternshipOffer", "FORBIDDEN"), ("createInternshipOffer", "OK")]);
    assert_eq!(seen[0]["objectType"], "InternshipOffer", "a refusal still names the type it aimed at");
    assert_eq!(seen[0]["actingOrganization"]["id"], demo_org(OTHER_ENTERPRISE).to_string());
    // The actor's administrators see their own attempt.
    let theirs = entries(&app, &admin(&app, OTHER_ENTERPRISE), filter).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["outcome"], "FORBIDDEN");

    // Anonymous attempts are attributable to nobody and are not recorded.
    let before = entry_count(&app).await;
    assert_eq!(app.error_code(None, PUBLISH_OFFER, json!({ "id": offer })).await, "UNAUTHENTICATED");
    assert_eq!(entry_count(&app).await, before);
});

hub_test!(async fn student_references_never_reach_the_log(app) {
    let offer = create_offer(&app).await;
    app.data(Some(&admin(&app, ENTERPRISE)), PUBLISH_OFFER, json!({ "id": offer })).await;
    let input = json!({ "offerId": offer, "studentRef": "TP-2026-0147", "grade": 12, "note": "Em Lan học tốt" });
    let data = app.data(Some(&admin(&app, SCHOOL)), NOMINATE, json!({ "input": input })).await;
    assert_eq!(data["nominateStudent"]["studentRef"], "TP-2026-0147", "the nomination itself keeps it");

    let (_, body) = app
        .graphql(Some(&officer(&app)), LOG, json!({ "filter": { "mutation": "nominateStudent" } }))
        .await;
    let entry = &body["data"]["auditLog"]["edges"][0]["node"];
    assert_eq!(entry["outcome"], "OK");
    assert_eq!(entry["objectType"], "Nomination");
    let arguments: Value = serde_json::from_str(entry["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(arguments["input"]["studentRef"], "[redacted]");
    assert_eq!(arguments["input"]["note"], "[redacted]");
    assert_eq!(arguments["input"]["grade"], 12);
    assert_eq!(arguments["input"]["offerId"], offer);
    // Nowhere in the stored rows either.
    for row in entity::Entity::find().all(&app.db).await.unwrap() {
        assert!(!format!("{row:?}").contains("TP-2026-0147"), "{row:?}");
        assert!(!row.arguments.contains("Em Lan"), "{row:?}");
    }
});

hub_test!(async fn the_log_pages_newest_first_and_filters_by_time(app) {
    let offer = create_offer(&app).await;
    for seats in 4..=8 {
        let variables = json!({ "id": offer, "input": { "seats": seats } });
        app.data(Some(&admin(&app, ENTERPRISE)), UPDATE_OFFER, variables).await;
    }
    let token = admin(&app, ENTERPRISE);
    let mut seats_in_order = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let variables = json!({ "filter": { "objectId": offer }, "first": 2, "after": after });
        let data = app.data(Some(&token), LOG, variables).await;
        pages += 1;
        for edge in data["auditLog"]["edges"].as_array().unwrap() {
            let arguments: Value = serde_json::from_str(edge["node"]["arguments"].as_str().unwrap()).unwrap();
            seats_in_order.push(arguments["input"]["seats"].as_i64());
        }
        let info = &data["auditLog"]["pageInfo"];
        if !info["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = info["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(pages, 3);
    assert_eq!(seats_in_order, [Some(8), Some(7), Some(6), Some(5), Some(4), Some(3)], "updates newest first, then the creation");

    let all = entries(&app, &token, json!({ "objectId": offer })).await;
    let newest = all[0]["occurredAt"].as_str().unwrap();
    let before_newest = entries(&app, &token, json!({ "objectId": offer, "before": newest })).await;
    assert_eq!(before_newest.len(), all.len() - 1);
    let since_newest = entries(&app, &token, json!({ "objectId": offer, "since": newest })).await;
    assert_eq!(since_newest.len(), 1);
    let too_many = app.error_code(Some(&token), LOG, json!({ "first": 101 })).await;
    assert_eq!(too_many, "PAGE_SIZE_TOO_LARGE");
});
