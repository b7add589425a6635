//! Batch loading for resolvers: how nested fields over a page cost one statement per level of
//! the query instead of one per row.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::hash::Hash;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, OnceLock};

pub use async_graphql::dataloader::Loader;
use sea_orm::sea_query::{ArrayType, Expr, ExprTrait, Func, Query, SelectStatement, Value};
use sea_orm::{ColumnTrait, DbBackend, Statement};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::HubResult;
use crate::sync::lock;

/// Most keys one statement carries; more wait for the next.
const MAX_BATCH_KEYS: usize = 1_000;

/// The schema's loader of one kind, shared by every request: it batches lookups that arrive
/// one by one (the rows of a list that each load their own reference, the representations of
/// a federation `_entities` call) without making any of them wait for a clock.
///
/// A key that finds no fetch under way starts one at once, as a task, which Tokio runs as soon
/// as the asking task yields (a task spawned on a worker goes to its LIFO slot), so the other
/// rows polled in the same round still join it. Keys that arrive while a fetch is under way
/// wait for it to finish, then all go in the next statement, whichever requests they come
/// from: under load, one statement serves many requests. Before issue 18 this was
/// async-graphql's `DataLoader` with a 2 ms window, which every lone lookup paid as latency
/// at each level of a query. Nothing is cached: each request sees current data.
pub struct Batcher<L: Loader<K>, K: Key = Uuid> {
    loader: Arc<L>,
    queue: SharedQueue<L, K>,
}

/// What a key must be to go into a batch (what async-graphql's `Loader` asks of it).
pub trait Key: Send + Sync + Hash + Eq + Clone + 'static {}

impl<K: Send + Sync + Hash + Eq + Clone + 'static> Key for K {}

type Answer<K, V, E> = oneshot::Sender<Result<HashMap<K, V>, E>>;

type SharedQueue<L, K> = Arc<Mutex<Queue<K, <L as Loader<K>>::Value, <L as Loader<K>>::Error>>>;

struct Queue<K, V, E> {
    waiting: Vec<(Vec<K>, Answer<K, V, E>)>,
    fetching: bool,
}

impl<L: Loader<K>, K: Key> Batcher<L, K> {
    pub fn new(loader: L) -> Self {
        Self {
            loader: Arc::new(loader),
            queue: Arc::new(Mutex::new(Queue { waiting: Vec::new(), fetching: false })),
        }
    }

    /// The loader itself, to load keys known together in one call.
    pub fn loader(&self) -> &L {
        &self.loader
    }

    pub async fn load_one(&self, key: K) -> Result<Option<L::Value>, L::Error> {
        let mut found = self.load_many(vec![key.clone()]).await?;
        Ok(found.remove(&key))
    }

    pub async fn load_many(&self, keys: Vec<K>) -> Result<HashMap<K, L::Value>, L::Error> {
        let (answer, answered) = oneshot::channel();
        let start = {
            let mut queue = lock(&self.queue);
            queue.waiting.push((keys, answer));
            !std::mem::replace(&mut queue.fetching, true)
        };
        if start {
            tokio::spawn(fetch(self.loader.clone(), self.queue.clone()));
        }
        // The fetch task answers every request it takes; it ends only with an empty queue.
        match answered.await {
            Ok(result) => result,
            Err(_) => Ok(HashMap::new()),
        }
    }
}

/// A [`Batcher`] made at its first use, for a holder built before its loader's service is at
/// hand (a compiled plan, which is made from a document alone).
pub struct LazyBatcher<L: Loader<K>, K: Key = Uuid>(OnceLock<Batcher<L, K>>);

impl<L: Loader<K>, K: Key> Default for LazyBatcher<L, K> {
    fn default() -> Self {
        Self(OnceLock::new())
    }
}

impl<L: Loader<K>, K: Key> fmt::Debug for LazyBatcher<L, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.get().is_some() { "LazyBatcher(made)" } else { "LazyBatcher(not made yet)" })
    }
}

impl<L: Loader<K>, K: Key> LazyBatcher<L, K> {
    /// The batcher, made with `loader()` on the first call.
    pub fn get_or_init(&self, loader: impl FnOnce() -> L) -> &Batcher<L, K> {
        self.0.get_or_init(|| Batcher::new(loader()))
    }
}

