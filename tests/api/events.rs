//! The event path below GraphQL: outbox → relay → bus → pump → feed, within one process,
//! across replicas through Redis, through a Redis outage, and resumed by cursor.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use hub_common::events::{Event, FeedError, append};
use sea_orm::TransactionTrait;
use serde_json::json;

use crate::helpers::{PrivateRedis, TestApp, redis_url, replicas_on_redis};
use crate::hub_test;

const TOPIC: &str = "test.happened";

/// Appends an event the way a service does: in a transaction, then a wake-up for the relay.
async fn publish(app: &TestApp, n: u32) -> i64 {
    let txn = app.db.begin().await.unwrap();
    let cursor = append(&txn, TOPIC, &json!({ "n": n })).await.map_err(|e| format!("{e:?}")).unwrap();
    txn.commit().await.unwrap();
    app.feed.wake_relay();
    cursor
}

async fn next_event(stream: &mut (impl Stream<Item = Result<Arc<Event>, FeedError>> + Unpin)) -> Arc<Event> {
    tokio::time::timeout(Duration::from_secs(15), stream.next())
        .await
        .expect("an event within 15 seconds")
        .expect("the stream is open")
        .expect("not an error")
}

async fn assert_quiet(stream: &mut (impl Stream<Item = Result<Arc<Event>, FeedError>> + Unpin)) {
    if let Ok(Some(extra)) = tokio::time::timeout(Duration::from_millis(700), stream.next()).await {
        panic!("unexpected extra event: {extra:?}");
    }
}

hub_test!(async fn events_reach_local_subscribers_once(app) {
    let mut stream = Box::pin(app.feed.subscribe(TOPIC, None));
    let first = publish(&app, 1).await;
    let second = publish(&app, 2).await;
    assert!(second > first, "cursors increase");
    let got = next_event(&mut stream).await;
    assert_eq!((got.cursor, got.payload["n"].as_i64()), (first, Some(1)));
    assert_eq!(next_event(&mut stream).await.cursor, second);
    assert_quiet(&mut stream).await;
});

hub_test!(async fn resuming_after_a_cursor_replays_then_continues_live(app) {
    let seen = publish(&app, 1).await;
    let missed: Vec<i64> = vec![publish(&app, 2).await, publish(&app, 3).await, publish(&app, 4).await];
    let mut stream = Box::pin(app.feed.subscribe(TOPIC, Some(seen)));
    for expected in &missed {
        assert_eq!(next_event(&mut stream).await.cursor, *expected);
    }
    let live = publish(&app, 5).await;
    assert_eq!(next_event(&mut stream).await.cursor, live);
    assert_quiet(&mut stream).await;
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_receives_events_published_by_another_through_redis() {
    let Some(url) = redis_url().await else { return };
    let Some((a, b)) = replicas_on_redis(&url).await else { return };
    let mut on_b = Box::pin(b.feed.subscribe(TOPIC, None));
    let cursor = publish(&a, 7).await;
    let got = next_event(&mut on_b).await;
    assert_eq!((got.cursor, got.payload["n"].as_i64()), (cursor, Some(7)));
    assert_quiet(&mut on_b).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_published_while_redis_is_down_arrive_once_it_returns() {
    let Some(mut redis) = PrivateRedis::start().await else { return };
    let Some((a, b)) = replicas_on_redis(&redis.url()).await else { return };
    let mut on_a = Box::pin(a.feed.subscribe(TOPIC, None));
    let mut on_b = Box::pin(b.feed.subscribe(TOPIC, None));

    redis.stop();
    let during: Vec<i64> = vec![publish(&a, 1).await, publish(&a, 2).await, publish(&b, 3).await];
    tokio::time::sleep(Duration::from_millis(500)).await;
    redis.resume().await;

    for stream in [&mut on_a, &mut on_b] {
        for expected in &during {
            assert_eq!(next_event(stream).await.cursor, *expected, "in order, none lost");
        }
    }
    assert_quiet(&mut on_a).await;
    assert_quiet(&mut on_b).await;
    let after = publish(&b, 4).await;
    assert_eq!(next_event(&mut on_a).await.cursor, after, "live delivery resumes");
}
