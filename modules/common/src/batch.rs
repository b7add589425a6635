//! Deterministic batching of references across the rows of one page.
//!
//! A DataLoader batches the keys that arrive within a short delay, which usually, but not
//! always, means all rows of a page: under load a list's resolvers can be polled in several
//! rounds and one page turns into several statements. A `SiblingBatch` is shared by the rows
//! that were fetched together; the first row asked for its reference loads the references of all
//! its siblings in one `load_many`, and the others read the result. Statements per request then
//! depend on the query's shape, never on page size or timing.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use tokio::sync::OnceCell;

pub struct SiblingBatch<K, V> {
    keys: Vec<K>,
    loaded: OnceCell<HashMap<K, V>>,
}

impl<K, V> SiblingBatch<K, V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    /// A batch over the distinct keys the siblings refer to.
    pub fn new(keys: impl IntoIterator<Item = K>) -> Arc<Self> {
        let mut distinct: Vec<K> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for key in keys {
            if seen.insert(key.clone()) {
                distinct.push(key);
            }
        }
        Arc::new(Self { keys: distinct, loaded: OnceCell::new() })
    }

    /// The value for `key`, loading every sibling's value on first use.
    pub async fn get<L>(&self, loader: &DataLoader<L>, key: &K) -> Result<Option<V>, L::Error>
    where
        L: Loader<K, Value = V>,
    {
        let all = self.loaded.get_or_try_init(|| loader.load_many(self.keys.iter().cloned())).await?;
        Ok(all.get(key).cloned())
    }
}
