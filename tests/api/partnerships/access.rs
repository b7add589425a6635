//! Who may do what: for every mutation, anonymous callers are UNAUTHENTICATED, and a wrong
//! organization or role is FORBIDDEN with nothing changed in the database.

use super::*;

hub_test!(async fn proposing_needs_an_administrator(app) {
    let before = partnership_count(&app).await;
    refused(&app, None, &propose_query(), json!({ "input": proposal(&[SCHOOL]) }), "UNAUTHENTICATED", None).await;
    let token = member(&app, ENTERPRISE);
    refused(&app, Some(&token), &propose_query(), json!({ "input": proposal(&[SCHOOL]) }), "FORBIDDEN", None).await;
    assert_eq!(partnership_count(&app).await, before);
});

hub_test!(async fn only_a_waiting_partys_administrator_accepts(app) {
    let id = propose(&app, ENTERPRISE, proposal(&[SCHOOL, COLLEGE])).await;
    let variables = json!({ "id": id });
    refused(&app, None, &accept_query(), variables.clone(), "UNAUTHENTICATED", None).await;
    for token in [admin(&app, OTHER_SCHOOL), member(&app, SCHOOL), officer(&app)] {
        refused(&app, Some(&token), &accept_query(), variables.clone(), "FORBIDDEN", None).await;
    }
    // A missing id is refused the same way, so refusals say nothing about existence.
    let missing = json!({ "id": Uuid::now_v7() });
    refused(&app, Some(&admin(&app, SCHOOL)), &accept_query(), missing, "FORBIDDEN", None).await;
    let accepted = party::Entity::find()
        .filter(party::Column::PartnershipId.eq(id))
        .filter(party::Column::AcceptedAt.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(accepted, 1, "only the proposer");
    assert_eq!(db_partnership(&app, id).await.status, partnerships::PartnershipStatus::Proposed);
});

hub_test!(async fn only_a_partys_administrator_terminates_or_renews(app) {
    let id = active_partnership(&app, proposal(&[SCHOOL])).await;
    let terminate = json!({ "id": id, "reason": "Không còn nhu cầu" });
    refused(&app, None, &terminate_query(), terminate.clone(), "UNAUTHENTICATED", None).await;
    for token in [admin(&app, OTHER_ENTERPRISE), member(&app, SCHOOL), officer(&app)] {
        refused(&app, Some(&token), &terminate_query(), terminate.clone(), "FORBIDDEN", None).await;
    }
    let row = db_partnership(&app, id).await;
    assert_eq!((row.status, row.termination_reason), (partnerships::PartnershipStatus::Active, None));

    let before = partnership_count(&app).await;
    let renew = json!({ "id": id, "input": { "validFrom": in_days(1), "validTo": in_days(400) } });
    refused(&app, None, &renew_query(), renew.clone(), "UNAUTHENTICATED", None).await;
    for token in [admin(&app, OTHER_SCHOOL), member(&app, ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), &renew_query(), renew.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(partnership_count(&app).await, before);
});

hub_test!(async fn only_parties_record_under_a_partnership_and_only_the_recorder_edits(app) {
    let id = active_partnership(&app, proposal(&[SCHOOL])).await;
    let before = engagement_count(&app).await;
    let input = json!({ "input": engagement_input(Some(id), "GUEST_TALK") });
    refused(&app, None, RECORD, input.clone(), "UNAUTHENTICATED", None).await;
    refused(&app, Some(&member(&app, OTHER_ENTERPRISE)), RECORD, input, "FORBIDDEN", None).await;
    assert_eq!(engagement_count(&app).await, before);

    let engagement = record(&app, ENTERPRISE, engagement_input(Some(id), "GUEST_TALK")).await;
    let update = json!({ "id": engagement, "input": { "notes": "Đổi bởi người khác" } });
    refused(&app, None, UPDATE_ENGAGEMENT, update.clone(), "UNAUTHENTICATED", None).await;
    // The school took part but did not record it, so it may not change it.
    for token in [member(&app, SCHOOL), member(&app, OTHER_ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), UPDATE_ENGAGEMENT, update.clone(), "FORBIDDEN", None).await;
        refused(&app, Some(&token), DELETE_ENGAGEMENT, json!({ "id": engagement }), "FORBIDDEN", None).await;
    }
    refused(&app, None, DELETE_ENGAGEMENT, json!({ "id": engagement }), "UNAUTHENTICATED", None).await;
    let row = engagement::Entity::find_by_id(engagement).one(&app.db).await.unwrap().expect("still there");
    assert_eq!(row.notes.as_deref(), Some("Học sinh hỏi đáp với kỹ sư điều độ."));
    assert!(app.error_code(None, ENGAGEMENTS, json!({})).await == "UNAUTHENTICATED");
});
