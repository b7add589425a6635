//! The indicator of lower-secondary graduates continuing into vocational training beside what
//! the vocational institutions' admissions say for the same year, and the gap between them.

use super::*;

const CONTINUING: &str = "LOWER_SECONDARY_TO_VOCATIONAL";
const CITY_PROGRESS: &str = "query($indicator: String!, $areaId: ID, $year: Int!) { indicatorProgress(indicator: $indicator, areaId: $areaId, year: $year) { achieved numerator denominator admissions { enrolledLowerSecondary programmesReporting share gap studentGap } } }";
const REPORT_ADMISSIONS: &str = "mutation($programmeId: ID!, $input: ProgrammeAdmissionsInput!) { reportProgrammeAdmissions(programmeId: $programmeId, input: $input) { version } }";
const CREATE_PROGRAMME: &str =
    "mutation($input: CreateVocationalProgrammeInput!) { createVocationalProgramme(input: $input) { id } }";

async fn city(app: &TestApp, token: &str, indicator: &str, area: Option<Uuid>, year: i32) -> Value {
    let variables = json!({ "indicator": indicator, "areaId": area, "year": year });
    app.data(Some(token), CITY_PROGRESS, variables).await["indicatorProgress"].clone()
}

async fn programme(app: &TestApp, name: &str) -> Uuid {
    let input = json!({
        "name": name, "tradeCode": "5520123", "level": "INTERMEDIATE", "durationMonths": 36,
        "tuitionVnd": 8900000, "combinesGeneralEducation": true, "entryPoints": ["AFTER_GRADE_9"],
        "description": "Hàn và văn hóa.", "occupationCodes": ["7212"],
    });
    let data = app.data(Some(&member(app, COLLEGE)), CREATE_PROGRAMME, json!({ "input": input })).await;
    id_of(&data["createVocationalProgramme"])
}

async fn admit(app: &TestApp, programme: Uuid, year: i32, lower_secondary: i32, reason: Option<&str>) {
    let input = json!({
        "year": year, "quota": 120, "applications": 150, "enrolled": 110,
        "enrolledLowerSecondary": lower_secondary, "enrolledUpperSecondary": 10, "correctionReason": reason,
    });
    app.data(
        Some(&member(app, COLLEGE)),
        REPORT_ADMISSIONS,
        json!({ "programmeId": programme, "input": input }),
    )
    .await;
}

hub_test!(async fn the_continuing_indicator_stands_beside_the_institutions_admissions_and_the_gap(app) {
    let token = officer(&app);
    // A year the demo data leaves empty on both sides: neither schools nor institutions reported.
    let year = this_year() - 3;
    let nothing = city(&app, &token, CONTINUING, None, year).await;
    assert_eq!(nothing["admissions"], Value::Null, "no intake reported: {nothing}");

    // Two programmes report their intake; one corrects its report, which replaces the first.
    let welding = programme(&app, "Hàn (thử so sánh)").await;
    let mechanics = programme(&app, "Cơ khí (thử so sánh)").await;
    admit(&app, welding, year, 60, None).await;
    admit(&app, mechanics, year, 25, None).await;
    admit(&app, welding, year, 75, Some("bổ sung học sinh nhập học muộn")).await;
    let admitted = city(&app, &token, CONTINUING, None, year).await;
    assert_eq!(admitted["admissions"]["enrolledLowerSecondary"], 100.0, "{admitted}");
    assert_eq!(admitted["admissions"]["programmesReporting"], 2);
    // Without the schools' figures there is nothing to compare the intake with.
    assert_eq!(admitted["achieved"], Value::Null);
    assert_eq!(admitted["admissions"]["share"], Value::Null);
    assert_eq!(admitted["admissions"]["gap"], Value::Null);

    // A school reports 120 of its 300 graduates going on to vocational training (40 %); the
    // institutions' 100 enrolments are 33.3 % of those graduates: 6.7 points, 20 pupils apart.
    let share = json!({
        "indicator": CONTINUING, "organizationId": demo_org(LOWER_SCHOOL), "year": year,
        "numerator": 120, "denominator": 300, "evidence": "Báo cáo tổng kết năm học",
    });
    report(&app, &member(&app, LOWER_SCHOOL), share).await;
    let both = city(&app, &token, CONTINUING, None, year).await;
    assert_eq!(both["achieved"], 40.0, "{both}");
    let admissions = &both["admissions"];
    assert!((admissions["share"].as_f64().unwrap() - 100.0 * 100.0 / 300.0).abs() < 1e-9, "{both}");
    assert!((admissions["gap"].as_f64().unwrap() - (40.0 - 100.0 * 100.0 / 300.0)).abs() < 1e-9, "{both}");
    assert_eq!(admissions["studentGap"], 20.0);

    // Only this indicator and only the city (by its id too): institutions admit pupils from
    // anywhere, so one district's graduates have no counterpart in the intake.
    let by_id = city(&app, &token, CONTINUING, Some(demo_area("HP")), year).await;
    assert_eq!(by_id["admissions"], both["admissions"], "{by_id}");
    let district = city(&app, &token, CONTINUING, Some(demo_area("HP-HB")), year).await;
    assert_eq!(district["admissions"], Value::Null, "{district}");
    let other = city(&app, &token, TO_COLLEGE, None, year).await;
    assert_eq!(other["admissions"], Value::Null, "{other}");
    // Progress stays for officers.
    let school = member(&app, LOWER_SCHOOL);
    let variables = json!({ "indicator": CONTINUING, "year": year });
    assert_eq!(app.error_code(Some(&school), CITY_PROGRESS, variables).await, "FORBIDDEN");
});
