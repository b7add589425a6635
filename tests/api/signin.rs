//! Real sign-in: bearer tokens from a real OpenID Connect provider (`oidc-provider`, in a
//! process of the test's own), memberships from the directory, `X-Hub-Organization`, the
//! production profile without any shared secret, key rotation, the provider down, and browser
//! sessions (cookie, CSRF header, sign-out).

mod browser;
mod provider;
mod sessions;

use chrono::Utc;
use directory::MembershipRole;
use hub::config::{AuthSettings, Profile, Secret};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Backend, TestApp, demo_org, first_error_code, free_port};
use crate::internships::{NOMINATE, offer_input, published_offer};
use provider::{AUDIENCE, CLIENT_ID, CLIENT_SECRET, TestProvider};

const SCHOOL: &str = "thpt-tran-phu";
const COLLEGE: &str = "cd-cong-nghiep-hp";
const ENTERPRISE: &str = "dn-logistics-bach-dang";
const OTHER_SCHOOL: &str = "thpt-ngo-quyen";
const PLATFORM_ADMIN: &str = "root-admin";

fn auth_settings(provider: &TestProvider) -> AuthSettings {
    AuthSettings {
        oidc_issuer: Some(provider.issuer()),
        oidc_audience: Some(AUDIENCE.to_owned()),
        platform_admins: vec![PLATFORM_ADMIN.to_owned()],
        oidc_client_id: Some(CLIENT_ID.to_owned()),
        oidc_client_secret: Some(Secret::new(CLIENT_SECRET)),
        public_url: None,
    }
}

/// A provider (started) and a hub that trusts it: the development profile with the demo data,
/// or the production profile (no demo data, no development tokens).
async fn hub_with_provider(backend: Backend, profile: Profile) -> Option<(TestApp, TestProvider)> {
    let hub_port = free_port();
    let mut provider =
        TestProvider::on_port(free_port(), &format!("http://127.0.0.1:{hub_port}/auth/callback"))?;
    provider.resume();
    let auth = auth_settings(&provider);
    let app = TestApp::spawn_with(backend, |settings| {
        settings.listen = format!("127.0.0.1:{hub_port}").parse().expect("an address");
        settings.profile = profile;
        if profile == Profile::Production {
            settings.demo_data = None;
        }
        settings.auth = auth;
    })
    .await?;
    wait_for_keys(&app).await;
    Some((app, provider))
}

/// Waits until the hub has read the provider's keys (its background fetch at start-up).
async fn wait_for_keys(app: &TestApp) {
    for _ in 0..100 {
        let ready: Value =
            app.client.get(format!("{}/readyz", app.base_url)).send().await.unwrap().json().await.unwrap();
        if ready["identityProvider"] == "ok" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the hub did not read the provider's keys within 10 s");
}

/// Records in the directory that `subject` belongs to a demo organization with `role`.
pub async fn join(app: &TestApp, subject: &str, org_key: &str, role: MembershipRole) {
    directory::entity::membership::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(demo_org(org_key)),
        subject: Set(subject.to_owned()),
        role: Set(role),
        created_at: Set(Utc::now()),
    }
    .insert(&app.db)
    .await
    .expect("a membership");
}

/// A GraphQL POST with a bearer token and, optionally, the organization it acts for.
async fn post(
    app: &TestApp,
    token: &str,
    organization: Option<&str>,
    query: &str,
    variables: Value,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(organization) = organization {
        request = request.header("X-Hub-Organization", organization);
    }
    let response = request.send().await.expect("request sent");
    (response.status(), response.json().await.expect("a JSON body"))
}

fn nomination(offer: Uuid, student_ref: &str) -> Value {
    json!({ "input": { "offerId": offer, "studentRef": student_ref, "grade": 12 } })
}

