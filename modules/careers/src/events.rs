//! What careers announces to other processes and subscribers, as explicit payloads: a row of the
//! database never crosses the outbox, so a column added to a table changes no event.

use chrono::{DateTime, Utc};
use hub_common::events::Topic;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::event;
use crate::kinds::{CareerEventKind, CareerEventStatus};

/// A newly published career event.
pub const CAREER_EVENT_PUBLISHED: Topic<CareerEventPublished> =
    Topic::new("careers.event_published", "career event");

/// The payload of `careers.event_published`, version 1: the event as a subscriber shows and
/// filters it, so `careerEventPublished` rebuilds it from the payload alone. Later versions
/// only add fields, each with `#[serde(default)]`; fields a reader does not know are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareerEventPublished {
    pub id: Uuid,
    pub host_id: Uuid,
    pub kind: CareerEventKind,
    pub title: String,
    pub description: String,
    pub place: String,
    pub area_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    /// `|9|12|`.
    pub grades: String,
    pub published_at: DateTime<Utc>,
}

impl CareerEventPublished {
    /// The event as the GraphQL type reads it, as it was when published.
    pub(crate) fn to_row(&self) -> event::Model {
        event::Model {
            id: self.id,
            host_id: self.host_id,
            kind: self.kind,
            title: self.title.clone(),
            description: self.description.clone(),
            place: self.place.clone(),
            area_id: self.area_id,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            capacity: self.capacity,
            registered_students: 0,
            grades: self.grades.clone(),
            status: CareerEventStatus::Published,
            published_at: self.published_at,
            updated_at: self.published_at,
        }
    }
}

impl From<&event::Model> for CareerEventPublished {
    fn from(row: &event::Model) -> Self {
        Self {
            id: row.id,
            host_id: row.host_id,
            kind: row.kind,
            title: row.title.clone(),
            description: row.description.clone(),
            place: row.place.clone(),
            area_id: row.area_id,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            capacity: row.capacity,
            grades: row.grades.clone(),
            published_at: row.published_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORED: &str = r#"{"id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d01","host_id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d02","kind":"OPEN_DAY","title":"Ngày hội","description":"","place":"Hội trường","area_id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d03","starts_at":"2027-03-01T01:00:00Z","ends_at":"2027-03-01T04:00:00Z","capacity":300,"grades":"|9|","published_at":"2026-12-01T02:00:00Z"}"#;

    #[test]
    fn a_stored_payload_decodes_and_ignores_unknown_fields() {
        let mut value: serde_json::Value = serde_json::from_str(STORED).expect("json");
        value.as_object_mut().expect("an object").insert("added_later".into(), serde_json::json!(1));
        let payload: CareerEventPublished = serde_json::from_value(value).expect("decodes");
        assert_eq!(payload.kind, CareerEventKind::OpenDay);
        assert_eq!(CareerEventPublished::from(&payload.to_row()), payload);
    }
}
