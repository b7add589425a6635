//! The module's GraphQL object and input types.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use directory::{Area, Organization};
use hub_common::HubError;
use hub_common::ids::{parse_id, to_id};
use hub_common::scalars::{Date, Vnd};

use super::load_offer;
use crate::entity::{nomination, offer};
use crate::kinds::{EligibleLevel, NominationStatus, OfferStatus};
use crate::service::{OfferChanges, OfferQuery};

/// A row another table points at with a foreign key is missing: a bug, not the caller's fault.
fn dangling(what: &str) -> async_graphql::Error {
    HubError::Unexpected(anyhow::anyhow!("dangling reference to {what}")).into()
}

/// An internship or workplace experience an enterprise offers to students.
pub struct InternshipOffer(pub offer::Model);

#[Object]
impl InternshipOffer {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// The enterprise offering the placement.
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Organization> {
        directory::organization_by_id(ctx, self.0.enterprise_id)
            .await?
            .ok_or_else(|| dangling("organization"))
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    /// VSIC industry code of the work, e.g. 5210 (warehousing and storage).
    async fn sector(&self) -> &str {
        &self.0.sector
    }

    /// The ward, commune or special zone where the student works.
    async fn area(&self, ctx: &Context<'_>) -> Result<Area> {
        directory::area_by_id(ctx, self.0.area_id).await?.ok_or_else(|| dangling("area"))
    }

    async fn seats(&self) -> i32 {
        self.0.seats
    }

    /// Nominations accepted so far (completed placements included).
    async fn accepted_count(&self) -> i32 {
        self.0.accepted_count
    }

    async fn seats_left(&self) -> i32 {
        self.0.seats_left()
    }

    async fn eligible_levels(&self) -> Vec<EligibleLevel> {
        self.0.levels()
    }

    async fn start_date(&self) -> Date {
        Date(self.0.start_date)
    }

    async fn end_date(&self) -> Date {
        Date(self.0.end_date)
    }

    /// The last day (in Hải Phòng) on which schools may nominate students.
    async fn application_deadline(&self) -> Date {
        Date(self.0.application_deadline)
    }

    /// Monthly stipend in VND, if the placement pays one.
    async fn stipend_vnd(&self) -> Option<Vnd> {
        self.0.stipend_vnd.map(Vnd)
    }

    async fn status(&self) -> OfferStatus {
        self.0.status
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A school's nomination of one student for an offer. Students are minors: they appear only as
/// the school's own reference and their grade.
pub struct Nomination(pub nomination::Model);

#[Object]
impl Nomination {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// The offer; whoever sees a nomination is a party to it and may see its offer.
    async fn offer(&self, ctx: &Context<'_>) -> Result<InternshipOffer> {
        load_offer(ctx, self.0.offer_id).await?.map(InternshipOffer).ok_or_else(|| dangling("offer"))
    }

    /// The school or college that nominated the student.
    async fn nominating_organization(&self, ctx: &Context<'_>) -> Result<Organization> {
        directory::organization_by_id(ctx, self.0.nominating_organization_id)
            .await?
            .ok_or_else(|| dangling("organization"))
    }

    /// The school's own code for the student, e.g. TP-2026-0147.
    async fn student_ref(&self) -> &str {
        &self.0.student_ref
    }

    /// 6-12 in general education; 13, 14, 15 for years 1-3 of college or intermediate school.
    async fn grade(&self) -> i32 {
        self.0.grade
    }

    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    async fn status(&self) -> NominationStatus {
        self.0.status
    }

    /// Hours worked, once the placement is completed.
    async fn hours(&self) -> Option<i32> {
        self.0.hours
    }

    /// The enterprise's words on the placement, once completed.
    async fn evaluation(&self) -> Option<&str> {
        self.0.evaluation.as_deref()
    }

    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }

    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A newly published offer, with the cursor to resume after it.
#[derive(SimpleObject)]
pub struct InternshipOfferPublishedEvent {
    /// Pass as `after` when subscribing again to receive only what came later.
    pub cursor: String,
    pub offer: InternshipOffer,
}

#[derive(InputObject, Default)]
pub struct InternshipOfferFilter {
    /// A VSIC code or its first digits: "52" finds 5210 (warehousing) and 5229.
    pub sector: Option<String>,
    /// In this area or any area below it (the city finds every ward).
    pub area_id: Option<ID>,
    /// Open to students of this level.
    pub level: Option<EligibleLevel>,
    /// Ignored by subscriptions, which only see offers being published.
    pub status: Option<OfferStatus>,
    pub enterprise_id: Option<ID>,
    /// Part of the title; accents and case are ignored ("kho van" finds "kho vận").
    pub text: Option<String>,
    /// Starting on or after this day.
    pub starts_after: Option<Date>,
    /// Starting on or before this day.
    pub starts_before: Option<Date>,
}

impl InternshipOfferFilter {
    pub(crate) fn into_query(self) -> Result<OfferQuery, HubError> {
        Ok(OfferQuery {
            sector: self.sector,
            area_id: self.area_id.as_ref().map(|id| parse_id("filter.areaId", id)).transpose()?,
            level: self.level,
            status: self.status,
            enterprise_id: self
                .enterprise_id
                .as_ref()
                .map(|id| parse_id("filter.enterpriseId", id))
                .transpose()?,
            text: self.text,
            starts_after: self.starts_after.map(|day| day.0),
            starts_before: self.starts_before.map(|day| day.0),
        })
    }
}

#[derive(InputObject, Default)]
pub struct NominationFilter {
    pub offer_id: Option<ID>,
    pub status: Option<NominationStatus>,
}

#[derive(InputObject)]
pub struct CreateInternshipOfferInput {
    pub title: String,
    pub description: String,
    /// VSIC code of 4 or 5 digits.
    pub sector: String,
    /// A current ward, commune or special zone.
    pub area_id: ID,
    pub seats: i32,
    pub eligible_levels: Vec<EligibleLevel>,
    pub start_date: Date,
    /// After the start date.
    pub end_date: Date,
    /// On or before the start date, and not already past.
    pub application_deadline: Date,
    /// Monthly stipend in VND.
    pub stipend_vnd: Option<Vnd>,
}

/// Fields left out stay as they are; an explicit null clears the stipend.
#[derive(InputObject)]
pub struct UpdateInternshipOfferInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sector: Option<String>,
    pub area_id: Option<ID>,
    /// Never below the nominations already accepted.
    pub seats: Option<i32>,
    pub eligible_levels: Option<Vec<EligibleLevel>>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub application_deadline: Option<Date>,
    pub stipend_vnd: MaybeUndefined<Vnd>,
}

impl UpdateInternshipOfferInput {
    pub(crate) fn into_changes(self) -> Result<OfferChanges, HubError> {
        Ok(OfferChanges {
            title: self.title,
            description: self.description,
            sector: self.sector,
            area_id: self.area_id.as_ref().map(|id| parse_id("input.areaId", id)).transpose()?,
            seats: self.seats,
            eligible_levels: self.eligible_levels,
            start_date: self.start_date.map(|day| day.0),
            end_date: self.end_date.map(|day| day.0),
            application_deadline: self.application_deadline.map(|day| day.0),
            stipend_vnd: match self.stipend_vnd {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(amount) => Some(Some(amount.0)),
            },
        })
    }
}

#[derive(InputObject)]
pub struct NominateStudentInput {
    pub offer_id: ID,
    /// The school's own code for the student (letters, digits, `._/-`, at most 32). Never a
    /// name, phone or ID number.
    pub student_ref: String,
    /// 6-12 in general education; 13, 14, 15 for years 1-3 of college or intermediate school.
    pub grade: i32,
    /// A short remark for the enterprise (at most 500 characters); no personal details.
    pub note: Option<String>,
}
