//! Measurements: what schools report for themselves and officers report for areas. Each
//! report for an indicator, subject and year is a new version; a correction (any version after
//! the first) says why, and earlier versions stay readable.

use hub_common::msg;
use std::collections::HashMap;

use chrono::Utc;
use hub_common::error::on_unique_violation;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal, Remit};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{Pilots, validate};
use crate::entity::measurement;
use crate::kinds::Counts;

/// What a measurement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasurementSubject {
    Organization(Uuid),
    Area(Uuid),
}

/// A report as the caller gave it.
#[derive(Debug, Clone)]
pub struct NewMeasurement {
    pub indicator: String,
    pub subject: MeasurementSubject,
    pub year: i32,
    pub numerator: i64,
    pub denominator: i64,
    pub evidence: Option<String>,
    pub correction_reason: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct MeasurementQuery {
    pub indicator: Option<String>,
    pub year: Option<i32>,
    pub organization_id: Option<Uuid>,
    pub area_id: Option<Uuid>,
    /// Every version instead of the newest of each.
    pub include_corrected: bool,
}

/// "This row is the newest version of its indicator, subject and year."
fn newest_version() -> Condition {
    Condition::all().add(Expr::cust(
        "pilots_measurements.version = (SELECT MAX(newer.version) FROM pilots_measurements newer \
         WHERE newer.indicator_code = pilots_measurements.indicator_code \
         AND newer.subject_id = pilots_measurements.subject_id AND newer.year = pilots_measurements.year)",
    ))
}

impl Pilots {
    /// Records a measurement, or a correction of one as its next version.
    pub async fn report_measurement(
        &self,
        principal: &Principal,
        input: NewMeasurement,
    ) -> HubResult<measurement::Model> {
        // Refuse first, so a refusal says nothing about what exists.
        match input.subject {
            MeasurementSubject::Organization(org) => {
                if !self.directory.may_act_for(principal, org).await? {
                    return Err(HubError::forbidden(msg!("organization-reports-own-measurements")));
                }
            }
            MeasurementSubject::Area(_) => {
                principal.require_remit(Remit::EducationAndTraining, msg!("what-report-for-area"))?
            }
        }
        let indicator = self.indicator("input.indicator", &input.indicator).await?;
        let year = validate::reported_year("input.year", input.year)?;
        validate::share(input.numerator, input.denominator)?;
        let evidence = validate::evidence(input.evidence.as_deref())?;
        let correction_reason = validate::correction_reason(input.correction_reason.as_deref())?;
        let (organization_id, area_id, subject_id) = match input.subject {
            MeasurementSubject::Organization(org) => {
                let Some(found) = self.directory.organization(org).await? else {
                    return Err(HubError::bad_input(
                        "input.organizationId",
                        msg!("organization-org-does-not-exist", org = org),
                    ));
                };
                if !indicator.school_level.taught_by(found.kind) {
                    return Err(HubError::bad_input(
                        "input.indicator",
                        msg!("code-reported-schools-another-level", code = indicator.code),
                    ));
                }
                if indicator.counts == Counts::Schools && input.denominator != 1 {
                    return Err(HubError::bad_input(
                        "input.denominator",
                        msg!("school-reports-indicator-itself-1-1"),
                    ));
                }
                (Some(org), None, org)
            }
            MeasurementSubject::Area(area) => {
                let Some(found) = self.directory.area(area).await? else {
                    return Err(HubError::bad_input(
                        "input.areaId",
                        msg!("area-area-does-not-exist", area = area),
                    ));
                };
                let (start, end) = validate::school_year_bounds(year)?;
                if found.valid_from > end || found.valid_to.is_some_and(|to| to < start) {
                    return Err(HubError::bad_input(
                        "input.areaId",
                        msg!("area-did-not-exist-during-school"),
                    ));
                }
                (None, Some(area), area)
            }
        };

        let txn = self.begin_write().await?;
        let previous: Option<i32> = measurement::Entity::find()
            .select_only()
            .column_as(measurement::Column::Version.max(), "latest")
            .filter(measurement::Column::IndicatorCode.eq(indicator.code.as_str()))
            .filter(measurement::Column::SubjectId.eq(subject_id))
            .filter(measurement::Column::Year.eq(year))
            .into_tuple::<Option<i32>>()
            .one(&txn)
            .await?
            .flatten();
        if previous.is_some() && correction_reason.is_none() {
            txn.rollback().await?;
            return Err(HubError::bad_input(
                "input.correctionReason",
                msg!("replaces-earlier-report-say-why-correctionreason"),
            ));
        }
        let row = measurement::Model {
            id: Uuid::now_v7(),
            indicator_code: indicator.code,
            subject_id,
            organization_id,
            area_id,
            year,
            version: previous.unwrap_or(0) + 1,
            numerator: input.numerator,
            denominator: input.denominator,
            evidence,
            correction_reason,
            reported_by: principal.subject.clone(),
            reported_for: principal.organization_id,
            reported_at: Utc::now(),
        };
        measurement::Entity::insert(insertable(&row))
            .exec_without_returning(&txn)
            .await
            .map_err(|err| on_unique_violation(err, msg!("another-report-year-was-recorded-at")))?;
        txn.commit().await?;
        tracing::info!(measurement = %row.id, version = row.version, indicator = %row.indicator_code, "measurement reported");
        Ok(row)
    }

