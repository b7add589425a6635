//! Who may do what: for every mutation, anonymous callers are UNAUTHENTICATED, and a wrong
//! organization or role is FORBIDDEN with nothing changed; refusals say nothing about whether a
//! booking exists.

use super::*;

async fn facility_count(app: &TestApp) -> u64 {
    facilities::entity::facility::Entity::find().count(&app.db).await.unwrap()
}

hub_test!(async fn only_a_hosts_administrator_publishes_and_changes_facilities(app) {
    let before = facility_count(&app).await;
    let input = json!({ "input": facility_input(true) });
    refused(&app, None, CREATE, input.clone(), "UNAUTHENTICATED", None).await;
    // A member is not an administrator; a school and an enterprise host no workshops here.
    for token in [member(&app, HOST), admin(&app, SCHOOL), admin(&app, ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), CREATE, input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(facility_count(&app).await, before);

    let facility = create_facility(&app, true).await;
    let update = json!({ "id": facility, "input": { "capacity": 5 } });
    refused(&app, None, UPDATE, update.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, HOST), admin(&app, OTHER_HOST), admin(&app, SCHOOL), officer(&app)] {
        refused(&app, Some(&token), UPDATE, update.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, Some(&admin(&app, OTHER_HOST)), UPDATE, json!({ "id": Uuid::now_v7(), "input": { "capacity": 5 } }), "FORBIDDEN", None).await;
    let row = facilities::entity::facility::Entity::find_by_id(facility).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.capacity, 30);
});

hub_test!(async fn only_schools_people_book_and_only_the_hosts_people_decide(app) {
    let facility = create_facility(&app, true).await;
    let before = booking_count(&app).await;
    let input = json!({ "input": booking_input(facility, 3, "08:00", "09:00") });
    refused(&app, None, &book_query(), input.clone(), "UNAUTHENTICATED", None).await;
    // An enterprise does not book workshops; an officer acts for a department.
    for token in [member(&app, ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), &book_query(), input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(booking_count(&app).await, before);

    let id = book_one(&app, SCHOOL, booking_input(facility, 3, "08:00", "09:00")).await;
    let decide = json!({ "id": id, "decision": "CONFIRM" });
    refused(&app, None, &decide_query(), decide.clone(), "UNAUTHENTICATED", None).await;
    // The booking school may not confirm its own booking; another host and an officer neither.
    for token in [admin(&app, SCHOOL), admin(&app, OTHER_HOST), officer(&app)] {
        refused(&app, Some(&token), &decide_query(), decide.clone(), "FORBIDDEN", None).await;
    }
    // A missing id is refused the same way.
    refused(&app, Some(&member(&app, HOST)), &decide_query(), json!({ "id": Uuid::now_v7(), "decision": "CONFIRM" }), "FORBIDDEN", None).await;
    assert_eq!(db_booking(&app, id).await.status, facilities::BookingStatus::Pending);

    let cancel = json!({ "id": id });
    refused(&app, None, &cancel_query(), cancel.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, OTHER_SCHOOL), admin(&app, OTHER_HOST), officer(&app)] {
        refused(&app, Some(&token), &cancel_query(), cancel.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, Some(&member(&app, OTHER_SCHOOL)), &cancel_query(), json!({ "id": Uuid::now_v7() }), "FORBIDDEN", None).await;
    assert_eq!(db_booking(&app, id).await.status, facilities::BookingStatus::Pending);
    // The host may cancel a booking of its facility.
    let data = app.data(Some(&member(&app, HOST)), &cancel_query(), cancel).await;
    assert_eq!(data["cancelBooking"]["status"], "CANCELLED");
});

hub_test!(async fn bookings_are_seen_only_by_their_parties_and_officers(app) {
    let facility = create_facility(&app, true).await;
    let id = book_one(&app, SCHOOL, booking_input(facility, 3, "08:00", "09:00")).await;
    let filter = json!({ "filter": { "facilityId": facility } });
    assert_eq!(app.error_code(None, BOOKINGS, filter.clone()).await, "UNAUTHENTICATED");
    let seen = |body: Value| body["bookings"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["id"] == id.to_string());
    assert!(seen(app.data(Some(&officer(&app)), BOOKINGS, filter.clone()).await));
    assert!(seen(app.data(Some(&member(&app, HOST)), BOOKINGS, filter.clone()).await));
    assert!(!seen(app.data(Some(&member(&app, OTHER_HOST)), BOOKINGS, filter.clone()).await));
    assert!(!seen(app.data(Some(&member(&app, ENTERPRISE)), BOOKINGS, filter).await));
});

hub_test!(async fn only_an_administrator_rotates_the_calendar_secret(app) {
    let variables = json!({ "org": demo_org(HOST) });
    refused(&app, None, ROTATE, variables.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, HOST), admin(&app, OTHER_HOST), officer(&app)] {
        refused(&app, Some(&token), ROTATE, variables.clone(), "FORBIDDEN", None).await;
    }
    let stored = facilities::entity::calendar_token::Entity::find_by_id(demo_org(HOST)).one(&app.db).await.unwrap();
    assert!(stored.is_none(), "nothing was issued");
});
