//! The event runtime of one hub process: the outbox relay, the bus, and the pump that feeds the
//! process's `EventFeed`.
//!
//! ```text
//!  service txn ──append──▶ hub_outbox ──relay──▶ bus ──▶ pump (every process) ──▶ EventFeed ──▶ subscriptions
//! ```
//!
//! - The **relay** sends committed, unsent outbox rows to the bus in cursor order and marks them
//!   sent. While the bus is unreachable the rows wait; nothing is dropped. On PostgreSQL one
//!   relay at a time holds an advisory lock, so replicas do not send the same row twice.
//! - The **bus** is Redis pub/sub (one subscriber connection per process) when `REDIS_URL` is
//!   set, or an in-process channel otherwise.
//! - The **pump** hands each event to local subscribers once, in cursor order. Whenever the
//!   Redis subscriber (re)connects it first catches up from the outbox, so events relayed while
//!   this process was cut off from Redis still arrive.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use futures_util::StreamExt;
use hub_common::events::{Event, EventFeed, outbox, read_after};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement, TransactionTrait,
};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

/// The Redis channel every process of one deployment publishes to and listens on.
fn redis_channel(deployment: uuid::Uuid) -> String {
    format!("hub:events:{deployment}")
}
/// Rows the relay sends per batch.
const RELAY_BATCH: u64 = 200;
/// How long the relay sleeps when nobody wakes it (a safety net; services wake it on commit).
const RELAY_IDLE: Duration = Duration::from_millis(500);
/// The PostgreSQL advisory lock held by whichever replica is relaying right now.
const RELAY_LOCK: i64 = 0x6875_625f_7265_6c61; // "hub_rela"
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What the pump is told.
enum PumpInput {
    Event(Event),
    /// The bus (re)connected: read what may have been missed from the outbox.
    CatchUp,
}

/// Whether the bus is usable, for `/readyz`.
#[derive(Debug)]
pub struct BusStatus {
    pub configured: bool,
    connected: AtomicBool,
}

impl BusStatus {
    pub fn is_connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }
}

enum Publisher {
    InProcess(mpsc::UnboundedSender<PumpInput>),
    Redis { conn: redis::aio::ConnectionManager, channel: String },
}

impl Publisher {
    async fn publish(&mut self, event: Event) -> anyhow::Result<()> {
        match self {
            Self::InProcess(pump) => pump.send(PumpInput::Event(event)).context("the pump has stopped"),
            Self::Redis { conn, channel } => {
                let message = serde_json::to_string(&event)?;
                let _: i64 =
                    redis::cmd("PUBLISH").arg(channel.as_str()).arg(message).query_async(conn).await?;
                Ok(())
            }
        }
    }
}

/// The running tasks; dropping it does not stop them, `shutdown` does.
pub struct EventRuntime {
    pub status: Arc<BusStatus>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl EventRuntime {
    /// Starts the relay, the pump and, with Redis, the subscriber. Never waits for Redis: a hub
    /// whose Redis is down still serves, and its events wait in the outbox. Live delivery begins
    /// after `start_after`, the newest cursor read before serving, so no event appended after
    /// start-up can be mistaken for an old one.
    pub fn start(
        db: DatabaseConnection,
        feed: EventFeed,
        deployment: uuid::Uuid,
        redis_url: Option<&str>,
        start_after: i64,
    ) -> anyhow::Result<Self> {
        let (stop, stopped) = watch::channel(false);
        let (pump_tx, pump_rx) = mpsc::unbounded_channel();
        let status = Arc::new(BusStatus {
            configured: redis_url.is_some(),
            connected: AtomicBool::new(redis_url.is_none()),
        });
        let mut tasks =
            vec![tokio::spawn(pump(db.clone(), feed.clone(), start_after, pump_rx, stopped.clone()))];
        let publisher = match redis_url {
            None => Publisher::InProcess(pump_tx),
            Some(url) => {
                let client = redis::Client::open(url).context("REDIS_URL is not a Redis URL")?;
                let config = redis::aio::ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(Duration::from_secs(2)))
                    .set_response_timeout(Some(Duration::from_secs(2)))
                    .set_max_delay(MAX_BACKOFF);
                let manager = redis::aio::ConnectionManager::new_lazy_with_config(client.clone(), config)?;
                let channel = redis_channel(deployment);
                tasks.push(tokio::spawn(redis_subscriber(
                    client,
                    channel.clone(),
                    pump_tx,
                    status.clone(),
                    stopped.clone(),
                )));
                Publisher::Redis { conn: manager, channel }
            }
        };
        tasks.push(tokio::spawn(relay(db, feed, publisher, stopped)));
        Ok(Self { status, stop, tasks })
    }

    /// Stops the tasks; the relay finishes the batch it is sending.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    (Duration::from_millis(100) * 2u32.saturating_pow(attempt.min(6))).min(MAX_BACKOFF)
}

