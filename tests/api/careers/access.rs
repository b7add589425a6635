//! Who may do what: anonymous callers are UNAUTHENTICATED, a wrong organization, kind or remit
//! is FORBIDDEN, and nothing changes in the database.

use sea_orm::{EntityTrait, PaginatorTrait};

use super::*;

fn new_occupation(code: &str) -> Value {
    json!({ "input": {
        "code": code, "nameVi": "Thợ sơn tàu", "nameEn": "Ship painters",
        "description": "Sơn bảo vệ vỏ tàu.", "trainingLevels": ["ELEMENTARY"], "vsicSections": ["c"],
        "skills": ["Phun sơn", "An toàn hóa chất"],
    } })
}

hub_test!(async fn only_education_officers_keep_the_catalogue_and_publish_bulletins(app) {
    let before = careers::entity::occupation::Entity::find().count(&app.db).await.unwrap();
    let input = new_occupation("7131");
    refused(&app, None, CREATE_OCCUPATION, input.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, COLLEGE), app.token(COLLEGE, Role::OrgAdmin), app.token(TRADE_OFFICER, Role::DepartmentOfficer)] {
        let body = refused(&app, Some(&token), CREATE_OCCUPATION, input.clone(), "FORBIDDEN", None).await;
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("Education and Training"), "{body}");
    }
    assert_eq!(careers::entity::occupation::Entity::find().count(&app.db).await.unwrap(), before);
    let data = app.data(Some(&officer(&app)), CREATE_OCCUPATION, input.clone()).await;
    assert_eq!(data["createOccupation"]["tier"], 4);
    assert_eq!(data["createOccupation"]["vsicSections"], json!(["C"]));
    refused(&app, Some(&officer(&app)), CREATE_OCCUPATION, input, "CONFLICT", None).await;
    refused(&app, Some(&officer(&app)), CREATE_OCCUPATION, new_occupation("713"), "BAD_USER_INPUT", Some("input.code")).await;

    let bulletin = json!({ "input": {
        "period": "QUARTER", "year": 2026, "number": 3, "occupationCode": "7212", "areaId": demo_area("HP"),
        "vacancies": 120, "jobSeekers": 80, "hires": 60, "forecast": "Tăng nhẹ.",
        "publisher": "Trung tâm Dịch vụ việc làm Hải Phòng", "sourceDocument": "Bản tin thị trường lao động quý III/2026",
    } });
    refused(&app, None, PUBLISH_BULLETIN, bulletin.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, ENTERPRISE), app.token(TRADE_OFFICER, Role::DepartmentOfficer)] {
        refused(&app, Some(&token), PUBLISH_BULLETIN, bulletin.clone(), "FORBIDDEN", None).await;
    }
    let data = app.data(Some(&officer(&app)), PUBLISH_BULLETIN, bulletin.clone()).await;
    assert_eq!(data["publishLabourMarketBulletin"]["demonstration"], false);
    assert_eq!(data["publishLabourMarketBulletin"]["area"]["name"], "Thành phố Hải Phòng");
    let both = json!({ "input": with(bulletin["input"].clone(), json!({ "vsicSection": "C" })) });
    refused(&app, Some(&officer(&app)), PUBLISH_BULLETIN, both, "BAD_USER_INPUT", Some("input.occupationCode")).await;
    let csv = "period,year,number,occupation_code,vsic_section,area_code,vacancies,job_seekers,hires,forecast,publisher,source_document\n";
    refused(&app, Some(&member(&app, COLLEGE)), IMPORT, json!({ "csv": csv }), "FORBIDDEN", None).await;
});

hub_test!(async fn programmes_are_published_by_verified_institutions_for_themselves(app) {
    let input = json!({ "input": {
        "name": "Hàn công nghệ cao", "tradeCode": "6520123", "level": "COLLEGE", "durationMonths": 30,
        "tuitionVnd": 11000000, "entryPoints": ["AFTER_GRADE_12"], "description": "Hàn robot.",
        "occupationCodes": ["7212"],
    } });
    refused(&app, None, CREATE_PROGRAMME, input.clone(), "UNAUTHENTICATED", None).await;
    // Schools, enterprises and officers publish no programmes; a centre not at college level.
    for token in [member(&app, UPPER_SCHOOL), member(&app, ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), CREATE_PROGRAMME, input.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, Some(&member(&app, CENTRE)), CREATE_PROGRAMME, input.clone(), "BAD_USER_INPUT", Some("input.level")).await;
    let data = app.data(Some(&member(&app, COLLEGE)), CREATE_PROGRAMME, input).await;
    let programme = id_of(&data["createVocationalProgramme"]);

    // Another institution may neither change it nor report its admissions.
    let admissions = json!({ "programmeId": programme, "input": { "year": 2026, "quota": 50, "applications": 70, "enrolled": 48, "enrolledLowerSecondary": 0, "enrolledUpperSecondary": 48 } });
    refused(&app, None, REPORT_ADMISSIONS, admissions.clone(), "UNAUTHENTICATED", None).await;
    for token in [member(&app, "cd-hang-hai-1"), officer(&app)] {
        refused(&app, Some(&token), REPORT_ADMISSIONS, admissions.clone(), "FORBIDDEN", None).await;
        let withdraw = "mutation($id: ID!) { withdrawVocationalProgramme(id: $id) { id } }";
        refused(&app, Some(&token), withdraw, json!({ "id": programme }), "FORBIDDEN", None).await;
    }
    // A missing programme is refused the same way.
    let missing = with(admissions.clone(), json!({ "programmeId": Uuid::now_v7() }));
    refused(&app, Some(&member(&app, COLLEGE)), REPORT_ADMISSIONS, missing, "FORBIDDEN", None).await;
});

hub_test!(async fn events_are_hosted_by_verified_organizations_and_registered_for_by_schools(app) {
    let input = json!({ "input": event_input(30, 50) });
    refused(&app, None, PUBLISH_EVENT, input.clone(), "UNAUTHENTICATED", None).await;
    refused(&app, Some(&member(&app, UNVERIFIED)), PUBLISH_EVENT, input.clone(), "FORBIDDEN", None).await;
    let event = published_event(&app, ENTERPRISE, event_input(30, 50)).await;

    let register = json!({ "eventId": event, "students": 5 });
    refused(&app, None, REGISTER, register.clone(), "UNAUTHENTICATED", None).await;
    // Colleges, enterprises and departments are not schools.
    for token in [member(&app, COLLEGE), member(&app, ENTERPRISE), officer(&app)] {
        refused(&app, Some(&token), REGISTER, register.clone(), "FORBIDDEN", None).await;
    }
    refused(&app, None, CANCEL_EVENT, json!({ "id": event }), "UNAUTHENTICATED", None).await;
    for token in [member(&app, COLLEGE), member(&app, LOWER_SCHOOL)] {
        refused(&app, Some(&token), CANCEL_EVENT, json!({ "id": event }), "FORBIDDEN", None).await;
    }
    assert_eq!(db_event(&app, event).await.status, careers::CareerEventStatus::Published);
    assert_eq!(db_event(&app, event).await.registered_students, 0);
});
