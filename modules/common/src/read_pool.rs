//! Connections for the hot reads: single statements outside any transaction, over connections
//! the hub holds itself rather than through SQLx's pool (issue 18; ARCHITECTURE.md, "Hot
//! reads").
//!
//! SQLx 0.9 sends a Sync and waits for PostgreSQL's answer each time a pooled connection goes
//! back to its pool, whatever the pool's options: a second round trip for every statement,
//! about a tenth of the hub's time on its busiest queries. It checks because a statement whose
//! future was dropped half-way leaves the connection in the middle of an answer. Here a
//! connection goes back only after its statement ran to the end without an error; any other
//! way out (an error, a cancelled request) closes it. So nothing needs checking, and each
//! statement is one round trip.
//!
//! The services use it only for their batched and paged reads (`ConnectionTrait` like a
//! pool), never for writes or transactions. A read that finds all of its connections busy waits
//! for one, in turn. (Sending it through the ordinary pool instead was measured: the reads that
//! went that way paid the pool's queue and its check, and query (a)'s p99 at 64 connections
//! went from 20 to 38 ms.) On SQLite, which has no network to save, it is the ordinary pool.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, AssertSqlSafe, Connection};
use sea_orm::{
    ConnAcquireErr, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult,
    RuntimeErr, Statement,
};
use sea_query_sqlx::SqlxValues;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::Instrument;

/// How long a statement may wait for a connection (the pool's `acquire_timeout` too).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long opening a connection may take (the pool's `connect_timeout` too).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection idle this long may have been closed by the server or a firewall meanwhile, so
/// it is pinged before its next statement (the pool's `test_before_acquire_if_idle_for`).
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// What is told of each statement: the same callback a `DatabaseConnection` takes.
pub type StatementCallback = Arc<dyn Fn(&sea_orm::metric::Info<'_>) + Send + Sync>;

/// The connections the hot reads use; cloning is cheap.
#[derive(Clone)]
pub struct ReadPool {
    pool: DatabaseConnection,
    direct: Option<Arc<Direct>>,
}

impl std::fmt::Debug for ReadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadPool").field("direct", &self.direct.as_ref().map(|direct| direct.size)).finish()
    }
}

/// How many connections a database pool holds, how many are idle and how many it may open:
/// the read pool's, and the request and background pools' (`/metrics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

impl ReadPool {
    /// Reads through `pool` itself: for SQLite, for tools, and for services built in tests.
    pub fn pooled(pool: DatabaseConnection) -> Self {
        Self { pool, direct: None }
    }

    /// On PostgreSQL, up to `size` connections of its own, opened as `pool` opens its own and
    /// only when needed; each statement is told to `on_statement`. Elsewhere, or with a size of
    /// 0, the same as [`ReadPool::pooled`].
    pub fn direct(pool: DatabaseConnection, size: u32, on_statement: Option<StatementCallback>) -> Self {
        if size == 0 || pool.get_database_backend() != DbBackend::Postgres {
            return Self::pooled(pool);
        }
        // The hot reads are a few statements, each prepared once per connection and run with
        // new values thousands of times a second. Left to choose, PostgreSQL planned a lookup
        // by ids afresh for every call (a custom plan looked cheaper than the generic one), and
        // picked a worse index for the offers page than its generic plan does: query (a) ran
        // 10-47 % faster with generic plans (tests/bench/README.md, seventh changes).
        let options = pool.get_postgres_connection_pool().connect_options();
        let options = Arc::new((*options).clone().options([("plan_cache_mode", "force_generic_plan")]));
        let direct = Direct {
            options,
            size,
            permits: Arc::new(Semaphore::new(size as usize)),
            idle: Mutex::new(Vec::with_capacity(size as usize)),
            on_statement,
        };
        Self { pool, direct: Some(Arc::new(direct)) }
    }

    /// The connections held apart from the pool, when there are any.
    pub fn usage(&self) -> Option<PoolUsage> {
        let direct = self.direct.as_ref()?;
        let idle = u32::try_from(direct.idle_connections().len()).unwrap_or(u32::MAX);
        let busy = direct.size.saturating_sub(u32::try_from(direct.permits.available_permits()).unwrap_or(0));
        Some(PoolUsage { open: idle + busy, idle, max: direct.size })
    }
}

struct Direct {
    options: Arc<PgConnectOptions>,
    size: u32,
    /// One permit per connection that may be open: a statement holds one while it runs.
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<IdleConnection>>,
    on_statement: Option<StatementCallback>,
}

