//! Progress on a small known data set, computed by hand: shares weighted by their
//! denominators, the newest version of a corrected measurement, superseded targets ignored,
//! area measurements standing for their area, areas that did not exist refused; and who sees
//! measurements and progress.

use sea_orm::ConnectionTrait;

use super::*;

const NEW_DECREE: &str = "Quyết định (dự thảo thay thế) về giáo dục hướng nghiệp giai đoạn 2026-2030";

fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-6)
}

/// Only the measurements this test reports: the demo set's are removed first.
async fn without_demo_measurements(app: &TestApp) {
    app.db.execute_unprepared("DELETE FROM pilots_measurements").await.unwrap();
}

hub_test!(async fn progress_weights_shares_uses_the_newest_version_and_the_target_in_force(app) {
    without_demo_measurements(&app).await;
    let token = officer(&app);
    // Upper-secondary graduates of 2025-2026 continuing into college.
    report(&app, &member(&app, UPPER_SCHOOL), school_share(UPPER_SCHOOL, TO_COLLEGE, 412, 1030)).await;
    report(&app, &member(&app, OTHER_UPPER_SCHOOL), school_share(OTHER_UPPER_SCHOOL, TO_COLLEGE, 10, 20)).await;
    report(&app, &member(&app, "thpt-kien-an"), school_share("thpt-kien-an", TO_COLLEGE, 100, 400)).await;
    let corrected = report(
        &app,
        &member(&app, "thpt-kien-an"),
        with(school_share("thpt-kien-an", TO_COLLEGE, 150, 400), json!({ "correctionReason": "Bổ sung đợt tuyển sinh 2" })),
    )
    .await;
    assert_eq!(corrected["version"], 2);
    assert_eq!(corrected["history"].as_array().map(Vec::len), Some(2));
    // A lower-secondary school's figures belong to another indicator and never count here.
    report(&app, &member(&app, LOWER_SCHOOL), school_share(LOWER_SCHOOL, "LOWER_SECONDARY_TO_VOCATIONAL", 90, 300)).await;

    // Phường Ngô Quyền holds Ngô Quyền and Thái Phiên: 422 / 1050, not the mean of 40% and 50%.
    let ward = progress(&app, &token, Some(demo_area("HP-P-NGOQUYEN")), 2026).await;
    assert!(close(&ward["achieved"], 422.0 * 100.0 / 1050.0), "{ward}");
    assert_eq!((ward["numerator"].as_f64(), ward["denominator"].as_f64()), (Some(422.0), Some(1050.0)));
    assert_eq!(ward["reportingOrganizations"], 2);
    // The plan's 2025 target (45%) is in force until a newer document covers the year.
    assert_eq!(ward["target"].as_f64(), Some(45.0));
    assert!(ward["targetSource"].as_str().unwrap().contains("522/QĐ-TTg"));
    assert!(close(&ward["gap"], 45.0 - 422.0 * 100.0 / 1050.0), "{ward}");

    // The city: Kiến An counts with its corrected 150 of 400, so 572 / 1450.
    let city = progress(&app, &token, None, 2026).await;
    assert!(close(&city["achieved"], 572.0 * 100.0 / 1450.0), "{city}");
    assert_eq!((city["numerator"].as_f64(), city["denominator"].as_f64()), (Some(572.0), Some(1450.0)));
    assert_eq!(city["reportingOrganizations"], 3);

    // A newer document supersedes the plan for the years it covers; an older one does not.
    let newer = json!({ "indicator": TO_COLLEGE, "value": 42.0, "fromYear": 2026, "toYear": 2030, "sourceDocument": NEW_DECREE, "issuedOn": "2026-01-15" });
    app.data(Some(&token), SET_TARGET, json!({ "input": newer })).await;
    let older = json!({ "indicator": TO_COLLEGE, "value": 99.0, "fromYear": 2026, "sourceDocument": "Văn bản cũ hơn", "issuedOn": "2017-06-01" });
    app.data(Some(&token), SET_TARGET, json!({ "input": older })).await;
    let city = progress(&app, &token, None, 2026).await;
    assert_eq!((city["target"].as_f64(), city["targetSource"].as_str()), (Some(42.0), Some(NEW_DECREE)));
    assert!(close(&city["gap"], 42.0 - 572.0 * 100.0 / 1450.0), "{city}");
    // 2021 is outside the new document's years: the plan's target still holds there.
    assert_eq!(progress(&app, &token, None, 2021).await["target"].as_f64(), Some(45.0));
    // An area's own target comes before the city's.
    let kien_an = json!({ "indicator": TO_COLLEGE, "areaId": demo_area("HP-P-KIENAN"), "value": 50.0, "fromYear": 2026, "sourceDocument": "Kế hoạch của phường Kiến An", "issuedOn": "2025-09-01" });
    app.data(Some(&token), SET_TARGET, json!({ "input": kien_an })).await;
    let ward = progress(&app, &token, Some(demo_area("HP-P-KIENAN")), 2026).await;
    assert_eq!((ward["target"].as_f64(), ward["achieved"].as_f64()), (Some(50.0), Some(37.5)));
    assert!(close(&ward["gap"], 12.5));

    // An officer's measurement of Phường Kiến An as a whole stands for the schools inside it:
    // the city is Ngô Quyền, Thái Phiên and the ward's 300 of 600, i.e. 722 / 1650.
    let area = json!({ "indicator": TO_COLLEGE, "areaId": demo_area("HP-P-KIENAN"), "year": 2026, "numerator": 300, "denominator": 600 });
    let recorded = report(&app, &token, area).await;
    assert_eq!(recorded["area"]["name"], "Phường Kiến An");
    let city = progress(&app, &token, None, 2026).await;
    assert!(close(&city["achieved"], 722.0 * 100.0 / 1650.0), "{city}");
    assert_eq!((city["reportingOrganizations"].as_i64(), city["reportingAreas"].as_i64()), (Some(2), Some(1)));

    // Nothing reported for a year: no achieved value and no gap, the target still shown.
    let empty = progress(&app, &token, None, 2024).await;
    assert_eq!((empty["achieved"].clone(), empty["gap"].clone(), empty["target"].as_f64()), (Value::Null, Value::Null, Some(45.0)));
    assert_eq!(empty["indicator"]["nameVi"], "Tỷ lệ học sinh tốt nghiệp THPT theo học giáo dục nghề nghiệp trình độ cao đẳng");
});

