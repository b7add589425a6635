use sea_orm::entity::prelude::*;

/// One version of what an institution reported for a programme's intake of one year. A
/// correction is a new row with the next version and a reason; old versions stay.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "careers_admissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub programme_id: Uuid,
    pub year: i32,
    pub version: i32,
    /// Chỉ tiêu tuyển sinh.
    pub quota: i32,
    pub applications: i32,
    pub enrolled: i32,
    /// Of the enrolled: lower-secondary graduates (after grade 9).
    pub enrolled_lower_secondary: i32,
    /// Of the enrolled: upper-secondary graduates (after grade 12).
    pub enrolled_upper_secondary: i32,
    /// Graduates in that year; unknown until the first cohort finishes.
    pub graduates: Option<i32>,
    /// Of those graduates, employed within 12 months.
    pub employed_within_12_months: Option<i32>,
    /// Why this version replaces the previous one; null only for version 1.
    pub correction_reason: Option<String>,
    pub reported_by: String,
    pub reported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Employed within 12 months per 100 graduates; computed, never stored or typed in.
    pub fn employment_rate(&self) -> Option<f64> {
        match (self.graduates, self.employed_within_12_months) {
            (Some(graduates), Some(employed)) if graduates > 0 => {
                Some(f64::from(employed) * 100.0 / f64::from(graduates))
            }
            _ => None,
        }
    }
}
