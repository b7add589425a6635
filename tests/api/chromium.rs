//! A headless Chromium of the test's own, driven over the Chrome DevTools protocol (no
//! Playwright download: Debian's `chromium` only). Used by the page tests.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::services_required;

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// A headless Chromium of the test's own, killed when dropped.
pub struct Browser {
    child: Child,
    profile: std::path::PathBuf,
    port: u16,
}

impl Browser {
    pub fn start() -> Self {
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
    pub async fn page(&self) -> Page {
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
        Page { socket, next_id: 0, _browser: None }
    }

    /// A new page in a browser context of its own: its cookies and storage are its own, so
    /// several people can be signed in at once in one browser.
    pub async fn isolated_page(&self) -> Page {
        let version: Value = reqwest::get(format!("http://127.0.0.1:{}/json/version", self.port))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let url = version["webSocketDebuggerUrl"].as_str().unwrap().to_owned();
        let (socket, _) = tokio_tungstenite::connect_async(url).await.expect("DevTools connects");
        // The context lives as long as the connection that made it, which the page keeps.
        let mut browser = Page { socket, next_id: 0, _browser: None };
        let context =
            browser.call("Target.createBrowserContext", json!({})).await["browserContextId"].clone();
        let target = browser
            .call("Target.createTarget", json!({ "url": "about:blank", "browserContextId": context }))
            .await["targetId"]
            .as_str()
            .unwrap()
            .to_owned();
        let url = format!("ws://127.0.0.1:{}/devtools/page/{target}", self.port);
        let (socket, _) = tokio_tungstenite::connect_async(url).await.expect("DevTools connects to the page");
        Page { socket, next_id: 0, _browser: Some(Box::new(browser)) }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

pub struct Page {
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    next_id: u64,
    /// The browser-level connection that made this page's context, kept open with it.
    _browser: Option<Box<Page>>,
}

impl Page {
    /// Calls a DevTools method and returns its result (events in between are skipped).
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        match self.try_call(method, params).await {
            Ok(result) => result,
            Err(reply) => panic!("{method}: {reply}"),
        }
    }

    /// Like `call`, returning DevTools' error instead of failing on it.
    pub async fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
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
                return match reply.get("error") {
                    Some(_) => Err(reply),
                    None => Ok(reply["result"].clone()),
                };
            }
        }
    }

    pub async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await;
        assert!(result.get("exceptionDetails").is_none(), "{expression}: {result}");
        result["result"]["value"].clone()
    }

    /// Opens the dashboard of the hub at `base_url`, signed out, and presses its sign-in link.
    pub async fn press_dashboard_sign_in(&mut self, base_url: &str) {
        self.call("Page.enable", json!({})).await;
        self.call("Page.navigate", json!({ "url": format!("{base_url}/dashboard") })).await;
        let signed_out = "document.readyState === 'complete' && !document.getElementById('signin').hidden";
        self.wait_for(signed_out, Duration::from_secs(15)).await;
        self.eval("document.getElementById('signin-button').click(); true").await;
    }

    /// `expression`'s value, or `None` when it threw or the page was between documents (a
    /// navigation in progress has no body yet, and destroys the context being evaluated in).
    pub async fn try_eval(&mut self, expression: &str) -> Option<Value> {
        let params = json!({ "expression": expression, "returnByValue": true, "awaitPromise": true });
        let result = self.try_call("Runtime.evaluate", params).await.ok()?;
        result.get("exceptionDetails").is_none().then(|| result["result"]["value"].clone())
    }

    /// Waits until `expression` is true; returns how long it took. Errors while the page
    /// navigates count as "not yet".
    pub async fn wait_for(&mut self, expression: &str, limit: Duration) -> Duration {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.try_eval(expression).await == Some(Value::Bool(true)) {
                return started.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let text = self.try_eval("document.body && document.body.innerText").await.unwrap_or_default();
        panic!(
            "not true within {limit:?}: {expression}\n--- page ---\n{}",
            text.as_str().unwrap_or_default()
        );
    }

    pub async fn screenshot(&mut self, name: &str) -> std::path::PathBuf {
        let shot = self
            .call("Page.captureScreenshot", json!({ "format": "png", "captureBeyondViewport": true }))
            .await;
        let png = base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().unwrap()).unwrap();
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}

/// Whether Chromium is installed; without it a page test is skipped (or fails where the
/// suite requires every service).
pub fn chromium_available() -> bool {
    if std::path::Path::new(CHROMIUM).exists() {
        return true;
    }
    if services_required() {
        panic!("{CHROMIUM} is required (HUB_REQUIRE_SERVICES=1); install the Debian package chromium");
    }
    eprintln!("\n*** SKIPPED: {CHROMIUM} is not installed (Debian package chromium). ***\n");
    false
}
