//! Batch loaders, so a page of nominations asking for each offer costs one query, not one per
//! row. Like the directory's, they batch without caching: each request sees current data.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::entity::offer;
use crate::service::Internships;

/// Offers by id, with no visibility applied; resolvers decide what the caller may see.
pub struct OfferLoader(pub Internships);

impl Loader<Uuid> for OfferLoader {
    type Value = offer::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(self.0.offers_by_ids(keys).await?)
    }
}
