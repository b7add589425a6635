//! Equipment over HTTP: a loan going out, corrected, coming back in parts; a donation counted
//! for its owner; overdue loans; withdrawal. In the submodules: concurrent approvals, who may do
//! what, bad input, the posted-listing subscription and the cost of a page.

mod access;
mod cost;
mod input;
mod live;
mod promises;
mod requests_live;

use directory::Directory;
use equipment::entity::{handover, listing, request};
use hub_common::Role;
use hub_common::time::today;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, demo_org, first_error_code, in_days, refused, with};
use crate::hub_test;

const LISTING_FIELDS: &str = "id kind name category quantity quantityPromised quantityAvailable condition \
     estimatedValueVnd totalValueVnd availableFrom availableUntil photoUrls status owner { name }";
const REQUEST_FIELDS: &str = "id status quantity purpose returnBy handedOverQuantity returnedQuantity overdue \
     decisionNote requester { name } listing { id quantityPromised quantityAvailable } \
     handovers { id quantity handedOverOn handedOverBy receivedBy condition correctsId current } \
     returns { quantity returnedOn condition notes }";

fn create_query() -> String {
    format!(
        "mutation($input: CreateEquipmentListingInput!) {{ createEquipmentListing(input: $input) {{ {LISTING_FIELDS} }} }}"
    )
}
fn update_query() -> String {
    format!(
        "mutation($id: ID!, $input: UpdateEquipmentListingInput!) {{ updateEquipmentListing(id: $id, input: $input) {{ {LISTING_FIELDS} }} }}"
    )
}
fn withdraw_query() -> String {
    format!("mutation($id: ID!) {{ withdrawEquipmentListing(id: $id) {{ {LISTING_FIELDS} }} }}")
}
fn get_query() -> String {
    format!(
        "query($id: ID!) {{ equipmentListing(id: $id) {{ {LISTING_FIELDS} requests {{ id status requester {{ name }} }} }} }}"
    )
}
fn request_query() -> String {
    format!(
        "mutation($input: RequestEquipmentInput!) {{ requestEquipment(input: $input) {{ {REQUEST_FIELDS} }} }}"
    )
}
fn decide_query() -> String {
    format!(
        "mutation($id: ID!, $decision: RequestDecision!, $note: String) {{ decideEquipmentRequest(id: $id, decision: $decision, note: $note) {{ {REQUEST_FIELDS} }} }}"
    )
}
fn cancel_query() -> String {
    format!("mutation($id: ID!) {{ cancelEquipmentRequest(id: $id) {{ {REQUEST_FIELDS} }} }}")
}
fn handover_query() -> String {
    format!(
        "mutation($input: RecordHandoverInput!) {{ recordHandover(input: $input) {{ {REQUEST_FIELDS} }} }}"
    )
}
fn return_query() -> String {
    format!("mutation($input: RecordReturnInput!) {{ recordReturn(input: $input) {{ {REQUEST_FIELDS} }} }}")
}
const OVERDUE: &str =
    "query { overdueLoans(first: 100) { edges { node { id overdue returnBy requester { name } } } } }";
const LIST: &str = "query($filter: EquipmentListingFilter) { equipmentListings(first: 100, filter: $filter) { edges { node { id name status } } } }";

const OWNER: &str = "dn-logistics-bach-dang";
const OTHER_OWNER: &str = "dn-dong-tau-trieu-xanh";
const UNVERIFIED: &str = "dn-chua-xac-minh";
const SCHOOL: &str = "thpt-tran-phu";
const OTHER_SCHOOL: &str = "thpt-ngo-quyen";
const OFFICER: &str = "so-gddt";

fn member(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgMember)
}

fn officer(app: &TestApp) -> String {
    app.token(OFFICER, Role::DepartmentOfficer)
}

/// A valid listing: five items worth 12 million đồng each, available from today.
fn listing_input(kind: &str) -> Value {
    json!({
        "kind": kind,
        "name": "Máy hàn điện tử MIG",
        "category": "Máy công cụ",
        "description": "Máy hàn dùng cho xưởng thực hành, kèm mặt nạ bảo hộ.",
        "quantity": 5,
        "condition": "GOOD",
        "estimatedValueVnd": 12_000_000,
        "availableFrom": in_days(0),
        "availableUntil": in_days(200),
        "photoUrls": ["https://anh.example.vn/may-han-1.jpg"],
    })
}

fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| Uuid::parse_str(id).ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

async fn create_listing(app: &TestApp, owner: &str, input: Value) -> Uuid {
    let data = app.data(Some(&member(app, owner)), &create_query(), json!({ "input": input })).await;
    id_of(&data["createEquipmentListing"])
}

fn request_input(listing: Uuid, quantity: i32, return_by: Option<i64>) -> Value {
    json!({
        "listingId": listing,
        "quantity": quantity,
        "purpose": "Giờ thực hành hướng nghiệp ngành cơ khí cho lớp 11.",
        "returnBy": return_by.map(in_days),
    })
}

async fn request(app: &TestApp, school: &str, input: Value) -> Uuid {
    let data = app.data(Some(&member(app, school)), &request_query(), json!({ "input": input })).await;
    id_of(&data["requestEquipment"])
}

async fn decide(app: &TestApp, owner: &str, id: Uuid, decision: &str) -> Value {
    let variables = json!({ "id": id, "decision": decision });
    app.data(Some(&member(app, owner)), &decide_query(), variables).await["decideEquipmentRequest"].clone()
}

fn handover_input(request: Uuid, quantity: i32) -> Value {
    json!({
        "requestId": request,
        "quantity": quantity,
        "handedOverOn": in_days(0),
        "handedOverBy": "Nguyễn Văn An, trưởng kho",
        "receivedBy": "Trần Thị Bình, phó hiệu trưởng",
        "condition": "GOOD",
        "notes": "Bàn giao tại kho Đình Vũ.",
    })
}

async fn hand_over(app: &TestApp, owner: &str, input: Value) -> Value {
    app.data(Some(&member(app, owner)), &handover_query(), json!({ "input": input })).await["recordHandover"]
        .clone()
}

fn return_input(request: Uuid, quantity: i32) -> Value {
    json!({
        "requestId": request,
        "quantity": quantity,
        "returnedOn": in_days(0),
        "receivedBy": "Nguyễn Văn An, trưởng kho",
        "condition": "FAIR",
        "notes": "Một mỏ hàn bị mòn.",
    })
}

async fn give_back(app: &TestApp, owner: &str, input: Value) -> Value {
    app.data(Some(&member(app, owner)), &return_query(), json!({ "input": input })).await["recordReturn"]
        .clone()
}

/// A listing of `OWNER` with a request of `SCHOOL` for `quantity` units, approved.
async fn approved_request(app: &TestApp, kind: &str, quantity: i32) -> (Uuid, Uuid) {
    let listing = create_listing(app, OWNER, listing_input(kind)).await;
    let return_by = (kind == "LOAN").then_some(30);
    let id = request(app, SCHOOL, request_input(listing, quantity, return_by)).await;
    assert_eq!(decide(app, OWNER, id, "APPROVE").await["status"], "APPROVED");
    (listing, id)
}

async fn db_listing(app: &TestApp, id: Uuid) -> listing::Model {
    listing::Entity::find_by_id(id).one(&app.db).await.expect("reading").expect("the listing exists")
}

async fn db_request(app: &TestApp, id: Uuid) -> request::Model {
    request::Entity::find_by_id(id).one(&app.db).await.expect("reading").expect("the request exists")
}

async fn listing_count(app: &TestApp) -> u64 {
    listing::Entity::find().count(&app.db).await.expect("counting")
}

async fn request_count(app: &TestApp) -> u64 {
    request::Entity::find().count(&app.db).await.expect("counting")
}

async fn handover_count(app: &TestApp) -> u64 {
    handover::Entity::find().count(&app.db).await.expect("counting")
}

fn edge_ids(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["id"].as_str().expect("an id").to_owned())
        .collect()
}

fn equipment_service(app: &TestApp) -> equipment::Equipment {
    equipment::Equipment::new(
        app.db.clone(),
        Directory::new(app.db.clone(), app.feed.clone()),
        app.feed.clone(),
    )
}

