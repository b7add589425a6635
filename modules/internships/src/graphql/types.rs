//! The module's GraphQL object and input types.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use std::sync::Arc;

use directory::{Area, AreaRefs, Organization, OrganizationRefs};
use hub_common::HubError;
use hub_common::batch::SiblingRefs;
use hub_common::ids::{parse_id, to_id};
use hub_common::scalars::{Date, Vnd};

use super::load_offers;
use crate::entity::{nomination, offer};
use crate::kinds::{EligibleLevel, NominationStatus, OfferStatus};
use crate::service::{OfferChanges, OfferQuery};

/// A row another table points at with a foreign key is missing: a bug, not the caller's fault.
fn dangling(what: &str) -> async_graphql::Error {
    HubError::Unexpected(anyhow::anyhow!("dangling reference to {what}")).into()
}

/// An internship or workplace experience an enterprise offers to students.
#[derive(Clone)]
pub struct InternshipOffer {
    pub model: offer::Model,
    /// Shared by the offers fetched together with this one.
    refs: Arc<OfferRefs>,
}

/// What a page of offers refers to, loaded once for the whole page.
struct OfferRefs {
    enterprises: OrganizationRefs,
    areas: AreaRefs,
}

impl InternshipOffer {
    /// Wraps offers fetched together, so their enterprises and areas load together.
    pub fn siblings(models: Vec<offer::Model>) -> Vec<Self> {
        let refs = Arc::new(OfferRefs {
            enterprises: OrganizationRefs::new(models.iter().map(|m| m.enterprise_id)),
            areas: AreaRefs::new(models.iter().map(|m| m.area_id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: offer::Model) -> Self {
        let refs = Arc::new(OfferRefs {
            enterprises: OrganizationRefs::new([model.enterprise_id]),
            areas: AreaRefs::new([model.area_id]),
        });
        Self { model, refs }
    }
}

#[Object]
impl InternshipOffer {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// The enterprise offering the placement.
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Organization> {
        self.refs
            .enterprises
            .get(ctx, self.model.enterprise_id)
            .await?
            .ok_or_else(|| dangling("organization"))
    }

    async fn title(&self) -> &str {
        &self.model.title
    }

    async fn description(&self) -> &str {
        &self.model.description
    }

    /// VSIC industry code of the work, e.g. 5210 (warehousing and storage).
    async fn sector(&self) -> &str {
        &self.model.sector
    }

    /// The ward, commune or special zone where the student works.
    async fn area(&self, ctx: &Context<'_>) -> Result<Area> {
        self.refs.areas.get(ctx, self.model.area_id).await?.ok_or_else(|| dangling("area"))
    }

    async fn seats(&self) -> i32 {
        self.model.seats
    }

    /// Nominations accepted so far (completed placements included).
    async fn accepted_count(&self) -> i32 {
        self.model.accepted_count
    }

    async fn seats_left(&self) -> i32 {
        self.model.seats_left()
    }

    async fn eligible_levels(&self) -> Vec<EligibleLevel> {
        self.model.levels()
    }

    async fn start_date(&self) -> Date {
        Date(self.model.start_date)
    }

    async fn end_date(&self) -> Date {
        Date(self.model.end_date)
    }

    /// The last day (in Hải Phòng) on which schools may nominate students.
    async fn application_deadline(&self) -> Date {
        Date(self.model.application_deadline)
    }

    /// Monthly stipend in VND, if the placement pays one.
    async fn stipend_vnd(&self) -> Option<Vnd> {
        self.model.stipend_vnd.map(Vnd)
    }

    /// The partnership this offer delivers, when it names one.
    async fn partnership_id(&self) -> Option<ID> {
        self.model.partnership_id.map(hub_common::ids::to_id)
    }

    async fn status(&self) -> OfferStatus {
        self.model.status
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.model.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

/// A school's nomination of one student for an offer. Students are minors: they appear only as
/// the school's own reference and their grade.
pub struct Nomination {
    pub model: nomination::Model,
    /// Shared by the nominations fetched together with this one.
    refs: Arc<NominationRefs>,
}

/// What a page of nominations refers to, loaded once for the whole page.
struct NominationRefs {
    schools: OrganizationRefs,
    offers: SiblingRefs<InternshipOffer>,
}

impl Nomination {
    /// Wraps nominations fetched together, so their schools and offers (and the offers'
    /// enterprises and areas) load together.
    pub fn siblings(models: Vec<nomination::Model>) -> Vec<Self> {
        let refs = Arc::new(NominationRefs {
            schools: OrganizationRefs::new(models.iter().map(|m| m.nominating_organization_id)),
            offers: SiblingRefs::new(models.iter().map(|m| m.offer_id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: nomination::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

#[Object]
impl Nomination {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// The offer; whoever sees a nomination is a party to it and may see its offer.
    async fn offer(&self, ctx: &Context<'_>) -> Result<InternshipOffer> {
        self.refs
            .offers
            .get(self.model.offer_id, |ids| async move {
                let loaded = load_offers(ctx, &ids).await?;
                let offers = InternshipOffer::siblings(loaded.into_values().collect());
                Ok::<_, async_graphql::Error>(offers.into_iter().map(|o| (o.model.id, o)).collect())
            })
            .await?
            .ok_or_else(|| dangling("offer"))
    }

    /// The school or college that nominated the student.
    async fn nominating_organization(&self, ctx: &Context<'_>) -> Result<Organization> {
        self.refs
            .schools
            .get(ctx, self.model.nominating_organization_id)
            .await?
            .ok_or_else(|| dangling("organization"))
    }

    /// The school's own code for the student, e.g. TP-2026-0147.
    async fn student_ref(&self) -> &str {
        &self.model.student_ref
    }

    /// 6-12 in general education; 13, 14, 15 for years 1-3 of college or intermediate school.
    async fn grade(&self) -> i32 {
        self.model.grade
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    async fn status(&self) -> NominationStatus {
        self.model.status
    }

    /// Hours worked, once the placement is completed.
    async fn hours(&self) -> Option<i32> {
        self.model.hours
    }

    /// The enterprise's words on the placement, once completed.
    async fn evaluation(&self) -> Option<&str> {
        self.model.evaluation.as_deref()
    }

    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.model.decided_at
    }

    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.model.completed_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}

/// A newly published offer, with the cursor to resume after it.
#[derive(SimpleObject)]
pub struct InternshipOfferPublishedEvent {
    /// Pass as `after` when subscribing again to receive only what came later.
    pub cursor: String,
    pub offer: InternshipOffer,
}

/// A nomination's change (made, accepted, rejected, withdrawn, completed), with the cursor to
/// resume after it. The school that nominated and the enterprise that owns the offer receive
/// it.
pub struct NominationChangedEvent {
    pub cursor: String,
    pub change: crate::events::NominationChanged,
}

#[Object]
impl NominationChangedEvent {
    /// Pass as `after` when subscribing again to receive only what came later.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    async fn nomination_id(&self) -> ID {
        to_id(self.change.nomination_id)
    }

    async fn offer_id(&self) -> ID {
        to_id(self.change.offer_id)
    }

    /// The status the change left the nomination in.
    async fn status(&self) -> NominationStatus {
        self.change.status
    }

    /// The offer's seats when the change was made.
    async fn seats(&self) -> i32 {
        self.change.seats
    }

    /// The offer's seats left once the change was made (an accept takes one, withdrawing an
    /// accepted nomination gives it back).
    async fn seats_left(&self) -> i32 {
        self.change.seats_left()
    }

    /// The nomination as it is now; null if it no longer exists.
    async fn nomination(&self, ctx: &Context<'_>) -> Result<Option<Nomination>> {
        let service = ctx.data::<crate::service::Internships>()?;
        let row = service.nomination_by_id(self.change.nomination_id).await?;
        Ok(row.map(Nomination::single))
    }
}

#[derive(InputObject, Default)]
pub struct InternshipOfferFilter {
    /// A VSIC code or its first digits: "52" finds 5210 (warehousing) and 5229.
    pub sector: Option<String>,
    /// A VSIC section letter (A-U): offers in any industry of that section ("H" finds
    /// transport and storage, 49xx to 53xx).
    pub vsic_section: Option<String>,
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
    /// `true`: offers a school can nominate to today (published, application deadline not
    /// passed in Hải Phòng); `false`: every other offer the caller sees.
    pub open_for_nominations: Option<bool>,
}

impl InternshipOfferFilter {
    pub(crate) fn into_query(self) -> Result<OfferQuery, HubError> {
        Ok(OfferQuery {
            sector: self.sector,
            vsic_section: self.vsic_section,
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
            open_for_nominations: self.open_for_nominations,
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
    /// The partnership this offer delivers, one the enterprise is an active party to. Its
    /// seats then count for that partnership's `INTERNSHIP_SEATS` commitment.
    pub partnership_id: Option<ID>,
}

/// Fields left out stay as they are; an explicit null clears the stipend or the partnership.
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
    pub partnership_id: MaybeUndefined<ID>,
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
            partnership_id: match &self.partnership_id {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(id) => Some(Some(parse_id("input.partnershipId", id)?)),
            },
        })
    }
}

#[derive(InputObject)]
pub struct NominateStudentInput {
    pub offer_id: ID,
    /// The school's own code for the student (letters, digits, `._/-`, at most 32). Never a
    /// name, phone or ID number. Secret: the audit log never keeps it.
    #[graphql(secret)]
    pub student_ref: String,
    /// 6-12 in general education; 13, 14, 15 for years 1-3 of college or intermediate school.
    pub grade: i32,
    /// A short remark for the enterprise (at most 500 characters); no personal details.
    /// Secret: free text about a minor stays out of the audit log.
    #[graphql(secret)]
    pub note: Option<String>,
}
