//! Membership management over HTTP: invitations (issued, accepted by the address invited,
//! expired, revoked), the members list and the viewer, roles, leaving, the last administrator,
//! city departments' officers, the membership events, and codes kept out of storage and the
//! audit log.

use std::time::Duration;

use futures_util::StreamExt;
use hub_common::Role;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::helpers::{TestApp, demo_org, refused};
use crate::hub_test;

const SCHOOL: &str = "thpt-tran-phu";
const ENTERPRISE: &str = "dn-logistics-bach-dang";
const DEPARTMENT: &str = "so-gddt";

const INVITE: &str = "mutation($org: ID!, $email: String!, $role: MembershipRole!) {
    inviteMember(organizationId: $org, email: $email, role: $role) {
        code invitation { id email role status invitedBy createdAt expiresAt organization { id } } } }";
const ACCEPT: &str = "mutation($code: String!) {
    acceptInvitation(code: $code) { id subject role createdAt organization { id } } }";
const REVOKE: &str = "mutation($id: ID!) { revokeInvitation(invitationId: $id) { id status revokedAt } }";
const SET_ROLE: &str = "mutation($id: ID!, $role: MembershipRole!) { setMemberRole(membershipId: $id, role: $role) { id role } }";
const REMOVE: &str = "mutation($id: ID!) { removeMember(membershipId: $id) { id subject role } }";
const MEMBERS: &str = "query($org: ID!, $first: Int, $after: String) {
    members(organizationId: $org, first: $first, after: $after) {
        edges { node { id subject role organization { id } } } pageInfo { hasNextPage endCursor } } }";
const INVITATIONS: &str = "query($org: ID!, $pending: Boolean) {
    invitations(organizationId: $org, pending: $pending) { edges { node { id email status acceptedBy } } } }";
const VIEWER: &str = "{ viewer { subject email roles actingFor { id }
    memberships { id role subject organization { id } } } }";

fn admin(app: &TestApp, org: &str) -> String {
    app.token(org, Role::OrgAdmin)
}

fn platform_admin(app: &TestApp) -> String {
    app.token_for("platform:root", None, &[Role::PlatformAdmin])
}

/// Invites `email` to `org` with `role` as `token`; returns the invitation and its code.
async fn invite(app: &TestApp, token: &str, org: &str, email: &str, role: &str) -> (Value, String) {
    let variables = json!({ "org": demo_org(org), "email": email, "role": role });
    let data = app.data(Some(token), INVITE, variables).await;
    let issued = &data["inviteMember"];
    (issued["invitation"].clone(), issued["code"].as_str().expect("a code").to_owned())
}

fn email_of(subject: &str) -> String {
    format!("{}@example.vn", subject.replace('|', "."))
}

/// A signed-in person: `subject`, with the address `join` invites them at.
fn person(app: &TestApp, subject: &str) -> String {
    app.token_with_email(subject, &email_of(subject))
}

/// Invites `subject` to `org` and accepts as them; returns the membership id.
async fn join(app: &TestApp, org: &str, subject: &str, role: &str) -> String {
    let (_, code) = invite(app, &admin(app, org), org, &email_of(subject), role).await;
    let data = app.data(Some(&person(app, subject)), ACCEPT, json!({ "code": code })).await;
    data["acceptInvitation"]["id"].as_str().expect("a membership id").to_owned()
}

