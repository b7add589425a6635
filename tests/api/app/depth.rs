//! How deep the first screen's requests go, for each person, from a cold start of the page
//! (the browser's cache off): after the page, the app's files come in one round (every module
//! and both dictionaries are preloaded, so none is found late), and its data in two rounds
//! (who the person is, with the session, then the screen's queries side by side). A round is
//! counted from the browser's Resource Timing entries: a request is one round deeper than
//! the deepest request that had finished before it started, so requests that could run side
//! by side but were made one after the other count as a waterfall. No time is asserted; the
//! time to the first usable screen is printed (`--nocapture`), and measured on a release
//! build as the web app's README says.

use serde_json::{Value, json};

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::hub_test;

/// Records, in the page, when the first screen is usable: its heading drawn and no list
/// still loading (as `screens.rs` waits for).
const FIRST_SCREEN: &str = "(() => { const settled = () => { const v = document.getElementById('view'); \
      return !!v && !!v.querySelector('h1') && !v.querySelector('[data-state=loading]') \
        && !v.innerText.includes('Đang tải…') && !v.innerText.includes('Loading…'); }; \
    const check = () => { if (window.hubFirstScreen === undefined && settled()) { window.hubFirstScreen = performance.now(); } }; \
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true }); })();";

/// The rounds of requests, by kind: `{ assets, data, requests }`.
const ROUNDS: &str = "(() => { \
    const entries = performance.getEntriesByType('resource').filter((e) => e.startTime <= window.hubFirstScreen) \
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })); \
    const data = (e) => e.path === '/graphql' || e.path.startsWith('/auth/'); \
    const depth = (list) => { const sorted = [...list].sort((a, b) => a.start - b.start); let deepest = 0; \
      for (const r of sorted) { r.depth = 1 + Math.max(0, ...sorted.filter((q) => q !== r && q.depth && q.end <= r.start).map((q) => q.depth)); \
        deepest = Math.max(deepest, r.depth); } return deepest; }; \
    return { assets: depth(entries.filter((e) => !data(e))), data: depth(entries.filter(data)), \
      requests: entries.map((e) => `${e.depth} ${e.path}`) }; })()";

hub_test!(
    async fn the_first_screen_of_every_person_is_two_rounds_of_requests_deep_at_most(app) {
        if !chromium_available() {
            return;
        }
        let browser = Browser::start();
        for account in ["dn-logistics-bach-dang", "thpt-tran-phu", "cd-cong-nghiep-hp", "so-congthuong", "so-gddt"] {
            let mut page = browser.isolated_page().await;
            viewport(&mut page, DESKTOP).await;
            sign_in(&mut page, &app.base_url, account).await;
            // Signed in: the page again, as a person opening the app, with nothing cached.
            page.call("Network.enable", json!({})).await;
            page.call("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await;
            page.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": FIRST_SCREEN })).await;
            page.call("Page.navigate", json!({ "url": format!("{}/app", app.base_url) })).await;
            page.wait_for("typeof window.hubFirstScreen === 'number'", WAIT).await;
            let rounds = page.eval(ROUNDS).await;
            let first_screen = page.eval("window.hubFirstScreen").await;
            let route = page.eval("document.getElementById('view').dataset.route").await;
            eprintln!(
                "{account} /app/{}: first screen usable after {:.0} ms; rounds {rounds}",
                route.as_str().unwrap_or_default(),
                first_screen.as_f64().unwrap_or_default()
            );
            let deep = |kind: &str| rounds[kind].as_u64().unwrap_or(u64::MAX);
            assert_eq!(deep("data"), 2, "{account}: the viewer, then the screen's data, and no deeper: {rounds}");
            assert_eq!(deep("assets"), 1, "{account}: an app file was found late (not preloaded): {rounds}");
            let requests: Vec<Value> = rounds["requests"].as_array().cloned().unwrap_or_default();
            assert!(requests.iter().any(|r| r.as_str().is_some_and(|r| r.ends_with("/graphql"))), "{rounds}");
        }
    }
);
