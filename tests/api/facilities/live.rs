//! The booking dashboard over a real WebSocket: the school hears when the host decides, the
//! host hears new bookings; a caller who does not act for the organization is refused.

use super::*;
use crate::ws_client::WsClient;

const WATCH: &str = "subscription($org: ID!, $after: String) { bookingChanged(organizationId: $org, after: $after) { cursor bookingId facilityId status booking { purpose organization { name } } } }";

hub_test!(async fn the_school_hears_the_decision_and_the_host_hears_the_booking(app) {
    let facility = create_facility(&app, true).await;
    let start = hub_common::events::latest_cursor(&app.db).await.unwrap();
    // A booking elsewhere that the school's dashboard must not see.
    let other_facility = create_facility(&app, false).await;
    book_one(&app, OTHER_SCHOOL, booking_input(other_facility, 2, "08:00", "09:00")).await;
    let id = book_one(&app, SCHOOL, booking_input(facility, 2, "08:00", "09:00")).await;

    let mut school = WsClient::connect(&app.base_url, Some(&member(&app, SCHOOL))).await;
    school.subscribe("school", WATCH, json!({ "org": demo_org(SCHOOL), "after": start.to_string() })).await;
    let booked = school.next_data("school").await["bookingChanged"].clone();
    assert_eq!((booked["bookingId"].as_str(), booked["status"].as_str()), (Some(id.to_string().as_str()), Some("PENDING")));
    assert_eq!(booked["booking"]["organization"]["name"], "Trường THCS Chu Văn An");

    app.data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": id, "decision": "CONFIRM" })).await;
    let decided = school.next_data("school").await["bookingChanged"].clone();
    assert_eq!((decided["bookingId"].as_str(), decided["status"].as_str()), (Some(id.to_string().as_str()), Some("CONFIRMED")));
    assert!(decided["cursor"].as_str().unwrap().parse::<i64>().unwrap() > booked["cursor"].as_str().unwrap().parse::<i64>().unwrap());
    school.close().await;

    // The host's dashboard resumes from the same cursor and sees both of its facilities' bookings.
    let mut host = WsClient::connect(&app.base_url, Some(&member(&app, HOST))).await;
    host.subscribe("host", WATCH, json!({ "org": demo_org(HOST), "after": start.to_string() })).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let event = host.next_data("host").await["bookingChanged"].clone();
        seen.push((event["facilityId"].as_str().unwrap().to_owned(), event["status"].as_str().unwrap().to_owned()));
    }
    assert_eq!(
        seen,
        vec![
            (other_facility.to_string(), "CONFIRMED".to_owned()),
            (facility.to_string(), "PENDING".to_owned()),
            (facility.to_string(), "CONFIRMED".to_owned()),
        ]
    );
    host.close().await;

    let mut intruder = WsClient::connect(&app.base_url, Some(&member(&app, OTHER_SCHOOL))).await;
    intruder.subscribe("spy", WATCH, json!({ "org": demo_org(SCHOOL) })).await;
    let message = intruder.next_message().await;
    assert_eq!(message["id"], "spy", "{message}");
    assert!(message["payload"]["data"].is_null(), "{message}");
    assert_eq!(message["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{message}");
    intruder.close().await;
});
