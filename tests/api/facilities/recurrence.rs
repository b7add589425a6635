//! Weekly series over a term: SKIP books the free sessions and names the taken ones, FAIL books
//! nothing, and cancelling one session leaves the others.

use super::*;

fn series(facility: Uuid, first_day: i64, weeks: i64, on_conflict: &str) -> Value {
    with(
        booking_input(facility, first_day, "13:30", "15:30"),
        json!({ "recurrence": { "until": in_days(first_day + 7 * (weeks - 1)) }, "onConflict": on_conflict }),
    )
}

hub_test!(async fn skip_books_the_free_sessions_of_a_term_and_names_the_two_taken(app) {
    let facility = create_facility(&app, false).await;
    // Two sessions of the coming term are taken already (weeks 3 and 7, overlapping partly).
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 2 + 14, "14:00", "15:00")).await;
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 2 + 42, "13:00", "14:00")).await;

    let result = book(&app, SCHOOL, series(facility, 2, 10, "SKIP")).await;
    let bookings = result["bookings"].as_array().unwrap();
    assert_eq!(bookings.len(), 8, "ten weeks minus the two taken");
    let series_id = &bookings[0]["seriesId"];
    assert!(series_id.is_string() && bookings.iter().all(|b| &b["seriesId"] == series_id));
    assert!(bookings.iter().all(|b| b["status"] == "CONFIRMED"));
    assert_eq!(
        result["skipped"],
        json!([
            { "startsAt": at(16, "13:30"), "endsAt": at(16, "15:30"), "reason": "the facility is already booked at that time" },
            { "startsAt": at(44, "13:30"), "endsAt": at(44, "15:30"), "reason": "the facility is already booked at that time" },
        ])
    );
    let starts: Vec<&str> = bookings.iter().map(|b| b["startsAt"].as_str().unwrap()).collect();
    let expected: Vec<String> = [0, 1, 3, 4, 5, 7, 8, 9].iter().map(|week| at(2 + 7 * week, "13:30")).collect();
    assert_eq!(starts, expected.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(live_bookings(&app, facility).await, 10);
});

hub_test!(async fn fail_books_nothing_when_one_session_is_taken(app) {
    let facility = create_facility(&app, false).await;
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 3 + 21, "13:30", "15:30")).await;
    let before = booking_count(&app).await;
    // Explicitly, and by default.
    for explicit in [true, false] {
        let mut input = series(facility, 3, 6, "FAIL");
        if !explicit {
            input.as_object_mut().unwrap().remove("onConflict");
        }
        let body = try_book(&app, SCHOOL, input).await;
        assert_eq!(first_error_code(&body), "CONFLICT", "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        let taken_day = (hub_common::time::today() + chrono::TimeDelta::days(24)).format("%d/%m/%Y").to_string();
        assert!(message.contains(&taken_day), "the message names the taken session: {message}");
    }
    assert_eq!(booking_count(&app).await, before, "all or nothing");
});

hub_test!(async fn cancelling_one_session_leaves_the_rest_of_the_series(app) {
    let facility = create_facility(&app, false).await;
    let result = book(&app, SCHOOL, series(facility, 1, 4, "FAIL")).await;
    let ids: Vec<Uuid> = result["bookings"].as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(ids.len(), 4);
    app.data(Some(&member(&app, SCHOOL)), &cancel_query(), json!({ "id": ids[1] })).await;
    let statuses: Vec<_> = futures_util::future::join_all(ids.iter().map(|id| db_booking(&app, *id))).await.into_iter().map(|b| b.status).collect();
    use facilities::BookingStatus::{Cancelled, Confirmed};
    assert_eq!(statuses, vec![Confirmed, Cancelled, Confirmed, Confirmed]);
    // The cancelled week is free for someone else.
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 8, "14:00", "15:00")).await;
});
