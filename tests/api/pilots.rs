//! Pilots over HTTP: the yearly report life cycle and pilot models here; in the submodules
//! progress aggregation on a known data set, who sees what, who may do what, bad input, and
//! the cost of a page.

mod access;
mod admissions;
mod cost;
mod input;
mod progress;

use chrono::Datelike;
use hub_common::Role;
use pilots::entity::{annual_report, measurement, pilot_model, target};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, demo_area, demo_org, in_days, with};
use crate::hub_test;

const UPPER_SCHOOL: &str = "thpt-ngo-quyen";
const OTHER_UPPER_SCHOOL: &str = "thpt-thai-phien";
const LOWER_SCHOOL: &str = "thcs-to-hieu";
const ENTERPRISE: &str = "dn-logistics-bach-dang";
const COLLEGE: &str = "cd-cong-nghiep-hp";
const OFFICER: &str = "so-gddt";
const TO_COLLEGE: &str = "UPPER_SECONDARY_TO_COLLEGE";

const REPORT_MEASUREMENT: &str = "mutation($input: ReportMeasurementInput!) { reportMeasurement(input: $input) { id version numerator denominator value year schoolYear correctionReason organization { name } area { name } indicator { code } history { version numerator } } }";
const MEASUREMENTS: &str = "query($filter: MeasurementFilter) { measurements(first: 100, filter: $filter) { edges { node { id version numerator denominator organization { id name } area { name } indicator { code } } } } }";
const PROGRESS: &str = "query($indicator: String!, $areaId: ID, $year: Int!) { indicatorProgress(indicator: $indicator, areaId: $areaId, year: $year) { indicator { code nameVi nameEn unit direction } year achieved numerator denominator target targetSource gap reportingOrganizations reportingAreas } }";
const SET_TARGET: &str = "mutation($input: SetTargetInput!) { setTarget(input: $input) { id value fromYear toYear sourceDocument issuedOn area { name } indicator { code } } }";
const SAVE_DRAFT: &str = "mutation($input: AnnualReportDraftInput!) { saveAnnualReportDraft(input: $input) { id year status summary dueOn late returnReason organization { name } } }";
const SUBMIT: &str = "mutation($id: ID!) { submitAnnualReport(id: $id) { id status submittedAt late } }";
const ACCEPT: &str = "mutation($id: ID!) { acceptAnnualReport(id: $id) { id status decidedAt } }";
const RETURN: &str = "mutation($id: ID!, $reason: String!) { returnAnnualReport(id: $id, reason: $reason) { id status returnReason } }";
const REPORTS: &str = "query($filter: AnnualReportFilter) { annualReports(first: 100, filter: $filter) { edges { node { id year status organization { id name } } } } }";
const OUTSTANDING: &str = "query($year: Int!) { annualReportsOutstanding(year: $year) { id name kind } }";
const CREATE_PILOT: &str = "mutation($input: CreatePilotModelInput!) { createPilotModel(input: $input) { id name status startsOn endsOn leadOrganization { name } participants { name } area { name } milestones { id title dueOn reachedOn } } }";
const SET_PILOT_STATUS: &str = "mutation($id: ID!, $status: PilotModelStatus!) { setPilotModelStatus(id: $id, status: $status) { id status } }";
const REACH_MILESTONE: &str =
    "mutation($id: ID!, $on: Date!) { reachPilotMilestone(id: $id, reachedOn: $on) { id reachedOn } }";

fn admin(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgAdmin)
}

fn member(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgMember)
}

fn officer(app: &TestApp) -> String {
    app.token(OFFICER, Role::DepartmentOfficer)
}

fn this_year() -> i32 {
    hub_common::time::today().year()
}

fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| Uuid::parse_str(id).ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

/// A school's share for itself in 2026 (the school year 2025-2026).
fn school_share(org: &str, indicator: &str, numerator: i32, denominator: i32) -> Value {
    json!({
        "indicator": indicator,
        "organizationId": demo_org(org),
        "year": 2026,
        "numerator": numerator,
        "denominator": denominator,
        "evidence": "Báo cáo tổng kết năm học 2025-2026",
    })
}

async fn report(app: &TestApp, token: &str, input: Value) -> Value {
    app.data(Some(token), REPORT_MEASUREMENT, json!({ "input": input })).await["reportMeasurement"].clone()
}

