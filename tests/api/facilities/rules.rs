//! The host's rules for its workshop: withdrawing and reopening it, a lunch break (several
//! opening spans a day), closure days such as Tết, and a minimum notice and maximum advance;
//! and the migration that keeps every facility's hours.

use migration::MigratorTrait;

use super::*;
use crate::ws_client::WsClient;

const WITHDRAW: &str = "mutation($id: ID!, $reason: String!) { withdrawFacility(id: $id, reason: $reason) { cancelledCount cancelledBookings { id status cancellationReason } facility { id status withdrawn withdrawalReason } } }";
const REOPEN: &str = "mutation($id: ID!) { reopenFacility(id: $id) { id status withdrawn } }";
const LIST: &str = "{ facilities(first: 100) { edges { node { id withdrawn status } } } }";
const CLOSE: &str = "mutation($id: ID!, $input: FacilityClosureInput!) { addFacilityClosure(facilityId: $id, input: $input) { id facilityId from to reason } }";
const REOPEN_DAYS: &str = "mutation($id: ID!) { removeFacilityClosure(id: $id) { id closures { id } } }";
const FACILITY: &str = "query($id: ID!) { facility(id: $id) { id status minimumNoticeHours maximumAdvanceDays closures { from to reason } openingHours { weekday spans { opens closes } } } }";
const WATCH: &str = "subscription($org: ID!, $after: String) { bookingChanged(organizationId: $org, after: $after) { bookingId status reason booking { status cancellationReason } } }";

fn listed(list: &Value, facility: Uuid) -> Option<Value> {
    list["facilities"]["edges"]
        .as_array()
        .and_then(|edges| edges.iter().find(|e| e["node"]["id"] == facility.to_string()))
        .map(|e| e["node"].clone())
}

fn message(body: &Value) -> String {
    body["errors"][0]["message"].as_str().unwrap_or_default().to_owned()
}

