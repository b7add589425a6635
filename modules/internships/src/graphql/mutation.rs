use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::parse_id;
use hub_common::principal::require_caller;

use super::types::{
    CreateInternshipOfferInput, InternshipOffer, NominateStudentInput, Nomination, UpdateInternshipOfferInput,
};
use crate::kinds::NominationDecision;
use crate::service::{Internships, NewNomination, NewOffer};

#[derive(Default)]
pub struct InternshipsMutation;

#[Object]
impl InternshipsMutation {
    /// Drafts an offer for the enterprise the caller's token acts for.
    async fn create_internship_offer(
        &self,
        ctx: &Context<'_>,
        input: CreateInternshipOfferInput,
    ) -> Result<InternshipOffer> {
        let principal = require_caller(ctx)?;
        let new = NewOffer {
            title: input.title,
            description: input.description,
            sector: input.sector,
            area_id: parse_id("input.areaId", &input.area_id)?,
            seats: input.seats,
            eligible_levels: input.eligible_levels,
            start_date: input.start_date.0,
            end_date: input.end_date.0,
            application_deadline: input.application_deadline.0,
            stipend_vnd: input.stipend_vnd.map(|amount| amount.0),
            partnership_id: input
                .partnership_id
                .as_ref()
                .map(|id| parse_id("input.partnershipId", id))
                .transpose()?,
        };
        Ok(InternshipOffer::single(ctx.data::<Internships>()?.create_offer(principal, new).await?))
    }

    /// Changes a draft or a published offer; the enterprise's people only.
    async fn update_internship_offer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateInternshipOfferInput,
    ) -> Result<InternshipOffer> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let changes = input.into_changes()?;
        Ok(InternshipOffer::single(ctx.data::<Internships>()?.update_offer(principal, id, changes).await?))
    }

    /// Opens a draft to nominations and announces it to `internshipOfferPublished`
    /// subscribers. Only verified enterprises publish.
    async fn publish_internship_offer(&self, ctx: &Context<'_>, id: ID) -> Result<InternshipOffer> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(InternshipOffer::single(ctx.data::<Internships>()?.publish_offer(principal, id).await?))
    }

    /// Stops taking nominations; those already made can still be decided and completed.
    async fn close_internship_offer(&self, ctx: &Context<'_>, id: ID) -> Result<InternshipOffer> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(InternshipOffer::single(ctx.data::<Internships>()?.close_offer(principal, id).await?))
    }

    /// Withdraws a draft or a published offer.
    async fn cancel_internship_offer(&self, ctx: &Context<'_>, id: ID) -> Result<InternshipOffer> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(InternshipOffer::single(ctx.data::<Internships>()?.cancel_offer(principal, id).await?))
    }

    /// Nominates a student of the school or college the caller's token acts for.
    async fn nominate_student(&self, ctx: &Context<'_>, input: NominateStudentInput) -> Result<Nomination> {
        let principal = require_caller(ctx)?;
        let new = NewNomination {
            offer_id: parse_id("input.offerId", &input.offer_id)?,
            student_ref: input.student_ref,
            grade: input.grade,
            note: input.note,
        };
        Ok(Nomination::single(ctx.data::<Internships>()?.nominate(principal, new).await?))
    }

    /// Accepts or rejects a submitted nomination; the offering enterprise only. Accepting
    /// fails with CONFLICT once every seat is taken.
    async fn decide_nomination(
        &self,
        ctx: &Context<'_>,
        id: ID,
        decision: NominationDecision,
    ) -> Result<Nomination> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Nomination::single(ctx.data::<Internships>()?.decide(principal, id, decision).await?))
    }

    /// Withdraws a submitted or accepted nomination; the nominating school only. An accepted
    /// nomination gives its seat back.
    async fn withdraw_nomination(&self, ctx: &Context<'_>, id: ID) -> Result<Nomination> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Nomination::single(ctx.data::<Internships>()?.withdraw(principal, id).await?))
    }

    /// Records a finished placement: hours worked (1-2000) and an optional evaluation; the
    /// offering enterprise only.
    async fn complete_nomination(
        &self,
        ctx: &Context<'_>,
        id: ID,
        hours: i32,
        // Secret: free text about a minor stays out of the audit log.
        #[graphql(secret)] evaluation: Option<String>,
    ) -> Result<Nomination> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Nomination::single(ctx.data::<Internships>()?.complete(principal, id, hours, evaluation).await?))
    }
}
