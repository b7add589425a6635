//! Overlap edge cases on one facility: touching intervals are allowed; contained, overlapping
//! and identical ones are refused; a cancelled or declined booking does not block.

use super::*;

hub_test!(async fn touching_bookings_fit_and_overlapping_ones_are_refused(app) {
    let facility = create_facility(&app, false).await;
    book_one(&app, SCHOOL, booking_input(facility, 4, "09:00", "11:00")).await;
    // Ending exactly when the other starts, and starting exactly when it ends.
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 4, "08:00", "09:00")).await;
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 4, "11:00", "12:30")).await;
    assert_eq!(live_bookings(&app, facility).await, 3);

    for (from, to, what) in [
        ("09:00", "11:00", "identical"),
        ("09:30", "10:30", "contained"),
        ("07:30", "13:00", "containing"),
        ("10:30", "11:30", "overlapping the end"),
        ("08:30", "09:30", "overlapping the start"),
    ] {
        let body = try_book(&app, OTHER_SCHOOL, booking_input(facility, 4, from, to)).await;
        assert_eq!(first_error_code(&body), "CONFLICT", "{what}: {body}");
    }
    assert_eq!(live_bookings(&app, facility).await, 3, "nothing was added");
    // The same hours on another facility, or on another day, are free.
    let other = create_facility(&app, false).await;
    book_one(&app, OTHER_SCHOOL, booking_input(other, 4, "09:00", "11:00")).await;
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 5, "09:00", "11:00")).await;
});

hub_test!(async fn cancelled_and_declined_bookings_do_not_block(app) {
    let facility = create_facility(&app, true).await;
    let cancelled = book_one(&app, SCHOOL, booking_input(facility, 6, "14:00", "16:00")).await;
    app.data(Some(&member(&app, SCHOOL)), &cancel_query(), json!({ "id": cancelled })).await;
    let declined = book_one(&app, OTHER_SCHOOL, booking_input(facility, 6, "14:00", "16:00")).await;
    app.data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": declined, "decision": "DECLINE" })).await;
    let third = book(&app, SCHOOL, booking_input(facility, 6, "14:30", "15:30")).await;
    assert_eq!(third["bookings"][0]["status"], "PENDING");
    assert_eq!(live_bookings(&app, facility).await, 1);
    assert_eq!(db_booking(&app, cancelled).await.status, facilities::BookingStatus::Cancelled);
    assert_eq!(db_booking(&app, declined).await.status, facilities::BookingStatus::Declined);
});
