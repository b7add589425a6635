use hub_common::projection::ProjectedRow;
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

    /// A row read with only `row`'s projection (see `hub_common::projection`): the columns it
    /// left out hold placeholders, which the compiled plans' writers never read.
    pub(crate) fn from_projected(row: &ProjectedRow<'_, Column>) -> Result<Self, DbErr> {
        use Column as C;
        Ok(Self {
            id: row.get(C::Id, Uuid::nil())?,
            enterprise_id: row.get(C::EnterpriseId, Uuid::nil())?,
            title: row.get(C::Title, String::new())?,
            title_search: row.get(C::TitleSearch, String::new())?,
            description: row.get(C::Description, String::new())?,
            sector: row.get(C::Sector, String::new())?,
            area_id: row.get(C::AreaId, Uuid::nil())?,
            seats: row.get(C::Seats, 0)?,
            accepted_count: row.get(C::AcceptedCount, 0)?,
            eligible_levels: row.get(C::EligibleLevels, String::new())?,
            start_date: row.get(C::StartDate, Date::default())?,
            end_date: row.get(C::EndDate, Date::default())?,
            application_deadline: row.get(C::ApplicationDeadline, Date::default())?,
            stipend_vnd: row.get(C::StipendVnd, None)?,
            status: row.get(C::Status, OfferStatus::Draft)?,
            partnership_id: row.get(C::PartnershipId, None)?,
            published_at: row.get(C::PublishedAt, None)?,
            created_at: row.get(C::CreatedAt, DateTimeUtc::default())?,
            updated_at: row.get(C::UpdatedAt, DateTimeUtc::default())?,
        })
    }
}
