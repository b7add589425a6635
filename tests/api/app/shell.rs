//! What the hub serves for the app, over plain HTTP: the one page at `/app` and at its deep
//! links, with the pages' policy, and modules that find each other at their relative URLs.

use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp};

#[tokio::test]
async fn the_app_page_is_served_at_every_deep_link_and_its_modules_import_each_other() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("SQLite is always available");
    let mut pages = Vec::new();
    for path in ["/app", "/app/", "/app/offers", "/app/nominations/some/deep/link"] {
        let response = app.client.get(format!("{}{path}", app.base_url)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(policy.contains("script-src 'self';"), "{path}: {policy}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        pages.push(response.text().await.unwrap());
    }
    assert!(pages.windows(2).all(|pair| pair[0] == pair[1]), "every deep link serves the same page");
    let page = &pages[0];
    assert!(page.contains("Đăng nhập") && page.contains("lang=\"vi\""), "Vietnamese by default");
    assert!(!page.contains("<script>"), "no inline script");

    // `app.js` imports `./i18n.js`, which imports `./vi.json`: the same folder serves them.
    let script =
        page.split('"').find(|part| part.starts_with("/assets/") && part.ends_with("/app.js")).unwrap();
    let folder = script.trim_end_matches("app.js");
    for (file, content_type) in [
        ("app.js", "text/javascript"),
        ("i18n.js", "text/javascript"),
        ("vi.json", "application/json"),
        ("app.css", "text/css"),
    ] {
        let response = app.client.get(format!("{}{folder}{file}", app.base_url)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{folder}{file}");
        let served = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(served.starts_with(content_type), "{file}: {served}");
    }
    let body =
        app.client.get(format!("{}{folder}app.js", app.base_url)).send().await.unwrap().text().await.unwrap();
    assert!(body.contains("from './i18n.js'"), "the modules import each other relatively");
}
