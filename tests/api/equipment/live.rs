//! The posted-listing subscription over a real WebSocket: the outbox event written with the
//! listing reaches subscribers whose filter it matches, resuming after a cursor.

use super::*;
use crate::ws_client::WsClient;

const WATCH: &str = "subscription($filter: EquipmentListingFilter, $after: String) { equipmentListingPosted(filter: $filter, after: $after) { cursor listing { id name kind quantityAvailable owner { name } } } }";

hub_test!(async fn subscribers_hear_matching_listings_from_their_cursor_on(app) {
    let start = hub_common::events::latest_cursor(&app.db).await.unwrap();
    // Posted before anyone listens: a donation the filter skips, then a loan it wants.
    create_listing(&app, OWNER, listing_input("DONATION")).await;
    let missed = create_listing(&app, OWNER, listing_input("LOAN")).await;

    let mut ws = WsClient::connect(&app.base_url, None).await;
    let variables = json!({ "filter": { "kind": "LOAN" }, "after": start.to_string() });
    ws.subscribe("loans", WATCH, variables).await;
    let first = ws.next_data("loans").await["equipmentListingPosted"].clone();
    assert_eq!(first["listing"]["id"], missed.to_string(), "{first}");
    assert_eq!(first["listing"]["owner"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    assert_eq!(first["listing"]["quantityAvailable"], 5);

    // Live: another donation (skipped) and another loan (delivered, with a later cursor).
    create_listing(&app, OTHER_OWNER, listing_input("DONATION")).await;
    let live = create_listing(&app, OTHER_OWNER, with(listing_input("LOAN"), json!({ "name": "Giàn khoan bàn" }))).await;
    let second = ws.next_data("loans").await["equipmentListingPosted"].clone();
    assert_eq!(second["listing"]["id"], live.to_string(), "{second}");
    assert_eq!(second["listing"]["kind"], "LOAN");
    let cursor = |event: &Value| event["cursor"].as_str().unwrap().parse::<i64>().unwrap();
    assert!(cursor(&second) > cursor(&first));
    ws.close().await;

    // Resuming after the first event gives the second and nothing before it.
    let mut again = WsClient::connect(&app.base_url, None).await;
    again.subscribe("again", WATCH, json!({ "filter": { "kind": "LOAN" }, "after": first["cursor"] })).await;
    let resumed = again.next_data("again").await["equipmentListingPosted"].clone();
    assert_eq!(resumed["listing"]["id"], live.to_string());
    again.close().await;
});
