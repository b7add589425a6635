//! One read for every request that asks the same question at the same time.
//!
//! A report that aggregates whole tables (the participation summary reads every module's
//! figures for a period in 16 statements) costs the database the same for each caller, and a
//! dashboard's callers mostly ask for the same period. [`Coalesced`] lets concurrent requests
//! for one key share a read, the way [`crate::batching::Batcher`] lets lone lookups share a
//! statement, and with the same guarantee: nothing is cached, and every answer comes from a read
//! that started after the request arrived, so a request always sees every write committed
//! before it was made.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use crate::sync::lock;
use crate::{HubError, HubResult};

type Shared<V> = Result<Arc<V>, Arc<HubError>>;

/// Requests waiting for the next read of each key. A key is present while a read task for it
/// runs; the task takes the waiting requests, reads once for all of them, and repeats until
/// none came meanwhile.
type Waiting<K, V> = Arc<Mutex<HashMap<K, Vec<oneshot::Sender<Shared<V>>>>>>;

pub struct Coalesced<K, V> {
    waiting: Waiting<K, V>,
}

impl<K, V> Default for Coalesced<K, V> {
    fn default() -> Self {
        Self { waiting: Arc::new(Mutex::new(HashMap::new())) }
    }
}

impl<K, V> Coalesced<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    /// The value of `key`, from a `read` that starts after this call: at once if no read of
    /// the key is under way, else as soon as the one under way ends, shared with every request
    /// for the key that arrived meanwhile.
    ///
    /// The read runs as a task of its own, so a request that goes away (its client hung up)
    /// does not cancel it for the others.
    pub async fn get<R, F>(&self, key: K, read: R) -> HubResult<Arc<V>>
    where
        R: Fn() -> F + Send + 'static,
        F: Future<Output = HubResult<V>> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let start = match lock(&self.waiting).entry(key.clone()) {
            Entry::Occupied(mut running) => {
                running.get_mut().push(answer);
                false
            }
            Entry::Vacant(idle) => {
                idle.insert(vec![answer]);
                true
            }
        };
        if start {
            tokio::spawn(read_while_asked(self.waiting.clone(), key, read));
        }
        match answered.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(err.shared_copy()),
            // The read task panicked; its panic is in the log.
            Err(_) => Err(HubError::Unexpected(anyhow::anyhow!("a shared read ended without an answer"))),
        }
    }
}

async fn read_while_asked<K, V, R, F>(waiting: Waiting<K, V>, key: K, read: R)
where
    K: Hash + Eq + Clone,
    R: Fn() -> F,
    F: Future<Output = HubResult<V>>,
{
    // Should the read panic, the key is freed, so the next request starts a fresh read, and the
    // requests taken get an error rather than waiting forever.
    struct Free<'a, K: Hash + Eq, V>(&'a Waiting<K, V>, &'a K);
    impl<K: Hash + Eq, V> Drop for Free<'_, K, V> {
        fn drop(&mut self) {
            lock(self.0).remove(self.1);
        }
    }
    let _free = Free(&waiting, &key);
    loop {
        let taken = match lock(&waiting).get_mut(&key) {
            Some(asked) if !asked.is_empty() => std::mem::take(asked),
            _ => return,
        };
        let value = read().await.map(Arc::new).map_err(Arc::new);
        for answer in taken {
            // A request that gave up no longer listens.
            let _ = answer.send(value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn requests_during_a_read_share_the_next_one() {
        let reads = Arc::new(AtomicUsize::new(0));
        let coalesced: Arc<Coalesced<u8, usize>> = Arc::new(Coalesced::default());
        let reader = |reads: Arc<AtomicUsize>| {
            move || {
                let reads = reads.clone();
                async move {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok(reads.fetch_add(1, Ordering::SeqCst) + 1)
                }
            }
        };
        let first = tokio::spawn({
            let (coalesced, read) = (coalesced.clone(), reader(reads.clone()));
            async move { coalesced.get(1, read).await }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        let later: Vec<_> = (0..10)
            .map(|_| {
                let (coalesced, read) = (coalesced.clone(), reader(reads.clone()));
                tokio::spawn(async move { coalesced.get(1, read).await })
            })
            .collect();
        assert_eq!(*first.await.unwrap().unwrap(), 1, "the first request reads at once");
        for request in later {
            // They arrived while read 1 ran, so read 1 might miss what they expect to see.
            assert_eq!(*request.await.unwrap().unwrap(), 2, "the later requests share one later read");
        }
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        assert!(lock(&coalesced.waiting).is_empty(), "an idle key holds nothing");
    }

    #[tokio::test]
    async fn an_error_reaches_every_request_and_the_next_read_starts_afresh() {
        let coalesced: Coalesced<u8, u8> = Coalesced::default();
        let refused = coalesced
            .get(1, || async { Err::<u8, _>(HubError::conflict(crate::msg!("only-seats-left", left = 3))) })
            .await;
        assert!(matches!(refused, Err(HubError::Conflict(_))));
        assert_eq!(*coalesced.get(1, || async { Ok(7) }).await.unwrap(), 7);
    }
}
