//! What internships announce to other processes and subscribers, as explicit payloads: a row of
//! the database never crosses the outbox, so a column added to a table changes no event.

use chrono::{DateTime, NaiveDate, Utc};
use hub_common::events::Topic;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::{nomination, offer};
use crate::kinds::{EligibleLevel, NominationStatus, OfferStatus};

/// A newly published offer.
pub const OFFER_PUBLISHED: Topic<OfferPublished> = Topic::new("internships.offer_published", "offer");

/// The payload of `internships.offer_published`, version 1: the offer as a subscriber shows it
/// and filters it, so `internshipOfferPublished` rebuilds the offer from the event alone.
///
/// The field names are those the outbox rows written before this struct existed carry (they
/// held the offer's row), so those rows still decode. Later versions only add fields, each with
/// `#[serde(default)]`; fields a reader does not know are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferPublished {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub title: String,
    /// `title` folded for search, so the subscription filter does not fold it per subscriber.
    pub title_search: String,
    pub description: String,
    /// VSIC industry code.
    pub sector: String,
    pub area_id: Uuid,
    pub seats: i32,
    pub accepted_count: i32,
    /// `|A|B|`; see [`EligibleLevel::encode`].
    pub eligible_levels: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub application_deadline: NaiveDate,
    #[serde(default)]
    pub stipend_vnd: Option<i64>,
    pub status: OfferStatus,
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Version 2: the partnership the offer delivers, if it names one. Left out when none, so
    /// a payload naming no partnership is written exactly as version 1 wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnership_id: Option<Uuid>,
}

impl OfferPublished {
    pub fn levels(&self) -> Vec<EligibleLevel> {
        EligibleLevel::decode(&self.eligible_levels)
    }

    /// The offer as the GraphQL type reads it.
    pub(crate) fn to_row(&self) -> offer::Model {
        offer::Model {
            id: self.id,
            enterprise_id: self.enterprise_id,
            title: self.title.clone(),
            title_search: self.title_search.clone(),
            description: self.description.clone(),
            sector: self.sector.clone(),
            area_id: self.area_id,
            seats: self.seats,
            accepted_count: self.accepted_count,
            eligible_levels: self.eligible_levels.clone(),
            start_date: self.start_date,
            end_date: self.end_date,
            application_deadline: self.application_deadline,
            stipend_vnd: self.stipend_vnd,
            status: self.status,
            partnership_id: self.partnership_id,
            published_at: self.published_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl From<&offer::Model> for OfferPublished {
    fn from(row: &offer::Model) -> Self {
        Self {
            id: row.id,
            enterprise_id: row.enterprise_id,
            title: row.title.clone(),
            title_search: row.title_search.clone(),
            description: row.description.clone(),
            sector: row.sector.clone(),
            area_id: row.area_id,
            seats: row.seats,
            accepted_count: row.accepted_count,
            eligible_levels: row.eligible_levels.clone(),
            start_date: row.start_date,
            end_date: row.end_date,
            application_deadline: row.application_deadline,
            stipend_vnd: row.stipend_vnd,
            status: row.status,
            published_at: row.published_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
            partnership_id: row.partnership_id,
        }
    }
}

/// A nomination's change: made, accepted, rejected, withdrawn or completed.
pub const NOMINATION_CHANGED: Topic<NominationChanged> =
    Topic::new("internships.nomination_changed", "nomination change");

/// The payload of `internships.nomination_changed`, version 1: enough for a subscriber to
/// decide, without the database, whether an organization cares (the nominating school and
/// the enterprise that owns the offer), and the offer's seats as the change left them, so a
/// view shows the seats left at each event in order. Later versions only add fields, each
/// with `#[serde(default)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationChanged {
    pub nomination_id: Uuid,
    pub offer_id: Uuid,
    /// The enterprise that owns the offer.
    pub enterprise_id: Uuid,
    /// The school or college that nominated.
    pub school_id: Uuid,
    pub status: NominationStatus,
    pub seats: i32,
    pub accepted_count: i32,
}

impl NominationChanged {
    pub fn new(nomination: &nomination::Model, offer: &offer::Model) -> Self {
        Self {
            nomination_id: nomination.id,
            offer_id: offer.id,
            enterprise_id: offer.enterprise_id,
            school_id: nomination.nominating_organization_id,
            status: nomination.status,
            seats: offer.seats,
            accepted_count: offer.accepted_count,
        }
    }

    /// Whether `organization` is a party: the nominating school or the offer's enterprise.
    pub fn concerns(&self, organization: Uuid) -> bool {
        self.school_id == organization || self.enterprise_id == organization
    }

    pub fn seats_left(&self) -> i32 {
        (self.seats - self.accepted_count).max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An outbox row as the hub wrote it before payloads were structs of their own: the offer's
    /// row, serialized by serde.
    const STORED: &str = r#"{"id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d01","enterprise_id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d02","title":"Kỹ thuật viên kho","title_search":"ky thuat vien kho","description":"","sector":"5210","area_id":"01938a6e-7a4e-7cc2-9a51-2f4b8a0c1d03","seats":3,"accepted_count":0,"eligible_levels":"|UPPER_SECONDARY_STUDENT|","start_date":"2026-06-01","end_date":"2026-07-31","application_deadline":"2026-05-15","stipend_vnd":null,"status":"PUBLISHED","published_at":"2026-05-01T02:00:00Z","created_at":"2026-04-30T02:00:00Z","updated_at":"2026-05-01T02:00:00Z"}"#;

    #[test]
    fn an_offer_row_stored_in_the_outbox_still_decodes() {
        let payload: OfferPublished = serde_json::from_str(STORED).expect("decodes");
        assert_eq!(payload.title_search, "ky thuat vien kho");
        assert_eq!(payload.levels(), vec![EligibleLevel::UpperSecondaryStudent]);
        assert_eq!(payload.status, OfferStatus::Published);
    }

    #[test]
    fn unknown_fields_are_ignored_and_optional_ones_may_be_missing() {
        let mut value: serde_json::Value = serde_json::from_str(STORED).expect("json");
        let object = value.as_object_mut().expect("an object");
        object.remove("stipend_vnd");
        object.remove("published_at");
        object.insert("added_later".into(), serde_json::json!(42));
        let payload: OfferPublished = serde_json::from_value(value).expect("decodes");
        assert_eq!(payload.stipend_vnd, None);
        assert_eq!(payload.published_at, None);
    }

    #[test]
    fn a_payload_is_written_as_the_row_was() {
        let payload: OfferPublished = serde_json::from_str(STORED).expect("decodes");
        assert_eq!(serde_json::to_string(&payload).expect("encodes"), STORED);
    }

    #[test]
    fn a_payload_reads_back_as_the_row_it_was_made_from() {
        let payload: OfferPublished = serde_json::from_str(STORED).expect("decodes");
        assert_eq!(OfferPublished::from(&payload.to_row()), payload);
    }
}
