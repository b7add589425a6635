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
    // The bus connects in the background after start-up; readiness waits for it.
    crate::helpers::wait_until_ready(&app.base_url).await;
    let body: Value =
        app.client.get(format!("{}/readyz", app.base_url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(body["eventBus"], "ok", "{body}");
    assert_eq!(body["ready"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_migrating_a_new_database_together_all_succeed() {
    let Some(database) = crate::helpers::TestDatabase::create(Backend::Postgres).await else { return };
    let settings = hub::Settings { database_url: database.url.clone(), ..hub::Settings::default() };
    let migrate = |settings: hub::Settings| async move {
        let db = hub::db::connect(&settings).await.unwrap();
        let applied = hub::db::migrate(&settings, &db).await;
        db.close().await.unwrap();
        applied
    };
    let results = futures_util::future::join_all((0..4).map(|_| migrate(settings.clone()))).await;
    let applied: Vec<usize> = results.into_iter().map(|r| r.expect("every replica starts")).collect();
    // Exactly one replica applied the migrations; the others found nothing pending.
    assert_eq!(applied.iter().filter(|n| **n > 0).count(), 1, "{applied:?}");
    let db = hub::db::connect(&settings).await.unwrap();
    assert_eq!(hub::db::pending_migrations(&db).await.unwrap(), 0);
    db.close().await.unwrap();
}
