use sea_orm::entity::prelude::*;

/// An organization taking part in a pilot model besides its lead.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots_model_participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub pilot_model_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
