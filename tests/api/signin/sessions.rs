//! Browser sessions without a browser: the development sign-in, the cookie's attributes, the
//! CSRF header cookie-authenticated POSTs need, and signing out.

use super::*;

/// The `hub_session` value a `Set-Cookie` header sets, and the whole header.
fn session_cookie(response: &reqwest::Response) -> Option<(String, String)> {
    response.headers().get_all("set-cookie").iter().filter_map(|value| value.to_str().ok()).find_map(
        |header| {
            let value = header.strip_prefix("hub_session=")?.split(';').next()?;
            Some((value.to_owned(), header.to_owned()))
        },
    )
}

const AUDIT: &str = "{ auditLog(first: 1) { edges { node { mutation } } } }";

async fn post_with_cookie(app: &TestApp, cookie: &str, csrf: bool, query: &str) -> (StatusCode, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.base_url))
        .header("cookie", format!("hub_session={cookie}"))
        .json(&json!({ "query": query }));
    if csrf {
        request = request.header("x-hub-csrf", "1");
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn session_state(app: &TestApp, cookie: &str) -> Value {
    app.client
        .get(format!("{}/auth/session", app.base_url))
        .header("cookie", format!("hub_session={cookie}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_cookie_counts_only_with_the_csrf_header_and_ends_at_sign_out() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("SQLite is always available");
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    // The development sign-in page offers the demo accounts; no provider is configured.
    let page = client.get(format!("{}/auth/login?return_to=/dashboard", app.base_url)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let page = page.text().await.unwrap();
    assert!(page.contains("so-gddt") && page.contains("Đăng nhập"), "{page}");
    let officer = hub::auth::development::DEMO_ACCOUNTS
        .iter()
        .position(|(_, key, _)| *key == "so-gddt")
        .expect("the Education and Training officer is a demo account");

    let signed_in = client
        .post(format!("{}/auth/development", app.base_url))
        .form(&[("account", officer.to_string()), ("return_to", "//evil.example/x".to_owned())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed_in.headers()["location"], "/dashboard", "no redirect to another host");
    let (cookie, header) = session_cookie(&signed_in).expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(header.contains(attribute), "{attribute} missing from {header}");
    }
    assert!(!header.contains("Secure"), "plain http in development: {header}");
    let state = session_state(&app, &cookie).await;
    assert_eq!(state["signedIn"], true, "{state}");
    assert_eq!(state["subject"], "dev:so-gddt", "{state}");

    // Without the CSRF header the cookie is not used: the request is anonymous.
    let (status, body) = post_with_cookie(&app, &cookie, false, AUDIT).await;
    assert_eq!((status, first_error_code(&body).as_str()), (StatusCode::OK, "UNAUTHENTICATED"), "{body}");
    let (_, body) = post_with_cookie(&app, &cookie, true, AUDIT).await;
    assert!(body.get("errors").is_none(), "the officer reads the audit log: {body}");

    // Sign-out ends the session for every replica at once: the row is gone.
    let signed_out = client
        .post(format!("{}/auth/logout", app.base_url))
        .header("cookie", format!("hub_session={cookie}"))
        .form(&[("return_to", "/dashboard")])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    let (cleared, header) = session_cookie(&signed_out).expect("the cookie is cleared");
    assert!(cleared.is_empty() && header.contains("Max-Age=0"), "{header}");
    assert_eq!(session_state(&app, &cookie).await["signedIn"], false);
    let (status, body) = post_with_cookie(&app, &cookie, true, AUDIT).await;
    assert_eq!(
        (status, first_error_code(&body).as_str()),
        (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_has_no_development_sign_in() {
    let Some((app, _provider)) = hub_with_provider(Backend::Sqlite, Profile::Production).await else {
        return;
    };
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let refused = client
        .post(format!("{}/auth/development", app.base_url))
        .form(&[("account", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert!(session_cookie(&refused).is_none());

    // The sign-in goes to the provider, with PKCE and a state bound to this browser.
    let login = client.get(format!("{}/auth/login", app.base_url)).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER, "{:?}", login.headers());
    let location = login.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&_provider.issuer()), "{location}");
    for part in [
        "code_challenge_method=S256",
        "code_challenge=",
        "state=",
        "nonce=",
        "client_id=hub",
        "response_type=code",
    ] {
        assert!(location.contains(part), "{part} missing from {location}");
    }
    let sign_in = login.headers()["set-cookie"].to_str().unwrap();
    assert!(
        sign_in.starts_with("hub_sign_in=") && sign_in.contains("HttpOnly") && sign_in.contains("Secure"),
        "{sign_in}"
    );

    // A callback that is not the answer to this browser's sign-in starts no session.
    let forged = client
        .get(format!("{}/auth/callback?code=stolen&state=guessed", app.base_url))
        .header("cookie", "hub_sign_in=expected.verifier.nonce.L2Rhc2hib2FyZA")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    assert!(session_cookie(&forged).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_development_session_counts_for_nothing_in_production() {
    // A development hub signs somebody in; the same database is then served in production.
    let development = TestApp::spawn(Backend::Sqlite).await.expect("SQLite is always available");
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let signed_in = client
        .post(format!("{}/auth/development", development.base_url))
        .form(&[("account", "0")])
        .send()
        .await
        .unwrap();
    let (cookie, _) = session_cookie(&signed_in).expect("a development session");
    let Some(provider) = TestProvider::on_port(free_port(), "http://127.0.0.1:9/auth/callback") else {
        return;
    };
    let auth = auth_settings(&provider);
    let production = development
        .replica(|settings| {
            settings.profile = Profile::Production;
            settings.demo_data = None;
            settings.auth = auth;
        })
        .await;
    let (status, body) = post_with_cookie(&production, &cookie, true, AUDIT).await;
    assert_eq!(
        (status, first_error_code(&body).as_str()),
        (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
        "{body}"
    );
    let (status, body) = post_with_cookie(&development, &cookie, true, AUDIT).await;
    assert_eq!(status, StatusCode::OK, "still signed in on the development hub: {body}");
    assert!(body.get("errors").is_none(), "the school's administrator reads its entries: {body}");
}
