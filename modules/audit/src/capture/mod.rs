//! The capture: an async-graphql extension that records every top-level mutation field a
//! schema resolves, so no module has to remember to call the audit log.
//!
//! Per field it records the caller (subject, organization acted for, roles), the field's
//! name, the object acted on (the `id` argument, else the `id` of the object returned, and
//! the returned type's name), the organizations concerned, the outcome (`OK` or the error's
//! code) and the redacted arguments (see `arguments`). The organizations concerned are the
//! acting organization, every `Organization` the returned object reaches in one or two steps
//! (see `selection`), and every UUID in the arguments that the directory knows as an
//! organization (`partyIds`, `enterpriseId`, or the `id` of `verifyOrganization`).
//!
//! Refused and failed fields are recorded too (a `FORBIDDEN` attempt is what an auditor looks
//! for), except those of anonymous callers: they are attributable to nobody, cost an attacker
//! nothing to repeat, and would let anyone fill the table; request logs and metrics see them.
//! Errors before execution (a document that does not parse or validate) run no field and
//! leave no entry.
//!
//! When: every write transaction the field opens through `hub_common::write::begin_write`
//! writes the entry first thing (a `WriteHook` carried in a task-local), so it commits or rolls
//! back with the change; at that point the outcome is `OK` and a created object's id is not
//! known yet. After the field resolved, one upsert of the same row (its id is fixed when the
//! field starts) adds the outcome, the object returned and the organizations it reaches, or
//! writes the whole entry when no transaction committed it (refused and failed attempts). That
//! write is awaited before the response goes out, so a caller that reads the log next finds
//! it; if it fails it is logged and does not change the response. The capture's register must
//! run before the error-coding extension so that it sees errors with their codes.

mod arguments;
mod selection;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextResolve, ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::registry::{MetaType, MetaTypeName};
use async_graphql::{ServerError, ServerResult, Value, Variables};
use chrono::Utc;
use hub_common::write::{HookFuture, WriteHook, with_write_hook};
use hub_common::{ErrorCode, Principal};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::service::{AuditLog, NewEntry};

/// Registers the capture on a schema: `builder.extension(AuditCapture)`. It needs
/// [`AuditLog`] in the schema data (`audit::register`).
pub struct AuditCapture;

impl ExtensionFactory for AuditCapture {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestCapture::default())
    }
}

/// The capture for one request: it keeps the request's variables to read arguments with.
#[derive(Default)]
struct RequestCapture {
    variables: Mutex<Variables>,
}

fn outcome_of(result: &ServerResult<Option<Value>>) -> String {
    match result {
        Ok(_) => "OK".to_owned(),
        Err(err) => code_of(err),
    }
}

/// The entry records one of the hub's codes; an error without one (a bug) counts as INTERNAL.
fn code_of(err: &ServerError) -> String {
    ErrorCode::of(err).unwrap_or(ErrorCode::Internal).as_str().to_owned()
}

#[async_trait::async_trait]
impl Extension for RequestCapture {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let mut document = next.run(ctx, query, variables).await?;
        let mut known = variables.clone();
        // Variables the request left out take their declared defaults, as in execution.
        for (_, operation) in document.operations.iter() {
            for definition in &operation.node.variable_definitions {
                let name = &definition.node.name.node;
                if let (false, Some(default)) = (known.contains_key(name), definition.node.default_value()) {
                    known.insert(name.clone(), default.clone());
                }
            }
        }
        if let Ok(mut kept) = self.variables.lock() {
            *kept = known;
        }
        selection::add_audit_selections(&ctx.schema_env.registry, &mut document);
        Ok(document)
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let registry = &ctx.schema_env.registry;
        let is_mutation_field =
            info.path_node.parent.is_none() && registry.mutation_type.as_deref() == Some(info.parent_type);
        match ctx.data_opt::<AuditLog>().filter(|_| is_mutation_field) {
            None => next.run(ctx, info).await,
            // Boxed on its own: this hook runs for every field of every request, and async-trait
            // allocates and copies a future the size of the largest path through it. Inline,
            // the recording path (with the audit write's database future) set that size for
            // every field of every query; in issue 9's profile of query (a) that allocation and
            // copy were among the hub's hottest code.
            Some(log) => Box::pin(self.record_field(ctx, info, next, log)).await,
        }
    }
}

