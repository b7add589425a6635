//! The published-event subscription: what the outbox holds is what a subscriber receives,
//! filtered on the server. Run in-process from the outbox backlog (`after: "0"`), so this needs
//! neither the relay nor a WebSocket; the transports have tests of their own.

use futures_util::StreamExt;

use super::*;

const SUBSCRIBE: &str = "subscription($areaId: ID, $grade: Int, $after: String) { careerEventPublished(areaId: $areaId, grade: $grade, after: $after) { cursor event { id title grades host { name } area { name } } } }";

hub_test!(async fn subscribers_get_published_events_that_match_their_filter(app) {
    let for_upper = published_event(&app, ENTERPRISE, with(event_input(10, 30), json!({ "grades": [11, 12], "title": "Tham quan kho" }))).await;
    let for_lower = published_event(&app, COLLEGE, with(event_input(12, 200), json!({ "grades": [9] }))).await;
    let events = hub_common::events::read_after(&app.db, Some(careers::CAREER_EVENT_PUBLISHED.name()), 0, 100)
        .await
        .expect("reading the outbox");
    assert_eq!(events.len(), 2, "the demo data announces nothing; each publication once");

    let schema = hub::modules::build(&app.db, &hub_common::events::EventFeed::new(app.db.clone()));
    let variables = json!({ "grade": 9, "areaId": demo_area("HP"), "after": "0" });
    let request = async_graphql::Request::new(SUBSCRIBE).variables(async_graphql::Variables::from_json(variables));
    let mut stream = schema.execute_stream(request);
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
        .await
        .expect("an event within 5 seconds")
        .expect("the stream is open");
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let event = first.data.into_json().expect("JSON")["careerEventPublished"].clone();
    // The enterprise's visit came first but is for grades 11-12; the open day is for grade 9.
    assert_eq!(event["event"]["id"], for_lower.to_string(), "{event} (not {for_upper})");
    assert_eq!(event["cursor"], events[1].cursor.to_string());
    assert_eq!(event["event"]["host"]["name"], "Trường Cao đẳng Kỹ thuật Hải Phòng");
    assert_eq!(event["event"]["area"]["name"], "Phường Hồng Bàng");
});
