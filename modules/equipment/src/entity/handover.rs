use sea_orm::entity::prelude::*;

use crate::kinds::EquipmentCondition;

/// A hand-over as signed: immutable once written (the database refuses updates and deletes).
/// A correction is a new row whose `corrects_id` names the row it replaces.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "equipment_handovers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub request_id: Uuid,
    pub quantity: i32,
    /// The Hải Phòng calendar day the equipment changed hands.
    pub handed_over_on: Date,
    /// Who handed over, for the owner (name and position, as signed).
    pub handed_over_by: String,
    /// Who received, for the requesting school (name and position, as signed).
    pub received_by: String,
    pub condition: EquipmentCondition,
    pub notes: Option<String>,
    pub corrects_id: Option<Uuid>,
    /// The token subject that recorded it.
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
