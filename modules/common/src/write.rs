//! Write transactions, opened the same way by every module.

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::HubResult;

/// Starts a transaction that will write.
///
/// On SQLite it is `BEGIN IMMEDIATE`, which takes the write lock up front and, while another
/// connection holds it, waits (sqlx sets a busy timeout). A plain deferred transaction that
/// reads first cannot wait when it later writes: if another writer committed meanwhile its
/// snapshot is stale and SQLite fails at once with `SQLITE_BUSY`, which would surface as an
/// internal error. PostgreSQL ignores the option; there conditional `UPDATE`s, row locks and
/// constraints do the work.
pub async fn begin_write(db: &DatabaseConnection) -> HubResult<DatabaseTransaction> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    Ok(db.begin_with_options(options).await?)
}
