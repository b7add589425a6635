//! Participation counts career events hosted (per organization, with the students registered)
//! and students registered per school, for events held in the period: not those still to
//! come, not cancelled ones, not cancelled registrations.

use chrono::{TimeDelta, Utc};
use uuid::Uuid;

use super::*;
use crate::helpers::{demo_area, demo_org, first_error_code};

const COLLEGE: &str = "cd-cong-nghiep-hp";
const ENTERPRISE: &str = "dn-logistics-bach-dang";
const LOWER_SCHOOL: &str = "thcs-chu-van-an";
const UPPER_SCHOOL: &str = "thpt-ngo-quyen";
const PUBLISH: &str =
    "mutation($input: PublishCareerEventInput!) { publishCareerEvent(input: $input) { id } }";
const REGISTER: &str = "mutation($eventId: ID!, $students: Int!) { registerForCareerEvent(eventId: $eventId, students: $students) { id } }";
const CANCEL_REGISTRATION: &str = "mutation($id: ID!) { cancelCareerEventRegistration(id: $id) { id } }";
const CANCEL_EVENT: &str = "mutation($id: ID!) { cancelCareerEvent(id: $id) { id } }";
const SCHOOLS: &str = "query($period: ParticipationPeriod) { schoolCareerEventRegistrations(period: $period) { organization { id name } area { name } events studentsRegistered } }";

fn id_in(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| Uuid::parse_str(id).ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

async fn publish(app: &TestApp, host: &str, kind: &str) -> Uuid {
    let starts = Utc::now() + TimeDelta::days(5);
    let input = json!({
        "kind": kind, "title": "Ngày hội hướng nghiệp thử", "description": "Giới thiệu nghề.", "place": "Hội trường",
        "areaId": demo_area("HP-P-HONGBANG"), "startsAt": starts.to_rfc3339(),
        "endsAt": (starts + TimeDelta::hours(3)).to_rfc3339(), "capacity": 500, "grades": [9, 12],
    });
    let data = app.data(Some(&app.token(host, Role::OrgMember)), PUBLISH, json!({ "input": input })).await;
    id_in(&data["publishCareerEvent"])
}

async fn register(app: &TestApp, school: &str, event: Uuid, students: i32) -> Uuid {
    let token = app.token(school, Role::OrgMember);
    let data = app.data(Some(&token), REGISTER, json!({ "eventId": event, "students": students })).await;
    id_in(&data["registerForCareerEvent"])
}

/// Moves an event back to yesterday: events are published for the future only.
async fn held_yesterday(app: &TestApp, id: Uuid) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let row = careers::entity::event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let mut row: careers::entity::event::ActiveModel = row.into();
    row.starts_at = Set(Utc::now() - TimeDelta::days(1));
    row.ends_at = Set(Utc::now() - TimeDelta::days(1) + TimeDelta::hours(3));
    row.update(&app.db).await.expect("moving the event back");
}

/// The last three days, so yesterday's event is in it whatever the date.
fn recent() -> Value {
    let today = hub_common::time::today();
    json!({ "from": (today - TimeDelta::days(2)).to_string(), "to": today.to_string() })
}

