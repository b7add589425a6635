//! Batch loaders, so a page of nominations asking for each offer costs one query, not one per
//! row. Like the directory's, they batch without caching: each request sees current data.

use std::collections::HashMap;

use hub_common::HubResult;
use hub_common::batching::{ById, ReadByIds};
use uuid::Uuid;

use crate::entity::offer;
use crate::service::Internships;

/// Offers by id, with no visibility applied; resolvers decide what the caller may see.
pub(crate) type OfferLoader = ById<Internships, offer::Model>;

impl ReadByIds<offer::Model> for Internships {
    async fn read_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, offer::Model>> {
        self.offers_by_ids(ids).await
    }
}
