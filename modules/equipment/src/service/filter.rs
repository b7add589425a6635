//! The listing filter, with one meaning in two places: as SQL for `equipmentListings`, and in
//! memory for `equipmentListingPosted`, where each event's listing is tested on the server.

use hub_common::HubResult;
use hub_common::text::{contains_pattern, fold_for_search};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use super::validate;
use crate::entity::listing;
use crate::events::ListingPosted;
use crate::kinds::{EquipmentCondition, ListingKind, ListingStatus};

/// A filter as the caller gave it.
#[derive(Debug, Default, Clone)]
pub struct ListingQuery {
    pub kind: Option<ListingKind>,
    /// Part of the category, accents and case ignored ("may cong" finds "Máy công cụ").
    pub category: Option<String>,
    pub condition: Option<EquipmentCondition>,
    pub owner_id: Option<Uuid>,
    /// Part of the name; accents and case are ignored.
    pub text: Option<String>,
    /// Lists only; a posted-listing event is always `AVAILABLE`.
    pub status: Option<ListingStatus>,
}

/// A validated filter, folded once (for a subscription, at subscribe time).
#[derive(Debug, Default, Clone)]
pub struct ListingMatcher {
    kind: Option<ListingKind>,
    category: Option<String>,
    condition: Option<EquipmentCondition>,
    owner_id: Option<Uuid>,
    text: Option<String>,
}

impl ListingQuery {
    pub fn matcher(&self) -> HubResult<ListingMatcher> {
        let text = validate::search(self.text.as_deref())?.map(|text| fold_for_search(&text));
        let category = hub_common::text::optional_text(
            "filter.category",
            self.category.as_deref(),
            validate::MAX_CATEGORY_CHARS,
        )?
        .map(|category| fold_for_search(&category));
        Ok(ListingMatcher {
            kind: self.kind,
            category,
            condition: self.condition,
            owner_id: self.owner_id,
            text,
        })
    }
}

impl ListingMatcher {
    /// Whether a posted listing passes the filter (status aside).
    pub fn matches(&self, row: &ListingPosted) -> bool {
        self.kind.is_none_or(|kind| row.kind == kind)
            && self
                .category
                .as_ref()
                .is_none_or(|category| fold_for_search(&row.category).contains(category.as_str()))
            && self.condition.is_none_or(|condition| row.condition == condition)
            && self.owner_id.is_none_or(|owner| row.owner_id == owner)
            && self.text.as_ref().is_none_or(|text| row.name_search.contains(text.as_str()))
    }

    /// The category asked for, folded (`None` for any).
    pub fn category(&self) -> Option<&str> {
        self.category.as_deref()
    }

    /// The same test as a SQL condition, given the listed categories that match the category
    /// asked for (categories are few, so they are matched folded in memory; see
    /// `hub_common::text::folded_matches`).
    pub fn condition(&self, matching_categories: Option<Vec<String>>) -> Condition {
        let mut condition = Condition::all();
        if let Some(kind) = self.kind {
            condition = condition.add(listing::Column::Kind.eq(kind));
        }
        if let Some(categories) = matching_categories {
            condition = condition.add(listing::Column::Category.is_in(categories));
        }
        if let Some(wanted) = self.condition {
            condition = condition.add(listing::Column::Condition.eq(wanted));
        }
        if let Some(owner) = self.owner_id {
            condition = condition.add(listing::Column::OwnerId.eq(owner));
        }
        if let Some(text) = &self.text {
            condition = condition.add(Expr::col(listing::Column::NameSearch).like(contains_pattern(text)));
        }
        condition
    }
}