fn subjects(members: &Value) -> Vec<String> {
    members["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["subject"].as_str().expect("a subject").to_owned())
        .collect()
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

hub_test!(async fn an_invitation_accepted_by_its_address_makes_a_member(app) {
    let school = demo_org(SCHOOL).to_string();
    let token = admin(&app, SCHOOL);
    let (invitation, code) = invite(&app, &token, SCHOOL, "  Lan.Nguyen@TranPhu.edu.VN ", "ORG_MEMBER").await;
    assert_eq!(invitation["email"], "lan.nguyen@tranphu.edu.vn", "addresses are trimmed and lower-cased");
    assert_eq!(invitation["status"], "PENDING");
    assert_eq!(invitation["invitedBy"], format!("test:{SCHOOL}"));
    assert_eq!(invitation["organization"]["id"], school.as_str());
    assert!(code.len() >= 32 && code.bytes().all(|b| b.is_ascii_alphanumeric()), "{code}");
    let created: chrono::DateTime<chrono::Utc> = invitation["createdAt"].as_str().unwrap().parse().unwrap();
    let expires: chrono::DateTime<chrono::Utc> = invitation["expiresAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(expires - created, chrono::TimeDelta::days(7));

    // Nobody is a member yet.
    let before = app.data(Some(&token), MEMBERS, json!({ "org": school })).await;
    assert!(!subjects(&before["members"]).contains(&"oidc|lan".to_owned()));

    // The address matches whatever its case.
    let person = app.token_with_email("oidc|lan", "LAN.NGUYEN@tranphu.edu.vn");
    let data = app.data(Some(&person), ACCEPT, json!({ "code": code })).await;
    let membership = &data["acceptInvitation"];
    assert_eq!(membership["subject"], "oidc|lan");
    assert_eq!(membership["role"], "ORG_MEMBER");
    assert_eq!(membership["organization"]["id"], school.as_str());

    let members = app.data(Some(&token), MEMBERS, json!({ "org": school })).await;
    assert_eq!(subjects(&members["members"]), vec!["oidc|lan".to_owned()]);
    // The new member reads the list too, through the directory alone (the token names no
    // organization); another organization's administrator does not.
    let own = app.data(Some(&person), MEMBERS, json!({ "org": school })).await;
    assert_eq!(subjects(&own["members"]), vec!["oidc|lan".to_owned()]);
    refused(&app, Some(&admin(&app, ENTERPRISE)), MEMBERS, json!({ "org": school }), "FORBIDDEN", None).await;
    refused(&app, None, MEMBERS, json!({ "org": school }), "UNAUTHENTICATED", None).await;

    let viewer = app.data(Some(&person), VIEWER, json!({})).await;
    let viewer = &viewer["viewer"];
    assert_eq!(viewer["subject"], "oidc|lan");
    assert_eq!(viewer["email"], "LAN.NGUYEN@tranphu.edu.vn");
    assert_eq!(viewer["roles"], json!([]));
    assert!(viewer["actingFor"].is_null());
    assert_eq!(viewer["memberships"][0]["organization"]["id"], school.as_str());
    assert_eq!(viewer["memberships"][0]["role"], "ORG_MEMBER");
    assert_eq!(viewer["memberships"][0]["id"], membership["id"]);
    let acting = app.data(Some(&token), VIEWER, json!({})).await;
    assert_eq!(acting["viewer"]["actingFor"]["id"], school.as_str());
    assert_eq!(acting["viewer"]["roles"], json!(["ORG_ADMIN"]));
    assert!(acting["viewer"]["email"].is_null(), "development tokens carry no email unless minted with one");

    // A code works once.
    let body = refused(&app, Some(&person), ACCEPT, json!({ "code": code }), "CONFLICT", None).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("already been accepted"), "{body}");
    let data = app.data(Some(&token), INVITATIONS, json!({ "org": school, "pending": false })).await;
    let node = &data["invitations"]["edges"][0]["node"];
    assert_eq!(node["status"], "ACCEPTED");
    assert_eq!(node["acceptedBy"], "oidc|lan");
    let pending = app.data(Some(&token), INVITATIONS, json!({ "org": school, "pending": true })).await;
    assert_eq!(pending["invitations"]["edges"], json!([]));

    // Invited again, someone already a member changes nothing.
    let (_, again) = invite(&app, &token, SCHOOL, "lan.nguyen@tranphu.edu.vn", "ORG_ADMIN").await;
    let body = refused(&app, Some(&person), ACCEPT, json!({ "code": again }), "CONFLICT", None).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("already a member"), "{body}");
    let members = app.data(Some(&token), MEMBERS, json!({ "org": school })).await;
    assert_eq!(members["members"]["edges"][0]["node"]["role"], "ORG_MEMBER");
});

hub_test!(async fn only_the_address_invited_may_accept(app) {
    let (_, code) = invite(&app, &admin(&app, SCHOOL), SCHOOL, "lan@tranphu.edu.vn", "ORG_MEMBER").await;
    let other = app.token_with_email("oidc|mallory", "mallory@example.vn");
    let body = refused(&app, Some(&other), ACCEPT, json!({ "code": code }), "FORBIDDEN", None).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("another email address"), "{body}");
    assert!(!body.to_string().contains("lan@tranphu"), "the address invited is not revealed: {body}");
    // Without a verified address, or without a sign-in, nobody accepts.
    let no_email = app.token_for("oidc|lan", None, &[]);
    refused(&app, Some(&no_email), ACCEPT, json!({ "code": code }), "FORBIDDEN", None).await;
    refused(&app, None, ACCEPT, json!({ "code": code }), "UNAUTHENTICATED", None).await;
    // A made-up code is unknown.
    let lan = app.token_with_email("oidc|lan", "lan@tranphu.edu.vn");
    refused(&app, Some(&lan), ACCEPT, json!({ "code": "0".repeat(64) }), "NOT_FOUND", None).await;
    let members = app.data(Some(&admin(&app, SCHOOL)), MEMBERS, json!({ "org": demo_org(SCHOOL) })).await;
    assert_eq!(members["members"]["edges"], json!([]));
    // The right person still can.
    app.data(Some(&lan), ACCEPT, json!({ "code": code })).await;
});

