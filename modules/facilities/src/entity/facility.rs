use sea_orm::entity::prelude::*;

/// A workshop as stored. `equipment` is a JSON array of strings (see [`Model::equipment_list`]).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "facilities_facilities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The college, intermediate school or centre that hosts it and decides its bookings.
    pub owner_id: Uuid,
    pub name: String,
    pub trade: String,
    /// Students at once.
    pub capacity: i32,
    pub time_zone: String,
    pub approval_required: bool,
    pub equipment: String,
    /// When the host withdrew it; a withdrawn facility takes no bookings.
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawal_reason: Option<String>,
    /// Hours between booking and the session's start (0: any time before it starts).
    pub min_notice_hours: i32,
    /// How many days ahead a session may start; `None` is no limit.
    pub max_advance_days: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The equipment on site; a column that does not hold a list reads as none.
    pub fn equipment_list(&self) -> Vec<String> {
        serde_json::from_str(&self.equipment).unwrap_or_default()
    }
}
