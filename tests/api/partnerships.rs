//! Partnerships and engagements over HTTP: the life cycle with three parties and expiry by
//! date here; in the submodules who may do what, bad input, commitment tracking and the
//! dashboard subscription.

mod access;
mod confirmations;
mod cost;
mod input;
mod live;
mod progress;

use chrono::{Datelike, TimeDelta};
use hub_common::Role;
use partnerships::entity::{engagement, partnership, party};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, demo_org, refused, with};
use crate::hub_test;

const FIELDS: &str = "id kind title status validFrom validTo documentSha256 proposedBy { name } \
     parties { organization { name } acceptedAt isProposer } commitments { kind perYear valueVndPerYear description } \
     renewedFrom { id } terminationReason terminatedBy { name }";

fn propose_query() -> String {
    format!(
        "mutation($input: ProposePartnershipInput!) {{ proposePartnership(input: $input) {{ {FIELDS} }} }}"
    )
}
fn accept_query() -> String {
    format!("mutation($id: ID!) {{ acceptPartnership(id: $id) {{ {FIELDS} }} }}")
}
fn terminate_query() -> String {
    format!(
        "mutation($id: ID!, $reason: String!) {{ terminatePartnership(id: $id, reason: $reason) {{ {FIELDS} }} }}"
    )
}
fn renew_query() -> String {
    format!(
        "mutation($id: ID!, $input: RenewPartnershipInput!) {{ renewPartnership(id: $id, input: $input) {{ {FIELDS} }} }}"
    )
}
fn get_query() -> String {
    format!("query($id: ID!) {{ partnership(id: $id) {{ {FIELDS} }} }}")
}
const LIST: &str = "query($filter: PartnershipFilter) { partnerships(first: 100, filter: $filter) { edges { node { id status } } } }";
const EXPIRING: &str = "query($days: Int!) { partnershipsExpiring(withinDays: $days) { id validTo status } }";
const RECORD: &str = "mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { id kind heldOn twoWay notes recordedBy { name } organizations { name } partnership { id } reach { grade students } } }";
const UPDATE_ENGAGEMENT: &str = "mutation($id: ID!, $input: UpdateEngagementInput!) { updateEngagement(id: $id, input: $input) { id kind notes reach { grade students } } }";
const DELETE_ENGAGEMENT: &str = "mutation($id: ID!) { deleteEngagement(id: $id) }";
const ENGAGEMENTS: &str = "query($filter: EngagementFilter) { engagements(first: 100, filter: $filter) { edges { node { id kind organizations { name } reach { grade students } } } } }";

const ENTERPRISE: &str = "dn-logistics-bach-dang";
const OTHER_ENTERPRISE: &str = "dn-dong-tau-trieu-xanh";
const SCHOOL: &str = "thpt-tran-phu";
const COLLEGE: &str = "cd-cong-nghiep-hp";
const OTHER_SCHOOL: &str = "thpt-ngo-quyen";
const OFFICER: &str = "so-gddt";

use crate::helpers::in_days;
use hub_common::time::today;

fn this_year() -> i32 {
    today().year()
}

fn admin(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgAdmin)
}

fn member(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgMember)
}

fn officer(app: &TestApp) -> String {
    app.token(OFFICER, Role::DepartmentOfficer)
}

/// A valid proposal from `ENTERPRISE` to the given parties, running from 30 days ago for a year.
fn proposal(parties: &[&str]) -> Value {
    json!({
        "kind": "TRAINING_COOPERATION",
        "title": "Hợp tác đào tạo nghề kho vận",
        "summary": "Học sinh tham quan, thực tập và nghe chuyên gia chia sẻ.",
        "signedOn": in_days(-30),
        "validFrom": in_days(-30),
        "validTo": in_days(335),
        "commitments": [
            { "kind": "INTERNSHIP_SEATS", "perYear": 20 },
            { "kind": "CAREER_TALKS", "perYear": 2 },
        ],
        "documentUrl": "https://so-gddt.haiphong.gov.vn/hop-tac/bien-ban.pdf",
        "documentSha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "partyIds": parties.iter().map(|key| demo_org(key)).collect::<Vec<_>>(),
    })
}

fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| Uuid::parse_str(id).ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

