//! The hottest queries run on compiled plans (`gateway/src/compiled.rs`). This sends the same
//! requests to a hub with plans and to a replica of the same database without them
//! (`compiled_queries = false`) and compares the bodies byte for byte: every field of an offer,
//! its enterprise and area, nulls, aliases, pages and cursors, what each caller may see, and the
//! errors a plan leaves to the engine. The plan's own counters show which path answered, so a
//! plan that silently stopped answering fails here too.

use hub_common::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, demo_area, first_error_code, in_days};
use crate::hub_test;

const ENTERPRISE: &str = "dn-logistics-bach-dang";

const PAGE: &str = "query($first: Int, $after: String, $filter: InternshipOfferFilter) {
    internshipOffers(first: $first, after: $after, filter: $filter) {
        __typename
        pageInfo { hasPreviousPage hasNextPage startCursor endCursor __typename }
        edges { cursor node { __typename id title description sector seats acceptedCount seatsLeft
            eligibleLevels startDate endDate applicationDeadline stipendVnd partnershipId status
            publishedAt createdAt updatedAt
            area { __typename id code name level validFrom validTo }
            enterprise { __typename id kind name address website taxCode industryCode verified
                verifiedAt remit createdAt updatedAt area { id name validTo } } } }
        nodes { id }
    } }";

const BENCH_A: &str = "query { internshipOffers(first: 20, filter: {sector: \"5210\", status: PUBLISHED}) { edges { node { id title enterprise { name area { name } } } } } }";

const ONE: &str = "query Offer($id: ID!) { offer: internshipOffer(id: $id) {
    title id status stipendVnd e: enterprise { name n: name } area { code } } }";

/// How the case's answer must come: from the plan, or from the engine after the plan gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    Plan,
    /// The plan gave up: the engine answers with this error code.
    Engine(&'static str),
}

struct Case {
    name: &'static str,
    body: Value,
    token: Option<String>,
    path: Path,
}

fn case(name: &'static str, query: &str, variables: Value, path: Path) -> Case {
    Case { name, body: json!({ "query": query, "variables": variables }), token: None, path }
}

fn as_caller(mut case: Case, token: &str) -> Case {
    case.token = Some(token.to_owned());
    case
}

async fn answer(app: &TestApp, case: &Case) -> (String, String) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .header("content-type", "application/json")
        .header("accept-language", "vi")
        .json(&case.body);
    if let Some(token) = &case.token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("sent");
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_owned());
    (content_type.unwrap_or_default(), response.text().await.expect("a body"))
}

/// The plans' counters: (answered, left to the engine).
async fn counters(app: &TestApp) -> (u64, u64) {
    let text =
        app.client.get(format!("{}/metrics", app.base_url)).send().await.unwrap().text().await.unwrap();
    let read = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {text}"))
    };
    (read("hub_compiled_query_answers_total "), read("hub_compiled_query_fallbacks_total "))
}

async fn draft_offer(app: &TestApp, token: &str) -> String {
    let input = json!({
        "title": "Thực tập sinh \"kho lạnh\" – ca đêm",
        "description": "Kiểm đếm hàng nhập kho.\nCa từ 22 giờ.",
        "sector": "5210",
        "areaId": demo_area("HP-P-DONGHAI"),
        "seats": 2,
        "eligibleLevels": ["COLLEGE_STUDENT"],
        "startDate": in_days(30),
        "endDate": in_days(60),
        "applicationDeadline": in_days(10),
        "stipendVnd": 3_500_000,
    });
    let query =
        "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
    let data = app.data(Some(token), query, json!({ "input": input })).await;
    data["createInternshipOffer"]["id"].as_str().expect("an offer id").to_owned()
}

async fn sees(app: &TestApp, token: Option<&str>, offer: &str) -> bool {
    let data = app.data(token, ONE, json!({ "id": offer })).await;
    data["offer"]["title"].is_string()
}

