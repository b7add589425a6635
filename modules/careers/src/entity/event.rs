use sea_orm::entity::prelude::*;

use crate::kinds::{CareerEventKind, CareerEventStatus, grades_of};

/// A career event as stored. Events carry [`crate::events::CareerEventPublished`], never this row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "careers_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub host_id: Uuid,
    pub kind: CareerEventKind,
    pub title: String,
    pub description: String,
    pub place: String,
    pub area_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    /// Students, in total over every registration.
    pub capacity: i32,
    /// Students of the live registrations; never above `capacity`.
    pub registered_students: i32,
    /// `|9|12|`.
    pub grades: String,
    pub status: CareerEventStatus,
    pub published_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn audience(&self) -> Vec<i32> {
        grades_of(&self.grades)
    }

    pub fn seats_left(&self) -> i32 {
        (self.capacity - self.registered_students).max(0)
    }
}
