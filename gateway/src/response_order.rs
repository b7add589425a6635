//! The engine's answers with their keys in the order the document asks for them.
//!
//! async-graphql resolves an object's fields concurrently and puts each into the response as it
//! completes (`do_resolve_container`, a `FuturesUnordered`), so a field that waits for the
//! database lands after its siblings that do not, and two such fields land in whichever order
//! their reads finish. The spec serialises a response as an ordered map, in the order
//! `CollectFields` meets the fields. Compiled plans (`compiled`) write that order, and clients
//! that print or hash responses see it; this puts the engine's answers in it too.

use async_graphql::Value;
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition, Selection, SelectionSet};
use async_graphql::{Name, Response};

/// Reorders `response`'s data as `operation` of `document` asks for it.
pub fn restore(response: &mut Response, document: &ExecutableDocument, operation: &OperationDefinition) {
    order_value(&mut response.data, &[&operation.selection_set.node], document);
}

/// The response keys `sets` ask for, in order, each with the selection sets asking under it (a
/// key asked in several places merges their sub-selections, as the engine does).
fn collect<'a>(sets: &[&'a SelectionSet], document: &'a ExecutableDocument, keys: &mut Keys<'a>) {
    for set in sets {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let key = field.node.response_key().node.as_str();
                    let sub = &field.node.selection_set.node;
                    match keys.iter_mut().find(|(known, _)| *known == key) {
                        Some((_, subs)) => subs.push(sub),
                        None => keys.push((key, vec![sub])),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                        collect(&[&fragment.node.selection_set.node], document, keys);
                    }
                }
                Selection::InlineFragment(inline) => {
                    collect(&[&inline.node.selection_set.node], document, keys);
                }
            }
        }
    }
}

/// The keys `sets` ask for, with the selection sets under each.
type Keys<'a> = Vec<(&'a str, Vec<&'a SelectionSet>)>;

fn order_value(value: &mut Value, sets: &[&SelectionSet], document: &ExecutableDocument) {
    if !matches!(value, Value::Object(_) | Value::List(_)) {
        return;
    }
    // Collected once for the value, whatever the length of a list of objects.
    let mut keys = Vec::new();
    collect(sets, document, &mut keys);
    order_with(value, &keys, document);
}

fn order_with(value: &mut Value, keys: &Keys<'_>, document: &ExecutableDocument) {
    match value {
        Value::Object(object) => order_object(object, keys, document),
        Value::List(items) => {
            for item in items {
                order_with(item, keys, document);
            }
        }
        _ => {}
    }
}

fn order_object(object: &mut IndexMap<Name, Value>, keys: &Keys<'_>, document: &ExecutableDocument) {
    let position =
        |key: &Name| keys.iter().position(|(known, _)| *known == key.as_str()).unwrap_or(usize::MAX);
    let in_order = object.keys().map(position).is_sorted();
    if !in_order {
        object.sort_by_cached_key(|key, _| position(key));
    }
    for (key, value) in object.iter_mut() {
        if let Some((_, subs)) = keys.iter().find(|(known, _)| *known == key.as_str()) {
            order_value(value, subs, document);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_document_fragments_and_aliases_included() {
        let document = async_graphql::parser::parse_query(
            "{ b: list { z ...F y } a { ... on T { q p } } } fragment F on L { x }",
        )
        .expect("a document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        let data = serde_json::json!({
            "a": { "p": 1, "q": 2 },
            "b": [{ "y": 1, "x": 2, "z": 3 }, { "x": 4, "z": 5, "y": 6 }],
        });
        let mut response = Response::new(Value::from_json(data).expect("a value"));
        restore(&mut response, &document, &operation.node);
        let written = serde_json::to_string(&response.data).expect("serialises");
        assert_eq!(written, r#"{"b":[{"z":3,"x":2,"y":1},{"z":5,"x":4,"y":6}],"a":{"q":2,"p":1}}"#);
    }
}
