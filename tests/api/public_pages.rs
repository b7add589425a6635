//! The public information pages at `/` and `/en/`: plain HTML a search engine or a phone
//! without JavaScript reads, then the same pages in headless Chromium.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, with};
use crate::hub_test;
use crate::internships::offer_input;
use hub_common::Role;

const ENTERPRISE: &str = "dn-logistics-bach-dang";

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
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
fn assert_self_contained(path: &str, html: &str) {
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
fn regex_like_day(html: &str) -> Option<String> {
    html.as_bytes()
        .windows(10)
        .find(|b| {
            b[2] == b'/'
                && b[5] == b'/'
                && b.iter().enumerate().all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
        })
        .map(|b| String::from_utf8_lossy(b).into_owned())
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
