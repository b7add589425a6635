//! Reading a GraphQL request body within the size limit.
//!
//! A body over the limit is not kept, but it is read to its end (up to `DRAIN_BYTES`, for at
//! most `DRAIN_TIME`) and dropped before the hub answers 413: a client still sending when the
//! server closes gets a reset connection instead of the answer (nginx's "lingering close" does
//! the same). Memory never holds more than the limit.

use std::time::Duration;

use axum::body::{Body, Bytes};
use futures_util::StreamExt;

/// How much of an oversized body is read and dropped so its sender sees the 413.
const DRAIN_BYTES: usize = 64 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub enum BodyError {
    TooLarge,
    /// The body did not arrive within the body read timeout.
    TimedOut,
    /// The connection failed mid-body.
    Unreadable(String),
}

/// Reads `body` whole, refusing it when it is larger than `max` bytes or has not arrived
/// `within` (a client trickling its body would otherwise hold a task for as long as it likes).
pub async fn read_limited(body: Body, max: usize, within: Duration) -> Result<Bytes, BodyError> {
    tokio::time::timeout(within, read(body, max)).await.unwrap_or(Err(BodyError::TimedOut))
}

async fn read(body: Body, max: usize) -> Result<Bytes, BodyError> {
    let mut stream = body.into_data_stream();
    let mut kept = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|err| BodyError::Unreadable(err.to_string()))?;
        if kept.len() + chunk.len() > max {
            let mut drained = kept.len() + chunk.len();
            drop(kept);
            let drain = async {
                while drained < DRAIN_BYTES
                    && let Some(Ok(chunk)) = stream.next().await
                {
                    drained += chunk.len();
                }
            };
            let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
            return Err(BodyError::TooLarge);
        }
        kept.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keeps_bodies_within_the_limit_and_refuses_larger_ones() {
        let body = |size: usize| Body::from(vec![b'x'; size]);
        let within = Duration::from_secs(1);
        assert_eq!(read_limited(body(100), 100, within).await.map(|bytes| bytes.len()).ok(), Some(100));
        assert!(matches!(read_limited(body(101), 100, within).await, Err(BodyError::TooLarge)));
    }
}
