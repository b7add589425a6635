//! After a career event its host records the engagement from it with one call: the schools
//! registered become the organizations involved, their students the reach by grade, the
//! event's day, kind and title the engagement's; once per event, and only once it has ended.

use super::*;

const RECORD_FROM_EVENT: &str = "mutation($eventId: ID!) { recordEngagementFromCareerEvent(eventId: $eventId) { id kind heldOn twoWay notes careerEventId recordedBy { name } organizations { name } awaitingConfirmation { name } reach { grade students } partnership { id } } }";
const ENGAGEMENTS: &str = "{ engagements(first: 50) { edges { node { id careerEventId organizations { name } reach { grade students } } } } }";

/// Moves an event back so that it ended an hour ago (events are published for the future only).
async fn hold(app: &TestApp, id: Uuid) -> chrono::DateTime<Utc> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let starts = Utc::now() - TimeDelta::hours(4);
    let mut row: careers::entity::event::ActiveModel = db_event(app, id).await.into();
    row.starts_at = Set(starts);
    row.ends_at = Set(Utc::now() - TimeDelta::hours(1));
    row.update(&app.db).await.expect("moving the event back");
    starts
}

async fn register(app: &TestApp, school: &str, event: Uuid, students: i32) -> Uuid {
    let data = app
        .data(Some(&member(app, school)), REGISTER, json!({ "eventId": event, "students": students }))
        .await;
    id_of(&data["registerForCareerEvent"])
}