hub_test!(async fn areas_are_asked_about_only_for_years_they_existed(app) {
    let token = officer(&app);
    // Quận Ngô Quyền ended on 30 June 2025, so it has no school year 2025-2026; Phường Ngô
    // Quyền began on 1 July 2025, so it has no 2023-2024.
    let variables = json!({ "indicator": TO_COLLEGE, "areaId": demo_area("HP-NQ"), "year": 2026 });
    refused(&app, Some(&token), PROGRESS, variables, "BAD_USER_INPUT", Some("areaId")).await;
    let variables = json!({ "indicator": TO_COLLEGE, "areaId": demo_area("HP-P-NGOQUYEN"), "year": 2024 });
    refused(&app, Some(&token), PROGRESS, variables, "BAD_USER_INPUT", Some("areaId")).await;
    let district = progress(&app, &token, Some(demo_area("HP-NQ")), 2025).await;
    assert_eq!(district["year"], 2025);
    let area = json!({ "indicator": TO_COLLEGE, "areaId": demo_area("HP-P-NGOQUYEN"), "year": 2024, "numerator": 1, "denominator": 2 });
    refused(&app, Some(&token), REPORT_MEASUREMENT, json!({ "input": area }), "BAD_USER_INPUT", Some("input.areaId")).await;
});

