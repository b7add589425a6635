//! Batch loading for resolvers: how nested fields over a page cost one statement per level of
//! the query instead of one per row.

use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use uuid::Uuid;

use crate::HubResult;

/// How long a loader collects keys before it queries.
///
/// Pages do not depend on this window: their rows load references through
/// `batch::SiblingRefs`, which calls the loader directly with every key at once. The window
/// only batches lookups that arrive one by one, such as the representations of a federation
/// `_entities` call; every single lookup pays it as latency, so it stays short.
pub const BATCH_WINDOW: Duration = Duration::from_millis(2);

/// A loader for the schema data: batches with [`BATCH_WINDOW`], caches nothing (each request
/// sees current data), runs its queries on the Tokio runtime.
pub fn batch_loader<T: Send + Sync + 'static>(loader: T) -> DataLoader<T> {
    DataLoader::new(loader, tokio::spawn).delay(BATCH_WINDOW)
}

/// Loads keys that are known together (the references of one page's rows). Several keys go
/// straight to the loader, with no window to wait out; a lone key goes through the DataLoader,
/// so lone lookups made by separate rows (the representations of a federation `_entities`
/// call, say) still batch within the window.
pub async fn load_known<K, L>(
    loader: &DataLoader<L>,
    keys: &[K],
) -> Result<std::collections::HashMap<K, L::Value>, L::Error>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    L: async_graphql::dataloader::Loader<K>,
{
    if keys.len() == 1 {
        loader.load_many(keys.iter().cloned()).await
    } else {
        loader.loader().load(keys).await
    }
}

/// A service that reads values of one kind by id, any number at once, in one statement, with no
/// visibility applied (resolvers decide what the caller may see). Implementing it is all a
/// module does to get a batch loader for the kind: [`ById`].
pub trait ReadByIds<V>: Send + Sync + 'static {
    /// The values of those `ids` that exist, keyed by id.
    fn read_by_ids(&self, ids: &[Uuid]) -> impl Future<Output = HubResult<HashMap<Uuid, V>>> + Send;
}

/// The batch loader of `V` by id through service `S`: every lookup of one window, or every key
/// of one page through [`load_known`], costs one call of [`ReadByIds::read_by_ids`]. Register it
/// with [`batch_loader`]; each (service, value) pair is its own loader type in the schema data.
pub struct ById<S, V> {
    service: S,
    value: PhantomData<fn() -> V>,
}

impl<S, V> ById<S, V> {
    pub fn new(service: S) -> Self {
        Self { service, value: PhantomData }
    }
}

impl<S, V> Loader<Uuid> for ById<S, V>
where
    S: ReadByIds<V>,
    V: Send + Sync + Clone + 'static,
{
    type Value = V;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, V>, Self::Error> {
        Ok(self.service.read_by_ids(keys).await?)
    }
}
