//! Officers' figures count verified organizations only and say how many unverified ones that
//! took part were left out: anyone signed in may register an enterprise and record activity,
//! and until a department vouches for it, none of it enters the city's figures. The
//! organization's own people still see their own row.

use std::process::Command;

use uuid::Uuid;

use super::*;
use crate::helpers::refused;

const REGISTER: &str =
    "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id verified } }";
const VERIFY: &str = "mutation($id: ID!) { verifyOrganization(id: $id) { verified } }";
const RECORD: &str = "mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { id } }";
const QUEUE: &str = "query($first: Int, $after: String) { organizationsAwaitingVerification(first: $first, after: $after) { edges { node { id kind verified } } pageInfo { hasNextPage endCursor } } }";

async fn left_out_and_engagements(app: &TestApp, token: &str) -> (i64, i64) {
    let query = "query($year: Int!) { participationSummary(period: { year: $year }, groupBy: AREA) { unverifiedLeftOut total { figures { engagements } } } }";
    let data = app.data(Some(token), query, json!({ "year": this_year() })).await;
    let summary = &data["participationSummary"];
    (
        summary["unverifiedLeftOut"].as_i64().unwrap(),
        summary["total"]["figures"]["engagements"].as_i64().unwrap(),
    )
}

/// The last line of the per-enterprise CSV, as Python's csv module reads it.
async fn csv_last_line(app: &TestApp, token: &str) -> Vec<String> {
    let url = format!("{}/reports/participation.csv?year={}", app.base_url, this_year());
    let bytes = app.client.get(&url).bearer_auth(token).send().await.unwrap().bytes().await.unwrap();
    let path = std::env::temp_dir().join(format!("participation-{}.csv", Uuid::now_v7().simple()));
    std::fs::write(&path, &bytes).unwrap();
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    \
                  print(json.dumps(list(csv.reader(f))[-1], ensure_ascii=False))";
    let output = Command::new("python3").arg("-c").arg(script).arg(&path).output().expect("python3 runs");
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every id in an officer's verification queue, page by page.
async fn queue(app: &TestApp, token: &str) -> Vec<Value> {
    let mut nodes = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app.data(Some(token), QUEUE, json!({ "first": 2, "after": after })).await;
        let connection = &data["organizationsAwaitingVerification"];
        nodes.extend(connection["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()));
        if connection["pageInfo"]["hasNextPage"] != true {
            return nodes;
        }
        after = connection["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
}

hub_test!(async fn unverified_organizations_are_left_out_of_officers_figures_and_counted_apart(app) {
    let officer = officer(&app);
    let (left_out, engagements) = left_out_and_engagements(&app, &officer).await;

    // Somebody registers an enterprise and records a career day for it at once.
    let input = json!({
        "kind": "ENTERPRISE", "name": "Công ty TNHH Hướng nghiệp Tự xưng",
        "areaId": crate::helpers::demo_area("HP-P-LECHAN"), "taxCode": crate::helpers::tax_code(9101), "industryCode": "5210",
    });
    let registrar = app.token("thpt-tran-phu", Role::OrgAdmin);
    let data = app.data(Some(&registrar), REGISTER, json!({ "input": input })).await;
    let id = Uuid::parse_str(data["registerOrganization"]["id"].as_str().unwrap()).unwrap();
    assert_eq!(data["registerOrganization"]["verified"], false);
    let own = app.token_for("test:thpt-tran-phu", Some(id), &[Role::OrgMember]);
    let engagement = json!({ "kind": "CAREER_DAY", "heldOn": crate::helpers::in_days(0), "organizationIds": [],
        "reach": [{ "grade": 12, "students": 500 }], "twoWay": false });
    app.data(Some(&own), RECORD, json!({ "input": engagement })).await;

    // Officers' figures leave it out and say so; its own people see their row.
    assert_eq!(left_out_and_engagements(&app, &officer).await, (left_out + 1, engagements));
    let ids = |rows: Vec<Value>| rows.iter().map(|r| r["organization"]["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(!ids(all_rows(&app, &officer, this_year()).await).contains(&id.to_string()));
    let own_rows = all_rows(&app, &own, this_year()).await;
    assert_eq!(own_rows.len(), 1);
    assert_eq!(own_rows[0]["figures"]["engagements"], 1);
    let last = csv_last_line(&app, &officer).await;
    assert_eq!(last[1], format!("Tổ chức chưa xác minh (không tính): {}", left_out + 1), "{last:?}");

    // It waits in Industry and Trade's queue, not in Education and Training's.
    let queued = |nodes: Vec<Value>| nodes.iter().any(|n| n["id"] == id.to_string());
    let industry = queue(&app, &officer).await;
    assert!(queued(industry.clone()));
    assert!(industry.iter().all(|n| n["verified"] == false && ["ENTERPRISE", "BUSINESS_ASSOCIATION"].contains(&n["kind"].as_str().unwrap())), "{industry:?}");
    let education = app.token("so-gddt", Role::DepartmentOfficer);
    assert!(!queued(queue(&app, &education).await));
    for token in [Some(app.token("thpt-tran-phu", Role::OrgAdmin)), Some(own.clone())] {
        refused(&app, token.as_deref(), QUEUE, json!({}), "FORBIDDEN", None).await;
    }
    refused(&app, None, QUEUE, json!({}), "UNAUTHENTICATED", None).await;

    // Verified, it leaves the queue and its career day counts.
    app.data(Some(&officer), VERIFY, json!({ "id": id })).await;
    assert!(!queued(queue(&app, &officer).await));
    assert_eq!(left_out_and_engagements(&app, &officer).await, (left_out, engagements + 1));
    assert!(ids(all_rows(&app, &officer, this_year()).await).contains(&id.to_string()));
});