hub_test!(async fn a_withdrawn_facility_cancels_its_coming_bookings_with_notice_and_takes_no_more(app) {
    let facility = create_facility(&app, true).await;
    let start = hub_common::events::latest_cursor(&app.db).await.unwrap();
    let pending = book_one(&app, SCHOOL, booking_input(facility, 2, "08:00", "09:00")).await;
    let confirmed = book_one(&app, OTHER_SCHOOL, booking_input(facility, 3, "08:00", "09:00")).await;
    app.data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": confirmed, "decision": "CONFIRM" })).await;
    let declined = book_one(&app, SCHOOL, booking_input(facility, 4, "08:00", "09:00")).await;
    app.data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": declined, "decision": "DECLINE" })).await;

    // Only the host's administrators withdraw it, with a reason.
    let vars = json!({ "id": facility, "reason": "Cải tạo xưởng" });
    refused(&app, Some(&member(&app, HOST)), WITHDRAW, vars.clone(), "FORBIDDEN", None).await;
    refused(&app, Some(&admin(&app, SCHOOL)), WITHDRAW, vars.clone(), "FORBIDDEN", None).await;
    refused(&app, Some(&admin(&app, HOST)), WITHDRAW, json!({ "id": facility, "reason": " " }), "BAD_USER_INPUT", Some("reason")).await;
    assert_eq!(live_bookings(&app, facility).await, 2);

    let done = app.data(Some(&admin(&app, HOST)), WITHDRAW, vars.clone()).await["withdrawFacility"].clone();
    assert_eq!(done["cancelledCount"], 2);
    assert_eq!(done["facility"]["status"], "WITHDRAWN");
    assert_eq!(done["facility"]["withdrawn"], true);
    assert_eq!(done["facility"]["withdrawalReason"], "Cải tạo xưởng");
    let cancelled = done["cancelledBookings"].as_array().unwrap();
    assert_eq!(cancelled.iter().map(id_of).collect::<Vec<_>>(), vec![pending, confirmed]);
    assert!(cancelled.iter().all(|b| b["status"] == "CANCELLED" && b["cancellationReason"] == "Cải tạo xưởng"));
    assert_eq!(db_booking(&app, declined).await.status, facilities::BookingStatus::Declined);
    assert_eq!(live_bookings(&app, facility).await, 0);

    // The booking school hears it on its dashboard, with the reason.
    let mut school = WsClient::connect(&app.base_url, Some(&member(&app, SCHOOL))).await;
    school.subscribe("school", WATCH, json!({ "org": demo_org(SCHOOL), "after": start.to_string() })).await;
    let mut seen = Vec::new();
    for _ in 0..4 {
        let event = school.next_data("school").await["bookingChanged"].clone();
        seen.push((event["bookingId"].as_str().unwrap().to_owned(), event["status"].clone(), event["reason"].clone()));
        if event["status"] == "CANCELLED" {
            assert_eq!(event["booking"]["cancellationReason"], "Cải tạo xưởng");
        }
    }
    assert_eq!(
        seen,
        vec![
            (pending.to_string(), json!("PENDING"), Value::Null),
            (declined.to_string(), json!("PENDING"), Value::Null),
            (declined.to_string(), json!("DECLINED"), Value::Null),
            (pending.to_string(), json!("CANCELLED"), json!("Cải tạo xưởng")),
        ]
    );
    school.close().await;

    // Schools no longer find it; its host still does, marked withdrawn.
    assert!(listed(&app.data(None, LIST, json!({})).await, facility).is_none());
    assert!(listed(&app.data(Some(&member(&app, SCHOOL)), LIST, json!({})).await, facility).is_none());
    let own = listed(&app.data(Some(&member(&app, HOST)), LIST, json!({})).await, facility);
    assert_eq!(own.map(|node| node["status"].clone()), Some(json!("WITHDRAWN")));
    let window = json!({ "id": facility, "from": at(2, "00:00"), "to": at(5, "00:00") });
    assert_eq!(app.data(None, AVAILABILITY, window.clone()).await["facilityAvailability"], json!([]));
    let body = try_book(&app, SCHOOL, booking_input(facility, 5, "08:00", "09:00")).await;
    assert_eq!((first_error_code(&body), &body["errors"][0]["extensions"]["field"]), ("BAD_USER_INPUT".to_owned(), &json!("input.facilityId")), "{body}");
    assert!(message(&body).contains("withdrawn"), "{body}");
    refused(&app, Some(&admin(&app, HOST)), WITHDRAW, vars, "CONFLICT", None).await;

    // Reopened, it is bookable again; what the withdrawal cancelled stays cancelled.
    refused(&app, Some(&member(&app, HOST)), REOPEN, json!({ "id": facility }), "FORBIDDEN", None).await;
    let reopened = app.data(Some(&admin(&app, HOST)), REOPEN, json!({ "id": facility })).await;
    assert_eq!(reopened["reopenFacility"]["status"], "OPEN");
    refused(&app, Some(&admin(&app, HOST)), REOPEN, json!({ "id": facility }), "CONFLICT", None).await;
    assert!(listed(&app.data(None, LIST, json!({})).await, facility).is_some());
    book_one(&app, SCHOOL, booking_input(facility, 2, "08:00", "09:00")).await;
    assert_eq!(db_booking(&app, confirmed).await.status, facilities::BookingStatus::Cancelled);
});

/// Every day 07:30-11:30 and 13:30-17:00.
fn lunch_break_input() -> Value {
    let days = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
    with(
        facility_input(false),
        json!({ "openingHours": days.iter().map(|d| json!({ "weekday": d, "spans": [
            { "opens": "13:30", "closes": "17:00" }, { "opens": "07:30", "closes": "11:30" }] })).collect::<Vec<_>>() }),
    )
}