hub_test!(async fn a_loan_goes_out_is_corrected_and_comes_back_in_parts(app) {
    let data = app.data(Some(&member(&app, OWNER)), &create_query(), json!({ "input": listing_input("LOAN") })).await;
    let listing = &data["createEquipmentListing"];
    assert_eq!(listing["status"], "AVAILABLE");
    assert_eq!(listing["owner"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    assert_eq!((listing["estimatedValueVnd"].clone(), listing["totalValueVnd"].clone()), (json!(12_000_000), json!(60_000_000)));
    assert_eq!(listing["photoUrls"], json!(["https://anh.example.vn/may-han-1.jpg"]));
    let listing = id_of(listing);

    let loan = request(&app, SCHOOL, request_input(listing, 3, Some(30))).await;
    let other = request(&app, OTHER_SCHOOL, request_input(listing, 3, Some(30))).await;
    let approved = decide(&app, OWNER, loan, "APPROVE").await;
    assert_eq!(approved["listing"]["quantityPromised"], 3);
    assert_eq!(approved["listing"]["quantityAvailable"], 2);
    // Three more would promise six of five.
    let (_, body) = app.graphql(Some(&member(&app, OWNER)), &decide_query(), json!({ "id": other, "decision": "APPROVE" })).await;
    assert_eq!(first_error_code(&body), "CONFLICT", "{body}");
    assert_eq!(db_request(&app, other).await.status, equipment::RequestStatus::Pending);

    // Two change hands, not three: the third unit is free again at once.
    let out = hand_over(&app, OWNER, handover_input(loan, 3)).await;
    assert_eq!((out["status"].as_str(), out["handedOverQuantity"].as_i64()), (Some("HANDED_OVER"), Some(3)));
    let first_record = id_of(&out["handovers"][0]);
    let corrected = hand_over(&app, OWNER, with(handover_input(loan, 2), json!({ "correctsId": first_record, "notes": "Sửa biên bản: bàn giao 2 máy." }))).await;
    assert_eq!(corrected["handedOverQuantity"], 2);
    assert_eq!(corrected["listing"]["quantityPromised"], 2);
    let records = corrected["handovers"].as_array().unwrap();
    assert_eq!(records.len(), 2, "the corrected record stays in the history");
    assert_eq!((records[0]["quantity"].clone(), records[0]["current"].clone()), (json!(3), json!(false)));
    assert_eq!((records[1]["quantity"].clone(), records[1]["current"].clone()), (json!(2), json!(true)));
    assert_eq!(records[1]["correctsId"], first_record.to_string());
    // The old record cannot be corrected again, and the database refuses to change it.
    refused(&app, Some(&member(&app, OWNER)), &handover_query(), json!({ "input": with(handover_input(loan, 1), json!({ "correctsId": first_record })) }), "BAD_USER_INPUT", Some("input.correctsId")).await;
    let tamper = app.db.execute_unprepared("UPDATE equipment_handovers SET quantity = 5").await;
    assert!(tamper.is_err(), "hand-over records are immutable");
    assert!(app.db.execute_unprepared("DELETE FROM equipment_handovers").await.is_err());
    let records = handover::Entity::find().filter(handover::Column::RequestId.eq(loan)).all(&app.db).await.unwrap();
    assert_eq!(records.iter().map(|h| h.quantity).collect::<Vec<_>>(), vec![3, 2], "both records, unchanged");

    // Back in two parts; each part is recorded and frees its unit.
    let part = give_back(&app, OWNER, return_input(loan, 1)).await;
    assert_eq!((part["status"].as_str(), part["returnedQuantity"].as_i64()), (Some("HANDED_OVER"), Some(1)));
    assert_eq!(part["listing"]["quantityPromised"], 1);
    let rest = give_back(&app, OWNER, with(return_input(loan, 1), json!({ "condition": "GOOD", "notes": null }))).await;
    assert_eq!(rest["status"], "RETURNED");
    assert_eq!(rest["listing"]["quantityPromised"], 0);
    assert_eq!(rest["returns"].as_array().map(Vec::len), Some(2));
    assert_eq!(rest["returns"][0]["notes"], "Một mỏ hàn bị mòn.");
    refused(&app, Some(&member(&app, OWNER)), &return_query(), json!({ "input": return_input(loan, 1) }), "CONFLICT", None).await;

    // Everything is back, so the other school's three fit now.
    assert_eq!(decide(&app, OWNER, other, "APPROVE").await["listing"]["quantityPromised"], 3);
    // The school sees its own request under the listing; the owner sees both.
    let seen = app.data(Some(&member(&app, SCHOOL)), &get_query(), json!({ "id": listing })).await;
    assert_eq!(edge_count(&seen["equipmentListing"]["requests"]), 1);
    let seen = app.data(Some(&member(&app, OWNER)), &get_query(), json!({ "id": listing })).await;
    assert_eq!(edge_count(&seen["equipmentListing"]["requests"]), 2);
    let anonymous = app.data(None, &get_query(), json!({ "id": listing })).await;
    assert_eq!(edge_count(&anonymous["equipmentListing"]["requests"]), 0);
});

fn edge_count(list: &Value) -> usize {
    list.as_array().map(Vec::len).unwrap_or_else(|| panic!("not a list: {list}"))
}

hub_test!(async fn a_donation_is_handed_over_and_counted_for_its_owner_by_day(app) {
    let (listing, donation) = approved_request(&app, "DONATION", 4).await;
    let out = hand_over(&app, OWNER, handover_input(donation, 3)).await;
    assert_eq!(out["status"], "HANDED_OVER");
    assert_eq!(out["returnBy"], Value::Null);
    assert_eq!(db_listing(&app, listing).await.promised, 3, "the fourth unit is released; three are given for good");
    refused(&app, Some(&member(&app, OWNER)), &return_query(), json!({ "input": return_input(donation, 1) }), "CONFLICT", None).await;
    // A second hand-over is a correction, never a second record of its own.
    refused(&app, Some(&member(&app, OWNER)), &handover_query(), json!({ "input": handover_input(donation, 1) }), "CONFLICT", None).await;

    let (_, loan) = approved_request(&app, "LOAN", 2).await;
    hand_over(&app, OWNER, handover_input(loan, 2)).await;

    let service = equipment_service(&app);
    let given = service.handed_over_by_owner(today(), today()).await.unwrap();
    let ours = given.iter().find(|g| g.owner == demo_org(OWNER)).expect("the owner gave today");
    assert_eq!((ours.donations, ours.donated_value_vnd), (3, 36_000_000));
    assert_eq!((ours.loans, ours.lent_value_vnd), (2, 24_000_000));
    assert!(given.iter().all(|g| g.owner == demo_org(OWNER)), "nobody else handed anything over today: {given:?}");

    // Correcting the day moves the hand-over out of today.
    let current = id_of(&out["handovers"][0]);
    hand_over(&app, OWNER, with(handover_input(donation, 3), json!({ "correctsId": current, "handedOverOn": in_days(-1) }))).await;
    let given = service.handed_over_by_owner(today(), today()).await.unwrap();
    assert_eq!(given[0].donations, 0);
    let yesterday = today() - chrono::TimeDelta::days(1);
    let given = service.handed_over_by_owner(yesterday, yesterday).await.unwrap();
    let ours = given.iter().find(|g| g.owner == demo_org(OWNER)).expect("the corrected day counts");
    assert_eq!((ours.donations, ours.loans), (3, 0));
});

hub_test!(async fn overdue_loans_are_listed_for_lender_borrower_and_officers(app) {
    let (_, loan) = approved_request(&app, "LOAN", 2).await;
    hand_over(&app, OWNER, handover_input(loan, 2)).await;
    let before = edge_ids(&app.data(Some(&member(&app, OWNER)), OVERDUE, json!({})).await["overdueLoans"]);
    assert!(!before.contains(&loan.to_string()), "not due yet");

    // Time passes: the return day is behind us and nothing came back.
    let mut row: request::ActiveModel = db_request(&app, loan).await.into();
    row.return_by = Set(Some(today() - chrono::TimeDelta::days(3)));
    row.update(&app.db).await.unwrap();
    for token in [member(&app, OWNER), member(&app, SCHOOL), officer(&app)] {
        let data = app.data(Some(&token), OVERDUE, json!({})).await;
        let late = data["overdueLoans"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["id"] == loan.to_string()).cloned();
        let late = late.unwrap_or_else(|| panic!("{data}"));
        assert_eq!(late["node"]["overdue"], true);
        assert_eq!(late["node"]["requester"]["name"], "Trường THPT chuyên Trần Phú");
    }
    for token in [member(&app, OTHER_SCHOOL), member(&app, OTHER_OWNER)] {
        let ids = edge_ids(&app.data(Some(&token), OVERDUE, json!({})).await["overdueLoans"]);
        assert!(!ids.contains(&loan.to_string()));
    }
    // Half back is still overdue; all back is not.
    give_back(&app, OWNER, return_input(loan, 1)).await;
    assert!(edge_ids(&app.data(Some(&member(&app, SCHOOL)), OVERDUE, json!({})).await["overdueLoans"]).contains(&loan.to_string()));
    give_back(&app, OWNER, return_input(loan, 1)).await;
    assert!(!edge_ids(&app.data(Some(&officer(&app)), OVERDUE, json!({})).await["overdueLoans"]).contains(&loan.to_string()));
    // The demo data has one overdue loan of its own, partly returned.
    let demo = app.data(Some(&officer(&app)), OVERDUE, json!({})).await;
    assert_eq!(demo["overdueLoans"]["edges"].as_array().map(Vec::len), Some(1), "{demo}");
});

hub_test!(async fn withdrawing_keeps_promises_declines_what_waits_and_hides_the_listing(app) {
    let (listing, approved) = approved_request(&app, "DONATION", 2).await;
    let waiting = request(&app, OTHER_SCHOOL, request_input(listing, 1, None)).await;
    let cancelled = request(&app, OTHER_SCHOOL, request_input(listing, 1, None)).await;
    let data = app.data(Some(&member(&app, OTHER_SCHOOL)), &cancel_query(), json!({ "id": cancelled })).await;
    assert_eq!(data["cancelEquipmentRequest"]["status"], "CANCELLED");

    let data = app.data(Some(&member(&app, OWNER)), &withdraw_query(), json!({ "id": listing })).await;
    assert_eq!(data["withdrawEquipmentListing"]["status"], "WITHDRAWN");
    assert_eq!(db_request(&app, waiting).await.status, equipment::RequestStatus::Declined);
    assert_eq!(db_request(&app, cancelled).await.status, equipment::RequestStatus::Cancelled);
    assert_eq!(db_request(&app, approved).await.status, equipment::RequestStatus::Approved);
    refused(&app, Some(&member(&app, OWNER)), &withdraw_query(), json!({ "id": listing }), "CONFLICT", None).await;

    // Hidden from everybody but its owner and officers; a school cannot ask for it.
    assert!(app.data(None, &get_query(), json!({ "id": listing })).await["equipmentListing"].is_null());
    assert!(app.data(Some(&member(&app, OTHER_SCHOOL)), &get_query(), json!({ "id": listing })).await["equipmentListing"].is_null());
    assert!(!edge_ids(&app.data(None, LIST, json!({})).await["equipmentListings"]).contains(&listing.to_string()));
    assert_eq!(app.data(Some(&officer(&app)), &get_query(), json!({ "id": listing })).await["equipmentListing"]["status"], "WITHDRAWN");
    let owned = edge_ids(&app.data(Some(&member(&app, OWNER)), LIST, json!({ "filter": { "status": "WITHDRAWN" } })).await["equipmentListings"]);
    assert_eq!(owned, vec![listing.to_string()]);
    refused(&app, Some(&member(&app, SCHOOL)), &request_query(), json!({ "input": request_input(listing, 1, None) }), "BAD_USER_INPUT", Some("input.listingId")).await;
    // The promise stands: the approved request is still handed over.
    assert_eq!(hand_over(&app, OWNER, handover_input(approved, 2)).await["status"], "HANDED_OVER");
});

hub_test!(async fn listings_are_found_by_kind_category_and_unaccented_name(app) {
    let welder = create_listing(&app, OWNER, listing_input("LOAN")).await;
    let kits = create_listing(&app, OTHER_OWNER, with(listing_input("DONATION"), json!({ "name": "Bộ dụng cụ điện cầm tay", "category": "Điện" }))).await;
    let ids = |data: Value| edge_ids(&data["equipmentListings"]);
    let loans = ids(app.data(None, LIST, json!({ "filter": { "kind": "LOAN" } })).await);
    assert!(loans.contains(&welder.to_string()) && !loans.contains(&kits.to_string()));
    assert_eq!(ids(app.data(None, LIST, json!({ "filter": { "text": "dung cu dien" } })).await), vec![kits.to_string()]);
    assert_eq!(ids(app.data(None, LIST, json!({ "filter": { "category": "Điện", "ownerId": demo_org(OTHER_OWNER) } })).await), vec![kits.to_string()]);
    // Categories match like the other text filters: accents and case ignored.
    assert_eq!(ids(app.data(None, LIST, json!({ "filter": { "category": "DIEN", "ownerId": demo_org(OTHER_OWNER) } })).await), vec![kits.to_string()]);
    assert_eq!(ids(app.data(None, LIST, json!({ "filter": { "category": "khong co loai nay" } })).await), Vec::<String>::new());
    // Newest first, in pages.
    let page = app.data(None, "{ equipmentListings(first: 1) { edges { node { id } } pageInfo { hasNextPage } } }", json!({})).await;
    assert_eq!(edge_ids(&page["equipmentListings"]), vec![kits.to_string()]);
    assert_eq!(page["equipmentListings"]["pageInfo"]["hasNextPage"], true);
    let changed = app.data(Some(&member(&app, OWNER)), &update_query(), json!({ "id": welder, "input": { "quantity": 8, "availableUntil": null } })).await;
    assert_eq!((changed["updateEquipmentListing"]["quantity"].clone(), changed["updateEquipmentListing"]["availableUntil"].clone()), (json!(8), Value::Null));
});

hub_test!(async fn schools_and_owners_list_their_requests_by_side_and_status_even_after_a_withdrawal(app) {
    const REQUESTS: &str = "query($filter: EquipmentRequestFilter) { equipmentRequests(first: 100, filter: $filter) { edges { node { id status } } } }";
    let listing = create_listing(&app, OWNER, listing_input("LOAN")).await;
    let approved = request(&app, SCHOOL, request_input(listing, 2, Some(40))).await;
    let waiting = request(&app, SCHOOL, request_input(listing, 1, Some(40))).await;
    let other = request(&app, OTHER_SCHOOL, request_input(listing, 1, Some(40))).await;
    decide(&app, OWNER, approved, "APPROVE").await;
    // Withdrawing the listing declines what waits but keeps the approved loan, which the
    // school must still find.
    app.data(Some(&member(&app, OWNER)), &withdraw_query(), json!({ "id": listing })).await;

    let listed = |token: String, filter: Value| {
        let app = &app;
        async move { edge_ids(&app.data(Some(&token), REQUESTS, json!({ "filter": filter })).await["equipmentRequests"]) }
    };
    // The demo data holds older requests too; these tests' requests are the newest.
    let ids = |list: &[Uuid]| list.iter().map(Uuid::to_string).collect::<Vec<_>>();
    let school = member(&app, SCHOOL);
    let own = listed(school.clone(), json!({ "side": "REQUESTER" })).await;
    assert!(own.starts_with(&ids(&[waiting, approved])) && !own.contains(&other.to_string()), "newest first, own only: {own:?}");
    let own_approved = listed(school.clone(), json!({ "side": "REQUESTER", "status": "APPROVED" })).await;
    assert!(own_approved.contains(&approved.to_string()) && !own_approved.contains(&waiting.to_string()), "{own_approved:?}");
    assert!(!listed(school.clone(), json!({ "side": "OWNER" })).await.contains(&approved.to_string()), "the school owns none of these");
    let owner = member(&app, OWNER);
    let to_decide = listed(owner.clone(), json!({ "side": "OWNER" })).await;
    assert!(to_decide.starts_with(&ids(&[other, waiting, approved])), "{to_decide:?}");
    assert!(!listed(owner, json!({ "side": "REQUESTER" })).await.contains(&approved.to_string()));
    let theirs = listed(member(&app, OTHER_SCHOOL), json!({})).await;
    assert!(theirs.contains(&other.to_string()) && !theirs.contains(&approved.to_string()), "a school sees its own only: {theirs:?}");
    let all = listed(officer(&app), json!({})).await;
    assert!([approved, waiting, other].iter().all(|id| all.contains(&id.to_string())), "officers see every request");
    assert_eq!(app.error_code(None, REQUESTS, json!({})).await, "UNAUTHENTICATED");
});
