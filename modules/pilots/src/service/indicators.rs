//! Indicators (seeded by the migration) and their targets. A target in force for an
//! indicator, an area and a year is chosen among the rows covering that year: the nearest
//! scope first (the area itself, then each area above it, then the city-wide rows), then the
//! most recently issued document, so a newer document supersedes an older one exactly for the
//! years it covers and nothing is ever edited.

use hub_common::msg;
use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use hub_common::{HubError, HubResult, Principal, Remit};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{Pilots, validate};
use crate::entity::{indicator, target};

/// A target as an officer gives it.
#[derive(Debug, Clone)]
pub struct NewTarget {
    pub indicator: String,
    /// `None` for the whole city.
    pub area_id: Option<Uuid>,
    pub value: f64,
    pub from_year: i32,
    pub to_year: Option<i32>,
    pub source_document: String,
    pub issued_on: NaiveDate,
}

impl Pilots {
    /// Every indicator, in the plan's order.
    pub async fn indicators(&self) -> HubResult<Vec<indicator::Model>> {
        Ok(indicator::Entity::find().order_by_asc(indicator::Column::Position).all(&self.db).await?)
    }

    pub async fn indicators_by_code(&self, codes: &[String]) -> HubResult<HashMap<String, indicator::Model>> {
        let rows = indicator::Entity::find()
            .filter(indicator::Column::Code.is_in(codes.iter().cloned()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.code.clone(), row)).collect())
    }

    /// The indicator with `code`, or `BAD_USER_INPUT` naming `field`.
    pub async fn indicator(&self, field: &str, code: &str) -> HubResult<indicator::Model> {
        indicator::Entity::find_by_id(code.trim().to_owned())
            .one(&self.db)
            .await?
            .ok_or_else(|| HubError::bad_input(field, msg!("there-no-indicator-code", code = code.trim())))
    }

    /// Every target of an indicator (or of all), newest document first: superseded ones
    /// included, since the history of targets is part of the plan's record.
    pub async fn targets(&self, indicator: Option<&str>) -> HubResult<Vec<target::Model>> {
        let mut select = target::Entity::find();
        if let Some(code) = indicator {
            select = select
                .filter(target::Column::IndicatorCode.eq(self.indicator("indicator", code).await?.code));
        }
        Ok(select
            .order_by_asc(target::Column::IndicatorCode)
            .order_by_desc(target::Column::IssuedOn)
            .order_by_desc(target::Column::CreatedAt)
            .all(&self.db)
            .await?)
    }

    /// Records a target from a document; officers of Education and Training only. Older targets stay and
    /// are superseded where the new one covers the same years.
    pub async fn set_target(&self, principal: &Principal, input: NewTarget) -> HubResult<target::Model> {
        principal.require_remit(Remit::EducationAndTraining, msg!("what-set-targets"))?;
        let indicator = self.indicator("input.indicator", &input.indicator).await?;
        let value = validate::percent(input.value)?;
        validate::year_range(input.from_year, input.to_year)?;
        let source_document = validate::source_document(&input.source_document)?;
        let issued_on = validate::issued_on(input.issued_on)?;
        if let Some(area) = input.area_id
            && self.directory.area(area).await?.is_none()
        {
            return Err(HubError::bad_input("input.areaId", msg!("area-area-does-not-exist", area = area)));
        }
        let row = target::Model {
            id: Uuid::now_v7(),
            indicator_code: indicator.code,
            area_id: input.area_id,
            value,
            from_year: input.from_year,
            to_year: input.to_year,
            source_document,
            issued_on,
            created_by: principal.subject.clone(),
            created_at: Utc::now(),
        };
        let txn = self.begin_write().await?;
        target::Entity::insert(target::ActiveModel {
            id: Set(row.id),
            indicator_code: Set(row.indicator_code.clone()),
            area_id: Set(row.area_id),
            value: Set(row.value),
            from_year: Set(row.from_year),
            to_year: Set(row.to_year),
            source_document: Set(row.source_document.clone()),
            issued_on: Set(row.issued_on),
            created_by: Set(row.created_by.clone()),
            created_at: Set(row.created_at),
        })
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        tracing::info!(target_id = %row.id, indicator = %row.indicator_code, "target set");
        Ok(row)
    }

    /// The target in force for `indicator` in `year` for the area whose scopes, nearest first,
    /// are `scopes` (the area, the areas above it; the city-wide rows always come last).
    pub(crate) async fn target_in_force(
        &self,
        indicator: &str,
        scopes: &[Uuid],
        year: i32,
    ) -> HubResult<Option<target::Model>> {
        let rows = target::Entity::find()
            .filter(target::Column::IndicatorCode.eq(indicator))
            .filter(target::Column::FromYear.lte(year))
            .all(&self.db)
            .await?;
        Ok(choose_target(rows, scopes, year))
    }
}

/// The rule for the target in force, apart from the database: among rows covering `year`, the
/// nearest scope, then the latest `issued_on`, then the latest recorded.
pub fn choose_target(rows: Vec<target::Model>, scopes: &[Uuid], year: i32) -> Option<target::Model> {
    let rank = |row: &target::Model| match row.area_id {
        Some(area) => scopes.iter().position(|scope| *scope == area),
        None => Some(scopes.len()),
    };
    rows.into_iter()
        .filter(|row| row.covers(year))
        .filter_map(|row| rank(&row).map(|rank| (rank, row)))
        .min_by(|(rank_a, a), (rank_b, b)| {
            rank_a
                .cmp(rank_b)
                .then_with(|| b.issued_on.cmp(&a.issued_on))
                .then_with(|| b.created_at.cmp(&a.created_at))
                .then_with(|| b.id.cmp(&a.id))
        })
        .map(|(_, row)| row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        area: Option<Uuid>,
        value: f64,
        from: i32,
        to: Option<i32>,
        issued: (i32, u32, u32),
    ) -> target::Model {
        target::Model {
            id: Uuid::now_v7(),
            indicator_code: "X".into(),
            area_id: area,
            value,
            from_year: from,
            to_year: to,
            source_document: "doc".into(),
            issued_on: NaiveDate::from_ymd_opt(issued.0, issued.1, issued.2).unwrap_or_default(),
            created_by: "t".into(),
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_newer_document_supersedes_only_the_years_it_covers() {
        let plan_2020 = row(None, 55.0, 2018, Some(2020), (2018, 5, 14));
        let plan_2025 = row(None, 100.0, 2021, None, (2018, 5, 14));
        let decree = row(None, 90.0, 2026, Some(2030), (2026, 3, 1));
        let rows = vec![plan_2020, plan_2025, decree];
        let value = |year| choose_target(rows.clone(), &[], year).map(|t| t.value);
        assert_eq!(value(2019), Some(55.0));
        assert_eq!(value(2025), Some(100.0));
        assert_eq!(value(2026), Some(90.0));
        assert_eq!(value(2031), Some(100.0));
        assert_eq!(value(2017), None);
    }

    #[test]
    fn an_areas_own_target_comes_before_the_citys() {
        let ward = Uuid::now_v7();
        let rows =
            vec![row(None, 100.0, 2021, None, (2024, 1, 1)), row(Some(ward), 80.0, 2021, None, (2020, 1, 1))];
        assert_eq!(choose_target(rows.clone(), &[ward], 2025).map(|t| t.value), Some(80.0));
        assert_eq!(choose_target(rows, &[Uuid::now_v7()], 2025).map(|t| t.value), Some(100.0));
    }
}
