//! What the capture adds to a mutation's selection, and takes out of its result again.
//!
//! A client selects what it wants back, which may leave out the returned object's `id` and
//! the organizations it points at. So before validation the capture adds, under aliases no
//! client uses, `__typename`, `id`, and the `id` of every `Organization` the returned type
//! reaches in one or two steps (`enterprise`, `parties.organization`); after the field has
//! resolved, it reads those values and removes them, so the response is exactly what the
//! client asked for. Fields that need arguments are left alone.

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::registry::{MetaField, MetaTypeName, Registry};
use async_graphql::{Name, Pos, Positioned, Value};
use uuid::Uuid;

const TYPE_KEY: &str = "hubAuditType";
const ID_KEY: &str = "hubAuditId";
const ORGANIZATION_PREFIX: &str = "hubAuditOrg_";
/// The directory's organization type: an entry concerns every organization the result names.
pub(crate) const ORGANIZATION_TYPE: &str = "Organization";

/// What a mutation's result says about the object it acted on.
#[derive(Debug, Default)]
pub(crate) struct ResultFacts {
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub organizations: Vec<Uuid>,
}

/// Adds the audit selections to every top-level field of the document's mutations.
pub(crate) fn add_audit_selections(registry: &Registry, doc: &mut ExecutableDocument) {
    let Some(mutation) = registry.mutation_type.as_deref().and_then(|name| registry.types.get(name)) else {
        return;
    };
    let operations: Vec<&mut Positioned<OperationDefinition>> = match &mut doc.operations {
        async_graphql::parser::types::DocumentOperations::Single(operation) => vec![operation],
        async_graphql::parser::types::DocumentOperations::Multiple(operations) => {
            operations.values_mut().collect()
        }
    };
    for operation in operations.into_iter().filter(|op| op.node.ty == OperationType::Mutation) {
        for item in &mut operation.node.selection_set.node.items {
            let Selection::Field(field) = &mut item.node else { continue };
            let Some(meta) = mutation.field_by_name(field.node.name.node.as_str()) else { continue };
            // A scalar result has no selection to extend.
            if field.node.selection_set.node.items.is_empty() {
                continue;
            }
            let pos = field.pos;
            extend(registry, &meta.ty, &mut field.node.selection_set.node, pos);
        }
    }
}

fn extend(registry: &Registry, ty: &str, set: &mut SelectionSet, pos: Pos) {
    let Some(fields) =
        registry.concrete_type_by_name(MetaTypeName::concrete_typename(ty)).and_then(|t| t.fields())
    else {
        return;
    };
    set.items.push(leaf(TYPE_KEY, "__typename", pos));
    if fields.contains_key("id") {
        set.items.push(leaf(ID_KEY, "id", pos));
    }
    for (name, field) in fields.iter().filter(|(_, f)| callable_bare(f)) {
        let base = MetaTypeName::concrete_typename(&field.ty);
        if base == ORGANIZATION_TYPE {
            set.items.push(organization_id(name, pos));
            continue;
        }
        // One step further: `parties { organization { id } }`.
        let Some(inner) = registry.types.get(base).and_then(|t| t.fields()) else { continue };
        let nested: Vec<_> = inner
            .iter()
            .filter(|(_, f)| callable_bare(f) && MetaTypeName::concrete_typename(&f.ty) == ORGANIZATION_TYPE)
            .map(|(inner_name, _)| organization_id(inner_name, pos))
            .collect();
        if !nested.is_empty() {
            set.items.push(selection(&format!("{ORGANIZATION_PREFIX}{name}"), name, nested, pos));
        }
    }
}

/// Whether a field can be selected without arguments.
fn callable_bare(field: &MetaField) -> bool {
    !field.name.starts_with("__")
        && field.args.values().all(|arg| !arg.ty.ends_with('!') || arg.default_value.is_some())
}

fn organization_id(field: &str, pos: Pos) -> Positioned<Selection> {
    selection(&format!("{ORGANIZATION_PREFIX}{field}"), field, vec![leaf("id", "id", pos)], pos)
}

fn leaf(alias: &str, field: &str, pos: Pos) -> Positioned<Selection> {
    selection(alias, field, Vec::new(), pos)
}

fn selection(alias: &str, field: &str, items: Vec<Positioned<Selection>>, pos: Pos) -> Positioned<Selection> {
    Positioned::new(
        Selection::Field(Positioned::new(
            Field {
                alias: Some(Positioned::new(Name::new(alias), pos)),
                name: Positioned::new(Name::new(field), pos),
                arguments: Vec::new(),
                directives: Vec::new(),
                selection_set: Positioned::new(SelectionSet { items }, pos),
            },
            pos,
        )),
        pos,
    )
}

/// Reads the audit selections out of a mutation's result and removes them.
pub(crate) fn take_result_facts(value: &mut Value) -> ResultFacts {
    let mut facts = ResultFacts::default();
    match value {
        Value::Object(_) => {
            take_from_object(value, &mut facts, true);
        }
        Value::List(items) => {
            for item in items {
                take_from_object(item, &mut facts, false);
            }
        }
        _ => {}
    }
    if facts.object_type.as_deref() == Some(ORGANIZATION_TYPE)
        && let Some(id) = facts.object_id.as_deref().and_then(|id| Uuid::parse_str(id).ok())
    {
        facts.organizations.push(id);
    }
    facts
}

fn take_from_object(value: &mut Value, facts: &mut ResultFacts, single: bool) {
    let Value::Object(map) = value else { return };
    if let Some(Value::String(ty)) = map.shift_remove(TYPE_KEY) {
        facts.object_type.get_or_insert(ty);
    }
    if let Some(Value::String(id)) = map.shift_remove(ID_KEY)
        && single
    {
        facts.object_id = Some(id);
    }
    let keys: Vec<Name> = map.keys().filter(|key| key.starts_with(ORGANIZATION_PREFIX)).cloned().collect();
    for key in keys {
        if let Some(found) = map.shift_remove(&key) {
            organization_ids(&found, &mut facts.organizations);
        }
    }
}

/// Collects the ids of an injected `{ id }` or `{ hubAuditOrg_x { id } }` value, through lists.
fn organization_ids(value: &Value, into: &mut Vec<Uuid>) {
    match value {
        Value::List(items) => items.iter().for_each(|item| organization_ids(item, into)),
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("id")
                && let Ok(id) = Uuid::parse_str(id)
            {
                into.push(id);
            }
            map.iter()
                .filter(|(key, _)| key.starts_with(ORGANIZATION_PREFIX))
                .for_each(|(_, inner)| organization_ids(inner, into));
        }
        _ => {}
    }
}
