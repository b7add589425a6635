//! Every `extensions.code` the hub sends, in one table: the wire string clients switch on and
//! the HTTP status a plain-HTTP route answers it with. Code compares these values, never string
//! literals, so a new code is added here or nowhere.

/// Writes the enum, its wire strings, its statuses and the list of all codes from one table.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $wire:literal, $status:literal;)+) => {
        /// A machine-readable error code (`extensions.code`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)+
        }

        impl ErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            /// The string clients read in `extensions.code`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $wire,)+
                }
            }

            /// The HTTP status a route answers with when the error ends the request.
            pub const fn http_status(self) -> u16 {
                match self {
                    $(ErrorCode::$variant => $status,)+
                }
            }

            /// The code a wire string names, if it is one of the hub's.
            pub fn parse(wire: &str) -> Option<ErrorCode> {
                match wire {
                    $($wire => Some(ErrorCode::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

error_codes! {
    /// No valid bearer token where one is needed, or a token that failed verification.
    Unauthenticated => "UNAUTHENTICATED", 401;
    /// The caller is known but may not do this.
    Forbidden => "FORBIDDEN", 403;
    /// The object does not exist, or the caller may not know that it does.
    NotFound => "NOT_FOUND", 404;
    /// An argument is wrong; `extensions.field` names it.
    BadUserInput => "BAD_USER_INPUT", 400;
    /// The request contradicts the current state (a duplicate, a closed offer).
    Conflict => "CONFLICT", 409;
    /// A page larger than the configured maximum.
    PageSizeTooLarge => "PAGE_SIZE_TOO_LARGE", 400;
    /// The database (or another backing service) cannot be reached right now; retry.
    ServiceUnavailable => "SERVICE_UNAVAILABLE", 503;
    /// A bug; the cause is logged, never sent.
    Internal => "INTERNAL", 500;
    /// The caller exceeded its request rate; `Retry-After` says when to come back.
    RateLimited => "RATE_LIMITED", 429;
    /// The body is larger than the configured limit.
    PayloadTooLarge => "PAYLOAD_TOO_LARGE", 413;
    /// The body is not a GraphQL request (unreadable, not JSON, malformed persisted query).
    BadRequest => "BAD_REQUEST", 400;
    /// The request's body did not arrive within the body read timeout.
    RequestTimeout => "REQUEST_TIMEOUT", 408;
    /// The hub did not answer within the request timeout; the operation may or may not have run.
    Timeout => "TIMEOUT", 504;
    /// A batch with more operations than allowed.
    BatchTooLarge => "BATCH_TOO_LARGE", 400;
    /// A POST that is not JSON.
    UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE", 415;
    /// The document nests deeper than the configured limit.
    QueryTooDeep => "QUERY_TOO_DEEP", 400;
    /// The document asks for more fields than the configured limit.
    QueryTooComplex => "QUERY_TOO_COMPLEX", 400;
    /// The document is not GraphQL.
    GraphqlParseFailed => "GRAPHQL_PARSE_FAILED", 400;
    /// The document does not fit the schema.
    GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED", 400;
    /// `operationName` names no operation of the document.
    OperationResolutionFailure => "OPERATION_RESOLUTION_FAILURE", 400;
    /// Introspection is switched off in this deployment.
    IntrospectionDisabled => "INTROSPECTION_DISABLED", 400;
    /// A persisted-query hash this process does not know; send the query with it once.
    PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND", 200;
    /// Persisted queries are switched off, or the extension's version is not 1.
    PersistedQueryNotSupported => "PERSISTED_QUERY_NOT_SUPPORTED", 200;
    /// A WebSocket connection opened more subscriptions than allowed.
    TooManySubscriptions => "TOO_MANY_SUBSCRIPTIONS", 200;
    /// A subscriber fell behind the event feed and missed events; resubscribe with `after`.
    Lagged => "LAGGED", 200;
}

impl ErrorCode {
    /// An engine error with this code, for refusals raised outside the services.
    pub fn error(self, message: impl Into<String>) -> async_graphql::ServerError {
        let mut err = async_graphql::ServerError::new(message, None);
        self.set_on(&mut err);
        err
    }

    /// Sets (or replaces) the code of an engine error.
    pub fn set_on(self, err: &mut async_graphql::ServerError) {
        err.extensions.get_or_insert_with(Default::default).set("code", self.as_str());
    }

    /// The code an engine error carries, if it carries one of the hub's.
    pub fn of(err: &async_graphql::ServerError) -> Option<ErrorCode> {
        match err.extensions.as_ref()?.get("code")? {
            async_graphql::Value::String(code) => ErrorCode::parse(code),
            _ => None,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_from_its_wire_string() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            assert!(code.as_str().bytes().all(|b| b.is_ascii_uppercase() || b == b'_'), "{code}");
        }
        assert_eq!(ErrorCode::parse("OK"), None);
    }
}
