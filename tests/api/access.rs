//! `docs/access.md` held to the code: every row marked `checked` is run here as each kind of
//! caller, on the demo data, and its outcome compared with the row's cell. The test also fails
//! when a checked row has no scenario here, a scenario has no checked row, or a mutation of the
//! schema has no row in the document. Then the remit tests the issue asked for by name.

use std::collections::BTreeSet;

use hub_common::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, demo_area, demo_org, first_error_code, in_days};
use crate::hub_test;

const DOC: &str = include_str!("../../docs/access.md");

/// The columns of the document's tables, in order.
const CALLERS: [Caller; 6] = [
    Caller::Anonymous,
    Caller::Member,
    Caller::Admin,
    Caller::EducationOfficer,
    Caller::TradeOfficer,
    Caller::PlatformAdmin,
];
const HEADER: [&str; 8] = [
    "Action",
    "Anonymous",
    "ORG_MEMBER",
    "ORG_ADMIN",
    "Officer, E&T",
    "Officer, I&T",
    "PLATFORM_ADMIN",
    "Test",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Member,
    Admin,
    EducationOfficer,
    TradeOfficer,
    PlatformAdmin,
}

impl Caller {
    /// The caller's token; members and administrators act for `org`, the organization the row
    /// concerns (so do platform admins, which changes nothing for them).
    fn token(self, app: &TestApp, org: &str) -> Option<String> {
        match self {
            Caller::Anonymous => None,
            Caller::Member => Some(app.token(org, Role::OrgMember)),
            Caller::Admin => Some(app.token(org, Role::OrgAdmin)),
            Caller::EducationOfficer => Some(app.token("so-gddt", Role::DepartmentOfficer)),
            Caller::TradeOfficer => Some(app.token("so-congthuong", Role::DepartmentOfficer)),
            Caller::PlatformAdmin => Some(app.token(org, Role::PlatformAdmin)),
        }
    }
}

/// One row of the document: the action's cell, what each caller gets, whether it is checked.
#[derive(Debug)]
struct Row {
    action: String,
    cells: Vec<String>,
    checked: bool,
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for line in DOC.lines().filter(|line| line.starts_with('|')) {
        let cells: Vec<String> =
            line.trim().trim_matches('|').split('|').map(|cell| cell.trim().to_owned()).collect();
        if cells[0] == "Action" {
            assert_eq!(cells, HEADER, "docs/access.md: a table's header changed");
            continue;
        }
        if cells[0].starts_with("---") {
            continue;
        }
        assert_eq!(cells.len(), HEADER.len(), "docs/access.md: {line}");
        for cell in &cells[1..7] {
            assert!(
                ["yes", "no", "own", "read"].contains(&cell.as_str()),
                "docs/access.md: {cell:?} in {line}"
            );
        }
        assert!(["", "checked"].contains(&cells[7].as_str()), "docs/access.md: {line}");
        rows.push(Row {
            action: cells[0].clone(),
            checked: cells[7] == "checked",
            cells: cells[1..7].to_vec(),
        });
    }
    rows
}

/// The organization a row concerns: the last name in its brackets ("(an area; thpt-ngo-quyen)").
fn concerned(action: &str) -> &str {
    let inside = action.rsplit_once('(').and_then(|(_, rest)| rest.strip_suffix(')')).unwrap_or_default();
    let key = inside.rsplit([';', ',']).next().unwrap_or_default().trim();
    key.rsplit(' ').next().unwrap_or_default()
}

