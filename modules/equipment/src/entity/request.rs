use sea_orm::entity::prelude::*;

use crate::kinds::RequestStatus;

/// A school's or college's request for some units of one listing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "equipment_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub listing_id: Uuid,
    pub requester_id: Uuid,
    pub quantity: i32,
    pub purpose: String,
    /// The day a loan is due back; `None` for donations.
    pub return_by: Option<Date>,
    pub status: RequestStatus,
    pub decision_note: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    /// Units handed over, as the current (uncorrected) hand-over record says.
    pub handed_over_quantity: i32,
    /// Units returned so far, the sum of the return records.
    pub returned_quantity: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn is_loan(&self) -> bool {
        self.return_by.is_some()
    }

    /// Units this request holds of its listing's quantity: all it asked for once approved;
    /// after the hand-over, what was handed over and is not back yet.
    pub fn promised(&self) -> i32 {
        use RequestStatus::*;
        match self.status {
            Approved => self.quantity,
            HandedOver => self.handed_over_quantity - self.returned_quantity,
            Pending | Declined | Cancelled | Returned => 0,
        }
    }
}
