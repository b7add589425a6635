//! Batch loaders, so a page of offers asking for each enterprise's area costs two queries, not
//! one per row. They batch without caching: each request sees current data.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::entity::{area, organization};
use crate::service::Directory;

pub struct OrganizationLoader(pub Directory);

impl Loader<Uuid> for OrganizationLoader {
    type Value = organization::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(self.0.organizations_by_ids(keys).await?)
    }
}

pub struct AreaLoader(pub Directory);

impl Loader<Uuid> for AreaLoader {
    type Value = area::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(self.0.areas_by_ids(keys).await?)
    }
}
