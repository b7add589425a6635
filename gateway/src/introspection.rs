//! Refuses introspection (`__schema`, `__type`) where the deployment switched it off, with the
//! code `INTROSPECTION_DISABLED`. async-graphql's own switch answers such fields with a silent
//! `null`, which a client cannot tell from an empty schema.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerResult, Variables};
use hub_common::ErrorCode;

pub struct IntrospectionDisabled;

impl ExtensionFactory for IntrospectionDisabled {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(IntrospectionDisabled)
    }
}

/// Whether any selection in `set` (at any depth) asks for an introspection field. `__typename`
/// is not introspection: clients such as Apollo add it to every selection.
fn asks_introspection(set: &SelectionSet) -> bool {
    set.items.iter().any(|selection| match &selection.node {
        Selection::Field(field) => {
            matches!(field.node.name.node.as_str(), "__schema" | "__type")
                || asks_introspection(&field.node.selection_set.node)
        }
        Selection::InlineFragment(fragment) => asks_introspection(&fragment.node.selection_set.node),
        Selection::FragmentSpread(_) => false,
    })
}

pub(crate) fn document_asks_introspection(document: &ExecutableDocument) -> bool {
    document.operations.iter().any(|(_, operation)| asks_introspection(&operation.node.selection_set.node))
        || document.fragments.values().any(|fragment| asks_introspection(&fragment.node.selection_set.node))
}

#[async_trait::async_trait]
impl Extension for IntrospectionDisabled {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        if document_asks_introspection(&document) {
            return Err(ErrorCode::IntrospectionDisabled.error(
                "introspection is switched off on this hub; its schema is published in the repository (`hub schema`)",
            ));
        }
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asks(query: &str) -> bool {
        document_asks_introspection(&async_graphql::parser::parse_query(query).expect("a valid document"))
    }

    #[test]
    fn finds_introspection_anywhere_but_typename() {
        assert!(asks("{ __schema { types { name } } }"));
        assert!(asks("query A { ... on Query { __type(name: \"Area\") { name } } }"));
        assert!(asks("query A { ...F } fragment F on Query { __schema { queryType { name } } }"));
        assert!(!asks("{ areas { __typename name } }"));
    }
}