async fn progress(app: &TestApp, token: &str, area: Option<Uuid>, year: i32) -> Value {
    let variables = json!({ "indicator": TO_COLLEGE, "areaId": area, "year": year });
    app.data(Some(token), PROGRESS, variables).await["indicatorProgress"].clone()
}

async fn refused(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
    code: &str,
    field: Option<&str>,
) {
    let body = crate::helpers::refused(app, token, query, variables, code, field).await;
    // Nothing of a refused pilots change is answered.
    assert!(
        body["data"].is_null() || body["data"].as_object().is_some_and(|d| d.values().all(Value::is_null)),
        "{body}"
    );
}

fn draft(year: i32) -> Value {
    json!({ "year": year, "summary": "Nhà trường tổ chức 4 chuyên đề hướng nghiệp, 2 buổi tham quan doanh nghiệp." })
}

async fn save_draft(app: &TestApp, org: &str, year: i32) -> Value {
    app.data(Some(&member(app, org)), SAVE_DRAFT, json!({ "input": draft(year) })).await["saveAnnualReportDraft"].clone()
}

fn pilot_input() -> Value {
    json!({
        "name": "Hướng nghiệp gắn với cơ khí chính xác",
        "approach": "Học sinh lớp 11 học chuyên đề cơ khí tại xưởng của trường cao đẳng.",
        "leadOrganizationId": demo_org(COLLEGE),
        "participantIds": [demo_org(UPPER_SCHOOL), demo_org(ENTERPRISE)],
        "areaId": demo_area("HP-P-HONGBANG"),
        "startsOn": in_days(-60),
        "endsOn": in_days(300),
        "milestones": [
            { "title": "Ký kết phối hợp", "dueOn": in_days(-30) },
            { "title": "Tổng kết", "dueOn": in_days(290) },
        ],
    })
}

async fn measurement_count(app: &TestApp) -> u64 {
    measurement::Entity::find().count(&app.db).await.expect("counting")
}

async fn report_count(app: &TestApp) -> u64 {
    annual_report::Entity::find().count(&app.db).await.expect("counting")
}

async fn target_count(app: &TestApp) -> u64 {
    target::Entity::find().count(&app.db).await.expect("counting")
}

async fn pilot_count(app: &TestApp) -> u64 {
    pilot_model::Entity::find().count(&app.db).await.expect("counting")
}

fn names(list: &Value) -> Vec<String> {
    list.as_array().expect("a list").iter().filter_map(|o| o["name"].as_str().map(str::to_owned)).collect()
}