/// Loads what is waiting, then what came meanwhile, until nothing is left.
async fn fetch<L: Loader<K>, K: Key>(loader: Arc<L>, queue: SharedQueue<L, K>) {
    // The fetch leaves under the same lock as it finds the queue empty: a key pushed after
    // that sees no fetch and starts one. (Until issue 18's seventh changes it left after
    // releasing the lock, and a key pushed in between waited for the next lookup of its kind,
    // forever if none came.) Should a load panic, the guard still marks the fetch gone, the
    // next key starts a fresh one, and the requests taken (their senders dropped) get no
    // values rather than waiting forever.
    struct Leaving<'a, K, V, E>(Option<&'a Mutex<Queue<K, V, E>>>);
    impl<K, V, E> Drop for Leaving<'_, K, V, E> {
        fn drop(&mut self) {
            if let Some(queue) = self.0 {
                lock(queue).fetching = false;
            }
        }
    }
    let mut leaving = Leaving(Some(&queue));
    loop {
        let batch = {
            let mut queue = lock(&queue);
            if queue.waiting.is_empty() {
                queue.fetching = false;
                leaving.0 = None;
                return;
            }
            let mut keys = 0;
            let taken = queue.waiting.iter().take_while(|(asked, _)| {
                let first = keys == 0;
                keys += asked.len();
                first || keys <= MAX_BATCH_KEYS
            });
            let taken = taken.count();
            queue.waiting.drain(..taken).collect::<Vec<_>>()
        };
        let mut distinct = HashSet::new();
        let keys: Vec<K> =
            batch.iter().flat_map(|(asked, _)| asked).filter(|key| distinct.insert(*key)).cloned().collect();
        let loaded = loader.load(&keys).await;
        for (asked, answer) in batch {
            let own = match &loaded {
                Ok(values) => Ok(asked
                    .into_iter()
                    .filter_map(|key| values.get(&key).cloned().map(|value| (key, value)))
                    .collect()),
                Err(err) => Err(err.clone()),
            };
            // A request that gave up (its client went away) no longer listens.
            let _ = answer.send(own);
        }
    }
}

/// A loader for the schema data (see [`Batcher`]).
pub fn batch_loader<L: Loader<Uuid>>(loader: L) -> Batcher<L> {
    Batcher::new(loader)
}

