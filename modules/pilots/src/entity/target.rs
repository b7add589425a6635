use sea_orm::entity::prelude::*;

/// A target for an indicator over a range of years, city-wide (`area_id` null) or for one
/// area, taken from a dated document. A newer document supersedes an older one for the years
/// both cover; rows are never edited.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots_targets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub indicator_code: String,
    pub area_id: Option<Uuid>,
    /// Percent, 0-100.
    pub value: f64,
    pub from_year: i32,
    /// Inclusive; null while no end is set (in force until superseded).
    pub to_year: Option<i32>,
    pub source_document: String,
    pub issued_on: Date,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn covers(&self, year: i32) -> bool {
        self.from_year <= year && self.to_year.is_none_or(|to| year <= to)
    }
}
