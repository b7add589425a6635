//! New offers reach subscribers over WebSocket: across hub processes through Redis, through a
//! Redis outage, and after a reconnect with the last cursor, each exactly once and filtered on
//! the server.

use std::time::Duration;

use hub_common::Role;
use serde_json::{Value, json};

use crate::helpers::{
    Backend, HubProcess, PrivateRedis, TEST_SECRET, TestApp, TestDatabase, demo_area, redis_url,
    replicas_on_redis,
};
use crate::ws_client::WsClient;

pub const CREATE: &str =
    "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishInternshipOffer(id: $id) { id status } }";
pub const SUBSCRIBE: &str = "subscription($filter: InternshipOfferFilter, $after: String) {
  internshipOfferPublished(filter: $filter, after: $after) { cursor offer { id title sector enterprise { name } } }
}";

/// Something to talk to over HTTP: an in-process `TestApp` or a `hub` process.
pub struct Endpoint {
    pub base_url: String,
    pub client: reqwest::Client,
}

impl Endpoint {
    pub async fn data(&self, token: &str, query: &str, variables: Value) -> Value {
        let body: Value = self
            .client
            .post(format!("{}/graphql", self.base_url))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(body.get("errors").is_none(), "{body}");
        body["data"].clone()
    }

    /// Creates and publishes an offer of the port-logistics demo enterprise; returns its id.
    pub async fn publish_offer(&self, title: &str, sector: &str) -> String {
        let token = enterprise_token();
        let created = self.data(&token, CREATE, json!({ "input": offer_input(title, sector) })).await;
        let id = created["createInternshipOffer"]["id"].as_str().unwrap().to_owned();
        let published = self.data(&token, PUBLISH, json!({ "id": id })).await;
        assert_eq!(published["publishInternshipOffer"]["status"], "PUBLISHED");
        id
    }
}

/// The input of a draft offer of the port-logistics demo enterprise.
pub fn offer_input(title: &str, sector: &str) -> Value {
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    json!({
        "title": title,
        "description": "Hỗ trợ điều phối hàng container tại kho bãi.",
        "sector": sector,
        "areaId": demo_area("HP-P-HAIAN"),
        "seats": 3,
        "eligibleLevels": ["COLLEGE_STUDENT"],
        "startDate": start.to_string(),
        "endDate": (start + chrono::Duration::days(60)).to_string(),
        "applicationDeadline": (start - chrono::Duration::days(7)).to_string(),
    })
}

pub fn enterprise_token() -> String {
    let org = crate::helpers::demo_org("dn-logistics-bach-dang");
    hub::auth::Hs256::new(TEST_SECRET).mint("test:dn-logistics-bach-dang", Some(org), &[Role::OrgAdmin], 3600)
}

fn endpoint(app: &TestApp) -> Endpoint {
    Endpoint { base_url: app.base_url.clone(), client: app.client.clone() }
}

/// Subscribes to offers whose title contains `marker`, from the start of the outbox, and waits
/// for the offer `first_id` (published before subscribing): once it has arrived, the backlog is
/// read and everything later arrives live. Returns its cursor.
pub async fn subscribe_and_sync(ws: &mut WsClient, marker: &str, first_id: &str) -> String {
    ws.subscribe("offers", SUBSCRIBE, json!({ "filter": { "text": marker }, "after": "0" })).await;
    let data = ws.next_data("offers").await;
    let event = &data["internshipOfferPublished"];
    assert_eq!(event["offer"]["id"], first_id);
    event["cursor"].as_str().unwrap().to_owned()
}

pub fn marker() -> String {
    format!("kiểm thử {}", &uuid::Uuid::now_v7().simple().to_string()[20..])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_on_one_process_receives_offers_published_through_another() {
    let Some(redis) = redis_url().await else { return };
    let Some(database) = TestDatabase::create(Backend::Postgres).await else { return };
    let a = HubProcess::spawn(&database.url, &redis, None).await;
    let b = HubProcess::spawn(&database.url, &redis, None).await;
    let marker = marker();
    let first = a.endpoint.publish_offer(&format!("Kho vận {marker} 1"), "5210").await;

    let mut ws = WsClient::connect(&b.endpoint.base_url, None).await;
    let cursor = subscribe_and_sync(&mut ws, &marker, &first).await;
    // Starting after a known cursor, the second subscription misses nothing even if the offers
    // below are published before the server has set it up.
    let filter = json!({ "text": marker, "sector": "5210" });
    ws.subscribe("port", SUBSCRIBE, json!({ "filter": filter, "after": cursor })).await;

    let other_sector = a.endpoint.publish_offer(&format!("Điện tử {marker}"), "2610").await;
    let matching = a.endpoint.publish_offer(&format!("Kho vận {marker} 2"), "5210").await;
    let mut by_subscription: std::collections::HashMap<String, Vec<String>> = Default::default();
    for _ in 0..3 {
        let message = ws.next_message().await;
        assert_eq!(message["type"], "next", "{message}");
        let id = message["payload"]["data"]["internshipOfferPublished"]["offer"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        by_subscription.entry(message["id"].as_str().unwrap().to_owned()).or_default().push(id);
    }
    assert_eq!(by_subscription["offers"], vec![other_sector.clone(), matching.clone()]);
    assert_eq!(by_subscription["port"], vec![matching], "the sector filter is applied on the server");
    ws.expect_silence(Duration::from_millis(700)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offers_published_while_redis_is_down_arrive_once_after_it_returns() {
    let Some(mut redis) = PrivateRedis::start().await else { return };
    let Some((a, b)) = replicas_on_redis(&redis.url()).await else { return };
    let (a, b) = (endpoint(&a), endpoint(&b));
    let marker = marker();
    let first = a.publish_offer(&format!("Kho vận {marker} 0"), "5210").await;
    let mut ws = WsClient::connect(&b.base_url, None).await;
    subscribe_and_sync(&mut ws, &marker, &first).await;

    redis.stop();
    let mut during = Vec::new();
    for n in 1..=3 {
        during.push(a.publish_offer(&format!("Kho vận {marker} {n}"), "5210").await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    redis.resume().await;

    for expected in &during {
        let data = ws.next_data("offers").await;
        assert_eq!(&data["internshipOfferPublished"]["offer"]["id"], expected, "in order, none lost");
    }
    ws.expect_silence(Duration::from_millis(1000)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reconnects_with_its_cursor_gets_exactly_what_it_missed() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else { return };
    let server = endpoint(&app);
    let marker = marker();
    let first = server.publish_offer(&format!("Kho vận {marker} 0"), "5210").await;
    let mut ws = WsClient::connect(&server.base_url, None).await;
    let cursor = subscribe_and_sync(&mut ws, &marker, &first).await;
    ws.close().await;

    let mut missed = Vec::new();
    for n in 1..=3 {
        missed.push(server.publish_offer(&format!("Kho vận {marker} {n}"), "5210").await);
    }
    let mut ws = WsClient::connect(&server.base_url, None).await;
    ws.subscribe("again", SUBSCRIBE, json!({ "filter": { "text": marker }, "after": cursor })).await;
    for expected in &missed {
        let data = ws.next_data("again").await;
        assert_eq!(&data["internshipOfferPublished"]["offer"]["id"], expected);
    }
    ws.expect_silence(Duration::from_millis(700)).await;
    let live = server.publish_offer(&format!("Kho vận {marker} 4"), "5210").await;
    let data = ws.next_data("again").await;
    assert_eq!(data["internshipOfferPublished"]["offer"]["id"], live.as_str(), "then live");
}