hub_test!(async fn the_plans_indicators_and_targets_are_seeded_rows(app) {
    let data = app
        .data(None, "{ indicators { code nameVi nameEn unit direction counts schoolLevel } targets(indicator: \"UPPER_SECONDARY_TO_COLLEGE\") { value fromYear toYear sourceDocument area { name } } }", json!({}))
        .await;
    let indicators = data["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 6);
    assert_eq!(indicators[0]["code"], "LOWER_SECONDARY_CAREER_PROGRAMME");
    assert_eq!(indicators[5]["nameEn"], "Upper-secondary graduates continuing into college-level vocational training");
    assert!(indicators.iter().all(|i| i["unit"] == "PERCENT" && i["direction"] == "HIGHER_IS_BETTER"));
    let targets = data["targets"].as_array().unwrap();
    let values: Vec<(f64, i64, Value)> = targets
        .iter()
        .map(|t| (t["value"].as_f64().unwrap(), t["fromYear"].as_i64().unwrap(), t["toYear"].clone()))
        .collect();
    assert!(values.contains(&(40.0, 2018, json!(2020))), "{data}");
    assert!(values.contains(&(45.0, 2021, Value::Null)), "{data}");
    assert!(targets.iter().all(|t| t["sourceDocument"].as_str().unwrap().contains("522/QĐ-TTg") && t["area"].is_null()));
});

hub_test!(async fn a_yearly_report_goes_from_draft_to_accepted_through_a_return(app) {
    let year = this_year();
    let school = "thpt-hai-an";
    let token = officer(&app);
    let outstanding = app.data(Some(&token), OUTSTANDING, json!({ "year": year })).await;
    assert!(names(&outstanding["annualReportsOutstanding"]).contains(&"Trường THPT Hải An".to_owned()));

    let saved = save_draft(&app, school, year).await;
    assert_eq!((saved["status"].as_str(), saved["dueOn"].as_str()), (Some("DRAFT"), Some(format!("{year}-12-25").as_str())));
    let id = id_of(&saved);
    // Officers do not see drafts, and a draft is still outstanding.
    let listed = app.data(Some(&token), REPORTS, json!({ "filter": { "organizationId": demo_org(school) } })).await;
    assert_eq!(listed["annualReports"]["edges"].as_array().map(Vec::len), Some(0));
    refused(&app, Some(&token), ACCEPT, json!({ "id": id }), "NOT_FOUND", None).await;

    let submitted = app.data(Some(&admin(&app, school)), SUBMIT, json!({ "id": id })).await;
    assert_eq!(submitted["submitAnnualReport"]["status"], "SUBMITTED");
    assert_eq!(submitted["submitAnnualReport"]["late"], false);
    let outstanding = app.data(Some(&token), OUTSTANDING, json!({ "year": year })).await;
    assert!(!names(&outstanding["annualReportsOutstanding"]).contains(&"Trường THPT Hải An".to_owned()));
    // A submitted report is not edited until it is returned.
    refused(&app, Some(&member(&app, school)), SAVE_DRAFT, json!({ "input": draft(year) }), "CONFLICT", None).await;

    let returned = app
        .data(Some(&token), RETURN, json!({ "id": id, "reason": "Bổ sung số học sinh tham gia trải nghiệm" }))
        .await;
    assert_eq!(returned["returnAnnualReport"]["status"], "RETURNED");
    let own = app.data(Some(&member(&app, school)), REPORTS, json!({})).await;
    let own = own["annualReports"]["edges"].as_array().unwrap();
    assert_eq!((own.len(), own[0]["node"]["status"].as_str()), (1, Some("RETURNED")));
    let outstanding = app.data(Some(&token), OUTSTANDING, json!({ "year": year })).await;
    assert!(names(&outstanding["annualReportsOutstanding"]).contains(&"Trường THPT Hải An".to_owned()));

    let edited = save_draft(&app, school, year).await;
    assert_eq!((edited["status"].as_str(), id_of(&edited)), (Some("DRAFT"), id));
    app.data(Some(&admin(&app, school)), SUBMIT, json!({ "id": id })).await;
    let accepted = app.data(Some(&token), ACCEPT, json!({ "id": id })).await;
    assert_eq!(accepted["acceptAnnualReport"]["status"], "ACCEPTED");
    refused(&app, Some(&token), RETURN, json!({ "id": id, "reason": "Muộn" }), "CONFLICT", None).await;
    let row = annual_report::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.status, row.decided_by.as_deref()), (pilots::ReportStatus::Accepted, Some("test:so-gddt")));
});

hub_test!(async fn outstanding_reports_are_the_expected_organizations_without_a_submitted_one(app) {
    let year = this_year();
    let data = app.data(Some(&officer(&app)), OUTSTANDING, json!({ "year": year })).await;
    let outstanding = data["annualReportsOutstanding"].as_array().unwrap();
    let names = names(&data["annualReportsOutstanding"]);
    // Demo: Trần Phú accepted; Ngô Quyền, Chu Văn An and the college submitted; Kiến An returned
    // and Hồng Bàng's draft count as outstanding; enterprises and departments report nothing.
    for done in ["Trường THPT chuyên Trần Phú", "Trường THPT Ngô Quyền", "Trường THCS Chu Văn An", "Trường Cao đẳng Kỹ thuật Hải Phòng"] {
        assert!(!names.contains(&done.to_owned()), "{done} has reported");
    }
    for due in ["Trường THPT Kiến An", "Trường THCS Hồng Bàng", "Trường THPT Cát Bà", "Trung tâm GDNN-GDTX An Lão", "Trường Trung cấp Kỹ thuật Nghiệp vụ Sóng Xanh"] {
        assert!(names.contains(&due.to_owned()), "{due} has not reported");
    }
    assert!(outstanding.iter().all(|o| !["ENTERPRISE", "DEPARTMENT", "BUSINESS_ASSOCIATION"].contains(&o["kind"].as_str().unwrap())));
    let expected = directory::demo_data::ORGANIZATIONS.iter().filter(|o| pilots::kinds::reports_yearly(o.kind)).count();
    assert_eq!(outstanding.len(), expected - 4);
});

