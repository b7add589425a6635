use sea_orm::entity::prelude::*;

use crate::kinds::{EntryPoint, ProgrammeStatus, VocationalLevel, entry_points_of};

/// A vocational programme an institution publishes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "careers_programmes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub institution_id: Uuid,
    /// Where it is taught (the institution's area unless it said otherwise).
    pub area_id: Uuid,
    pub name: String,
    pub name_search: String,
    /// Level-IV code of the vocational training list; none for elementary programmes.
    pub trade_code: Option<String>,
    pub level: VocationalLevel,
    pub duration_months: i32,
    /// Tuition per school year, VND.
    pub tuition_vnd: i64,
    pub combines_general_education: bool,
    /// `|AFTER_GRADE_9|AFTER_GRADE_12|`.
    pub entry_points: String,
    pub description: String,
    pub status: ProgrammeStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn entry(&self) -> Vec<EntryPoint> {
        entry_points_of(&self.entry_points)
    }
}
