use sea_orm::entity::prelude::*;

use crate::kinds::{EquipmentCondition, ListingKind, ListingStatus};

/// An equipment listing as stored. Events carry [`crate::events::ListingPosted`], never this
/// row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "equipment_listings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    pub kind: ListingKind,
    pub name: String,
    /// `name` folded for accent-insensitive search; written with every change of `name`.
    pub name_search: String,
    pub category: String,
    pub description: Option<String>,
    pub quantity: i32,
    /// Units approved and not released again: see [`crate::service`] for the accounting.
    pub promised: i32,
    pub condition: EquipmentCondition,
    /// Estimated value of one unit, in VND.
    pub unit_value_vnd: i64,
    pub available_from: Date,
    pub available_until: Option<Date>,
    /// A JSON array of http(s) URLs; see [`Model::photos`].
    pub photo_urls: String,
    pub status: ListingStatus,
    /// The partnership the listing delivers, if it names one (another module's id; checked
    /// when set, not a foreign key).
    pub partnership_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The photo URLs; a column this release cannot read (a newer one wrote it) reads as none.
    pub fn photos(&self) -> Vec<String> {
        serde_json::from_str(&self.photo_urls).unwrap_or_default()
    }

    pub fn available(&self) -> i32 {
        (self.quantity - self.promised).max(0)
    }
}
