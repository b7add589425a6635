//! The pieces of compiled answers (issue 18): a hot query's document is turned once into a plan
//! that reads through the module services and writes the response's JSON directly, without
//! async-graphql's per-field walk. Each module compiles and writes its own types (it alone
//! knows their fields and rows); the gateway keeps the plans and decides when one may answer.
//!
//! A plan only ever answers the happy path. Compiling gives up (`None`) on anything outside
//! what it knows: fragments, directives, a response key asked twice, an unknown field or
//! argument. Answering gives up (`Fallback`) on any argument that does not coerce and on any
//! error from a service; the gateway then runs the request on the engine, which gives the
//! exact error. A query reads and never writes, so running it a second time changes nothing.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet};
use async_graphql::{InputType, Name, Value, Variables};

/// Why a plan did not answer: the engine must.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback;

/// A service's refusal or failure: the engine runs the request again and reports it.
impl From<crate::HubError> for Fallback {
    fn from(_: crate::HubError) -> Self {
        Fallback
    }
}

/// An argument as the document gives it: a literal, or one that names variables.
pub type Argument = Option<async_graphql_value::Value>;

/// Where arguments get their variables: the request's, else the operation's defaults.
pub struct Inputs<'a> {
    pub variables: &'a Variables,
    pub defaults: &'a HashMap<Name, Value>,
}

impl Inputs<'_> {
    /// Coerces an argument as the engine does (`InputType::parse`, variables resolved as the
    /// engine resolves them); an argument the engine would refuse is a `Fallback`.
    pub fn parse<T: InputType>(&self, argument: &Argument) -> Result<T, Fallback> {
        let value = match argument {
            None => None,
            Some(value) => Some(value.clone().into_const_with(|name| {
                self.variables.get(&name).or_else(|| self.defaults.get(&name)).cloned().ok_or(Fallback)
            })?),
        };
        T::parse(value).map_err(|_| Fallback)
    }
}

/// The default value of each of the operation's variables (null for a nullable one without a
/// default, as the engine has it).
pub fn variable_defaults(operation: &OperationDefinition) -> HashMap<Name, Value> {
    operation
        .variable_definitions
        .iter()
        .filter_map(|definition| {
            let default = definition.node.default_value()?;
            Some((definition.node.name.node.clone(), default.clone()))
        })
        .collect()
}