    /// One page of the measurements the caller may see, newest first: officers every one,
    /// others their organizations' own.
    pub async fn measurements(
        &self,
        principal: &Principal,
        query: &MeasurementQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<measurement::Model>> {
        let access = self.access(principal).await?;
        let mut select = measurement::Entity::find();
        if !access.officer {
            select = select.filter(measurement::Column::OrganizationId.is_in(access.organizations));
        }
        if let Some(code) = &query.indicator {
            select = select.filter(measurement::Column::IndicatorCode.eq(code.trim()));
        }
        if let Some(year) = query.year {
            select = select.filter(measurement::Column::Year.eq(year));
        }
        if let Some(org) = query.organization_id {
            select = select.filter(measurement::Column::OrganizationId.eq(org));
        }
        if let Some(area) = query.area_id {
            select = select.filter(measurement::Column::AreaId.eq(area));
        }
        if !query.include_corrected {
            select = select.filter(newest_version());
        }
        if let Some(after) = page.after {
            select = select.filter(measurement::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(measurement::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// Every version of the measurements of these subjects, oldest first, grouped by
    /// (indicator, subject, year). The caller has already decided the subjects are visible.
    pub async fn versions_of(
        &self,
        subjects: &[Uuid],
    ) -> HubResult<HashMap<(String, Uuid, i32), Vec<measurement::Model>>> {
        let rows = measurement::Entity::find()
            .filter(measurement::Column::SubjectId.is_in(subjects.iter().copied()))
            .order_by_asc(measurement::Column::Version)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<(String, Uuid, i32), Vec<measurement::Model>> = HashMap::new();
        for row in rows {
            grouped.entry((row.indicator_code.clone(), row.subject_id, row.year)).or_default().push(row);
        }
        Ok(grouped)
    }

    /// The newest version of each measurement of `indicator` in `year` for these
    /// organizations and areas.
    pub(crate) async fn newest_measurements(
        &self,
        indicator: &str,
        year: i32,
        organizations: &[Uuid],
        areas: &[Uuid],
    ) -> HubResult<Vec<measurement::Model>> {
        Ok(measurement::Entity::find()
            .filter(measurement::Column::IndicatorCode.eq(indicator))
            .filter(measurement::Column::Year.eq(year))
            .filter(
                Condition::any()
                    .add(measurement::Column::OrganizationId.is_in(organizations.iter().copied()))
                    .add(measurement::Column::AreaId.is_in(areas.iter().copied())),
            )
            .filter(newest_version())
            .all(&self.db)
            .await?)
    }
}

/// The row to insert for a measurement.
pub fn insertable(row: &measurement::Model) -> measurement::ActiveModel {
    measurement::ActiveModel {
        id: Set(row.id),
        indicator_code: Set(row.indicator_code.clone()),
        subject_id: Set(row.subject_id),
        organization_id: Set(row.organization_id),
        area_id: Set(row.area_id),
        year: Set(row.year),
        version: Set(row.version),
        numerator: Set(row.numerator),
        denominator: Set(row.denominator),
        evidence: Set(row.evidence.clone()),
        correction_reason: Set(row.correction_reason.clone()),
        reported_by: Set(row.reported_by.clone()),
        reported_for: Set(row.reported_for),
        reported_at: Set(row.reported_at),
    }
}