impl RequestCapture {
    /// Runs one top-level mutation field and records it.
    async fn record_field(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
        log: &AuditLog,
    ) -> ServerResult<Option<Value>> {
        let registry = &ctx.schema_env.registry;
        let principal = ctx.data_opt::<Principal>();
        let mutation = info.name.to_owned();
        let meta = registry.types.get(info.parent_type).and_then(|t| t.field_by_name(info.name));
        // Known before the field runs, so a refused attempt still names what it aimed at.
        let declared_type = MetaTypeName::concrete_typename(info.return_type);
        let declared_type = registry
            .types
            .get(declared_type)
            .filter(|t| matches!(t, MetaType::Object { .. }))
            .map(|t| t.name().to_owned());
        let captured = match self.variables.lock() {
            Ok(variables) => arguments::capture(registry, meta, info.field, &variables),
            Err(_) => arguments::capture(registry, meta, info.field, &Variables::default()),
        };
        let acting_organization_id = principal.and_then(|p| p.organization_id);
        let mut organizations: Vec<Uuid> = acting_organization_id.into_iter().collect();
        let mentioned: Vec<Uuid> =
            captured.uuids.into_iter().filter(|id| Some(*id) != acting_organization_id).collect();
        match log.organizations_among(&mentioned).await {
            Ok(found) => organizations.extend(found),
            Err(err) => tracing::error!(error = ?err, %mutation, "organizations of an audit entry not read"),
        }
        let mut entry = NewEntry {
            id: Uuid::now_v7(),
            occurred_at: Utc::now(),
            subject: principal.map(|p| p.subject.clone()),
            acting_organization_id,
            roles: principal.map(|p| p.roles.clone()).unwrap_or_default(),
            object_type: declared_type,
            object_id: captured.id,
            organizations,
            // What the entry says if the process dies after a transaction of the field
            // committed and before the field resolved: the change is in, so it was `OK`.
            outcome: "OK".to_owned(),
            arguments: captured.json,
            mutation,
        };

        let hook = Arc::new(EntryInTransaction {
            log: log.clone(),
            entry: entry.clone(),
            ran: AtomicBool::new(false),
        });
        let mut result = with_write_hook(hook.clone(), next.run(ctx, info)).await;
        let facts = match &mut result {
            Ok(Some(value)) => selection::take_result_facts(value),
            _ => selection::ResultFacts::default(),
        };
        entry.outcome = outcome_of(&result);
        entry.object_type = facts.object_type.or(entry.object_type);
        entry.object_id = entry.object_id.or(facts.object_id);
        entry.organizations.extend(facts.organizations);
        let written = if principal.is_some() || entry.outcome == "OK" {
            log.record(&entry).await
        } else if hook.ran.load(Ordering::Relaxed) {
            // An anonymous caller's failure leaves no entry of its own, but a transaction of
            // the field may have committed one (a change went in before the field failed).
            log.complete(&entry).await
        } else {
            Ok(())
        };
        if let Err(err) = written {
            tracing::error!(error = ?err, mutation = %entry.mutation, "audit entry not written");
        }
        result
    }
}

/// The hook that writes a field's entry inside each write transaction the field opens
/// (`hub_common::write::begin_write`), so a committed change never lacks its entry.
struct EntryInTransaction {
    log: AuditLog,
    entry: NewEntry,
    /// Whether some transaction of the field wrote the entry (it may have rolled back since).
    ran: AtomicBool,
}

impl WriteHook for EntryInTransaction {
    fn in_transaction<'a>(&'a self, txn: &'a DatabaseTransaction) -> HookFuture<'a> {
        self.ran.store(true, Ordering::Relaxed);
        Box::pin(self.log.record_in(txn, &self.entry))
    }
}
