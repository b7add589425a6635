//! The directory over HTTP: the demo data, listing and search, registration and its rules.

use hub_common::Role;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::{demo_area, demo_org};
use crate::hub_test;

async fn db_organization(
    app: &crate::helpers::TestApp,
    id: uuid::Uuid,
) -> directory::entity::organization::Model {
    directory::entity::organization::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("reading the database")
        .expect("the organization exists")
}

fn names(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["name"].as_str().expect("a name").to_owned())
        .collect()
}

hub_test!(async fn demo_query_returns_hai_phong_organizations(app) {
    let data = app
        .data(None, "{ organizations(first: 50) { edges { node { name kind area { name } } } } }", json!({}))
        .await;
    let edges = data["organizations"]["edges"].as_array().expect("edges");
    assert!(edges.len() >= 30, "the demo set has over 30 organizations, got {}", edges.len());
    let tran_phu = edges
        .iter()
        .find(|edge| edge["node"]["name"] == "Trường THPT chuyên Trần Phú")
        .expect("Trần Phú is in the demo set");
    assert_eq!(tran_phu["node"]["kind"], "UPPER_SECONDARY_SCHOOL");
    assert!(tran_phu["node"]["area"]["name"].as_str().is_some_and(|name| name.starts_with("Phường")));
    let kinds: Vec<&str> = edges.iter().filter_map(|edge| edge["node"]["kind"].as_str()).collect();
    for kind in ["LOWER_SECONDARY_SCHOOL", "COLLEGE", "ENTERPRISE", "DEPARTMENT"] {
        assert!(kinds.contains(&kind), "no {kind} in the demo set");
    }
});

hub_test!(async fn pages_cover_every_organization_once(app) {
    let query = "query($after: String) { organizations(first: 7, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }";
    let all = app.data(None, "{ organizations(first: 100) { edges { node { name } } } }", json!({})).await;
    let expected = names(&all["organizations"]);
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app.data(None, query, json!({ "after": after })).await;
        let page = &data["organizations"];
        seen.extend(names(page));
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, expected);
    let code = app.error_code(None, "{ organizations(first: 101) { edges { node { name } } } }", json!({})).await;
    assert_eq!(code, "PAGE_SIZE_TOO_LARGE");
    let code = app.error_code(None, query, json!({ "after": "bm90LWEtY3Vyc29y" })).await;
    assert_eq!(code, "BAD_USER_INPUT");
});

