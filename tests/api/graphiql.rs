//! GraphiQL renders in a real browser from the hub alone (this machine has no internet access,
//! so a page that needed a CDN would stay at "Loading…").

use std::process::Command;

use crate::helpers::{Backend, TestApp, services_required};

const CHROMIUM: &str = "/usr/bin/chromium";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_renders_in_a_headless_browser_without_internet() {
    if !std::path::Path::new(CHROMIUM).exists() {
        if services_required() {
            panic!("{CHROMIUM} is required (HUB_REQUIRE_SERVICES=1); install the Debian package chromium");
        }
        eprintln!("\n*** SKIPPED: {CHROMIUM} is not installed (Debian package chromium). ***\n");
        return;
    }
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else { return };
    let profile = std::env::temp_dir().join(format!("hub-chromium-{}", uuid::Uuid::now_v7().simple()));
    let url = format!("{}/graphql", app.base_url);
    let output = tokio::task::spawn_blocking(move || {
        let output = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--virtual-time-budget=15000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(&url)
            .output();
        let _ = std::fs::remove_dir_all(&profile);
        output
    })
    .await
    .unwrap()
    .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(dom.contains("graphiql-container"), "GraphiQL did not render:\n{}", &dom[..dom.len().min(2000)]);
    assert!(dom.contains("graphiql-execute-button"), "no execute button in the rendered page");
}