async fn propose(app: &TestApp, proposer: &str, input: Value) -> Uuid {
    let data = app.data(Some(&admin(app, proposer)), &propose_query(), json!({ "input": input })).await;
    id_of(&data["proposePartnership"])
}

async fn accept(app: &TestApp, org: &str, id: Uuid) -> Value {
    let data = app.data(Some(&admin(app, org)), &accept_query(), json!({ "id": id })).await;
    data["acceptPartnership"].clone()
}

/// An active partnership between `ENTERPRISE` and `SCHOOL`.
async fn active_partnership(app: &TestApp, input: Value) -> Uuid {
    let id = propose(app, ENTERPRISE, input).await;
    assert_eq!(accept(app, SCHOOL, id).await["status"], "ACTIVE");
    id
}

async fn read(app: &TestApp, token: Option<&str>, id: Uuid) -> Value {
    app.data(token, &get_query(), json!({ "id": id })).await["partnership"].clone()
}

async fn db_partnership(app: &TestApp, id: Uuid) -> partnership::Model {
    partnership::Entity::find_by_id(id).one(&app.db).await.expect("reading").expect("the partnership exists")
}

async fn partnership_count(app: &TestApp) -> u64 {
    partnership::Entity::find().count(&app.db).await.expect("counting")
}

async fn engagement_count(app: &TestApp) -> u64 {
    engagement::Entity::find().count(&app.db).await.expect("counting")
}

/// Moves a partnership's period into the past, as if time had passed since it was agreed.
async fn end_period(app: &TestApp, id: Uuid, days_ago: i64) {
    let mut row: partnership::ActiveModel = db_partnership(app, id).await.into();
    row.valid_from = Set(today() - TimeDelta::days(days_ago + 365));
    row.valid_to = Set(today() - TimeDelta::days(days_ago));
    row.update(&app.db).await.expect("updating");
}

fn edge_ids(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["id"].as_str().expect("an id").to_owned())
        .collect()
}

async fn listed(app: &TestApp, token: Option<&str>, filter: Value) -> Vec<String> {
    edge_ids(&app.data(token, LIST, json!({ "filter": filter })).await["partnerships"])
}

fn engagement_input(partnership: Option<Uuid>, kind: &str) -> Value {
    json!({
        "kind": kind,
        "heldOn": in_days(0),
        "organizationIds": [demo_org(SCHOOL)],
        "partnershipId": partnership,
        "reach": [{ "grade": 11, "students": 40 }, { "grade": 12, "students": 35 }],
        "twoWay": true,
        "notes": "Học sinh hỏi đáp với kỹ sư điều độ.",
    })
}

async fn record(app: &TestApp, org: &str, input: Value) -> Uuid {
    let data = app.data(Some(&member(app, org)), RECORD, json!({ "input": input })).await;
    id_of(&data["recordEngagement"])
}

