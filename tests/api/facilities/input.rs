//! Bad input for every mutation: refused with BAD_USER_INPUT naming the field, nothing written.

use super::*;

hub_test!(async fn facilities_with_bad_names_hours_or_capacity_are_refused(app) {
    let token = admin(&app, HOST);
    let before = facilities::entity::facility::Entity::find().count(&app.db).await.unwrap();
    let monday = |opens: &str, closes: &str| json!([{ "weekday": "MONDAY", "spans": [{ "opens": opens, "closes": closes }] }]);
    let cases = [
        (with(facility_input(true), json!({ "name": "  " })), "input.name"),
        (with(facility_input(true), json!({ "trade": "" })), "input.trade"),
        (with(facility_input(true), json!({ "capacity": 0 })), "input.capacity"),
        (with(facility_input(true), json!({ "capacity": 1001 })), "input.capacity"),
        (with(facility_input(true), json!({ "openingHours": [] })), "input.openingHours"),
        (with(facility_input(true), json!({ "openingHours": monday("7:30", "17:00") })), "input.openingHours.spans.opens"),
        (with(facility_input(true), json!({ "openingHours": monday("17:00", "07:30") })), "input.openingHours.spans.closes"),
        (with(facility_input(true), json!({ "openingHours": monday("07:00", "24:30") })), "input.openingHours.spans.closes"),
        (with(facility_input(true), json!({ "equipment": ["Máy tiện", "Máy tiện"] })), "input.equipment"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), CREATE, json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(facilities::entity::facility::Entity::find().count(&app.db).await.unwrap(), before);

    let facility = create_facility(&app, true).await;
    for (input, field) in [
        (json!({ "capacity": -1 }), "input.capacity"),
        (json!({ "name": "" }), "input.name"),
        (json!({ "openingHours": [{ "weekday": "FRIDAY", "spans": [{ "opens": "08:00", "closes": "12:00" }] }, { "weekday": "FRIDAY", "spans": [{ "opens": "13:00", "closes": "17:00" }] }] }), "input.openingHours"),
    ] {
        refused(&app, Some(&token), UPDATE, json!({ "id": facility, "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    refused(&app, Some(&token), UPDATE, json!({ "id": "not-an-id", "input": {} }), "BAD_USER_INPUT", Some("id")).await;
});

hub_test!(async fn bookings_in_the_past_outside_hours_or_over_capacity_are_refused(app) {
    let facility = create_facility(&app, true).await;
    // Closed on Sundays from here on, to test a closed weekday.
    let hours: Vec<Value> = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]
        .iter()
        .map(|d| json!({ "weekday": d, "spans": [{ "opens": "07:00", "closes": "17:00" }] }))
        .collect();
    app.data(Some(&admin(&app, HOST)), UPDATE, json!({ "id": facility, "input": { "openingHours": hours } })).await;
    let sunday = (1..=7).find(|d| (hub_common::time::today() + chrono::TimeDelta::days(*d)).format("%u").to_string() == "7").unwrap();
    let weekday = if sunday == 1 { 2 } else { 1 };
    let before = booking_count(&app).await;
    let base = || booking_input(facility, weekday, "08:00", "10:00");
    let cases = [
        (with(base(), json!({ "startsAt": at(-1, "08:00"), "endsAt": at(-1, "10:00") })), "input.startsAt"),
        (with(base(), json!({ "endsAt": at(weekday, "07:00") })), "input.endsAt"),
        (with(base(), json!({ "startsAt": at(weekday, "06:00") })), "input.startsAt"),
        (with(base(), json!({ "endsAt": at(weekday, "17:30") })), "input.startsAt"),
        (booking_input(facility, sunday, "08:00", "10:00"), "input.startsAt"),
        (with(base(), json!({ "startsAt": format!("{}T08:00:30+07:00", in_days(weekday)) })), "input.startsAt"),
        (with(base(), json!({ "participants": 31 })), "input.participants"),
        (with(base(), json!({ "participants": 0 })), "input.participants"),
        (with(base(), json!({ "purpose": " " })), "input.purpose"),
        (with(base(), json!({ "facilityId": Uuid::now_v7() })), "input.facilityId"),
        (with(base(), json!({ "facilityId": "xưởng" })), "input.facilityId"),
        (with(base(), json!({ "recurrence": { "until": in_days(weekday - 1) } })), "input.recurrence.until"),
        (with(base(), json!({ "recurrence": { "until": in_days(weekday + 7 * 60) } })), "input.recurrence.until"),
    ];
    for (input, field) in cases {
        let body = try_book(&app, SCHOOL, input.clone()).await;
        assert_eq!(first_error_code(&body), "BAD_USER_INPUT", "{input}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{input}: {body}");
    }
    assert_eq!(booking_count(&app).await, before);

    let id = book_one(&app, SCHOOL, base()).await;
    let note = "x".repeat(1001);
    refused(&app, Some(&member(&app, HOST)), &decide_query(), json!({ "id": id, "decision": "CONFIRM", "note": note }), "BAD_USER_INPUT", Some("note")).await;
    refused(&app, Some(&member(&app, HOST)), &decide_query(), json!({ "id": "nope", "decision": "CONFIRM" }), "BAD_USER_INPUT", Some("id")).await;
    refused(&app, Some(&member(&app, SCHOOL)), &cancel_query(), json!({ "id": "nope" }), "BAD_USER_INPUT", Some("id")).await;
    refused(&app, Some(&admin(&app, HOST)), ROTATE, json!({ "org": "nope" }), "BAD_USER_INPUT", Some("organizationId")).await;
    assert_eq!(db_booking(&app, id).await.status, facilities::BookingStatus::Pending);

    let window = |from: String, to: String| json!({ "id": facility, "from": from, "to": to });
    refused(&app, None, AVAILABILITY, window(at(2, "10:00"), at(2, "09:00")), "BAD_USER_INPUT", Some("to")).await;
    refused(&app, None, AVAILABILITY, window(at(1, "00:00"), at(70, "00:00")), "BAD_USER_INPUT", Some("to")).await;
    refused(&app, None, AVAILABILITY, json!({ "id": Uuid::now_v7(), "from": at(1, "00:00"), "to": at(2, "00:00") }), "NOT_FOUND", None).await;
});
