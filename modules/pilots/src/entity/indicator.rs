use sea_orm::entity::prelude::*;

use crate::kinds::{Counts, Direction, SchoolLevel, Unit};

/// A measurable thing the plan sets targets for, keyed by its code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots_indicators")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: Unit,
    pub direction: Direction,
    pub counts: Counts,
    /// The schools that report it.
    pub school_level: SchoolLevel,
    /// The plan's order.
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