/// Sleeps for `duration` unless told to stop; returns whether to stop.
async fn sleep_or_stop(duration: Duration, stopped: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        () = tokio::time::sleep(duration) => *stopped.borrow(),
        _ = stopped.changed() => true,
    }
}

async fn relay(
    db: DatabaseConnection,
    feed: EventFeed,
    mut publisher: Publisher,
    mut stopped: watch::Receiver<bool>,
) {
    let mut failures = 0;
    loop {
        match relay_batch(&db, &mut publisher).await {
            Ok(sent) => {
                if failures > 0 {
                    tracing::info!("event relay recovered");
                }
                failures = 0;
                if sent as u64 == RELAY_BATCH {
                    continue; // More rows are waiting.
                }
            }
            Err(err) => {
                failures += 1;
                if failures == 1 {
                    tracing::warn!(error = %format!("{err:#}"), "event relay cannot send; events wait in the outbox");
                }
                if sleep_or_stop(backoff(failures), &mut stopped).await {
                    return;
                }
                continue;
            }
        }
        tokio::select! {
            () = feed.relay_wakeup(RELAY_IDLE) => {},
            _ = stopped.changed() => return,
        }
        if *stopped.borrow() {
            return;
        }
    }
}

/// Sends one batch of unsent rows; returns how many were sent.
async fn relay_batch(db: &DatabaseConnection, publisher: &mut Publisher) -> anyhow::Result<usize> {
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    // On PostgreSQL the batch runs in a transaction holding the relay lock; a replica that
    // cannot take it leaves the work to the one that did. SQLite serves one process.
    let txn = db.begin().await?;
    if postgres {
        let row = txn
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT pg_try_advisory_xact_lock({RELAY_LOCK}) AS locked"),
            ))
            .await?;
        let locked = row.map(|row| row.try_get::<bool>("", "locked")).transpose()?.unwrap_or(false);
        if !locked {
            return Ok(0);
        }
    }
    let rows = outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .order_by_asc(outbox::Column::Id)
        .limit(RELAY_BATCH)
        .all(&txn)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    for row in rows {
        publisher.publish(Event::try_from(row)?).await?;
    }
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(Utc::now()))
        .filter(outbox::Column::Id.is_in(ids.iter().copied()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(ids.len())
}

async fn pump(
    db: DatabaseConnection,
    feed: EventFeed,
    start_after: i64,
    mut input: mpsc::UnboundedReceiver<PumpInput>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut last = start_after;
    loop {
        let message = tokio::select! {
            message = input.recv() => message,
            _ = stopped.changed() => return,
        };
        match message {
            None => return,
            Some(PumpInput::Event(event)) => {
                if event.cursor > last {
                    last = event.cursor;
                    feed.dispatch(Arc::new(event));
                }
            }
            Some(PumpInput::CatchUp) => {
                let mut attempt = 0;
                loop {
                    match read_after(&db, None, last, RELAY_BATCH).await {
                        Ok(batch) if batch.is_empty() => break,
                        Ok(batch) => {
                            for event in batch {
                                last = event.cursor;
                                feed.dispatch(Arc::new(event));
                            }
                        }
                        Err(_) => {
                            attempt += 1;
                            if sleep_or_stop(backoff(attempt), &mut stopped).await {
                                return;
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn redis_subscriber(
    client: redis::Client,
    channel: String,
    pump: mpsc::UnboundedSender<PumpInput>,
    status: Arc<BusStatus>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut attempt = 0;
    loop {
        let connected = async {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.subscribe(channel.as_str()).await?;
            Ok::<_, redis::RedisError>(pubsub)
        };
        let pubsub = tokio::select! {
            result = tokio::time::timeout(Duration::from_secs(3), connected) => result.ok().and_then(Result::ok),
            _ = stopped.changed() => return,
        };
        let Some(pubsub) = pubsub else {
            attempt += 1;
            if attempt == 1 {
                tracing::warn!("cannot reach Redis; retrying in the background");
            }
            if sleep_or_stop(backoff(attempt), &mut stopped).await {
                return;
            }
            continue;
        };
        if attempt > 0 {
            tracing::info!("connected to Redis again");
        }
        attempt = 0;
        status.connected.store(true, Ordering::Relaxed);
        if pump.send(PumpInput::CatchUp).is_err() {
            return;
        }
        let mut messages = pubsub.into_on_message();
        loop {
            let message = tokio::select! {
                message = messages.next() => message,
                _ = stopped.changed() => return,
            };
            let Some(message) = message else { break };
            let event = message
                .get_payload::<String>()
                .ok()
                .and_then(|text| serde_json::from_str::<Event>(&text).ok());
            match event {
                Some(event) => {
                    if pump.send(PumpInput::Event(event)).is_err() {
                        return;
                    }
                }
                None => tracing::warn!(%channel, "ignored a malformed event message"),
            }
        }
        status.connected.store(false, Ordering::Relaxed);
        tracing::warn!("lost the Redis subscription; reconnecting");
    }
}
