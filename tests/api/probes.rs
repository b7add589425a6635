//! Health and readiness probes.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Backend, TestApp, redis_url};

#[tokio::test]
async fn readyz_reports_database_migrations_and_bus() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else { return };
    let response = app.client.get(format!("{}/readyz", app.base_url)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["migrations"], "current");
    assert_eq!(body["eventBus"], "not configured");
    let health = app.client.get(format!("{}/healthz", app.base_url)).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn readyz_checks_redis_when_configured() {
    let Some(url) = redis_url().await else { return };
    let Some(app) = TestApp::spawn_with(Backend::Postgres, |settings| {
        settings.redis_url = Some(hub::config::Secret::new(url));
    })
    .await
    else {
        return;
    };
    let body: Value =
        app.client.get(format!("{}/readyz", app.base_url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(body["eventBus"], "ok", "{body}");
    assert_eq!(body["ready"], true);
}
