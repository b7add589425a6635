//! Queries run on a schema with no extension (`schema::ServedSchema`) and have their errors coded
//! afterwards. This runs the same requests on that path and, on a replica of the same database
//! with `field_hooks_on_queries`, through every extension's per-field hooks, and compares the
//! bodies byte for byte: data, nulls, refusals, engine errors and their codes.

use hub_common::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, demo_org, first_error_code};
use crate::hub_test;

const OFFERS: &str = "query($first: Int, $filter: InternshipOfferFilter) { internshipOffers(first: $first, filter: $filter) { edges { node { id title seatsLeft enterprise { name area { name parent { name } } } } } pageInfo { hasNextPage endCursor } } }";

/// One request, and the code its first error must carry (`None`: no error).
struct Case {
    name: &'static str,
    body: Value,
    token: Option<String>,
    language: &'static str,
    code: Option<&'static str>,
}

fn case(name: &'static str, body: Value, code: Option<&'static str>) -> Case {
    Case { name, body, token: None, language: "en", code }
}

fn cases(app: &TestApp) -> Vec<Case> {
    let deep = format!("{{ areas {{ {}name{} }} }}", "parent { ".repeat(20), " }".repeat(20));
    let officer = app.token("so-congthuong", Role::DepartmentOfficer);
    let school = app.token("thpt-tran-phu", Role::OrgAdmin);
    vec![
        case("a page with nested references", json!({ "query": OFFERS, "variables": { "first": 5 } }), None),
        case(
            "a filtered page",
            json!({ "query": OFFERS, "variables": { "first": 3, "filter": { "sector": "5210" } } }),
            None,
        ),
        case(
            "one organization and a missing one",
            json!({ "query": format!(
                "{{ a: organization(id: \"{}\") {{ name kind area {{ name }} }} b: organization(id: \"{}\") {{ name }} }}",
                demo_org("dn-logistics-bach-dang"),
                uuid::Uuid::nil()
            ) }),
            None,
        ),
        case(
            "an unknown field",
            json!({ "query": "{ organizations(first: 1) { edges { node { nickname } } } }" }),
            Some("GRAPHQL_VALIDATION_FAILED"),
        ),
        case(
            "a variable of the wrong type",
            json!({ "query": OFFERS, "variables": { "first": "many" } }),
            Some("BAD_USER_INPUT"),
        ),
        case(
            "an enum value the schema lacks",
            json!({ "query": "{ internshipOffers(first: 1, filter: { level: PHD_STUDENT }) { edges { node { id } } } }" }),
            Some("BAD_USER_INPUT"),
        ),
        case(
            "a page over the limit",
            json!({ "query": OFFERS, "variables": { "first": 1000 } }),
            Some("PAGE_SIZE_TOO_LARGE"),
        ),
        case(
            "a malformed id",
            json!({ "query": "{ organization(id: \"nope\") { name } }" }),
            Some("BAD_USER_INPUT"),
        ),
        case("too deep", json!({ "query": deep }), Some("QUERY_TOO_DEEP")),
        case(
            "an operation the document lacks",
            json!({ "query": "query A { areas { name } } query B { areas { code } }", "operationName": "C" }),
            Some("OPERATION_RESOLUTION_FAILURE"),
        ),
        case(
            "one operation of several",
            json!({ "query": "query A { areas { name } } mutation B { __typename }", "operationName": "A" }),
            None,
        ),
        case(
            "an officer's report, signed out",
            json!({ "query": "{ auditLog(first: 1) { edges { node { id } } } }" }),
            Some("UNAUTHENTICATED"),
        ),
        Case {
            name: "an officer's report, as a school",
            body: json!({ "query": "{ participationSummary(period: { year: 2026 }, groupBy: AREA) { groups { area { name } organizations } unverifiedLeftOut } }" }),
            token: Some(school),
            language: "vi",
            code: Some("FORBIDDEN"),
        },
        Case {
            name: "an officer's report, as an officer",
            body: json!({ "query": "{ participationSummary(period: { year: 2026 }, groupBy: AREA) { groups { area { name } organizations } unverifiedLeftOut } }" }),
            token: Some(officer),
            language: "vi",
            code: None,
        },
        case("introspection", json!({ "query": "{ __schema { queryType { name } } __typename }" }), None),
    ]
}

async fn answer(app: &TestApp, case: &Case) -> String {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .header("content-type", "application/json")
        .header("accept-language", case.language)
        .json(&case.body);
    if let Some(token) = &case.token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("sent");
    response.text().await.expect("a body")
}

hub_test!(async fn queries_answer_the_same_without_field_hooks(app) {
    let hooked = app.replica(|settings| settings.field_hooks_on_queries = true).await;
    for case in cases(&app) {
        let plain = answer(&app, &case).await;
        let generic = answer(&hooked, &case).await;
        assert_eq!(plain, generic, "{}: the two paths differ", case.name);
        let body: Value = serde_json::from_str(&plain).expect("a JSON body");
        match case.code {
            Some(code) => assert_eq!(first_error_code(&body), code, "{}: {body}", case.name),
            None => assert!(body.get("errors").is_none(), "{}: {body}", case.name),
        }
    }
});
