//! 100 schools' requests for the same slot at once: exactly one live booking, 99 CONFLICT.
//! On PostgreSQL the exclusion constraint decides; on SQLite the serialized transaction does.

use futures_util::future::join_all;

use super::*;

hub_test!(async fn a_hundred_concurrent_requests_for_one_slot_book_it_once(app) {
    let facility = create_facility(&app, false).await;
    let token = member(&app, SCHOOL);
    let query = book_query();
    // Three slots in turn: PostgreSQL deadlocked concurrent overlapping inserts (4 of 4,000
    // requests in the bench) before bookings of one facility took turns (`lock_facility`).
    for (live, days_ahead) in (1_u64..).zip([7, 8, 9]) {
        let input = booking_input(facility, days_ahead, "08:00", "10:00");
        let requests = (0..100).map(|_| {
            let (token, query, input) = (token.clone(), query.clone(), input.clone());
            let app = &app;
            async move { app.graphql(Some(&token), &query, json!({ "input": input })).await.1 }
        });
        let bodies = join_all(requests).await;
        let booked = bodies.iter().filter(|body| body.get("errors").is_none()).count();
        let conflicts = bodies
            .iter()
            .filter(|body| body["errors"][0]["extensions"]["code"] == "CONFLICT")
            .count();
        assert_eq!(
            (booked, conflicts),
            (1, 99),
            "{:?}",
            bodies.iter().find(|b| b["errors"][0]["extensions"]["code"] != "CONFLICT")
        );
        assert_eq!(live_bookings(&app, facility).await, live);
    }
});
