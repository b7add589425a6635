//! The web app at `/app` in a real headless Chromium, driven over the DevTools protocol: each
//! person signs in through the development sign-in (the demo accounts) in a browser context
//! of their own and works through the screens as a person would, on a phone-sized (360 px) or
//! a desktop viewport, in Vietnamese and (the college) in English. axe-core, pinned by
//! `tests/a11y/package-lock.json`, is injected on each main screen: no serious or critical
//! violation. Screenshots go to the target directory (`target/tmp/app-*.png`); with
//! `UPDATE_SCREENSHOTS=1` the SQLite run also writes them to `docs/screenshots/`.

mod closures;
mod depth;
mod equipment_flow;
mod flows;
mod partners;
mod screens;
mod shell;

use std::time::Duration;

use chrono::{NaiveDate, TimeDelta};

use serde_json::{Value, json};

use crate::chromium::Page;
use crate::helpers::services_required;

pub const PHONE: (u32, u32) = (360, 780);
pub const DESKTOP: (u32, u32) = (1280, 900);

/// axe-core's script, installed by `npm ci --prefix tests/a11y`; `None` (the check skipped,
/// loudly) where it is not installed and the suite does not require every service.
fn axe_script() -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/a11y/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(_) if services_required() => {
            panic!("{} is missing: run `npm ci --prefix tests/a11y`", path.display())
        }
        Err(_) => {
            eprintln!("\n*** SKIPPED the accessibility check: run `npm ci --prefix tests/a11y`. ***\n");
            None
        }
    }
}

pub async fn viewport(page: &mut Page, (width, height): (u32, u32)) {
    let mobile = width < 600;
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
    )
    .await;
}

/// Opens `/app` signed out, checks the sign-in button, presses it and chooses the demo
/// account of `organization_key` on the development sign-in page.
pub async fn sign_in(page: &mut Page, base_url: &str, organization_key: &str) {
    page.call("Page.enable", json!({})).await;
    page.call("Page.navigate", json!({ "url": format!("{base_url}/app") })).await;
    page.wait_for("document.readyState === 'complete' && !document.getElementById('signin').hidden", WAIT)
        .await;
    let button = page.eval("document.getElementById('signin-button').innerText").await;
    assert_eq!(button, "Đăng nhập", "the signed-out page offers the sign-in in Vietnamese");
    page.eval("document.getElementById('signin-button').click(); true").await;
    let account = format!(
        "[...document.querySelectorAll('button[name=account]')].find((b) => b.innerText.includes({}))",
        json!(organization_key)
    );
    page.wait_for(&format!("!!{account}"), WAIT).await;
    page.eval(&format!("{account}.click(); true")).await;
    page.wait_for("location.pathname.startsWith('/app/') && !document.getElementById('nav').hidden", WAIT)
        .await;
}

pub const WAIT: Duration = Duration::from_secs(20);

/// Presses one key (`Tab`, `Enter`) as a keyboard would.
pub async fn key(page: &mut Page, name: &str) {
    let (code, text) = match name {
        "Tab" => (9, ""),
        "Enter" => (13, "\r"),
        other => panic!("no key {other}"),
    };
    for kind in ["keyDown", "keyUp"] {
        let text = if kind == "keyDown" { text } else { "" };
        let event =
            json!({ "type": kind, "key": name, "code": name, "windowsVirtualKeyCode": code, "text": text });
        page.call("Input.dispatchKeyEvent", event).await;
    }
}

/// Presses Tab until `condition` (an expression about `document.activeElement`) holds, at most
/// `presses` times, as a keyboard user looking for a control would.
pub async fn tab_to(page: &mut Page, condition: &str, presses: usize) {
    for _ in 0..presses {
        key(page, "Tab").await;
        if page
            .eval(&format!("(() => {{ const e = document.activeElement; return !!e && ({condition}); }})()"))
            .await
            == Value::Bool(true)
        {
            return;
        }
    }
    panic!("{presses} presses of Tab never reached {condition}:\n{}", text(page).await);
}

/// Signs in with the keyboard only: Tab to "Đăng nhập", Enter, Tab to the demo account of
/// `organization_key`, Enter.
pub async fn sign_in_by_keyboard(page: &mut Page, base_url: &str, organization_key: &str) {
    page.call("Page.enable", json!({})).await;
    page.call("Page.navigate", json!({ "url": format!("{base_url}/app") })).await;
    page.wait_for("document.readyState === 'complete' && !document.getElementById('signin').hidden", WAIT)
        .await;
    tab_to(page, "e.id === 'signin-button'", 10).await;
    key(page, "Enter").await;
    page.wait_for("!!document.querySelector('button[name=account]')", WAIT).await;
    tab_to(page, &format!("e.name === 'account' && e.innerText.includes({})", json!(organization_key)), 20)
        .await;
    key(page, "Enter").await;
    page.wait_for("location.pathname.startsWith('/app/') && !document.getElementById('nav').hidden", WAIT)
        .await;
}

