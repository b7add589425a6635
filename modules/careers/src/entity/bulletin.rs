use sea_orm::entity::prelude::*;

use crate::kinds::BulletinPeriod;

/// Labour-market figures for one period, for an occupation or a VSIC section, in an area.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "careers_bulletins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub period_kind: BulletinPeriod,
    pub year: i32,
    pub period_number: i32,
    pub occupation_code: Option<String>,
    pub vsic_section: Option<String>,
    pub area_id: Uuid,
    pub vacancies: i32,
    pub job_seekers: i32,
    pub hires: i32,
    pub forecast: String,
    /// Who issued the figures (the city's employment service centre, a department).
    pub publisher: String,
    /// The document they come from.
    pub source_document: String,
    /// Demonstration figures of the demo data set, never official ones.
    pub demonstration: bool,
    pub published_by: String,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The first month of the period (1-12), for ordering periods of different kinds.
    pub fn first_month(&self) -> u32 {
        let months = 12 / self.period_kind.per_year();
        ((self.period_number - 1) * months + 1).clamp(1, 12) as u32
    }
}
