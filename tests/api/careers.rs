//! Careers information over HTTP: what anonymous readers get from the demo data here, and in the
//! submodules who may do what, event capacity under concurrent registrations, the bulletin
//! import and the published-event subscription.

mod access;
mod capacity;
mod import;
mod live;
mod programmes;

use chrono::{TimeDelta, Utc};
use hub_common::Role;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, demo_area, first_error_code, refused, with};
use crate::hub_test;

const OFFICER: &str = "so-gddt";
const TRADE_OFFICER: &str = "so-congthuong";
const COLLEGE: &str = "cd-cong-nghiep-hp";
const CENTRE: &str = "tt-gdnn-gdtx-an-lao";
const LOWER_SCHOOL: &str = "thcs-chu-van-an";
const OTHER_LOWER_SCHOOL: &str = "thcs-to-hieu";
const UPPER_SCHOOL: &str = "thpt-ngo-quyen";
const ENTERPRISE: &str = "dn-logistics-bach-dang";
const UNVERIFIED: &str = "dn-chua-xac-minh";

const PROGRAMMES: &str = "query($filter: VocationalProgrammeFilter, $first: Int, $after: String) { vocationalProgrammes(filter: $filter, first: $first, after: $after) { edges { node { id name level tradeCode entryPoints combinesGeneralEducation tuitionVnd institution { name } area { name } occupations { code nameVi } supportPolicies { title legalSource } admissions { year version enrolled graduates employedWithin12Months employmentRate } } } pageInfo { hasNextPage endCursor } } }";
const OCCUPATIONS: &str = "query($filter: OccupationFilter, $first: Int) { occupations(filter: $filter, first: $first) { edges { node { code tier nameVi nameEn trainingLevels vsicSections skills } } pageInfo { hasNextPage } } }";
const OCCUPATION: &str = "query($code: String!) { occupation(code: $code) { code nameVi description programmes { name institution { name } } bulletins(last: 8) { year number vacancies demonstration publisher sourceDocument } } }";
const EVENTS: &str = "query($filter: CareerEventFilter) { careerEvents(filter: $filter, first: 50) { edges { node { id title kind startsAt capacity registeredStudents seatsLeft grades status host { name } area { name } registrations { school { name } students } } } } }";
const PUBLISH_EVENT: &str = "mutation($input: PublishCareerEventInput!) { publishCareerEvent(input: $input) { id title capacity seatsLeft grades host { name } } }";
const REGISTER: &str = "mutation($eventId: ID!, $students: Int!) { registerForCareerEvent(eventId: $eventId, students: $students) { id students status school { name } event { registeredStudents seatsLeft } } }";
const CANCEL_REGISTRATION: &str =
    "mutation($id: ID!) { cancelCareerEventRegistration(id: $id) { id status cancelledAt } }";
const CANCEL_EVENT: &str = "mutation($id: ID!) { cancelCareerEvent(id: $id) { id status } }";
const CREATE_OCCUPATION: &str = "mutation($input: CreateOccupationInput!) { createOccupation(input: $input) { code tier nameVi trainingLevels vsicSections skills } }";
const CREATE_PROGRAMME: &str = "mutation($input: CreateVocationalProgrammeInput!) { createVocationalProgramme(input: $input) { id name level tradeCode status institution { name } occupations { code } } }";
const REPORT_ADMISSIONS: &str = "mutation($programmeId: ID!, $input: ProgrammeAdmissionsInput!) { reportProgrammeAdmissions(programmeId: $programmeId, input: $input) { year version graduates employedWithin12Months employmentRate correctionReason } }";
const PUBLISH_BULLETIN: &str = "mutation($input: PublishLabourMarketBulletinInput!) { publishLabourMarketBulletin(input: $input) { id period year number occupationCode vacancies demonstration area { name } } }";
const IMPORT: &str = "mutation($csv: String!) { importLabourMarketBulletins(csv: $csv) { imported errors { row field message } } }";

fn member(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgMember)
}

fn officer(app: &TestApp) -> String {
    app.token(OFFICER, Role::DepartmentOfficer)
}

fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| Uuid::parse_str(id).ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

