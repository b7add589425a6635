//! Identifiers: every object's `id` is a UUID, written in GraphQL as an `ID`.

use crate::msg;
use async_graphql::ID;
use uuid::Uuid;

use crate::{HubError, HubResult};

/// Reads a UUID from an `ID` argument, naming the argument when it is not one.
pub fn parse_id(field: &str, id: &ID) -> HubResult<Uuid> {
    Uuid::parse_str(id.as_str())
        .map_err(|_| HubError::bad_input(field, msg!("field-not-valid-id", field = field)))
}

pub fn to_id(id: Uuid) -> ID {
    ID(id.to_string())
}
