//! Bad input and bad credentials: each gets its own code, and the hub keeps serving.

use hub_common::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{demo_area, demo_org, first_error_code};
use crate::hub_test;

const UPDATE: &str = "mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id name } }";

hub_test!(async fn malformed_json_is_a_bad_request(app) {
    let response = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .header("content-type", "application/json")
        .body("{\"query\": \"{ organizations { edges ")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(first_error_code(&body), "BAD_REQUEST");
    app.assert_still_serving().await;
});

hub_test!(async fn document_errors_have_codes(app) {
    let code = app.error_code(None, "{ organizations(first: 1) { edges { node { nickname } } } }", json!({})).await;
    assert_eq!(code, "GRAPHQL_VALIDATION_FAILED", "unknown field");
    let code = app.error_code(None, "{ organizations(first: 1) { edges ", json!({})).await;
    assert_eq!(code, "GRAPHQL_PARSE_FAILED");
    let code = app
        .error_code(None, "{ organizations(filter: { kinds: [SPACESHIP] }) { edges { node { name } } } }", json!({}))
        .await;
    assert_eq!(code, "BAD_USER_INPUT", "unknown enum literal");
    let query = "query($filter: OrganizationFilter) { organizations(filter: $filter) { edges { node { name } } } }";
    let code = app.error_code(None, query, json!({ "filter": { "kinds": ["SPACESHIP"] } })).await;
    assert_eq!(code, "BAD_USER_INPUT", "unknown enum value in a variable");
    app.assert_still_serving().await;
});

hub_test!(async fn invalid_ids_name_the_argument(app) {
    let (_, body) = app.graphql(None, "{ organization(id: \"not-a-uuid\") { name } }", json!({})).await;
    assert_eq!(first_error_code(&body), "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "id");
    app.assert_still_serving().await;
});

hub_test!(async fn names_must_be_present_and_bounded(app) {
    let id = demo_org("thpt-tran-phu");
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    for name in ["", "   ", &"Đ".repeat(201)] {
        let (_, body) = app.graphql(Some(&token), UPDATE, json!({ "id": id, "input": { "name": name } })).await;
        assert_eq!(first_error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "name");
    }
    let ok = "Đ".repeat(200);
    let data = app.data(Some(&token), UPDATE, json!({ "id": id, "input": { "name": ok } })).await;
    assert_eq!(data["updateOrganization"]["name"], ok, "200 Vietnamese characters fit");
    let (_, body) = app
        .graphql(Some(&token), UPDATE, json!({ "id": id, "input": { "areaId": demo_area("HP-HB") } }))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "areaId", "historic areas are refused: {body}");
});

hub_test!(async fn expired_and_forged_tokens_are_unauthenticated(app) {
    let query = "{ viewer { subject } }";
    let forged = {
        let other = hub::auth::Hs256::new("somebody-elses-secret-somebody-elses");
        other.mint("intruder", Some(demo_org("so-gddt")), &[Role::PlatformAdmin], 3600)
    };
    for token in [app.expired_token(), forged, "not.a.jwt".to_owned()] {
        let (status, body) = app.graphql(Some(&token), query, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(first_error_code(&body), "UNAUTHENTICATED");
    }
    let (status, body) = app.graphql(Some(&app.expired_token()), query, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["errors"][0]["message"], "the token has expired");
    let anonymous = app.data(None, query, json!({})).await;
    assert!(anonymous["viewer"].is_null());
    app.assert_still_serving().await;
});

hub_test!(async fn internal_details_never_reach_the_client(app) {
    // Closing the pool makes every query fail inside the database layer.
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    let db = app.db.clone();
    db.close().await.expect("closing the pool");
    let (_, body) = app.graphql(Some(&token), "{ viewer { memberships { role } } }", json!({})).await;
    // A pool that cannot hand out connections is the database being unreachable: the caller
    // may retry later, and learns nothing about the pool or the SQL.
    assert_eq!(first_error_code(&body), "SERVICE_UNAVAILABLE", "{body}");
    assert_eq!(body["errors"][0]["message"], "the hub cannot reach its database right now; try again shortly");
    let text = body.to_string().to_lowercase();
    assert!(!text.contains("pool") && !text.contains("sql"), "{body}");
});
