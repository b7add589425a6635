//! The dashboard in a real browser: headless Chromium, driven over the Chrome DevTools
//! protocol, signs in with a pasted token, shows the demo data in Vietnamese (and English on
//! request), fits a phone's width, and shows a newly published internship offer in its live
//! list within a few seconds. Screenshots are kept under the target directory
//! (`target/tmp/dashboard.png` and `dashboard-phone.png`).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use super::*;
use crate::helpers::{Backend, services_required};
use crate::offers_live::Endpoint;

const CHROMIUM: &str = "/usr/bin/chromium";

/// A headless Chromium of the test's own, killed when dropped.
struct Browser {
    child: Child,
    profile: std::path::PathBuf,
    port: u16,
}

impl Browser {
    fn start() -> Self {
        let profile = std::env::temp_dir().join(format!("hub-chromium-{}", uuid::Uuid::now_v7().simple()));
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=1366,1800",
                "about:blank",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        // Chromium announces its DevTools endpoint on stderr: "DevTools listening on ws://…".
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.to_owned());
                }
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(30)).expect("chromium's DevTools endpoint");
        let port = url.trim_start_matches("ws://127.0.0.1:").split('/').next().unwrap().parse().unwrap();
        Self { child, profile, port }
    }

    /// The DevTools connection of the browser's first page.
    async fn page(&self) -> Page {
        let targets: Value = reqwest::get(format!("http://127.0.0.1:{}/json/list", self.port))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let url =
            targets.as_array().unwrap().iter().find(|t| t["type"] == "page").unwrap()["webSocketDebuggerUrl"]
                .as_str()
                .unwrap()
                .to_owned();
        let (socket, _) = tokio_tungstenite::connect_async(url).await.expect("DevTools connects");
        Page { socket, next_id: 0 }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

struct Page {
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    next_id: u64,
}

impl Page {
    /// Calls a DevTools method and returns its result (events in between are skipped).
    async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let request = json!({ "id": id, "method": method, "params": params });
        self.socket.send(Message::text(request.to_string())).await.unwrap();
        loop {
            let message = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .expect("DevTools answers")
                .unwrap()
                .unwrap();
            let Message::Text(text) = message else { continue };
            let reply: Value = serde_json::from_str(&text).unwrap();
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }

    async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await;
        assert!(result.get("exceptionDetails").is_none(), "{expression}: {result}");
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true; returns how long it took.
    async fn wait_for(&mut self, expression: &str, limit: Duration) -> Duration {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.eval(expression).await == Value::Bool(true) {
                return started.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let text = self.eval("document.body.innerText").await;
        panic!(
            "not true within {limit:?}: {expression}\n--- page ---\n{}",
            text.as_str().unwrap_or_default()
        );
    }

    async fn screenshot(&mut self, name: &str) -> std::path::PathBuf {
        let shot = self
            .call("Page.captureScreenshot", json!({ "format": "png", "captureBeyondViewport": true }))
            .await;
        let png = base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().unwrap()).unwrap();
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}

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
     && !document.getElementById('outstanding').classList.contains('muted')";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_the_city_and_new_offers_live_in_a_headless_browser() {
    if !std::path::Path::new(CHROMIUM).exists() {
        if services_required() {
            panic!("{CHROMIUM} is required (HUB_REQUIRE_SERVICES=1); install the Debian package chromium");
        }
        eprintln!("\n*** SKIPPED: {CHROMIUM} is not installed (Debian package chromium). ***\n");
        return;
    }
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else { return };
    let browser = Browser::start();
    let mut page = browser.page().await;
    page.call("Page.enable", json!({})).await;
    page.call("Page.navigate", json!({ "url": format!("{}/dashboard", app.base_url) })).await;
    page.wait_for(
        "document.readyState === 'complete' && !document.getElementById('signin').hidden",
        Duration::from_secs(15),
    )
    .await;

    // Sign in the way a person does: paste the token, press the button.
    let token = officer(&app);
    page.eval(&format!(
        "document.getElementById('token').value = {}; document.getElementById('signin-button').click(); true",
        json!(format!("Bearer {token}"))
    ))
    .await;
    page.wait_for(LOADED, Duration::from_secs(20)).await;
    assert_eq!(page.eval("sessionStorage.getItem('hub.dashboard.token') !== null").await, true);

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
    ] {
        assert!(text.contains(expected), "the dashboard lacks {expected:?}:\n{text}");
    }
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
