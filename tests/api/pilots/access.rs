//! Who may do what: for every mutation, anonymous callers are UNAUTHENTICATED, and a wrong
//! organization or role is FORBIDDEN with nothing changed in the database.

use super::*;

hub_test!(async fn only_officers_set_targets(app) {
    let before = target_count(&app).await;
    let input = json!({ "input": { "indicator": TO_COLLEGE, "value": 50.0, "fromYear": 2026, "sourceDocument": "Văn bản", "issuedOn": "2026-01-15" } });
    refused(&app, None, SET_TARGET, input.clone(), "UNAUTHENTICATED", None).await;
    for token in [admin(&app, UPPER_SCHOOL), admin(&app, ENTERPRISE)] {
        refused(&app, Some(&token), SET_TARGET, input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(target_count(&app).await, before);
});

hub_test!(async fn an_organization_reports_only_for_itself_and_only_officers_for_areas(app) {
    let before = measurement_count(&app).await;
    let own = json!({ "input": school_share(UPPER_SCHOOL, TO_COLLEGE, 1, 2) });
    refused(&app, None, REPORT_MEASUREMENT, own.clone(), "UNAUTHENTICATED", None).await;
    for token in [admin(&app, OTHER_UPPER_SCHOOL), member(&app, ENTERPRISE), admin(&app, COLLEGE)] {
        refused(&app, Some(&token), REPORT_MEASUREMENT, own.clone(), "FORBIDDEN", None).await;
    }
    // A missing organization is refused the same way.
    let missing = json!({ "input": with(school_share(UPPER_SCHOOL, TO_COLLEGE, 1, 2), json!({ "organizationId": Uuid::now_v7() })) });
    refused(&app, Some(&admin(&app, UPPER_SCHOOL)), REPORT_MEASUREMENT, missing, "FORBIDDEN", None).await;
    let area = json!({ "input": { "indicator": TO_COLLEGE, "areaId": demo_area("HP-P-NGOQUYEN"), "year": 2026, "numerator": 1, "denominator": 2 } });
    for token in [admin(&app, UPPER_SCHOOL), member(&app, ENTERPRISE)] {
        refused(&app, Some(&token), REPORT_MEASUREMENT, area.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, None, REPORT_MEASUREMENT, area, "UNAUTHENTICATED", None).await;
    assert_eq!(measurement_count(&app).await, before);
});

hub_test!(async fn reports_are_drafted_and_submitted_by_their_organization_and_decided_by_officers(app) {
    let year = this_year();
    let before = report_count(&app).await;
    let input = json!({ "input": draft(year) });
    refused(&app, None, SAVE_DRAFT, input.clone(), "UNAUTHENTICATED", None).await;
    // Businesses and departments send no yearly report to the department.
    for token in [member(&app, ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), SAVE_DRAFT, input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(report_count(&app).await, before);

    let id = id_of(&save_draft(&app, "thpt-hai-an", year).await);
    let variables = json!({ "id": id });
    refused(&app, None, SUBMIT, variables.clone(), "UNAUTHENTICATED", None).await;
    // Submitting is an administrator's decision for the school, and nobody else's.
    for token in [member(&app, "thpt-hai-an"), admin(&app, UPPER_SCHOOL), officer(&app)] {
        refused(&app, Some(&token), SUBMIT, variables.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, Some(&admin(&app, UPPER_SCHOOL)), SUBMIT, json!({ "id": Uuid::now_v7() }), "FORBIDDEN", None).await;
    let row = annual_report::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, pilots::ReportStatus::Draft);

    app.data(Some(&admin(&app, "thpt-hai-an")), SUBMIT, variables.clone()).await;
    let reason = json!({ "id": id, "reason": "Thiếu số liệu" });
    refused(&app, None, ACCEPT, variables.clone(), "UNAUTHENTICATED", None).await;
    refused(&app, None, RETURN, reason.clone(), "UNAUTHENTICATED", None).await;
    for token in [admin(&app, "thpt-hai-an"), admin(&app, UPPER_SCHOOL), admin(&app, ENTERPRISE)] {
        refused(&app, Some(&token), ACCEPT, variables.clone(), "FORBIDDEN", None).await;
        refused(&app, Some(&token), RETURN, reason.clone(), "FORBIDDEN", None).await;
    }
    let row = annual_report::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.status, row.decided_at), (pilots::ReportStatus::Submitted, None));
});

hub_test!(async fn only_officers_create_and_move_pilots_and_only_the_lead_marks_milestones(app) {
    let before = pilot_count(&app).await;
    let input = json!({ "input": pilot_input() });
    refused(&app, None, CREATE_PILOT, input.clone(), "UNAUTHENTICATED", None).await;
    for token in [admin(&app, COLLEGE), admin(&app, UPPER_SCHOOL)] {
        refused(&app, Some(&token), CREATE_PILOT, input.clone(), "FORBIDDEN", None).await;
    }
    assert_eq!(pilot_count(&app).await, before);

    let created = app.data(Some(&officer(&app)), CREATE_PILOT, input).await["createPilotModel"].clone();
    let id = id_of(&created);
    let status = json!({ "id": id, "status": "RUNNING" });
    refused(&app, None, SET_PILOT_STATUS, status.clone(), "UNAUTHENTICATED", None).await;
    refused(&app, Some(&admin(&app, COLLEGE)), SET_PILOT_STATUS, status, "FORBIDDEN", None).await;
    let milestone = json!({ "id": id_of(&created["milestones"][0]), "on": in_days(-1) });
    refused(&app, None, REACH_MILESTONE, milestone.clone(), "UNAUTHENTICATED", None).await;
    // A participant is not the lead; a member of the lead is not its administrator.
    for token in [admin(&app, UPPER_SCHOOL), member(&app, COLLEGE)] {
        refused(&app, Some(&token), REACH_MILESTONE, milestone.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, Some(&admin(&app, UPPER_SCHOOL)), REACH_MILESTONE, json!({ "id": Uuid::now_v7(), "on": in_days(-1) }), "FORBIDDEN", None).await;
    let row = pilot_model::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, pilots::PilotStatus::Planned);
    let milestones = pilots::entity::milestone::Entity::find()
        .filter(pilots::entity::milestone::Column::PilotModelId.eq(id))
        .filter(pilots::entity::milestone::Column::ReachedOn.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(milestones, 0);
});
