//! Workshop facilities over HTTP: publishing and booking end to end here; in the submodules
//! overlap edge cases, the 100-caller race for one slot, weekly series, calendar feeds, who may
//! do what, bad input, the dashboard subscription and the cost of a page.

mod access;
mod calendar;
mod contention;
mod cost;
mod input;
mod live;
mod model;
mod overlap;
mod recurrence;
mod rules;

use facilities::entity::booking;
use hub_common::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, demo_org, first_error_code, in_days, refused, with};
use crate::hub_test;

const BOOKING_FIELDS: &str = "id status startsAt endsAt participants purpose seriesId decisionNote \
     facility { id name owner { name } } organization { name }";

fn book_query() -> String {
    format!(
        "mutation($input: BookFacilityInput!) {{ bookFacility(input: $input) {{ bookings {{ {BOOKING_FIELDS} }} skipped {{ startsAt endsAt reason }} }} }}"
    )
}
fn decide_query() -> String {
    format!(
        "mutation($id: ID!, $decision: BookingDecision!, $note: String) {{ decideBooking(id: $id, decision: $decision, note: $note) {{ {BOOKING_FIELDS} }} }}"
    )
}
fn cancel_query() -> String {
    format!("mutation($id: ID!) {{ cancelBooking(id: $id) {{ {BOOKING_FIELDS} }} }}")
}
const CREATE: &str = "mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id name trade capacity timeZone approvalRequired equipment owner { name } openingHours { weekday spans { opens closes } } } }";
const UPDATE: &str = "mutation($id: ID!, $input: UpdateFacilityInput!) { updateFacility(id: $id, input: $input) { id name capacity approvalRequired openingHours { weekday spans { opens closes } } } }";
const AVAILABILITY: &str = "query($id: ID!, $from: DateTime!, $to: DateTime!) { facilityAvailability(facilityId: $id, from: $from, to: $to) { startsAt endsAt } }";
const BOOKINGS: &str = "query($filter: BookingFilter) { bookings(first: 100, filter: $filter) { edges { node { id status startsAt } } } }";
const ROTATE: &str =
    "mutation($org: ID!) { rotateCalendarToken(organizationId: $org) { token organizationId } }";

const HOST: &str = "cd-cong-nghiep-hp";
const OTHER_HOST: &str = "cd-hang-hai-1";
const SCHOOL: &str = "thcs-chu-van-an";
const OTHER_SCHOOL: &str = "thpt-tran-phu";
const ENTERPRISE: &str = "dn-logistics-bach-dang";
const OFFICER: &str = "so-gddt";

fn admin(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgAdmin)
}

fn member(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgMember)
}

fn officer(app: &TestApp) -> String {
    app.token(OFFICER, Role::DepartmentOfficer)
}

/// A workshop open every day 07:00-21:00, so tests need not mind weekdays.
fn facility_input(approval_required: bool) -> Value {
    let days = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
    json!({
        "name": "Xưởng thực hành PLC",
        "trade": "Tự động hoá công nghiệp",
        "capacity": 30,
        "approvalRequired": approval_required,
        "equipment": ["10 bộ PLC S7-1200", "Băng tải mô phỏng"],
        "openingHours": days.iter().map(|d| json!({ "weekday": d, "spans": [{ "opens": "07:00", "closes": "21:00" }] })).collect::<Vec<_>>(),
    })
}

fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| Uuid::parse_str(id).ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

async fn create_facility(app: &TestApp, approval_required: bool) -> Uuid {
    let data = app
        .data(Some(&admin(app, HOST)), CREATE, json!({ "input": facility_input(approval_required) }))
        .await;
    id_of(&data["createFacility"])
}

/// A Hải Phòng local time `days` from today at `hh:mm`, with its offset, as the API takes it.
fn at(days: i64, time: &str) -> String {
    format!("{}T{time}:00+07:00", in_days(days))
}

fn booking_input(facility: Uuid, days: i64, from: &str, to: &str) -> Value {
    json!({
        "facilityId": facility,
        "startsAt": at(days, from),
        "endsAt": at(days, to),
        "participants": 25,
        "purpose": "Học sinh lớp 9 thực hành lập trình PLC.",
    })
}

