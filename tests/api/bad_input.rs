//! Hostile input against the real binary: each request gets a clear, coded refusal, memory
//! stays bounded, and a health query keeps being answered throughout.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{Backend, HubProcess, TestDatabase, first_error_code};
use crate::offers_live::enterprise_token;

/// One hostile HTTP request and the answer it must get.
struct Hostile {
    name: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    status: StatusCode,
    code: &'static str,
}

fn hostile_requests() -> Vec<Hostile> {
    let json_body = |value: Value| value.to_string().into_bytes();
    let deep = format!("{{ areas {{ {}name{} }} }}", "parent { ".repeat(200), " }".repeat(200));
    let aliases: String = (0..3_000)
        .map(|i| format!("a{i}: organizations(first: 100) {{ edges {{ node {{ name }} }} }} "))
        .collect();
    let batch: Vec<Value> = (0..1_000).map(|_| json!({ "query": "{ areas { name } }" })).collect();
    let mut invalid_utf8 = br#"{"query": "{ areas { name } }", "operationName": ""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28]);
    invalid_utf8.extend_from_slice(br#""}"#);
    let ok = StatusCode::OK;
    vec![
        Hostile {
            name: "200 levels of nesting",
            content_type: "application/json",
            body: json_body(json!({ "query": deep })),
            status: ok,
            code: "QUERY_TOO_DEEP",
        },
        Hostile {
            name: "3,000 aliases",
            content_type: "application/json",
            body: json_body(json!({ "query": format!("{{ {aliases} }}") })),
            status: ok,
            code: "QUERY_TOO_COMPLEX",
        },
        Hostile {
            name: "a 10 MB body",
            content_type: "application/json",
            body: vec![b' '; 10 * 1024 * 1024],
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "PAYLOAD_TOO_LARGE",
        },
        Hostile {
            name: "invalid UTF-8",
            content_type: "application/json",
            body: invalid_utf8,
            status: StatusCode::BAD_REQUEST,
            code: "BAD_REQUEST",
        },
        Hostile {
            name: "a form post",
            content_type: "application/x-www-form-urlencoded",
            body: b"query=%7B+areas+%7B+name+%7D+%7D".to_vec(),
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "UNSUPPORTED_MEDIA_TYPE",
        },
        Hostile {
            name: "a batch of 1,000 operations",
            content_type: "application/json",
            body: json_body(json!(batch)),
            status: StatusCode::BAD_REQUEST,
            code: "BATCH_TOO_LARGE",
        },
        Hostile {
            name: "an unknown operation name",
            content_type: "application/json",
            body: json_body(json!({ "query": "query A { areas { name } }", "operationName": "Nope" })),
            status: ok,
            code: "OPERATION_RESOLUTION_FAILURE",
        },
    ]
}

/// Sends `request` and checks its answer.
async fn check(client: &reqwest::Client, base_url: &str, request: &Hostile) {
    let response = client
        .post(format!("{base_url}/graphql"))
        .header("content-type", request.content_type)
        .body(request.body.clone())
        .send()
        .await
        .unwrap_or_else(|err| panic!("{}: no answer: {err}", request.name));
    assert_eq!(response.status(), request.status, "{}", request.name);
    let body: Value = response.json().await.unwrap_or_else(|err| panic!("{}: not JSON: {err}", request.name));
    assert_eq!(first_error_code(&body), request.code, "{}: {body}", request.name);
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.len() > 10, "{}: a message a person can act on: {body}", request.name);
}

/// Reads until the socket closes and returns the close code.
async fn close_code(socket: &mut crate::ws_client::Socket) -> u16 {
    let closed = async {
        while let Some(frame) = socket.next().await {
            if let Ok(Message::Close(Some(frame))) = frame {
                return u16::from(frame.code);
            }
        }
        0
    };
    tokio::time::timeout(Duration::from_secs(10), closed).await.expect("closed in time")
}

async fn malformed_websocket_messages_close_with_4400(base_url: &str) {
    let garbage = [
        Message::Text("{not json".into()),
        Message::Text(r#"{"id": "1", "payload": {}}"#.into()),
        Message::Text(r#"{"type": "subscribe", "id": 7, "payload": "no"}"#.into()),
        Message::Binary(vec![0xff, 0x00, 0x13, 0x37].into()),
    ];
    for message in garbage {
        let mut socket = crate::ws_client::open(base_url).await;
        let init = json!({ "type": "connection_init", "payload": {} }).to_string();
        socket.send(Message::Text(init.into())).await.expect("sent");
        socket.send(message.clone()).await.expect("sent");
        assert_eq!(close_code(&mut socket).await, 4400, "{message:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_gets_clear_errors_while_the_hub_keeps_serving() {
    let database = TestDatabase::create(Backend::Sqlite).await.expect("SQLite");
    let env = [("HUB_LIMITS__CONNECTION_INIT_TIMEOUT_SECONDS", "2")];
    let hub = HubProcess::spawn_with(&database.url, None, &env).await;
    let base_url = hub.endpoint.base_url.clone();

    // A health query every 50 ms for the whole test, with a token (its own rate bucket).
    let stop = Arc::new(AtomicBool::new(false));
    let (answered, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let health = tokio::spawn({
        let (stop, answered, failed, base_url) =
            (stop.clone(), answered.clone(), failed.clone(), base_url.clone());
        async move {
            let client = reqwest::Client::new();
            let token = enterprise_token();
            while !stop.load(Ordering::Relaxed) {
                let request = client
                    .post(format!("{base_url}/graphql"))
                    .bearer_auth(&token)
                    .json(&json!({ "query": "{ areas { name } }" }))
                    .timeout(Duration::from_secs(2));
                let ok = match request.send().await {
                    Ok(response) if response.status() == StatusCode::OK => {
                        response.json::<Value>().await.is_ok_and(|body| body["data"]["areas"].is_array())
                    }
                    _ => false,
                };
                if ok {
                    answered.fetch_add(1, Ordering::Relaxed)
                } else {
                    failed.fetch_add(1, Ordering::Relaxed)
                };
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    });

    let client = reqwest::Client::new();
    let requests = hostile_requests();
    for request in &requests {
        check(&client, &base_url, request).await;
    }
    let after_one_round = hub.resident_kib();
    for _ in 0..4 {
        for request in &requests {
            check(&client, &base_url, request).await;
        }
    }
    let after_five_rounds = hub.resident_kib();
    assert!(
        after_five_rounds < after_one_round + 32 * 1024,
        "memory grew from {after_one_round} KiB to {after_five_rounds} KiB over four more rounds"
    );

    malformed_websocket_messages_close_with_4400(&base_url).await;
    let mut silent = crate::ws_client::open(&base_url).await;
    assert_eq!(close_code(&mut silent).await, 4408, "no connection_init within the configured 2 s");

    stop.store(true, Ordering::Relaxed);
    health.await.expect("the health loop ends");
    let (answered, failed) = (answered.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    assert_eq!(failed, 0, "health queries failed ({answered} answered)");
    assert!(answered >= 10, "the health loop ran throughout ({answered} answered)");
}
