//! Gives every error that reaches a client an `extensions.code`.
//!
//! Module errors carry their code already (`HubError`). This extension codes the errors the
//! GraphQL engine itself raises, by the stage that raised them, following Apollo's names:
//! syntax errors are `GRAPHQL_PARSE_FAILED`, documents that do not fit the schema (unknown
//! field, undefined variable) are `GRAPHQL_VALIDATION_FAILED`, documents over the configured
//! limits are `QUERY_TOO_DEEP` or `QUERY_TOO_COMPLEX`, an `operationName` the document does not
//! define is `OPERATION_RESOLUTION_FAILURE`, and argument values (inline or in variables) that
//! do not fit their type, such as an unknown enum value, are `BAD_USER_INPUT`. Anything else
//! uncoded is a bug: it is logged and sent as `INTERNAL` without its text.
//!
//! Queries run on a schema with no extension at all (see `schema::ServedSchema`), because any
//! registered extension sends every field through async-graphql's hook chain. Their errors are
//! coded afterwards by `code_query_errors`, which tells the stages apart by what the engine
//! leaves on each error: a field's error has a path, the others none.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextResolve, NextValidation,
    ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Value, Variables};
use hub_common::ErrorCode;

/// The extension; it names the depth and complexity limits in their refusals.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCodes {
    pub max_depth: usize,
    pub max_complexity: usize,
}

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension(*self))
    }
}

struct ErrorCodesExtension(ErrorCodes);

fn has_code(err: &ServerError) -> bool {
    err.extensions.as_ref().is_some_and(|ext| ext.get("code").is_some())
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
    ErrorCode::BadUserInput.set_on(err);
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
    code_field_error(&mut err);
    err
}

fn code_field_error(err: &mut ServerError) {
    if has_code(err) {
        return;
    }
    if is_input_error(&err.message) {
        set_bad_input(err);
    } else {
        tracing::error!(message = %err.message, path = ?err.path, "uncoded resolver error");
        err.message = "internal error".to_owned();
        ErrorCode::Internal.set_on(err);
    }
}

impl ErrorCodes {
    /// A document deeper than `max_depth`, with a message that names the limit (the engine's
    /// own text does not).
    fn too_deep(&self, err: &mut ServerError) {
        err.message = format!(
            "the query nests fields more than {} levels deep; split it into smaller queries",
            self.max_depth
        );
        ErrorCode::QueryTooDeep.set_on(err);
    }

    /// A document over `max_complexity`, with a message that names the limit.
    fn too_complex(&self, err: &mut ServerError) {
        err.message = format!(
            "the query asks for more than {} fields (lists count once per item asked for); ask for fewer fields or smaller pages",
            self.max_complexity
        );
        ErrorCode::QueryTooComplex.set_on(err);
    }
}

/// Codes the errors raised between validation and execution, outside every other hook.
fn code_request_error(err: &mut ServerError) {
    if has_code(err) {
        return;
    }
    if is_request_error(&err.message) {
        ErrorCode::OperationResolutionFailure.set_on(err);
    } else {
        tracing::error!(message = %err.message, "uncoded request error");
        err.message = "internal error".to_owned();
        ErrorCode::Internal.set_on(err);
    }
}

impl ErrorCodes {
    /// Codes the errors of a query that ran without this extension, as the extension would
    /// have: the document was parsed before it ran, so no error is a syntax error.
    pub fn code_query_errors(&self, errors: &mut [ServerError]) {
        for err in errors.iter_mut().filter(|err| !has_code(err)) {
            if !err.path.is_empty() {
                code_field_error(err);
            } else if is_request_error(&err.message) {
                code_request_error(err);
            } else if err.message == "recursion limit exceeded." {
                self.too_deep(err);
            } else {
                self.code_validation_error(err);
            }
        }
    }

    fn code_validation_error(&self, err: &mut ServerError) {
        // Values that do not fit their argument's type are the user's input, whether written
        // inline or passed as variables.
        if err.message.starts_with("Invalid value for argument") {
            set_bad_input(err);
        } else if err.message == "Query is nested too deep." {
            self.too_deep(err);
        } else if err.message == "Query is too complex." {
            self.too_complex(err);
        } else {
            ErrorCode::GraphqlValidationFailed.set_on(err);
        }
    }
}

/// The errors raised after validation while choosing the operation to run.
fn is_request_error(message: &str) -> bool {
    message.starts_with("Unknown operation named") || message == "Operation name required in request."
}

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        response.errors.iter_mut().for_each(code_request_error);
        response
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables).await.map_err(|mut err| {
            if has_code(&err) {
                return err;
            }
            // The parser stops descending long before a hostile document's depth could exhaust
            // the stack; that is the depth limit too.
            if err.message == "recursion limit exceeded." {
                self.0.too_deep(&mut err);
            } else {
                ErrorCode::GraphqlParseFailed.set_on(&mut err);
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
                        self.0.code_validation_error(&mut err);
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