async fn acts_for_named_organizations(backend: Backend) {
    let Some((app, provider)) = hub_with_provider(backend, Profile::Development).await else { return };
    join(&app, "lan", SCHOOL, MembershipRole::OrgMember).await;
    join(&app, "lan", COLLEGE, MembershipRole::OrgAdmin).await;
    let offer = published_offer(&app, offer_input()).await;
    let lan = provider.token("rsa", "lan", json!({}));
    let school = demo_org(SCHOOL).to_string();

    // Acting for the school, the nomination is the school's.
    let (status, body) = post(&app, &lan, Some(&school), NOMINATE, nomination(offer, "TP-OIDC-01")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let id = Uuid::parse_str(body["data"]["nominateStudent"]["id"].as_str().unwrap()).unwrap();
    let row = internships::entity::nomination::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.nominating_organization_id, demo_org(SCHOOL));

    // The provider's ES256 key works too.
    let lan_ec = provider.token("ec", "lan", json!({}));
    let (_, body) = post(&app, &lan_ec, Some(&school), NOMINATE, nomination(offer, "TP-OIDC-02")).await;
    assert!(body.get("errors").is_none(), "{body}");

    // Naming an organization one does not belong to is refused before anything runs.
    let other = demo_org(OTHER_SCHOOL).to_string();
    let (status, body) = post(&app, &lan, Some(&other), NOMINATE, nomination(offer, "TP-OIDC-03")).await;
    assert_eq!((status, first_error_code(&body).as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"), "{body}");
    let (status, body) = post(&app, &lan, Some("not-an-id"), NOMINATE, nomination(offer, "TP-OIDC-03")).await;
    assert_eq!(
        (status, first_error_code(&body).as_str()),
        (StatusCode::BAD_REQUEST, "BAD_REQUEST"),
        "{body}"
    );

    // With two memberships and none named, the request acts for no organization.
    let (_, body) = post(&app, &lan, None, NOMINATE, nomination(offer, "TP-OIDC-04")).await;
    assert_eq!(first_error_code(&body), "FORBIDDEN", "{body}");
    let stored = internships::entity::nomination::Entity::find()
        .filter(internships::entity::nomination::Column::OfferId.eq(offer))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 2, "only the two allowed nominations are stored");

    // With one membership, that is the organization acted for; roles come from the directory,
    // never from the token's claims.
    join(&app, "minh", ENTERPRISE, MembershipRole::OrgMember).await;
    let claims_admin =
        provider.token("rsa", "minh", json!({ "roles": ["PLATFORM_ADMIN"], "org": demo_org(SCHOOL) }));
    let create = "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { enterprise { name } } }";
    let (_, body) = post(&app, &claims_admin, None, create, json!({ "input": offer_input() })).await;
    assert_eq!(
        body["data"]["createInternshipOffer"]["enterprise"]["name"],
        "Công ty Cổ phần Logistics Bạch Đằng Việt",
        "{body}"
    );
    let register_department =
        "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }";
    let department = json!({ "input": { "kind": "DEPARTMENT", "name": "Sở thử nghiệm", "areaId": crate::helpers::demo_area("HP") } });
    let (_, body) = post(&app, &claims_admin, None, register_department, department.clone()).await;
    assert_eq!(first_error_code(&body), "FORBIDDEN", "a PLATFORM_ADMIN claim is not a role: {body}");

    // Platform admins are the configured subjects.
    let admin = provider.token("rsa", PLATFORM_ADMIN, json!({}));
    let (_, body) = post(&app, &admin, None, register_department, department).await;
    assert_ne!(body["errors"][0]["extensions"]["code"], "FORBIDDEN", "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_acts_for_the_organization_each_request_names_on_sqlite() {
    acts_for_named_organizations(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_acts_for_the_organization_each_request_names_on_postgres() {
    acts_for_named_organizations(Backend::Postgres).await;
}

/// A token with its header and claims as given, and no signature (`alg: none`).
fn unsigned(header: Value, claims: Value) -> String {
    use base64::Engine;
    let encode = |value: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
    format!("{}.{}.", encode(&header), encode(&claims))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_accepts_only_the_providers_tokens_for_its_audience() {
    let Some((app, provider)) = hub_with_provider(Backend::Sqlite, Profile::Production).await else { return };
    let query = "{ organizations(first: 1) { edges { node { id } } } }";
    let (status, body) = post(&app, &provider.token("rsa", "lan", json!({})), None, query, json!({})).await;
    assert_eq!(status, StatusCode::OK, "the provider's own token: {body}");

    let now = Utc::now().timestamp();
    let refused = [
        ("another audience", provider.token("rsa", "lan", json!({ "aud": "another-api" }))),
        ("another issuer", provider.token("rsa", "lan", json!({ "iss": "https://id.example.vn" }))),
        (
            "expired an hour ago",
            provider.token("rsa", "lan", json!({ "iat": now - 7200, "exp": now - 3600 })),
        ),
        ("not valid for an hour yet", provider.token("rsa", "lan", json!({ "nbf": now + 3600 }))),
        ("a key the provider never published", provider.token("foreign", "lan", json!({}))),
        (
            "alg none",
            unsigned(
                json!({ "alg": "none", "typ": "JWT" }),
                json!({ "iss": provider.issuer(), "aud": AUDIENCE, "sub": "lan", "exp": now + 3600 }),
            ),
        ),
        ("a development token (HS256)", app.token(SCHOOL, hub_common::Role::OrgAdmin)),
    ];
    for (what, token) in refused {
        let (status, body) = post(&app, &token, None, query, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
        assert_eq!(first_error_code(&body), "UNAUTHENTICATED", "{what}: {body}");
    }
    // Anonymous reads are untouched.
    let (status, body) = app.graphql(None, query, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_rotated_at_the_provider_are_picked_up_without_a_restart() {
    let Some((app, mut provider)) = hub_with_provider(Backend::Sqlite, Profile::Development).await else {
        return;
    };
    let query = "{ organizations(first: 1) { edges { node { id } } } }";
    let before = provider.token("rsa", "lan", json!({}));
    assert_eq!(post(&app, &before, None, query, json!({})).await.0, StatusCode::OK);

    provider.stop();
    provider.rotate_keys();
    provider.resume();
    let after = provider.token("rsa", "lan", json!({}));
    let (status, body) = post(&app, &after, None, query, json!({})).await;
    assert_eq!(status, StatusCode::OK, "a token signed with the new key: {body}");
    let (status, _) = post(&app, &provider.token("ec", "lan", json!({})), None, query, json!({})).await;
    assert_eq!(status, StatusCode::OK, "the new EC key too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_provider_is_down_only_token_holders_wait() {
    // The provider makes its keys on its first start; the hub starts while it is down.
    let hub_port = free_port();
    let Some(mut provider) =
        TestProvider::on_port(free_port(), &format!("http://127.0.0.1:{hub_port}/auth/callback"))
    else {
        return;
    };
    provider.resume();
    let token = provider.token("rsa", "lan", json!({}));
    provider.stop();
    let auth = auth_settings(&provider);
    let app = TestApp::spawn_with(Backend::Sqlite, |settings| settings.auth = auth).await.unwrap();

    let query = "{ organizations(first: 1) { edges { node { id } } } }";
    let (status, body) = post(&app, &token, None, query, json!({})).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(first_error_code(&body), "SERVICE_UNAVAILABLE", "{body}");
    app.assert_still_serving().await;
    let ready: Value =
        app.client.get(format!("{}/readyz", app.base_url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready["ready"], true, "anonymous readers are still served: {ready}");
    assert!(ready["identityProvider"].as_str().is_some_and(|why| why.starts_with("unreachable")), "{ready}");
    // Development tokens do not depend on the provider.
    let (status, _) =
        post(&app, &app.token(SCHOOL, hub_common::Role::OrgAdmin), None, query, json!({})).await;
    assert_eq!(status, StatusCode::OK);

    // Requests ask the provider again at most once a second while nothing is loaded.
    provider.resume();
    let mut answer = post(&app, &token, None, query, json!({})).await;
    for _ in 0..30 {
        if answer.0 == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        answer = post(&app, &token, None, query, json!({})).await;
    }
    assert_eq!(answer.0, StatusCode::OK, "back once the provider is: {}", answer.1);
    let ready: Value =
        app.client.get(format!("{}/readyz", app.base_url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready["identityProvider"], "ok", "{ready}");
}

/// A WebSocket acting for `organization`, authenticated with `token`, acknowledged.
async fn acting_socket(app: &TestApp, token: &str, organization: Uuid) -> crate::ws_client::WsClient {
    use futures_util::SinkExt;
    let mut socket = crate::ws_client::open(&app.base_url).await;
    let init = json!({ "type": "connection_init", "payload": {
        "Authorization": format!("Bearer {token}"), "organization": organization } });
    socket.send(tokio_tungstenite::tungstenite::Message::text(init.to_string())).await.unwrap();
    let mut client = crate::ws_client::WsClient { socket };
    let ack = client.next_message().await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_a_member_takes_effect_at_once_and_closes_their_subscriptions() {
    let Some((app, provider)) = hub_with_provider(Backend::Sqlite, Profile::Development).await else {
        return;
    };
    join(&app, "lan", SCHOOL, MembershipRole::OrgMember).await;
    join(&app, "lan", COLLEGE, MembershipRole::OrgMember).await;
    let lan = provider.token("rsa", "lan", json!({}));
    let subscription = "subscription($org: ID!) { partnershipChanged(organizationId: $org) { status } }";
    let mut for_school = acting_socket(&app, &lan, demo_org(SCHOOL)).await;
    for_school.subscribe("s", subscription, json!({ "org": demo_org(SCHOOL) })).await;
    let mut for_college = acting_socket(&app, &lan, demo_org(COLLEGE)).await;
    for_college.subscribe("c", subscription, json!({ "org": demo_org(COLLEGE) })).await;

    // The school's administrator removes Lan from the school.
    let membership = directory::entity::membership::Entity::find()
        .filter(directory::entity::membership::Column::Subject.eq("lan"))
        .filter(directory::entity::membership::Column::OrganizationId.eq(demo_org(SCHOOL)))
        .one(&app.db)
        .await
        .unwrap()
        .expect("Lan's membership of the school");
    let admin = app.token(SCHOOL, hub_common::Role::OrgAdmin);
    let remove = "mutation($id: ID!) { removeMember(membershipId: $id) { id } }";
    app.data(Some(&admin), remove, json!({ "id": membership.id })).await;

    assert_eq!(for_school.close_code(std::time::Duration::from_secs(5)).await, Some(4403));
    for_college.expect_silence(std::time::Duration::from_millis(500)).await;
    let school = demo_org(SCHOOL).to_string();
    let (status, body) = post(&app, &lan, Some(&school), "{ viewer { subject } }", json!({})).await;
    assert_eq!((status, first_error_code(&body).as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"), "{body}");
    let college = demo_org(COLLEGE).to_string();
    let (status, _) = post(&app, &lan, Some(&college), "{ viewer { subject } }", json!({})).await;
    assert_eq!(status, StatusCode::OK, "the other membership stands");
}
