//! Who may be nominated to what: the offer's levels and its application deadline.

use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::*;

const LOWER_SECONDARY_SCHOOL: &str = "thcs-chu-van-an";

fn nomination_of(offer: Uuid, student_ref: &str, grade: i64) -> Value {
    json!({ "input": { "offerId": offer, "studentRef": student_ref, "grade": grade } })
}

async fn nominations_of(app: &TestApp, offer: Uuid) -> u64 {
    nomination::Entity::find()
        .filter(nomination::Column::OfferId.eq(offer))
        .count(&app.db)
        .await
        .expect("count")
}

/// Moves a published offer's deadline to yesterday, as time passing would.
async fn deadline_passes(app: &TestApp, offer: Uuid) {
    let row = offer::ActiveModel {
        id: Set(offer),
        application_deadline: Set(today() - TimeDelta::days(1)),
        ..Default::default()
    };
    row.update(&app.db).await.expect("the deadline moves");
}

hub_test!(async fn only_students_of_the_offers_levels_are_nominated(app) {
    let college_only = published_offer(&app, with(offer_input(), json!({ "eligibleLevels": ["COLLEGE_STUDENT"] }))).await;
    let pupil = member(&app, LOWER_SECONDARY_SCHOOL);
    let body = refused(&app, Some(&pupil), NOMINATE, nomination_of(college_only, "CVA-7A-03", 7), "BAD_USER_INPUT", Some("grade")).await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("college students"), "the refusal says who the offer is for: {body}");
    assert_eq!(nominations_of(&app, college_only).await, 0, "nothing is stored");

    // Open to upper-secondary graduates and college students: grade 12 is, grade 11 is not.
    let graduates = published_offer(&app, offer_input()).await;
    let school = member(&app, SCHOOL);
    refused(&app, Some(&school), NOMINATE, nomination_of(graduates, "TP-2026-0601", 11), "BAD_USER_INPUT", Some("grade")).await;
    let data = app.data(Some(&school), NOMINATE, nomination_of(graduates, "TP-2026-0602", 12)).await;
    assert_eq!(data["nominateStudent"]["grade"], 12);
    assert_eq!(nominations_of(&app, graduates).await, 1);
});

hub_test!(async fn offers_past_their_deadline_take_no_nominations_and_filter_as_closed(app) {
    let open = published_offer(&app, with(offer_input(), json!({ "title": "Còn hạn nộp hồ sơ" }))).await;
    let late = published_offer(&app, with(offer_input(), json!({ "title": "Đã hết hạn nộp hồ sơ" }))).await;
    deadline_passes(&app, late).await;
    let school = member(&app, SCHOOL);
    let (_, body) = app.graphql(Some(&school), NOMINATE, nomination_of(late, "TP-2026-0701", 12)).await;
    assert_eq!(first_error_code(&body), "CONFLICT", "{body}");
    assert!(body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("deadline")), "{body}");
    assert_eq!(nominations_of(&app, late).await, 0);

    let ids = |data: Value| -> Vec<String> {
        data["internshipOffers"]["edges"].as_array().expect("edges").iter().map(|edge| edge["node"]["id"].as_str().expect("an id").to_owned()).collect()
    };
    let open_now = ids(app.data(Some(&school), OFFERS, json!({ "filter": { "openForNominations": true } })).await);
    assert!(open_now.contains(&open.to_string()), "{open_now:?}");
    assert!(!open_now.contains(&late.to_string()), "{open_now:?}");
    let not_open = ids(app.data(Some(&school), OFFERS, json!({ "filter": { "openForNominations": false } })).await);
    assert!(not_open.contains(&late.to_string()) && !not_open.contains(&open.to_string()), "{not_open:?}");
    // The enterprise's own draft is not open either.
    let draft = create_offer(&app, ENTERPRISE, offer_input()).await;
    let owner = member(&app, ENTERPRISE);
    let owners_open = ids(app.data(Some(&owner), OFFERS, json!({ "filter": { "openForNominations": true } })).await);
    assert!(!owners_open.contains(&draft.to_string()) && owners_open.contains(&open.to_string()), "{owners_open:?}");
});
