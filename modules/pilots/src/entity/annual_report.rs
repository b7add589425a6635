use sea_orm::entity::prelude::*;

use crate::kinds::ReportStatus;

/// An organization's yearly report to the Department of Education and Training.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots_annual_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    /// Calendar year; the report is due on 25 December of it.
    pub year: i32,
    pub status: ReportStatus,
    pub summary: String,
    pub document_url: Option<String>,
    /// The latest submission.
    pub submitted_at: Option<DateTimeUtc>,
    /// The first submission, which lateness is judged by; null for drafts (and, from a release
    /// before the column, until the next submission: read `submitted_at` then).
    pub first_submitted_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<String>,
    pub return_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
