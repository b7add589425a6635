//! Gives every error that reaches a client an `extensions.code`.
//!
//! Module errors carry their code already (`HubError`). This extension codes the errors the
//! GraphQL engine itself raises, by the stage that raised them, following Apollo's names:
//! syntax errors are `GRAPHQL_PARSE_FAILED`, documents that do not fit the schema (unknown
//! field, undefined variable, too deep or too complex) are `GRAPHQL_VALIDATION_FAILED`, and
//! argument values (inline or in variables) that do not fit their type, such as an unknown enum
//! value, are `BAD_USER_INPUT`. Anything else uncoded is a bug: it is logged and sent as `INTERNAL` without its text.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextResolve, NextValidation, ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, ServerResult, ValidationResult, Value, Variables};

pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

fn has_code(err: &ServerError) -> bool {
    err.extensions.as_ref().is_some_and(|ext| ext.get("code").is_some())
}

fn set_code(err: &mut ServerError, code: &str) {
    err.extensions.get_or_insert_with(Default::default).set("code", code);
}

/// The argument an engine input error names, e.g. `input.eligibleLevels.0` in
/// `Invalid value for argument "input.eligibleLevels.0", enumeration type …`.
fn argument_of(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("Invalid value for argument \"")?;
    rest.split_once('"').map(|(argument, _)| argument).filter(|argument| !argument.is_empty())
}

/// Codes an input error `BAD_USER_INPUT` and, where the engine named the argument, sets `field`
/// as module errors do.
fn set_bad_input(err: &mut ServerError) {
    set_code(err, "BAD_USER_INPUT");
    if let Some(argument) = argument_of(&err.message).map(str::to_owned) {
        err.extensions.get_or_insert_with(Default::default).set("field", argument);
    }
}

/// Engine errors about input values all start with one of these phrases.
fn is_input_error(message: &str) -> bool {
    message.starts_with("Failed to parse")
        || message.starts_with("Invalid value for argument")
        || message.starts_with("Invalid value for variable")
        || message.contains("is not defined by type")
}

/// Codes an error raised while resolving fields.
pub fn code_resolver_error(mut err: ServerError) -> ServerError {
    if has_code(&err) {
        return err;
    }
    if is_input_error(&err.message) {
        set_bad_input(&mut err);
    } else {
        tracing::error!(message = %err.message, path = ?err.path, "uncoded resolver error");
        err.message = "internal error".to_owned();
        set_code(&mut err, "INTERNAL");
    }
    err
}

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables).await.map_err(|mut err| {
            if !has_code(&err) {
                set_code(&mut err, "GRAPHQL_PARSE_FAILED");
            }
            err
        })
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|mut err| {
                    if !has_code(&err) {
                        // Values that do not fit their argument's type are the user's input,
                        // whether written inline or passed as variables.
                        if err.message.starts_with("Invalid value for argument") {
                            set_bad_input(&mut err);
                        } else {
                            set_code(&mut err, "GRAPHQL_VALIDATION_FAILED");
                        }
                    }
                    err
                })
                .collect()
        })
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        next.run(ctx, info).await.map_err(code_resolver_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_name_their_argument() {
        let message = "Invalid value for argument \"input.eligibleLevels.0\", enumeration type \"EligibleLevel\" does not contain the value \"PHD_STUDENT\"";
        assert_eq!(argument_of(message), Some("input.eligibleLevels.0"));
        assert_eq!(argument_of("Failed to parse \"Date\": a date is written YYYY-MM-DD"), None);
        assert_eq!(argument_of("Invalid value for argument \""), None);
    }
}