hub_test!(async fn an_expired_invitation_is_refused(app) {
    let (invitation, code) = invite(&app, &admin(&app, SCHOOL), SCHOOL, "lan@tranphu.edu.vn", "ORG_MEMBER").await;
    let id: Uuid = invitation["id"].as_str().unwrap().parse().unwrap();
    let now = chrono::Utc::now();
    directory::entity::invitation::ActiveModel {
        id: Set(id),
        created_at: Set(now - chrono::TimeDelta::days(8)),
        expires_at: Set(now - chrono::TimeDelta::days(1)),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    let lan = app.token_with_email("oidc|lan", "lan@tranphu.edu.vn");
    let body = refused(&app, Some(&lan), ACCEPT, json!({ "code": code }), "CONFLICT", None).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("expired"), "{body}");
    let data = app.data(Some(&admin(&app, SCHOOL)), INVITATIONS, json!({ "org": demo_org(SCHOOL) })).await;
    assert_eq!(data["invitations"]["edges"][0]["node"]["status"], "EXPIRED");
    let viewer = app.data(Some(&lan), VIEWER, json!({})).await;
    assert_eq!(viewer["viewer"]["memberships"], json!([]));
});

hub_test!(async fn only_administrators_invite_and_inputs_are_checked(app) {
    let school = demo_org(SCHOOL);
    let variables = |email: &str, role: &str| json!({ "org": school, "email": email, "role": role });
    let member = app.token(SCHOOL, Role::OrgMember);
    refused(&app, Some(&member), INVITE, variables("a@b.vn", "ORG_MEMBER"), "FORBIDDEN", None).await;
    let elsewhere = admin(&app, ENTERPRISE);
    refused(&app, Some(&elsewhere), INVITE, variables("a@b.vn", "ORG_MEMBER"), "FORBIDDEN", None).await;
    refused(&app, None, INVITE, variables("a@b.vn", "ORG_MEMBER"), "UNAUTHENTICATED", None).await;
    let token = admin(&app, SCHOOL);
    for bad in ["", "lan", "lan@vn", "lan @x.vn", "lan@x..vn"] {
        refused(&app, Some(&token), INVITE, variables(bad, "ORG_MEMBER"), "BAD_USER_INPUT", Some("email")).await;
    }
    refused(&app, Some(&token), INVITE, variables("a@b.vn", "DEPARTMENT_OFFICER"), "BAD_USER_INPUT", Some("role"))
        .await;
    let pending = app.data(Some(&token), INVITATIONS, json!({ "org": school })).await;
    assert_eq!(pending["invitations"]["edges"], json!([]), "refused invitations leave nothing behind");
    // An administrator made so by the directory (no token claim) invites too.
    join(&app, SCHOOL, "oidc|hoa", "ORG_ADMIN").await;
    let hoa = person(&app, "oidc|hoa");
    app.data(Some(&hoa), INVITE, variables("minh@tranphu.edu.vn", "ORG_ADMIN")).await;
    // Members may not list invitations.
    refused(&app, Some(&member), INVITATIONS, json!({ "org": school }), "FORBIDDEN", None).await;
});

