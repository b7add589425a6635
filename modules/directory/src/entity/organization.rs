use hub_common::Remit;
use hub_common::projection::ProjectedRow;
use sea_orm::entity::prelude::*;

use crate::kinds::OrganizationKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directory_organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: OrganizationKind,
    pub name: String,
    /// `name` folded for accent-insensitive search; written with every change of `name`.
    pub name_search: String,
    pub area_id: Uuid,
    pub address: Option<String>,
    pub website: Option<String>,
    pub tax_code: Option<String>,
    pub industry_code: Option<String>,
    pub verified: bool,
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<String>,
    /// What a city department is responsible for; set for departments only.
    pub department_remit: Option<Remit>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// A row read with only `row`'s projection (see `hub_common::projection`): the columns it
    /// left out hold placeholders, which the compiled plans' writers never read.
    pub(crate) fn from_projected(row: &ProjectedRow<'_, Column>) -> Result<Self, DbErr> {
        use Column as C;
        Ok(Self {
            id: row.get(C::Id, Uuid::nil())?,
            kind: row.get(C::Kind, OrganizationKind::Enterprise)?,
            name: row.get(C::Name, String::new())?,
            name_search: row.get(C::NameSearch, String::new())?,
            area_id: row.get(C::AreaId, Uuid::nil())?,
            address: row.get(C::Address, None)?,
            website: row.get(C::Website, None)?,
            tax_code: row.get(C::TaxCode, None)?,
            industry_code: row.get(C::IndustryCode, None)?,
            verified: row.get(C::Verified, false)?,
            verified_at: row.get(C::VerifiedAt, None)?,
            verified_by: row.get(C::VerifiedBy, None)?,
            department_remit: row.get(C::DepartmentRemit, None)?,
            created_at: row.get(C::CreatedAt, DateTimeUtc::default())?,
            updated_at: row.get(C::UpdatedAt, DateTimeUtc::default())?,
        })
    }
}