hub_test!(async fn a_school_sees_its_own_measurements_and_reports_and_only_officers_see_the_city(app) {
    let school = "thpt-kien-an";
    let own = app.data(Some(&member(&app, school)), MEASUREMENTS, json!({})).await;
    let own = own["measurements"]["edges"].as_array().unwrap();
    // The demo set: three indicators for two years, newest versions only.
    assert_eq!(own.len(), 6);
    assert!(own.iter().all(|e| e["node"]["organization"]["id"] == demo_org(school).to_string().as_str()));
    let history = app
        .data(Some(&member(&app, school)), MEASUREMENTS, json!({ "filter": { "indicator": TO_COLLEGE, "year": 2026, "includeCorrected": true } }))
        .await;
    let versions: Vec<i64> = history["measurements"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, vec![2, 1]);
    // Asking for another school's measurements shows nothing.
    let other = app
        .data(Some(&member(&app, school)), MEASUREMENTS, json!({ "filter": { "organizationId": demo_org(UPPER_SCHOOL) } }))
        .await;
    assert_eq!(other["measurements"]["edges"].as_array().map(Vec::len), Some(0));
    let enterprise = app.data(Some(&member(&app, ENTERPRISE)), MEASUREMENTS, json!({})).await;
    assert_eq!(enterprise["measurements"]["edges"].as_array().map(Vec::len), Some(0));
    let all = app.data(Some(&officer(&app)), MEASUREMENTS, json!({})).await;
    assert_eq!(all["measurements"]["edges"].as_array().map(Vec::len), Some(90));

    let reports = app.data(Some(&member(&app, school)), REPORTS, json!({})).await;
    let reports = reports["annualReports"]["edges"].as_array().unwrap();
    assert!(!reports.is_empty() && reports.iter().all(|e| e["node"]["organization"]["id"] == demo_org(school).to_string().as_str()));
    let everyone = app.data(Some(&officer(&app)), REPORTS, json!({ "filter": { "year": this_year() } })).await;
    // Every demo report of this year but the draft.
    assert_eq!(everyone["annualReports"]["edges"].as_array().map(Vec::len), Some(5));

    for token in [admin(&app, school), member(&app, ENTERPRISE)] {
        refused(&app, Some(&token), PROGRESS, json!({ "indicator": TO_COLLEGE, "year": 2026 }), "FORBIDDEN", None).await;
        refused(&app, Some(&token), OUTSTANDING, json!({ "year": this_year() }), "FORBIDDEN", None).await;
    }
    refused(&app, None, PROGRESS, json!({ "indicator": TO_COLLEGE, "year": 2026 }), "UNAUTHENTICATED", None).await;
    refused(&app, None, MEASUREMENTS, json!({}), "UNAUTHENTICATED", None).await;
    refused(&app, None, REPORTS, json!({}), "UNAUTHENTICATED", None).await;
});

const VERIFY: &str = "mutation($id: ID!, $verified: Boolean!) { verifyOrganization(id: $id, verified: $verified) { verified } }";
const PROGRESS_LEFT_OUT: &str = "query($indicator: String!, $areaId: ID, $year: Int!) { indicatorProgress(indicator: $indicator, areaId: $areaId, year: $year) { numerator denominator reportingOrganizations unverifiedLeftOut } }";

async fn ngo_quyen(app: &TestApp, token: &str) -> Value {
    let variables = json!({ "indicator": TO_COLLEGE, "areaId": demo_area("HP-P-NGOQUYEN"), "year": 2026 });
    app.data(Some(token), PROGRESS_LEFT_OUT, variables).await["indicatorProgress"].clone()
}

hub_test!(async fn progress_counts_verified_schools_only_and_says_how_many_were_left_out(app) {
    without_demo_measurements(&app).await;
    let token = officer(&app);
    report(&app, &member(&app, UPPER_SCHOOL), school_share(UPPER_SCHOOL, TO_COLLEGE, 412, 1030)).await;
    report(&app, &member(&app, OTHER_UPPER_SCHOOL), school_share(OTHER_UPPER_SCHOOL, TO_COLLEGE, 10, 20)).await;
    assert_eq!(ngo_quyen(&app, &token).await, json!({ "numerator": 422.0, "denominator": 1050.0, "reportingOrganizations": 2, "unverifiedLeftOut": 0 }));

    // The department withdraws Thái Phiên's verification: its figures leave the totals, and
    // the progress says one school was left out.
    let variables = json!({ "id": demo_org(OTHER_UPPER_SCHOOL), "verified": false });
    assert_eq!(app.data(Some(&token), VERIFY, variables).await["verifyOrganization"]["verified"], false);
    assert_eq!(ngo_quyen(&app, &token).await, json!({ "numerator": 412.0, "denominator": 1030.0, "reportingOrganizations": 1, "unverifiedLeftOut": 1 }));

    // Verified again (by Education and Training, which verifies schools), it counts again.
    let variables = json!({ "id": demo_org(OTHER_UPPER_SCHOOL), "verified": true });
    app.data(Some(&token), VERIFY, variables).await;
    assert_eq!(ngo_quyen(&app, &token).await["unverifiedLeftOut"], 0);
    assert_eq!(ngo_quyen(&app, &token).await["numerator"], 422.0);
});