hub_test!(async fn three_parties_accept_one_by_one_and_the_period_ends_on_its_own(app) {
    let id = propose(&app, ENTERPRISE, proposal(&[SCHOOL, COLLEGE])).await;
    let row = read(&app, Some(&member(&app, ENTERPRISE)), id).await;
    assert_eq!(row["status"], "PROPOSED");
    assert_eq!(row["proposedBy"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    let parties = row["parties"].as_array().expect("parties");
    assert_eq!(parties.len(), 3);
    assert_eq!(parties.iter().filter(|p| p["acceptedAt"].is_string()).count(), 1, "the proposer only");
    assert_eq!(row["commitments"][0], json!({ "kind": "INTERNSHIP_SEATS", "perYear": 20, "valueVndPerYear": null, "description": null }));

    // The school accepts; the college has not, so it stays a proposal.
    let after_school = accept(&app, SCHOOL, id).await;
    assert_eq!(after_school["status"], "PROPOSED");
    assert_eq!(db_partnership(&app, id).await.status, partnerships::PartnershipStatus::Proposed);
    let waiting = party::Entity::find()
        .filter(party::Column::PartnershipId.eq(id))
        .filter(party::Column::AcceptedAt.is_null())
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(waiting.iter().map(|p| p.organization_id).collect::<Vec<_>>(), vec![demo_org(COLLEGE)]);
    assert_eq!(app.error_code(Some(&admin(&app, SCHOOL)), &accept_query(), json!({ "id": id })).await, "CONFLICT");

    // The last acceptance makes it active, visible to officers too.
    assert_eq!(accept(&app, COLLEGE, id).await["status"], "ACTIVE");
    assert_eq!(read(&app, Some(&officer(&app)), id).await["status"], "ACTIVE");
    assert!(listed(&app, Some(&officer(&app)), json!({ "status": "ACTIVE" })).await.contains(&id.to_string()));

    // Time passes: nobody acts, and it reads EXPIRED everywhere.
    end_period(&app, id, 1).await;
    assert_eq!(db_partnership(&app, id).await.status, partnerships::PartnershipStatus::Active, "stored as it was");
    assert_eq!(read(&app, Some(&member(&app, SCHOOL)), id).await["status"], "EXPIRED");
    let expired = listed(&app, Some(&officer(&app)), json!({ "status": "EXPIRED" })).await;
    assert!(expired.contains(&id.to_string()));
    assert!(!listed(&app, Some(&officer(&app)), json!({ "status": "ACTIVE" })).await.contains(&id.to_string()));
    // An expired partnership cannot be terminated, only renewed.
    let terminate = json!({ "id": id, "reason": "Hết hạn" });
    assert_eq!(app.error_code(Some(&admin(&app, SCHOOL)), &terminate_query(), terminate).await, "CONFLICT");

    // Renewal: a new proposal between the same parties, linked to the old one.
    let renewal = json!({ "validFrom": in_days(0), "validTo": in_days(730) });
    let data = app.data(Some(&admin(&app, COLLEGE)), &renew_query(), json!({ "id": id, "input": renewal })).await;
    let renewed = &data["renewPartnership"];
    assert_eq!(renewed["status"], "PROPOSED");
    assert_eq!(renewed["renewedFrom"]["id"], id.to_string());
    assert_eq!(renewed["title"], "Hợp tác đào tạo nghề kho vận");
    assert_eq!(renewed["parties"].as_array().map(Vec::len), Some(3));
    assert_eq!(renewed["proposedBy"]["name"], "Trường Cao đẳng Kỹ thuật Hải Phòng");
    assert_eq!(renewed["commitments"].as_array().map(Vec::len), Some(2), "commitments carried over");
    let again = json!({ "id": id, "input": { "validFrom": in_days(1), "validTo": in_days(700) } });
    assert_eq!(app.error_code(Some(&admin(&app, SCHOOL)), &renew_query(), again).await, "CONFLICT");

    // Any party terminates the renewal proposal, with a reason all parties read.
    let variables = json!({ "id": id_of(renewed), "reason": "Nhà trường chưa bố trí được giáo viên phụ trách." });
    let data = app.data(Some(&admin(&app, SCHOOL)), &terminate_query(), variables).await;
    assert_eq!(data["terminatePartnership"]["status"], "TERMINATED");
    assert_eq!(data["terminatePartnership"]["terminatedBy"]["name"], "Trường THPT chuyên Trần Phú");
    let seen = read(&app, Some(&member(&app, ENTERPRISE)), id_of(renewed)).await;
    assert_eq!(seen["terminationReason"], "Nhà trường chưa bố trí được giáo viên phụ trách.");
});

hub_test!(async fn a_proposal_is_hidden_from_everyone_but_its_parties(app) {
    let id = propose(&app, ENTERPRISE, proposal(&[SCHOOL])).await;
    for token in [Some(member(&app, OTHER_ENTERPRISE)), Some(officer(&app)), Some(member(&app, OTHER_SCHOOL)), None] {
        assert!(read(&app, token.as_deref(), id).await.is_null());
        assert!(!listed(&app, token.as_deref(), json!({})).await.contains(&id.to_string()));
    }
    let entity = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Partnership { id } } }";
    let reps = json!({ "r": [{ "__typename": "Partnership", "id": id }] });
    assert!(app.data(Some(&officer(&app)), entity, reps.clone()).await["_entities"][0].is_null());
    assert_eq!(app.data(Some(&member(&app, SCHOOL)), entity, reps).await["_entities"][0]["id"], id.to_string());
    assert_eq!(read(&app, Some(&member(&app, SCHOOL)), id).await["status"], "PROPOSED");

    // Once active, officers see it; other organizations still do not.
    accept(&app, SCHOOL, id).await;
    assert_eq!(read(&app, Some(&officer(&app)), id).await["status"], "ACTIVE");
    assert!(read(&app, Some(&member(&app, OTHER_ENTERPRISE)), id).await.is_null());
    assert!(read(&app, None, id).await.is_null());
});

