//! Write transactions, opened the same way by every module.
//!
//! Whoever runs a piece of work may add one statement to every write transaction the work
//! opens, without the work knowing: [`with_write_hook`] sets a [`WriteHook`] for a future, and
//! [`begin_write`] runs it first thing in each transaction it opens. The audit capture uses it
//! to write a mutation's entry in the mutation's own transaction (hub-common knows nothing of
//! the audit log; the audit crate implements the hook).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::HubResult;

/// The future a [`WriteHook`] returns.
pub type HookFuture<'a> = Pin<Box<dyn Future<Output = HubResult<()>> + Send + 'a>>;

/// Statements added to every write transaction opened within [`with_write_hook`].
///
/// A hook runs once per transaction, so work that opens several write transactions runs it
/// several times: it must be idempotent across them (the audit hook inserts a row with a
/// fixed id and does nothing when the row is there already). If the hook fails, the
/// transaction is not handed out and `begin_write` returns the error.
pub trait WriteHook: Send + Sync {
    fn in_transaction<'a>(&'a self, txn: &'a DatabaseTransaction) -> HookFuture<'a>;
}

tokio::task_local! {
    static WRITE_HOOK: Arc<dyn WriteHook>;
}

/// Runs `work` with `hook` added to every write transaction it opens with [`begin_write`] on
/// its own task (work spawned onto other tasks does not carry the hook).
pub async fn with_write_hook<F: Future>(hook: Arc<dyn WriteHook>, work: F) -> F::Output {
    WRITE_HOOK.scope(hook, work).await
}

/// Starts a transaction that will write.
///
/// On SQLite it is `BEGIN IMMEDIATE`, which takes the write lock up front and, while another
/// connection holds it, waits (sqlx sets a busy timeout). A plain deferred transaction that
/// reads first cannot wait when it later writes: if another writer committed meanwhile its
/// snapshot is stale and SQLite fails at once with `SQLITE_BUSY`, which would surface as an
/// internal error. PostgreSQL ignores the option; there conditional `UPDATE`s, row locks and
/// constraints do the work.
///
/// When the current task runs [`with_write_hook`], the hook's statements run first in the new
/// transaction, so they commit or roll back with whatever the caller writes.
pub async fn begin_write(db: &DatabaseConnection) -> HubResult<DatabaseTransaction> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    let txn = db.begin_with_options(options).await?;
    if let Ok(hook) = WRITE_HOOK.try_with(Arc::clone) {
        hook.in_transaction(&txn).await?;
    }
    Ok(txn)
}
