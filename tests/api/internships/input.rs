//! Bad input is BAD_USER_INPUT naming the field; impossible states are CONFLICT.

use super::*;

hub_test!(async fn offer_input_is_checked_field_by_field(app) {
    let token = member(&app, ENTERPRISE);
    let cases = [
        (json!({ "endDate": in_days(20) }), "endDate"),
        (json!({ "endDate": in_days(30) }), "endDate"),
        (json!({ "applicationDeadline": in_days(31) }), "applicationDeadline"),
        (json!({ "applicationDeadline": in_days(-1) }), "applicationDeadline"),
        (json!({ "seats": 0 }), "seats"),
        (json!({ "title": "" }), "title"),
        (json!({ "title": "   " }), "title"),
        (json!({ "title": "Đ".repeat(201) }), "title"),
        (json!({ "description": "" }), "description"),
        (json!({ "eligibleLevels": [] }), "eligibleLevels"),
        (json!({ "sector": "52" }), "sector"),
        (json!({ "stipendVnd": -1 }), "stipendVnd"),
        (json!({ "areaId": demo_area("HP-NQ") }), "areaId"),
        (json!({ "areaId": "not-a-uuid" }), "input.areaId"),
    ];
    for (change, field) in cases {
        let input = with(offer_input(), change.clone());
        let (_, body) = app.graphql(Some(&token), CREATE, json!({ "input": input })).await;
        assert_eq!(first_error_code(&body), "BAD_USER_INPUT", "{change}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{change}: {body}");
    }
    // Values the schema itself refuses: an unknown level, a fractional stipend.
    for (change, field) in [
        (json!({ "eligibleLevels": ["PHD_STUDENT"] }), "input.eligibleLevels.0"),
        (json!({ "stipendVnd": 1.5 }), "input.stipendVnd"),
    ] {
        let input = with(offer_input(), change);
        refused(&app, Some(&token), CREATE, json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    refused(&app, Some(&token), PUBLISH, json!({ "id": "not-a-uuid" }), "BAD_USER_INPUT", Some("id")).await;
    refused(&app, None, OFFER, json!({ "id": "42" }), "BAD_USER_INPUT", Some("id")).await;
    assert_eq!(offer::Entity::find().filter(offer::Column::EnterpriseId.eq(demo_org(ENTERPRISE))).count(&app.db).await.expect("count"), 1, "only the demo offer");

    // 200 Vietnamese characters fit, and dates may be edited as long as they stay consistent.
    let offer = create_offer(&app, ENTERPRISE, with(offer_input(), json!({ "title": "Đ".repeat(200) }))).await;
    let variables = json!({ "id": offer, "input": { "startDate": in_days(5) } });
    refused(&app, Some(&token), UPDATE, variables, "BAD_USER_INPUT", Some("applicationDeadline")).await;
    app.data(Some(&token), UPDATE, json!({ "id": offer, "input": { "startDate": in_days(12) } })).await;
    assert_eq!(db_offer(&app, offer).await.start_date, today() + TimeDelta::days(12));
});

hub_test!(async fn nomination_input_and_offer_state_are_checked(app) {
    let offer = published_offer(&app, offer_input()).await;
    let school = member(&app, SCHOOL);
    let nominate_with = |student_ref: &str, grade: i64| {
        json!({ "input": { "offerId": offer, "studentRef": student_ref, "grade": grade } })
    };
    for (student_ref, grade, field) in [
        ("0912345678", 11, "studentRef"),
        ("031204001234", 11, "studentRef"),
        ("TP 2026", 11, "studentRef"),
        ("", 11, "studentRef"),
        ("Nguyễn-Văn-A", 11, "studentRef"),
        ("TP-2026-0500", 9, "grade"),
        ("TP-2026-0500", 13, "grade"),
    ] {
        refused(&app, Some(&school), NOMINATE, nominate_with(student_ref, grade), "BAD_USER_INPUT", Some(field)).await;
    }
    let input = json!({ "input": { "offerId": "nope", "studentRef": "TP-1", "grade": 11 } });
    refused(&app, Some(&school), NOMINATE, input, "BAD_USER_INPUT", Some("input.offerId")).await;
    // An offer that does not exist and a draft look the same.
    let draft = create_offer(&app, ENTERPRISE, offer_input()).await;
    for id in [Uuid::now_v7(), draft] {
        let input = json!({ "input": { "offerId": id, "studentRef": "TP-1", "grade": 11 } });
        refused(&app, Some(&school), NOMINATE, input, "NOT_FOUND", None).await;
    }

    let nomination = nominate(&app, SCHOOL, offer, "TP-2026-0500").await;
    refused(&app, Some(&school), NOMINATE, nominate_with("TP-2026-0500", 12), "CONFLICT", None).await;
    // Another school may use the same code for its own student.
    nominate(&app, OTHER_SCHOOL, offer, "TP-2026-0500").await;

    let owner = member(&app, ENTERPRISE);
    app.data(Some(&owner), DECIDE, json!({ "id": nomination, "decision": "ACCEPT" })).await;
    for hours in [0, 2001] {
        let variables = json!({ "id": nomination, "hours": hours });
        refused(&app, Some(&owner), COMPLETE, variables, "BAD_USER_INPUT", Some("hours")).await;
    }
    app.data(Some(&owner), CLOSE, json!({ "id": offer })).await;
    let (_, body) = app.graphql(Some(&school), NOMINATE, nominate_with("TP-2026-0501", 12)).await;
    assert_eq!(first_error_code(&body), "CONFLICT", "{body}");
    assert!(body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("closed")), "{body}");
    assert_eq!(nomination::Entity::find().filter(nomination::Column::OfferId.eq(offer)).count(&app.db).await.expect("count"), 2);
    // A closed offer still completes the placements it accepted.
    let data = app.data(Some(&owner), COMPLETE, json!({ "id": nomination, "hours": 80 })).await;
    assert_eq!(data["completeNomination"]["status"], "COMPLETED");
});
