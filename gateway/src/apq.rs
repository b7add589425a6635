//! Automatic persisted queries, the protocol Apollo Client and urql speak
//! (<https://github.com/apollographql/apollo-link-persisted-queries#protocol>): a client first
//! sends only `extensions.persistedQuery.sha256Hash`; if the hub does not know the hash it
//! answers `PERSISTED_QUERY_NOT_FOUND` (message `PersistedQueryNotFound`, which the clients
//! match on), and the client sends the query with its hash once, which the hub checks and keeps.
//!
//! The queries are kept in the process, at most `limits.persisted_queries` of them, oldest
//! dropped first. A replica that has not seen a hash answers "not found" and the client
//! re-registers it there, so replicas need not share the store.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use async_graphql::{Request, ServerError};
use hub_common::ErrorCode;
use sha2::{Digest, Sha256};

#[derive(Debug)]
pub struct PersistedQueries {
    capacity: usize,
    store: Mutex<Store>,
}

#[derive(Debug, Default)]
struct Store {
    queries: HashMap<String, Arc<str>>,
    /// Hashes in the order they were first stored, for eviction.
    order: VecDeque<String>,
}

fn refusal(code: ErrorCode, message: &str) -> ServerError {
    code.error(message)
}

impl PersistedQueries {
    /// `capacity` 0 switches the protocol off: hashes are refused, plain queries pass.
    pub fn new(capacity: usize) -> Self {
        Self { capacity, store: Mutex::new(Store::default()) }
    }

    /// Fills in the query of a hash-only request, or stores the query a client registers with
    /// its hash. Requests without `extensions.persistedQuery` pass untouched.
    pub fn resolve(&self, request: &mut Request) -> Result<(), ServerError> {
        let Some(persisted) = request.extensions.get("persistedQuery") else { return Ok(()) };
        let persisted = persisted.clone().into_json().unwrap_or_default();
        if self.capacity == 0 {
            return Err(refusal(ErrorCode::PersistedQueryNotSupported, "PersistedQueryNotSupported"));
        }
        if persisted.get("version").and_then(|v| v.as_i64()) != Some(1) {
            return Err(refusal(
                ErrorCode::PersistedQueryNotSupported,
                "only version 1 of automatic persisted queries is supported",
            ));
        }
        let Some(hash) = persisted.get("sha256Hash").and_then(|v| v.as_str()) else {
            return Err(refusal(ErrorCode::BadRequest, "persistedQuery needs a sha256Hash"));
        };
        let hash = hash.to_ascii_lowercase();
        if request.query.is_empty() {
            let known = self.lock().queries.get(&hash).cloned();
            return match known {
                Some(query) => {
                    request.query = query.to_string();
                    Ok(())
                }
                None => Err(refusal(ErrorCode::PersistedQueryNotFound, "PersistedQueryNotFound")),
            };
        }
        let actual = hex(&Sha256::digest(request.query.as_bytes()));
        if actual != hash {
            return Err(refusal(ErrorCode::BadRequest, "provided sha does not match query"));
        }
        self.insert(hash, &request.query);
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        // The store holds no invariant a panicking holder could break halfway.
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn insert(&self, hash: String, query: &str) {
        let mut store = self.lock();
        if store.queries.contains_key(&hash) {
            return;
        }
        while store.order.len() >= self.capacity {
            match store.order.pop_front() {
                Some(oldest) => store.queries.remove(&oldest),
                None => break,
            };
        }
        store.order.push_back(hash.clone());
        store.queries.insert(hash, Arc::from(query));
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed(hash: &str, query: &str) -> Request {
        let mut request = Request::new(query);
        let extension = serde_json::json!({ "version": 1, "sha256Hash": hash });
        request
            .extensions
            .insert("persistedQuery".into(), async_graphql::Value::from_json(extension).expect("valid JSON"));
        request
    }

    fn code(err: ServerError) -> String {
        err.extensions.and_then(|ext| ext.get("code").cloned()).map(|v| v.to_string()).unwrap_or_default()
    }

    #[test]
    fn registers_then_serves_by_hash_and_evicts_the_oldest() {
        let store = PersistedQueries::new(2);
        let query = "{ areas { name } }";
        let hash = hex(&Sha256::digest(query.as_bytes()));
        let unknown = store.resolve(&mut hashed(&hash, "")).expect_err("not registered yet");
        assert_eq!(unknown.message, "PersistedQueryNotFound");
        store.resolve(&mut hashed(&hash, query)).expect("registers");
        let mut by_hash = hashed(&hash, "");
        store.resolve(&mut by_hash).expect("known now");
        assert_eq!(by_hash.query, query);
        let forged = store.resolve(&mut hashed(&hash, "{ organizations { edges { cursor } } }"));
        assert_eq!(forged.map_err(code).expect_err("hash must match"), "\"BAD_REQUEST\"");
        for other in ["{ a }", "{ b }"] {
            store.resolve(&mut hashed(&hex(&Sha256::digest(other.as_bytes())), other)).expect("registers");
        }
        assert!(store.resolve(&mut hashed(&hash, "")).is_err(), "the oldest was evicted");
    }
}