/// Runs the row's action once as `caller` (the `n`-th caller, for rows that need fresh data
/// each time): `Ok` when it succeeded, the error code otherwise. `None` when this file has no
/// scenario for the row.
async fn attempt(app: &TestApp, action: &str, caller: Caller, n: usize) -> Option<Result<(), String>> {
    let org = concerned(action);
    let token = caller.token(app, org);
    let officer = app.token("so-gddt", Role::DepartmentOfficer);
    let (query, variables): (&str, Value) = match action {
        "`registerOrganization` (an enterprise; thcs-hong-bang)" => (
            REGISTER,
            json!({ "input": {
            "kind": "ENTERPRISE", "name": format!("Công ty TNHH Thử quyền {n}"), "taxCode": crate::helpers::tax_code(8700 + n as u32),
            "industryCode": "3314", "areaId": demo_area("HP-P-LECHAN") } }),
        ),
        "`registerOrganization` (a city department; thcs-hong-bang)" => (
            REGISTER,
            json!({ "input": {
            "kind": "DEPARTMENT", "name": format!("Sở Thử quyền {n}"), "areaId": demo_area("HP-P-HONGBANG"),
            "remit": "EDUCATION_AND_TRAINING" } }),
        ),
        "`updateOrganization` (dn-logistics-bach-dang)" => (
            "mutation($id: ID!) { updateOrganization(id: $id, input: { website: \"https://bachdang.example.vn\" }) { id } }",
            json!({ "id": demo_org(org) }),
        ),
        "`verifyOrganization` (an enterprise; dn-chua-xac-minh)"
        | "`verifyOrganization` (a business association; hh-dn-dat-cang)"
        | "`verifyOrganization` (a college; cd-cong-nghiep-hp)"
        | "`verifyOrganization` (a school; thpt-tran-phu)"
        | "`verifyOrganization` (a city department; so-congthuong)" => {
            (VERIFY, json!({ "id": demo_org(org) }))
        }
        "`setTarget` (thpt-tran-phu)" => (
            SET_TARGET,
            json!({ "input": {
            "indicator": TO_COLLEGE, "value": 50.0, "fromYear": 2026, "sourceDocument": format!("Văn bản số {n}"),
            "issuedOn": "2026-01-15" } }),
        ),
        "`reportMeasurement` (a school's own; thpt-ngo-quyen)" => (
            REPORT_MEASUREMENT,
            json!({ "input": {
            "indicator": TO_COLLEGE, "organizationId": demo_org(org), "year": 2018 + n as i32, "numerator": 1,
            "denominator": 2, "evidence": "Báo cáo tổng kết" } }),
        ),
        "`reportMeasurement` (an area; thpt-ngo-quyen)" => (
            REPORT_MEASUREMENT,
            json!({ "input": {
            "indicator": TO_COLLEGE, "areaId": demo_area("HP-NQ"), "year": 2018 + n as i32, "numerator": 1,
            "denominator": 2 } }),
        ),
        "`saveAnnualReportDraft` (a school's; thpt-hai-an)" => {
            // One report per organization and year: each caller writes for another year.
            (
                SAVE_DRAFT,
                json!({ "input": { "year": report_year(n), "summary": "Bốn chuyên đề hướng nghiệp." } }),
            )
        }
        "`submitAnnualReport` (thpt-kien-an)" => {
            let id = draft(app, org, report_year(n)).await;
            (SUBMIT, json!({ "id": id }))
        }
        "`acceptAnnualReport` (thpt-do-son)" => {
            let id = submitted(app, org, report_year(n)).await;
            (ACCEPT, json!({ "id": id }))
        }
        "`returnAnnualReport` (thpt-an-lao)" => {
            let id = submitted(app, org, report_year(n)).await;
            (RETURN, json!({ "id": id, "reason": "Thiếu số liệu" }))
        }
        "`createPilotModel` (cd-cong-nghiep-hp)" => (CREATE_PILOT, json!({ "input": pilot_input(n) })),
        "`setPilotModelStatus` (cd-cong-nghiep-hp)" => {
            let created = app.data(Some(&officer), CREATE_PILOT, json!({ "input": pilot_input(n) })).await;
            (SET_PILOT_STATUS, json!({ "id": created["createPilotModel"]["id"], "status": "RUNNING" }))
        }
        "`reachPilotMilestone` (the lead, cd-cong-nghiep-hp)" => {
            let created = app.data(Some(&officer), CREATE_PILOT, json!({ "input": pilot_input(n) })).await;
            (
                REACH_MILESTONE,
                json!({ "id": created["createPilotModel"]["milestones"][0]["id"], "on": in_days(-1) }),
            )
        }
        "`participationSummary` (thpt-tran-phu)" => {
            ("{ participationSummary(groupBy: AREA) { total { organizations } } }", json!({}))
        }
        "`enterpriseParticipation` (dn-logistics-bach-dang)" => {
            ("{ enterpriseParticipation(first: 5) { edges { node { participated } } } }", json!({}))
        }
        "`indicatorProgress` (thpt-tran-phu)" => (
            "query($year: Int!) { indicatorProgress(indicator: \"UPPER_SECONDARY_TO_COLLEGE\", year: $year) { achieved } }",
            json!({ "year": this_year() }),
        ),
        "`annualReportsOutstanding` (thpt-tran-phu)" => (
            "query($year: Int!) { annualReportsOutstanding(year: $year) { id } }",
            json!({ "year": this_year() }),
        ),
        "`auditLog` (thcs-to-hieu)" => ("{ auditLog(first: 5) { edges { node { id } } } }", json!({})),
        _ => return None,
    };
    let (_, body) = app.graphql(token.as_deref(), query, variables).await;
    Some(if body.get("errors").is_none() { Ok(()) } else { Err(first_error_code(&body)) })
}