hub_test!(async fn expiring_lists_exactly_the_active_ones_ending_within_the_window(app) {
    let soon = active_partnership(&app, with(proposal(&[SCHOOL]), json!({ "validTo": in_days(10) }))).await;
    let edge = active_partnership(&app, with(proposal(&[SCHOOL]), json!({ "validTo": in_days(30) }))).await;
    let later = active_partnership(&app, with(proposal(&[SCHOOL]), json!({ "validTo": in_days(31) }))).await;
    let today_ends = active_partnership(&app, with(proposal(&[SCHOOL]), json!({ "validTo": in_days(0) }))).await;
    let ended = active_partnership(&app, proposal(&[SCHOOL])).await;
    end_period(&app, ended, 1).await;
    // A proposal ending soon is not yet a partnership that expires.
    let proposed = propose(&app, ENTERPRISE, with(proposal(&[SCHOOL]), json!({ "validTo": in_days(5) }))).await;

    let data = app.data(Some(&officer(&app)), EXPIRING, json!({ "days": 30 })).await;
    let ids: Vec<&str> = data["partnershipsExpiring"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![today_ends.to_string(), soon.to_string(), edge.to_string()], "soonest first");
    for other in [later, ended, proposed] {
        assert!(!ids.contains(&other.to_string().as_str()));
    }
    let data = app.data(Some(&officer(&app)), EXPIRING, json!({ "days": 0 })).await;
    assert_eq!(data["partnershipsExpiring"].as_array().map(Vec::len), Some(1));
    // A party sees its own; an unrelated organization sees none of them.
    let data = app.data(Some(&member(&app, OTHER_ENTERPRISE)), EXPIRING, json!({ "days": 30 })).await;
    assert_eq!(data["partnershipsExpiring"], json!([]));
});

hub_test!(async fn engagements_are_recorded_changed_and_deleted_by_their_recorder(app) {
    let id = active_partnership(&app, proposal(&[SCHOOL])).await;
    let data = app.data(Some(&member(&app, ENTERPRISE)), RECORD, json!({ "input": engagement_input(Some(id), "COMPANY_VISIT") })).await;
    let recorded = &data["recordEngagement"];
    assert_eq!(recorded["partnership"]["id"], id.to_string());
    assert_eq!(recorded["recordedBy"]["name"], "Công ty Cổ phần Logistics Bạch Đằng Việt");
    assert_eq!(recorded["organizations"].as_array().map(Vec::len), Some(2));
    assert_eq!(recorded["reach"], json!([{ "grade": 11, "students": 40 }, { "grade": 12, "students": 35 }]));
    let engagement = id_of(recorded);

    // The school involved sees it; another school does not; officers see all.
    let filter = json!({ "filter": { "partnershipId": id } });
    let mine = app.data(Some(&member(&app, SCHOOL)), ENGAGEMENTS, filter.clone()).await;
    assert_eq!(edge_ids(&mine["engagements"]), vec![engagement.to_string()]);
    let theirs = app.data(Some(&member(&app, OTHER_SCHOOL)), ENGAGEMENTS, filter.clone()).await;
    assert!(edge_ids(&theirs["engagements"]).is_empty());
    assert_eq!(edge_ids(&app.data(Some(&officer(&app)), ENGAGEMENTS, filter).await["engagements"]).len(), 1);

    let changes = json!({ "id": engagement, "input": { "kind": "JOB_SHADOWING", "notes": null, "reach": [{ "grade": 12, "students": 5 }] } });
    let data = app.data(Some(&member(&app, ENTERPRISE)), UPDATE_ENGAGEMENT, changes).await;
    assert_eq!(data["updateEngagement"], json!({ "id": engagement.to_string(), "kind": "JOB_SHADOWING", "notes": null, "reach": [{ "grade": 12, "students": 5 }] }));

    let data = app.data(Some(&member(&app, ENTERPRISE)), DELETE_ENGAGEMENT, json!({ "id": engagement })).await;
    assert_eq!(data["deleteEngagement"], engagement.to_string());
    assert!(engagement::Entity::find_by_id(engagement).one(&app.db).await.unwrap().is_none());
});
