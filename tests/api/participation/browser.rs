//! The dashboard in a real browser: headless Chromium, driven over the Chrome DevTools
//! protocol, signs in on the development sign-in page, shows the demo data in Vietnamese (and English on
//! request), fits a phone's width, and shows a newly published internship offer in its live
//! list within a few seconds. Screenshots are kept under the target directory
//! (`target/tmp/dashboard.png` and `dashboard-phone.png`).

use std::time::Duration;

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::helpers::Backend;
use crate::offers_live::Endpoint;

/// Chooses a language in the header's selector, as a person would.
fn choose_language(lang: &str) -> String {
    format!(
        "(() => {{ const l = document.getElementById('lang'); l.value = '{lang}'; l.dispatchEvent(new Event('change')); return true; }})()"
    )
}

// The indicators and outstanding-reports panels load on their own requests; each drops `muted`
// once rendered. Without waiting for them the test read the page too early on a busy machine.
const LOADED: &str = "!!document.querySelector('#ranking table') && !!document.querySelector('#by-area table') \
     && !!document.querySelector('#by-sector table') && document.getElementById('live-status').dataset.state === 'connected' \
     && !document.getElementById('indicators').classList.contains('muted') \
     && !document.getElementById('outstanding').classList.contains('muted') \
     && !document.getElementById('schools').classList.contains('muted')";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_the_city_and_new_offers_live_in_a_headless_browser() {
    if !chromium_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else { return };
    let browser = Browser::start();
    let mut page = browser.page().await;
    // Sign in the way a person does on a development hub: the sign-in link, then the
    // Industry and Trade officer among the demo accounts. The page never holds a token.
    page.press_dashboard_sign_in(&app.base_url).await;
    page.wait_for("document.body.innerText.includes('so-congthuong')", Duration::from_secs(15)).await;
    page.eval("[...document.querySelectorAll('button[name=account]')].find((b) => b.innerText.includes('so-congthuong')).click(); true").await;
    page.wait_for(LOADED, Duration::from_secs(20)).await;
    assert_eq!(
        page.eval("document.cookie.includes('hub_session')").await,
        false,
        "the session cookie is HttpOnly"
    );
    let token = officer(&app);

    let text = page.eval("document.body.innerText").await.as_str().unwrap().to_owned();
    for expected in [
        "Tham gia theo địa bàn",
        "Doanh nghiệp xếp theo mức độ tham gia",
        "Công ty Cổ phần Logistics Bạch Đằng Việt",
        "Phường Đông Hải",
        "Vận tải kho bãi",
        "Tổng cộng",
        // The plan's indicators from the pilots module, with their 2025 target (100 %).
        "Tỷ lệ trường THPT có giáo viên kiêm nhiệm làm nhiệm vụ tư vấn nghề nghiệp",
        "Mục tiêu 100%",
        // Schools without this year's annual report, from the pilots module.
        "Trường THPT Hải An",
        // Lower-secondary graduates continuing into vocational training, beside what the
        // colleges' and centres' admissions for the year say, and the gap between them.
        "Theo tuyển sinh của các cơ sở GDNN",
        "học sinh tốt nghiệp THCS nhập học",
        "Chênh lệch so với báo cáo của trường",
        // Schools' registrations for career events (none held yet in the demo data).
        "Trường đăng ký học sinh dự sự kiện hướng nghiệp",
        "Sự kiện HN",
    ] {
        assert!(text.contains(expected), "the dashboard lacks {expected:?}:\n{text}");
    }
    // The institutions' intake shown is the one the API gives (Vietnamese digit grouping).
    let continuing = app
        .data(
            Some(&token),
            "query($year: Int!) { indicatorProgress(indicator: \"LOWER_SECONDARY_TO_VOCATIONAL\", year: $year) { admissions { enrolledLowerSecondary } } }",
            json!({ "year": this_year() }),
        )
        .await;
    let enrolled =
        continuing["indicatorProgress"]["admissions"]["enrolledLowerSecondary"].as_f64().unwrap() as i64;
    let digits = enrolled.to_string();
    let grouped: Vec<String> =
        digits.as_bytes().rchunks(3).rev().map(|chunk| String::from_utf8(chunk.to_vec()).unwrap()).collect();
    let shown = format!("{} học sinh tốt nghiệp THCS nhập học", grouped.join("."));
    assert!(text.contains(&shown), "the dashboard lacks {shown:?}:\n{text}");

    // The top-ranked enterprise is the one with most activities, as the API ranks them.
    let top = app
        .data(
            Some(&token),
            "{ enterpriseParticipation(first: 1) { edges { node { organization { name } } } } }",
            json!({}),
        )
        .await;
    let top = top["enterpriseParticipation"]["edges"][0]["node"]["organization"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let first_row = page.eval("document.querySelector('#ranking tbody tr td').innerText").await;
    assert_eq!(first_row.as_str().unwrap(), format!("1. {top}"));

    // An offer published now appears in the live list within a few seconds.
    let title = format!("Thực tập điều độ container {}", &uuid::Uuid::now_v7().simple().to_string()[24..]);
    let endpoint = Endpoint { base_url: app.base_url.clone(), client: app.client.clone() };
    endpoint.publish_offer(&title, "5210").await;
    let waited = page
        .wait_for(
            &format!("document.getElementById('live-offers').innerText.includes({})", json!(title)),
            Duration::from_secs(5),
        )
        .await;
    eprintln!("the new offer appeared on the dashboard {waited:?} after publishing");
    let item =
        page.eval("document.querySelector('#live-offers li').innerText").await.as_str().unwrap().to_owned();
    assert!(item.contains("Công ty Cổ phần Logistics Bạch Đằng Việt"), "{item}");
    let deadline =
        (chrono::Utc::now().date_naive() + chrono::Duration::days(23)).format("%d/%m/%Y").to_string();
    assert!(item.contains(&deadline), "the deadline is shown dd/MM/yyyy: {item}");
    let laptop = page.screenshot("dashboard.png").await;

    // English on request.
    page.eval(&choose_language("en")).await;
    page.wait_for("document.body.innerText.includes('Participation by area') && !!document.querySelector('#by-area table')", Duration::from_secs(20)).await;
    page.wait_for("document.body.innerText.includes('Transportation and storage')", Duration::from_secs(20))
        .await;

    // A phone: nothing wider than the screen.
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await;
    page.eval(&choose_language("vi")).await;
    page.wait_for(LOADED, Duration::from_secs(20)).await;
    page.wait_for("document.documentElement.scrollWidth <= window.innerWidth + 1", Duration::from_secs(5))
        .await;
    let phone = page.screenshot("dashboard-phone.png").await;
    eprintln!("screenshots: {} and {}", laptop.display(), phone.display());
}
