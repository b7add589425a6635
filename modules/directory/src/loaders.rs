//! Batch loaders, so a page of offers asking for each enterprise's area costs two queries, not
//! one per row. They batch without caching: each request sees current data.

use std::collections::HashMap;

use hub_common::HubResult;
use hub_common::batching::{ById, ReadByIds};
use uuid::Uuid;

use crate::entity::{area, organization};
use crate::service::Directory;

/// Organizations by id, with no visibility applied; resolvers decide what the caller may see.
pub(crate) type OrganizationLoader = ById<Directory, organization::Model>;

impl ReadByIds<organization::Model> for Directory {
    async fn read_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, organization::Model>> {
        self.organizations_by_ids(ids).await
    }
}

/// Areas by id, with no visibility applied; resolvers decide what the caller may see.
pub(crate) type AreaLoader = ById<Directory, area::Model>;

impl ReadByIds<area::Model> for Directory {
    async fn read_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, area::Model>> {
        self.areas_by_ids(ids).await
    }
}
