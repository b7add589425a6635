use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use hub_common::batching::Batcher;
use hub_common::ids::parse_id;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::{caller, require_caller};

use super::inputs::{EquipmentListingFilter, EquipmentRequestFilter};
use super::types::{EquipmentListing, EquipmentRequest};
use crate::loaders::ListingLoader;
use crate::service::Equipment;

#[derive(Default)]
pub struct EquipmentQuery;

#[Object]
impl EquipmentQuery {
    /// Listings the caller may see, newest first: available ones for everybody, plus the
    /// caller's own withdrawn ones (all of them for department officers).
    async fn equipment_listings(
        &self,
        ctx: &Context<'_>,
        filter: Option<EquipmentListingFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, EquipmentListing>> {
        let query = filter.unwrap_or_default().into_query()?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Equipment>()?.listings(caller(ctx), &query, &page).await?;
        Ok(connection(&page, EquipmentListing::siblings(rows), |l| l.model.id, |l| l))
    }

    /// One listing, or null when it does not exist or the caller may not see it.
    async fn equipment_listing(&self, ctx: &Context<'_>, id: ID) -> Result<Option<EquipmentListing>> {
        let id = parse_id("id", &id)?;
        let Some(row) = ctx.data::<Batcher<ListingLoader>>()?.load_one(id).await? else {
            return Ok(None);
        };
        let visible = ctx.data::<Equipment>()?.visible_to(caller(ctx), &row).await?;
        Ok(visible.then(|| EquipmentListing::single(row)))
    }

    /// Equipment requests the caller may see, newest first: a school's own requests and the
    /// requests for an owner's listings (also after the listing was withdrawn), by side and
    /// status; department officers see all.
    async fn equipment_requests(
        &self,
        ctx: &Context<'_>,
        filter: Option<EquipmentRequestFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, EquipmentRequest>> {
        let principal = require_caller(ctx)?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let query = filter.unwrap_or_default().into_query();
        let rows = ctx.data::<Equipment>()?.requests(principal, &query, &page).await?;
        Ok(connection(&page, EquipmentRequest::siblings(rows), |r| r.model.id, |r| r))
    }

    /// Loans past their return day with units still out, newest request first: an owner sees
    /// what it lent, a school what it borrowed, department officers all.
    async fn overdue_loans(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, EquipmentRequest>> {
        let principal = require_caller(ctx)?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Equipment>()?.overdue_loans(principal, &page).await?;
        Ok(connection(&page, EquipmentRequest::siblings(rows), |r| r.model.id, |r| r))
    }
}
