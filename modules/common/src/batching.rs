//! Batch loading for resolvers: how nested fields over a page cost one statement per level of
//! the query instead of one per row.

use std::time::Duration;

use async_graphql::dataloader::DataLoader;

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
