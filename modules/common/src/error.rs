//! The hub's error type and its translation into GraphQL errors.

use crate::msg;
use async_graphql::ErrorExtensions;

use crate::codes::ErrorCode;
use crate::messages::{Language, Message};

/// The result type of every module service.
pub type HubResult<T> = Result<T, HubError>;

/// An error a service returns. Each variant maps to one `extensions.code`; only `Unexpected`
/// hides its message, because its text may describe the database or the machine. Messages are
/// catalogue keys (`msg!`), rendered in the caller's language when the answer is written.
///
/// Deliberately not `Display`: async-graphql converts any `Display` type into an error without
/// a code, and `?` would silently take that path. Without it, `?` in a resolver goes through
/// the `From` impl below, which always sets the code.
#[derive(Debug)]
pub enum HubError {
    Unauthenticated,
    Forbidden(Message),
    NotFound(Message),
    BadUserInput {
        field: String,
        message: Message,
    },
    Conflict(Message),
    /// A configured limit refused the request; `code` names the limit (`PAGE_SIZE_TOO_LARGE`).
    LimitExceeded {
        code: ErrorCode,
        message: Message,
    },
    /// The database cannot be reached right now; the caller may retry. The cause is logged.
    Unavailable(anyhow::Error),
    Unexpected(anyhow::Error),
}

impl From<anyhow::Error> for HubError {
    fn from(err: anyhow::Error) -> Self {
        Self::Unexpected(err)
    }
}

impl HubError {
    pub fn forbidden(message: Message) -> Self {
        Self::Forbidden(message)
    }

    pub fn bad_input(field: impl Into<String>, message: Message) -> Self {
        Self::BadUserInput { field: field.into(), message }
    }

    pub fn conflict(message: Message) -> Self {
        Self::Conflict(message)
    }

    /// What a client may read, in any language.
    pub fn client_message(&self) -> Message {
        match self {
            Self::Unauthenticated => msg!("authentication-required"),
            Self::Forbidden(message)
            | Self::Conflict(message)
            | Self::NotFound(message)
            | Self::BadUserInput { message, .. }
            | Self::LimitExceeded { message, .. } => message.clone(),
            Self::Unavailable(_) => msg!("database-unavailable"),
            Self::Unexpected(_) => msg!("internal-error"),
        }
    }

    /// The same error for another request that shared the read which failed
    /// ([`crate::coalesce::Coalesced`]). Not `Clone`: a cause is an `anyhow::Error`, which only
    /// its text can copy, and that is all the log needs of it.
    pub fn shared_copy(&self) -> Self {
        match self {
            Self::Unauthenticated => Self::Unauthenticated,
            Self::Forbidden(message) => Self::Forbidden(message.clone()),
            Self::NotFound(message) => Self::NotFound(message.clone()),
            Self::BadUserInput { field, message } => {
                Self::BadUserInput { field: field.clone(), message: message.clone() }
            }
            Self::Conflict(message) => Self::Conflict(message.clone()),
            Self::LimitExceeded { code, message } => {
                Self::LimitExceeded { code: *code, message: message.clone() }
            }
            Self::Unavailable(cause) => Self::Unavailable(anyhow::anyhow!("{cause:#}")),
            Self::Unexpected(cause) => Self::Unexpected(anyhow::anyhow!("{cause:#}")),
        }
    }

    /// The client's text in `language`.
    pub fn message_in(&self, language: Language) -> String {
        self.client_message().render(language)
    }

    /// The machine-readable code clients switch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated => ErrorCode::Unauthenticated,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::BadUserInput { .. } => ErrorCode::BadUserInput,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::LimitExceeded { code, .. } => *code,
            Self::Unavailable(_) => ErrorCode::ServiceUnavailable,
            Self::Unexpected(_) => ErrorCode::Internal,
        }
    }
}

impl From<sea_orm::DbErr> for HubError {
    fn from(err: sea_orm::DbErr) -> Self {
        if is_connection_failure(&err) {
            Self::Unavailable(anyhow::Error::new(err))
        } else {
            Self::Unexpected(anyhow::Error::new(err))
        }
    }
}

/// Whether `err` says the database could not be reached (pool exhausted or timed out, socket
/// closed or refused), as opposed to a statement that failed.
fn is_connection_failure(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, sqlx};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(cause)) | DbErr::Query(RuntimeErr::SqlxError(cause)) => matches!(
            cause.as_ref(),
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_)
        ),
        _ => false,
    }
}

impl From<sea_orm::TransactionError<HubError>> for HubError {
    fn from(err: sea_orm::TransactionError<HubError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner,
        }
    }
}

impl HubError {
    /// Logs what the client is not told: the cause chain of an internal error or of an
    /// unreachable database. Every path that turns a `HubError` into an answer calls it once.
    pub fn log_cause(&self) {
        match self {
            Self::Unexpected(cause) => tracing::error!(error = ?cause, "internal error"),
            Self::Unavailable(cause) => tracing::warn!(error = %cause, "database unavailable"),
            _ => {}
        }
    }
}

impl ErrorExtensions for HubError {
    fn extend(&self) -> async_graphql::Error {
        // The cause chain goes to the log; the client learns only that it was not its fault.
        // The message travels as the error's source, so the gateway can render it in the
        // caller's language (`localize`); its English text is the default.
        self.log_cause();
        async_graphql::Error::new_with_source(self.client_message()).extend_with(|_, ext| {
            ext.set("code", self.code().as_str());
            if let Self::BadUserInput { field, .. } = self {
                ext.set("field", field.as_str());
            }
        })
    }
}

impl From<HubError> for async_graphql::Error {
    fn from(err: HubError) -> Self {
        err.extend()
    }
}

/// Turns a unique-constraint violation into a `CONFLICT` with a message the user understands,
/// and passes every other database error through as unexpected.
pub fn on_unique_violation(err: sea_orm::DbErr, message: Message) -> HubError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => HubError::conflict(message),
        _ => err.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_cause() {
        let err = HubError::from(anyhow::anyhow!("connection to 10.0.0.5:5432 refused"));
        let gql = err.extend();
        assert_eq!(gql.message, "internal error");
        let ext = gql.extensions.expect("extensions are set");
        assert_eq!(ext.get("code"), Some(&async_graphql::Value::from("INTERNAL")));
    }

    #[test]
    fn bad_input_names_the_field() {
        let gql = HubError::bad_input("name", msg!("name-must-not-empty")).extend();
        let ext = gql.extensions.expect("extensions are set");
        assert_eq!(ext.get("code"), Some(&async_graphql::Value::from("BAD_USER_INPUT")));
        assert_eq!(ext.get("field"), Some(&async_graphql::Value::from("name")));
        assert_eq!(gql.message, "name must not be empty");
    }
}
