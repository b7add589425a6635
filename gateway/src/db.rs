//! Database connection and migrations, for SQLite and PostgreSQL alike.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use hub_common::read_pool::{ReadPool, StatementCallback};

use crate::config::Settings;
use crate::metrics::SqlMetrics;

/// The connections request handling uses: a pool, and on PostgreSQL the hot reads' own
/// connections, which together hold at most `database_max_connections`. Every statement either
/// issues is counted in `metrics`.
pub async fn connect_for_requests(
    settings: &Settings,
    metrics: Arc<SqlMetrics>,
) -> anyhow::Result<(DatabaseConnection, ReadPool)> {
    let total = settings.database_max_connections;
    let postgres = settings.database_url.starts_with("postgres");
    let reads = if postgres { read_connections(total) } else { 0 };
    let mut db = connect_pool(settings, total - reads).await?;
    let counted = metrics.clone();
    db.set_metric_callback(move |info| counted.record(info.failed));
    let on_statement: StatementCallback = Arc::new(move |info| metrics.record(info.failed));
    let reads = ReadPool::direct(db.clone(), reads, Some(on_statement));
    Ok((db, reads))
}

/// How many of a process's `total` connections the hot reads hold: half, and none when there
/// is only one. A quarter was measured too: three read connections of ten held query (a) to
/// about 2,650/s where five gave about 3,000/s (`tests/bench/README.md`).
fn read_connections(total: u32) -> u32 {
    total / 2
}

/// A small pool of its own for background work (the event relay and pump), so it never waits
/// behind requests and requests never wait behind it.
pub async fn connect_for_background(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    connect_pool(settings, 2).await
}

pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    connect_pool(settings, settings.database_max_connections).await
}

/// A connection for the maintenance commands (`hub backup`, `hub check`), which only read: on
/// SQLite the file must exist already (a mistyped path is an error, not a new empty database)
/// and is opened read-only, with its journal mode left as it is; on PostgreSQL a small pool.
pub async fn connect_existing(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(settings.database_url.clone());
    options
        .max_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging_level(tracing::log::LevelFilter::Debug)
        .map_sqlx_sqlite_opts(|options| options.create_if_missing(false).read_only(true));
    Database::connect(options).await.context("opening the database, which must exist already")
}

/// How long a pooled connection may sit idle before it is pinged on checkout.
const POOL_PING_AFTER_IDLE: Duration = Duration::from_secs(30);

async fn connect_pool(settings: &Settings, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(settings.database_url.clone());
    options
        .max_connections(max_connections)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // SQLx pings a connection on every checkout by default: one more round trip per
        // statement, which made up a large share of the hub's and PostgreSQL's time per request
        // (issue 9's profile). Only a connection idle long enough to have been dropped by the
        // server or a firewall is pinged now; a connection that breaks while hot fails one
        // statement and is discarded (SQLx still checks it on release).
        .test_before_acquire_if_idle_for(POOL_PING_AFTER_IDLE)
        .sqlx_logging_level(tracing::log::LevelFilter::Debug);
    let db = Database::connect(options).await.context("connecting to the database")?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers proceed while one writer commits; the journal mode is stored in the
        // file, so setting it once per start is enough.
        db.execute_unprepared("PRAGMA journal_mode = WAL").await.context("enabling WAL")?;
    }
    Ok(db)
}

/// The PostgreSQL advisory lock that lets one process at a time migrate.
const MIGRATION_LOCK: i64 = 0x6875_625f_6d69_6772; // "hub_migr"

/// Applies pending migrations; returns how many there were. Replicas starting together on a new
/// PostgreSQL database would otherwise race to create the same tables (and one would fail), so
/// the run holds an advisory lock on a connection of its own; whoever waits for it then finds
/// nothing pending. SQLite serves one process.
pub async fn migrate(settings: &Settings, db: &DatabaseConnection) -> anyhow::Result<usize> {
    let lock = match db.get_database_backend() {
        DbBackend::Postgres => {
            let lock = connect_pool(settings, 1).await?;
            lock.execute_unprepared(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                .await
                .context("waiting for the migration lock")?;
            Some(lock)
        }
        _ => None,
    };
    let pending = Migrator::get_pending_migrations(db).await?.len();
    let migrated = Migrator::up(db, None).await.context("applying migrations");
    if let Some(lock) = lock {
        // Closing the session would release the lock too; unlocking says so explicitly.
        let _ = lock.execute_unprepared(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).await;
        let _ = lock.close().await;
    }
    migrated?;
    Ok(pending)
}

pub async fn pending_migrations(db: &DatabaseConnection) -> anyhow::Result<usize> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}
