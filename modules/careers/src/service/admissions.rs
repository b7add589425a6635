//! Admissions and outcomes per programme and year, reported by the institution. Each report for
//! a programme and year is a new version; a correction (any version after the first) says why,
//! and earlier versions stay readable. The employment rate is computed from the counts.

use hub_common::msg;
use std::collections::HashMap;

use chrono::Utc;
use hub_common::error::on_unique_violation;
use hub_common::text::optional_text;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{Careers, validate};
use crate::entity::admission;

/// What an institution reports for one intake.
#[derive(Debug, Clone)]
pub struct NewAdmissions {
    pub programme_id: Uuid,
    pub year: i32,
    pub quota: i32,
    pub applications: i32,
    pub enrolled: i32,
    pub enrolled_lower_secondary: i32,
    pub enrolled_upper_secondary: i32,
    pub graduates: Option<i32>,
    pub employed_within_12_months: Option<i32>,
    pub correction_reason: Option<String>,
}

fn check(input: &NewAdmissions) -> HubResult<()> {
    validate::figure("input.quota", input.quota)?;
    validate::figure("input.applications", input.applications)?;
    validate::figure("input.enrolled", input.enrolled)?;
    validate::figure("input.enrolledLowerSecondary", input.enrolled_lower_secondary)?;
    validate::figure("input.enrolledUpperSecondary", input.enrolled_upper_secondary)?;
    if input.enrolled_lower_secondary + input.enrolled_upper_secondary > input.enrolled {
        return Err(HubError::bad_input(
            "input.enrolledLowerSecondary",
            msg!("lower-upper-secondary-graduates-together-cannot"),
        ));
    }
    if let Some(graduates) = input.graduates {
        validate::figure("input.graduates", graduates)?;
    }
    match (input.graduates, input.employed_within_12_months) {
        (None, Some(_)) => Err(HubError::bad_input(
            "input.employedWithin12Months",
            msg!("report-graduates-before-how-many-them"),
        )),
        (Some(graduates), Some(employed)) if !(0..=graduates).contains(&employed) => {
            Err(HubError::bad_input(
                "input.employedWithin12Months",
                msg!("graduates-employed-must-between-0-number"),
            ))
        }
        _ => Ok(()),
    }
}

impl Careers {
    /// Records a programme's admissions for a year, or a correction of them as the next
    /// version; the institution's people only.
    pub async fn report_admissions(
        &self,
        principal: &Principal,
        input: NewAdmissions,
    ) -> HubResult<admission::Model> {
        self.owned_programme(principal, input.programme_id).await?;
        let year = validate::year("input.year", input.year)?;
        check(&input)?;
        let correction_reason =
            optional_text("input.correctionReason", input.correction_reason.as_deref(), 500)?;

        let txn = self.begin_write().await?;
        let previous: Option<i32> = admission::Entity::find()
            .select_only()
            .column_as(admission::Column::Version.max(), "latest")
            .filter(admission::Column::ProgrammeId.eq(input.programme_id))
            .filter(admission::Column::Year.eq(year))
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
        let row = admission::ActiveModel {
            id: Set(Uuid::now_v7()),
            programme_id: Set(input.programme_id),
            year: Set(year),
            version: Set(previous.unwrap_or(0) + 1),
            quota: Set(input.quota),
            applications: Set(input.applications),
            enrolled: Set(input.enrolled),
            enrolled_lower_secondary: Set(input.enrolled_lower_secondary),
            enrolled_upper_secondary: Set(input.enrolled_upper_secondary),
            graduates: Set(input.graduates),
            employed_within_12_months: Set(input.employed_within_12_months),
            correction_reason: Set(correction_reason),
            reported_by: Set(principal.subject.clone()),
            reported_at: Set(Utc::now()),
        };
        let created = row
            .insert(&txn)
            .await
            .map_err(|err| on_unique_violation(err, msg!("another-report-year-was-recorded-at")))?;
        txn.commit().await?;
        tracing::info!(programme = %created.programme_id, year, version = created.version, "admissions reported");
        Ok(created)
    }

    /// Every version of the admissions of these programmes, newest year first and, within a
    /// year, newest version first. Public with the programmes they belong to.
    pub async fn admissions_of(
        &self,
        programmes: &[Uuid],
    ) -> HubResult<HashMap<Uuid, Vec<admission::Model>>> {
        let rows = admission::Entity::find()
            .filter(admission::Column::ProgrammeId.is_in(programmes.iter().copied()))
            .order_by_desc(admission::Column::Year)
            .order_by_desc(admission::Column::Version)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<admission::Model>> = HashMap::new();
        for row in rows {
            grouped.entry(row.programme_id).or_default().push(row);
        }
        Ok(grouped)
    }
}

/// The newest version of each year, newest year first, from rows ordered as `admissions_of`
/// returns them.
pub fn current_versions(rows: &[admission::Model]) -> Vec<admission::Model> {
    let mut seen = std::collections::HashSet::new();
    rows.iter().filter(|row| seen.insert(row.year)).cloned().collect()
}
