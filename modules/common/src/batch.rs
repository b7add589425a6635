//! Deterministic batching of references across the rows of one page.
//!
//! A batch loader (`batching::Batcher`) batches the keys that arrive while it is between
//! fetches, which usually, but not always, means all rows of a page: under load a list's resolvers are polled in several rounds
//! and one page turns into several statements. `SiblingRefs` is shared by the rows that were
//! fetched together; the first row asked for its reference loads the references of all its
//! siblings at once, and the others read the result. The values loaded are wrapped as siblings
//! in turn, so the next level batches the same way. Statements per request then depend on the
//! query's shape, never on page size or timing.

use std::collections::HashMap;
use std::future::Future;

use tokio::sync::OnceCell;
use uuid::Uuid;

pub struct SiblingRefs<W> {
    ids: Vec<Uuid>,
    loaded: OnceCell<HashMap<Uuid, W>>,
}

impl<W: Clone> SiblingRefs<W> {
    /// References to the distinct `ids` the siblings point at.
    pub fn new(ids: impl IntoIterator<Item = Uuid>) -> Self {
        let mut ids: Vec<Uuid> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        Self { ids, loaded: OnceCell::new() }
    }

    /// The value `id` refers to; on first use `load_all` loads every sibling's at once.
    pub async fn get<E, F, Fut>(&self, id: Uuid, load_all: F) -> Result<Option<W>, E>
    where
        F: FnOnce(Vec<Uuid>) -> Fut,
        Fut: Future<Output = Result<HashMap<Uuid, W>, E>>,
    {
        let all = self.loaded.get_or_try_init(|| load_all(self.ids.clone())).await?;
        Ok(all.get(&id).cloned())
    }
}
