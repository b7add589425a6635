use sea_orm::entity::prelude::*;

/// One version of what an organization (or, for an area, a department officer) reported for
/// an indicator and year. A correction is a new row with the next version; old versions stay.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots_measurements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub indicator_code: String,
    /// The organization or area measured (equal to whichever of the two is set).
    pub subject_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub area_id: Option<Uuid>,
    /// The school year ending in this year (2024-2025 is 2025).
    pub year: i32,
    pub version: i32,
    pub numerator: i64,
    pub denominator: i64,
    pub evidence: Option<String>,
    /// Why this version replaces the previous one; null only for version 1.
    pub correction_reason: Option<String>,
    /// The token subject that reported it.
    pub reported_by: String,
    /// The organization the reporter's token acted for.
    pub reported_for: Option<Uuid>,
    pub reported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The share in percent.
    pub fn percent(&self) -> f64 {
        self.numerator as f64 * 100.0 / self.denominator as f64
    }
}
