//! Events: the transactional outbox and the per-process feed subscriptions read from.
//!
//! The path of an event: a service writes it with [`append`] inside the transaction of the
//! change it announces; the gateway's relay sends committed rows to the bus (Redis, or an
//! in-process channel) and marks them sent; every process's pump receives them from the bus and
//! hands them to its [`EventFeed`]; subscriptions read the feed. The outbox row id is the event's
//! cursor, so a subscriber that reconnects with its last cursor reads what it missed from the
//! outbox, then continues live, skipping anything at or below what it has seen.

use crate::msg;
use std::any::Any;
use std::marker::PhantomData;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::Stream;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, QueryOrder, QuerySelect, Statement};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, broadcast};

use crate::HubError;

/// How many live events a process buffers for its slowest subscriber before that subscriber is
/// told it lagged.
pub const FEED_CAPACITY: usize = 4096;
/// Rows read per round trip when a subscriber catches up from the outbox.
const BACKLOG_BATCH: u64 = 500;
/// The PostgreSQL advisory lock that orders outbox writes, so cursors commit in increasing order.
const OUTBOX_WRITE_LOCK: i64 = 0x6875_625f_6f75_7462; // "hub_outb"

pub mod outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hub_outbox")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub topic: String,
        pub payload: String,
        pub created_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One event as it travels on the bus and reaches subscribers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub cursor: i64,
    pub topic: String,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// The payload as its subscribers read it, decoded by the first of them (see `decode`).
    #[serde(skip)]
    decoded: OnceLock<Arc<dyn Any + Send + Sync>>,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cursor == other.cursor
            && self.topic == other.topic
            && self.payload == other.payload
            && self.created_at == other.created_at
    }
}

impl Event {
    pub fn new(cursor: i64, topic: String, payload: serde_json::Value, created_at: DateTime<Utc>) -> Self {
        Self { cursor, topic, payload, created_at, decoded: OnceLock::new() }
    }

    /// The payload as `T`. One event reaches every subscription of its topic in the process
    /// through one shared `Arc<Event>`, so it is decoded once, by whichever subscription reads it
    /// first, and the others share the result: decoding per subscription (a JSON clone and a
    /// parse each) was a large share of the hub's CPU when fanning an offer out to 10,000
    /// subscribers (issue 9).
    pub fn decode<T: DeserializeOwned + Send + Sync + 'static>(&self) -> Result<Arc<T>, serde_json::Error> {
        if let Some(decoded) = self.decoded.get()
            && let Ok(value) = decoded.clone().downcast::<T>()
        {
            return Ok(value);
        }
        let value = Arc::new(T::deserialize(&self.payload)?);
        // Two subscriptions may race to decode; either result is the same value.
        let _ = self.decoded.set(value.clone());
        Ok(value)
    }
}

impl TryFrom<outbox::Model> for Event {
    type Error = serde_json::Error;

    fn try_from(row: outbox::Model) -> Result<Self, Self::Error> {
        Ok(Self::new(row.id, row.topic, serde_json::from_str(&row.payload)?, row.created_at))
    }
}

/// An outbox topic tied to the type of its payload, so a publisher and its subscribers cannot
/// disagree on what the JSON of an event holds. Declared once, next to the payload struct:
///
/// ```
/// # use hub_common::events::Topic;
/// # #[derive(serde::Serialize, serde::Deserialize)] struct Changed { id: u32 }
/// pub const CHANGED: Topic<Changed> = Topic::new("example.changed", "change");
/// ```
///
/// A payload is an explicit, versioned struct, never a storage row: rows already in the outbox
/// are replayed to subscribers that resume from an old cursor, so a payload only ever gains
/// fields, each optional for the rows written before it (`#[serde(default)]`), and decoding
/// ignores fields it does not know.
pub struct Topic<P> {
    name: &'static str,
    what: &'static str,
    payload: PhantomData<fn() -> P>,
}

impl<P> Topic<P> {
    /// A topic named `name` (stored in every outbox row) whose payload the log calls `what`.
    pub const fn new(name: &'static str, what: &'static str) -> Self {
        Self { name, what, payload: PhantomData }
    }

    /// The name stored in the outbox and matched by subscriptions.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// What one payload is, for the log ("offer").
    pub const fn what(&self) -> &'static str {
        self.what
    }
}

impl<P> Clone for Topic<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P> Copy for Topic<P> {}

impl<P> std::fmt::Debug for Topic<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Topic").field(&self.name).finish()
    }
}

