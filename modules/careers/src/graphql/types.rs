//! The occupation, programme, policy and admissions types.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use directory::{Area, AreaRefs, Organization, OrganizationRefs};
use hub_common::HubError;
use hub_common::batch::SiblingRefs;
use hub_common::ids::to_id;
use hub_common::scalars::Vnd;
use uuid::Uuid;

use super::bulletins::LabourMarketBulletin;
use crate::entity::{admission, occupation, policy, programme};
use crate::kinds::{EntryPoint, ProgrammeStatus, VocationalLevel};
use crate::service::{Careers, ProgrammeQuery, current_versions};

/// A row another table points at with a foreign key is missing: a bug, not the caller's fault.
pub(crate) fn dangling(what: &str) -> async_graphql::Error {
    HubError::Unexpected(anyhow::anyhow!("dangling reference to {what}")).into()
}

/// An occupation of Danh mục nghề nghiệp Việt Nam (Decision 34/2020/QĐ-TTg), with what it takes
/// and where it is in demand.
pub struct Occupation(pub occupation::Model);

#[Object]
impl Occupation {
    /// Its code in the national classification: tier 4 (4 digits) or tier 5 (5 digits).
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// The tier of the classification the code belongs to (its number of digits).
    async fn tier(&self) -> i32 {
        self.0.code.len() as i32
    }

    async fn name_vi(&self) -> &str {
        &self.0.name_vi
    }

    async fn name_en(&self) -> &str {
        &self.0.name_en
    }

    /// What the work is.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The vocational levels that train for it.
    async fn training_levels(&self) -> Vec<VocationalLevel> {
        self.0.levels()
    }

    /// The VSIC 2018 sections (letters A-U) where it is practised, so offers, enterprises and
    /// bulletins of those industries link to it.
    async fn vsic_sections(&self) -> Vec<String> {
        self.0.sections()
    }

    async fn skills(&self) -> Vec<String> {
        self.0.skill_list()
    }

    /// Published programmes training for it, newest first (meant for one occupation's page).
    async fn programmes(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20, validator(minimum = 1, maximum = 100))] first: i32,
    ) -> Result<Vec<VocationalProgramme>> {
        let query = ProgrammeQuery { occupation_code: Some(self.0.code.clone()), ..Default::default() };
        let page = hub_common::pagination::PageRequest { size: first as u64, after: None };
        let mut rows = ctx.data::<Careers>()?.programmes(None, &query, &page).await?;
        rows.truncate(first as usize);
        Ok(VocationalProgramme::siblings(rows))
    }

    /// The latest labour-market bulletins about it, newest period first (meant for one
    /// occupation's page: the demand over the last periods).
    async fn bulletins(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 8, validator(minimum = 1, maximum = 40))] last: i32,
    ) -> Result<Vec<LabourMarketBulletin>> {
        let rows = ctx.data::<Careers>()?.recent_bulletins(&self.0.code, last as u64).await?;
        Ok(LabourMarketBulletin::siblings(rows))
    }
}

/// A support policy for learners, with the legal document it rests on.
pub struct SupportPolicy(pub policy::Model);

#[Object]
impl SupportPolicy {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The legal document it rests on, e.g. "Nghị định 81/2021/NĐ-CP".
    async fn legal_source(&self) -> &str {
        &self.0.legal_source
    }

    async fn source_url(&self) -> Option<&str> {
        self.0.source_url.as_deref()
    }
}

/// A vocational programme published by a college, intermediate school or centre.
#[derive(Clone)]
pub struct VocationalProgramme {
    pub model: programme::Model,
    refs: Arc<ProgrammeRefs>,
}

/// What a page of programmes refers to, loaded once for the whole page.
struct ProgrammeRefs {
    institutions: OrganizationRefs,
    areas: AreaRefs,
    occupations: SiblingRefs<Vec<occupation::Model>>,
    policies: SiblingRefs<Vec<policy::Model>>,
    admissions: SiblingRefs<Vec<admission::Model>>,
}

