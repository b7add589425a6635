//! Automatic persisted queries, the protocol Apollo Client and urql speak
//! (<https://github.com/apollographql/apollo-link-persisted-queries#protocol>): a client first
//! sends only `extensions.persistedQuery.sha256Hash`; if the hub does not know the hash it
//! answers `PERSISTED_QUERY_NOT_FOUND` (message `PersistedQueryNotFound`, which the clients
//! match on), and the client sends the query with its hash once, which the hub checks and keeps.
//!
//! Anonymous callers register queries, so the store is bounded twice: at most
//! `limits.persisted_queries` documents and at most `limits.persisted_queries_bytes` of them,
//! oldest dropped first. Only documents that parse are kept, and they are kept parsed: a hit
//! hands the executor the document (`Request::set_parsed_query`), so it is not parsed again. The
//! bytes counted are an estimate of the parsed document's heap (`footprint`), not its text: a
//! document of many one-letter fields takes about a hundred times its text once parsed, and a
//! budget on text alone would let it through.
//!
//! A replica that has not seen a hash answers "not found" and the client re-registers it there,
//! so replicas need not share the store.
//!
//! The same store keeps the documents of plain queries (text, no hash) by their SHA-256, so a
//! document a client sends again is not parsed again either: parsing is a fifth of a small
//! query's cost in the engine. A client may then also ask for it by hash, as the protocol says.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, ServerError};
use hub_common::ErrorCode;
use sha2::{Digest, Sha256};

use crate::compiled::PlanSlot;

#[derive(Debug)]
pub struct PersistedQueries {
    capacity: usize,
    budget_bytes: usize,
    store: Mutex<Store>,
}

#[derive(Debug)]
struct Stored {
    known: Known,
    bytes: usize,
}

/// A kept document, and the plan made for it once the engine has answered it (`compiled`).
/// A plan is a few hundred bytes, against the document's thousands, so it is not counted.
#[derive(Debug, Clone)]
pub struct Known {
    document: Arc<ExecutableDocument>,
    pub plan: Arc<PlanSlot>,
}

impl Known {
    /// Hands the engine the parsed document (a copy: the engine takes it by value).
    pub fn attach(&self, request: &mut Request) {
        request.set_parsed_query(ExecutableDocument::clone(&self.document));
    }

    pub fn document(&self) -> &ExecutableDocument {
        &self.document
    }
}

#[derive(Debug, Default)]
struct Store {
    queries: HashMap<String, Stored>,
    /// Hashes in the order they were first stored, for eviction.
    order: VecDeque<String>,
    /// The sum of the stored documents' `bytes`.
    bytes: usize,
}

/// What the store holds, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub documents: usize,
    pub bytes: usize,
}

impl PersistedQueries {
    /// `capacity` 0 switches the protocol off: hashes are refused, plain queries pass.
    pub fn new(capacity: usize, budget_bytes: usize) -> Self {
        Self { capacity, budget_bytes, store: Mutex::new(Store::default()) }
    }

