//! SIGTERM with requests in flight and subscriptions open: readiness goes false first, every
//! request that was accepted is answered, every acknowledged write is in the database, every
//! subscriber gets a 1001 close frame, and the process exits cleanly.

use std::time::Duration;

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, HubProcess, TestDatabase};
use crate::offers_live::{CREATE, SUBSCRIBE, enterprise_token, marker, offer_input};
use crate::ws_client::WsClient;

const IN_FLIGHT: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_answers_in_flight_requests_and_closes_subscriptions() {
    let Some(database) = TestDatabase::create(Backend::Postgres).await else { return };
    // Each mutation below holds a request connection while it waits on the lock: the request
    // pool (half of the connections, the rest serving the hot reads) must have room for all.
    let env = [
        ("HUB_SHUTDOWN_DELAY_SECONDS", "2"),
        ("HUB_SHUTDOWN_TIMEOUT_SECONDS", "20"),
        ("HUB_DATABASE_MAX_CONNECTIONS", "16"),
    ];
    let mut hub = HubProcess::spawn_with(&database.url, None, &env).await;
    let base_url = hub.endpoint.base_url.clone();
    let client = reqwest::Client::new();

    let mut subscribers = Vec::new();
    for _ in 0..3 {
        let mut ws = WsClient::connect(&base_url, None).await;
        ws.subscribe("offers", SUBSCRIBE, json!({ "filter": { "text": marker() } })).await;
        subscribers.push(ws);
    }

    // Hold a lock that makes every offer insert wait, so the mutations below are in flight
    // when the signal arrives.
    let observer = Database::connect(&database.url).await.unwrap();
    let lock = observer.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE internships_offers IN SHARE MODE").await.unwrap();
    let marker = marker();
    let mutations: Vec<_> = (0..IN_FLIGHT)
        .map(|n| {
            let (client, base_url) = (client.clone(), base_url.clone());
            let input = offer_input(&format!("Kho vận {marker} {n}"), "5210");
            tokio::spawn(async move {
                let response = client
                    .post(format!("{base_url}/graphql"))
                    .bearer_auth(enterprise_token())
                    .json(&json!({ "query": CREATE, "variables": { "input": input } }))
                    .send()
                    .await
                    .expect("an accepted request is answered");
                let body: Value = response.json().await.expect("a JSON body");
                body["data"]["createInternshipOffer"]["id"].as_str().map(str::to_owned)
            })
        })
        .collect();
    wait_for_waiting_inserts(&observer, IN_FLIGHT).await;

    hub.terminate();
    // Readiness goes false while the hub still serves, so a load balancer moves away first.
    let ready = readiness_after_signal(&client, &base_url).await;
    assert_eq!(ready["draining"], true, "{ready}");
    let health = client.get(format!("{base_url}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK, "still serving during the delay");

    for ws in &mut subscribers {
        assert_eq!(ws.close_code(Duration::from_secs(10)).await, Some(1001), "going away");
    }
    assert!(hub.is_running(), "in-flight requests keep the process alive");
    lock.commit().await.unwrap();

    let mut acknowledged = Vec::new();
    for mutation in mutations {
        let id = mutation.await.unwrap().expect("every in-flight mutation succeeded");
        acknowledged.push(id);
    }
    assert!(hub.exited(Duration::from_secs(15)).await.success(), "a clean exit");
    assert!(client.get(format!("{base_url}/healthz")).send().await.is_err(), "no longer listening");

    for id in &acknowledged {
        let row = observer
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT title FROM internships_offers WHERE id = $1::uuid",
                [id.clone().into()],
            ))
            .await
            .unwrap();
        assert!(row.is_some(), "acknowledged offer {id} is in the database");
    }
    assert_eq!(acknowledged.len(), IN_FLIGHT);
}

/// Waits until `count` statements of this database wait on a lock.
async fn wait_for_waiting_inserts(observer: &sea_orm::DatabaseConnection, count: usize) {
    for _ in 0..200 {
        let row = observer
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT count(*) AS waiting FROM pg_stat_activity \
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
            ))
            .await
            .unwrap()
            .unwrap();
        if row.try_get::<i64>("", "waiting").unwrap() as usize >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the mutations never reached the database");
}

/// `/readyz` once the hub has taken the signal in (it arrives asynchronously).
async fn readiness_after_signal(client: &reqwest::Client, base_url: &str) -> Value {
    for _ in 0..50 {
        let response = client.get(format!("{base_url}/readyz")).send().await.unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            return response.json().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("/readyz never went false after SIGTERM");
}
