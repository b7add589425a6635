//! Database connection and migrations, for SQLite and PostgreSQL alike.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::config::Settings;
use crate::metrics::SqlMetrics;

/// The pool request handling uses; every statement it issues is counted in `metrics`.
pub async fn connect_for_requests(
    settings: &Settings,
    metrics: Arc<SqlMetrics>,
) -> anyhow::Result<DatabaseConnection> {
    let mut db = connect_pool(settings, settings.database_max_connections).await?;
    db.set_metric_callback(move |info| metrics.record(info.failed));
    Ok(db)
}

/// A small pool of its own for background work (the event relay and pump), so it never waits
/// behind requests and requests never wait behind it.
pub async fn connect_for_background(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    connect_pool(settings, 2).await
}

pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    connect_pool(settings, settings.database_max_connections).await
}

async fn connect_pool(settings: &Settings, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(settings.database_url.clone());
    options
        .max_connections(max_connections)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging_level(tracing::log::LevelFilter::Debug);
    let db = Database::connect(options).await.context("connecting to the database")?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers proceed while one writer commits; the journal mode is stored in the
        // file, so setting it once per start is enough.
        db.execute_unprepared("PRAGMA journal_mode = WAL").await.context("enabling WAL")?;
    }
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let pending = Migrator::get_pending_migrations(db).await?.len();
    Migrator::up(db, None).await.context("applying migrations")?;
    Ok(pending)
}

pub async fn pending_migrations(db: &DatabaseConnection) -> anyhow::Result<usize> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}