hub_test!(async fn compiled_plans_answer_byte_for_byte_as_the_engine(app) {
    let engine = app.replica(|settings| settings.compiled_queries = false).await;
    let owner = app.token(ENTERPRISE, Role::OrgAdmin);
    let other_enterprise = app.token("dn-chua-xac-minh", Role::OrgAdmin);
    let officer = app.token("so-congthuong", Role::DepartmentOfficer);
    let draft = draft_offer(&app, &owner).await;

    let first_page = app.data(None, PAGE, json!({ "first": 2 })).await;
    let end_cursor = first_page["internshipOffers"]["pageInfo"]["endCursor"].clone();
    assert!(end_cursor.is_string(), "a second page exists: {first_page}");
    let drafts = json!({ "first": 50, "filter": { "status": "DRAFT" } });

    let cases = vec![
        case("query (a) of the bench", BENCH_A, json!({}), Path::Plan),
        case("a first page with every field", PAGE, json!({ "first": 2 }), Path::Plan),
        case("the next page", PAGE, json!({ "first": 3, "after": end_cursor }), Path::Plan),
        case("the default page size", PAGE, json!({}), Path::Plan),
        case("a page with no offer", PAGE, json!({ "filter": { "sector": "0111" } }), Path::Plan),
        case("a filter", PAGE, json!({ "first": 5, "filter": { "vsicSection": "H", "level": "COLLEGE_STUDENT" } }), Path::Plan),
        case("drafts, signed out", PAGE, drafts.clone(), Path::Plan),
        as_caller(case("drafts, as their enterprise", PAGE, drafts.clone(), Path::Plan), &owner),
        as_caller(case("drafts, as another enterprise", PAGE, drafts.clone(), Path::Plan), &other_enterprise),
        as_caller(case("drafts, as an officer", PAGE, drafts, Path::Plan), &officer),
        case("a draft by id, signed out", ONE, json!({ "id": draft }), Path::Plan),
        as_caller(case("a draft by id, as its enterprise", ONE, json!({ "id": draft }), Path::Plan), &owner),
        as_caller(
            case("a draft by id, as another enterprise", ONE, json!({ "id": draft }), Path::Plan),
            &other_enterprise,
        ),
        as_caller(case("a draft by id, as an officer", ONE, json!({ "id": draft }), Path::Plan), &officer),
        case("a missing offer", ONE, json!({ "id": uuid::Uuid::nil() }), Path::Plan),
        case("a malformed id", ONE, json!({ "id": "nope" }), Path::Engine("BAD_USER_INPUT")),
        case("a page over the limit", PAGE, json!({ "first": 1000 }), Path::Engine("PAGE_SIZE_TOO_LARGE")),
        case("a negative page", PAGE, json!({ "first": -1 }), Path::Engine("BAD_USER_INPUT")),
        case("a forged cursor", PAGE, json!({ "after": "bm90IGEgY3Vyc29y" }), Path::Engine("BAD_USER_INPUT")),
        case("a bad sector", PAGE, json!({ "filter": { "sector": "52x" } }), Path::Engine("BAD_USER_INPUT")),
        case(
            "a section that does not exist",
            PAGE,
            json!({ "filter": { "vsicSection": "Z" } }),
            Path::Engine("BAD_USER_INPUT"),
        ),
        case("a variable of the wrong type", PAGE, json!({ "first": "many" }), Path::Engine("BAD_USER_INPUT")),
        case("an enum value the schema lacks", PAGE, json!({ "filter": { "status": "SOLD" } }), Path::Engine("BAD_USER_INPUT")),
    ];

    for case in &cases {
        // The first time a document runs, the engine answers it and its plan is made.
        let (_, taught) = answer(&app, case).await;
        let (before_answered, before_fell_back) = counters(&app).await;
        let (content_type, compiled) = answer(&app, case).await;
        let (after_answered, after_fell_back) = counters(&app).await;
        let (engine_type, generic) = answer(&engine, case).await;
        assert_eq!(compiled, generic, "{}: the plan and the engine differ", case.name);
        assert_eq!(taught, generic, "{}: the teaching run differs", case.name);
        assert_eq!(content_type, engine_type, "{}", case.name);
        let body: Value = serde_json::from_str(&compiled).expect("a JSON body");
        match case.path {
            Path::Plan => {
                assert!(body.get("errors").is_none(), "{}: {body}", case.name);
                assert_eq!(after_answered, before_answered + 1, "{}: the plan did not answer", case.name);
            }
            Path::Engine(code) => {
                assert_eq!(first_error_code(&body), code, "{}: {body}", case.name);
                assert_eq!(after_fell_back, before_fell_back + 1, "{}: the plan did not give up", case.name);
                assert_eq!(after_answered, before_answered, "{}", case.name);
            }
        }
    }

    // What each caller sees through the plan: the draft only by its enterprise and officers.
    assert!(!sees(&app, None, &draft).await && !sees(&app, Some(&other_enterprise), &draft).await);
    assert!(sees(&app, Some(&owner), &draft).await && sees(&app, Some(&officer), &draft).await);

    // The engine reads the page, the enterprises, then their areas; a plan reads the
    // enterprises with their areas.
    let compiled = app.statements_for(None, BENCH_A, json!({})).await;
    let generic = engine.statements_for(None, BENCH_A, json!({})).await;
    assert_eq!((compiled, generic), (2, 3), "statements of the plan and of the engine");
});
