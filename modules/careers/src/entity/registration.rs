use sea_orm::entity::prelude::*;

use crate::kinds::RegistrationStatus;

/// A school's registration of a number of its students for an event (a school may register
/// several groups; each is a row).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "careers_registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub organization_id: Uuid,
    pub students: i32,
    pub status: RegistrationStatus,
    /// The token subject that registered.
    pub registered_by: String,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