hub_test!(async fn a_lunch_break_splits_the_day_and_a_booking_fits_inside_one_span(app) {
    let created = app.data(Some(&admin(&app, HOST)), CREATE, json!({ "input": lunch_break_input() })).await;
    let facility = id_of(&created["createFacility"]);
    assert_eq!(
        created["createFacility"]["openingHours"][0],
        json!({ "weekday": "MONDAY", "spans": [{ "opens": "07:30", "closes": "11:30" }, { "opens": "13:30", "closes": "17:00" }] })
    );
    let before = booking_count(&app).await;
    for (from, to) in [("10:30", "14:00"), ("11:30", "12:30"), ("07:00", "08:00")] {
        let body = try_book(&app, SCHOOL, booking_input(facility, 2, from, to)).await;
        assert_eq!(first_error_code(&body), "BAD_USER_INPUT", "{from}-{to}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "input.startsAt", "{body}");
        assert!(message(&body).contains("07:30-11:30, 13:30-17:00"), "{body}");
    }
    assert_eq!(booking_count(&app).await, before);
    book_one(&app, SCHOOL, booking_input(facility, 2, "13:30", "15:00")).await;
    let window = json!({ "id": facility, "from": at(2, "00:00"), "to": at(3, "00:00") });
    assert_eq!(
        app.data(None, AVAILABILITY, window).await["facilityAvailability"],
        json!([{ "startsAt": at(2, "07:30"), "endsAt": at(2, "11:30") }, { "startsAt": at(2, "15:00"), "endsAt": at(2, "17:00") }])
    );

    // Overlapping or empty spans are refused, naming the field; nothing changes.
    let day = |spans: Value| json!({ "id": facility, "input": { "openingHours": [{ "weekday": "MONDAY", "spans": spans }] } });
    let overlapping = day(json!([{ "opens": "07:30", "closes": "12:00" }, { "opens": "11:00", "closes": "17:00" }]));
    let body = refused(&app, Some(&admin(&app, HOST)), UPDATE, overlapping, "BAD_USER_INPUT", Some("input.openingHours.spans")).await;
    assert!(message(&body).contains("overlap"), "{body}");
    refused(&app, Some(&admin(&app, HOST)), UPDATE, day(json!([])), "BAD_USER_INPUT", Some("input.openingHours.spans")).await;
    refused(&app, Some(&admin(&app, HOST)), UPDATE, day(json!([{ "opens": "7:30", "closes": "11:00" }])), "BAD_USER_INPUT", Some("input.openingHours.spans.opens")).await;
    let now = app.data(None, FACILITY, json!({ "id": facility })).await;
    assert_eq!(now["facility"]["openingHours"].as_array().map(Vec::len), Some(7));
    assert_eq!(now["facility"]["openingHours"][0]["spans"].as_array().map(Vec::len), Some(2));
});

hub_test!(async fn closure_days_refuse_bookings_and_leave_the_free_time(app) {
    let facility = create_facility(&app, false).await;
    let close = |input: Value| json!({ "id": facility, "input": input });
    let tet = json!({ "from": in_days(10), "to": in_days(12), "reason": "Tết Nguyên Đán" });
    refused(&app, Some(&member(&app, HOST)), CLOSE, close(tet.clone()), "FORBIDDEN", None).await;
    refused(&app, Some(&admin(&app, OTHER_HOST)), CLOSE, close(tet.clone()), "FORBIDDEN", None).await;
    for (input, field) in [
        (with(tet.clone(), json!({ "to": in_days(9) })), "input.to"),
        (with(tet.clone(), json!({ "from": in_days(-3), "to": in_days(-2) })), "input.to"),
        (with(tet.clone(), json!({ "reason": "" })), "input.reason"),
    ] {
        refused(&app, Some(&admin(&app, HOST)), CLOSE, close(input), "BAD_USER_INPUT", Some(field)).await;
    }
    let added = app.data(Some(&admin(&app, HOST)), CLOSE, close(tet)).await["addFacilityClosure"].clone();
    assert_eq!((added["from"].as_str(), added["to"].as_str(), &added["reason"]), (Some(in_days(10).as_str()), Some(in_days(12).as_str()), &json!("Tết Nguyên Đán")));
    let shown = app.data(None, FACILITY, json!({ "id": facility })).await;
    assert_eq!(shown["facility"]["closures"], json!([{ "from": in_days(10), "to": in_days(12), "reason": "Tết Nguyên Đán" }]));

    // A booking on a closed day is refused with the day and the reason.
    let body = try_book(&app, SCHOOL, booking_input(facility, 11, "08:00", "10:00")).await;
    assert_eq!(first_error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "input.startsAt", "{body}");
    let day = (hub_common::time::today() + chrono::TimeDelta::days(11)).format("%d/%m/%Y").to_string();
    assert!(message(&body).contains(&day) && message(&body).contains("Tết Nguyên Đán"), "{body}");

    // A weekly series: FAIL refuses it all, naming the recurrence; SKIP books the other weeks
    // and says which session was skipped and why.
    let series = |on_conflict: &str| with(
        booking_input(facility, 4, "13:30", "15:30"),
        json!({ "recurrence": { "until": in_days(4 + 14) }, "onConflict": on_conflict }),
    );
    let before = booking_count(&app).await;
    let body = try_book(&app, SCHOOL, series("FAIL")).await;
    assert_eq!((first_error_code(&body), &body["errors"][0]["extensions"]["field"]), ("BAD_USER_INPUT".to_owned(), &json!("input.recurrence")), "{body}");
    assert_eq!(booking_count(&app).await, before);
    let result = book(&app, SCHOOL, series("SKIP")).await;
    assert_eq!(result["bookings"].as_array().map(Vec::len), Some(2));
    let skipped_day = (hub_common::time::today() + chrono::TimeDelta::days(11)).format("%d/%m/%Y").to_string();
    assert_eq!(
        result["skipped"],
        json!([{ "startsAt": at(11, "13:30"), "endsAt": at(11, "15:30"), "reason": format!("the facility is closed on {skipped_day} (Tết Nguyên Đán)") }])
    );

    // Free time leaves the closed days out.
    let window = json!({ "id": facility, "from": at(9, "00:00"), "to": at(14, "00:00") });
    let free = app.data(None, AVAILABILITY, window).await["facilityAvailability"].clone();
    let days: Vec<String> = free.as_array().unwrap().iter().map(|s| s["startsAt"].as_str().unwrap()[..10].to_owned()).collect();
    assert_eq!(days, vec![in_days(9), in_days(13)]);

    // A closure over live bookings is refused, listing them; nothing is cancelled.
    let booked = book_one(&app, OTHER_SCHOOL, booking_input(facility, 20, "08:00", "10:00")).await;
    let body = refused(
        &app,
        Some(&admin(&app, HOST)),
        CLOSE,
        close(json!({ "from": in_days(19), "to": in_days(21), "reason": "bảo trì" })),
        "CONFLICT",
        None,
    )
    .await;
    let when = format!("{} 08:00", (hub_common::time::today() + chrono::TimeDelta::days(20)).format("%d/%m/%Y"));
    assert!(message(&body).contains(&when), "{body}");
    assert_eq!(db_booking(&app, booked).await.status, facilities::BookingStatus::Confirmed);

    // Past five sessions the refusal counts the rest, in the caller's language too.
    for hour in 10..16 {
        let (from, to) = (format!("{hour}:00"), format!("{}:00", hour + 1));
        book_one(&app, OTHER_SCHOOL, booking_input(facility, 20, &from, &to)).await;
    }
    let input = close(json!({ "from": in_days(19), "to": in_days(21), "reason": "bảo trì" }));
    let vietnamese: Value = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .bearer_auth(admin(&app, HOST))
        .header("accept-language", "vi")
        .json(&json!({ "query": CLOSE, "variables": input }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(vietnamese["errors"][0]["extensions"]["code"], "CONFLICT", "{vietnamese}");
    let said = message(&vietnamese);
    assert!(said.starts_with("đang có lượt đặt vào những ngày đó (") && said.contains(" và 2 lượt khác)"), "{said}");

    // Removed, the days are bookable again.
    let id = added["id"].as_str().unwrap().to_owned();
    refused(&app, Some(&admin(&app, OTHER_HOST)), REOPEN_DAYS, json!({ "id": id }), "FORBIDDEN", None).await;
    let removed = app.data(Some(&admin(&app, HOST)), REOPEN_DAYS, json!({ "id": id })).await;
    assert_eq!(removed["removeFacilityClosure"]["closures"], json!([]));
    book_one(&app, SCHOOL, booking_input(facility, 11, "08:00", "10:00")).await;
});

hub_test!(async fn bookings_respect_the_minimum_notice_and_the_maximum_advance(app) {
    let facility = create_facility(&app, false).await;
    let set = |input: Value| json!({ "id": facility, "input": input });
    for (input, field) in [
        (json!({ "minimumNoticeHours": -1 }), "input.minimumNoticeHours"),
        (json!({ "minimumNoticeHours": 721 }), "input.minimumNoticeHours"),
        (json!({ "maximumAdvanceDays": 0 }), "input.maximumAdvanceDays"),
    ] {
        refused(&app, Some(&admin(&app, HOST)), UPDATE, set(input), "BAD_USER_INPUT", Some(field)).await;
    }
    app.data(Some(&admin(&app, HOST)), UPDATE, set(json!({ "minimumNoticeHours": 48, "maximumAdvanceDays": 30 }))).await;
    let shown = app.data(None, FACILITY, json!({ "id": facility })).await;
    assert_eq!((&shown["facility"]["minimumNoticeHours"], &shown["facility"]["maximumAdvanceDays"]), (&json!(48), &json!(30)));

    let before = booking_count(&app).await;
    let body = try_book(&app, SCHOOL, booking_input(facility, 1, "08:00", "10:00")).await;
    assert_eq!((first_error_code(&body), &body["errors"][0]["extensions"]["field"]), ("BAD_USER_INPUT".to_owned(), &json!("input.startsAt")), "{body}");
    assert!(message(&body).contains("48 hours"), "{body}");
    let body = try_book(&app, SCHOOL, booking_input(facility, 40, "08:00", "10:00")).await;
    assert_eq!((first_error_code(&body), &body["errors"][0]["extensions"]["field"]), ("BAD_USER_INPUT".to_owned(), &json!("input.startsAt")), "{body}");
    assert!(message(&body).contains("30 days"), "{body}");
    assert_eq!(booking_count(&app).await, before);
    // Free time starts after the notice and stops at the advance.
    let free = app.data(None, AVAILABILITY, json!({ "id": facility, "from": at(1, "00:00"), "to": at(2, "00:00") })).await;
    assert_eq!(free["facilityAvailability"], json!([]));
    let free = app.data(None, AVAILABILITY, json!({ "id": facility, "from": at(35, "00:00"), "to": at(36, "00:00") })).await;
    assert_eq!(free["facilityAvailability"], json!([]));
    book_one(&app, SCHOOL, booking_input(facility, 5, "08:00", "10:00")).await;

    // A series beyond the advance: SKIP books what is within it.
    let series = with(
        booking_input(facility, 14, "13:30", "15:30"),
        json!({ "recurrence": { "until": in_days(14 + 21) }, "onConflict": "SKIP" }),
    );
    let result = book(&app, SCHOOL, series).await;
    assert_eq!(result["bookings"].as_array().map(Vec::len), Some(3), "{result}");
    assert!(result["skipped"][0]["reason"].as_str().unwrap().contains("30 days"), "{result}");

    // null lifts the limit.
    app.data(Some(&admin(&app, HOST)), UPDATE, set(json!({ "maximumAdvanceDays": null, "minimumNoticeHours": 0 }))).await;
    book_one(&app, SCHOOL, booking_input(facility, 40, "08:00", "10:00")).await;
    book_one(&app, SCHOOL, booking_input(facility, 1, "08:00", "10:00")).await;
});

hub_test!(async fn the_migration_keeps_every_facilitys_hours(app) {
    // Back to the previous release's schema, where a weekday had one span in
    // `facilities_opening_hours`; give a facility a Sunday there, then migrate again.
    let facility = create_facility(&app, false).await;
    let names: Vec<String> = migration::Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let ours = names.iter().position(|name| name == "m20261222_000018_facilities_rules").expect("the migration is listed");
    migration::Migrator::down(&app.db, Some((names.len() - ours) as u32)).await.expect("migrating down");
    use facilities::entity::{opening_hours, opening_span};
    use sea_orm::ActiveValue::Set;
    opening_hours::Entity::delete_many()
        .filter(opening_hours::Column::FacilityId.eq(facility))
        .filter(opening_hours::Column::Weekday.eq(7))
        .exec(&app.db)
        .await
        .unwrap();
    opening_hours::Entity::insert(opening_hours::ActiveModel {
        facility_id: Set(facility),
        weekday: Set(7),
        opens_minute: Set(9 * 60),
        closes_minute: Set(12 * 60),
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();
    let before = opening_hours::Entity::find().count(&app.db).await.unwrap();
    assert!(before >= 7);
    migration::Migrator::up(&app.db, None).await.expect("migrating up");
    assert_eq!(opening_span::Entity::find().count(&app.db).await.unwrap(), before);
    let shown = app.data(None, FACILITY, json!({ "id": facility })).await;
    let hours = shown["facility"]["openingHours"].as_array().unwrap();
    assert_eq!(hours.len(), 7);
    assert_eq!(hours[0], json!({ "weekday": "MONDAY", "spans": [{ "opens": "07:00", "closes": "21:00" }] }));
    assert_eq!(hours[6], json!({ "weekday": "SUNDAY", "spans": [{ "opens": "09:00", "closes": "12:00" }] }));
    assert_eq!(shown["facility"]["status"], "OPEN");
    assert_eq!(shown["facility"]["minimumNoticeHours"], 0);
    assert_eq!(shown["facility"]["maximumAdvanceDays"], Value::Null);
});
