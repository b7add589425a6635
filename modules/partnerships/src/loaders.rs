//! Batch loaders for lookups that arrive one by one (federation `_entities`). They batch
//! without caching: each request sees current data.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::entity::partnership;
use crate::service::Partnerships;

/// Partnerships by id, with no visibility applied; resolvers decide what the caller may see.
pub struct PartnershipLoader(pub Partnerships);

impl Loader<Uuid> for PartnershipLoader {
    type Value = partnership::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(self.0.partnerships_by_ids(keys).await?)
    }
}
