use sea_orm::entity::prelude::*;

/// How many students of one grade an engagement reached. Counts only: no names of minors.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships_engagement_reach")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub engagement_id: Uuid,
    /// 6-12 in general education; 13-15 for years 1-3 of college or intermediate school.
    #[sea_orm(primary_key, auto_increment = false)]
    pub grade: i32,
    pub students: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
