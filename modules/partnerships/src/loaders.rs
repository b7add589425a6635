//! Batch loaders for lookups that arrive one by one (federation `_entities`). They batch
//! without caching: each request sees current data.

use std::collections::HashMap;

use hub_common::HubResult;
use hub_common::batching::{ById, ReadByIds};
use uuid::Uuid;

use crate::entity::partnership;
use crate::service::Partnerships;

/// Partnerships by id, with no visibility applied; resolvers decide what the caller may see.
pub(crate) type PartnershipLoader = ById<Partnerships, partnership::Model>;

impl ReadByIds<partnership::Model> for Partnerships {
    async fn read_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, partnership::Model>> {
        self.partnerships_by_ids(ids).await
    }
}
