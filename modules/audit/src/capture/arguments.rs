//! A mutation field's arguments as the audit log keeps them: variables substituted, sensitive
//! values replaced, long texts shortened.
//!
//! Sensitive means: an argument or input field the schema marks secret (`#[graphql(secret)]`,
//! as the student reference is), or one whose name mentions a student, a token, a secret or a
//! password. Names are the safety net for modules that forget the mark; under a "student" name
//! numbers stay (they are counts, `students: 35`), anything else goes.

use async_graphql::parser::types::Field;
use async_graphql::registry::{MetaField, MetaInputValue, MetaType, MetaTypeName, Registry};
use async_graphql::{Name, Value, Variables};
use uuid::Uuid;

const REDACTED: &str = "[redacted]";
/// Longest text kept whole; a log entry is not the place for a whole document.
const MAX_TEXT_CHARS: usize = 300;

/// The recorded arguments, the `id` argument, and every UUID they carry.
#[derive(Debug, Default)]
pub(crate) struct CapturedArguments {
    pub json: serde_json::Value,
    pub id: Option<String>,
    pub uuids: Vec<Uuid>,
}

pub(crate) fn capture(
    registry: &Registry,
    meta: Option<&MetaField>,
    field: &Field,
    variables: &Variables,
) -> CapturedArguments {
    let mut captured = CapturedArguments::default();
    let mut recorded = serde_json::Map::new();
    for (name, value) in &field.arguments {
        let name = name.node.as_str();
        // A variable the request left out is null, as the engine reads it.
        let value = value
            .node
            .clone()
            .into_const_with(|variable: Name| {
                Ok::<_, ()>(variables.get(&variable).cloned().unwrap_or(Value::Null))
            })
            .unwrap_or(Value::Null);
        let input = meta.and_then(|m| m.args.get(name));
        let value = redact(registry, name, input, value);
        if name == "id"
            && let Value::String(id) = &value
        {
            captured.id = Some(id.clone());
        }
        collect_uuids(&value, &mut captured.uuids);
        recorded.insert(name.to_owned(), value.into_json().unwrap_or(serde_json::Value::Null));
    }
    captured.json = serde_json::Value::Object(recorded);
    captured
}

fn sensitive_name(name: &str) -> bool {
    let name = name.to_lowercase();
    ["token", "secret", "password"].iter().any(|word| name.contains(word))
}

fn redact(registry: &Registry, name: &str, meta: Option<&MetaInputValue>, value: Value) -> Value {
    if meta.is_some_and(|m| m.is_secret) || sensitive_name(name) {
        return Value::String(REDACTED.to_owned());
    }
    if name.to_lowercase().contains("student") && !only_numbers(&value) {
        return Value::String(REDACTED.to_owned());
    }
    let input_fields = meta.and_then(|m| match registry.types.get(MetaTypeName::concrete_typename(&m.ty)) {
        Some(MetaType::InputObject { input_fields, .. }) => Some(input_fields),
        _ => None,
    });
    match value {
        Value::List(items) => {
            Value::List(items.into_iter().map(|item| redact(registry, name, meta, item)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, inner)| {
                    let inner_meta = input_fields.and_then(|fields| fields.get(key.as_str()));
                    let inner = redact(registry, key.as_str(), inner_meta, inner);
                    (key, inner)
                })
                .collect(),
        ),
        Value::String(text) if text.chars().count() > MAX_TEXT_CHARS => {
            Value::String(text.chars().take(MAX_TEXT_CHARS).chain(['…']).collect())
        }
        other => other,
    }
}

fn only_numbers(value: &Value) -> bool {
    match value {
        Value::Number(_) | Value::Null => true,
        Value::List(items) => items.iter().all(only_numbers),
        _ => false,
    }
}

fn collect_uuids(value: &Value, into: &mut Vec<Uuid>) {
    match value {
        Value::String(text) => into.extend(Uuid::parse_str(text).ok()),
        Value::List(items) => items.iter().for_each(|item| collect_uuids(item, into)),
        Value::Object(map) => map.values().for_each(|item| collect_uuids(item, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_texts_go_but_student_counts_stay() {
        let registry = Registry::default();
        let reference = redact(&registry, "studentRef", None, Value::String("TP-2026-0147".into()));
        assert_eq!(reference, Value::String(REDACTED.into()));
        let count = redact(&registry, "students", None, Value::Number(35.into()));
        assert_eq!(count, Value::Number(35.into()));
        let token = redact(&registry, "accessToken", None, Value::Number(1.into()));
        assert_eq!(token, Value::String(REDACTED.into()));
    }

    #[test]
    fn long_texts_are_shortened() {
        let registry = Registry::default();
        let Value::String(kept) = redact(&registry, "notes", None, Value::String("ă".repeat(1000))) else {
            panic!("a string stays a string");
        };
        assert_eq!(kept.chars().count(), MAX_TEXT_CHARS + 1);
    }
}
