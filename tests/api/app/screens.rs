//! Every screen of every person, on a phone (360 px): it fits the screen, axe-core finds no
//! serious or critical violation, and switched to English it shows English only (a text
//! missing from `en.json` would show its key); there, an error the API names a field for is
//! shown at that field, in English. The school signs in and opens a nomination form with the
//! keyboard alone.

use serde_json::json;

use super::*;
use crate::chromium::{Browser, chromium_available};
use crate::hub_test;

/// True once the screen has drawn its heading and every list on it has loaded.
const SETTLED: &str = "(() => { const v = document.getElementById('view'); \
    return !!v.querySelector('h1') && !v.querySelector('[data-state=loading]') \
      && !v.innerText.includes('Đang tải…') && !v.innerText.includes('Loading…'); })()";

/// Prefixes of the dictionaries' keys: one on the page is a text without a translation.
const KEY_PREFIXES: &[&str] = &[
    "nav.",
    "status.",
    "error.",
    "fieldError.",
    "level.",
    "kind.",
    "equipment.",
    "notice.",
    "figures.",
    "pb.",
];

hub_test!(
    async fn every_screen_fits_a_phone_and_passes_the_accessibility_check_in_both_languages(app) {
        if !chromium_available() {
            return;
        }
        let browser = Browser::start();
        for account in ["dn-logistics-bach-dang", "thpt-tran-phu", "cd-cong-nghiep-hp", "so-congthuong", "so-gddt"] {
            let mut page = browser.isolated_page().await;
            viewport(&mut page, PHONE).await;
            if account == "thpt-tran-phu" {
                sign_in_by_keyboard(&mut page, &app.base_url, account).await;
                nominate_by_keyboard(&mut page).await;
            } else {
                sign_in(&mut page, &app.base_url, account).await;
            }
            visit_every_screen(&mut page, account, "vi").await;
            page.eval("document.getElementById('language').click(); true").await;
            page.wait_for("document.documentElement.lang === 'en'", WAIT).await;
            visit_every_screen(&mut page, account, "en").await;
            if account == "dn-logistics-bach-dang" {
                english_error_at_its_field(&mut page).await;
            }
        }
    }
);

/// The links to every screen: the navigation, and the notifications in the header.
const LINKS: &str = "document.querySelectorAll('#nav a, #notices:not([hidden])')";

async fn visit_every_screen(page: &mut Page, account: &str, lang: &str) {
    let links = page.eval(&format!("{LINKS}.length")).await.as_u64().unwrap_or(0);
    assert!(links >= 2, "{account}: a navigation of {links} links");
    for index in 0..links {
        page.eval(&format!("{LINKS}[{index}].click(); true")).await;
        page.wait_for(
            &format!("{LINKS}[{index}].getAttribute('aria-current') === 'page' && {SETTLED}"),
            WAIT,
        )
        .await;
        let route = page.eval("document.getElementById('view').dataset.route").await;
        let what = format!("{account} /app/{} ({lang})", route.as_str().unwrap_or_default());
        let errors = page.eval("document.querySelectorAll('#view [data-state=error]').length").await;
        assert_eq!(errors, json!(0), "{what}: a list failed to load:\n{}", text(page).await);
        assert_fits(page, &what).await;
        assert_hidden_stays_hidden(page, &what).await;
        assert_accessible(page, &what).await;
        let shown = text(page).await;
        for prefix in KEY_PREFIXES {
            let leaked = shown.split(|c: char| c.is_whitespace()).find(|word| word.starts_with(prefix));
            assert!(leaked.is_none(), "{what}: the untranslated key {leaked:?} is shown:\n{shown}");
        }
        if lang == "en" {
            assert!(
                !shown.contains("Đăng xuất") && !shown.contains("Đang tải"),
                "{what}: Vietnamese left:\n{shown}"
            );
        }
    }
}

/// In English, the API's error lands at the field `extensions.field` names, in English.
async fn english_error_at_its_field(page: &mut Page) {
    go(page, "Profile").await;
    page.wait_for("!!document.querySelector('#profile-form [name=taxCode]')", WAIT).await;
    fill(page, "#profile-form", "Tax code", "0201234567").await;
    press(page, "#profile-form", "Save the profile").await;
    let error = field_error(page, "#profile-form", "taxCode").await;
    assert_eq!(error, "Not a valid tax code: 10 digits (the last one a check digit), or 10-3 for a branch.");
    let focused = page.eval("document.activeElement.name").await;
    assert_eq!(focused, "taxCode", "the wrong field has the focus");
}

/// With the keyboard only, the school opens the nomination form of an offer: the focus lands
/// in its first field.
async fn nominate_by_keyboard(page: &mut Page) {
    page.wait_for(SETTLED, WAIT).await;
    tab_to(page, "e.dataset.act === 'nominate'", 40).await;
    key(page, "Enter").await;
    page.wait_for("document.activeElement.name === 'studentRef'", WAIT).await;
}
