//! The public information pages at `/` and `/en/`: plain HTML a search engine or a phone
//! without JavaScript reads, then the same pages in headless Chromium.

use reqwest::StatusCode;
use serde_json::{Value, json};

mod careers;

use crate::helpers::{TestApp, with};
use crate::hub_test;
use crate::internships::offer_input;
use hub_common::Role;

const ENTERPRISE: &str = "dn-logistics-bach-dang";

pub(crate) async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app.client.get(format!("{}{path}", app.base_url)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The offers any anonymous client sees as taking nominations.
async fn open_offers(app: &TestApp) -> Vec<Value> {
    let data = app
        .data(
            None,
            "{ internshipOffers(filter: { openForNominations: true }, first: 50) { nodes { id title } } }",
            json!({}),
        )
        .await;
    data["internshipOffers"]["nodes"].as_array().unwrap().clone()
}

/// Asserts the page names no other host for anything it loads or links to.
pub(crate) fn assert_self_contained(path: &str, html: &str) {
    for attribute in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http"] {
        assert!(!html.contains(attribute), "{path} refers to another host ({attribute})");
    }
}

hub_test!(
    async fn the_home_page_shows_the_paths_and_open_offers_in_both_languages(app) {
        let offers = open_offers(&app).await;
        assert!(!offers.is_empty(), "the demo data has offers taking nominations");
        let title = offers[0]["title"].as_str().unwrap();

        let (status, vi) = page(&app, "/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(vi.contains("<html lang=\"vi\">"), "{vi}");
        assert!(vi.contains("<h1>Chọn hướng đi sau lớp 9 và lớp 12</h1>"));
        assert!(vi.contains("Sau lớp 9") && vi.contains("vừa học văn hóa vừa học nghề"));
        assert!(vi.contains(&maud::html! { (title) }.into_string()), "an open offer is on the home page");
        assert!(vi.contains("Nguồn: "), "each offer names its source");
        assert!(vi.contains("href=\"/en/\""), "the English page is one click away");
        assert_self_contained("/", &vi);

        let (status, en) = page(&app, "/en/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(en.contains("<html lang=\"en\">"));
        assert!(en.contains("<h1>Choosing a path after grade 9 and grade 12</h1>"));
        assert!(en.contains(&maud::html! { (title) }.into_string()));
        assert!(en.contains("Source: "));
        assert!(!en.contains("Hạn đề cử"), "no Vietnamese frame text on the English page");
    }
);

