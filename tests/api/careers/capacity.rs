//! Registered students never exceed an event's capacity: 50 schools' requests at once for an
//! event with room for 10 groups fill exactly those 10.

use super::*;

hub_test!(async fn fifty_concurrent_registrations_never_exceed_the_capacity(app) {
    let event = published_event(&app, COLLEGE, event_input(15, 100)).await;
    let schools = [LOWER_SCHOOL, OTHER_LOWER_SCHOOL, UPPER_SCHOOL, "thpt-tran-phu", "thcs-hong-bang"];
    let tokens: Vec<String> = schools.iter().map(|school| member(&app, school)).collect();
    let calls = (0..50).map(|n| {
        let (app, token) = (&app, &tokens[n % tokens.len()]);
        async move { app.graphql(Some(token), REGISTER, json!({ "eventId": event, "students": 10 })).await.1 }
    });
    let bodies = futures_util::future::join_all(calls).await;
    let registered =
        bodies.iter().filter(|body| body["data"]["registerForCareerEvent"]["status"] == "REGISTERED").count();
    let refusals: Vec<&Value> = bodies.iter().filter(|body| body.get("errors").is_some()).collect();
    assert_eq!(registered, 10);
    assert_eq!(refusals.len(), 40);
    for body in refusals {
        assert_eq!(first_error_code(body), "CONFLICT", "{body}");
    }
    assert_eq!(db_event(&app, event).await.registered_students, 100);

    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let rows = careers::entity::registration::Entity::find()
        .filter(careers::entity::registration::Column::EventId.eq(event))
        .all(&app.db)
        .await
        .expect("a read");
    assert_eq!(rows.len(), 10);
    assert_eq!(rows.iter().map(|r| r.students).sum::<i32>(), 100);
});