/// Loads keys that are known together (the references of one page's rows). Several keys go
/// straight to the loader; a lone key goes through the [`Batcher`], so lone lookups made by
/// separate rows (the representations of a federation `_entities` call, say) still batch with
/// each other.
pub async fn load_known<K: Key, L: Loader<K>>(
    loader: &Batcher<L, K>,
    keys: &[K],
) -> Result<HashMap<K, L::Value>, L::Error> {
    if keys.len() == 1 { loader.load_many(keys.to_vec()).await } else { loader.loader().load(keys).await }
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

/// `column IN ids`, written as each back-end reads it best. On PostgreSQL one array parameter
/// (`IN (SELECT unnest($1))`): the statement's text does not change with the number of ids, so
/// it is prepared once per connection and PostgreSQL keeps one generic plan for it; and the
/// planner joins the ids as a set, hashing them against a small table or looking each up in
/// an index of a large one. (`= ANY($1)`, the form before, tested every row of a small table
/// against each id in turn: a lookup of 16 organizations among 333 ran at 18,200
/// statements/s in `pgbench`, and at 33,000 in this form.) SQLite has no arrays and gets the
/// list.
pub fn any_of<C: ColumnTrait>(backend: DbBackend, column: C, ids: &[Uuid]) -> Expr {
    match backend {
        DbBackend::Postgres if !ids.is_empty() => Expr::col(column.as_column_ref()).in_subquery(unnest(ids)),
        _ => column.is_in(ids.iter().copied()),
    }
}

/// `SELECT unnest($1)`, the ids as the rows `any_of` matches on PostgreSQL.
fn unnest(ids: &[Uuid]) -> SelectStatement {
    Query::select().expr(Func::cust("unnest").arg(Expr::val(uuid_array(ids)))).to_owned()
}

/// The one value `any_of` binds on PostgreSQL.
fn uuid_array(ids: &[Uuid]) -> Value {
    let values = ids.iter().map(|id| Value::from(*id)).collect();
    Value::Array(ArrayType::Uuid, Some(Box::new(values)))
}

/// The statement `build` gives for `ids`, whose only value is an `any_of(ids)`. On PostgreSQL
/// that value is one array, so the text does not depend on the ids: it is built once, kept in
/// `text`, and later calls bind the ids to it. Building the two statements of a page of offers
/// with sea-query cost about 5 % of the hub's CPU per request (`perf`, issue 18), and this is
/// one of them. SQLite lists the ids in the text, which is then built each time.
pub fn statement_for_ids(
    backend: DbBackend,
    text: &OnceLock<String>,
    ids: &[Uuid],
    build: impl FnOnce() -> Statement,
) -> Statement {
    if backend != DbBackend::Postgres || ids.is_empty() {
        return build();
    }
    if let Some(sql) = text.get() {
        return Statement::from_sql_and_values(backend, sql.as_str(), [uuid_array(ids)]);
    }
    let statement = build();
    // Kept only when the statement binds nothing but the ids, as this function's callers build it.
    if statement.values.as_ref().is_some_and(|values| values.0.len() == 1) {
        let _ = text.set(statement.sql.clone());
    }
    statement
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Answers each key with itself after a while, counting its statements.
    #[derive(Default)]
    struct Echo {
        statements: AtomicUsize,
    }

    impl Loader<u32> for Echo {
        type Value = u32;
        type Error = Arc<String>;

        async fn load(&self, keys: &[u32]) -> Result<HashMap<u32, u32>, Self::Error> {
            self.statements.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(keys.iter().map(|key| (*key, *key)).collect())
        }
    }

    #[tokio::test]
    async fn lookups_during_a_fetch_share_the_next_statement_and_the_fetch_then_leaves() {
        let batcher = Arc::new(Batcher::new(Echo::default()));
        let lookup = |key: u32| {
            let batcher = batcher.clone();
            tokio::spawn(async move { batcher.load_one(key).await })
        };
        let first = lookup(1);
        tokio::time::sleep(Duration::from_millis(10)).await;
        let later: Vec<_> = (2..12).map(lookup).collect();
        assert_eq!(first.await.unwrap().unwrap(), Some(1));
        for (key, found) in (2..12).zip(later) {
            assert_eq!(found.await.unwrap().unwrap(), Some(key));
        }
        assert_eq!(batcher.loader().statements.load(Ordering::SeqCst), 2);
        assert!(!lock(&batcher.queue).fetching, "the fetch left once nothing waited");
        // With the fetch gone, a lone lookup starts the next one itself.
        assert_eq!(lookup(12).await.unwrap().unwrap(), Some(12));
        assert_eq!(batcher.loader().statements.load(Ordering::SeqCst), 3);
    }

    /// A lookup by ids as the directory builds one, counting how often it is built.
    fn lookup(backend: DbBackend, ids: &[Uuid], built: &AtomicUsize) -> Statement {
        built.fetch_add(1, Ordering::SeqCst);
        let select = Query::select()
            .expr(Expr::cust("1"))
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("id")).in_subquery(unnest(ids)))
            .to_owned();
        backend.build(&select)
    }

    #[test]
    fn a_lookup_by_ids_is_built_once_on_postgres_and_binds_each_calls_ids() {
        let (text, built) = (OnceLock::new(), AtomicUsize::new(0));
        let first = [Uuid::new_v4()];
        let second = [Uuid::new_v4(), Uuid::new_v4()];
        let backend = DbBackend::Postgres;
        let one = statement_for_ids(backend, &text, &first, || lookup(backend, &first, &built));
        let two = statement_for_ids(backend, &text, &second, || lookup(backend, &second, &built));
        assert_eq!(built.load(Ordering::SeqCst), 1, "the second lookup reused the text");
        assert_eq!(one.sql, two.sql);
        assert_eq!(
            two.values,
            lookup(backend, &second, &built).values,
            "the second lookup binds its own ids"
        );

        let (text, built) = (OnceLock::new(), AtomicUsize::new(0));
        let backend = DbBackend::Sqlite;
        statement_for_ids(backend, &text, &first, || lookup(backend, &first, &built));
        statement_for_ids(backend, &text, &second, || lookup(backend, &second, &built));
        assert_eq!(built.load(Ordering::SeqCst), 2, "SQLite's text lists the ids, so it is built each time");
    }
}