hub_test!(
    async fn the_offer_list_filters_on_the_server_and_pages_with_cursors(app) {
        let offers = open_offers(&app).await;
        let title = offers[0]["title"].as_str().unwrap().to_owned();
        let word: String = title.split_whitespace().next().unwrap().to_lowercase();

        let (status, found) = page(&app, &format!("/offers?sent=1&open=1&text={}", urlencode(&word))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(found.contains(&maud::html! { (title) }.into_string()), "searching {word} finds {title}");

        let (_, none) = page(&app, "/offers?sent=1&text=zzzkhongconao").await;
        assert!(none.contains("Hiện chưa có chỗ thực tập nào phù hợp."), "{none}");

        // Malformed filters are ignored, not an error page; a forged cursor finds nothing.
        let (status, _) = page(&app, "/offers?sent=1&level=NOT_A_LEVEL&sector=abc").await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = page(&app, "/offers?sent=1&after=bm90LWEtY3Vyc29y").await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // More offers than a page: a next link whose cursor leads to the rest, no offer twice.
        let token = app.token(ENTERPRISE, Role::OrgAdmin);
        for n in 0..21 {
            let input = with(offer_input(), json!({ "title": format!("Thực tập kiểm đếm hàng {n}") }));
            let created = app
                .data(Some(&token), "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }", json!({ "input": input }))
                .await;
            let id = created["createInternshipOffer"]["id"].as_str().unwrap().to_owned();
            app.data(Some(&token), "mutation($id: ID!) { publishInternshipOffer(id: $id) { id } }", json!({ "id": id })).await;
        }
        let (_, first) = page(&app, "/offers?sent=1&open=1&text=kiem+dem").await;
        let next = first.split("rel=\"next\" href=\"").nth(1).expect("a next-page link").split('"').next().unwrap();
        let (_, second) = page(&app, &next.replace("&amp;", "&")).await;
        let count = |html: &str| html.matches("Thực tập kiểm đếm hàng").count();
        assert_eq!(count(&first), 20);
        assert_eq!(count(&second), 1);
        assert!(second.contains("Về trang đầu"));
    }
);

hub_test!(
    async fn an_offer_page_shows_its_facts_with_source_and_date_and_drafts_stay_hidden(app) {
        let offers = open_offers(&app).await;
        let id = offers[0]["id"].as_str().unwrap();
        let (status, vi) = page(&app, &format!("/offers/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(vi.contains("Hạn đề cử") && vi.contains("Nguồn: ") && vi.contains("đăng ngày"));
        let published_on = regex_like_day(&vi).expect("a date written dd/MM/yyyy");
        assert_eq!(published_on.len(), 10);
        let (status, en) = page(&app, &format!("/en/offers/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(en.contains("Nominations close"));

        let token = app.token(ENTERPRISE, Role::OrgAdmin);
        let input = with(offer_input(), json!({ "title": "Bản nháp chưa đăng" }));
        let draft = app
            .data(Some(&token), "mutation($input: CreateInternshipOfferInput!) { createInternshipOffer(input: $input) { id } }", json!({ "input": input }))
            .await;
        let draft = draft["createInternshipOffer"]["id"].as_str().unwrap();
        let (status, body) = page(&app, &format!("/offers/{draft}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!body.contains("Bản nháp chưa đăng"));
        assert!(body.contains("Không tìm thấy trang"));
        let (status, _) = page(&app, "/en/offers/not-an-id").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

hub_test!(
    async fn the_sitemap_lists_every_page_in_both_languages(app) {
        let offers = open_offers(&app).await;
        let id = offers[0]["id"].as_str().unwrap();
        let response = app.client.get(format!("{}/sitemap.xml", app.base_url)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
        let xml = response.text().await.unwrap();
        for path in ["/</loc>".to_owned(), "/en/</loc>".to_owned(), format!("/offers/{id}</loc>"), format!("/en/offers/{id}</loc>")] {
            assert!(xml.contains(&path), "{path} missing from the sitemap");
        }
        let (_, robots) = page(&app, "/robots.txt").await;
        assert!(robots.contains("Sitemap: http://") && robots.contains("/sitemap.xml"));
    }
);

/// The first `dd/MM/yyyy` in `html`.
pub(crate) fn regex_like_day(html: &str) -> Option<String> {
    html.as_bytes()
        .windows(10)
        .find(|b| {
            b[2] == b'/'
                && b[5] == b'/'
                && b.iter().enumerate().all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
        })
        .map(|b| String::from_utf8_lossy(b).into_owned())
}

pub(crate) fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Records what a visitor's browser would complain about: script errors, `console.error` and
/// Content-Security-Policy violations (installed before any page script runs).
const RECORD_ERRORS: &str = "window.__pageErrors = [];
    addEventListener('error', e => __pageErrors.push('error: ' + (e.message || (e.target && e.target.outerHTML))), true);
    addEventListener('unhandledrejection', e => __pageErrors.push('rejection: ' + e.reason));
    document.addEventListener('securitypolicyviolation', e => __pageErrors.push('csp: ' + e.blockedURI));
    const consoleError = console.error; console.error = (...args) => { __pageErrors.push('console: ' + args.join(' ')); consoleError(...args); };";

#[tokio::test]
async fn on_a_phone_the_pages_fit_search_works_and_nothing_comes_from_elsewhere() {
    use crate::chromium::{Browser, chromium_available};
    use std::time::Duration;
    if !chromium_available() {
        return;
    }
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await.expect("SQLite is always available");
    let offers = open_offers(&app).await;
    let title = offers[0]["title"].as_str().unwrap().to_owned();
    let browser = Browser::start();
    let mut page = browser.page().await;
    page.call("Page.enable", json!({})).await;
    page.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": RECORD_ERRORS })).await;
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await;
    page.call("Page.navigate", json!({ "url": format!("{}/", app.base_url) })).await;
    page.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('h1')",
        Duration::from_secs(15),
    )
    .await;

    let heading = page.eval("document.querySelector('h1').innerText").await;
    assert_eq!(heading, "Chọn hướng đi sau lớp 9 và lớp 12");
    // The stylesheet came from the hub and applies: the header has its colour.
    let header = page.eval("getComputedStyle(document.querySelector('header.site')).backgroundColor").await;
    assert_eq!(header, "rgb(11, 95, 134)", "the page's own stylesheet applies");
    let fits = page.eval("document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, json!(true), "no sideways scrolling at 360 px");
    let foreign = page
        .eval("performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))")
        .await;
    assert_eq!(foreign, json!([]), "everything is loaded from the hub itself");
    page.screenshot("public-home-phone.png").await;

    // A visitor searches the offers with the form, no script involved.
    page.call("Page.navigate", json!({ "url": format!("{}/offers", app.base_url) })).await;
    page.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('form.filters')",
        Duration::from_secs(15),
    )
    .await;
    let word = title.split_whitespace().last().unwrap().to_owned();
    page.eval(&format!(
        "document.querySelector('input[name=text]').value = {}; document.querySelector('form.filters button').click(); true",
        json!(word)
    ))
    .await;
    page.wait_for("location.search.includes('text=')", Duration::from_secs(15)).await;
    page.wait_for("document.readyState === 'complete'", Duration::from_secs(15)).await;
    let cards = page.eval("[...document.querySelectorAll('.card h3')].map(h => h.innerText)").await;
    assert!(
        cards.as_array().unwrap().iter().any(|card| card == &json!(title)),
        "{cards} should hold {title}"
    );
    page.screenshot("public-offers-phone.png").await;

    // An occupation's page, with its chart and tables, still fits a phone.
    let data = app
        .data(None, "{ occupations(first: 100) { nodes { code bulletins(last: 1) { year } } } }", json!({}))
        .await;
    let code = data["occupations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| !o["bulletins"].as_array().unwrap().is_empty())
        .and_then(|o| o["code"].as_str())
        .expect("an occupation with bulletins")
        .to_owned();
    page.call("Page.navigate", json!({ "url": format!("{}/occupations/{code}", app.base_url) })).await;
    page.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('svg.chart')",
        Duration::from_secs(15),
    )
    .await;
    let fits = page.eval("document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, json!(true), "the occupation page does not scroll sideways at 360 px");
    let chart_width =
        page.eval("document.querySelector('svg.chart').getBoundingClientRect().width <= 360").await;
    assert_eq!(chart_width, json!(true), "the chart shrinks to the screen");
    page.screenshot("public-occupation-phone.png").await;

    let errors = page.eval("window.__pageErrors").await;
    assert_eq!(errors, json!([]), "the browser reported problems");
}