/// Books as `org`'s member and returns the whole body, errors included.
async fn try_book(app: &TestApp, org: &str, input: Value) -> Value {
    app.graphql(Some(&member(app, org)), &book_query(), json!({ "input": input })).await.1
}

async fn book(app: &TestApp, org: &str, input: Value) -> Value {
    let data = app.data(Some(&member(app, org)), &book_query(), json!({ "input": input })).await;
    data["bookFacility"].clone()
}

async fn book_one(app: &TestApp, org: &str, input: Value) -> Uuid {
    let result = book(app, org, input).await;
    id_of(&result["bookings"][0])
}

async fn live_bookings(app: &TestApp, facility: Uuid) -> u64 {
    booking::Entity::find()
        .filter(booking::Column::FacilityId.eq(facility))
        .filter(booking::Column::Status.is_in(facilities::BookingStatus::LIVE))
        .count(&app.db)
        .await
        .expect("counting")
}

async fn booking_count(app: &TestApp) -> u64 {
    booking::Entity::find().count(&app.db).await.expect("counting")
}

async fn db_booking(app: &TestApp, id: Uuid) -> booking::Model {
    booking::Entity::find_by_id(id).one(&app.db).await.expect("reading").expect("the booking exists")
}

hub_test!(async fn a_school_books_the_host_confirms_and_cancelling_frees_the_slot(app) {
    let facility = create_facility(&app, true).await;
    let listed = app.data(None, "{ facilities(first: 100) { edges { node { id name capacity openingHours { weekday spans { opens closes } } } } } }", json!({})).await;
    let found = listed["facilities"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["id"] == facility.to_string()).cloned().expect("listed to anyone");
    assert_eq!(found["node"]["openingHours"][0], json!({ "weekday": "MONDAY", "spans": [{ "opens": "07:00", "closes": "21:00" }] }));

    let result = book(&app, SCHOOL, booking_input(facility, 3, "08:00", "10:00")).await;
    let booking = &result["bookings"][0];
    assert_eq!(booking["status"], "PENDING", "the facility needs approval");
    assert_eq!(booking["startsAt"], at(3, "08:00"), "times read in Hải Phòng time");
    assert_eq!(booking["facility"]["owner"]["name"], "Trường Cao đẳng Kỹ thuật Hải Phòng");
    assert_eq!(booking["organization"]["name"], "Trường THCS Chu Văn An");
    let id = id_of(booking);

    // The pending booking already holds the slot.
    let from = at(3, "07:00");
    let to = at(3, "12:00");
    let free = app.data(None, AVAILABILITY, json!({ "id": facility, "from": from, "to": to })).await;
    assert_eq!(
        free["facilityAvailability"],
        json!([{ "startsAt": at(3, "07:00"), "endsAt": at(3, "08:00") }, { "startsAt": at(3, "10:00"), "endsAt": at(3, "12:00") }])
    );
    let clash = try_book(&app, OTHER_SCHOOL, booking_input(facility, 3, "09:00", "11:00")).await;
    assert_eq!(first_error_code(&clash), "CONFLICT", "{clash}");

    let decided = app
        .data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": id, "decision": "CONFIRM", "note": "Hẹn gặp các em." }))
        .await;
    assert_eq!(decided["decideBooking"]["status"], "CONFIRMED");
    assert_eq!(decided["decideBooking"]["decisionNote"], "Hẹn gặp các em.");
    let again = app.graphql(Some(&member(&app, HOST)), &decide_query(), json!({ "id": id, "decision": "DECLINE" })).await.1;
    assert_eq!(first_error_code(&again), "CONFLICT", "a decided booking is not decided again");

    // The school sees its booking, the host sees it too, another school does not.
    let mine = app.data(Some(&member(&app, SCHOOL)), BOOKINGS, json!({ "filter": { "facilityId": facility } })).await;
    assert_eq!(mine["bookings"]["edges"][0]["node"]["id"], id.to_string());
    let hosted = app.data(Some(&member(&app, HOST)), BOOKINGS, json!({ "filter": { "hostId": demo_org(HOST) } })).await;
    assert!(hosted["bookings"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["id"] == id.to_string()));
    let theirs = app.data(Some(&member(&app, OTHER_SCHOOL)), BOOKINGS, json!({ "filter": { "facilityId": facility } })).await;
    assert_eq!(theirs["bookings"]["edges"], json!([]));

    let cancelled = app.data(Some(&member(&app, SCHOOL)), &cancel_query(), json!({ "id": id })).await;
    assert_eq!(cancelled["cancelBooking"]["status"], "CANCELLED");
    // Freed at once: the other school takes the same hours.
    let taken = book(&app, OTHER_SCHOOL, booking_input(facility, 3, "08:00", "10:00")).await;
    assert_eq!(taken["bookings"][0]["status"], "PENDING");
    assert_eq!(live_bookings(&app, facility).await, 1);
});

