use sea_orm::entity::prelude::*;

/// An organization involved in an engagement (the recorder is always one).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships_engagement_organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub engagement_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
