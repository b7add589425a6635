//! The row mapping of `audit_entries` (defined in the `migration` crate).

use sea_orm::entity::prelude::*;

/// One mutation field a caller ran, as recorded right after it completed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entries")]
pub struct Model {
    /// UUIDv7, so the newest-first order is the id order.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    /// The token's subject; `None` for an anonymous caller.
    pub subject: Option<String>,
    pub acting_organization_id: Option<Uuid>,
    /// The token's roles as a JSON array of role names.
    pub roles: String,
    /// The mutation field's name, e.g. `proposePartnership`.
    pub mutation: String,
    /// The GraphQL type of the object acted on, when known.
    pub object_type: Option<String>,
    /// The id argument, or the id of the object returned.
    pub object_id: Option<String>,
    /// The organizations concerned, lower-case UUIDs separated by spaces.
    pub organization_ids: String,
    /// `OK`, or the error's `extensions.code`.
    pub outcome: String,
    /// The arguments as JSON, with sensitive values replaced.
    pub arguments: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The organizations this entry concerns.
    pub fn organizations(&self) -> Vec<Uuid> {
        self.organization_ids.split_whitespace().filter_map(|id| Uuid::parse_str(id).ok()).collect()
    }
}