hub_test!(async fn an_officer_runs_a_pilot_model_and_its_lead_marks_milestones(app) {
    let token = officer(&app);
    let created = app.data(Some(&token), CREATE_PILOT, json!({ "input": pilot_input() })).await["createPilotModel"].clone();
    assert_eq!(created["status"], "PLANNED");
    assert_eq!(created["leadOrganization"]["name"], "Trường Cao đẳng Kỹ thuật Hải Phòng");
    assert_eq!(names(&created["participants"]).len(), 2);
    assert_eq!(created["area"]["name"], "Phường Hồng Bàng");
    let id = id_of(&created);
    let running = app.data(Some(&token), SET_PILOT_STATUS, json!({ "id": id, "status": "RUNNING" })).await;
    assert_eq!(running["setPilotModelStatus"]["status"], "RUNNING");
    refused(&app, Some(&token), SET_PILOT_STATUS, json!({ "id": id, "status": "PLANNED" }), "CONFLICT", None).await;

    let milestone = id_of(&created["milestones"][0]);
    let reached = app.data(Some(&admin(&app, COLLEGE)), REACH_MILESTONE, json!({ "id": milestone, "on": in_days(-31) })).await;
    assert_eq!(reached["reachPilotMilestone"]["reachedOn"], in_days(-31));
    let listed = app
        .data(None, "query($org: ID) { pilotModels(first: 10, filter: { organizationId: $org }) { edges { node { name status milestones { reachedOn } } } } }", json!({ "org": demo_org(ENTERPRISE) }))
        .await;
    let edges = listed["pilotModels"]["edges"].as_array().unwrap();
    let mine = edges.iter().find(|e| e["node"]["name"] == "Hướng nghiệp gắn với cơ khí chính xác").expect("listed for a participant");
    assert_eq!((mine["node"]["status"].as_str(), mine["node"]["milestones"][0]["reachedOn"].as_str()), (Some("RUNNING"), Some(in_days(-31).as_str())));
});

hub_test!(async fn a_report_sent_on_time_and_returned_stays_on_time_when_sent_again_late(app) {
    // Last year's report: due on 25 December, now past. Its first submission is dated before
    // the due day, as if it had been sent then.
    let year = this_year() - 1;
    let school = "thpt-hai-an";
    let id = id_of(&save_draft(&app, school, year).await);
    app.data(Some(&admin(&app, school)), SUBMIT, json!({ "id": id })).await;
    let on_time = chrono::NaiveDate::from_ymd_opt(year, 12, 20).unwrap().and_hms_opt(3, 0, 0).unwrap().and_utc();
    annual_report::Entity::update_many()
        .col_expr(annual_report::Column::FirstSubmittedAt, sea_orm::sea_query::Expr::value(on_time))
        .filter(annual_report::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();

    app.data(Some(&officer(&app)), RETURN, json!({ "id": id, "reason": "Bổ sung số liệu" })).await;
    save_draft(&app, school, year).await;
    let again = app.data(Some(&admin(&app, school)), SUBMIT, json!({ "id": id })).await;
    let report = &again["submitAnnualReport"];
    assert_eq!(report["late"], false, "lateness is the first submission's: {report}");
    let query = "query($filter: AnnualReportFilter) { annualReports(first: 10, filter: $filter) { edges { node { id firstSubmittedAt submittedAt late } } } }";
    let listed = app.data(Some(&officer(&app)), query, json!({ "filter": { "organizationId": demo_org(school) } })).await;
    let edges = listed["annualReports"]["edges"].as_array().unwrap();
    let node = &edges.iter().find(|e| e["node"]["id"] == id.to_string().as_str()).expect("the report is listed")["node"];
    assert!(node["firstSubmittedAt"].as_str().unwrap().starts_with(&format!("{year}-12-20")), "{node}");
    assert_ne!(node["submittedAt"], node["firstSubmittedAt"]);
    assert_eq!(node["late"], false);
});
