use sea_orm::entity::prelude::*;

use crate::kinds::{PartnershipKind, PartnershipStatus};

/// A partnership as stored. `status` is `PROPOSED`, `ACTIVE` or `TERMINATED`; readers go
/// through [`Model::effective_status`], which turns an ended `ACTIVE` into `EXPIRED`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships_partnerships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: PartnershipKind,
    pub title: String,
    pub summary: Option<String>,
    pub signed_on: Option<Date>,
    pub valid_from: Date,
    pub valid_to: Date,
    pub document_url: Option<String>,
    /// Lower-case hex SHA-256 of the signed document; present exactly when the URL is.
    pub document_sha256: Option<String>,
    pub status: PartnershipStatus,
    /// The party that proposed it; its acceptance is implicit.
    pub proposed_by: Uuid,
    pub renewed_from_id: Option<Uuid>,
    pub activated_at: Option<DateTimeUtc>,
    pub terminated_at: Option<DateTimeUtc>,
    pub terminated_by: Option<Uuid>,
    pub termination_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn effective_status(&self, today: chrono::NaiveDate) -> PartnershipStatus {
        self.status.effective(self.valid_to, today)
    }
}