impl VocationalProgramme {
    /// Wraps programmes fetched together, so what they refer to loads together.
    pub fn siblings(models: Vec<programme::Model>) -> Vec<Self> {
        let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
        let refs = Arc::new(ProgrammeRefs {
            institutions: OrganizationRefs::new(models.iter().map(|m| m.institution_id)),
            areas: AreaRefs::new(models.iter().map(|m| m.area_id)),
            occupations: SiblingRefs::new(ids.iter().copied()),
            policies: SiblingRefs::new(ids.iter().copied()),
            admissions: SiblingRefs::new(ids),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: programme::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

/// Fills in an empty list for siblings with nothing linked, so each loads once.
fn complete<V>(ids: &[Uuid], mut found: HashMap<Uuid, Vec<V>>) -> HashMap<Uuid, Vec<V>> {
    for id in ids {
        found.entry(*id).or_default();
    }
    found
}

#[Object]
impl VocationalProgramme {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    /// The college, intermediate school or centre that teaches it.
    async fn institution(&self, ctx: &Context<'_>) -> Result<Organization> {
        self.refs
            .institutions
            .get(ctx, self.model.institution_id)
            .await?
            .ok_or_else(|| dangling("organization"))
    }

    /// Where it is taught.
    async fn area(&self, ctx: &Context<'_>) -> Result<Area> {
        self.refs.areas.get(ctx, self.model.area_id).await?.ok_or_else(|| dangling("area"))
    }

    /// The trade's code in the level-IV vocational training list (7 digits; 5… intermediate,
    /// 6… college); null for elementary programmes.
    async fn trade_code(&self) -> Option<&str> {
        self.model.trade_code.as_deref()
    }

    async fn level(&self) -> VocationalLevel {
        self.model.level
    }

    async fn duration_months(&self) -> i32 {
        self.model.duration_months
    }

    /// Tuition per school year, VND (0 when free).
    async fn tuition_vnd(&self) -> Vnd {
        Vnd(self.model.tuition_vnd)
    }

    /// Whether lower-secondary graduates study general-education subjects alongside the trade
    /// ("vừa học văn hóa vừa học nghề").
    async fn combines_general_education(&self) -> bool {
        self.model.combines_general_education
    }

    /// When pupils may start it: after grade 9, after grade 12, or both.
    async fn entry_points(&self) -> Vec<EntryPoint> {
        self.model.entry()
    }

    async fn description(&self) -> &str {
        &self.model.description
    }

    async fn status(&self) -> ProgrammeStatus {
        self.model.status
    }

    /// The occupations it leads to, in code order.
    async fn occupations(&self, ctx: &Context<'_>) -> Result<Vec<Occupation>> {
        let careers = ctx.data::<Careers>()?;
        let rows = self
            .refs
            .occupations
            .get(self.model.id, |ids| async move {
                Ok::<_, HubError>(complete(&ids, careers.occupations_of(&ids).await?))
            })
            .await?;
        Ok(rows.unwrap_or_default().into_iter().map(Occupation).collect())
    }

    /// The support policies its learners may claim, each with its legal source.
    async fn support_policies(&self, ctx: &Context<'_>) -> Result<Vec<SupportPolicy>> {
        let careers = ctx.data::<Careers>()?;
        let rows = self
            .refs
            .policies
            .get(self.model.id, |ids| async move {
                Ok::<_, HubError>(complete(&ids, careers.policies_of(&ids).await?))
            })
            .await?;
        Ok(rows.unwrap_or_default().into_iter().map(SupportPolicy).collect())
    }

    /// Admissions and outcomes per year, newest year first: the current version of each year,
    /// or every version with `includeCorrected`.
    async fn admissions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_corrected: bool,
    ) -> Result<Vec<ProgrammeAdmissions>> {
        let careers = ctx.data::<Careers>()?;
        let rows = self
            .refs
            .admissions
            .get(self.model.id, |ids| async move {
                Ok::<_, HubError>(complete(&ids, careers.admissions_of(&ids).await?))
            })
            .await?
            .unwrap_or_default();
        let rows = if include_corrected { rows } else { current_versions(&rows) };
        Ok(rows.into_iter().map(ProgrammeAdmissions).collect())
    }
}

/// What an institution reported for one year's intake of a programme: one version.
pub struct ProgrammeAdmissions(pub admission::Model);

#[Object]
impl ProgrammeAdmissions {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// The year of the intake.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// 1 for the first report of the year; each correction adds one.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Chỉ tiêu tuyển sinh: places planned.
    async fn quota(&self) -> i32 {
        self.0.quota
    }

    async fn applications(&self) -> i32 {
        self.0.applications
    }

    async fn enrolled(&self) -> i32 {
        self.0.enrolled
    }

    /// Of those enrolled, lower-secondary graduates (after grade 9).
    async fn enrolled_lower_secondary(&self) -> i32 {
        self.0.enrolled_lower_secondary
    }

    /// Of those enrolled, upper-secondary graduates (after grade 12).
    async fn enrolled_upper_secondary(&self) -> i32 {
        self.0.enrolled_upper_secondary
    }

    /// Graduates that year; null until reported.
    async fn graduates(&self) -> Option<i32> {
        self.0.graduates
    }

    /// Of those graduates, employed within 12 months; null until reported.
    async fn employed_within_12_months(&self) -> Option<i32> {
        self.0.employed_within_12_months
    }

    /// Employed within 12 months per 100 graduates, computed from the two counts (never typed
    /// in); null while either is unknown or there were no graduates.
    async fn employment_rate(&self) -> Option<f64> {
        self.0.employment_rate()
    }

    /// Why this version replaced the previous one; null for version 1.
    async fn correction_reason(&self) -> Option<&str> {
        self.0.correction_reason.as_deref()
    }

    async fn reported_at(&self) -> DateTime<Utc> {
        self.0.reported_at
    }
}
