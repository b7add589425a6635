//! Batch loading for resolvers: how nested fields over a page cost one statement per level of
//! the query instead of one per row.

use std::time::Duration;

use async_graphql::dataloader::DataLoader;

/// How long a loader collects keys before it queries.
///
/// async-graphql's default, 1 ms, is shorter than resolving a page of 50 rows takes in a debug
/// build or on a busy server, so one level of a query split into several statements (a page of
/// 50 offers with enterprises and their areas measured 4 to 16 statements instead of 3). A
/// 5 ms window keeps a page in one batch; the price is at most 5 ms per level of nesting that
/// loads through a loader.
pub const BATCH_WINDOW: Duration = Duration::from_millis(5);

/// A loader for the schema data: batches with [`BATCH_WINDOW`], caches nothing (each request
/// sees current data), runs its queries on the Tokio runtime.
pub fn batch_loader<T: Send + Sync + 'static>(loader: T) -> DataLoader<T> {
    DataLoader::new(loader, tokio::spawn).delay(BATCH_WINDOW)
}
