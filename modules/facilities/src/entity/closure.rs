use sea_orm::entity::prelude::*;

/// Days a facility is closed (Tết, a public holiday, maintenance): Hải Phòng calendar days
/// `first_day..=last_day`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "facilities_closures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub facility_id: Uuid,
    pub first_day: Date,
    pub last_day: Date,
    pub reason: String,
    /// The subject of the token that added it.
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the closure covers a local day.
    pub fn covers(&self, day: Date) -> bool {
        self.first_day <= day && day <= self.last_day
    }
}
