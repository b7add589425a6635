use hub_common::Remit;
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
