//! Batch loaders for lookups that arrive one by one (`facility(id)`, federation `_entities`).
//! They batch without caching: each request sees current data.

use std::collections::HashMap;

use hub_common::HubResult;
use hub_common::batching::{ById, ReadByIds};
use uuid::Uuid;

use crate::entity::facility;
use crate::service::Facilities;

/// Facilities by id, with no visibility applied; resolvers decide what the caller may see.
pub(crate) type FacilityLoader = ById<Facilities, facility::Model>;

impl ReadByIds<facility::Model> for Facilities {
    async fn read_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, facility::Model>> {
        self.facilities_by_ids(ids).await
    }
}