hub_test!(async fn department_officers_are_invited_by_platform_administrators_only(app) {
    let department = demo_org(DEPARTMENT);
    let variables = |role: &str| json!({ "org": department, "email": "officer@haiphong.gov.vn", "role": role });
    for token in [app.token(DEPARTMENT, Role::DepartmentOfficer), app.token(DEPARTMENT, Role::OrgAdmin)] {
        refused(&app, Some(&token), INVITE, variables("DEPARTMENT_OFFICER"), "FORBIDDEN", None).await;
    }
    let root = platform_admin(&app);
    for role in ["ORG_ADMIN", "ORG_MEMBER"] {
        refused(&app, Some(&root), INVITE, variables(role), "BAD_USER_INPUT", Some("role")).await;
    }
    let data = app.data(Some(&root), INVITE, variables("DEPARTMENT_OFFICER")).await;
    let code = data["inviteMember"]["code"].as_str().unwrap().to_owned();
    let officer = app.token_with_email("oidc|officer", "officer@haiphong.gov.vn");
    let data = app.data(Some(&officer), ACCEPT, json!({ "code": code })).await;
    let membership = &data["acceptInvitation"];
    assert_eq!(membership["role"], "DEPARTMENT_OFFICER", "the new role is stored on both back-ends");
    let id = membership["id"].as_str().unwrap().to_owned();

    // Officers read a department's members; the department's officers are not its managers.
    let members = app.data(Some(&app.token(DEPARTMENT, Role::DepartmentOfficer)), MEMBERS, json!({ "org": department })).await;
    assert_eq!(subjects(&members["members"]), vec!["oidc|officer".to_owned()]);
    refused(&app, Some(&app.token(DEPARTMENT, Role::OrgAdmin)), REMOVE, json!({ "id": id }), "FORBIDDEN", None).await;
    refused(&app, Some(&root), SET_ROLE, json!({ "id": id, "role": "ORG_ADMIN" }), "BAD_USER_INPUT", Some("role")).await;
    // A department may be left without officers.
    let data = app.data(Some(&officer), REMOVE, json!({ "id": id })).await;
    assert_eq!(data["removeMember"]["role"], "DEPARTMENT_OFFICER");
    let members = app.data(Some(&root), MEMBERS, json!({ "org": department })).await;
    assert_eq!(members["members"]["edges"], json!([]));
});

hub_test!(async fn the_last_administrator_stays(app) {
    let token = admin(&app, SCHOOL);
    let first = join(&app, SCHOOL, "oidc|hoa", "ORG_ADMIN").await;
    let hoa = person(&app, "oidc|hoa");
    for (who, query, variables) in [
        (&token, REMOVE, json!({ "id": first })),
        (&token, SET_ROLE, json!({ "id": first, "role": "ORG_MEMBER" })),
        (&hoa, REMOVE, json!({ "id": first })),
        (&hoa, SET_ROLE, json!({ "id": first, "role": "ORG_MEMBER" })),
    ] {
        let body = refused(&app, Some(who), query, variables, "CONFLICT", None).await;
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("at least one administrator"), "{body}");
    }
    // A member may not change roles, but may leave.
    let second = join(&app, SCHOOL, "oidc|minh", "ORG_MEMBER").await;
    let minh = person(&app, "oidc|minh");
    refused(&app, Some(&minh), SET_ROLE, json!({ "id": second, "role": "ORG_ADMIN" }), "FORBIDDEN", None).await;
    refused(&app, Some(&minh), REMOVE, json!({ "id": first }), "FORBIDDEN", None).await;
    // With a second administrator, the first may step down.
    let data = app.data(Some(&hoa), SET_ROLE, json!({ "id": second, "role": "ORG_ADMIN" })).await;
    assert_eq!(data["setMemberRole"]["role"], "ORG_ADMIN");
    let data = app.data(Some(&hoa), SET_ROLE, json!({ "id": first, "role": "ORG_MEMBER" })).await;
    assert_eq!(data["setMemberRole"]["role"], "ORG_MEMBER");
    refused(&app, Some(&minh), REMOVE, json!({ "id": second }), "CONFLICT", None).await;
    let data = app.data(Some(&hoa), REMOVE, json!({ "id": first })).await;
    assert_eq!(data["removeMember"]["subject"], "oidc|hoa");
    let members = app.data(Some(&token), MEMBERS, json!({ "org": demo_org(SCHOOL) })).await;
    assert_eq!(subjects(&members["members"]), vec!["oidc|minh".to_owned()]);
    refused(&app, Some(&token), REMOVE, json!({ "id": first }), "NOT_FOUND", None).await;
});

