//! Subscriptions that ask the same thing share one execution (`hub::subscription_groups`):
//! each member still gets every event once, and neither callers nor languages share answers.
//! Answers ready at once on one connection leave in one write (`hub::ws_protocol`), and each
//! operation still gets all of its own, in order.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;

use hub_common::Role;
use serde_json::json;

use crate::helpers::demo_org;
use crate::hub_test;
use crate::offers_live::{Endpoint, SUBSCRIBE, marker};
use crate::telemetry::wait_for_metric;
use crate::ws_client::WsClient;

const WATCH: &str = "subscription($org: ID!) { nominationChanged(organizationId: $org) { cursor status } }";

hub_test!(async fn every_client_of_a_shared_subscription_gets_each_offer_once(app) {
    let marker = marker();
    let mut clients = Vec::new();
    for _ in 0..20 {
        let mut ws = WsClient::connect(&app.base_url, None).await;
        ws.subscribe("offers", SUBSCRIBE, json!({ "filter": { "text": marker } })).await;
        clients.push(ws);
    }
    // A subscriber of the same offers with another filter is a group of its own.
    let mut port = WsClient::connect(&app.base_url, None).await;
    port.subscribe("port", SUBSCRIBE, json!({ "filter": { "text": marker, "sector": "5210" } })).await;
    wait_for_metric(&app.base_url, "hub_event_subscribers 21").await;

    let server = Endpoint { base_url: app.base_url.clone(), client: app.client.clone() };
    let logistics = server.publish_offer(&format!("Kho vận {marker}"), "5210").await;
    let electronics = server.publish_offer(&format!("Điện tử {marker}"), "2610").await;
    for ws in &mut clients {
        for expected in [&logistics, &electronics] {
            let event = ws.next_data("offers").await["internshipOfferPublished"].clone();
            assert_eq!(event["offer"]["id"], expected.as_str(), "in order");
            assert_eq!(event["offer"]["enterprise"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
        }
    }
    let event = port.next_data("port").await["internshipOfferPublished"].clone();
    assert_eq!(event["offer"]["id"], logistics.as_str());
    port.expect_silence(Duration::from_millis(500)).await;
    clients[0].expect_silence(Duration::from_millis(200)).await;

    for ws in clients {
        ws.close().await;
    }
    wait_for_metric(&app.base_url, "hub_event_subscribers 1").await;
});

hub_test!(async fn callers_and_languages_never_share_an_answer(app) {
    let url = format!("{}/graphql/ws", app.base_url.replace("http://", "ws://"));
    let school = demo_org("thpt-tran-phu");
    let outsider = app.token("thpt-ngo-quyen", Role::OrgMember);
    let connect = |token: String, locale: &'static str| {
        let url = url.clone();
        async move {
            let payload = json!({ "Authorization": format!("Bearer {token}"), "locale": locale });
            WsClient::connect_with_payload(&url, payload).await
        }
    };
    // An outsider asks first, in Vietnamese then in English; the school's own member asks last,
    // with the same document and variables.
    let mut outsider_vi = connect(outsider.clone(), "vi").await;
    outsider_vi.subscribe("watch", WATCH, json!({ "org": school })).await;
    let mut outsider_en = connect(outsider, "en").await;
    outsider_en.subscribe("watch", WATCH, json!({ "org": school })).await;
    let mut own = connect(app.token("thpt-tran-phu", Role::OrgMember), "vi").await;
    own.subscribe("watch", WATCH, json!({ "org": school })).await;

    let refused_vi = outsider_vi.next_message().await;
    let refused_en = outsider_en.next_message().await;
    for refused in [&refused_vi, &refused_en] {
        assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    }
    let (vi, en) = (&refused_vi["payload"]["errors"][0]["message"], &refused_en["payload"]["errors"][0]["message"]);
    assert_ne!(vi, en, "each in its connection's language: {vi} / {en}");
    own.expect_silence(Duration::from_millis(500)).await;
    wait_for_metric(&app.base_url, "hub_event_subscribers 1").await;
});

hub_test!(async fn several_subscriptions_on_one_connection_each_get_every_answer_in_order(app) {
    let marker = marker();
    let mut ws = WsClient::connect(&app.base_url, None).await;
    // Three operations that every offer answers (one group), and one for logistics alone.
    let every = ["a", "b", "c"];
    for id in every {
        ws.subscribe(id, SUBSCRIBE, json!({ "filter": { "text": marker } })).await;
    }
    ws.subscribe("port", SUBSCRIBE, json!({ "filter": { "text": marker, "sector": "5210" } })).await;
    wait_for_metric(&app.base_url, "hub_event_subscribers 4").await;

    let server = Endpoint { base_url: app.base_url.clone(), client: app.client.clone() };
    let logistics = server.publish_offer(&format!("Kho vận {marker}"), "5210").await;
    let electronics = server.publish_offer(&format!("Điện tử {marker}"), "2610").await;
    // The operations' messages interleave as they come; each operation's own keep their order.
    let mut offers: HashMap<String, Vec<String>> = HashMap::new();
    for _ in 0..(every.len() * 2 + 1) {
        let message = ws.next_message().await;
        assert_eq!(message["type"], "next", "{message}");
        let id = message["id"].as_str().expect("an operation id").to_owned();
        let offer = &message["payload"]["data"]["internshipOfferPublished"]["offer"]["id"];
        offers.entry(id).or_default().push(offer.as_str().expect("an offer id").to_owned());
    }
    for id in every {
        assert_eq!(offers[id], [logistics.as_str(), electronics.as_str()], "operation {id}");
    }
    assert_eq!(offers["port"], [logistics.as_str()]);
    ws.expect_silence(Duration::from_millis(300)).await;

    // Stopping one operation ends it alone: it is answered `complete`, the others go on.
    let stop = json!({ "type": "complete", "id": "b" }).to_string();
    ws.socket.send(Message::Text(stop.into())).await.expect("sent");
    let completed = ws.next_message().await;
    assert_eq!((completed["type"].as_str(), completed["id"].as_str()), (Some("complete"), Some("b")));
    wait_for_metric(&app.base_url, "hub_event_subscribers 3").await;
    let warehouse = server.publish_offer(&format!("Kho lạnh {marker}"), "5210").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let message = ws.next_message().await;
        assert_eq!(message["payload"]["data"]["internshipOfferPublished"]["offer"]["id"], warehouse.as_str());
        ids.push(message["id"].as_str().expect("an operation id").to_owned());
    }
    ids.sort();
    assert_eq!(ids, ["a", "c", "port"]);
    ws.expect_silence(Duration::from_millis(300)).await;
    ws.close().await;
});
