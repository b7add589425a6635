//! `equipmentRequestChanged` over a real WebSocket: the requester and the listing's owner hear
//! each change of a request (made, approved, handed over, corrected, returned in parts,
//! cancelled, declined when the listing is withdrawn), from a cursor on; nobody else hears
//! it, and nobody may watch an organization they do not act for.

use std::time::Duration;

use super::*;
use crate::ws_client::WsClient;

const WATCH: &str = "subscription($org: ID!, $after: String) { equipmentRequestChanged(organizationId: $org, after: $after) { cursor requestId listingId status handedOverQuantity returnedQuantity request { status requester { name } handovers { quantity current } returns { quantity } } } }";

fn seen(event: &Value) -> (String, String, i64, i64) {
    (
        event["requestId"].as_str().unwrap().to_owned(),
        event["status"].as_str().unwrap().to_owned(),
        event["handedOverQuantity"].as_i64().unwrap(),
        event["returnedQuantity"].as_i64().unwrap(),
    )
}

hub_test!(async fn the_requester_and_the_owner_hear_a_loan_from_request_to_return(app) {
    let start = hub_common::events::latest_cursor(&app.db).await.unwrap();
    let listing = create_listing(&app, OWNER, listing_input("LOAN")).await;
    // Made before anyone listens: replayed from the cursor.
    let loan = request(&app, SCHOOL, request_input(listing, 3, Some(30))).await;

    let mut school = WsClient::connect(&app.base_url, Some(&member(&app, SCHOOL))).await;
    school.subscribe("school", WATCH, json!({ "org": demo_org(SCHOOL), "after": start.to_string() })).await;
    let made = school.next_data("school").await["equipmentRequestChanged"].clone();
    assert_eq!(seen(&made), (loan.to_string(), "PENDING".to_owned(), 0, 0));
    assert_eq!(made["listingId"], listing.to_string());
    assert_eq!(made["request"]["requester"]["name"], "Trường THPT chuyên Trần Phú");

    let mut owner = WsClient::connect(&app.base_url, Some(&member(&app, OWNER))).await;
    owner.subscribe("owner", WATCH, json!({ "org": demo_org(OWNER), "after": start.to_string() })).await;
    assert_eq!(seen(&owner.next_data("owner").await["equipmentRequestChanged"]).1, "PENDING");

    // Another school's request: the owner hears it, this school does not.
    let other = request(&app, OTHER_SCHOOL, request_input(listing, 1, Some(30))).await;
    assert_eq!(
        seen(&owner.next_data("owner").await["equipmentRequestChanged"]),
        (other.to_string(), "PENDING".to_owned(), 0, 0)
    );

    decide(&app, OWNER, loan, "APPROVE").await;
    let out = hand_over(&app, OWNER, handover_input(loan, 3)).await;
    let first_record = id_of(&out["handovers"][0]);
    hand_over(&app, OWNER, with(handover_input(loan, 2), json!({ "correctsId": first_record }))).await;
    give_back(&app, OWNER, return_input(loan, 1)).await;
    give_back(&app, OWNER, return_input(loan, 1)).await;
    let mut heard = Vec::new();
    for _ in 0..5 {
        heard.push(seen(&school.next_data("school").await["equipmentRequestChanged"]));
    }
    let id = loan.to_string();
    assert_eq!(
        heard,
        vec![
            (id.clone(), "APPROVED".to_owned(), 0, 0),
            (id.clone(), "HANDED_OVER".to_owned(), 3, 0),
            (id.clone(), "HANDED_OVER".to_owned(), 2, 0),
            (id.clone(), "HANDED_OVER".to_owned(), 2, 1),
            (id.clone(), "RETURNED".to_owned(), 2, 2),
        ],
        "each step in order, the correction and both parts of the return included"
    );
    for _ in 0..5 {
        owner.next_data("owner").await;
    }

    // Withdrawing the listing declines the other school's pending request: the owner hears it.
    app.data(Some(&member(&app, OWNER)), &withdraw_query(), json!({ "id": listing })).await;
    let declined = owner.next_data("owner").await["equipmentRequestChanged"].clone();
    assert_eq!(seen(&declined), (other.to_string(), "DECLINED".to_owned(), 0, 0));
    assert_eq!(declined["request"]["status"], "DECLINED");
    school.expect_silence(Duration::from_millis(300)).await;
    school.close().await;
    owner.close().await;
});

hub_test!(async fn a_cancelled_request_is_heard_and_strangers_are_refused(app) {
    let listing = create_listing(&app, OWNER, listing_input("DONATION")).await;
    let id = request(&app, SCHOOL, request_input(listing, 1, None)).await;
    let start = hub_common::events::latest_cursor(&app.db).await.unwrap();
    app.data(Some(&member(&app, SCHOOL)), &cancel_query(), json!({ "id": id })).await;
    let mut owner = WsClient::connect(&app.base_url, Some(&member(&app, OWNER))).await;
    owner.subscribe("owner", WATCH, json!({ "org": demo_org(OWNER), "after": start.to_string() })).await;
    let cancelled = owner.next_data("owner").await["equipmentRequestChanged"].clone();
    assert_eq!(seen(&cancelled), (id.to_string(), "CANCELLED".to_owned(), 0, 0));
    owner.close().await;

    let mut intruder = WsClient::connect(&app.base_url, Some(&member(&app, OTHER_SCHOOL))).await;
    intruder.subscribe("spy", WATCH, json!({ "org": demo_org(SCHOOL) })).await;
    let message = intruder.next_message().await;
    assert!(message["payload"]["data"].is_null(), "{message}");
    assert_eq!(message["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{message}");
    intruder.close().await;
});
