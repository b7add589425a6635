//! The whole story in a real browser: a person who exists only at the provider is invited to
//! the Department of Education and Training, accepts with their own token, signs in on the
//! dashboard through the provider's login and consent pages, sees the officer's data, and
//! signs out.

use std::time::Duration;

use super::*;
use crate::chromium::{Browser, chromium_available};

const INVITE: &str = "mutation($organizationId: ID!, $email: String!, $role: MembershipRole!) { \
     inviteMember(organizationId: $organizationId, email: $email, role: $role) { code } }";
const ACCEPT: &str =
    "mutation($code: String!) { acceptInvitation(code: $code) { role organization { name } } }";
const VIEWER: &str =
    "{ viewer { subject email actingFor { name } roles memberships { role organization { name } } } }";

// What the dashboard shows once its officer-only panels have loaded.
const LOADED: &str = "!!document.querySelector('#ranking table') && !!document.querySelector('#by-area table') \
     && !document.getElementById('indicators').classList.contains('muted')";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_officer_signs_in_through_the_provider_and_out_again() {
    if !chromium_available() {
        return;
    }
    let Some((app, provider)) = hub_with_provider(Backend::Sqlite, Profile::Development).await else {
        return;
    };

    // A platform admin invites the person by the address the provider knows them by.
    let admin = provider.token("rsa", PLATFORM_ADMIN, json!({}));
    let department = demo_org("so-gddt").to_string();
    let variables =
        json!({ "organizationId": department, "email": "thu-ha@example.vn", "role": "DEPARTMENT_OFFICER" });
    let (_, body) = post(&app, &admin, None, INVITE, variables).await;
    let code = body["data"]["inviteMember"]["code"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();

    // Somebody else cannot take the invitation; the person it was sent to can.
    let (_, body) =
        post(&app, &provider.token("rsa", "khach", json!({})), None, ACCEPT, json!({ "code": code })).await;
    assert_eq!(first_error_code(&body), "FORBIDDEN", "{body}");
    let thu_ha = provider.token("rsa", "thu-ha", json!({}));
    let (_, body) = post(&app, &thu_ha, None, ACCEPT, json!({ "code": code })).await;
    assert_eq!(body["data"]["acceptInvitation"]["role"], "DEPARTMENT_OFFICER", "{body}");
    let (_, body) = post(&app, &thu_ha, None, VIEWER, json!({})).await;
    assert_eq!(body["data"]["viewer"]["actingFor"]["name"], "Sở Giáo dục và Đào tạo Hải Phòng", "{body}");
    assert!(
        body["data"]["viewer"]["roles"].as_array().unwrap().contains(&json!("DEPARTMENT_OFFICER")),
        "{body}"
    );

    // In the browser: the dashboard's sign-in goes through the provider's own pages.
    let browser = Browser::start();
    let mut page = browser.page().await;
    page.press_dashboard_sign_in(&app.base_url).await;
    page.wait_for("!!document.querySelector('input[name=login]')", Duration::from_secs(15)).await;
    page.eval(
        "document.querySelector('input[name=login]').value = 'thu-ha'; \
         document.querySelector('input[name=password]').value = 'any'; \
         document.querySelector('input[name=login]').form.submit(); true",
    )
    .await;
    page.wait_for("!!document.querySelector('input[name=prompt][value=consent]')", Duration::from_secs(15))
        .await;
    page.eval("document.querySelector('input[name=prompt][value=consent]').form.submit(); true").await;
    page.wait_for(LOADED, Duration::from_secs(30)).await;
    assert_eq!(page.eval("location.pathname").await, "/dashboard");
    assert_eq!(
        page.eval("document.cookie.includes('hub_session')").await,
        false,
        "HttpOnly: no script sees it"
    );
    let text = page.eval("document.body.innerText").await.as_str().unwrap().to_owned();
    assert!(text.contains("Tham gia theo địa bàn"), "the officer's figures are shown:\n{text}");
    page.screenshot("signed-in-dashboard.png").await;

    // Signing out ends the session; the page offers the sign-in again.
    page.eval("document.querySelector('#signout button').click(); true").await;
    page.wait_for(
        "!document.getElementById('signin').hidden && document.getElementById('dashboard').hidden",
        Duration::from_secs(15),
    )
    .await;
    let session = page.eval("fetch('/auth/session').then((r) => r.json()).then((s) => s.signedIn)").await;
    assert_eq!(session, false);
}