async fn college_row(app: &TestApp, token: &str, key: &str) -> Value {
    let query = format!(
        "query($period: ParticipationPeriod) {{ enterpriseParticipation(first: 100, filter: {{ period: $period, kinds: [ENTERPRISE, COLLEGE] }}) \
         {{ edges {{ node {{ organization {{ id }} figures {{ {FIGURES} }} }} }} }} }}"
    );
    let data = app.data(Some(token), &query, json!({ "period": recent() })).await;
    let id = demo_org(key).to_string();
    data["enterpriseParticipation"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .find(|n| n["organization"]["id"] == id)
        .unwrap_or_else(|| panic!("no row for {key}: {data}"))
}

hub_test!(async fn career_events_hosted_and_students_registered_per_school_are_counted(app) {
    let token = officer(&app);
    let held = publish(&app, COLLEGE, "OPEN_DAY").await;
    register(&app, LOWER_SCHOOL, held, 30).await;
    register(&app, UPPER_SCHOOL, held, 45).await;
    let withdrawn = register(&app, LOWER_SCHOOL, held, 20).await;
    let school = app.token(LOWER_SCHOOL, Role::OrgMember);
    app.data(Some(&school), CANCEL_REGISTRATION, json!({ "id": withdrawn })).await;
    held_yesterday(&app, held).await;
    // Not counted: an event still to come, and one called off.
    let upcoming = publish(&app, COLLEGE, "CAREER_DAY").await;
    register(&app, LOWER_SCHOOL, upcoming, 50).await;
    let called_off = publish(&app, ENTERPRISE, "COMPANY_VISIT").await;
    register(&app, UPPER_SCHOOL, called_off, 15).await;
    app.data(Some(&app.token(ENTERPRISE, Role::OrgMember)), CANCEL_EVENT, json!({ "id": called_off })).await;
    held_yesterday(&app, called_off).await;

    let college = college_row(&app, &token, COLLEGE).await;
    assert_eq!(college["figures"]["careerEventsHosted"], 1, "{college}");
    assert_eq!(college["figures"]["careerEventStudents"], 75, "{college}");
    assert!(college["figures"]["activities"].as_i64().unwrap() >= 1, "hosting counts as an activity: {college}");
    let enterprise = college_row(&app, &token, ENTERPRISE).await;
    assert_eq!(enterprise["figures"]["careerEventsHosted"], 0, "{enterprise}");

    // The city's total carries them too.
    let query = format!(
        "query($period: ParticipationPeriod) {{ participationSummary(period: $period, groupBy: AREA) {{ total {{ figures {{ {FIGURES} }} }} }} }}"
    );
    let data = app.data(Some(&token), &query, json!({ "period": recent() })).await;
    assert_eq!(data["participationSummary"]["total"]["figures"]["careerEventsHosted"], 1, "{data}");
    assert_eq!(data["participationSummary"]["total"]["figures"]["careerEventStudents"], 75, "{data}");

    // Per school, most students first; a school sees its own row only.
    let data = app.data(Some(&token), SCHOOLS, json!({ "period": recent() })).await;
    let rows: Vec<(String, i64, i64)> = data["schoolCareerEventRegistrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["organization"]["name"].as_str().unwrap().to_owned(), r["events"].as_i64().unwrap(), r["studentsRegistered"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows, [("Trường THPT Ngô Quyền".to_owned(), 1, 45), ("Trường THCS Chu Văn An".to_owned(), 1, 30)]);
    let own = app.data(Some(&school), SCHOOLS, json!({ "period": recent() })).await;
    let own = own["schoolCareerEventRegistrations"].as_array().unwrap().clone();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["organization"]["id"], demo_org(LOWER_SCHOOL).to_string());
    let (_, body) = app.graphql(None, SCHOOLS, json!({ "period": recent() })).await;
    assert_eq!(first_error_code(&body), "UNAUTHENTICATED");

    // The officers' CSV has a report per school.
    let today = hub_common::time::today();
    let url = format!(
        "{}/reports/participation.csv?from={}&to={}&groupBy=SCHOOL",
        app.base_url,
        today - TimeDelta::days(2),
        today
    );
    let response = app.client.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "\"Trường\",\"Khu vực\",\"Kỳ báo cáo\",\"Sự kiện hướng nghiệp đã đăng ký\",\"Học sinh đăng ký\"");
    assert!(lines[1].starts_with("\"Trường THPT Ngô Quyền\",") && lines[1].ends_with(",1,45"), "{text}");
    assert!(lines[2].starts_with("\"Trường THCS Chu Văn An\",") && lines[2].ends_with(",1,30"), "{text}");
    assert!(lines[3].starts_with("\"Tổng cộng\",") && lines[3].ends_with(",,75"), "{text}");
});
