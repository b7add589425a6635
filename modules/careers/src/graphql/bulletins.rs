//! The labour-market bulletin type and the import's answer.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use directory::{Area, AreaRefs};
use hub_common::ids::to_id;

use super::types::dangling;
use crate::entity::bulletin;
use crate::kinds::BulletinPeriod;

/// Labour-market figures for one period, about one occupation or one VSIC section, in an area.
#[derive(Clone)]
pub struct LabourMarketBulletin {
    pub model: bulletin::Model,
    areas: Arc<AreaRefs>,
}

impl LabourMarketBulletin {
    /// Wraps bulletins fetched together, so their areas load together.
    pub fn siblings(models: Vec<bulletin::Model>) -> Vec<Self> {
        let areas = Arc::new(AreaRefs::new(models.iter().map(|m| m.area_id)));
        models.into_iter().map(|model| Self { model, areas: areas.clone() }).collect()
    }
}

#[Object]
impl LabourMarketBulletin {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn period(&self) -> BulletinPeriod {
        self.model.period_kind
    }

    async fn year(&self) -> i32 {
        self.model.year
    }

    /// The quarter (1-4), the half (1-2), or 1 for a whole year.
    async fn number(&self) -> i32 {
        self.model.period_number
    }

    /// The occupation's code, when the bulletin is about an occupation.
    async fn occupation_code(&self) -> Option<&str> {
        self.model.occupation_code.as_deref()
    }

    /// The VSIC section (A-U), when the bulletin is about an industry.
    async fn vsic_section(&self) -> Option<&str> {
        self.model.vsic_section.as_deref()
    }

    async fn area(&self, ctx: &Context<'_>) -> Result<Area> {
        self.areas.get(ctx, self.model.area_id).await?.ok_or_else(|| dangling("area"))
    }

    async fn vacancies(&self) -> i32 {
        self.model.vacancies
    }

    async fn job_seekers(&self) -> i32 {
        self.model.job_seekers
    }

    async fn hires(&self) -> i32 {
        self.model.hires
    }

    /// A short forecast for the coming period.
    async fn forecast(&self) -> &str {
        &self.model.forecast
    }

    /// Who issued the figures.
    async fn publisher(&self) -> &str {
        &self.model.publisher
    }

    /// The document the figures come from.
    async fn source_document(&self) -> &str {
        &self.model.source_document
    }

    /// True for the demo data set's made-up figures, which must never be read as official.
    async fn demonstration(&self) -> bool {
        self.model.demonstration
    }

    async fn published_at(&self) -> DateTime<Utc> {
        self.model.published_at
    }
}

/// One thing wrong with an imported file.
#[derive(SimpleObject)]
pub struct CsvRowError {
    /// The line of the file (the header is line 1).
    pub row: i32,
    /// The column, as the header names it; empty when the whole line is wrong.
    pub field: String,
    pub message: String,
}

/// What an import did: all rows imported, or none and every error found.
#[derive(SimpleObject)]
pub struct LabourMarketBulletinImport {
    /// How many bulletins were imported: every row, or 0 when any row is wrong.
    pub imported: i32,
    pub errors: Vec<CsvRowError>,
}
