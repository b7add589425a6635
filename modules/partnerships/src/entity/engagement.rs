use sea_orm::entity::prelude::*;

use crate::kinds::EngagementKind;

/// An encounter with students, recorded by one of the organizations involved.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships_engagements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: EngagementKind,
    pub held_on: Date,
    /// The organization that recorded it; only it changes or deletes it.
    pub recorded_by: Uuid,
    pub partnership_id: Option<Uuid>,
    /// Students interacted (asked, tried, worked alongside), not only listened.
    pub two_way: bool,
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The career event (careers module) it was recorded from; one engagement per event.
    pub career_event_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
