//! The published-offer event: what the outbox holds is what a subscriber receives, filtered on
//! the server. Run in-process from the outbox backlog (`after: "0"`), so this needs neither the
//! relay nor a WebSocket; the transports have tests of their own.

use futures_util::StreamExt;

use super::*;

const SUBSCRIBE: &str = "subscription($filter: InternshipOfferFilter, $after: String) { internshipOfferPublished(filter: $filter, after: $after) { cursor offer { id title sector enterprise { name } area { name } } } }";

hub_test!(async fn subscribers_get_published_offers_that_match_their_filter(app) {
    let shipyard = published_offer(&app, with(offer_input(), json!({ "sector": "3011", "title": "Thợ hàn tập sự" }))).await;
    let warehouse = published_offer(&app, offer_input()).await;
    let events = published_events(&app).await;
    assert_eq!(events.len(), 2);

    let schema = hub::modules::build(&app.db, &hub_common::events::EventFeed::new(app.db.clone()));
    let variables = json!({ "filter": { "sector": "5210", "areaId": demo_area("HP"), "text": "dieu do" }, "after": "0" });
    let request = async_graphql::Request::new(SUBSCRIBE).variables(async_graphql::Variables::from_json(variables));
    let mut stream = schema.execute_stream(request);
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
        .await
        .expect("an event within 5 seconds")
        .expect("the stream is open");
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let event = first.data.into_json().expect("JSON")["internshipOfferPublished"].clone();
    // The shipyard's offer came first but does not match; the warehouse offer does.
    assert_eq!(event["offer"]["id"], warehouse.to_string(), "{event} (not {shipyard})");
    assert_eq!(event["cursor"], events[1].cursor.to_string());
    assert_eq!(event["offer"]["enterprise"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    assert_eq!(event["offer"]["area"]["name"], "Phường Đông Hải");

    let variables = async_graphql::Variables::from_json(json!({ "after": "yesterday" }));
    let mut refused = schema.execute_stream(async_graphql::Request::new(SUBSCRIBE).variables(variables));
    let response = refused.next().await.expect("an error response");
    let error = response.errors.first().expect("an error");
    let extensions = error.extensions.as_ref().expect("extensions");
    assert_eq!(extensions.get("code"), Some(&async_graphql::Value::from("BAD_USER_INPUT")));
    assert_eq!(extensions.get("field"), Some(&async_graphql::Value::from("after")));
});
