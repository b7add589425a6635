use sea_orm::entity::prelude::*;

use crate::kinds::MembershipRole;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directory_invitations")]
pub struct Model {
    /// UUIDv7, so newest first is id order.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    /// Trimmed and lower-cased.
    pub email: String,
    pub role: MembershipRole,
    /// Lower-case hex SHA-256 of the code; the code itself is shown once and never stored.
    pub code_hash: String,
    /// The subject who sent the invitation.
    pub invited_by: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub accepted_by: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
