//! `nominationChanged` over a real WebSocket: the school that nominated and the enterprise that
//! owns the offer hear each change with the offer's seats left, from a cursor on; nobody else
//! hears it, and nobody may watch an organization they do not act for.

use std::time::Duration;

use super::*;
use crate::ws_client::WsClient;

const WATCH: &str = "subscription($org: ID!, $after: String) { nominationChanged(organizationId: $org, after: $after) { cursor nominationId offerId status seats seatsLeft nomination { studentRef status offer { title } nominatingOrganization { name } } } }";

fn seen(event: &Value) -> (String, String, i64) {
    (
        event["nominationId"].as_str().unwrap().to_owned(),
        event["status"].as_str().unwrap().to_owned(),
        event["seatsLeft"].as_i64().unwrap(),
    )
}

hub_test!(async fn both_parties_hear_each_change_with_the_seats_left(app) {
    let offer = published_offer(&app, with(offer_input(), json!({ "seats": 2 }))).await;
    let start = hub_common::events::latest_cursor(&app.db).await.unwrap();
    // Made before anyone listens: replayed from the cursor.
    let first = nominate(&app, SCHOOL, offer, "TP-2026-0001").await;
    let other = nominate(&app, OTHER_SCHOOL, offer, "NQ-2026-0002").await;

    let mut school = WsClient::connect(&app.base_url, Some(&member(&app, SCHOOL))).await;
    school.subscribe("school", WATCH, json!({ "org": demo_org(SCHOOL), "after": start.to_string() })).await;
    let made = school.next_data("school").await["nominationChanged"].clone();
    assert_eq!(seen(&made), (first.to_string(), "SUBMITTED".to_owned(), 2));
    assert_eq!(made["offerId"], offer.to_string());
    assert_eq!(made["nomination"]["studentRef"], "TP-2026-0001");

    let mut enterprise = WsClient::connect(&app.base_url, Some(&member(&app, ENTERPRISE))).await;
    enterprise.subscribe("enterprise", WATCH, json!({ "org": demo_org(ENTERPRISE), "after": start.to_string() })).await;
    for id in [first, other] {
        let event = enterprise.next_data("enterprise").await["nominationChanged"].clone();
        assert_eq!(seen(&event), (id.to_string(), "SUBMITTED".to_owned(), 2));
    }

    // Live: the enterprise accepts the other school's nomination, then this school's.
    let enterprise_token = member(&app, ENTERPRISE);
    app.data(Some(&enterprise_token), DECIDE, json!({ "id": other, "decision": "ACCEPT" })).await;
    let event = enterprise.next_data("enterprise").await["nominationChanged"].clone();
    assert_eq!(seen(&event), (other.to_string(), "ACCEPTED".to_owned(), 1), "the seats left go down");
    app.data(Some(&enterprise_token), DECIDE, json!({ "id": first, "decision": "ACCEPT" })).await;
    let event = enterprise.next_data("enterprise").await["nominationChanged"].clone();
    assert_eq!(seen(&event), (first.to_string(), "ACCEPTED".to_owned(), 0));
    // The school hears its own nomination only, not the other school's.
    let accepted = school.next_data("school").await["nominationChanged"].clone();
    assert_eq!(seen(&accepted), (first.to_string(), "ACCEPTED".to_owned(), 0));
    assert_eq!(accepted["nomination"]["status"], "ACCEPTED");
    assert!(
        accepted["cursor"].as_str().unwrap().parse::<i64>().unwrap()
            > made["cursor"].as_str().unwrap().parse::<i64>().unwrap()
    );

    // Withdrawn, its seat comes back; completed, the other is announced too.
    app.data(Some(&member(&app, SCHOOL)), WITHDRAW, json!({ "id": first })).await;
    let withdrawn = school.next_data("school").await["nominationChanged"].clone();
    assert_eq!(seen(&withdrawn), (first.to_string(), "WITHDRAWN".to_owned(), 1));
    app.data(Some(&enterprise_token), COMPLETE, json!({ "id": other, "hours": 80 })).await;
    let mut tail = Vec::new();
    for _ in 0..2 {
        tail.push(seen(&enterprise.next_data("enterprise").await["nominationChanged"]));
    }
    assert_eq!(
        tail,
        vec![(first.to_string(), "WITHDRAWN".to_owned(), 1), (other.to_string(), "COMPLETED".to_owned(), 1)]
    );
    school.expect_silence(Duration::from_millis(300)).await;
    school.close().await;
    enterprise.close().await;
});

hub_test!(async fn nobody_watches_an_organization_they_do_not_act_for(app) {
    let mut intruder = WsClient::connect(&app.base_url, Some(&member(&app, OTHER_SCHOOL))).await;
    intruder.subscribe("spy", WATCH, json!({ "org": demo_org(SCHOOL) })).await;
    let message = intruder.next_message().await;
    assert_eq!(message["id"], "spy", "{message}");
    assert!(message["payload"]["data"].is_null(), "{message}");
    assert_eq!(message["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{message}");
    intruder.close().await;

    let mut anonymous = WsClient::connect(&app.base_url, None).await;
    anonymous.subscribe("anon", WATCH, json!({ "org": demo_org(ENTERPRISE) })).await;
    let message = anonymous.next_message().await;
    assert_eq!(message["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{message}");
    anonymous.close().await;
});

hub_test!(async fn a_refused_change_announces_nothing(app) {
    let offer = published_offer(&app, with(offer_input(), json!({ "seats": 1 }))).await;
    let first = nominate(&app, SCHOOL, offer, "TP-2026-0003").await;
    let second = nominate(&app, OTHER_SCHOOL, offer, "NQ-2026-0004").await;
    let token = member(&app, ENTERPRISE);
    app.data(Some(&token), DECIDE, json!({ "id": first, "decision": "ACCEPT" })).await;
    let before = hub_common::events::latest_cursor(&app.db).await.unwrap();
    // No seat left: refused, and the outbox has no event for it.
    let (_, refused_accept) = app.graphql(Some(&token), DECIDE, json!({ "id": second, "decision": "ACCEPT" })).await;
    assert_eq!(first_error_code(&refused_accept), "CONFLICT", "{refused_accept}");
    assert_eq!(hub_common::events::latest_cursor(&app.db).await.unwrap(), before);
});
