use sea_orm::entity::prelude::*;

use crate::kinds::BookingStatus;

/// One booked session (one occurrence of a weekly series is one row).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "facilities_bookings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub facility_id: Uuid,
    /// The school (or college, or centre) that booked.
    pub organization_id: Uuid,
    pub starts_at: DateTimeUtc,
    /// Exclusive: a booking ending at 10:00 leaves 10:00 free.
    pub ends_at: DateTimeUtc,
    pub participants: i32,
    pub purpose: String,
    pub status: BookingStatus,
    pub series_id: Option<Uuid>,
    pub revision: i32,
    /// The subject of the token that booked.
    pub booked_by: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_note: Option<String>,
    pub cancelled_at: Option<DateTimeUtc>,
    /// Why the host cancelled it for everyone (the facility was withdrawn).
    pub cancellation_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