/// Keeps every WebSocket the page opens in `window.hubTest.sockets` and, while
/// `window.hubTest.block` is true, points new ones at a port where nothing listens, so a test
/// can cut the app's live connection and keep it down, as a network drop would.
const WEBSOCKET_TAP: &str = "(() => { const Native = window.WebSocket; const hubTest = { sockets: [], block: false }; \
    window.hubTest = hubTest; \
    window.WebSocket = class extends Native { constructor(url, protocols) { \
      super(hubTest.block ? 'ws://127.0.0.1:9/' : url, protocols); hubTest.sockets.push(this); } }; })();";

/// Installs `WEBSOCKET_TAP` in every document the page loads from now on.
pub async fn tap_websockets(page: &mut Page) {
    page.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WEBSOCKET_TAP })).await;
}

/// Closes the page's WebSockets and keeps new ones from connecting until `restore_websockets`.
pub async fn drop_websockets(page: &mut Page) {
    page.eval("window.hubTest.block = true; window.hubTest.sockets.forEach((s) => s.close()); true").await;
}

pub async fn restore_websockets(page: &mut Page) {
    page.eval("window.hubTest.block = false; true").await;
}

/// A day counted from today in Hải Phòng.
pub fn day(days: i64) -> NaiveDate {
    hub_common::time::today() + TimeDelta::days(days)
}

