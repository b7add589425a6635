//! Messages in the caller's language (issue 16, item 11): Vietnamese when `Accept-Language`
//! or the WebSocket's `locale` asks for `vi`, English otherwise; `extensions.code` and
//! `extensions.field` never change; every enum value people see has a label in both.

use std::collections::BTreeSet;

use hub_common::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, demo_org};
use crate::hub_test;
use crate::ws_client::WsClient;

const RENAME: &str = "mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }";

/// POSTs `query` with an `Accept-Language` header (or none) and returns the answer's body.
async fn ask(app: &TestApp, token: &str, language: Option<&str>, query: &str, variables: Value) -> Value {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(language) = language {
        request = request.header("accept-language", language);
    }
    request.send().await.expect("sent").json().await.expect("a JSON body")
}

hub_test!(async fn service_errors_follow_accept_language_and_keep_code_and_field(app) {
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    let variables = json!({ "id": demo_org("thpt-tran-phu"), "input": { "name": "   " } });
    let vietnamese = ask(&app, &token, Some("vi-VN,vi;q=0.9,en;q=0.5"), RENAME, variables.clone()).await;
    let english = ask(&app, &token, Some("en-GB"), RENAME, variables.clone()).await;
    let unspecified = ask(&app, &token, None, RENAME, variables).await;
    assert_eq!(vietnamese["errors"][0]["message"], "name không được để trống", "{vietnamese}");
    assert_eq!(english["errors"][0]["message"], "name must not be empty", "{english}");
    assert_eq!(unspecified["errors"][0]["message"], english["errors"][0]["message"]);
    for body in [&vietnamese, &english, &unspecified] {
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "name", "{body}");
    }
    // Nothing was stored: the name is still the demo one.
    let data = app
        .data(Some(&token), "query($id: ID!) { organization(id: $id) { name } }", json!({ "id": demo_org("thpt-tran-phu") }))
        .await;
    assert!(!data["organization"]["name"].as_str().unwrap_or_default().trim().is_empty());
});

hub_test!(async fn refusals_before_graphql_runs_are_translated_too(app) {
    let body: Value = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .header("content-type", "text/plain")
        .header("accept-language", "vi")
        .body("{ organizations { edges { node { name } } } }")
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("a JSON body");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNSUPPORTED_MEDIA_TYPE", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("hãy gửi yêu cầu GraphQL dạng JSON"), "{message}");
});

hub_test!(async fn a_websocket_speaks_the_language_of_its_connection_init(app) {
    let url = format!("{}/graphql/ws", app.base_url.replace("http://", "ws://"));
    let subscription = "subscription { internshipOfferPublished(after: \"not-a-cursor\") { cursor } }";
    for (locale, expected) in [
        ("vi", "after không phải con trỏ của kênh theo dõi này"),
        ("en", "after is not a cursor from this subscription"),
    ] {
        let mut ws = WsClient::connect_with_payload(&url, json!({ "locale": locale })).await;
        ws.subscribe("bad", subscription, json!({})).await;
        let message = ws.next_message().await;
        let error = &message["payload"][0];
        let error = if error.is_null() { &message["payload"]["errors"][0] } else { error };
        assert_eq!(error["message"], expected, "{message}");
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{message}");
        assert_eq!(error["extensions"]["field"], "after", "{message}");
        ws.close().await;
    }
});

/// The enums of the served schema a person may see: every enum but the introspection and
/// federation machinery's.
async fn schema_enums(app: &TestApp) -> Vec<(String, Vec<String>)> {
    let data = app.data(None, "{ __schema { types { kind name enumValues { name } } } }", json!({})).await;
    let mut enums = Vec::new();
    for kind in data["__schema"]["types"].as_array().into_iter().flatten() {
        let name = kind["name"].as_str().unwrap_or_default();
        if kind["kind"] != "ENUM" || name.starts_with("__") || name.contains("__") || name == "Language" {
            continue;
        }
        let values = kind["enumValues"].as_array().into_iter().flatten();
        enums.push((name.to_owned(), values.filter_map(|v| v["name"].as_str().map(str::to_owned)).collect()));
    }
    enums
}

hub_test!(async fn every_enum_value_people_see_has_vietnamese_and_english_labels(app) {
    let enums = schema_enums(&app).await;
    assert!(enums.iter().any(|(name, _)| name == "OrganizationKind"), "{enums:?}");
    let query = "query($language: Language) { enumLabels(language: $language) { enum value label language } }";
    for language in ["VI", "EN"] {
        let data = app.data(None, query, json!({ "language": language })).await;
        let labelled: BTreeSet<(String, String)> = data["enumLabels"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|label| {
                assert_eq!(label["language"], language);
                assert!(!label["label"].as_str().unwrap_or_default().is_empty(), "{label}");
                (label["enum"].as_str().unwrap_or_default().to_owned(), label["value"].as_str().unwrap_or_default().to_owned())
            })
            .collect();
        let missing: Vec<String> = enums
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |value| (name.clone(), value.clone())))
            .filter(|pair| !labelled.contains(pair))
            .map(|(name, value)| format!("{name}.{value}"))
            .collect();
        assert!(missing.is_empty(), "enum values without a {language} label: {missing:?}");
    }
    // Without an argument the caller's Accept-Language decides.
    let body: Value = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .header("accept-language", "vi")
        .json(&json!({ "query": "{ enumLabels(enums: [\"OrganizationKind\"]) { value label } }" }))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("a JSON body");
    let labels = body["data"]["enumLabels"].as_array().cloned().unwrap_or_default();
    assert_eq!(labels.len(), 10, "{body}");
    assert!(labels.iter().any(|l| l["value"] == "ENTERPRISE" && l["label"] == "Doanh nghiệp"), "{body}");
});
