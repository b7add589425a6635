use sea_orm::entity::prelude::*;

use crate::kinds::PilotStatus;

/// A pilot career-education model run by a lead organization with others.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots_models")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// How the model works, in the words of the department.
    pub approach: String,
    pub lead_organization_id: Uuid,
    pub area_id: Option<Uuid>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub status: PilotStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