impl<P: Serialize> Topic<P> {
    /// Appends `payload` to the outbox inside the caller's transaction (see [`append`]) and
    /// returns the event's cursor.
    pub async fn publish<C: ConnectionTrait>(&self, txn: &C, payload: &P) -> Result<i64, HubError> {
        append(txn, self.name, payload).await
    }
}

impl<P: DeserializeOwned + Send + Sync + 'static> Topic<P> {
    /// The payload of an event of this topic, decoded once for all its readers
    /// ([`Event::decode`]).
    pub fn decode(&self, event: &Event) -> Result<Arc<P>, serde_json::Error> {
        event.decode::<P>()
    }
}

/// Writes an event into the outbox as part of the caller's transaction and returns its cursor.
///
/// On PostgreSQL the transaction takes an advisory lock first, so no later cursor can commit
/// before an earlier one: a reader that has seen cursor N never finds a new row below N later.
/// SQLite has one writer at a time, which gives the same order.
pub async fn append<C: ConnectionTrait>(
    txn: &C,
    topic: &str,
    payload: &impl Serialize,
) -> Result<i64, HubError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_advisory_xact_lock({OUTBOX_WRITE_LOCK})"),
        ))
        .await?;
    }
    let payload = serde_json::to_string(payload).map_err(anyhow::Error::from)?;
    let row = outbox::ActiveModel {
        topic: Set(topic.to_owned()),
        payload: Set(payload),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row.id)
}

/// Outbox rows of any topic after `after`, oldest first.
pub async fn read_after<C: ConnectionTrait>(
    db: &C,
    topic: Option<&str>,
    after: i64,
    limit: u64,
) -> Result<Vec<Event>, HubError> {
    let mut select = outbox::Entity::find().filter(outbox::Column::Id.gt(after));
    if let Some(topic) = topic {
        select = select.filter(outbox::Column::Topic.eq(topic));
    }
    let rows = select.order_by_asc(outbox::Column::Id).limit(limit).all(db).await?;
    rows.into_iter()
        .map(|row| Event::try_from(row).map_err(|err| HubError::from(anyhow::Error::from(err))))
        .collect()
}

/// The id of this database's deployment (see the `hub_deployment` table), which namespaces the
/// Redis channel.
pub async fn deployment_id<C: ConnectionTrait>(db: &C) -> Result<uuid::Uuid, HubError> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM hub_deployment".to_owned(),
        ))
        .await?
        .ok_or_else(|| HubError::from(anyhow::anyhow!("hub_deployment has no row; run the migrations")))?;
    Ok(row.try_get::<uuid::Uuid>("", "id")?)
}

/// The newest cursor written so far (0 when the outbox is empty).
pub async fn latest_cursor<C: ConnectionTrait>(db: &C) -> Result<i64, HubError> {
    let latest: Option<i64> = outbox::Entity::find()
        .select_only()
        .column_as(outbox::Column::Id.max(), "latest")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(latest.unwrap_or(0))
}

/// Reads a subscription's `after` argument: the decimal cursor an earlier event carried, 0 for
/// the beginning.
pub fn parse_cursor(text: &str) -> Result<i64, HubError> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|cursor| *cursor >= 0)
        .ok_or_else(|| HubError::bad_input("after", msg!("after-not-cursor-from-subscription")))
}

/// Why a subscription ended early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedError {
    /// The subscriber fell too far behind; it may resubscribe after `cursor`.
    Lagged { cursor: Option<i64> },
    /// Reading the outbox failed.
    Unavailable,
}

impl FeedError {
    pub fn into_graphql(self) -> async_graphql::Error {
        use async_graphql::ErrorExtensions;
        match self {
            Self::Lagged { cursor } => async_graphql::Error::new_with_source(crate::msg!(
                "subscription-lagged"
            ))
            .extend_with(|_, ext| {
                ext.set("code", crate::ErrorCode::Lagged.as_str());
                if let Some(cursor) = cursor {
                    ext.set("cursor", cursor.to_string());
                }
            }),
            Self::Unavailable => HubError::Unexpected(anyhow::anyhow!("event backlog unavailable")).extend(),
        }
    }
}

/// The process's view of the event stream, shared by every subscription.
#[derive(Clone)]
pub struct EventFeed {
    db: DatabaseConnection,
    live: broadcast::Sender<Arc<Event>>,
    relay_wakeup: Arc<Notify>,
}

impl EventFeed {
    pub fn new(db: DatabaseConnection) -> Self {
        let (live, _) = broadcast::channel(FEED_CAPACITY);
        Self { db, live, relay_wakeup: Arc::new(Notify::new()) }
    }

