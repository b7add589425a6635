use hub_common::projection::ProjectedRow;
use sea_orm::entity::prelude::*;

use crate::kinds::AreaLevel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directory_areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub name_search: String,
    pub level: AreaLevel,
    pub parent_id: Option<Uuid>,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the area exists on `day` (both ends of the validity period are inclusive).
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|end| day <= end)
    }

    /// A row read with only `row`'s projection (see `hub_common::projection`): the columns it
    /// left out hold placeholders, which the compiled plans' writers never read.
    pub(crate) fn from_projected(row: &ProjectedRow<'_, Column>) -> Result<Self, DbErr> {
        use Column as C;
        Ok(Self {
            id: row.get(C::Id, Uuid::nil())?,
            code: row.get(C::Code, String::new())?,
            name: row.get(C::Name, String::new())?,
            name_search: row.get(C::NameSearch, String::new())?,
            level: row.get(C::Level, AreaLevel::City)?,
            parent_id: row.get(C::ParentId, None)?,
            valid_from: row.get(C::ValidFrom, Date::default())?,
            valid_to: row.get(C::ValidTo, None)?,
        })
    }
}