/// A day as the app shows it (dd/MM/yyyy).
pub fn shown(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Gives the first element matching `selector` whose text contains `text` the id `id`, so the
/// next steps can work inside it (cards are drawn again as they change: mark them again).
pub async fn mark(page: &mut Page, selector: &str, text: &str, id: &str) {
    wait_in(page, selector, text).await;
    page.eval(&format!(
        "[...document.querySelectorAll({})].find((e) => e.innerText.includes({})).id = {}; true",
        json!(selector),
        json!(text),
        json!(id)
    ))
    .await;
}

/// Gives the first element matching `selector` whose text contains every one of `texts` the
/// id `id` (a card that says several things at once, e.g. its title and its new status).
pub async fn mark_all(page: &mut Page, selector: &str, texts: &[&str], id: &str) {
    let found = format!(
        "[...document.querySelectorAll({})].find((e) => {}.every((t) => e.innerText.includes(t)))",
        json!(selector),
        json!(texts)
    );
    page.wait_for(&format!("!!{found}"), WAIT).await;
    page.eval(&format!("{found}.id = {}; true", json!(id))).await;
}

/// The colour a badge with `text` inside `scope` is drawn in, and the stylesheet's colour named
/// `variable` (`--good`, `--warn`), both as the browser computes them.
pub async fn badge_colour(page: &mut Page, scope: &str, text: &str, variable: &str) -> (String, String) {
    let found = page
        .eval(&format!(
            "(() => {{ const b = [...document.querySelectorAll({} + ' .badge')].find((b) => b.innerText.trim() === {}); \
               if (!b) return null; const probe = document.createElement('span'); probe.style.color = `var({})`; \
               document.body.append(probe); const wanted = getComputedStyle(probe).color; probe.remove(); \
               return [getComputedStyle(b).color, wanted]; }})()",
            json!(scope),
            json!(text),
            variable
        ))
        .await;
    serde_json::from_value(found.clone()).unwrap_or_else(|_| panic!("no badge {text:?} in {scope}: {found}"))
}

/// Waits until the page's text contains `text`.
pub async fn wait_text(page: &mut Page, text: &str) {
    page.wait_for(&format!("document.body.innerText.includes({})", json!(text)), WAIT).await;
}

/// Waits until the element `selector` exists and its text contains `text`.
pub async fn wait_in(page: &mut Page, selector: &str, text: &str) {
    page.wait_for(
        &format!(
            "[...document.querySelectorAll({})].some((e) => e.innerText.includes({}))",
            json!(selector),
            json!(text)
        ),
        WAIT,
    )
    .await;
}

/// Clicks the navigation link named `label`, as a person would.
pub async fn go(page: &mut Page, label: &str) {
    page.eval(&format!(
        "[...document.querySelectorAll('#nav a')].find((a) => a.innerText === {}).click(); true",
        json!(label)
    ))
    .await;
}

/// Types `value` into the field labelled `label` inside `scope` (a selector).
pub async fn fill(page: &mut Page, scope: &str, label: &str, value: &str) {
    let found = page
        .eval(&format!(
            "(() => {{ const scope = document.querySelector({scope}); \
               const label = [...scope.querySelectorAll('label')].find((l) => l.innerText.trim() === {label}); \
               if (!label) return false; const input = document.getElementById(label.htmlFor); \
               input.focus(); input.value = {value}; \
               input.dispatchEvent(new Event('input', {{ bubbles: true }})); input.dispatchEvent(new Event('change', {{ bubbles: true }})); \
               return true; }})()",
            scope = json!(scope),
            label = json!(label),
            value = json!(value)
        ))
        .await;
    assert_eq!(found, true, "no field labelled {label:?} in {scope}");
}

/// Checks (or chooses) the checkbox or radio button labelled `label` inside `scope`.
pub async fn check(page: &mut Page, scope: &str, label: &str) {
    let found = page
        .eval(&format!(
            "(() => {{ const l = [...document.querySelector({}).querySelectorAll('label')].find((l) => l.innerText.trim() === {}); \
               if (!l) return false; l.querySelector('input').click(); return true; }})()",
            json!(scope),
            json!(label)
        ))
        .await;
    assert_eq!(found, true, "no choice labelled {label:?} in {scope}");
}

/// Presses the button whose text is `label` inside `scope`.
pub async fn press(page: &mut Page, scope: &str, label: &str) {
    let found = page
        .eval(&format!(
            "(() => {{ const b = [...document.querySelector({}).querySelectorAll('button')].find((b) => b.innerText.trim() === {}); \
               if (!b) return false; b.click(); return true; }})()",
            json!(scope),
            json!(label)
        ))
        .await;
    assert_eq!(found, true, "no button {label:?} in {scope}");
}

/// The error shown under the field the API named `field` inside `scope`.
pub async fn field_error(page: &mut Page, scope: &str, field: &str) -> String {
    let selector = format!("{scope} [data-error-for=\"{field}\"]");
    page.wait_for(
        &format!(
            "!!document.querySelector({0}) && document.querySelector({0}).innerText.length > 0",
            json!(selector)
        ),
        WAIT,
    )
    .await;
    page.eval(&format!("document.querySelector({}).innerText", json!(selector)))
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn text(page: &mut Page) -> String {
    page.eval("document.body.innerText").await.as_str().unwrap_or_default().to_owned()
}

/// Nothing is wider than the screen (no sideways scrolling on a phone).
pub async fn assert_fits(page: &mut Page, what: &str) {
    let (scroll, inner) =
        (page.eval("document.documentElement.scrollWidth").await, page.eval("window.innerWidth").await);
    assert!(
        scroll.as_i64() <= inner.as_i64().map(|w| w + 1),
        "{what}: {scroll} px wide in a {inner} px window"
    );
}

/// Nothing the app hid (the `hidden` attribute) is displayed: a stylesheet rule that gives an
/// element a `display` of its own would otherwise show it.
pub async fn assert_hidden_stays_hidden(page: &mut Page, what: &str) {
    let shown = page
        .eval(
            "[...document.querySelectorAll('[hidden]')].filter((e) => getComputedStyle(e).display !== 'none') \
               .map((e) => e.id || e.className || e.tagName)",
        )
        .await;
    assert_eq!(shown, json!([]), "{what}: hidden elements are displayed");
}

/// Runs axe-core on the page as it is: no serious or critical violation.
pub async fn assert_accessible(page: &mut Page, what: &str) {
    let Some(script) = axe_script() else { return };
    if page.eval("typeof window.axe === 'object'").await != Value::Bool(true) {
        page.eval(&format!("{script}\n;true")).await;
    }
    let found = page
        .eval(
            "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations \
               .filter((v) => v.impact === 'serious' || v.impact === 'critical') \
               .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`))",
        )
        .await;
    let found = found.as_array().cloned().unwrap_or_default();
    assert!(
        found.is_empty(),
        "{what}: accessibility violations:\n{}",
        serde_json::to_string_pretty(&found).unwrap()
    );
}

/// Keeps a screenshot as an artefact (and in `docs/screenshots/` when asked to).
pub async fn screenshot(page: &mut Page, database_url: &str, name: &str) {
    let backend = if database_url.starts_with("postgres") { "postgres" } else { "sqlite" };
    let path = page.screenshot(&format!("app-{backend}-{name}.png")).await;
    if backend == "sqlite" && std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::copy(&path, docs.join(format!("{name}.png"))).unwrap();
    }
}
