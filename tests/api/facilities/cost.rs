//! The cost of a page: each booking's facility, its host and opening hours, and the booking
//! organization load in a fixed number of statements, however many bookings the page holds.

use super::*;

const PAGE: &str = "query($first: Int!) { bookings(first: $first) { edges { node { status startsAt \
     organization { name area { name } } facility { name owner { name } openingHours { weekday spans { opens } } } } } } }";

hub_test!(async fn a_page_of_bookings_costs_the_same_whatever_its_size(app) {
    let first = create_facility(&app, false).await;
    let second = create_facility(&app, false).await;
    for (facility, org, hour) in [(first, SCHOOL, "08"), (second, OTHER_SCHOOL, "09"), (first, OTHER_SCHOOL, "10"), (second, SCHOOL, "11")] {
        book_one(&app, org, booking_input(facility, 2, &format!("{hour}:00"), &format!("{hour}:45"))).await;
    }
    let token = officer(&app);
    let data = app.data(Some(&token), PAGE, json!({ "first": 6 })).await;
    assert!(data["bookings"]["edges"].as_array().map(Vec::len).unwrap_or(0) >= 4);
    let one = app.statements_for(Some(&token), PAGE, json!({ "first": 1 })).await;
    let six = app.statements_for(Some(&token), PAGE, json!({ "first": 6 })).await;
    assert_eq!(one, six, "statements must not grow with the page");
});