hub_test!(async fn filters_by_kind_area_verification_and_unaccented_text(app) {
    let query = "query($filter: OrganizationFilter) { organizations(first: 100, filter: $filter) { edges { node { name kind verified } } } }";
    let data = app.data(None, query, json!({ "filter": { "text": "tran phu" } })).await;
    let found = names(&data["organizations"]);
    assert!(found.contains(&"Trường THPT chuyên Trần Phú".to_owned()), "{found:?}");
    assert!(found.iter().all(|name| name.contains("Trần Phú")), "{found:?}");

    let data = app.data(None, query, json!({ "filter": { "kinds": ["ENTERPRISE"], "verified": false } })).await;
    let edges = data["organizations"]["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), 2, "the demo set has two unverified enterprises");
    assert!(edges.iter().all(|e| e["node"]["kind"] == "ENTERPRISE" && e["node"]["verified"] == false));

    // The city contains every organization; a ward only its own.
    let city = app.data(None, query, json!({ "filter": { "areaId": demo_area("HP") } })).await;
    let everyone = app.data(None, query, json!({})).await;
    assert_eq!(names(&city["organizations"]), names(&everyone["organizations"]));
    let ward = app.data(None, query, json!({ "filter": { "areaId": demo_area("HP-DK-CATHAI") } })).await;
    let in_ward = names(&ward["organizations"]);
    assert!(!in_ward.is_empty() && in_ward.len() < names(&everyone["organizations"]).len());
});

hub_test!(async fn areas_are_current_unless_history_is_asked_for(app) {
    let query = "query($filter: AreaFilter) { areas(filter: $filter) { code name level validTo parent { code } } }";
    let current = app.data(None, query, json!({})).await;
    let current = current["areas"].as_array().expect("areas").clone();
    assert!(current.iter().all(|a| a["validTo"].is_null()), "{current:?}");
    assert!(current.iter().any(|a| a["level"] == "SPECIAL_ZONE" && a["parent"]["code"] == "HP"));
    assert!(!current.iter().any(|a| a["level"] == "URBAN_DISTRICT"));

    let history = app.data(None, query, json!({ "filter": { "validOn": "2024-06-01" } })).await;
    let history = history["areas"].as_array().expect("areas").clone();
    let le_chan = history.iter().find(|a| a["code"] == "HP-LC").expect("Lê Chân district existed in 2024");
    assert_eq!(le_chan["level"], "URBAN_DISTRICT");
    assert_eq!(le_chan["validTo"], "2025-06-30");
    assert!(!history.iter().any(|a| a["level"] == "WARD"), "wards start on 1 July 2025");
});

const REGISTER: &str = "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id name kind verified taxCode area { name } } }";
const UPDATE: &str = "mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id name verified taxCode address } }";
const VERIFY: &str = "mutation($id: ID!) { verifyOrganization(id: $id) { id verified } }";

fn new_enterprise(tax_code: &str) -> Value {
    json!({
        "kind": "ENTERPRISE",
        "name": "  Công ty TNHH Cơ điện Lạch Tray  ",
        "areaId": demo_area("HP-P-LECHAN"),
        "taxCode": tax_code,
        "industryCode": "3314",
        "address": "15 Lạch Tray",
    })
}

hub_test!(async fn a_token_registers_and_updates_its_own_organization(app) {
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    let data = app.data(Some(&token), REGISTER, json!({ "input": new_enterprise(&crate::helpers::tax_code(9001)) })).await;
    let created = &data["registerOrganization"];
    assert_eq!(created["name"], "Công ty TNHH Cơ điện Lạch Tray", "names are trimmed");
    assert_eq!(created["verified"], false, "new organizations start unverified");
    let id = created["id"].as_str().expect("an id").to_owned();

    let data = app.data(Some(&token), UPDATE, json!({ "id": id, "input": { "name": "Công ty TNHH Cơ điện Lạch Tray Mới", "address": null } })).await;
    assert_eq!(data["updateOrganization"]["name"], "Công ty TNHH Cơ điện Lạch Tray Mới");
    assert!(data["updateOrganization"]["address"].is_null(), "an explicit null clears the address");

    let viewer = app.data(Some(&token), "{ viewer { subject roles memberships { role organization { id } } } }", json!({})).await;
    assert_eq!(viewer["viewer"]["memberships"][0]["organization"]["id"], id.as_str());
    assert_eq!(viewer["viewer"]["memberships"][0]["role"], "ORG_ADMIN");
});

hub_test!(async fn updating_another_organization_is_forbidden_and_changes_nothing(app) {
    let target = demo_org("dn-logistics-bach-dang");
    let before = db_organization(&app, target).await;
    for token in [
        app.token("thpt-tran-phu", Role::OrgAdmin),
        app.token("dn-logistics-bach-dang", Role::OrgMember),
        app.token("so-gddt", Role::DepartmentOfficer),
    ] {
        let code = app.error_code(Some(&token), UPDATE, json!({ "id": target, "input": { "name": "Hijacked" } })).await;
        assert_eq!(code, "FORBIDDEN");
    }
    let code = app.error_code(None, UPDATE, json!({ "id": target, "input": { "name": "Hijacked" } })).await;
    assert_eq!(code, "UNAUTHENTICATED");
    // A missing organization looks the same as someone else's to an outsider.
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    let code = app.error_code(Some(&token), UPDATE, json!({ "id": uuid::Uuid::now_v7(), "input": { "name": "x" } })).await;
    assert_eq!(code, "FORBIDDEN");
    assert_eq!(db_organization(&app, target).await, before);

    let owner = app.token("dn-logistics-bach-dang", Role::OrgAdmin);
    let data = app.data(Some(&owner), UPDATE, json!({ "id": target, "input": { "website": "https://bachdang.example.vn" } })).await;
    assert_eq!(data["updateOrganization"]["id"], target.to_string());
});

hub_test!(async fn only_department_officers_verify(app) {
    let target = demo_org("dn-chua-xac-minh");
    for token in [app.token("dn-chua-xac-minh", Role::OrgAdmin), app.token("thpt-tran-phu", Role::OrgAdmin)] {
        assert_eq!(app.error_code(Some(&token), VERIFY, json!({ "id": target })).await, "FORBIDDEN");
    }
    assert!(!db_organization(&app, target).await.verified);

    let officer = app.token("so-congthuong", Role::DepartmentOfficer);
    let data = app.data(Some(&officer), VERIFY, json!({ "id": target })).await;
    assert_eq!(data["verifyOrganization"]["verified"], true);
    let row = db_organization(&app, target).await;
    assert!(row.verified && row.verified_by.as_deref() == Some("test:so-congthuong"));

    let code = app.error_code(Some(&officer), VERIFY, json!({ "id": uuid::Uuid::now_v7() })).await;
    assert_eq!(code, "NOT_FOUND");
});

hub_test!(async fn a_new_tax_code_withdraws_verification(app) {
    let target = demo_org("dn-logistics-bach-dang");
    let owner = app.token("dn-logistics-bach-dang", Role::OrgAdmin);
    let data = app.data(Some(&owner), UPDATE, json!({ "id": target, "input": { "taxCode": crate::helpers::tax_code(9555) } })).await;
    assert_eq!(data["updateOrganization"]["verified"], false);
    assert!(!db_organization(&app, target).await.verified);
});

hub_test!(async fn registration_rules_are_enforced(app) {
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    app.data(Some(&token), REGISTER, json!({ "input": new_enterprise(&crate::helpers::tax_code(9002)) })).await;
    let (_, body) = app.graphql(Some(&token), REGISTER, json!({ "input": new_enterprise(&crate::helpers::tax_code(9002)) })).await;
    assert_eq!(crate::helpers::first_error_code(&body), "CONFLICT", "{body}");

    let mut no_tax = new_enterprise(&crate::helpers::tax_code(9003));
    no_tax["taxCode"] = Value::Null;
    let (_, body) = app.graphql(Some(&token), REGISTER, json!({ "input": no_tax })).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "taxCode", "{body}");

    let mut historic = new_enterprise(&crate::helpers::tax_code(9004));
    historic["areaId"] = json!(demo_area("HP-LC"));
    let (_, body) = app.graphql(Some(&token), REGISTER, json!({ "input": historic })).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "areaId", "a district that no longer exists: {body}");

    let mut department = new_enterprise(&crate::helpers::tax_code(9005));
    department["kind"] = json!("DEPARTMENT");
    assert_eq!(app.error_code(Some(&token), REGISTER, json!({ "input": department })).await, "FORBIDDEN");

    // A mistyped tax code is explained; a branch's 13 digits may run on, and are stored dashed.
    let mut typo = new_enterprise("0201234567");
    typo["name"] = json!("Công ty TNHH Gõ Nhầm");
    let (_, body) = app.graphql(Some(&token), REGISTER, json!({ "input": typo })).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "taxCode", "{body}");
    assert!(body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("check digit") && m.contains("would be 9")), "{body}");
    // An industry code must be in VSIC 2018: there is no division 04, so 0400 is refused;
    // 6201 (Lập trình máy vi tính) is accepted.
    let mut unknown = new_enterprise(&crate::helpers::tax_code(9008));
    unknown["industryCode"] = json!("0400");
    let (_, body) = app.graphql(Some(&token), REGISTER, json!({ "input": unknown.clone() })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "industryCode", "{body}");
    assert!(body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("not in VSIC 2018")), "{body}");
    // In a division that exists, a code must still be on the list: 0130 was VSIC 2007's, which
    // 2018 split into 0131 and 0132; 62019 is no sub-class of 6201.
    for retired in ["0130", "62019"] {
        unknown["industryCode"] = json!(retired);
        let (_, body) = app.graphql(Some(&token), REGISTER, json!({ "input": unknown.clone() })).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "industryCode", "{retired}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(retired) && message.contains("VSIC 2018"), "{retired}: {body}");
    }
    unknown["industryCode"] = json!("6201");
    unknown["name"] = json!("Công ty TNHH Phần mềm Lạch Tray");
    app.data(Some(&token), REGISTER, json!({ "input": unknown })).await;
    let mut branch = new_enterprise(&format!("{}001", crate::helpers::tax_code(9007)));
    branch["name"] = json!("Chi nhánh Công ty TNHH Cơ điện Lạch Tray");
    let data = app.data(Some(&token), REGISTER, json!({ "input": branch })).await;
    assert_eq!(data["registerOrganization"]["taxCode"], format!("{}-001", crate::helpers::tax_code(9007)));

    // A name that would pass for another: a zero-width space, a right-to-left override.
    for hostile in ["Công ty TNHH Cơ\u{200B} điện Lạch Tray", "Công ty \u{202E}yarT hcạL"] {
        let mut spoof = new_enterprise(&crate::helpers::tax_code(9006));
        spoof["name"] = json!(hostile);
        let (_, body) = app.graphql(Some(&token), REGISTER, json!({ "input": spoof })).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "name", "{body}");
    }

    let count = directory::entity::organization::Entity::find().all(&app.db).await.expect("rows").len();
    assert_eq!(
        count,
        directory::demo_data::ORGANIZATIONS.len() + 3,
        "only the first registration, the one with 6201 and the branch landed"
    );
});

hub_test!(async fn nested_areas_cost_the_same_for_any_page_size(app) {
    let query = "query($first: Int) { organizations(first: $first) { edges { node { name area { name parent { name } } } } } }";
    let small = app.statements_for(None, query, json!({ "first": 3 })).await;
    let large = app.statements_for(None, query, json!({ "first": 40 })).await;
    assert_eq!(small, large, "batched loading: statements do not grow with the page");
    assert!(large <= 3, "one page query, one batch of areas, one batch of parents; got {large}");
});
