//! The module's GraphQL input types and their translation into service arguments.

use async_graphql::{ID, InputObject, MaybeUndefined};
use hub_common::HubError;
use hub_common::ids::parse_id;
use hub_common::scalars::{Date, Vnd};

use crate::kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestStatus};
use crate::service::{
    ListingChanges, ListingQuery, NewHandover, NewListing, NewRequest, NewReturn, RequestQuery, RequestSide,
};

#[derive(InputObject, Default)]
pub struct EquipmentListingFilter {
    pub kind: Option<ListingKind>,
    /// Part of the category; accents and case are ignored ("may cong" finds "Máy công cụ").
    pub category: Option<String>,
    pub condition: Option<EquipmentCondition>,
    pub owner_id: Option<ID>,
    /// Part of the name; accents and case are ignored ("may tien" finds "Máy tiện").
    pub text: Option<String>,
    /// Ignored by subscriptions, which only see listings being posted.
    pub status: Option<ListingStatus>,
}

impl EquipmentListingFilter {
    pub(crate) fn into_query(self) -> Result<ListingQuery, HubError> {
        Ok(ListingQuery {
            kind: self.kind,
            category: self.category,
            condition: self.condition,
            owner_id: self.owner_id.as_ref().map(|id| parse_id("filter.ownerId", id)).transpose()?,
            text: self.text,
            status: self.status,
        })
    }
}

/// Which equipment requests to list.
#[derive(InputObject, Default)]
pub struct EquipmentRequestFilter {
    /// `REQUESTER`: the requests the caller's organizations made; `OWNER`: the requests for
    /// their listings; absent: both.
    pub side: Option<RequestSide>,
    pub status: Option<RequestStatus>,
}

impl EquipmentRequestFilter {
    pub fn into_query(self) -> RequestQuery {
        RequestQuery { side: self.side, status: self.status }
    }
}

#[derive(InputObject)]
pub struct CreateEquipmentListingInput {
    pub kind: ListingKind,
    pub name: String,
    pub category: String,
    pub description: Option<String>,
    /// Units offered, 1-10000.
    pub quantity: i32,
    pub condition: EquipmentCondition,
    /// Estimated value of one unit, in VND.
    pub estimated_value_vnd: Vnd,
    pub available_from: Date,
    /// The last day it may be requested and the latest day a loan is due back.
    pub available_until: Option<Date>,
    /// At most ten http(s) URLs of photos hosted elsewhere.
    #[graphql(default)]
    pub photo_urls: Vec<String>,
    /// The partnership this listing delivers, one the owner is an active party to. What is
    /// handed over from it then counts for that partnership's `EQUIPMENT_VALUE_VND` commitment.
    pub partnership_id: Option<ID>,
}

impl CreateEquipmentListingInput {
    pub(crate) fn into_new(self) -> Result<NewListing, HubError> {
        Ok(NewListing {
            kind: self.kind,
            name: self.name,
            category: self.category,
            description: self.description,
            quantity: self.quantity,
            condition: self.condition,
            unit_value_vnd: self.estimated_value_vnd.0,
            available_from: self.available_from.0,
            available_until: self.available_until.map(|day| day.0),
            photo_urls: self.photo_urls,
            partnership_id: self
                .partnership_id
                .as_ref()
                .map(|id| parse_id("input.partnershipId", id))
                .transpose()?,
        })
    }
}

/// Fields left out stay as they are; an explicit null clears an optional one.
#[derive(InputObject)]
pub struct UpdateEquipmentListingInput {
    pub name: Option<String>,
    pub category: Option<String>,
    pub description: MaybeUndefined<String>,
    /// Never below the units already promised.
    pub quantity: Option<i32>,
    pub condition: Option<EquipmentCondition>,
    pub estimated_value_vnd: Option<Vnd>,
    pub available_from: Option<Date>,
    pub available_until: MaybeUndefined<Date>,
    pub photo_urls: Option<Vec<String>>,
    pub partnership_id: MaybeUndefined<ID>,
}

fn maybe<T, U>(value: MaybeUndefined<T>, map: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(value) => Some(Some(map(value))),
    }
}

impl UpdateEquipmentListingInput {
    pub(crate) fn into_changes(self) -> Result<ListingChanges, HubError> {
        Ok(ListingChanges {
            name: self.name,
            category: self.category,
            description: maybe(self.description, |text| text),
            quantity: self.quantity,
            condition: self.condition,
            unit_value_vnd: self.estimated_value_vnd.map(|amount| amount.0),
            available_from: self.available_from.map(|day| day.0),
            available_until: maybe(self.available_until, |day| day.0),
            photo_urls: self.photo_urls,
            partnership_id: match &self.partnership_id {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(id) => Some(Some(parse_id("input.partnershipId", id)?)),
            },
        })
    }
}

#[derive(InputObject)]
pub struct RequestEquipmentInput {
    pub listing_id: ID,
    /// Units of this listing wanted; other items are other requests.
    pub quantity: i32,
    /// What the school will use it for (at most 1000 characters).
    pub purpose: String,
    /// For a loan, the day it comes back (required); for a donation, left out.
    pub return_by: Option<Date>,
}

impl RequestEquipmentInput {
    pub(crate) fn into_new(self) -> Result<NewRequest, HubError> {
        Ok(NewRequest {
            listing_id: parse_id("input.listingId", &self.listing_id)?,
            quantity: self.quantity,
            purpose: self.purpose,
            return_by: self.return_by.map(|day| day.0),
        })
    }
}

#[derive(InputObject)]
pub struct RecordHandoverInput {
    pub request_id: ID,
    /// Units that changed hands, at most the units requested.
    pub quantity: i32,
    pub handed_over_on: Date,
    /// Who handed over, for the owner (name and position, as signed).
    pub handed_over_by: String,
    /// Who received, for the school (name and position, as signed).
    pub received_by: String,
    pub condition: EquipmentCondition,
    pub notes: Option<String>,
    /// To correct a hand-over, the id of the record that stands now; it stays in the history.
    pub corrects_id: Option<ID>,
}

impl RecordHandoverInput {
    pub(crate) fn into_new(self) -> Result<NewHandover, HubError> {
        Ok(NewHandover {
            request_id: parse_id("input.requestId", &self.request_id)?,
            quantity: self.quantity,
            handed_over_on: self.handed_over_on.0,
            handed_over_by: self.handed_over_by,
            received_by: self.received_by,
            condition: self.condition,
            notes: self.notes,
            corrects_id: self.corrects_id.as_ref().map(|id| parse_id("input.correctsId", id)).transpose()?,
        })
    }
}

#[derive(InputObject)]
pub struct RecordReturnInput {
    pub request_id: ID,
    /// Units coming back now; the rest may follow in later returns.
    pub quantity: i32,
    pub returned_on: Date,
    /// Who received the equipment back, for the owner.
    pub received_by: String,
    pub condition: EquipmentCondition,
    pub notes: Option<String>,
}

impl RecordReturnInput {
    pub(crate) fn into_new(self) -> Result<NewReturn, HubError> {
        Ok(NewReturn {
            request_id: parse_id("input.requestId", &self.request_id)?,
            quantity: self.quantity,
            returned_on: self.returned_on.0,
            received_by: self.received_by,
            condition: self.condition,
            notes: self.notes,
        })
    }
}
