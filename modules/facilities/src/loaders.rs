//! Batch loaders for lookups that arrive one by one (`facility(id)`, federation `_entities`).
//! They batch without caching: each request sees current data.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::entity::facility;
use crate::service::Facilities;

pub struct FacilityLoader(pub Facilities);

impl Loader<Uuid> for FacilityLoader {
    type Value = facility::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(self.0.facilities_by_ids(keys).await?)
    }
}