hub_test!(async fn role_changes_and_removals_are_announced(app) {
    let mut changes = Box::pin(directory::membership_changes(&app.feed, None));
    let token = admin(&app, SCHOOL);
    let id = join(&app, SCHOOL, "oidc|lan", "ORG_MEMBER").await;
    app.data(Some(&token), SET_ROLE, json!({ "id": id, "role": "ORG_ADMIN" })).await;
    // Setting the role held already announces nothing.
    app.data(Some(&token), SET_ROLE, json!({ "id": id, "role": "ORG_ADMIN" })).await;
    join(&app, SCHOOL, "oidc|minh", "ORG_ADMIN").await;
    app.data(Some(&token), REMOVE, json!({ "id": id })).await;

    let rows = hub_common::events::read_after(&app.db, Some(directory::MEMBERSHIP_CHANGED.name()), 0, 10)
        .await
        .unwrap();
    let payloads: Vec<directory::MembershipChanged> =
        rows.iter().map(|event| serde_json::from_value(event.payload.clone()).unwrap()).collect();
    let school = demo_org(SCHOOL);
    let changed = |role| directory::MembershipChanged { organization_id: school, subject: "oidc|lan".into(), role };
    assert_eq!(payloads, vec![changed(Some(directory::MembershipRole::OrgAdmin)), changed(None)]);

    // The gateway's subscription receives them live, in order.
    for expected in [Some(directory::MembershipRole::OrgAdmin), None] {
        let (cursor, payload) = tokio::time::timeout(Duration::from_secs(10), changes.next())
            .await
            .expect("the change arrives")
            .expect("the stream goes on")
            .expect("no error");
        assert!(cursor > 0);
        assert_eq!(*payload, changed(expected));
    }
});

hub_test!(async fn a_revoked_code_no_longer_works(app) {
    let token = admin(&app, SCHOOL);
    let (invitation, code) = invite(&app, &token, SCHOOL, "lan@tranphu.edu.vn", "ORG_MEMBER").await;
    let id = invitation["id"].as_str().unwrap().to_owned();
    let member = app.token(SCHOOL, Role::OrgMember);
    refused(&app, Some(&member), REVOKE, json!({ "id": id }), "FORBIDDEN", None).await;
    let data = app.data(Some(&token), REVOKE, json!({ "id": id })).await;
    assert_eq!(data["revokeInvitation"]["status"], "REVOKED");
    assert!(data["revokeInvitation"]["revokedAt"].is_string());
    let lan = app.token_with_email("oidc|lan", "lan@tranphu.edu.vn");
    let body = refused(&app, Some(&lan), ACCEPT, json!({ "code": code }), "CONFLICT", None).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("withdrawn"), "{body}");
    let pending = app.data(Some(&token), INVITATIONS, json!({ "org": demo_org(SCHOOL), "pending": true })).await;
    assert_eq!(pending["invitations"]["edges"], json!([]));
    // Revoking again changes nothing; an accepted invitation cannot be revoked.
    let again = app.data(Some(&token), REVOKE, json!({ "id": id })).await;
    assert_eq!(again["revokeInvitation"]["revokedAt"], data["revokeInvitation"]["revokedAt"]);
    let (accepted, code) = invite(&app, &token, SCHOOL, "lan@tranphu.edu.vn", "ORG_MEMBER").await;
    app.data(Some(&lan), ACCEPT, json!({ "code": code })).await;
    refused(&app, Some(&token), REVOKE, json!({ "id": accepted["id"] }), "CONFLICT", None).await;
});

