//! The offer filter, with one meaning in two places: as SQL for `internshipOffers`, and in
//! memory for `internshipOfferPublished`, where each event's offer is tested on the server.

use hub_common::msg;
use std::collections::HashSet;

use chrono::NaiveDate;
use hub_common::text::{contains_pattern, escape_like, fold_for_search, optional_text};
use hub_common::vsic::Section;
use hub_common::{HubError, HubResult};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use super::Internships;
use super::validate::{self, MAX_SEARCH_CHARS};
use crate::entity::offer;
use crate::events::OfferPublished;
use crate::kinds::{EligibleLevel, OfferStatus};

/// A filter as the caller gave it.
#[derive(Debug, Default, Clone)]
pub struct OfferQuery {
    /// A VSIC code or a prefix of one ("52" matches 5210 and 5229).
    pub sector: Option<String>,
    /// A VSIC section letter (A-U): offers whose code lies in any of its divisions.
    pub vsic_section: Option<String>,
    /// In this area or any area below it (the city matches every ward).
    pub area_id: Option<Uuid>,
    /// Open to this level.
    pub level: Option<EligibleLevel>,
    /// Lists only; a published-offer event is always `PUBLISHED`.
    pub status: Option<OfferStatus>,
    pub enterprise_id: Option<Uuid>,
    /// Part of the title; accents and case are ignored.
    pub text: Option<String>,
    /// Starting on or after this day.
    pub starts_after: Option<NaiveDate>,
    /// Starting on or before this day.
    pub starts_before: Option<NaiveDate>,
    /// `true`: offers a school can nominate to today (published, deadline not passed); `false`:
    /// the others.
    pub open_for_nominations: Option<bool>,
}

/// A validated filter with its area expanded to the set of areas it covers, resolved once (for
/// a subscription, at subscribe time).
#[derive(Debug, Default, Clone)]
pub struct OfferMatcher {
    sector_prefix: Option<String>,
    section: Option<&'static Section>,
    areas: Option<HashSet<Uuid>>,
    level: Option<EligibleLevel>,
    enterprise_id: Option<Uuid>,
    text: Option<String>,
    starts_after: Option<NaiveDate>,
    starts_before: Option<NaiveDate>,
    open_for_nominations: Option<bool>,
}

impl Internships {
    /// Checks a filter and expands its area.
    pub async fn resolve_filter(&self, query: &OfferQuery) -> HubResult<OfferMatcher> {
        let sector_prefix = query.sector.as_deref().map(validate::sector_prefix).transpose()?;
        let section = match query.vsic_section.as_deref() {
            None => None,
            Some(letter) => Some(Section::by_letter(letter.trim()).ok_or_else(|| {
                HubError::bad_input("filter.vsicSection", msg!("vsic-section-one-letter-from-u"))
            })?),
        };
        let text = optional_text("filter.text", query.text.as_deref(), MAX_SEARCH_CHARS)?
            .map(|text| fold_for_search(&text));
        let areas = match query.area_id {
            None => None,
            Some(area) => Some(self.directory.area_with_descendants(area).await?.into_iter().collect()),
        };
        Ok(OfferMatcher {
            sector_prefix,
            section,
            areas,
            level: query.level,
            enterprise_id: query.enterprise_id,
            text,
            starts_after: query.starts_after,
            starts_before: query.starts_before,
            open_for_nominations: query.open_for_nominations,
        })
    }
}

impl OfferMatcher {
    /// Whether a published offer passes the filter (status aside).
    pub fn matches(&self, offer: &OfferPublished) -> bool {
        self.sector_prefix.as_ref().is_none_or(|prefix| offer.sector.starts_with(prefix.as_str()))
            && self.section.is_none_or(|section| section.contains_code(&offer.sector))
            && self.areas.as_ref().is_none_or(|areas| areas.contains(&offer.area_id))
            && self.level.is_none_or(|level| offer.levels().contains(&level))
            && self.enterprise_id.is_none_or(|id| offer.enterprise_id == id)
            && self.text.as_ref().is_none_or(|text| offer.title_search.contains(text.as_str()))
            && self.starts_after.is_none_or(|day| offer.start_date >= day)
            && self.starts_before.is_none_or(|day| offer.start_date <= day)
            // A published offer is open until its deadline, read on Hải Phòng's calendar.
            && self.open_for_nominations.is_none_or(|open| (offer.application_deadline >= validate::today()) == open)
    }

    /// The same test as a SQL condition.
    pub fn condition(&self) -> Condition {
        let mut condition = Condition::all();
        if let Some(prefix) = &self.sector_prefix {
            condition = condition.add(
                Expr::col(offer::Column::Sector)
                    .like(LikeExpr::new(format!("{}%", escape_like(prefix))).escape('\\')),
            );
            // A whole class (four digits, or a sub-class of five) is also asked as the indexed
            // expression of `ix_internships_offers_status_class_id`, written as the index has it.
            if let Some(class) = prefix.get(..4) {
                condition = condition.add(Expr::cust("substr(\"sector\", 1, 4)").eq(class));
            }
        }
        if let Some(section) = self.section {
            let (first, past_last) = section.code_range();
            condition =
                condition.add(offer::Column::Sector.gte(first)).add(offer::Column::Sector.lt(past_last));
        }
        if let Some(areas) = &self.areas {
            condition = condition.add(offer::Column::AreaId.is_in(areas.iter().copied()));
        }
        if let Some(level) = self.level {
            // Level names contain `_`, a LIKE wildcard, so the pattern is escaped.
            let pattern = format!("%|{}|%", escape_like(level.as_str()));
            condition = condition
                .add(Expr::col(offer::Column::EligibleLevels).like(LikeExpr::new(pattern).escape('\\')));
        }
        if let Some(id) = self.enterprise_id {
            condition = condition.add(offer::Column::EnterpriseId.eq(id));
        }
        if let Some(text) = &self.text {
            condition = condition.add(Expr::col(offer::Column::TitleSearch).like(contains_pattern(text)));
        }
        if let Some(day) = self.starts_after {
            condition = condition.add(offer::Column::StartDate.gte(day));
        }
        if let Some(day) = self.starts_before {
            condition = condition.add(offer::Column::StartDate.lte(day));
        }
        if let Some(open) = self.open_for_nominations {
            let is_open = Condition::all()
                .add(offer::Column::Status.eq(OfferStatus::Published))
                .add(offer::Column::ApplicationDeadline.gte(validate::today()));
            condition = condition.add(if open { is_open } else { is_open.not() });
        }
        condition
    }
}