hub_test!(async fn the_host_records_the_engagement_of_an_ended_event_with_the_attendance_prefilled(app) {
    let host = member(&app, COLLEGE);
    let event = published_event(&app, COLLEGE, event_input(10, 200)).await;
    register(&app, LOWER_SCHOOL, event, 30).await;
    register(&app, UPPER_SCHOOL, event, 40).await;
    register(&app, LOWER_SCHOOL, event, 5).await;
    let cancelled = register(&app, OTHER_LOWER_SCHOOL, event, 10).await;
    app.data(Some(&member(&app, OTHER_LOWER_SCHOOL)), CANCEL_REGISTRATION, json!({ "id": cancelled })).await;

    // Not before it has taken place.
    let variables = json!({ "eventId": event });
    refused(&app, Some(&host), RECORD_FROM_EVENT, variables.clone(), "CONFLICT", None).await;
    let starts = hold(&app, event).await;

    // Only the host: a registered school, another enterprise or an officer may not.
    for token in [member(&app, LOWER_SCHOOL), member(&app, ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), RECORD_FROM_EVENT, variables.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, None, RECORD_FROM_EVENT, variables.clone(), "UNAUTHENTICATED", None).await;

    let data = app.data(Some(&host), RECORD_FROM_EVENT, variables.clone()).await;
    let engagement = &data["recordEngagementFromCareerEvent"];
    // An open day is a career-guidance day held at the college; its title goes in the notes.
    assert_eq!(engagement["kind"], "CAREER_DAY");
    assert_eq!(engagement["heldOn"], hub_common::time::local_date(starts).to_string());
    assert_eq!(engagement["careerEventId"], event.to_string());
    assert_eq!(engagement["recordedBy"]["name"], "Trường Cao đẳng Kỹ thuật Hải Phòng");
    assert_eq!(engagement["partnership"], Value::Null);
    assert!(engagement["notes"].as_str().unwrap().contains("Ngày hội mở thử nghiệm"), "{engagement}");
    let mut organizations: Vec<&str> =
        engagement["organizations"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    organizations.sort_unstable();
    assert_eq!(organizations, ["Trường Cao đẳng Kỹ thuật Hải Phòng", "Trường THCS Chu Văn An", "Trường THPT Ngô Quyền"]);
    // Each school's pupils under the event's grade it teaches; the cancelled group is left out.
    assert_eq!(engagement["reach"], json!([{ "grade": 9, "students": 35 }, { "grade": 12, "students": 40 }]));

    // The schools confirm their attendance before it counts for them, as with any engagement
    // someone else records; the host's own involvement is confirmed by recording it.
    let mut awaiting: Vec<&str> =
        engagement["awaitingConfirmation"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    awaiting.sort_unstable();
    assert_eq!(awaiting, ["Trường THCS Chu Văn An", "Trường THPT Ngô Quyền"]);
    let confirm = "mutation($id: ID!) { confirmEngagement(id: $id) { awaitingConfirmation { name } } }";
    let data = app.data(Some(&member(&app, LOWER_SCHOOL)), confirm, json!({ "id": engagement["id"] })).await;
    assert_eq!(data["confirmEngagement"]["awaitingConfirmation"], json!([{ "name": "Trường THPT Ngô Quyền" }]));

    // Once per event.
    refused(&app, Some(&host), RECORD_FROM_EVENT, variables.clone(), "CONFLICT", None).await;

    // A registered school sees it among its engagements; the school whose registration was
    // cancelled does not.
    let seen = app.data(Some(&member(&app, LOWER_SCHOOL)), ENGAGEMENTS, json!({})).await;
    let seen = nodes(&seen["engagements"]);
    assert!(seen.iter().any(|e| e["careerEventId"] == event.to_string()), "{seen:?}");
    let other = app.data(Some(&member(&app, OTHER_LOWER_SCHOOL)), ENGAGEMENTS, json!({})).await;
    assert!(!nodes(&other["engagements"]).iter().any(|e| e["careerEventId"] == event.to_string()));

    // The host corrects the prefilled record like any other.
    let update = "mutation($id: ID!) { updateEngagement(id: $id, input: { twoWay: true }) { twoWay careerEventId } }";
    let data = app.data(Some(&host), update, json!({ "id": engagement["id"] })).await;
    assert_eq!(data["updateEngagement"], json!({ "twoWay": true, "careerEventId": event.to_string() }));
});

hub_test!(async fn cancelled_empty_or_unknown_events_record_nothing(app) {
    let host = member(&app, COLLEGE);
    let called_off = published_event(&app, COLLEGE, event_input(10, 200)).await;
    register(&app, LOWER_SCHOOL, called_off, 30).await;
    app.data(Some(&host), CANCEL_EVENT, json!({ "id": called_off })).await;
    hold(&app, called_off).await;
    refused(&app, Some(&host), RECORD_FROM_EVENT, json!({ "eventId": called_off }), "CONFLICT", None).await;

    let empty = published_event(&app, COLLEGE, event_input(10, 200)).await;
    hold(&app, empty).await;
    refused(&app, Some(&host), RECORD_FROM_EVENT, json!({ "eventId": empty }), "CONFLICT", None).await;

    refused(&app, Some(&host), RECORD_FROM_EVENT, json!({ "eventId": Uuid::now_v7() }), "NOT_FOUND", None).await;

    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let from_events = partnerships::entity::engagement::Entity::find()
        .filter(partnerships::entity::engagement::Column::CareerEventId.is_not_null())
        .count(&app.db)
        .await
        .expect("a count");
    assert_eq!(from_events, 0);
});

hub_test!(async fn concurrent_calls_for_one_event_record_one_engagement(app) {
    let host = member(&app, COLLEGE);
    let event = published_event(&app, COLLEGE, event_input(10, 200)).await;
    register(&app, UPPER_SCHOOL, event, 25).await;
    hold(&app, event).await;
    let calls = (0..6).map(|_| {
        let (app, token) = (&app, &host);
        async move { app.graphql(Some(token), RECORD_FROM_EVENT, json!({ "eventId": event })).await.1 }
    });
    let bodies = futures_util::future::join_all(calls).await;
    let recorded = bodies.iter().filter(|body| body["data"]["recordEngagementFromCareerEvent"]["id"].is_string()).count();
    assert_eq!(recorded, 1, "{bodies:?}");
    for body in bodies.iter().filter(|body| body.get("errors").is_some()) {
        assert_eq!(first_error_code(body), "CONFLICT", "{body}");
    }
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let rows = partnerships::entity::engagement::Entity::find()
        .filter(partnerships::entity::engagement::Column::CareerEventId.eq(event))
        .count(&app.db)
        .await
        .expect("a count");
    assert_eq!(rows, 1);
});