    /// The kept document of a hash-only request, or of a plain request (no
    /// `extensions.persistedQuery`), which is parsed once and kept (`reuse_parsed`); stores the
    /// document a client registers with its hash. The engine needs the document of what this
    /// returns attached (`Known::attach`): a hash-only request has no text.
    pub fn resolve(&self, request: &mut Request) -> Result<Option<Known>, ServerError> {
        let Some(persisted) = request.extensions.get("persistedQuery") else {
            return Ok(self.reuse_parsed(request));
        };
        let persisted = persisted.clone().into_json().unwrap_or_default();
        if self.capacity == 0 {
            return Err(ErrorCode::PersistedQueryNotSupported.error("PersistedQueryNotSupported"));
        }
        if persisted.get("version").and_then(|v| v.as_i64()) != Some(1) {
            return Err(ErrorCode::PersistedQueryNotSupported
                .error("only version 1 of automatic persisted queries is supported"));
        }
        let Some(hash) = persisted.get("sha256Hash").and_then(|v| v.as_str()) else {
            return Err(ErrorCode::BadRequest.error("persistedQuery needs a sha256Hash"));
        };
        let hash = hash.to_ascii_lowercase();
        if request.query.is_empty() {
            return match self.known(&hash) {
                Some(known) => Ok(Some(known)),
                None => Err(ErrorCode::PersistedQueryNotFound.error("PersistedQueryNotFound")),
            };
        }
        let actual = hex(&Sha256::digest(request.query.as_bytes()));
        if actual != hash {
            return Err(ErrorCode::BadRequest.error("provided sha does not match query"));
        }
        if self.lock().queries.contains_key(&hash) {
            return Ok(None);
        }
        // A document that does not parse is not kept; the executor parses it again and answers
        // with its own error and code.
        // The registering request keeps its text and is parsed again by the executor: handing it
        // a copy instead would hold two parsed copies per registration in flight, and
        // registering happens once per document and replica.
        self.parse_and_keep(hash, &request.query);
        Ok(None)
    }

    /// The parsed document of a plain query, parsed and kept the first time. A document that
    /// does not parse is left to the executor, which answers with its own error and code.
    fn reuse_parsed(&self, request: &Request) -> Option<Known> {
        if self.capacity == 0 || request.query.is_empty() {
            return None;
        }
        let hash = hex(&Sha256::digest(request.query.as_bytes()));
        self.known(&hash).or_else(|| self.parse_and_keep(hash, &request.query))
    }

    /// The document kept under `hash`, if any.
    fn known(&self, hash: &str) -> Option<Known> {
        self.lock().queries.get(hash).map(|stored| stored.known.clone())
    }

    /// Parses `query` and keeps it under `hash`; a document that does not parse is not kept.
    fn parse_and_keep(&self, hash: String, query: &str) -> Option<Known> {
        let document = async_graphql::parser::parse_query(query).ok()?;
        let bytes = footprint::of(&document);
        let known = Known { document: Arc::new(document), plan: Arc::default() };
        self.insert(hash, known.clone(), bytes);
        Some(known)
    }

    pub fn usage(&self) -> Usage {
        let store = self.lock();
        Usage { documents: store.queries.len(), bytes: store.bytes }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        // The store holds no invariant a panicking holder could break halfway.
        hub_common::sync::lock(&self.store)
    }

