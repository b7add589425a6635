//! Who sees what: department officers see city-wide reports; an enterprise sees its own row
//! and nothing else; a school sees no rows; nobody else gets the summary or the CSV.

use super::*;
use crate::helpers::{demo_area, first_error_code};

const SUMMARY: &str = "{ participationSummary(groupBy: AREA) { total { organizations } } }";
const ROWS: &str = "query($filter: EnterpriseParticipationFilter) { enterpriseParticipation(filter: $filter) \
     { edges { node { organization { name } figures { offers } } } } }";

fn names(data: &Value) -> Vec<String> {
    data["enterpriseParticipation"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["organization"]["name"].as_str().unwrap().to_owned())
        .collect()
}

hub_test!(async fn only_department_officers_see_city_wide_reports(app) {
    let school = app.token("thpt-tran-phu", Role::OrgAdmin);
    let enterprise = app.token("dn-logistics-bach-dang", Role::OrgAdmin);
    let college = app.token("cd-cong-nghiep-hp", Role::OrgAdmin);
    for token in [&school, &enterprise, &college] {
        assert_eq!(app.error_code(Some(token), SUMMARY, json!({})).await, "FORBIDDEN");
    }
    assert_eq!(app.error_code(None, SUMMARY, json!({})).await, "UNAUTHENTICATED");
    assert_eq!(app.error_code(None, ROWS, json!({})).await, "UNAUTHENTICATED");
    // The refusal comes first: a malformed period does not change the answer.
    let bad_period = "{ participationSummary(period: { year: 1 }, groupBy: AREA) { total { organizations } } }";
    assert_eq!(app.error_code(Some(&school), bad_period, json!({})).await, "FORBIDDEN");

    // An enterprise sees its own row only, whatever it asks for.
    let own = app.data(Some(&enterprise), ROWS, json!({})).await;
    assert_eq!(names(&own), ["Công ty Cổ phần Logistics Bạch Đằng Việt"]);
    let other_area = json!({ "filter": { "areaId": demo_area("HP-P-THUYNGUYEN") } });
    assert!(names(&app.data(Some(&enterprise), ROWS, other_area).await).is_empty());
    // A school has no participation row of its own; it sees none.
    assert!(names(&app.data(Some(&school), ROWS, json!({})).await).is_empty());
    // An officer sees every business, and can narrow by area and sector.
    let officer = officer(&app);
    let all = names(&app.data(Some(&officer), ROWS, json!({ "filter": {} })).await);
    let verified = directory::demo_data::ORGANIZATIONS.iter().filter(|o| o.kind.is_business() && o.verified).count();
    assert_eq!(all.len(), verified, "verified businesses only: {all:?}");
    let thuy_nguyen = names(&app.data(Some(&officer), ROWS, json!({ "filter": { "areaId": demo_area("HP-P-THUYNGUYEN") } })).await);
    assert_eq!(thuy_nguyen.len(), 2, "{thuy_nguyen:?}");
    let transport = names(&app.data(Some(&officer), ROWS, json!({ "filter": { "sector": "H" } })).await);
    assert_eq!(transport.len(), 2, "5210 and 5224 are section H: {transport:?}");

    // The CSV: no token is 401, a non-officer 403 FORBIDDEN, an officer 200.
    let url = format!("{}/reports/participation.csv?groupBy=AREA", app.base_url);
    let response = app.client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 401);
    for token in [&school, &enterprise] {
        let response = app.client.get(&url).bearer_auth(token).send().await.unwrap();
        assert_eq!(response.status(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(first_error_code(&body), "FORBIDDEN");
    }
    let response = app.client.get(&url).bearer_auth(&officer).send().await.unwrap();
    assert_eq!(response.status(), 200);
});

hub_test!(async fn bad_report_arguments_name_the_field(app) {
    let officer = officer(&app);
    let field = |body: &Value| body["errors"][0]["extensions"]["field"].as_str().unwrap_or_default().to_owned();
    let backwards = "{ participationSummary(period: { from: \"2026-12-31\", to: \"2026-01-01\" }, groupBy: AREA) { total { organizations } } }";
    let (_, body) = app.graphql(Some(&officer), backwards, json!({})).await;
    assert_eq!((first_error_code(&body), field(&body)), ("BAD_USER_INPUT".into(), "period".into()));
    let mixed = "{ participationSummary(period: { year: 2026, from: \"2026-01-01\" }, groupBy: AREA) { total { organizations } } }";
    let (_, body) = app.graphql(Some(&officer), mixed, json!({})).await;
    assert_eq!((first_error_code(&body), field(&body)), ("BAD_USER_INPUT".into(), "period".into()));
    let (_, body) = app.graphql(Some(&officer), ROWS, json!({ "filter": { "sector": "52" } })).await;
    assert_eq!((first_error_code(&body), field(&body)), ("BAD_USER_INPUT".into(), "filter.sector".into()));
    let (_, body) = app.graphql(Some(&officer), ROWS, json!({ "filter": { "kinds": ["UPPER_SECONDARY_SCHOOL"] } })).await;
    assert_eq!((first_error_code(&body), field(&body)), ("BAD_USER_INPUT".into(), "filter.kinds".into()));

    for (query, name) in [("groupBy=REGION", "groupBy"), ("from=2026-02-30&to=2026-03-01", "from"), ("year=abc", "year")] {
        let url = format!("{}/reports/participation.csv?{query}", app.base_url);
        let response = app.client.get(&url).bearer_auth(&officer).send().await.unwrap();
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!((first_error_code(&body), field(&body)), ("BAD_USER_INPUT".into(), name.into()), "{query}");
    }
});
