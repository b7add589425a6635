//! The module's GraphQL input types and their translation into service arguments.

use async_graphql::{ID, InputObject, MaybeUndefined};
use hub_common::HubError;
use hub_common::ids::parse_id;
use hub_common::msg;
use hub_common::scalars::{Date, Vnd};
use uuid::Uuid;

use crate::kinds::{CommitmentKind, EngagementKind, PartnershipKind, PartnershipStatus};
use crate::service::validate::CommitmentItem;
use crate::service::{
    EngagementChanges, EngagementQuery, NewEngagement, NewPartnership, PartnershipQuery, Renewal,
};

fn ids(field: &str, ids: &[ID]) -> Result<Vec<Uuid>, HubError> {
    ids.iter().map(|id| parse_id(field, id)).collect()
}

/// A yearly commitment: `perYear` for counts, `valueVndPerYear` for `EQUIPMENT_VALUE_VND`.
#[derive(InputObject)]
pub struct CommitmentInput {
    pub kind: CommitmentKind,
    /// How many a year (seats, talks, engagements).
    pub per_year: Option<i32>,
    /// Equipment value a year, in VND.
    pub value_vnd_per_year: Option<Vnd>,
    /// Required for `OTHER` (at most 300 characters).
    pub description: Option<String>,
}

fn commitments(items: Vec<CommitmentInput>) -> Result<Vec<CommitmentItem>, HubError> {
    items
        .into_iter()
        .map(|item| {
            let per_year = match (item.kind, item.per_year, item.value_vnd_per_year) {
                (CommitmentKind::EquipmentValueVnd, None, Some(value)) => value.0,
                (CommitmentKind::EquipmentValueVnd, _, _) => {
                    return Err(HubError::bad_input(
                        "input.commitments.valueVndPerYear",
                        msg!("equipment-value-vnd-commitment-gives-valuevndperyear"),
                    ));
                }
                (_, Some(count), None) => i64::from(count),
                _ => {
                    return Err(HubError::bad_input(
                        "input.commitments.perYear",
                        msg!("commitment-other-than-equipment-value-gives"),
                    ));
                }
            };
            Ok(CommitmentItem { kind: item.kind, per_year, description: item.description })
        })
        .collect()
}

#[derive(InputObject)]
pub struct ProposePartnershipInput {
    pub kind: PartnershipKind,
    pub title: String,
    pub summary: Option<String>,
    /// Not in the future.
    pub signed_on: Option<Date>,
    pub valid_from: Date,
    /// After `validFrom`, at most ten years later, and not already past.
    pub valid_to: Date,
    #[graphql(default)]
    pub commitments: Vec<CommitmentInput>,
    /// An http(s) URL of the signed document; requires `documentSha256`.
    pub document_url: Option<String>,
    /// SHA-256 of the signed document, 64 hexadecimal digits.
    pub document_sha256: Option<String>,
    /// The other parties. The organization the caller's token acts for is always a party, so
    /// it is not listed here. At least one enterprise or business association and one school,
    /// college or centre must take part.
    pub party_ids: Vec<ID>,
}

impl ProposePartnershipInput {
    pub(crate) fn into_new(self) -> Result<NewPartnership, HubError> {
        Ok(NewPartnership {
            kind: self.kind,
            title: self.title,
            summary: self.summary,
            signed_on: self.signed_on.map(|d| d.0),
            valid_from: self.valid_from.0,
            valid_to: self.valid_to.0,
            commitments: commitments(self.commitments)?,
            document_url: self.document_url,
            document_sha256: self.document_sha256,
            party_ids: ids("input.partyIds", &self.party_ids)?,
        })
    }
}

/// The next period of a partnership. Left out: kind, title, summary and commitments are those
/// of the partnership renewed.
#[derive(InputObject)]
pub struct RenewPartnershipInput {
    pub kind: Option<PartnershipKind>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub signed_on: Option<Date>,
    /// After the renewed partnership's start.
    pub valid_from: Date,
    pub valid_to: Date,
    pub commitments: Option<Vec<CommitmentInput>>,
    pub document_url: Option<String>,
    pub document_sha256: Option<String>,
}

