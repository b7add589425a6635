use sea_orm::entity::prelude::*;

use crate::kinds::NominationStatus;

/// A school's nomination of one student for one offer. The student is known only by the
/// school's own reference and grade: the hub stores no names, phone or ID numbers of minors.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "internships_nominations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub offer_id: Uuid,
    pub nominating_organization_id: Uuid,
    pub student_ref: String,
    pub grade: i32,
    pub note: Option<String>,
    pub status: NominationStatus,
    pub hours: Option<i32>,
    pub evaluation: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
