//! What browsers get: the pages' safety headers, and their assets compressed under versioned,
//! long-cached URLs.

use std::io::Read;

use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp};

/// The script and style URLs a page names.
fn asset_urls(page: &str) -> Vec<String> {
    page.split(['"', '\'']).filter(|part| part.starts_with("/assets/")).map(str::to_owned).collect()
}

#[tokio::test]
async fn pages_carry_a_same_origin_policy_and_assets_come_compressed_and_versioned() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("SQLite is always available");
    // No automatic decompression: the test reads the encoding the hub chose.
    let client = reqwest::Client::builder().no_gzip().no_brotli().build().unwrap();
    let mut assets = Vec::new();
    for path in ["/graphql", "/dashboard", "/app", "/", "/en/programmes"] {
        let response = client.get(format!("{}{path}", app.base_url)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        let policy = headers["content-security-policy"].to_str().unwrap();
        for directive in
            ["default-src 'self'", "script-src 'self';", "frame-ancestors 'none'", "object-src 'none'"]
        {
            assert!(policy.contains(directive), "{path}: {directive} missing from {policy}");
        }
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"), "{policy}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let page = response.text().await.unwrap();
        assert!(!page.contains("<script>"), "{path} has an inline script, which the policy would block");
        let urls = asset_urls(&page);
        assert!(!urls.is_empty(), "{path} names no versioned asset");
        assets.extend(urls);
    }
    // Every response says nosniff, not only the pages.
    let health = client.get(format!("{}/healthz", app.base_url)).send().await.unwrap();
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");

    for url in &assets {
        let plain = client.get(format!("{}{url}", app.base_url)).send().await.unwrap();
        assert_eq!(plain.status(), StatusCode::OK, "{url}");
        assert_eq!(plain.headers()["cache-control"], "public, max-age=31536000, immutable", "{url}");
        assert!(plain.headers().get("content-encoding").is_none(), "{url}: asked for no encoding");
        let plain = plain.bytes().await.unwrap();

        let brotli = client
            .get(format!("{}{url}", app.base_url))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(brotli.headers()["content-encoding"], "br", "{url}");
        let compressed = brotli.bytes().await.unwrap();
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&compressed[..], 4096).read_to_end(&mut decoded).expect("valid brotli");
        assert_eq!(decoded, plain, "{url}: brotli decodes to the same bytes");
        // Scripts shrink to well under half; the stylesheet less, as it embeds fonts.
        let bound = if url.ends_with(".js") && plain.len() > 10_000 { plain.len() / 2 } else { plain.len() };
        assert!(compressed.len() < bound, "{url}: {} of {} bytes", compressed.len(), plain.len());

        let gzip = client
            .get(format!("{}{url}", app.base_url))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(gzip.headers()["content-encoding"], "gzip", "{url}");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gzip.bytes().await.unwrap()[..])
            .read_to_end(&mut decoded)
            .expect("valid gzip");
        assert_eq!(decoded, plain, "{url}: gzip decodes to the same bytes");
    }
    // Another version of a file is not served: a URL names one content.
    let stale = assets[0].replacen("/assets/", "/assets/0000", 1);
    let response = client.get(format!("{}{stale}", app.base_url)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "{stale}");
}
