use sea_orm::entity::prelude::*;

use crate::kinds::CommitmentKind;

/// A yearly promise of a partnership: so many seats, talks or đồng of equipment a year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships_commitments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub kind: CommitmentKind,
    /// A count per year, or VND per year for `EQUIPMENT_VALUE_VND`.
    pub per_year: i64,
    pub description: Option<String>,
    /// Keeps the order the proposer listed them in.
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
