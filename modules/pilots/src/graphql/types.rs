//! The module's GraphQL object types. Rows fetched together share their references, so a
//! page's indicators, organizations, areas, participants and milestones load in a fixed number
//! of statements.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use directory::{Area, AreaRefs, Organization, OrganizationRefs};
use hub_common::ids::to_id;
use hub_common::scalars::Date;
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::entity::{annual_report, indicator, measurement, milestone, pilot_model, target};
use crate::kinds::{Counts, Direction, PilotStatus, ReportStatus, SchoolLevel, Unit};
use crate::service::{AdmissionsComparison, Pilots, Progress, due_on};

/// Indicators by code, loaded once for every row fetched together.
struct IndicatorRefs {
    codes: Vec<String>,
    loaded: OnceCell<HashMap<String, indicator::Model>>,
}

impl IndicatorRefs {
    fn new(codes: impl IntoIterator<Item = String>) -> Self {
        let mut codes: Vec<String> = codes.into_iter().collect();
        codes.sort_unstable();
        codes.dedup();
        Self { codes, loaded: OnceCell::new() }
    }

    async fn get(&self, ctx: &Context<'_>, code: &str) -> Result<Indicator> {
        let all = self
            .loaded
            .get_or_try_init(|| async {
                ctx.data::<Pilots>()?
                    .indicators_by_code(&self.codes)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await?;
        all.get(code).cloned().map(Indicator).ok_or_else(|| async_graphql::Error::new("unknown indicator"))
    }
}

/// "2024-2025" for the school year the hub numbers 2025.
fn school_year(year: i32) -> String {
    format!("{}-{}", year - 1, year)
}

/// A measurable thing of the plan, with its names in Vietnamese and English.
#[derive(Clone)]
pub struct Indicator(pub indicator::Model);

#[Object]
impl Indicator {
    /// Stable code, e.g. `UPPER_SECONDARY_TO_COLLEGE`.
    async fn code(&self) -> &str {
        &self.0.code
    }

    async fn name_vi(&self) -> &str {
        &self.0.name_vi
    }

    async fn name_en(&self) -> &str {
        &self.0.name_en
    }

    async fn unit(&self) -> Unit {
        self.0.unit
    }

    async fn direction(&self) -> Direction {
        self.0.direction
    }

    /// What the share counts: schools that have something, or graduates who went on.
    async fn counts(&self) -> Counts {
        self.0.counts
    }

    /// The schools that report it (multi-level schools report both levels).
    async fn school_level(&self) -> SchoolLevel {
        self.0.school_level
    }
}

struct TargetRefs {
    indicators: IndicatorRefs,
    areas: AreaRefs,
}

/// A target from a dated document, for the city or one area, over a range of years.
#[derive(Clone)]
pub struct Target {
    pub model: target::Model,
    refs: Arc<TargetRefs>,
}

impl Target {
    pub fn siblings(models: Vec<target::Model>) -> Vec<Self> {
        let refs = Arc::new(TargetRefs {
            indicators: IndicatorRefs::new(models.iter().map(|m| m.indicator_code.clone())),
            areas: AreaRefs::new(models.iter().filter_map(|m| m.area_id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: target::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        one.swap_remove(0)
    }
}

#[Object]
impl Target {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn indicator(&self, ctx: &Context<'_>) -> Result<Indicator> {
        self.refs.indicators.get(ctx, &self.model.indicator_code).await
    }

    /// The area it is set for; null for the whole city.
    async fn area(&self, ctx: &Context<'_>) -> Result<Option<Area>> {
        match self.model.area_id {
            Some(id) => self.refs.areas.get(ctx, id).await,
            None => Ok(None),
        }
    }

    /// Percent, 0-100.
    async fn value(&self) -> f64 {
        self.model.value
    }

    /// The first year it covers (a school year, numbered by the year it ends in).
    async fn from_year(&self) -> i32 {
        self.model.from_year
    }

    /// The last year it covers; null while open-ended (in force until a newer document).
    async fn to_year(&self) -> Option<i32> {
        self.model.to_year
    }

    /// The document it comes from.
    async fn source_document(&self) -> &str {
        &self.model.source_document
    }

    /// When that document was issued: of two targets covering a year, the later one counts.
    async fn issued_on(&self) -> Date {
        Date(self.model.issued_on)
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}

struct MeasurementRefs {
    subjects: Vec<Uuid>,
    indicators: IndicatorRefs,
    organizations: OrganizationRefs,
    areas: AreaRefs,
    versions: OnceCell<HashMap<(String, Uuid, i32), Vec<measurement::Model>>>,
}

/// One version of a reported share.
#[derive(Clone)]
pub struct Measurement {
    pub model: measurement::Model,
    refs: Arc<MeasurementRefs>,
}

impl Measurement {
    pub fn siblings(models: Vec<measurement::Model>) -> Vec<Self> {
        let mut subjects: Vec<Uuid> = models.iter().map(|m| m.subject_id).collect();
        subjects.sort_unstable();
        subjects.dedup();
        let refs = Arc::new(MeasurementRefs {
            subjects,
            indicators: IndicatorRefs::new(models.iter().map(|m| m.indicator_code.clone())),
            organizations: OrganizationRefs::new(models.iter().filter_map(|m| m.organization_id)),
            areas: AreaRefs::new(models.iter().filter_map(|m| m.area_id)),
            versions: OnceCell::new(),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: measurement::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        one.swap_remove(0)
    }
}

#[Object]
impl Measurement {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn indicator(&self, ctx: &Context<'_>) -> Result<Indicator> {
        self.refs.indicators.get(ctx, &self.model.indicator_code).await
    }

    /// The organization measured; null for an area.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        match self.model.organization_id {
            Some(id) => self.refs.organizations.get(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The area measured as a whole; null for an organization.
    async fn area(&self, ctx: &Context<'_>) -> Result<Option<Area>> {
        match self.model.area_id {
            Some(id) => self.refs.areas.get(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The school year, numbered by the year it ends in (2025 is 2024-2025).
    async fn year(&self) -> i32 {
        self.model.year
    }

    /// The school year as people write it, e.g. "2024-2025".
    async fn school_year(&self) -> String {
        school_year(self.model.year)
    }

    /// 1 for the first report; each correction is the next version.
    async fn version(&self) -> i32 {
        self.model.version
    }

    async fn numerator(&self) -> f64 {
        self.model.numerator as f64
    }

    async fn denominator(&self) -> f64 {
        self.model.denominator as f64
    }

    /// numerator / denominator in percent.
    async fn value(&self) -> f64 {
        self.model.percent()
    }

    /// Where the figure can be checked (a document reference or URL).
    async fn evidence(&self) -> Option<&str> {
        self.model.evidence.as_deref()
    }

    /// Why this version replaced the one before.
    async fn correction_reason(&self) -> Option<&str> {
        self.model.correction_reason.as_deref()
    }

    async fn reported_at(&self) -> DateTime<Utc> {
        self.model.reported_at
    }

    /// Every version of this measurement, first report first (this one included).
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<Measurement>> {
        let all = self
            .refs
            .versions
            .get_or_try_init(|| async {
                ctx.data::<Pilots>()?
                    .versions_of(&self.refs.subjects)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await?;
        let key = (self.model.indicator_code.clone(), self.model.subject_id, self.model.year);
        Ok(Measurement::siblings(all.get(&key).cloned().unwrap_or_default()))
    }
}

/// An indicator's standing for an area or the city in a year.
pub struct IndicatorProgress(pub Progress);

#[Object]
impl IndicatorProgress {
    async fn indicator(&self) -> Indicator {
        Indicator(self.0.indicator.clone())
    }

    /// The school year, numbered by the year it ends in.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// The area; null for the city.
    async fn area(&self, ctx: &Context<'_>) -> Result<Option<Area>> {
        match self.0.area_id {
            Some(id) => directory::area_by_id(ctx, id).await,
            None => Ok(None),
        }
    }

    /// Σ numerators / Σ denominators of the newest measurements, in percent (0-100); null when
    /// nothing was reported.
    async fn achieved(&self) -> Option<f64> {
        self.0.achieved()
    }

    async fn numerator(&self) -> Option<f64> {
        self.0.totals.map(|t| t.numerator as f64)
    }

    async fn denominator(&self) -> Option<f64> {
        self.0.totals.map(|t| t.denominator as f64)
    }

    /// The target in force for the area and year, in percent; null when none is.
    async fn target(&self) -> Option<f64> {
        self.0.target.as_ref().map(|t| t.value)
    }

    /// The document the target in force comes from.
    async fn target_source(&self) -> Option<&str> {
        self.0.target.as_ref().map(|t| t.source_document.as_str())
    }

    /// The target in force, in full.
    async fn target_in_force(&self) -> Option<Target> {
        self.0.target.clone().map(Target::single)
    }

    /// How far short of the target, in percentage points, in the indicator's direction:
    /// positive while short, zero or negative once met. Null when either value is missing.
    async fn gap(&self) -> Option<f64> {
        self.0.gap()
    }

    /// Schools whose own reports were counted.
    async fn reporting_organizations(&self) -> i32 {
        i32::try_from(self.0.reporting_organizations).unwrap_or(i32::MAX)
    }

    /// Areas reported as a whole by an officer (each stands for everything inside it).
    async fn reporting_areas(&self) -> i32 {
        i32::try_from(self.0.reporting_areas).unwrap_or(i32::MAX)
    }

    /// Unverified schools whose reports were left out of the totals until a department
    /// verifies them (see `organizationsAwaitingVerification`).
    async fn unverified_left_out(&self) -> i32 {
        i32::try_from(self.0.unverified_left_out).unwrap_or(i32::MAX)
    }

    /// What the vocational institutions' admissions say about the same year, beside what the
    /// schools measured: only for `LOWER_SECONDARY_TO_VOCATIONAL` and the city (institutions
    /// admit pupils from anywhere), and null when no institution reported that year's intake.
    async fn admissions(&self) -> Option<IndicatorAdmissions> {
        self.0.admissions.map(IndicatorAdmissions)
    }
}

/// The lower-secondary-to-vocational indicator as the vocational institutions' admissions put
/// it, and how far the schools' figure is from it.
pub struct IndicatorAdmissions(AdmissionsComparison);

#[Object]
impl IndicatorAdmissions {
    /// Lower-secondary graduates the institutions enrolled in the year's intake, over every
    /// programme (the newest version of each programme's report).
    async fn enrolled_lower_secondary(&self) -> f64 {
        self.0.intake.lower_secondary_enrolled as f64
    }

    /// Programmes whose admissions for the year were reported.
    async fn programmes_reporting(&self) -> i32 {
        i32::try_from(self.0.intake.programmes_reporting).unwrap_or(i32::MAX)
    }

    /// Those enrolments per 100 graduates the schools reported (the progress's
    /// `denominator`), in percent, comparable with `achieved`; null when no school reported.
    async fn share(&self) -> Option<f64> {
        self.0.share()
    }

    /// `achieved` minus `share`, in percentage points: positive when schools report more of
    /// their graduates going on to vocational training than the institutions say they
    /// enrolled. Null when no school reported.
    async fn gap(&self) -> Option<f64> {
        self.0.gap()
    }

    /// The same gap in pupils: the schools' `numerator` minus `enrolledLowerSecondary`.
    async fn student_gap(&self) -> Option<f64> {
        self.0.student_gap().map(|gap| gap as f64)
    }
}

/// An organization's yearly report to the Department of Education and Training.
#[derive(Clone)]
pub struct AnnualReport {
    pub model: annual_report::Model,
    organizations: Arc<OrganizationRefs>,
}

impl AnnualReport {
    pub fn siblings(models: Vec<annual_report::Model>) -> Vec<Self> {
        let organizations = Arc::new(OrganizationRefs::new(models.iter().map(|m| m.organization_id)));
        models.into_iter().map(|model| Self { model, organizations: organizations.clone() }).collect()
    }

    pub fn single(model: annual_report::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        one.swap_remove(0)
    }

    /// The first submission. A row written by a release before `first_submitted_at` has only
    /// `submitted_at`, which is then the best record there is.
    fn first_submission(&self) -> Option<DateTime<Utc>> {
        self.model.first_submitted_at.or(self.model.submitted_at)
    }
}

#[Object]
impl AnnualReport {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.organizations.get(ctx, self.model.organization_id).await
    }

    /// The calendar year reported on.
    async fn year(&self) -> i32 {
        self.model.year
    }

    async fn status(&self) -> ReportStatus {
        self.model.status
    }

    async fn summary(&self) -> &str {
        &self.model.summary
    }

    async fn document_url(&self) -> Option<&str> {
        self.model.document_url.as_deref()
    }

    /// 25 December of the year.
    async fn due_on(&self) -> Option<Date> {
        due_on(self.model.year).map(Date)
    }

    /// The latest submission.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.model.submitted_at
    }

    /// The first submission; a report returned and sent again keeps it.
    async fn first_submitted_at(&self) -> Option<DateTime<Utc>> {
        self.first_submission()
    }

    /// Whether the first submission came after the due day (in Hải Phòng); sending a returned
    /// report again later does not make it late.
    async fn late(&self) -> bool {
        let due = due_on(self.model.year);
        self.first_submission()
            .is_some_and(|at| due.is_some_and(|due| hub_common::time::local_date(at) > due))
    }

    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.model.decided_at
    }

    /// Why an officer returned it; null unless `RETURNED`.
    async fn return_reason(&self) -> Option<&str> {
        match self.model.status {
            ReportStatus::Returned => self.model.return_reason.as_deref(),
            _ => None,
        }
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

struct PilotRefs {
    ids: Vec<Uuid>,
    participants: OnceCell<HashMap<Uuid, Vec<Uuid>>>,
    milestones: OnceCell<HashMap<Uuid, Vec<milestone::Model>>>,
    organizations: OnceCell<OrganizationRefs>,
    leads: Vec<Uuid>,
    areas: AreaRefs,
}

/// A pilot career-education model.
#[derive(Clone)]
pub struct PilotModel {
    pub model: pilot_model::Model,
    refs: Arc<PilotRefs>,
}

impl PilotModel {
    pub fn siblings(models: Vec<pilot_model::Model>) -> Vec<Self> {
        let refs = Arc::new(PilotRefs {
            ids: models.iter().map(|m| m.id).collect(),
            participants: OnceCell::new(),
            milestones: OnceCell::new(),
            organizations: OnceCell::new(),
            leads: models.iter().map(|m| m.lead_organization_id).collect(),
            areas: AreaRefs::new(models.iter().filter_map(|m| m.area_id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: pilot_model::Model) -> Self {
        let mut one = Self::siblings(vec![model]);
        one.swap_remove(0)
    }

    async fn participant_ids(&self, ctx: &Context<'_>) -> Result<&HashMap<Uuid, Vec<Uuid>>> {
        self.refs
            .participants
            .get_or_try_init(|| async {
                ctx.data::<Pilots>()?
                    .participants_of(&self.refs.ids)
                    .await
                    .map_err(async_graphql::Error::from)
            })
            .await
    }

    /// Leads and participants of the whole page load together.
    async fn organization(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<Organization>> {
        let participants = self.participant_ids(ctx).await?;
        let refs = self
            .refs
            .organizations
            .get_or_init(|| async {
                OrganizationRefs::new(
                    participants
                        .values()
                        .flatten()
                        .copied()
                        .chain(self.refs.leads.iter().copied())
                        .collect::<Vec<_>>(),
                )
            })
            .await;
        refs.get(ctx, id).await
    }
}

#[Object]
impl PilotModel {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    /// How the model works.
    async fn approach(&self) -> &str {
        &self.model.approach
    }

    async fn lead_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        self.organization(ctx, self.model.lead_organization_id).await
    }

    /// The other organizations taking part.
    async fn participants(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let ids = self.participant_ids(ctx).await?.get(&self.model.id).cloned().unwrap_or_default();
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(org) = self.organization(ctx, id).await? {
                found.push(org);
            }
        }
        Ok(found)
    }

    /// The area it runs in, when it is tied to one.
    async fn area(&self, ctx: &Context<'_>) -> Result<Option<Area>> {
        match self.model.area_id {
            Some(id) => self.refs.areas.get(ctx, id).await,
            None => Ok(None),
        }
    }

    async fn starts_on(&self) -> Date {
        Date(self.model.starts_on)
    }

    async fn ends_on(&self) -> Option<Date> {
        self.model.ends_on.map(Date)
    }

    async fn status(&self) -> PilotStatus {
        self.model.status
    }

    async fn milestones(&self, ctx: &Context<'_>) -> Result<Vec<Milestone>> {
        let all = self
            .refs
            .milestones
            .get_or_try_init(|| async {
                ctx.data::<Pilots>()?.milestones_of(&self.refs.ids).await.map_err(async_graphql::Error::from)
            })
            .await?;
        Ok(all.get(&self.model.id).cloned().unwrap_or_default().into_iter().map(Milestone).collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}

/// A dated step of a pilot model.
pub struct Milestone(pub milestone::Model);

#[Object]
impl Milestone {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }

    /// The day it was reached; null until then.
    async fn reached_on(&self) -> Option<Date> {
        self.0.reached_on.map(Date)
    }
}
