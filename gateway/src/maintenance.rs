//! The maintenance commands behind `hub backup` and `hub check`. Both only read the configured
//! database (`db::connect_existing`), so they are safe against a hub that is serving.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::config::Settings;
use crate::db;

/// Where the PostgreSQL procedure is written down, for the messages that point there.
const PROCEDURE: &str = "docs/operations.md, \"Backups and restore\"";

/// What `backup` wrote.
#[derive(Debug)]
pub struct BackupWritten {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Copies the configured SQLite database into `file`, a new file, with `VACUUM INTO`: one read
/// transaction, so the copy is the database as of one moment, taken while the hub goes on
/// serving and writing (in WAL mode readers never block the writer). sqlx does not expose
/// SQLite's online backup API, and `VACUUM INTO` gives the same consistency, compacted.
pub async fn backup(settings: &Settings, file: &Path) -> anyhow::Result<BackupWritten> {
    if !settings.database_url.starts_with("sqlite:") {
        bail!(
            "`hub backup` copies the embedded SQLite database; back up PostgreSQL with pg_dump as described in {PROCEDURE}"
        );
    }
    // `VACUUM INTO` refuses an existing file too; asking first gives the clearer message.
    if file.symlink_metadata().is_ok() {
        bail!("{} exists already; `hub backup` never overwrites a file, so name a new one", file.display());
    }
    let path = std::path::absolute(file).context("resolving the backup's path")?;
    let Some(target) = path.to_str() else {
        bail!("the backup's path {} is not valid UTF-8", path.display());
    };
    let db = db::connect_existing(settings).await?;
    db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [target.into()]))
        .await
        .with_context(|| format!("writing the backup to {}", path.display()))?;
    db.close().await.context("closing the database")?;
    let bytes = std::fs::metadata(&path).with_context(|| format!("reading {}", path.display()))?.len();
    Ok(BackupWritten { path, bytes })
}

/// Checks the configured database without changing it; returns each problem found, none when
/// it is consistent. Migrations come first: the other checks read the current schema, so a
/// database with migrations pending is reported as that alone.
pub async fn check(settings: &Settings) -> anyhow::Result<Vec<String>> {
    let db = db::connect_existing(settings).await?;
    let problems = check_connected(&db).await;
    db.close().await.context("closing the database")?;
    problems
}

async fn check_connected(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    // Asking the migrator about a database it never ran on would make it create its table,
    // which a read-only check cannot (and should not) do.
    if !has_migration_table(db).await.context("looking for the migrations table")? {
        return Ok(vec![
            "migrations: none applied (a new database, or not the hub's); run `hub migrate`".to_owned(),
        ]);
    }
    match db::pending_migrations(db).await {
        Ok(0) => {}
        Ok(pending) => {
            return Ok(vec![format!(
                "migrations: {pending} pending; run `hub migrate` (a newer hub expects them)"
            )]);
        }
        Err(err) => {
            return Ok(vec![format!("migrations: cannot tell whether the schema is current: {err:#}")]);
        }
    }
    let mut problems = foreign_key_problems(db).await.context("checking foreign keys")?;
    problems.extend(hub_common::events::consistency_problems(db).await.context("checking the outbox")?);
    problems.extend(crate::modules::consistency_problems(db).await?);
    Ok(problems)
}

/// Most problems listed per foreign-key check; a damaged database can have thousands.
const FOREIGN_KEY_ROWS_SHOWN: usize = 20;

/// SQLite: rows whose foreign keys point nowhere (`PRAGMA foreign_key_check`; SQLite enforces
/// them only on connections that ask, so a tool writing with them off can leave such rows).
/// PostgreSQL enforces foreign keys on every write, so what can be wrong is a constraint left
/// `NOT VALID` (by hand, or by a restore that was told to skip checks): its rows were never
/// checked.
async fn foreign_key_problems(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let backend = db.get_database_backend();
    let mut problems = Vec::new();
    match backend {
        DbBackend::Postgres => {
            let rows = db
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT conrelid::regclass::text AS table_name, conname::text AS name, contype::text AS kind \
                     FROM pg_constraint \
                     WHERE contype IN ('f', 'c') AND NOT convalidated \
                     AND connamespace = current_schema()::regnamespace \
                     ORDER BY 1, 2"
                        .to_owned(),
                ))
                .await?;
            for row in rows {
                let table: String = row.try_get("", "table_name")?;
                let name: String = row.try_get("", "name")?;
                let kind: String = row.try_get("", "kind")?;
                let what = if kind == "f" { "foreign key" } else { "check constraint" };
                problems.push(format!("{what} {name} on {table} is NOT VALID: its rows were never checked"));
            }
        }
        _ => {
            let rows = db
                .query_all_raw(Statement::from_string(backend, "PRAGMA foreign_key_check".to_owned()))
                .await?;
            let total = rows.len();
            for row in rows.into_iter().take(FOREIGN_KEY_ROWS_SHOWN) {
                let table: String = row.try_get_by_index(0)?;
                let rowid: Option<i64> = row.try_get_by_index(1)?;
                let parent: String = row.try_get_by_index(2)?;
                let fkid: i64 = row.try_get_by_index(3)?;
                let row_named = match rowid {
                    Some(rowid) => sqlite_row_name(db, &table, rowid).await,
                    None => "?".to_owned(),
                };
                let column = sqlite_foreign_key_column(db, &table, fkid).await;
                problems.push(format!(
                    "foreign key: {table} row {row_named} ({column}) refers to a missing {parent} row"
                ));
            }
            if total > FOREIGN_KEY_ROWS_SHOWN {
                problems.push(format!(
                    "foreign key: {} more rows refer to missing rows",
                    total - FOREIGN_KEY_ROWS_SHOWN
                ));
            }
        }
    }
    Ok(problems)
}

/// A row of a SQLite table named by its `id` column when it has one, else by its rowid. The
/// table name comes from SQLite's own catalogue (`PRAGMA foreign_key_check`).
async fn sqlite_row_name(db: &DatabaseConnection, table: &str, rowid: i64) -> String {
    let statement = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        format!("SELECT id FROM \"{}\" WHERE rowid = ?", table.replace('"', "\"\"")),
        [rowid.into()],
    );
    let id = match db.query_one_raw(statement).await {
        Ok(Some(row)) => row.try_get::<uuid::Uuid>("", "id").map(|id| id.to_string()).ok(),
        _ => None,
    };
    id.unwrap_or_else(|| format!("rowid {rowid}"))
}

/// The column of foreign key `fkid` of a SQLite table (`PRAGMA foreign_key_list`).
async fn sqlite_foreign_key_column(db: &DatabaseConnection, table: &str, fkid: i64) -> String {
    let statement = Statement::from_string(
        DbBackend::Sqlite,
        format!(
            "SELECT \"from\" AS name FROM pragma_foreign_key_list('{}') WHERE id = {fkid}",
            table.replace('\'', "''")
        ),
    );
    match db.query_one_raw(statement).await {
        Ok(Some(row)) => row.try_get::<String>("", "name").unwrap_or_else(|_| "?".to_owned()),
        _ => "?".to_owned(),
    }
}

async fn has_migration_table(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT COUNT(*) AS found FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'seaql_migrations'"
        }
        _ => "SELECT COUNT(*) AS found FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
    };
    let found: i64 = match db.query_one_raw(Statement::from_string(backend, sql.to_owned())).await? {
        Some(row) => row.try_get("", "found")?,
        None => 0,
    };
    Ok(found > 0)
}
