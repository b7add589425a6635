//! Programmes and their admissions: codes follow the level, reports are versioned with a
//! reason, and the employment rate is computed.

use super::*;

fn programme_input(changes: Value) -> Value {
    with(
        json!({
            "name": "Công nghệ hàn", "tradeCode": "5520123", "level": "INTERMEDIATE", "durationMonths": 36,
            "tuitionVnd": 8900000, "combinesGeneralEducation": true, "entryPoints": ["AFTER_GRADE_9"],
            "description": "Hàn và văn hóa.", "occupationCodes": ["7212", "7214"],
        }),
        changes,
    )
}

hub_test!(async fn programmes_check_codes_against_their_level_and_the_catalogue(app) {
    let college = member(&app, COLLEGE);
    let bad = [
        (json!({ "tradeCode": "6520123" }), "input.tradeCode"),
        (json!({ "tradeCode": null }), "input.tradeCode"),
        (json!({ "level": "ELEMENTARY" }), "input.tradeCode"),
        (json!({ "entryPoints": ["AFTER_GRADE_12"] }), "input.combinesGeneralEducation"),
        (json!({ "entryPoints": [] }), "input.entryPoints"),
        (json!({ "occupationCodes": ["9999"] }), "input.occupationCodes"),
        (json!({ "durationMonths": 0 }), "input.durationMonths"),
    ];
    for (changes, field) in bad {
        let variables = json!({ "input": programme_input(changes) });
        refused(&app, Some(&college), CREATE_PROGRAMME, variables, "BAD_USER_INPUT", Some(field)).await;
    }
    let data = app.data(Some(&college), CREATE_PROGRAMME, json!({ "input": programme_input(json!({})) })).await;
    let created = &data["createVocationalProgramme"];
    assert_eq!(created["status"], "PUBLISHED");
    assert_eq!(created["occupations"], json!([{ "code": "7212" }, { "code": "7214" }]));
    let programme = id_of(created);

    // The first report of a year; a second needs a reason and becomes version 2.
    let report = json!({ "year": 2025, "quota": 90, "applications": 120, "enrolled": 88, "enrolledLowerSecondary": 80, "enrolledUpperSecondary": 8, "graduates": 40, "employedWithin12Months": 30 });
    let data = app.data(Some(&college), REPORT_ADMISSIONS, json!({ "programmeId": programme, "input": report })).await;
    assert_eq!(data["reportProgrammeAdmissions"]["version"], 1);
    assert_eq!(data["reportProgrammeAdmissions"]["employmentRate"], 75.0);
    let again = json!({ "programmeId": programme, "input": with(report.clone(), json!({ "employedWithin12Months": 32 })) });
    refused(&app, Some(&college), REPORT_ADMISSIONS, again.clone(), "BAD_USER_INPUT", Some("input.correctionReason")).await;
    let corrected = json!({ "programmeId": programme, "input": with(report.clone(), json!({ "employedWithin12Months": 32, "correctionReason": "thêm hai học sinh có việc làm" })) });
    let data = app.data(Some(&college), REPORT_ADMISSIONS, corrected).await;
    assert_eq!(data["reportProgrammeAdmissions"]["version"], 2);
    assert_eq!(data["reportProgrammeAdmissions"]["employmentRate"], 80.0);
    let too_many = json!({ "programmeId": programme, "input": with(report, json!({ "year": 2024, "employedWithin12Months": 41 })) });
    refused(&app, Some(&college), REPORT_ADMISSIONS, too_many, "BAD_USER_INPUT", Some("input.employedWithin12Months")).await;

    let query = "query($id: ID!) { vocationalProgramme(id: $id) { admissions { version employmentRate } all: admissions(includeCorrected: true) { version } } }";
    let data = app.data(None, query, json!({ "id": programme })).await;
    assert_eq!(data["vocationalProgramme"]["admissions"], json!([{ "version": 2, "employmentRate": 80.0 }]));
    assert_eq!(data["vocationalProgramme"]["all"], json!([{ "version": 2 }, { "version": 1 }]));

    // Withdrawn programmes leave the public list and page.
    let withdraw = "mutation($id: ID!) { withdrawVocationalProgramme(id: $id) { status } }";
    app.data(Some(&college), withdraw, json!({ "id": programme })).await;
    let data = app.data(None, "query($id: ID!) { vocationalProgramme(id: $id) { id } }", json!({ "id": programme })).await;
    assert!(data["vocationalProgramme"].is_null());
    let data = app.data(Some(&college), "query($id: ID!) { vocationalProgramme(id: $id) { status } }", json!({ "id": programme })).await;
    assert_eq!(data["vocationalProgramme"]["status"], "WITHDRAWN");
});
