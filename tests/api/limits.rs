//! The configured limits: each refusal has its own code and a message that says what to do,
//! and the hub keeps serving. (Over a real binary and with hostile inputs: `bad_input.rs`.)

use std::time::Duration;

use hub::config::Settings;
use hub_common::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{Backend, TestApp, first_error_code};
use crate::ws_client::WsClient;

/// Limits do not depend on the database, so these tests run on SQLite only.
async fn app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    TestApp::spawn_with(Backend::Sqlite, configure).await.expect("SQLite is always available")
}

async fn post(app: &TestApp, content_type: &str, body: impl Into<reqwest::Body>) -> (StatusCode, Value) {
    let response = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

/// `{ areas { parent { parent { … name } } } }`, nested `levels` deep.
fn nested(levels: usize) -> String {
    format!("{{ areas {{ {}name{} }} }}", "parent { ".repeat(levels), " }".repeat(levels))
}

#[tokio::test]
async fn depth_complexity_and_page_size_are_configurable_with_their_own_codes() {
    let app = app_with(|settings| {
        settings.limits.max_depth = 6;
        settings.limits.max_complexity = 50;
        settings.limits.max_page_size = 10;
    })
    .await;
    app.data(None, &nested(4), json!({})).await;
    let (_, body) = app.graphql(None, &nested(8), json!({})).await;
    assert_eq!(first_error_code(&body), "QUERY_TOO_DEEP", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("6 levels"), "{body}");

    let aliases: String = (0..30).map(|i| format!("a{i}: areas {{ name }} ")).collect();
    let (_, body) = app.graphql(None, &format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(first_error_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("50"), "{body}");

    let page = "query($first: Int) { organizations(first: $first) { edges { node { name } } } }";
    let (_, body) = app.graphql(None, page, json!({ "first": 11 })).await;
    assert_eq!(first_error_code(&body), "PAGE_SIZE_TOO_LARGE", "{body}");
    let data = app.data(None, page, json!({ "first": 10 })).await;
    assert_eq!(data["organizations"]["edges"].as_array().map(Vec::len), Some(10));
    let data = app.data(None, page, json!({})).await;
    assert_eq!(
        data["organizations"]["edges"].as_array().map(Vec::len),
        Some(10),
        "the default page is capped too"
    );
    app.assert_still_serving().await;
}

#[tokio::test]
async fn bodies_content_types_and_batches_are_bounded() {
    let app = app_with(|settings| {
        settings.limits.max_body_bytes = 4_096;
        settings.limits.max_batch = 3;
    })
    .await;
    let padding = " ".repeat(5_000);
    let (status, body) =
        post(&app, "application/json", format!(r#"{{"query": "{{ areas {{ name }} }}{padding}"}}"#)).await;
    assert_eq!(
        (status, first_error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE".into())
    );
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("4096 bytes"), "{body}");

    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"] {
        let (status, body) = post(&app, content_type, r#"{"query": "{ areas { name } }"}"#).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        assert_eq!(first_error_code(&body), "UNSUPPORTED_MEDIA_TYPE");
    }
    let (status, _) =
        post(&app, "application/json; charset=utf-8", r#"{"query": "{ areas { name } }"}"#).await;
    assert_eq!(status, StatusCode::OK, "a charset parameter is fine");

    let operation = json!({ "query": "{ areas { name } }" });
    let (status, body) =
        post(&app, "application/json", json!([operation, operation, operation]).to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().map(Vec::len), Some(3), "a batch within the limit runs: {body}");
    let (status, body) =
        post(&app, "application/json", json!([operation, operation, operation, operation]).to_string()).await;
    assert_eq!((status, first_error_code(&body)), (StatusCode::BAD_REQUEST, "BATCH_TOO_LARGE".into()));
    app.assert_still_serving().await;
}

/// Posts `{ areas { name } }` as if from `forwarded` (the proxy's `X-Forwarded-For` entry).
async fn send_from(app: &TestApp, token: Option<&str>, forwarded: &str) -> reqwest::Response {
    let query = json!({ "query": "{ areas { name } }" }).to_string();
    let mut request =
        app.client.post(format!("{}/graphql", app.base_url)).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.header("x-forwarded-for", forwarded).body(query).send().await.unwrap()
}

async fn rate_limited_app() -> TestApp {
    app_with(|settings| {
        settings.limits.requests_per_minute_per_token = 60;
        settings.limits.requests_per_minute_per_ip = 120;
        settings.limits.trust_forwarded_for = true;
    })
    .await
}

#[tokio::test]
async fn anonymous_callers_are_limited_by_address_and_tokens_by_subject() {
    let app = rate_limited_app().await;
    // A burst of ten seconds' worth (20 at 120 a minute) passes, the next is refused.
    for _ in 0..20 {
        assert_eq!(send_from(&app, None, "203.0.113.7").await.status(), StatusCode::OK);
    }
    let refused = send_from(&app, None, "203.0.113.7").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(first_error_code(&body), "RATE_LIMITED");
    // Another address (a client's claim before the proxy's entry is ignored) has a budget of
    // its own.
    assert_eq!(send_from(&app, None, "203.0.113.7, 198.51.100.1").await.status(), StatusCode::OK);
    // A token's budget (10 at 60 a minute) is its own, wherever it comes from.
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    for _ in 0..10 {
        assert_eq!(send_from(&app, Some(&token), "198.51.100.20").await.status(), StatusCode::OK);
    }
    let refused = send_from(&app, Some(&token), "198.51.100.20").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "the token's budget is spent");
    let refused = send_from(&app, Some(&token), "198.51.100.21").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "from another address too");
}

#[tokio::test]
async fn an_ipv6_64_shares_one_budget() {
    let app = rate_limited_app().await;
    // Twenty different addresses of one /64 spend its burst; a twenty-first is refused.
    for i in 1..=20 {
        let address = format!("2001:db8:aa:bb:{i:x}::{i:x}");
        assert_eq!(send_from(&app, None, &address).await.status(), StatusCode::OK, "{address}");
    }
    let refused = send_from(&app, None, "2001:db8:aa:bb:ffff:ffff:ffff:ffff").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(first_error_code(&refused.json().await.unwrap()), "RATE_LIMITED");
    // The neighbouring /64 is somebody else.
    assert_eq!(send_from(&app, None, "2001:db8:aa:bc::1").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_flood_of_bogus_tokens_is_refused_by_the_address_limit() {
    let app = rate_limited_app().await;
    for i in 0..20 {
        let bogus = format!("not-a-token-{i}");
        let response = send_from(&app, Some(&bogus), "203.0.113.9").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "verified and refused");
    }
    // The address's budget is spent: the next made-up tokens are refused, from then on before
    // verification.
    for _ in 0..3 {
        let refused = send_from(&app, Some("not-a-token-either"), "203.0.113.9").await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.headers().contains_key("retry-after"));
        assert_eq!(first_error_code(&refused.json().await.unwrap()), "RATE_LIMITED");
    }
    // Another address's valid token is served, and spends nothing of its address's budget.
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    for _ in 0..5 {
        assert_eq!(send_from(&app, Some(&token), "198.51.100.30").await.status(), StatusCode::OK);
    }
    for _ in 0..20 {
        assert_eq!(
            send_from(&app, None, "198.51.100.30").await.status(),
            StatusCode::OK,
            "a full burst left"
        );
    }
    // A valid token from the refused address waits too: the address is checked first.
    assert_eq!(send_from(&app, Some(&token), "203.0.113.9").await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn introspection_can_be_switched_off_and_unknown_operations_are_named() {
    let app = app_with(|settings| settings.limits.introspection = Some(false)).await;
    for query in ["{ __schema { types { name } } }", "{ __type(name: \"Area\") { name } }"] {
        let (_, body) = app.graphql(None, query, json!({})).await;
        assert_eq!(first_error_code(&body), "INTROSPECTION_DISABLED", "{body}");
    }
    let data = app.data(None, "{ __typename areas { __typename } }", json!({})).await;
    assert_eq!(data["__typename"], "Query", "__typename is not introspection");

    let request =
        json!({ "query": "query A { areas { name } } query B { __typename }", "operationName": "C" });
    let (_, body) = post(&app, "application/json", request.to_string()).await;
    assert_eq!(first_error_code(&body), "OPERATION_RESOLUTION_FAILURE", "{body}");
    let request = json!({ "query": "query A { areas { name } } query B { __typename }" });
    let (_, body) = post(&app, "application/json", request.to_string()).await;
    assert_eq!(first_error_code(&body), "OPERATION_RESOLUTION_FAILURE", "{body}");
}

#[tokio::test]
async fn automatic_persisted_queries_follow_apollos_protocol() {
    let app = app_with(|_| {}).await;
    let query = "{ areas { name } }";
    let hash: String = Sha256::digest(query.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect();
    let persisted = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });

    // The client tries the hash alone, learns it is unknown, registers it once, then sends only
    // the hash.
    let (status, body) = post(&app, "application/json", json!({ "extensions": persisted }).to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(first_error_code(&body), "PERSISTED_QUERY_NOT_FOUND");
    let registered =
        post(&app, "application/json", json!({ "query": query, "extensions": persisted }).to_string()).await;
    assert!(
        registered.1["data"]["areas"].as_array().is_some_and(|areas| !areas.is_empty()),
        "{}",
        registered.1
    );
    let (_, by_hash) = post(&app, "application/json", json!({ "extensions": persisted }).to_string()).await;
    assert_eq!(by_hash["data"], registered.1["data"]);

    let forged = json!({ "query": "{ organizations { edges { cursor } } }", "extensions": persisted });
    let (_, body) = post(&app, "application/json", forged.to_string()).await;
    assert_eq!(first_error_code(&body), "BAD_REQUEST", "a query must match its hash: {body}");
}

async fn close_frame(ws: &mut WsClient, limit: Duration) -> (u16, String) {
    let closed = async {
        while let Some(frame) = futures_util::StreamExt::next(&mut ws.socket).await {
            if let Ok(Message::Close(Some(frame))) = frame {
                return (u16::from(frame.code), frame.reason.to_string());
            }
        }
        panic!("the socket ended without a close frame");
    };
    tokio::time::timeout(limit, closed).await.expect("closed in time")
}

const PUBLISHED: &str = "subscription { internshipOfferPublished { offer { id } } }";

#[tokio::test]
async fn websocket_connections_have_an_init_timeout_and_a_subscription_limit() {
    let app = app_with(|settings| {
        settings.limits.connection_init_timeout_seconds = 1;
        settings.limits.max_subscriptions_per_connection = 2;
    })
    .await;
    let mut silent = WsClient { socket: crate::ws_client::open(&app.base_url).await };
    let (code, reason) = close_frame(&mut silent, Duration::from_secs(5)).await;
    assert_eq!((code, reason.as_str()), (4408, "Connection initialisation timeout"));

    let mut ws = WsClient::connect(&app.base_url, None).await;
    ws.subscribe("1", PUBLISHED, json!({})).await;
    ws.subscribe("2", PUBLISHED, json!({})).await;
    ws.subscribe("3", PUBLISHED, json!({})).await;
    let refused = ws.next_message().await;
    assert_eq!((refused["type"].as_str(), refused["id"].as_str()), (Some("error"), Some("3")), "{refused}");
    assert_eq!(refused["payload"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS");
    // Completing one frees a place; the connection outlived the init timeout since it was
    // acknowledged.
    let complete = json!({ "type": "complete", "id": "1" }).to_string();
    futures_util::SinkExt::send(&mut ws.socket, Message::Text(complete.into())).await.unwrap();
    let completed = ws.next_message().await;
    assert_eq!((completed["type"].as_str(), completed["id"].as_str()), (Some("complete"), Some("1")));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    ws.subscribe("4", PUBLISHED, json!({})).await;
    ws.expect_silence(Duration::from_millis(500)).await;

    futures_util::SinkExt::send(&mut ws.socket, Message::Text("{not json".into())).await.unwrap();
    assert_eq!(close_frame(&mut ws, Duration::from_secs(5)).await.0, 4400, "a malformed message");
}

#[tokio::test]
async fn an_expiring_token_closes_its_subscriptions_and_a_refreshed_one_reconnects() {
    let app = app_with(|_| {}).await;
    let short = app.token_lasting("dn-logistics-bach-dang", Role::OrgAdmin, 2);
    let mut ws = WsClient::connect(&app.base_url, Some(&short)).await;
    ws.subscribe("offers", PUBLISHED, json!({})).await;
    let (code, reason) = close_frame(&mut ws, Duration::from_secs(10)).await;
    assert_eq!(code, 4401, "{reason}");
    assert!(reason.contains("token expired"), "{reason}");

    let refreshed = app.token("dn-logistics-bach-dang", Role::OrgAdmin);
    let mut ws = WsClient::connect(&app.base_url, Some(&refreshed)).await;
    ws.subscribe("offers", PUBLISHED, json!({})).await;
    ws.expect_silence(Duration::from_millis(2_500)).await;
}