fn nodes(connection: &Value) -> Vec<Value> {
    connection["edges"].as_array().expect("edges").iter().map(|edge| edge["node"].clone()).collect()
}

/// An event input starting `days` from now, for grade 9 and 12 pupils.
fn event_input(days: i64, capacity: i32) -> Value {
    let starts = Utc::now() + TimeDelta::days(days);
    json!({
        "kind": "OPEN_DAY",
        "title": "Ngày hội mở thử nghiệm",
        "description": "Tham quan xưởng thực hành.",
        "place": "Hội trường A",
        "areaId": demo_area("HP-P-HONGBANG"),
        "startsAt": starts.to_rfc3339(),
        "endsAt": (starts + TimeDelta::hours(3)).to_rfc3339(),
        "capacity": capacity,
        "grades": [9, 12],
    })
}

async fn published_event(app: &TestApp, host: &str, input: Value) -> Uuid {
    let data = app.data(Some(&member(app, host)), PUBLISH_EVENT, json!({ "input": input })).await;
    id_of(&data["publishCareerEvent"])
}

async fn db_event(app: &TestApp, id: Uuid) -> careers::entity::event::Model {
    use sea_orm::EntityTrait;
    careers::entity::event::Entity::find_by_id(id).one(&app.db).await.expect("a read").expect("the event")
}