    /// Hands a live event to every local subscriber (called by the gateway's pump only).
    pub fn dispatch(&self, event: Arc<Event>) {
        // No receivers simply means nobody is subscribed right now.
        let _ = self.live.send(event);
    }

    /// How many subscriptions are listening in this process.
    pub fn subscriber_count(&self) -> usize {
        self.live.receiver_count()
    }

    /// Asks the relay to send new outbox rows now rather than at its next poll. Services call
    /// it after committing a transaction that appended events.
    pub fn wake_relay(&self) {
        self.relay_wakeup.notify_one();
    }

    /// Waits until woken or until `timeout` passes (the relay's idle loop).
    pub async fn relay_wakeup(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.relay_wakeup.notified()).await;
    }

    /// Like `subscribe`, with each payload decoded as the topic's: the cursor and the payload,
    /// in order. The stream ends after the first error, a feed error as the client should see
    /// it or an undecodable payload as `INTERNAL`, because a client that skipped an event could
    /// not resume correctly from a later cursor.
    pub fn subscribe_decoded<P: DeserializeOwned + Send + Sync + 'static>(
        &self,
        topic: Topic<P>,
        after: Option<i64>,
    ) -> impl Stream<Item = Result<(i64, Arc<P>), async_graphql::Error>> + Send + 'static + use<P> {
        // Boxed as `dyn … + 'static`: `subscribe`'s `impl Stream` names the borrow of `self`
        // among its captures (edition 2024), though it holds none.
        let mut events: futures_util::stream::BoxStream<'static, _> =
            futures_util::StreamExt::boxed(self.subscribe(topic.name(), after));
        async_stream::stream! {
            while let Some(item) = futures_util::StreamExt::next(&mut events).await {
                let event = match item {
                    Ok(event) => event,
                    Err(err) => {
                        yield Err(err.into_graphql());
                        return;
                    }
                };
                match topic.decode(&event) {
                    Ok(payload) => yield Ok((event.cursor, payload)),
                    Err(err) => {
                        let cause = anyhow::Error::new(err)
                            .context(format!("event {} has no {}", event.cursor, topic.what()));
                        yield Err(crate::HubError::Unexpected(cause).into());
                        return;
                    }
                }
            }
        }
    }

    /// Events of `topic` after `after` (from the outbox), then live ones, in cursor order, each
    /// exactly once. Without `after`, only events from now on.
    pub fn subscribe(
        &self,
        topic: &'static str,
        after: Option<i64>,
    ) -> impl Stream<Item = Result<Arc<Event>, FeedError>> + Send + 'static {
        // Listen before reading the backlog, so nothing committed in between is missed.
        let mut live = self.live.subscribe();
        let db = self.db.clone();
        async_stream::stream! {
            let mut last = after;
            if let Some(mut cursor) = after {
                loop {
                    let batch = match read_after(&db, Some(topic), cursor, BACKLOG_BATCH).await {
                        Ok(batch) => batch,
                        Err(_) => {
                            yield Err(FeedError::Unavailable);
                            return;
                        }
                    };
                    let full = batch.len() as u64 == BACKLOG_BATCH;
                    for event in batch {
                        cursor = event.cursor;
                        last = Some(cursor);
                        yield Ok(Arc::new(event));
                    }
                    if !full {
                        break;
                    }
                }
            }
            loop {
                match live.recv().await {
                    Ok(event) => {
                        if event.topic != topic || last.is_some_and(|seen| event.cursor <= seen) {
                            continue;
                        }
                        last = Some(event.cursor);
                        yield Ok(event);
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        yield Err(FeedError::Lagged { cursor: last });
                        return;
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        }
    }
}

/// What is wrong with the outbox, for `hub check`: each problem one line, none when consistent.
///
/// The relay sends rows in cursor order and marks them sent in the same transaction, and cursors
/// commit in increasing order, so an unsent row below the highest sent cursor is an event that
/// subscribers never received (a relay gap). The id sequence must also be ahead of every stored
/// cursor: a restore that left it behind would hand out cursors subscribers have already seen,
/// and they would skip those events.
pub async fn consistency_problems<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let mut problems = Vec::new();
    let gap = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS unsent, MIN(id) AS lowest FROM hub_outbox \
             WHERE sent_at IS NULL AND id < (SELECT MAX(id) FROM hub_outbox WHERE sent_at IS NOT NULL)"
                .to_owned(),
        ))
        .await?;
    if let Some(row) = gap {
        let unsent: i64 = row.try_get("", "unsent")?;
        if unsent > 0 {
            let lowest: Option<i64> = row.try_get("", "lowest")?;
            problems.push(format!(
                "outbox: {unsent} unsent event(s) below the highest sent cursor (the lowest is {}): a relay gap",
                lowest.unwrap_or_default()
            ));
        }
    }
    let latest: i64 = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COALESCE(MAX(id), 0) AS latest FROM hub_outbox".to_owned(),
        ))
        .await?
        .map(|row| row.try_get("", "latest"))
        .transpose()?
        .unwrap_or_default();
    let next_after: Option<i64> = match backend {
        DbBackend::Postgres => {
            let row = db
                .query_one_raw(Statement::from_string(
                    backend,
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence('hub_outbox', 'id')::regclass) AS last"
                        .to_owned(),
                ))
                .await?;
            row.map(|row| row.try_get::<Option<i64>>("", "last")).transpose()?.flatten()
        }
        _ => {
            // `sqlite_sequence` exists only once an AUTOINCREMENT table does (the statement then
            // fails); without AUTOINCREMENT SQLite continues after the largest rowid, which
            // cannot fall behind.
            let row = db
                .query_one_raw(Statement::from_string(
                    backend,
                    "SELECT seq AS last FROM sqlite_sequence WHERE name = 'hub_outbox'".to_owned(),
                ))
                .await;
            match row {
                Ok(row) => row.map(|row| row.try_get::<i64>("", "last")).transpose()?,
                Err(_) => None,
            }
        }
    };
    // A sequence never used yet (an empty outbox) has no value; the check is for a sequence that
    // exists and is behind.
    if let Some(next_after) = next_after
        && next_after < latest
    {
        problems.push(format!(
            "outbox: the cursor sequence stands at {next_after}, below the stored cursor {latest}; new events would reuse cursors"
        ));
    }
    if next_after.is_none() && latest > 0 && backend == DbBackend::Postgres {
        problems.push(format!(
            "outbox: the cursor sequence has no value although cursors up to {latest} are stored"
        ));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    fn event(cursor: i64) -> Arc<Event> {
        Arc::new(Event::new(cursor, "t".into(), serde_json::Value::Null, Utc::now()))
    }

    #[test]
    fn cursors_are_decimal_outbox_ids() {
        assert_eq!(parse_cursor("42").ok(), Some(42));
        assert_eq!(parse_cursor("0").ok(), Some(0));
        for bad in ["-1", "abc", "", "1.5"] {
            assert!(
                matches!(parse_cursor(bad), Err(HubError::BadUserInput { field, .. }) if field == "after")
            );
        }
    }

    #[test]
    fn a_payload_is_decoded_once_for_all_its_readers() {
        let event = Event::new(1, "t".into(), serde_json::json!({ "n": 7 }), Utc::now());
        #[derive(Deserialize)]
        struct N {
            n: i32,
        }
        let first = event.decode::<N>().expect("decodes");
        let second = event.decode::<N>().expect("decodes");
        assert_eq!(first.n, 7);
        assert!(Arc::ptr_eq(&first, &second), "the second reader shares the first one's value");
        assert!(event.decode::<String>().is_err(), "another type is decoded afresh, and may fail");
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_is_told_where_it_stopped() {
        let db = sea_orm::Database::connect("sqlite::memory:").await.expect("an in-memory database");
        let feed = EventFeed::new(db);
        let mut slow = Box::pin(feed.subscribe("t", None));
        let mut fast = Box::pin(feed.subscribe("t", None));
        feed.dispatch(event(1));
        assert_eq!(slow.next().await.map(|e| e.map(|e| e.cursor)), Some(Ok(1)));
        assert_eq!(fast.next().await.map(|e| e.map(|e| e.cursor)), Some(Ok(1)));
        // The fast subscriber keeps up; the slow one reads nothing while the buffer overflows.
        for cursor in 2..(FEED_CAPACITY as i64 + 50) {
            feed.dispatch(event(cursor));
            assert_eq!(fast.next().await.map(|e| e.map(|e| e.cursor)), Some(Ok(cursor)));
        }
        assert_eq!(slow.next().await, Some(Err(FeedError::Lagged { cursor: Some(1) })));
        assert!(slow.next().await.is_none(), "the stream ends after telling");
        let graphql = FeedError::Lagged { cursor: Some(1) }.into_graphql();
        let ext = graphql.extensions.expect("extensions");
        assert_eq!(ext.get("code"), Some(&async_graphql::Value::from("LAGGED")));
        assert_eq!(ext.get("cursor"), Some(&async_graphql::Value::from("1")));
    }
}
