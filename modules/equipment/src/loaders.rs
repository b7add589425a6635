//! Batch loaders, so a page of requests asking for each listing costs one query, not one per
//! row. Like the directory's, they batch without caching: each request sees current data.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::entity::listing;
use crate::service::Equipment;

/// Listings by id, with no visibility applied; resolvers decide what the caller may see.
pub struct ListingLoader(pub Equipment);

impl Loader<Uuid> for ListingLoader {
    type Value = listing::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(self.0.listings_by_ids(keys).await?)
    }
}
