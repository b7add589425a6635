use sea_orm::entity::prelude::*;

/// A step a pilot model plans to reach by a date.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots_milestones")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub pilot_model_id: Uuid,
    pub title: String,
    pub due_on: Date,
    pub reached_on: Option<Date>,
    /// Keeps the order they were listed in.
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