hub_test!(async fn without_approval_bookings_are_confirmed_and_the_host_can_change_its_facility(app) {
    let facility = create_facility(&app, false).await;
    let result = book(&app, SCHOOL, booking_input(facility, 2, "13:00", "15:00")).await;
    assert_eq!(result["bookings"][0]["status"], "CONFIRMED");
    let changed = app
        .data(
            Some(&admin(&app, HOST)),
            UPDATE,
            json!({ "id": facility, "input": { "capacity": 12, "approvalRequired": true, "openingHours": [{ "weekday": "MONDAY", "spans": [{ "opens": "08:00", "closes": "11:30" }] }] } }),
        )
        .await;
    assert_eq!(changed["updateFacility"]["capacity"], 12);
    assert_eq!(changed["updateFacility"]["openingHours"], json!([{ "weekday": "MONDAY", "spans": [{ "opens": "08:00", "closes": "11:30" }] }]));
    // The new capacity applies to new bookings.
    let body = try_book(&app, OTHER_SCHOOL, booking_input(facility, 9, "08:00", "09:00")).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "input.participants", "{body}");
});

hub_test!(async fn hosted_bookings_are_counted_per_host_for_the_read_side(app) {
    let service = facilities::Facilities::new(app.db.clone(), directory::Directory::new(app.db.clone(), app.feed.clone()), app.feed.clone());
    let before = service.bookings_hosted(hub_common::time::today(), hub_common::time::today() + chrono::TimeDelta::days(10)).await.unwrap();
    let host_before = before.iter().find(|row| row.host == demo_org(HOST)).map(|row| (row.bookings, row.participants)).unwrap_or((0, 0));
    let facility = create_facility(&app, true).await;
    let confirmed = book_one(&app, SCHOOL, booking_input(facility, 2, "08:00", "09:00")).await;
    app.data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": confirmed, "decision": "CONFIRM" })).await;
    // Pending and later-than-the-period bookings do not count.
    book_one(&app, OTHER_SCHOOL, booking_input(facility, 2, "10:00", "11:00")).await;
    let late = book_one(&app, OTHER_SCHOOL, booking_input(facility, 12, "10:00", "11:00")).await;
    app.data(Some(&member(&app, HOST)), &decide_query(), json!({ "id": late, "decision": "CONFIRM" })).await;
    let after = service.bookings_hosted(hub_common::time::today(), hub_common::time::today() + chrono::TimeDelta::days(10)).await.unwrap();
    let host = after.iter().find(|row| row.host == demo_org(HOST)).expect("the host is listed");
    assert_eq!((host.bookings, host.participants), (host_before.0 + 1, host_before.1 + 25));
});

hub_test!(async fn facilities_are_found_by_trade_without_accents_or_case(app) {
    let query = "query($trade: String) { facilities(first: 100, filter: { trade: $trade }) { edges { node { trade } } } }";
    for asked in ["dien cong nghiep", "ĐIỆN CÔNG", "  Điện công nghiệp "] {
        let data = app.data(None, query, json!({ "trade": asked })).await;
        let trades: Vec<&str> = data["facilities"]["edges"].as_array().unwrap().iter().map(|edge| edge["node"]["trade"].as_str().unwrap()).collect();
        assert!(!trades.is_empty(), "{asked:?} finds the demo workshop");
        assert!(trades.iter().all(|trade| *trade == "Điện công nghiệp"), "{asked:?}: {trades:?}");
    }
    let data = app.data(None, query, json!({ "trade": "dien tu hang khong" })).await;
    assert_eq!(data["facilities"]["edges"], json!([]));
    let (_, body) = app.graphql(None, query, json!({ "trade": "x".repeat(121) })).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "filter.trade", "{body}");
});
