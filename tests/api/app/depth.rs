//! How deep the first screen's requests go, for each person, from a cold start of the page
//! (the browser's cache off): after the page, the app's files come in one round (every module
//! and both dictionaries are preloaded, so none is found late), and its data in two rounds
//! (who the person is, with the session, then the screen's queries side by side). The app's
//! files count as one round when the page names them all; the data's rounds follow the app's
//! `fetch` calls, one a round deeper than the deepest whose answer had arrived before it was
//! made, so requests that could go side by side but were made one after the other count as
//! a waterfall. No time is asserted (a timed test would be flaky): the time to the first
//! usable screen is printed (`--nocapture`); the web app's README gives it for a release build.

use serde_json::{Value, json};

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::hub_test;

/// Records, in the page, when the first screen is usable (its heading drawn and no list still
/// loading, as `screens.rs` waits for), and every `fetch` the app makes: when it was called
/// and when its answer arrived. The answer's time is taken by a handler attached before the
/// app's own, so a request made on reading another's answer is always called after it, and
/// requests made side by side (in one task) always before either answer is taken.
const FIRST_SCREEN: &str = "(() => { const settled = () => { const v = document.getElementById('view'); \
      return !!v && !!v.querySelector('h1') && !v.querySelector('[data-state=loading]') \
        && !v.innerText.includes('Đang tải…') && !v.innerText.includes('Loading…'); }; \
    const check = () => { if (window.hubFirstScreen === undefined && settled()) { window.hubFirstScreen = performance.now(); } }; \
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true }); \
    const fetches = window.hubFetches = []; const native = window.fetch; \
    window.fetch = function (input, init) { \
      const call = { path: new URL(typeof input === 'string' ? input : input.url, location.href).pathname, called: performance.now(), end: Infinity }; \
      fetches.push(call); const answer = native.call(this, input, init); \
      answer.then(() => { call.end = performance.now(); }, () => { call.end = performance.now(); }); return answer; }; })();";

/// The rounds of requests before the first screen was usable: `{ assets, data, requests }`.
/// The app's files are the first round when the page names them all (its links and script:
/// the browser asks for them on reading it); one it does not name was found late, a round
/// deeper. The data's rounds follow the calls: one call is a round deeper than the deepest
/// whose answer had arrived before it was made.
const ROUNDS: &str = "(() => { \
    const named = new Set([...document.querySelectorAll('link[href], script[src]')].map((e) => new URL(e.href || e.src).pathname)); \
    const files = performance.getEntriesByType('resource').filter((e) => e.startTime <= window.hubFirstScreen) \
      .map((e) => new URL(e.name).pathname).filter((path) => path.startsWith('/assets/')); \
    const calls = window.hubFetches.filter((c) => c.called <= window.hubFirstScreen).sort((a, b) => a.called - b.called); \
    for (const c of calls) { c.depth = 1 + Math.max(0, ...calls.filter((q) => q !== c && q.depth && q.end <= c.called).map((q) => q.depth)); } \
    return { assets: files.every((path) => named.has(path)) ? 1 : 2, data: Math.max(0, ...calls.map((c) => c.depth)), \
      requests: [...files.map((path) => `${named.has(path) ? 1 : 2} ${path}`), ...calls.map((c) => `${c.depth} ${c.path}`)] }; })()";

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
