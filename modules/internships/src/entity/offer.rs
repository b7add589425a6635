use sea_orm::entity::prelude::*;

use crate::kinds::{EligibleLevel, OfferStatus};

/// An internship offer as stored. Events carry [`crate::events::OfferPublished`], never this row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "internships_offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub title: String,
    /// `title` folded for accent-insensitive search; written with every change of `title`.
    pub title_search: String,
    pub description: String,
    /// VSIC industry code, 4 or 5 digits.
    pub sector: String,
    pub area_id: Uuid,
    pub seats: i32,
    pub accepted_count: i32,
    /// `|A|B|`; see [`EligibleLevel::encode`].
    pub eligible_levels: String,
    pub start_date: Date,
    pub end_date: Date,
    pub application_deadline: Date,
    pub stipend_vnd: Option<i64>,
    pub status: OfferStatus,
    /// The partnership the offer delivers, if it names one (another module's id; checked
    /// when set, not a foreign key).
    pub partnership_id: Option<Uuid>,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn levels(&self) -> Vec<EligibleLevel> {
        EligibleLevel::decode(&self.eligible_levels)
    }

    pub fn seats_left(&self) -> i32 {
        (self.seats - self.accepted_count).max(0)
    }
}
