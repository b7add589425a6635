//! The dashboard subscription over a real WebSocket: a party hears when another party
//! accepts; a caller who does not act for the organization is refused.

use super::*;
use crate::ws_client::WsClient;

const WATCH: &str = "subscription($org: ID!, $after: String) { partnershipChanged(organizationId: $org, after: $after) { cursor partnershipId status partnership { title } } }";

hub_test!(async fn a_party_hears_when_another_party_accepts(app) {
    let start = hub_common::events::latest_cursor(&app.db).await.unwrap();
    // A change elsewhere that the enterprise's dashboard must not see.
    let elsewhere = propose(&app, OTHER_ENTERPRISE, proposal(&[OTHER_SCHOOL])).await;
    let id = propose(&app, ENTERPRISE, proposal(&[SCHOOL])).await;

    let token = member(&app, ENTERPRISE);
    let mut ws = WsClient::connect(&app.base_url, Some(&token)).await;
    ws.subscribe("dash", WATCH, json!({ "org": demo_org(ENTERPRISE), "after": start.to_string() })).await;
    // Resumed from the cursor: the proposal comes first, the other partnership never.
    let first = ws.next_data("dash").await["partnershipChanged"].clone();
    assert_eq!((first["partnershipId"].as_str(), first["status"].as_str()), (Some(id.to_string().as_str()), Some("PROPOSED")));
    assert_eq!(first["partnership"]["title"], "Hợp tác đào tạo nghề kho vận");

    accept(&app, SCHOOL, id).await;
    let second = ws.next_data("dash").await["partnershipChanged"].clone();
    assert_eq!(second["partnershipId"], id.to_string());
    assert_eq!(second["status"], "ACTIVE");
    assert!(second["cursor"].as_str().unwrap().parse::<i64>().unwrap() > first["cursor"].as_str().unwrap().parse::<i64>().unwrap());
    assert_ne!(second["partnershipId"], elsewhere.to_string());
    ws.close().await;

    // Someone from another organization may not watch the enterprise's dashboard.
    let mut intruder = WsClient::connect(&app.base_url, Some(&member(&app, OTHER_ENTERPRISE))).await;
    intruder.subscribe("spy", WATCH, json!({ "org": demo_org(ENTERPRISE) })).await;
    let message = intruder.next_message().await;
    // The refusal arrives as the subscription's one result, with no data.
    assert_eq!(message["id"], "spy", "{message}");
    assert!(message["payload"]["data"].is_null(), "{message}");
    assert_eq!(message["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{message}");
    intruder.close().await;
});