struct IdleConnection {
    connection: PgConnection,
    since: Instant,
}

/// A connection lent to one statement, with its permit.
struct Lease {
    direct: Arc<Direct>,
    connection: Option<PgConnection>,
    _permit: OwnedSemaphorePermit,
}

impl Direct {
    fn idle_connections(&self) -> std::sync::MutexGuard<'_, Vec<IdleConnection>> {
        // The list is only pushed and popped under the lock, so a panic elsewhere cannot have
        // left it half-changed.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A connection for one statement, once one is free.
    async fn lease(self: &Arc<Self>) -> Result<Lease, DbErr> {
        let permit = tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))?
            .map_err(|_| DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed))?;
        let idle = self.idle_connections().pop();
        let connection = match idle {
            Some(idle) if idle.since.elapsed() < PING_AFTER_IDLE => idle.connection,
            Some(mut idle) => match idle.connection.ping().await {
                Ok(()) => idle.connection,
                Err(_) => self.connect().await?,
            },
            None => self.connect().await?,
        };
        Ok(Lease { direct: self.clone(), connection: Some(connection), _permit: permit })
    }

    async fn connect(&self) -> Result<PgConnection, DbErr> {
        match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&self.options)).await {
            Ok(Ok(connection)) => Ok(connection),
            Ok(Err(error)) => Err(DbErr::Conn(RuntimeErr::SqlxError(Arc::new(error)))),
            Err(_) => Err(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)),
        }
    }

    fn tell(&self, statement: &Statement, started: Instant, failed: bool) {
        if let Some(on_statement) = &self.on_statement {
            on_statement(&sea_orm::metric::Info { elapsed: started.elapsed(), statement, failed });
        }
    }
}

impl Lease {
    fn connection(&mut self) -> Result<&mut PgConnection, DbErr> {
        // Only `give_back` and `drop` take the connection out, and both end the lease.
        self.connection.as_mut().ok_or(DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed))
    }

    /// The statement ran to the end: the connection is ready for the next one.
    fn give_back(mut self) {
        if let Some(connection) = self.connection.take() {
            self.direct.idle_connections().push(IdleConnection { connection, since: Instant::now() });
        }
    }
}

impl Drop for Lease {
    /// A lease dropped without `give_back` ended in an error or was cancelled mid-statement:
    /// its connection may be half-way through an answer, so it is closed, not reused.
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(connection.close());
        }
    }
}

fn query(statement: &Statement) -> sqlx::query::Query<'_, sqlx::Postgres, SqlxValues> {
    let values = statement.values.clone().unwrap_or(sea_orm::Values(Vec::new()));
    sqlx::query_with(AssertSqlSafe(statement.sql.as_str()), SqlxValues(values))
}

/// The span sea-orm's `tracing-spans` gives a statement over its pool, so a trace shows the hot
/// reads as it shows every other statement. Its target is under `sea_orm` so that the filters
/// that switch sea-orm's statement spans on and off (`gateway/src/telemetry.rs`) govern it too.
fn statement_span(sql: &str) -> tracing::Span {
    tracing::info_span!(
        target: "sea_orm::read_pool",
        "sea_orm.query_all",
        otel.kind = "client",
        db.system = "postgresql",
        db.operation = "SELECT",
        db.statement = sql,
        otel.status_code = tracing::field::Empty,
    )
}

fn query_error(error: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(error)))
}

#[async_trait::async_trait]
impl ConnectionTrait for ReadPool {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    async fn execute_raw(&self, statement: Statement) -> Result<ExecResult, DbErr> {
        self.pool.execute_raw(statement).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.pool.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, statement: Statement) -> Result<Option<QueryResult>, DbErr> {
        // `one()` asks for a single row (`LIMIT 1`); the rest, if any, are never decoded.
        Ok(self.query_all_raw(statement).await?.into_iter().next())
    }

    async fn query_all_raw(&self, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let Some(direct) = &self.direct else { return self.pool.query_all_raw(statement).await };
        let mut lease = direct.lease().await?;
        let span = statement_span(&statement.sql);
        let started = Instant::now();
        let result = query(&statement).fetch_all(lease.connection()?).instrument(span.clone()).await;
        lease.direct.tell(&statement, started, result.is_err());
        span.record("otel.status_code", if result.is_ok() { "OK" } else { "ERROR" });
        let rows = result.map_err(query_error)?;
        lease.give_back();
        Ok(rows.into_iter().map(QueryResult::from).collect())
    }
}
