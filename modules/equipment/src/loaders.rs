//! Batch loaders, so a page of requests asking for each listing costs one query, not one per
//! row. Like the directory's, they batch without caching: each request sees current data.

use std::collections::HashMap;

use hub_common::HubResult;
use hub_common::batching::{ById, ReadByIds};
use uuid::Uuid;

use crate::entity::listing;
use crate::service::Equipment;

/// Listings by id, with no visibility applied; resolvers decide what the caller may see.
pub(crate) type ListingLoader = ById<Equipment, listing::Model>;

impl ReadByIds<listing::Model> for Equipment {
    async fn read_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, listing::Model>> {
        self.listings_by_ids(ids).await
    }
}