/// Every row whose action this file can run (kept in step with `attempt` by the test).
const SCENARIOS: usize = 23;

hub_test!(async fn docs_access_md_matches_what_the_code_allows(app) {
    let rows = rows();
    // Every mutation of the schema has a row.
    let documented: BTreeSet<&str> =
        rows.iter().filter_map(|row| row.action.strip_prefix('`')?.split('`').next()).collect();
    let schema = app.data(None, "{ __type(name: \"Mutation\") { fields { name } } }", json!({})).await;
    let missing: Vec<&str> = schema["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|field| field["name"].as_str())
        .filter(|name| !documented.contains(name))
        .collect();
    assert!(missing.is_empty(), "mutations with no row in docs/access.md: {missing:?}");

    let mut failures = Vec::new();
    let mut checked = 0;
    for row in &rows {
        for (n, (caller, cell)) in CALLERS.iter().zip(&row.cells).enumerate() {
            let Some(outcome) = attempt(&app, &row.action, *caller, n).await else {
                assert!(!row.checked, "docs/access.md marks {} checked, but tests/api/access.rs has no scenario for it", row.action);
                break;
            };
            assert!(row.checked, "tests/api/access.rs runs {}, but docs/access.md does not mark it checked", row.action);
            let expected = match (cell.as_str(), caller) {
                ("yes" | "own" | "read", _) => Ok(()),
                (_, Caller::Anonymous) => Err("UNAUTHENTICATED".to_owned()),
                _ => Err("FORBIDDEN".to_owned()),
            };
            if outcome != expected {
                failures.push(format!("{} as {caller:?}: the document says {cell}, the code gave {outcome:?}", row.action));
            }
        }
        checked += usize::from(row.checked);
    }
    assert!(failures.is_empty(), "docs/access.md disagrees with the code:\n{}", failures.join("\n"));
    assert_eq!(checked, SCENARIOS, "every scenario in tests/api/access.rs has a checked row in docs/access.md");
});

hub_test!(async fn an_education_officer_sets_a_target_but_cannot_verify_an_enterprise(app) {
    let officer = app.token("so-gddt", Role::DepartmentOfficer);
    let input = json!({ "input": { "indicator": TO_COLLEGE, "value": 50.0, "fromYear": 2026, "sourceDocument": "Văn bản", "issuedOn": "2026-01-15" } });
    app.data(Some(&officer), SET_TARGET, input).await;
    let (_, body) = app.graphql(Some(&officer), VERIFY, json!({ "id": demo_org("dn-chua-xac-minh") })).await;
    assert_eq!(first_error_code(&body), "FORBIDDEN", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Industry and Trade"), "the refusal names the remit needed: {message}");
    assert!(!verified(&app, "dn-chua-xac-minh").await);
});

hub_test!(async fn a_trade_officer_verifies_an_enterprise_but_cannot_set_targets_or_accept_reports(app) {
    let officer = app.token("so-congthuong", Role::DepartmentOfficer);
    app.data(Some(&officer), VERIFY, json!({ "id": demo_org("dn-chua-xac-minh") })).await;
    assert!(verified(&app, "dn-chua-xac-minh").await);

    let input = json!({ "input": { "indicator": TO_COLLEGE, "value": 50.0, "fromYear": 2026, "sourceDocument": "Văn bản", "issuedOn": "2026-01-15" } });
    let (_, body) = app.graphql(Some(&officer), SET_TARGET, input).await;
    assert_eq!(first_error_code(&body), "FORBIDDEN", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap_or_default().contains("Education and Training"), "{body}");

    let id = submitted(&app, "thpt-hai-an", this_year()).await;
    let (_, body) = app.graphql(Some(&officer), ACCEPT, json!({ "id": id })).await;
    assert_eq!(first_error_code(&body), "FORBIDDEN", "{body}");
    let education = app.token("so-gddt", Role::DepartmentOfficer);
    let accepted = app.data(Some(&education), ACCEPT, json!({ "id": id })).await;
    assert_eq!(accepted["acceptAnnualReport"]["status"], "ACCEPTED");
});

hub_test!(async fn officers_of_either_remit_read_the_figures_and_remits_are_shown(app) {
    for department in ["so-gddt", "so-congthuong"] {
        let officer = app.token(department, Role::DepartmentOfficer);
        let data = app.data(Some(&officer), "{ participationSummary(groupBy: SECTOR) { total { organizations } } }", json!({})).await;
        assert!(data["participationSummary"]["total"]["organizations"].is_number(), "{data}");
    }
    let remits = app
        .data(None, "query($a: ID!, $b: ID!, $c: ID!) { a: organization(id: $a) { remit } b: organization(id: $b) { remit } c: organization(id: $c) { remit } }",
              json!({ "a": demo_org("so-gddt"), "b": demo_org("so-congthuong"), "c": demo_org("thpt-tran-phu") }))
        .await;
    assert_eq!(remits, json!({ "a": { "remit": "EDUCATION_AND_TRAINING" }, "b": { "remit": "INDUSTRY_AND_TRADE" }, "c": { "remit": null } }));
});

hub_test!(async fn an_officer_role_outside_a_department_carries_no_remit(app) {
    // The token says DEPARTMENT_OFFICER, but the organization is a school: no remit, though it
    // still reads what every officer reads.
    let token = app.token("thpt-tran-phu", Role::DepartmentOfficer);
    let input = json!({ "input": { "indicator": TO_COLLEGE, "value": 50.0, "fromYear": 2026, "sourceDocument": "Văn bản", "issuedOn": "2026-01-15" } });
    assert_eq!(app.error_code(Some(&token), SET_TARGET, input).await, "FORBIDDEN");
    assert_eq!(app.error_code(Some(&token), VERIFY, json!({ "id": demo_org("thpt-tran-phu") })).await, "FORBIDDEN");
    app.data(Some(&token), "{ participationSummary(groupBy: AREA) { total { organizations } } }", json!({})).await;
});

hub_test!(async fn a_websocket_officer_acts_within_the_departments_remit(app) {
    // `connection_init` builds the principal the same way as HTTP, remits included.
    let officer = app.token("so-congthuong", Role::DepartmentOfficer);
    let mut socket = crate::ws_client::WsClient::connect(&app.base_url, Some(&officer)).await;
    socket.subscribe("verify", VERIFY, json!({ "id": demo_org("dn-chua-xac-minh") })).await;
    assert_eq!(socket.next_data("verify").await["verifyOrganization"]["verified"], true);
    let input = json!({ "input": { "indicator": TO_COLLEGE, "value": 50.0, "fromYear": 2026, "sourceDocument": "Văn bản", "issuedOn": "2026-01-15" } });
    socket.subscribe("target", SET_TARGET, input).await;
    let refused = loop {
        let message = socket.next_message().await;
        if message["id"] == "target" {
            break message;
        }
    };
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    socket.close().await;
});

hub_test!(async fn a_department_is_registered_with_its_remit_and_only_a_department_has_one(app) {
    let admin = app.token("so-gddt", Role::PlatformAdmin);
    let department = json!({ "kind": "DEPARTMENT", "name": "Sở Lao động Thương binh và Xã hội", "areaId": demo_area("HP-P-HONGBANG") });
    let (_, body) = app.graphql(Some(&admin), REGISTER, json!({ "input": department })).await;
    assert_eq!((first_error_code(&body).as_str(), &body["errors"][0]["extensions"]["field"]), ("BAD_USER_INPUT", &json!("remit")), "{body}");
    let mut with_remit = department.clone();
    with_remit["remit"] = json!("EDUCATION_AND_TRAINING");
    let created = app.data(Some(&admin), REGISTER, json!({ "input": with_remit })).await;
    assert_eq!(created["registerOrganization"]["remit"], "EDUCATION_AND_TRAINING");

    let school = app.token("thpt-tran-phu", Role::OrgAdmin);
    let enterprise = json!({ "kind": "ENTERPRISE", "name": "Công ty TNHH Có Nhiệm Vụ", "taxCode": crate::helpers::tax_code(8801),
                             "industryCode": "3314", "areaId": demo_area("HP-P-LECHAN"), "remit": "INDUSTRY_AND_TRADE" });
    let (_, body) = app.graphql(Some(&school), REGISTER, json!({ "input": enterprise })).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "remit", "{body}");
});

const TO_COLLEGE: &str = "UPPER_SECONDARY_TO_COLLEGE";
const REGISTER: &str =
    "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id remit } }";
const VERIFY: &str = "mutation($id: ID!) { verifyOrganization(id: $id) { id verified } }";
const SET_TARGET: &str = "mutation($input: SetTargetInput!) { setTarget(input: $input) { id } }";
const REPORT_MEASUREMENT: &str =
    "mutation($input: ReportMeasurementInput!) { reportMeasurement(input: $input) { id } }";
const SAVE_DRAFT: &str =
    "mutation($input: AnnualReportDraftInput!) { saveAnnualReportDraft(input: $input) { id } }";
const SUBMIT: &str = "mutation($id: ID!) { submitAnnualReport(id: $id) { id status } }";
const ACCEPT: &str = "mutation($id: ID!) { acceptAnnualReport(id: $id) { id status } }";
const RETURN: &str =
    "mutation($id: ID!, $reason: String!) { returnAnnualReport(id: $id, reason: $reason) { id status } }";
const CREATE_PILOT: &str =
    "mutation($input: CreatePilotModelInput!) { createPilotModel(input: $input) { id milestones { id } } }";
const SET_PILOT_STATUS: &str =
    "mutation($id: ID!, $status: PilotModelStatus!) { setPilotModelStatus(id: $id, status: $status) { id } }";
const REACH_MILESTONE: &str =
    "mutation($id: ID!, $on: Date!) { reachPilotMilestone(id: $id, reachedOn: $on) { id } }";

fn this_year() -> i32 {
    use chrono::Datelike;
    hub_common::time::today().year()
}

/// A calendar year with no demo report for any school (the demo data holds this year's and
/// last year's), a different one for each caller.
fn report_year(n: usize) -> i32 {
    this_year() - 2 - n as i32
}

fn pilot_input(n: usize) -> Value {
    json!({
        "name": format!("Hướng nghiệp gắn với cơ khí chính xác {n}"),
        "approach": "Học sinh lớp 11 học chuyên đề cơ khí tại xưởng của trường cao đẳng.",
        "leadOrganizationId": demo_org("cd-cong-nghiep-hp"),
        "participantIds": [demo_org("thpt-ngo-quyen")],
        "areaId": demo_area("HP-P-HONGBANG"),
        "startsOn": in_days(-60),
        "endsOn": in_days(300),
        "milestones": [{ "title": "Ký kết phối hợp", "dueOn": in_days(-30) }],
    })
}

/// A draft yearly report of `org` for `year`, saved by one of its members.
async fn draft(app: &TestApp, org: &str, year: i32) -> Value {
    let input = json!({ "input": { "year": year, "summary": "Bốn chuyên đề hướng nghiệp." } });
    app.data(Some(&app.token(org, Role::OrgMember)), SAVE_DRAFT, input).await["saveAnnualReportDraft"]["id"]
        .clone()
}

/// A submitted yearly report of `org` for `year`.
async fn submitted(app: &TestApp, org: &str, year: i32) -> Value {
    let id = draft(app, org, year).await;
    app.data(Some(&app.token(org, Role::OrgAdmin)), SUBMIT, json!({ "id": id })).await;
    id
}

async fn verified(app: &TestApp, key: &str) -> bool {
    let data = app
        .data(None, "query($id: ID!) { organization(id: $id) { verified } }", json!({ "id": demo_org(key) }))
        .await;
    data["organization"]["verified"].as_bool().unwrap()
}
