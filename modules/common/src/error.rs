//! The hub's error type and its translation into GraphQL errors.

use async_graphql::ErrorExtensions;

/// The result type of every module service.
pub type HubResult<T> = Result<T, HubError>;

/// An error a service returns. Each variant maps to one `extensions.code`; only `Unexpected`
/// hides its message, because its text may describe the database or the machine.
///
/// Deliberately not `Display`: async-graphql converts any `Display` type into an error without
/// a code, and `?` would silently take that path. Without it, `?` in a resolver goes through
/// the `From` impl below, which always sets the code.
#[derive(Debug)]
pub enum HubError {
    Unauthenticated,
    Forbidden(String),
    NotFound(&'static str),
    BadUserInput { field: String, message: String },
    Conflict(String),
    Unexpected(anyhow::Error),
}

impl From<anyhow::Error> for HubError {
    fn from(err: anyhow::Error) -> Self {
        Self::Unexpected(err)
    }
}

impl HubError {
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadUserInput { field: field.into(), message: message.into() }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    /// The text a client may read.
    pub fn client_message(&self) -> String {
        match self {
            Self::Unauthenticated => "authentication required".to_owned(),
            Self::Forbidden(message) | Self::Conflict(message) => message.clone(),
            Self::NotFound(what) => format!("{what} not found"),
            Self::BadUserInput { message, .. } => message.clone(),
            Self::Unexpected(_) => "internal error".to_owned(),
        }
    }

    /// The machine-readable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadUserInput { .. } => "BAD_USER_INPUT",
            Self::Conflict(_) => "CONFLICT",
            Self::Unexpected(_) => "INTERNAL",
        }
    }
}

impl From<sea_orm::DbErr> for HubError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Unexpected(anyhow::Error::new(err))
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

impl ErrorExtensions for HubError {
    fn extend(&self) -> async_graphql::Error {
        if let Self::Unexpected(cause) = self {
            // The cause chain goes to the log; the client learns only that it was not its fault.
            tracing::error!(error = ?cause, "internal error");
        }
        async_graphql::Error::new(self.client_message()).extend_with(|_, ext| {
            ext.set("code", self.code());
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
pub fn on_unique_violation(err: sea_orm::DbErr, message: &str) -> HubError {
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
        let gql = HubError::bad_input("name", "name must not be empty").extend();
        let ext = gql.extensions.expect("extensions are set");
        assert_eq!(ext.get("code"), Some(&async_graphql::Value::from("BAD_USER_INPUT")));
        assert_eq!(ext.get("field"), Some(&async_graphql::Value::from("name")));
        assert_eq!(gql.message, "name must not be empty");
    }
}
