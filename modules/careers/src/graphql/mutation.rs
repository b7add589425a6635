use async_graphql::{Context, ID, Object, Result};
use hub_common::ids::parse_id;
use hub_common::principal::require_caller;

use super::bulletins::{CsvRowError, LabourMarketBulletin, LabourMarketBulletinImport};
use super::events::{CareerEvent, CareerEventRegistration};
use super::inputs::{
    CreateOccupationInput, CreateSupportPolicyInput, CreateVocationalProgrammeInput,
    ProgrammeAdmissionsInput, PublishCareerEventInput, PublishLabourMarketBulletinInput,
    UpdateOccupationInput, UpdateVocationalProgrammeInput,
};
use super::types::{Occupation, ProgrammeAdmissions, SupportPolicy, VocationalProgramme};
use crate::service::{Careers, NewAdmissions};

#[derive(Default)]
pub struct CareersMutation;

#[Object]
impl CareersMutation {
    /// Adds an occupation to the catalogue; officers of Education and Training.
    async fn create_occupation(&self, ctx: &Context<'_>, input: CreateOccupationInput) -> Result<Occupation> {
        let principal = require_caller(ctx)?;
        Ok(Occupation(ctx.data::<Careers>()?.create_occupation(principal, input.into()).await?))
    }

    /// Changes an occupation of the catalogue (never its code); officers of Education and
    /// Training.
    async fn update_occupation(
        &self,
        ctx: &Context<'_>,
        code: String,
        input: UpdateOccupationInput,
    ) -> Result<Occupation> {
        let principal = require_caller(ctx)?;
        Ok(Occupation(ctx.data::<Careers>()?.update_occupation(principal, &code, input.into()).await?))
    }

    /// Records a support policy for learners with its legal source; officers of Education and
    /// Training.
    async fn create_support_policy(
        &self,
        ctx: &Context<'_>,
        input: CreateSupportPolicyInput,
    ) -> Result<SupportPolicy> {
        let principal = require_caller(ctx)?;
        Ok(SupportPolicy(ctx.data::<Careers>()?.create_support_policy(principal, input.into()).await?))
    }

    /// Publishes a programme of the college, intermediate school or centre the caller's token
    /// acts for.
    async fn create_vocational_programme(
        &self,
        ctx: &Context<'_>,
        input: CreateVocationalProgrammeInput,
    ) -> Result<VocationalProgramme> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        Ok(VocationalProgramme::single(ctx.data::<Careers>()?.create_programme(principal, new).await?))
    }

    /// Changes a programme; its institution's people only.
    async fn update_vocational_programme(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateVocationalProgrammeInput,
    ) -> Result<VocationalProgramme> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let changes = input.into_changes()?;
        Ok(VocationalProgramme::single(
            ctx.data::<Careers>()?.update_programme(principal, id, changes).await?,
        ))
    }

    /// Stops listing a programme; its admissions stay on record.
    async fn withdraw_vocational_programme(&self, ctx: &Context<'_>, id: ID) -> Result<VocationalProgramme> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(VocationalProgramme::single(ctx.data::<Careers>()?.withdraw_programme(principal, id).await?))
    }

    /// Reports a programme's admissions and outcomes for a year, or corrects them (a new
    /// version, with a reason); its institution's people only.
    async fn report_programme_admissions(
        &self,
        ctx: &Context<'_>,
        programme_id: ID,
        input: ProgrammeAdmissionsInput,
    ) -> Result<ProgrammeAdmissions> {
        let principal = require_caller(ctx)?;
        let new = NewAdmissions {
            programme_id: parse_id("programmeId", &programme_id)?,
            year: input.year,
            quota: input.quota,
            applications: input.applications,
            enrolled: input.enrolled,
            enrolled_lower_secondary: input.enrolled_lower_secondary,
            enrolled_upper_secondary: input.enrolled_upper_secondary,
            graduates: input.graduates,
            employed_within_12_months: input.employed_within_12_months,
            correction_reason: input.correction_reason,
        };
        Ok(ProgrammeAdmissions(ctx.data::<Careers>()?.report_admissions(principal, new).await?))
    }

    /// Publishes an event hosted by the organization the caller's token acts for and announces
    /// it to `careerEventPublished` subscribers. Only verified organizations host.
    async fn publish_career_event(
        &self,
        ctx: &Context<'_>,
        input: PublishCareerEventInput,
    ) -> Result<CareerEvent> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        Ok(CareerEvent::single(ctx.data::<Careers>()?.publish_event(principal, new).await?))
    }

    /// Calls an event off; its host's people only.
    async fn cancel_career_event(&self, ctx: &Context<'_>, id: ID) -> Result<CareerEvent> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(CareerEvent::single(ctx.data::<Careers>()?.cancel_event(principal, id).await?))
    }

    /// Registers students of the school the caller's token acts for. Fails with CONFLICT when
    /// fewer seats are left than students asked for.
    async fn register_for_career_event(
        &self,
        ctx: &Context<'_>,
        event_id: ID,
        students: i32,
    ) -> Result<CareerEventRegistration> {
        let principal = require_caller(ctx)?;
        let event_id = parse_id("eventId", &event_id)?;
        let created = ctx.data::<Careers>()?.register_for_event(principal, event_id, students).await?;
        Ok(CareerEventRegistration::single(created))
    }

    /// Cancels a registration and gives its seats back; the registering school only.
    async fn cancel_career_event_registration(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<CareerEventRegistration> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(CareerEventRegistration::single(ctx.data::<Careers>()?.cancel_registration(principal, id).await?))
    }

    /// Publishes one labour-market bulletin; officers of Education and Training.
    async fn publish_labour_market_bulletin(
        &self,
        ctx: &Context<'_>,
        input: PublishLabourMarketBulletinInput,
    ) -> Result<LabourMarketBulletin> {
        let principal = require_caller(ctx)?;
        let new = input.into_new()?;
        let row = ctx.data::<Careers>()?.publish_bulletin(principal, new).await?;
        Ok(LabourMarketBulletin::siblings(vec![row]).remove(0))
    }

    /// Imports bulletins from CSV text whose first line names the columns `period, year,
    /// number, occupation_code, vsic_section, area_code, vacancies, job_seekers, hires,
    /// forecast, publisher, source_document`; officers of Education and Training. All or
    /// nothing: when any row is wrong, nothing is imported and every error is listed with its
    /// line and column.
    async fn import_labour_market_bulletins(
        &self,
        ctx: &Context<'_>,
        csv: String,
    ) -> Result<LabourMarketBulletinImport> {
        let principal = require_caller(ctx)?;
        let outcome = ctx.data::<Careers>()?.import_bulletins(principal, &csv).await?;
        // The rows' messages are data, not errors: written here in the caller's language.
        let language = ctx.data_opt::<hub_common::Language>().copied().unwrap_or_default();
        Ok(LabourMarketBulletinImport {
            imported: outcome.imported.len() as i32,
            errors: outcome
                .errors
                .into_iter()
                .map(|e| CsvRowError {
                    row: e.row as i32,
                    field: e.field,
                    message: e.message.render(language),
                })
                .collect(),
        })
    }
}