/// The operation a request runs, chosen as the engine chooses it: the one the request names
/// (a document with one anonymous operation has none to name), else the document's only one.
pub fn operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    use async_graphql::parser::types::DocumentOperations;
    match (&document.operations, name) {
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Single(operation), None) => Some(&operation.node),
        (DocumentOperations::Multiple(operations), Some(name)) => {
            operations.get(name).map(|operation| &operation.node)
        }
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next().map(|operation| &operation.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// One field of a compiled selection: its response key and what it writes.
#[derive(Debug, Clone)]
pub struct Selected<F> {
    pub key: String,
    pub field: F,
}

/// A compiled object selection: `__typename` or one of the type's own fields, in the order
/// the document asks for them (the order of the response).
pub type Selections<F> = Vec<Selected<Own<F>>>;

#[derive(Debug, Clone)]
pub enum Own<F> {
    Typename,
    Field(F),
}

/// Compiles an object's selection set with `field`, which knows the type's fields; `None` when
/// the set holds anything a plan leaves to the engine. Fields without arguments only, unless
/// `field` reads them itself (it gets the whole `Field`).
pub fn compile_selection<F>(
    set: &SelectionSet,
    mut field: impl FnMut(&Field) -> Option<F>,
) -> Option<Selections<F>> {
    let mut compiled: Selections<F> = Vec::with_capacity(set.items.len());
    for item in &set.items {
        let Selection::Field(asked) = &item.node else { return None };
        let asked = &asked.node;
        let key = asked.response_key().node.as_str();
        // The engine merges a key asked twice; a plan does not.
        if !asked.directives.is_empty() || compiled.iter().any(|done| done.key == key) {
            return None;
        }
        let own = if asked.name.node == "__typename" {
            (asked.arguments.is_empty() && asked.selection_set.node.items.is_empty())
                .then_some(Own::Typename)?
        } else {
            Own::Field(field(asked)?)
        };
        compiled.push(Selected { key: key.to_owned(), field: own });
    }
    (!compiled.is_empty()).then_some(compiled)
}

/// A leaf field: no arguments, no selection.
pub fn is_leaf(field: &Field) -> bool {
    field.arguments.is_empty() && field.selection_set.node.items.is_empty()
}

/// A leaf field named in `table` (a type's scalar fields by their GraphQL names).
pub fn leaf<F: Clone>(field: &Field, table: &[(&str, F)]) -> Option<F> {
    if !is_leaf(field) {
        return None;
    }
    let name = field.name.node.as_str();
    table.iter().find(|(known, _)| *known == name).map(|(_, compiled)| compiled.clone())
}

/// An object field without arguments: its selection set.
pub fn object_without_arguments(field: &Field) -> Option<&SelectionSet> {
    let set = &field.selection_set.node;
    (field.arguments.is_empty() && !set.items.is_empty()).then_some(set)
}

/// The response being written: JSON bytes, each value serialised as the engine serialises it.
#[derive(Debug, Default)]
pub struct Json {
    bytes: Vec<u8>,
}

impl Json {
    pub fn with_capacity(capacity: usize) -> Self {
        Self { bytes: Vec::with_capacity(capacity) }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Raw JSON syntax: a brace, a bracket, a comma, `null`.
    pub fn raw(&mut self, syntax: &str) {
        self.bytes.extend_from_slice(syntax.as_bytes());
    }

    /// A member's key, preceded by a comma unless it is the object's first.
    pub fn key(&mut self, index: usize, key: &str) {
        if index > 0 {
            self.bytes.push(b',');
        }
        self.string(key);
        self.bytes.push(b':');
    }

    pub fn string(&mut self, text: &str) {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.bytes, text);
    }

    pub fn optional_string(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.string(text),
            None => self.raw("null"),
        }
    }

    pub fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    pub fn int(&mut self, value: i32) {
        let _ = serde_json::to_writer(&mut self.bytes, &value);
    }

    /// A scalar or enum, as its GraphQL type writes it (`InputType::to_value`, which is what
    /// the engine's output of a scalar is).
    pub fn scalar<T: InputType>(&mut self, value: &T) {
        let _ = serde_json::to_writer(&mut self.bytes, &value.to_value());
    }

    pub fn optional_scalar<T: InputType>(&mut self, value: Option<&T>) {
        match value {
            Some(value) => self.scalar(value),
            None => self.raw("null"),
        }
    }

    /// A list of scalars or enums.
    pub fn scalars<T: InputType>(&mut self, values: &[T]) {
        self.list(values, Self::scalar);
    }

    /// A list, each item written by `write`.
    pub fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.bytes.push(b'[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.bytes.push(b',');
            }
            write(self, item);
        }
        self.bytes.push(b']');
    }

    /// An object of compiled selections, each written by `write` (`__typename` by itself).
    pub fn object<F>(
        &mut self,
        typename: &str,
        selections: &Selections<F>,
        mut write: impl FnMut(&mut Self, &F),
    ) {
        self.bytes.push(b'{');
        for (index, selected) in selections.iter().enumerate() {
            self.key(index, &selected.key);
            match &selected.field {
                Own::Typename => self.string(typename),
                Own::Field(field) => write(self, field),
            }
        }
        self.bytes.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn first_field(query: &str) -> Field {
        let document = parse_query(query).expect("a document");
        let operation = operation(&document, None).expect("one operation");
        let Selection::Field(field) = &operation.selection_set.node.items[0].node else { panic!("a field") };
        field.node.clone()
    }

    #[test]
    fn selections_keep_the_documents_order_and_refuse_what_the_engine_merges() {
        let leaf = |field: &Field| is_leaf(field).then(|| field.name.node.to_string());
        let field = first_field("{ a { title id: name __typename } }");
        let compiled = compile_selection(&field.selection_set.node, leaf).expect("compiled");
        let keys: Vec<_> = compiled.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["title", "id", "__typename"]);
        for refused in [
            "{ a { title title } }",
            "{ a { ... on A { title } } }",
            "{ a { title @skip(if: true) } }",
            "{ a { title(x: 1) } }",
        ] {
            let field = first_field(refused);
            assert!(compile_selection(&field.selection_set.node, leaf).is_none(), "{refused}");
        }
    }

    #[test]
    fn written_values_are_what_serialising_the_engines_values_gives() {
        let mut json = Json::default();
        json.raw("[");
        json.string("a \"quoted\"\n line");
        json.raw(",");
        json.scalar(&async_graphql::ID::from("x"));
        json.raw(",");
        json.optional_scalar::<i64>(None);
        json.raw("]");
        let expected = serde_json::json!(["a \"quoted\"\n line", "x", null]).to_string();
        assert_eq!(String::from_utf8(json.into_bytes()).ok(), Some(expected));
    }

    #[test]
    fn arguments_take_variables_then_defaults_and_refuse_what_does_not_coerce() {
        let field = first_field("query($n: Int = 3, $m: Int) { a(first: $n, second: $m, third: \"x\") }");
        let argument = |name: &str| field.get_argument(name).map(|value| value.node.clone());
        let document = parse_query("query($n: Int = 3, $m: Int) { a }").expect("a document");
        let defaults = variable_defaults(operation(&document, None).expect("one operation"));
        let variables = Variables::from_json(serde_json::json!({ "m": 7 }));
        let inputs = Inputs { variables: &variables, defaults: &defaults };
        assert_eq!(inputs.parse::<Option<i32>>(&argument("first")), Ok(Some(3)));
        assert_eq!(inputs.parse::<Option<i32>>(&argument("second")), Ok(Some(7)));
        assert_eq!(inputs.parse::<Option<i32>>(&argument("third")), Err(Fallback));
        assert_eq!(inputs.parse::<Option<i32>>(&None), Ok(None));
    }
}
