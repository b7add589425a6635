//! Bad input for every mutation: refused with BAD_USER_INPUT naming the field, nothing written.

use super::*;

hub_test!(async fn bad_targets_are_refused(app) {
    let before = target_count(&app).await;
    let token = officer(&app);
    let good = json!({ "indicator": TO_COLLEGE, "value": 50.0, "fromYear": 2026, "toYear": 2030, "sourceDocument": "Văn bản", "issuedOn": "2026-01-15" });
    let cases = [
        (with(good.clone(), json!({ "indicator": "NO_SUCH_INDICATOR" })), "input.indicator"),
        (with(good.clone(), json!({ "value": 101.0 })), "input.value"),
        (with(good.clone(), json!({ "value": -1.0 })), "input.value"),
        (with(good.clone(), json!({ "toYear": 2025 })), "input.toYear"),
        (with(good.clone(), json!({ "fromYear": 1999 })), "input.fromYear"),
        (with(good.clone(), json!({ "sourceDocument": "  " })), "input.sourceDocument"),
        (with(good.clone(), json!({ "issuedOn": in_days(1) })), "input.issuedOn"),
        (with(good.clone(), json!({ "areaId": Uuid::now_v7() })), "input.areaId"),
        (with(good.clone(), json!({ "areaId": "not-an-id" })), "input.areaId"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), SET_TARGET, json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(target_count(&app).await, before);
});

hub_test!(async fn bad_measurements_are_refused(app) {
    let before = measurement_count(&app).await;
    let token = member(&app, UPPER_SCHOOL);
    let good = school_share(UPPER_SCHOOL, TO_COLLEGE, 100, 400);
    let cases = [
        (with(good.clone(), json!({ "indicator": "NOPE" })), "input.indicator"),
        // An upper-secondary school does not report lower-secondary indicators.
        (with(good.clone(), json!({ "indicator": "LOWER_SECONDARY_TO_VOCATIONAL" })), "input.indicator"),
        (with(good.clone(), json!({ "numerator": 401 })), "input.numerator"),
        (with(good.clone(), json!({ "numerator": -1 })), "input.numerator"),
        (with(good.clone(), json!({ "denominator": 0 })), "input.denominator"),
        (with(good.clone(), json!({ "year": 2017 })), "input.year"),
        (with(good.clone(), json!({ "year": 2099 })), "input.year"),
        (with(good.clone(), json!({ "evidence": "x".repeat(501) })), "input.evidence"),
        // A school has a career programme or not: 1 of 1 or 0 of 1.
        (school_share(UPPER_SCHOOL, "UPPER_SECONDARY_CAREER_PROGRAMME", 3, 5), "input.denominator"),
        (with(good.clone(), json!({ "areaId": demo_area("HP-P-NGOQUYEN") })), "input.organizationId"),
        (with(good.clone(), json!({ "organizationId": null })), "input.organizationId"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), REPORT_MEASUREMENT, json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    // The demo set has 2026 figures for this school already: a new one is a correction and
    // must say why.
    refused(&app, Some(&token), REPORT_MEASUREMENT, json!({ "input": good }), "BAD_USER_INPUT", Some("input.correctionReason")).await;
    let officer = officer(&app);
    let area = json!({ "indicator": TO_COLLEGE, "areaId": Uuid::now_v7(), "year": 2026, "numerator": 1, "denominator": 2 });
    refused(&app, Some(&officer), REPORT_MEASUREMENT, json!({ "input": area }), "BAD_USER_INPUT", Some("input.areaId")).await;
    assert_eq!(measurement_count(&app).await, before);
});

hub_test!(async fn bad_reports_and_decisions_are_refused(app) {
    let before = report_count(&app).await;
    let token = member(&app, "thpt-hai-an");
    let cases = [
        (with(draft(this_year()), json!({ "summary": "   " })), "input.summary"),
        (with(draft(this_year()), json!({ "year": 2017 })), "input.year"),
        (with(draft(this_year()), json!({ "year": this_year() + 1 })), "input.year"),
        (with(draft(this_year()), json!({ "documentUrl": "ftp://so.example/bao-cao.pdf" })), "input.documentUrl"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), SAVE_DRAFT, json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(report_count(&app).await, before);
    let id = id_of(&save_draft(&app, "thpt-hai-an", this_year()).await);
    app.data(Some(&admin(&app, "thpt-hai-an")), SUBMIT, json!({ "id": id })).await;
    let long = "x".repeat(1001);
    for reason in ["  ", long.as_str()] {
        refused(&app, Some(&officer(&app)), RETURN, json!({ "id": id, "reason": reason }), "BAD_USER_INPUT", Some("reason")).await;
    }
    refused(&app, Some(&officer(&app)), ACCEPT, json!({ "id": "42" }), "BAD_USER_INPUT", Some("id")).await;
    refused(&app, Some(&officer(&app)), OUTSTANDING, json!({ "year": 1990 }), "BAD_USER_INPUT", Some("year")).await;
    let row = annual_report::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.status, row.return_reason), (pilots::ReportStatus::Submitted, None));
});

hub_test!(async fn bad_pilot_models_and_milestones_are_refused(app) {
    let before = pilot_count(&app).await;
    let token = officer(&app);
    let cases = [
        (with(pilot_input(), json!({ "name": "" })), "input.name"),
        (with(pilot_input(), json!({ "approach": " " })), "input.approach"),
        (with(pilot_input(), json!({ "endsOn": in_days(-61) })), "input.endsOn"),
        (
            // (the enterprise leaves the participants, or it would be refused as listed twice)
            with(pilot_input(), json!({ "leadOrganizationId": demo_org(ENTERPRISE), "participantIds": [demo_org(UPPER_SCHOOL)] })),
            "input.leadOrganizationId",
        ),
        (with(pilot_input(), json!({ "leadOrganizationId": Uuid::now_v7() })), "input.leadOrganizationId"),
        (with(pilot_input(), json!({ "participantIds": [demo_org(COLLEGE)] })), "input.participantIds"),
        (with(pilot_input(), json!({ "participantIds": [Uuid::now_v7()] })), "input.participantIds"),
        (with(pilot_input(), json!({ "areaId": Uuid::now_v7() })), "input.areaId"),
        (with(pilot_input(), json!({ "milestones": [{ "title": "Quá sớm", "dueOn": in_days(-90) }] })), "input.milestones.dueOn"),
        (with(pilot_input(), json!({ "milestones": [{ "title": " ", "dueOn": in_days(1) }] })), "input.milestones.title"),
    ];
    for (input, field) in cases {
        refused(&app, Some(&token), CREATE_PILOT, json!({ "input": input }), "BAD_USER_INPUT", Some(field)).await;
    }
    assert_eq!(pilot_count(&app).await, before);
    let created = app.data(Some(&token), CREATE_PILOT, json!({ "input": pilot_input() })).await["createPilotModel"].clone();
    let milestone = id_of(&created["milestones"][0]);
    for day in [in_days(1), in_days(-61)] {
        refused(&app, Some(&admin(&app, COLLEGE)), REACH_MILESTONE, json!({ "id": milestone, "on": day }), "BAD_USER_INPUT", Some("reachedOn")).await;
    }
    refused(&app, Some(&token), SET_PILOT_STATUS, json!({ "id": "nope", "status": "RUNNING" }), "BAD_USER_INPUT", Some("id")).await;
});
