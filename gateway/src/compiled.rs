//! Compiled answers for the hottest queries (issue 18; ARCHITECTURE.md, "Compiled queries").
//!
//! A document's plan sits beside its parsed form in the persisted-query store (`apq`), and is
//! made the first time the engine answers that document, with that operation name, without
//! an error: so every plan is of a document the engine has validated, depth and complexity
//! limits and introspection switch included, which the plans need not repeat. From then on the
//! plan answers: it reads through the module services (each module's `compiled` part reads its
//! own rows and writes its own types) and writes the JSON itself, with no per-field walk, no
//! `Value` tree and no copy of the document. A plan that meets anything but the happy path
//! (an argument that does not coerce, a service's refusal, a dangling reference) gives up, and
//! the engine answers the request as if there were no plan.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};
use async_graphql::{Name, Value, Variables};
use directory::compiled::DirectoryReads;
use hub_common::Principal;
use hub_common::compiled::{Inputs, Json, operation, variable_defaults};
use internships::compiled::{InternshipsReads, OffersPlan};

use crate::services::Services;

/// A document's plan, once the engine has answered it cleanly; kept with the document.
#[derive(Debug, Default)]
pub struct PlanSlot(OnceLock<Option<Plan>>);

impl PlanSlot {
    /// The plan for a request with this operation name, if the document has one.
    pub fn plan_for(&self, operation_name: Option<&str>) -> Option<&Plan> {
        let plan = self.0.get()?.as_ref()?;
        (plan.operation_name.as_deref() == operation_name).then_some(plan)
    }

    /// Whether the document's plan, or the lack of one, is settled.
    pub fn is_settled(&self) -> bool {
        self.0.get().is_some()
    }

    /// Called after the engine answered `document` without an error: makes its plan, once
    /// (`None` for good when the document is not one the plans know).
    pub fn learn(&self, document: &ExecutableDocument, operation_name: Option<&str>) {
        self.0.get_or_init(|| Plan::compile(document, operation_name));
    }
}

/// A compiled operation: one root field of a module that compiles it.
#[derive(Debug)]
pub struct Plan {
    operation_name: Option<String>,
    /// The root field's response key.
    key: String,
    root: Root,
    defaults: HashMap<Name, Value>,
}

#[derive(Debug)]
enum Root {
    Internships(OffersPlan),
}

impl Plan {
    fn compile(document: &ExecutableDocument, operation_name: Option<&str>) -> Option<Self> {
        let operation = operation(document, operation_name)?;
        if operation.ty != OperationType::Query || !operation.directives.is_empty() {
            return None;
        }
        let [root] = operation.selection_set.node.items.as_slice() else { return None };
        let Selection::Field(field) = &root.node else { return None };
        let field = &field.node;
        if !field.directives.is_empty() {
            return None;
        }
        Some(Self {
            operation_name: operation_name.map(str::to_owned),
            key: field.response_key().node.to_string(),
            root: Root::Internships(OffersPlan::compile(field)?),
            defaults: variable_defaults(operation),
        })
    }
}

/// The reads the plans use, and how often they answered (for `/metrics`).
pub struct CompiledQueries {
    internships: InternshipsReads,
    answered: AtomicU64,
    fell_back: AtomicU64,
}

/// How many requests plans answered, and how many they left to the engine.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub answered: u64,
    pub fell_back: u64,
}

impl CompiledQueries {
    pub fn new(services: &Services, max_page_size: u64) -> Self {
        let directory = DirectoryReads::new(services.directory.clone());
        Self {
            internships: InternshipsReads::new(services.internships.clone(), directory, max_page_size),
            answered: AtomicU64::new(0),
            fell_back: AtomicU64::new(0),
        }
    }

    /// The response body `plan` gives for this request, or `None` for the engine to answer.
    pub async fn answer(
        &self,
        plan: &Plan,
        principal: Option<&Principal>,
        variables: &Variables,
    ) -> Option<Vec<u8>> {
        let mut json = Json::with_capacity(2048);
        json.raw("{\"data\":{");
        json.string(&plan.key);
        json.raw(":");
        let inputs = Inputs { variables, defaults: &plan.defaults };
        let answered = match &plan.root {
            Root::Internships(root) => root.answer(&self.internships, principal, &inputs, &mut json).await,
        };
        if answered.is_err() {
            self.fell_back.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        json.raw("}}");
        self.answered.fetch_add(1, Ordering::Relaxed);
        Some(json.into_bytes())
    }

    pub fn usage(&self) -> Usage {
        Usage {
            answered: self.answered.load(Ordering::Relaxed),
            fell_back: self.fell_back.load(Ordering::Relaxed),
        }
    }
}
