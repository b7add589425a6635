use sea_orm::entity::prelude::*;

/// One span of time a facility is open on a weekday, in minutes after local midnight
/// (Asia/Ho_Chi_Minh). A weekday may have several (a lunch break); they never overlap.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "facilities_opening_spans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub facility_id: Uuid,
    /// 1 is Monday, 7 is Sunday.
    #[sea_orm(primary_key, auto_increment = false)]
    pub weekday: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub opens_minute: i32,
    pub closes_minute: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
