//! What equipment announces to other processes and subscribers, as explicit payloads: a row of
//! the database never crosses the outbox, so a column added to a table changes no event.

use chrono::{DateTime, NaiveDate, Utc};
use hub_common::events::Topic;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::{listing, request};
use crate::kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestStatus};

/// A newly posted listing.
pub const LISTING_POSTED: Topic<ListingPosted> = Topic::new("equipment.listing_posted", "listing");

/// The payload of `equipment.listing_posted`, version 1: the listing as a subscriber shows it
/// and filters it, so `equipmentListingPosted` rebuilds the listing from the event alone.
///
/// The field names are those the outbox rows written before this struct existed carry (they
/// held the listing's row), so those rows still decode. Later versions only add fields, each
/// with `#[serde(default)]`; fields a reader does not know are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingPosted {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub kind: ListingKind,
    pub name: String,
    /// `name` folded for search, so the subscription filter does not fold it per subscriber.
    pub name_search: String,
    pub category: String,
    #[serde(default)]
    pub description: Option<String>,
    pub quantity: i32,
    pub promised: i32,
    pub condition: EquipmentCondition,
    /// Estimated value of one unit, in VND.
    pub unit_value_vnd: i64,
    pub available_from: NaiveDate,
    #[serde(default)]
    pub available_until: Option<NaiveDate>,
    /// A JSON array of http(s) URLs, as the listing stores them.
    pub photo_urls: String,
    pub status: ListingStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Version 2: the partnership the listing delivers, if it names one. Left out when none, so
    /// a payload naming no partnership is written exactly as version 1 wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnership_id: Option<Uuid>,
}

impl ListingPosted {
    /// The listing as the GraphQL type reads it.
    pub(crate) fn to_row(&self) -> listing::Model {
        listing::Model {
            id: self.id,
            owner_id: self.owner_id,
            kind: self.kind,
            name: self.name.clone(),
            name_search: self.name_search.clone(),
            category: self.category.clone(),
            description: self.description.clone(),
            quantity: self.quantity,
            promised: self.promised,
            condition: self.condition,
            unit_value_vnd: self.unit_value_vnd,
            available_from: self.available_from,
            available_until: self.available_until,
            photo_urls: self.photo_urls.clone(),
            status: self.status,
            partnership_id: self.partnership_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl From<&listing::Model> for ListingPosted {
    fn from(row: &listing::Model) -> Self {
        Self {
            id: row.id,
            owner_id: row.owner_id,
            kind: row.kind,
            name: row.name.clone(),
            name_search: row.name_search.clone(),
            category: row.category.clone(),
            description: row.description.clone(),
            quantity: row.quantity,
            promised: row.promised,
            condition: row.condition,
            unit_value_vnd: row.unit_value_vnd,
            available_from: row.available_from,
            available_until: row.available_until,
            photo_urls: row.photo_urls.clone(),
            status: row.status,
            created_at: row.created_at,
            updated_at: row.updated_at,
            partnership_id: row.partnership_id,
        }
    }
}

/// A request's change: made, approved, declined, cancelled, handed over (or corrected),
/// returned in part or in full.
pub const REQUEST_CHANGED: Topic<RequestChanged> =
    Topic::new("equipment.request_changed", "equipment request change");

/// The payload of `equipment.request_changed`, version 1: enough for a subscriber to decide,
/// without the database, whether an organization cares (the requester and the listing's
/// owner), and the request's counts as the change left them. Later versions only add fields,
/// each with `#[serde(default)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestChanged {
    pub request_id: Uuid,
    pub listing_id: Uuid,
    /// The organization that posted the listing.
    pub owner_id: Uuid,
    /// The school, college or centre that asked.
    pub requester_id: Uuid,
    pub status: RequestStatus,
    pub handed_over_quantity: i32,
    pub returned_quantity: i32,
}

impl RequestChanged {
    pub fn new(row: &request::Model, owner_id: Uuid) -> Self {
        Self {
            request_id: row.id,
            listing_id: row.listing_id,
            owner_id,
            requester_id: row.requester_id,
            status: row.status,
            handed_over_quantity: row.handed_over_quantity,
            returned_quantity: row.returned_quantity,
        }
    }

    /// Whether `organization` is a party: the requester or the listing's owner.
    pub fn concerns(&self, organization: Uuid) -> bool {
        self.requester_id == organization || self.owner_id == organization
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An outbox row as the hub wrote it before payloads were structs of their own: the
    /// listing's row, serialized by serde.
    const STORED: &str = r#"{"id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d11","owner_id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d12","kind":"LOAN","name":"Máy tiện","name_search":"may tien","category":"Máy công cụ","description":null,"quantity":2,"promised":0,"condition":"GOOD","unit_value_vnd":15000000,"available_from":"2026-06-01","available_until":null,"photo_urls":"[]","status":"AVAILABLE","created_at":"2026-05-01T02:00:00Z","updated_at":"2026-05-01T02:00:00Z"}"#;

    #[test]
    fn a_listing_row_stored_in_the_outbox_still_decodes() {
        let payload: ListingPosted = serde_json::from_str(STORED).expect("decodes");
        assert_eq!(payload.kind, ListingKind::Loan);
        assert_eq!(payload.name_search, "may tien");
        assert_eq!(ListingPosted::from(&payload.to_row()), payload);
    }

    #[test]
    fn a_payload_is_written_as_the_row_was() {
        let payload: ListingPosted = serde_json::from_str(STORED).expect("decodes");
        assert_eq!(serde_json::to_string(&payload).expect("encodes"), STORED);
    }

    #[test]
    fn unknown_fields_are_ignored_and_optional_ones_may_be_missing() {
        let mut value: serde_json::Value = serde_json::from_str(STORED).expect("json");
        let object = value.as_object_mut().expect("an object");
        object.remove("description");
        object.remove("available_until");
        object.insert("added_later".into(), serde_json::json!(true));
        let payload: ListingPosted = serde_json::from_value(value).expect("decodes");
        assert_eq!(payload.description, None);
    }
}