hub_test!(async fn anonymous_readers_get_the_demo_programmes_occupations_and_events(app) {
    let data = app.data(None, PROGRAMMES, json!({ "first": 100 })).await;
    let programmes = nodes(&data["vocationalProgrammes"]);
    assert!(programmes.len() >= 15, "{data}");
    let automotive = programmes.iter().find(|p| p["tradeCode"] == "6510216").expect("the automotive programme");
    assert_eq!(automotive["level"], "COLLEGE");
    assert_eq!(automotive["institution"]["name"], "Trường Cao đẳng Kỹ thuật Hải Phòng");
    assert!(automotive["occupations"].as_array().unwrap().iter().any(|o| o["code"] == "7231"));
    // Three years of admissions, newest first, the employment rate computed from the counts.
    let admissions = automotive["admissions"].as_array().unwrap();
    assert_eq!(admissions.len(), 3, "{automotive}");
    assert!(admissions[0]["graduates"].is_null());
    let earlier = &admissions[1];
    let rate = earlier["employedWithin12Months"].as_f64().unwrap() * 100.0 / earlier["graduates"].as_f64().unwrap();
    assert!((earlier["employmentRate"].as_f64().unwrap() - rate).abs() < 1e-9);
    assert_eq!(earlier["version"], 2, "the demo corrects one year: {automotive}");

    // Programmes by entry point and occupation: after grade 9, welding.
    let filter = json!({ "filter": { "entry": "AFTER_GRADE_9", "occupationCode": "7212" }, "first": 100 });
    let welding = nodes(&app.data(None, PROGRAMMES, filter).await["vocationalProgrammes"]);
    assert_eq!(welding.len(), 1, "{welding:?}");
    assert_eq!(welding[0]["combinesGeneralEducation"], true);
    assert!(welding[0]["supportPolicies"].as_array().unwrap().iter().any(|p| p["legalSource"].as_str().unwrap().contains("81/2021/NĐ-CP")));
    // By area: the city holds them all, An Lão only the centre's.
    let filter = json!({ "filter": { "areaId": demo_area("HP-X-ANLAO"), "level": "ELEMENTARY" }, "first": 100 });
    let an_lao = nodes(&app.data(None, PROGRAMMES, filter).await["vocationalProgrammes"]);
    assert_eq!(an_lao.len(), 3);
    assert!(an_lao.iter().all(|p| p["institution"]["name"] == "Trung tâm GDNN-GDTX An Lão" && p["tradeCode"].is_null()));

    let data = app.data(None, OCCUPATIONS, json!({ "first": 100 })).await;
    let occupations = nodes(&data["occupations"]);
    assert!(occupations.len() >= 30);
    assert!(occupations.iter().all(|o| o["tier"] == 4));
    let data = app.data(None, OCCUPATIONS, json!({ "filter": { "text": "tho han" } })).await;
    assert_eq!(nodes(&data["occupations"])[0]["code"], "7212");

    let data = app.data(None, OCCUPATION, json!({ "code": "7212" })).await;
    let welder = &data["occupation"];
    assert_eq!(welder["nameVi"], "Thợ hàn");
    assert!(!welder["programmes"].as_array().unwrap().is_empty());
    let bulletins = welder["bulletins"].as_array().unwrap();
    assert_eq!(bulletins.len(), 8, "eight quarters of demo bulletins: {welder}");
    assert!(bulletins.iter().all(|b| b["demonstration"] == true));

    let data = app.data(None, EVENTS, json!({})).await;
    let events = nodes(&data["careerEvents"]);
    assert!(events.len() >= 5, "{data}");
    assert!(events.iter().all(|e| e["status"] == "PUBLISHED"));
    let starts: Vec<&str> = events.iter().map(|e| e["startsAt"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "soonest first: {starts:?}");
    // Anonymous readers see the seats, never which schools registered.
    let career_day = events.iter().find(|e| e["kind"] == "CAREER_DAY").expect("the career day");
    assert_eq!(career_day["registeredStudents"], 290);
    assert_eq!(career_day["registrations"], json!([]));
});

hub_test!(async fn a_school_registers_and_cancels_and_the_seats_follow(app) {
    let event = published_event(&app, COLLEGE, event_input(20, 100)).await;
    let school = member(&app, LOWER_SCHOOL);
    let data = app.data(Some(&school), REGISTER, json!({ "eventId": event, "students": 60 })).await;
    let registration = &data["registerForCareerEvent"];
    assert_eq!(registration["status"], "REGISTERED");
    assert_eq!(registration["school"]["name"], "Trường THCS Chu Văn An");
    assert_eq!(registration["event"]["seatsLeft"], 40);

    // More than the seats left: refused, naming what is left, and nothing changes.
    let other = member(&app, OTHER_LOWER_SCHOOL);
    let body = refused(&app, Some(&other), REGISTER, json!({ "eventId": event, "students": 41 }), "CONFLICT", None).await;
    assert_eq!(body["errors"][0]["message"], "only 40 seats are left");
    assert_eq!(db_event(&app, event).await.registered_students, 60);

    let id = id_of(registration);
    refused(&app, Some(&other), CANCEL_REGISTRATION, json!({ "id": id }), "FORBIDDEN", None).await;
    let data = app.data(Some(&school), CANCEL_REGISTRATION, json!({ "id": id })).await;
    assert_eq!(data["cancelCareerEventRegistration"]["status"], "CANCELLED");
    assert_eq!(db_event(&app, event).await.registered_students, 0);
    refused(&app, Some(&school), CANCEL_REGISTRATION, json!({ "id": id }), "CONFLICT", None).await;
    app.data(Some(&other), REGISTER, json!({ "eventId": event, "students": 100 })).await;
    refused(&app, Some(&school), REGISTER, json!({ "eventId": event, "students": 1 }), "CONFLICT", None).await;

    // The host sees every registration; a school its own.
    let query = "query($id: ID!) { careerEvent(id: $id) { registrations { school { name } students status } } }";
    let host = app.data(Some(&member(&app, COLLEGE)), query, json!({ "id": event })).await;
    assert_eq!(host["careerEvent"]["registrations"].as_array().unwrap().len(), 2);
    let own = app.data(Some(&school), query, json!({ "id": event })).await;
    assert_eq!(own["careerEvent"]["registrations"].as_array().unwrap().len(), 1);

    // A school whose grades the event is not for is refused; so is a cancelled event.
    let grade_12 = published_event(&app, COLLEGE, with(event_input(21, 50), json!({ "grades": [12] }))).await;
    refused(&app, Some(&school), REGISTER, json!({ "eventId": grade_12, "students": 5 }), "BAD_USER_INPUT", Some("eventId")).await;
    app.data(Some(&member(&app, COLLEGE)), CANCEL_EVENT, json!({ "id": grade_12 })).await;
    refused(&app, Some(&member(&app, UPPER_SCHOOL)), REGISTER, json!({ "eventId": grade_12, "students": 5 }), "CONFLICT", None).await;
});
