use sea_orm::entity::prelude::*;

use crate::kinds::EquipmentCondition;

/// Units of a loan coming back: immutable once written, like hand-overs. A loan returned in
/// parts has one row per part.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "equipment_returns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub request_id: Uuid,
    pub quantity: i32,
    pub returned_on: Date,
    /// Who received the equipment back, for the owner.
    pub received_by: String,
    pub condition: EquipmentCondition,
    pub notes: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