hub_test!(async fn codes_are_stored_hashed_and_never_logged(app) {
    let token = admin(&app, SCHOOL);
    let (invitation, code) = invite(&app, &token, SCHOOL, "lan@tranphu.edu.vn", "ORG_MEMBER").await;
    let lan = app.token_with_email("oidc|lan", "lan@tranphu.edu.vn");
    app.data(Some(&lan), ACCEPT, json!({ "code": code })).await;

    let id: Uuid = invitation["id"].as_str().unwrap().parse().unwrap();
    let row = directory::entity::invitation::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.code_hash, sha256_hex(&code));
    for row in directory::entity::invitation::Entity::find().all(&app.db).await.unwrap() {
        assert!(!format!("{row:?}").contains(&code), "{row:?}");
    }

    let entries = audit::entity::Entity::find().all(&app.db).await.unwrap();
    for entry in &entries {
        assert!(!format!("{entry:?}").contains(&code), "the code reached the audit log: {entry:?}");
    }
    let invited = entries.iter().find(|e| e.mutation == "inviteMember").expect("inviteMember is recorded");
    assert_eq!(invited.outcome, "OK");
    assert!(invited.organizations().contains(&demo_org(SCHOOL)), "{invited:?}");
    let accepted = audit::entity::Entity::find()
        .filter(audit::entity::Column::Mutation.eq("acceptInvitation"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("acceptInvitation is recorded");
    assert_eq!(accepted.subject.as_deref(), Some("oidc|lan"));
    assert_eq!(accepted.object_type.as_deref(), Some("Membership"));
    assert!(accepted.organizations().contains(&demo_org(SCHOOL)), "{accepted:?}");
    let arguments: Value = serde_json::from_str(&accepted.arguments).unwrap();
    assert_eq!(arguments["code"], "[redacted]");
});

hub_test!(async fn members_page_in_join_order(app) {
    let token = admin(&app, SCHOOL);
    for subject in ["oidc|a", "oidc|b", "oidc|c"] {
        join(&app, SCHOOL, subject, "ORG_MEMBER").await;
    }
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app.data(Some(&token), MEMBERS, json!({ "org": demo_org(SCHOOL), "first": 2, "after": after })).await;
        seen.extend(subjects(&data["members"]));
        if data["members"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = data["members"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, ["oidc|a", "oidc|b", "oidc|c"]);
});

/// The migration that lets memberships hold `DEPARTMENT_OFFICER` keeps the rows it finds, and
/// the role check still refuses other values; undone, it drops officers and checks again.
async fn the_officer_migration_keeps_memberships(backend: crate::helpers::Backend) {
    use directory::entity::{area, membership, organization};
    use directory::{AreaLevel, MembershipRole, OrganizationKind};
    use migration::{Migrator, MigratorTrait};
    use sea_orm::sea_query::Expr;

    let Some(database) = crate::helpers::TestDatabase::create(backend).await else { return };
    let db = sea_orm::Database::connect(&database.url).await.unwrap();
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name().contains("directory_department_officers"))
        .unwrap();
    Migrator::up(&db, Some(before as u32)).await.unwrap();

    let now = chrono::Utc::now();
    let area_id = Uuid::now_v7();
    area::ActiveModel {
        id: Set(area_id),
        code: Set("HP".into()),
        name: Set("Hải Phòng".into()),
        name_search: Set("hai phong".into()),
        level: Set(AreaLevel::City),
        parent_id: Set(None),
        valid_from: Set(chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()),
        valid_to: Set(None),
    }
    .insert(&db)
    .await
    .unwrap();
    let organization = |kind, name: &str| organization::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(kind),
        name: Set(name.into()),
        name_search: Set(name.to_lowercase()),
        area_id: Set(area_id),
        address: Set(None),
        website: Set(None),
        tax_code: Set(None),
        industry_code: Set(None),
        verified: Set(false),
        verified_at: Set(None),
        verified_by: Set(None),
        department_remit: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let school = organization(OrganizationKind::College, "college").insert(&db).await.unwrap();
    let department = organization(OrganizationKind::Department, "department").insert(&db).await.unwrap();
    let membership = |org: Uuid, subject: &str, role| membership::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(org),
        subject: Set(subject.into()),
        role: Set(role),
        created_at: Set(now),
    };
    let kept = membership(school.id, "admin", MembershipRole::OrgAdmin).insert(&db).await.unwrap();
    assert!(membership(department.id, "early", MembershipRole::DepartmentOfficer).insert(&db).await.is_err());

    Migrator::up(&db, None).await.unwrap();
    let all = membership::Entity::find().all(&db).await.unwrap();
    assert_eq!(all, vec![kept.clone()], "the rows are kept as they were");
    membership(department.id, "officer", MembershipRole::DepartmentOfficer).insert(&db).await.unwrap();
    let bogus = membership::Entity::update_many()
        .col_expr(membership::Column::Role, Expr::value("BOGUS"))
        .filter(membership::Column::Id.eq(kept.id))
        .exec(&db)
        .await;
    assert!(bogus.is_err(), "the role check still holds");
    assert!(
        membership(school.id, "admin", MembershipRole::OrgMember).insert(&db).await.is_err(),
        "one membership per person and organization still holds"
    );

    // Down to just before it (later migrations go too).
    Migrator::down(&db, Some((Migrator::migrations().len() - before) as u32)).await.unwrap();
    let all = membership::Entity::find().all(&db).await.unwrap();
    assert_eq!(all, vec![kept.clone()], "undone, officers go and the rest stays");
    assert!(
        membership(department.id, "officer", MembershipRole::DepartmentOfficer).insert(&db).await.is_err()
    );
    Migrator::up(&db, None).await.unwrap();
    db.close().await.unwrap();
}

#[tokio::test]
async fn the_officer_migration_keeps_memberships_on_sqlite() {
    the_officer_migration_keeps_memberships(crate::helpers::Backend::Sqlite).await;
}

#[tokio::test]
async fn the_officer_migration_keeps_memberships_on_postgres() {
    the_officer_migration_keeps_memberships(crate::helpers::Backend::Postgres).await;
}