    fn insert(&self, hash: String, known: Known, bytes: usize) {
        // A document larger than the whole budget would only evict everything else.
        if bytes > self.budget_bytes {
            return;
        }
        let mut store = self.lock();
        if store.queries.contains_key(&hash) {
            return;
        }
        while store.order.len() >= self.capacity || store.bytes + bytes > self.budget_bytes {
            let Some(oldest) = store.order.pop_front() else { break };
            if let Some(evicted) = store.queries.remove(&oldest) {
                store.bytes -= evicted.bytes;
            }
        }
        store.order.push_back(hash.clone());
        store.bytes += bytes;
        store.queries.insert(hash, Stored { known, bytes });
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// An estimate of the heap a parsed document holds: every node's size where it is stored (in
/// its parent's vector), every name and string, and an allocator's overhead per allocation.
mod footprint {
    use std::mem::size_of;

    use async_graphql::parser::Positioned;
    use async_graphql::parser::types::{
        BaseType, Directive, ExecutableDocument, FragmentDefinition, OperationDefinition, Selection,
        SelectionSet, Type, VariableDefinition,
    };
    use async_graphql_value::{ConstValue, Name, Value};

    /// What an allocator adds to each allocation (header and rounding), roughly.
    const ALLOCATION: usize = 16;

    /// What the allocator holds for the nodes counted, relative to their sizes: measured with
    /// `tests/api/persisted_queries.rs` (resident memory against the store's accounted bytes,
    /// glibc malloc), where long-lived documents interleaved with each request's short-lived
    /// allocations fragment the heap.
    const RESIDENT_PER_COUNTED: usize = 2;

    pub fn of(document: &ExecutableDocument) -> usize {
        RESIDENT_PER_COUNTED * counted(document)
    }

    fn counted(document: &ExecutableDocument) -> usize {
        let operations: usize = document
            .operations
            .iter()
            .map(|(name, operation)| {
                name.map_or(0, self::name)
                    + size_of::<Positioned<OperationDefinition>>()
                    + self::operation(&operation.node)
            })
            .sum();
        let fragments: usize = document
            .fragments
            .iter()
            .map(|(name, fragment)| {
                self::name(name)
                    + size_of::<Positioned<FragmentDefinition>>()
                    + 8
                    + self::fragment(&fragment.node)
            })
            .sum();
        size_of::<ExecutableDocument>() + operations + fragments
    }

    fn vector<T>(items: &[T]) -> usize {
        if items.is_empty() { 0 } else { std::mem::size_of_val(items) + ALLOCATION }
    }

    fn name(name: &Name) -> usize {
        // `Name` is an `Arc<str>`: two counters, then the text.
        16 + name.as_str().len() + ALLOCATION
    }

    fn operation(operation: &OperationDefinition) -> usize {
        vector(&operation.variable_definitions)
            + operation
                .variable_definitions
                .iter()
                .map(|definition| variable(&definition.node))
                .sum::<usize>()
            + directives(&operation.directives)
            + selection_set(&operation.selection_set.node)
    }

    fn fragment(fragment: &FragmentDefinition) -> usize {
        name(&fragment.type_condition.node.on.node)
            + directives(&fragment.directives)
            + selection_set(&fragment.selection_set.node)
    }

    fn variable(definition: &VariableDefinition) -> usize {
        name(&definition.name.node)
            + ty(&definition.var_type.node)
            + directives(&definition.directives)
            + definition.default_value.as_ref().map_or(0, |value| const_value(&value.node))
    }

    fn ty(ty: &Type) -> usize {
        match &ty.base {
            BaseType::Named(named) => name(named),
            BaseType::List(inner) => size_of::<Type>() + ALLOCATION + self::ty(inner),
        }
    }

    fn directives(directives: &[Positioned<Directive>]) -> usize {
        vector(directives)
            + directives
                .iter()
                .map(|directive| name(&directive.node.name.node) + arguments(&directive.node.arguments))
                .sum::<usize>()
    }

    fn arguments(arguments: &[(Positioned<Name>, Positioned<Value>)]) -> usize {
        vector(arguments)
            + arguments.iter().map(|(key, value)| name(&key.node) + self::value(&value.node)).sum::<usize>()
    }

    fn selection_set(set: &SelectionSet) -> usize {
        vector(&set.items) + set.items.iter().map(|item| selection(&item.node)).sum::<usize>()
    }

    fn selection(selection: &Selection) -> usize {
        match selection {
            Selection::Field(field) => {
                let field = &field.node;
                field.alias.as_ref().map_or(0, |alias| name(&alias.node))
                    + name(&field.name.node)
                    + arguments(&field.arguments)
                    + directives(&field.directives)
                    + selection_set(&field.selection_set.node)
            }
            Selection::FragmentSpread(spread) => {
                name(&spread.node.fragment_name.node) + directives(&spread.node.directives)
            }
            Selection::InlineFragment(fragment) => {
                let fragment = &fragment.node;
                fragment.type_condition.as_ref().map_or(0, |condition| name(&condition.node.on.node))
                    + directives(&fragment.directives)
                    + selection_set(&fragment.selection_set.node)
            }
        }
    }

    fn value(value: &Value) -> usize {
        match value {
            Value::Variable(named) | Value::Enum(named) => name(named),
            Value::String(text) => text.capacity() + ALLOCATION,
            Value::Binary(bytes) => bytes.len() + ALLOCATION,
            Value::List(items) => vector(items) + items.iter().map(self::value).sum::<usize>(),
            Value::Object(fields) => {
                fields.len() * (size_of::<(Name, Value)>() + 16)
                    + ALLOCATION * 2
                    + fields.iter().map(|(key, value)| name(key) + self::value(value)).sum::<usize>()
            }
            Value::Null | Value::Number(_) | Value::Boolean(_) => 0,
        }
    }

    fn const_value(value: &ConstValue) -> usize {
        match value {
            ConstValue::Enum(named) => name(named),
            ConstValue::String(text) => text.capacity() + ALLOCATION,
            ConstValue::Binary(bytes) => bytes.len() + ALLOCATION,
            ConstValue::List(items) => vector(items) + items.iter().map(const_value).sum::<usize>(),
            ConstValue::Object(fields) => {
                fields.len() * (size_of::<(Name, ConstValue)>() + 16)
                    + ALLOCATION * 2
                    + fields.iter().map(|(key, value)| name(key) + const_value(value)).sum::<usize>()
            }
            ConstValue::Null | ConstValue::Number(_) | ConstValue::Boolean(_) => 0,
        }
    }
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
        let store = PersistedQueries::new(2, 1 << 20);
        let query = "{ areas { name } }";
        let hash = hex(&Sha256::digest(query.as_bytes()));
        let unknown = store.resolve(&mut hashed(&hash, "")).expect_err("not registered yet");
        assert_eq!(unknown.message, "PersistedQueryNotFound");
        store.resolve(&mut hashed(&hash, query)).expect("registers");
        let mut by_hash = hashed(&hash, "");
        let known = store.resolve(&mut by_hash).expect("known now").expect("a kept document");
        known.attach(&mut by_hash);
        assert!(by_hash.query.is_empty(), "a hit hands over the parsed document, not its text");
        assert!(by_hash.parsed_query().is_ok_and(|document| document.operations.iter().count() == 1));
        let forged = store.resolve(&mut hashed(&hash, "{ organizations { edges { cursor } } }"));
        assert_eq!(forged.map_err(code).expect_err("hash must match"), "\"BAD_REQUEST\"");
        for other in ["{ a }", "{ b }"] {
            store.resolve(&mut hashed(&hex(&Sha256::digest(other.as_bytes())), other)).expect("registers");
        }
        assert!(store.resolve(&mut hashed(&hash, "")).is_err(), "the oldest was evicted");
    }

    fn register(store: &PersistedQueries, query: &str) {
        store.resolve(&mut hashed(&hex(&Sha256::digest(query.as_bytes())), query)).expect("registers");
    }

    fn known(store: &PersistedQueries, query: &str) -> bool {
        store.resolve(&mut hashed(&hex(&Sha256::digest(query.as_bytes())), "")).is_ok()
    }

    #[test]
    fn the_byte_budget_evicts_oldest_first_and_counts_parsed_size() {
        let fields = |tag: usize| format!("{{ q{tag} {} }}", "a ".repeat(1_000));
        let one = footprint::of(&async_graphql::parser::parse_query(fields(0)).expect("parses"));
        assert!(one > 50 * fields(0).len(), "a parsed field costs far more than its two bytes: {one}");
        let store = PersistedQueries::new(1_000, one * 3 + one / 2);
        for tag in 0..5 {
            register(&store, &fields(tag));
            assert!(store.usage().bytes <= one * 3 + one / 2, "{:?}", store.usage());
        }
        assert_eq!(store.usage().documents, 3);
        assert!(!known(&store, &fields(0)) && !known(&store, &fields(1)), "the oldest went first");
        assert!((2..5).all(|tag| known(&store, &fields(tag))));
    }

    #[test]
    fn documents_that_do_not_parse_are_not_kept() {
        let store = PersistedQueries::new(10, 1 << 20);
        register(&store, "{ areas { name }");
        assert_eq!(store.usage(), Usage { documents: 0, bytes: 0 });
        assert!(!known(&store, "{ areas { name }"));
    }
}