impl RenewPartnershipInput {
    pub(crate) fn into_renewal(self) -> Result<Renewal, HubError> {
        Ok(Renewal {
            kind: self.kind,
            title: self.title,
            summary: self.summary,
            signed_on: self.signed_on.map(|d| d.0),
            valid_from: self.valid_from.0,
            valid_to: self.valid_to.0,
            commitments: self.commitments.map(commitments).transpose()?,
            document_url: self.document_url,
            document_sha256: self.document_sha256,
        })
    }
}

#[derive(InputObject, Default)]
pub struct PartnershipFilter {
    /// As readers see it: `EXPIRED` finds active partnerships whose period has ended.
    pub status: Option<PartnershipStatus>,
    pub kind: Option<PartnershipKind>,
    /// Partnerships this organization is a party to.
    pub organization_id: Option<ID>,
}

impl PartnershipFilter {
    pub(crate) fn into_query(self) -> Result<PartnershipQuery, HubError> {
        Ok(PartnershipQuery {
            status: self.status,
            kind: self.kind,
            organization_id: self
                .organization_id
                .as_ref()
                .map(|id| parse_id("filter.organizationId", id))
                .transpose()?,
        })
    }
}

/// Students of one grade reached.
#[derive(InputObject)]
pub struct GradeReachInput {
    /// 6-12 in general education; 13-15 for years 1-3 of college or intermediate school.
    pub grade: i32,
    pub students: i32,
}

#[derive(InputObject)]
pub struct RecordEngagementInput {
    pub kind: EngagementKind,
    /// The day it took place (not in the future).
    pub held_on: Date,
    /// The other organizations involved; the caller's organization is always involved.
    #[graphql(default)]
    pub organization_ids: Vec<ID>,
    /// A partnership the caller's organization is a party to, in force on `heldOn`.
    pub partnership_id: Option<ID>,
    pub reach: Vec<GradeReachInput>,
    #[graphql(default)]
    pub two_way: bool,
    pub notes: Option<String>,
}

impl RecordEngagementInput {
    pub(crate) fn into_new(self) -> Result<NewEngagement, HubError> {
        Ok(NewEngagement {
            kind: self.kind,
            held_on: self.held_on.0,
            organization_ids: ids("input.organizationIds", &self.organization_ids)?,
            partnership_id: self
                .partnership_id
                .as_ref()
                .map(|id| parse_id("input.partnershipId", id))
                .transpose()?,
            reach: self.reach.iter().map(|r| (r.grade, r.students)).collect(),
            two_way: self.two_way,
            notes: self.notes,
        })
    }
}

/// Fields left out stay as they are; an explicit null clears the notes. The partnership an
/// engagement was recorded under does not change.
#[derive(InputObject)]
pub struct UpdateEngagementInput {
    pub kind: Option<EngagementKind>,
    pub held_on: Option<Date>,
    pub organization_ids: Option<Vec<ID>>,
    pub reach: Option<Vec<GradeReachInput>>,
    pub two_way: Option<bool>,
    pub notes: MaybeUndefined<String>,
}

impl UpdateEngagementInput {
    pub(crate) fn into_changes(self) -> Result<EngagementChanges, HubError> {
        Ok(EngagementChanges {
            kind: self.kind,
            held_on: self.held_on.map(|d| d.0),
            organization_ids: self
                .organization_ids
                .map(|list| ids("input.organizationIds", &list))
                .transpose()?,
            reach: self.reach.map(|rows| rows.iter().map(|r| (r.grade, r.students)).collect()),
            two_way: self.two_way,
            notes: match self.notes {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(notes) => Some(Some(notes)),
            },
        })
    }
}

#[derive(InputObject, Default)]
pub struct EngagementFilter {
    pub partnership_id: Option<ID>,
    /// Engagements this organization was involved in.
    pub organization_id: Option<ID>,
    pub kind: Option<EngagementKind>,
    /// Held on or after this day.
    pub held_from: Option<Date>,
    /// Held on or before this day.
    pub held_to: Option<Date>,
}

impl EngagementFilter {
    pub(crate) fn into_query(self) -> Result<EngagementQuery, HubError> {
        Ok(EngagementQuery {
            partnership_id: self
                .partnership_id
                .as_ref()
                .map(|id| parse_id("filter.partnershipId", id))
                .transpose()?,
            organization_id: self
                .organization_id
                .as_ref()
                .map(|id| parse_id("filter.organizationId", id))
                .transpose()?,
            kind: self.kind,
            held_from: self.held_from.map(|d| d.0),
            held_to: self.held_to.map(|d| d.0),
        })
    }
}
