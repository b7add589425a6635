//! Listings: browsing with visibility, and the owner's life cycle of a listing.

use chrono::{NaiveDate, Utc};
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::text::fold_for_search;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::{Equipment, ListingQuery, validate};
use crate::entity::{listing, request};
use crate::events::{LISTING_POSTED, ListingPosted, REQUEST_CHANGED, RequestChanged};
use crate::kinds::{EquipmentCondition, ListingKind, ListingStatus, RequestStatus};

#[derive(Debug, Clone)]
pub struct NewListing {
    pub kind: ListingKind,
    pub name: String,
    pub category: String,
    pub description: Option<String>,
    pub quantity: i32,
    pub condition: EquipmentCondition,
    pub unit_value_vnd: i64,
    pub available_from: NaiveDate,
    pub available_until: Option<NaiveDate>,
    pub photo_urls: Vec<String>,
    /// The partnership this listing delivers; the owner must be an active party to it.
    pub partnership_id: Option<Uuid>,
}

/// A partial update: `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Debug, Default, Clone)]
pub struct ListingChanges {
    pub name: Option<String>,
    pub category: Option<String>,
    pub description: Option<Option<String>>,
    pub quantity: Option<i32>,
    pub condition: Option<EquipmentCondition>,
    pub unit_value_vnd: Option<i64>,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<Option<NaiveDate>>,
    pub photo_urls: Option<Vec<String>>,
    /// `Some(None)` detaches the listing from its partnership.
    pub partnership_id: Option<Option<Uuid>>,
}

const NOT_OWNER: Message = msg!("only-organization-posted-listing-may-change");

impl Equipment {
    /// One page of the listings the caller may see, newest first.
    pub async fn listings(
        &self,
        principal: Option<&Principal>,
        query: &ListingQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<listing::Model>> {
        let matcher = query.matcher()?;
        let access = self.access(principal).await?;
        let categories = match matcher.category() {
            Some(category) => {
                let listed: Vec<String> = listing::Entity::find()
                    .select_only()
                    .column(listing::Column::Category)
                    .distinct()
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                Some(hub_common::text::folded_matches(listed, category))
            }
            None => None,
        };
        let mut select = listing::Entity::find().filter(matcher.condition(categories));
        if !access.officer {
            select = select.filter(
                Condition::any()
                    .add(listing::Column::Status.eq(ListingStatus::Available))
                    .add(listing::Column::OwnerId.is_in(access.organizations)),
            );
        }
        if let Some(status) = query.status {
            select = select.filter(listing::Column::Status.eq(status));
        }
        if let Some(after) = page.after {
            select = select.filter(listing::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(listing::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// Loads a listing the caller may change, refusing before saying whether it exists.
    pub(crate) async fn owned_listing(&self, principal: &Principal, id: Uuid) -> HubResult<listing::Model> {
        let found = listing::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &found {
            Some(row) => self.may_act_for(principal, row.owner_id).await?,
            // Platform admins may act for every organization, so telling them is no leak.
            None => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(NOT_OWNER));
        }
        found.ok_or(HubError::NotFound(msg!("equipment-listing-not-found")))
    }

    /// Posts a listing for the organization the caller's token acts for, and announces it to
    /// `equipmentListingPosted` subscribers in the same transaction. Only verified
    /// organizations post (businesses, and schools, colleges and centres sharing their own
    /// equipment): a listing is a promise schools plan lessons around.
    pub async fn create_listing(
        &self,
        principal: &Principal,
        input: NewListing,
    ) -> HubResult<listing::Model> {
        let owner_id = principal.acting_organization()?;
        if !self.may_act_for(principal, owner_id).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let owner = self.directory.organization(owner_id).await?;
        // Businesses, and schools, colleges and centres sharing their own equipment (the plan's
        // shared use of equipment); city departments own none to lend.
        let Some(owner) = owner.filter(|org| org.kind.verified_within().is_some()) else {
            return Err(HubError::forbidden(msg!("only-enterprises-business-associations-schools-colleges")));
        };
        if !owner.verified {
            let department = match owner.kind.verified_within() {
                Some(hub_common::Remit::EducationAndTraining) => {
                    msg!("education-department-verifies-institutions")
                }
                _ => msg!("industry-department-verifies-enterprises"),
            };
            return Err(HubError::forbidden(
                msg!("only-verified-organizations-post-equipment-department", department: department),
            ));
        }
        let name = validate::name(&input.name)?;
        let category = validate::category(&input.category)?;
        let description = validate::description(input.description.as_deref())?;
        let quantity = validate::quantity(input.quantity)?;
        let unit_value_vnd = validate::unit_value(input.unit_value_vnd)?;
        validate::availability(input.available_from, input.available_until)?;
        let photo_urls = validate::photos(&input.photo_urls)?;
        if let Some(partnership) = input.partnership_id {
            self.check_partnership(owner_id, partnership).await?;
        }

        let now = Utc::now();
        let txn = self.begin_write().await?;
        let created = listing::ActiveModel {
            id: Set(Uuid::now_v7()),
            owner_id: Set(owner_id),
            kind: Set(input.kind),
            name_search: Set(fold_for_search(&name)),
            name: Set(name),
            category: Set(category),
            description: Set(description),
            quantity: Set(quantity),
            promised: Set(0),
            condition: Set(input.condition),
            unit_value_vnd: Set(unit_value_vnd),
            available_from: Set(input.available_from),
            available_until: Set(input.available_until),
            photo_urls: Set(photo_urls),
            status: Set(ListingStatus::Available),
            partnership_id: Set(input.partnership_id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let cursor = LISTING_POSTED.publish(&txn, &ListingPosted::from(&created)).await?;
        txn.commit().await?;
        // The relay would find the row at its next poll; waking it makes delivery immediate.
        self.events.wake_relay();
        tracing::info!(listing = %created.id, owner = %owner_id, cursor, "equipment listing posted");
        Ok(created)
    }

    /// Changes an available listing. The quantity never drops below what is promised; the
    /// guard is part of the `UPDATE`, so an approval racing with the edit cannot slip between
    /// the check and the write.
    pub async fn update_listing(
        &self,
        principal: &Principal,
        id: Uuid,
        changes: ListingChanges,
    ) -> HubResult<listing::Model> {
        let existing = self.owned_listing(principal, id).await?;
        if existing.status != ListingStatus::Available {
            return Err(HubError::conflict(msg!("withdrawn-listing-can-no-longer-changed")));
        }
        let mut row = <listing::ActiveModel as Default>::default();
        if let Some(name) = &changes.name {
            let name = validate::name(name)?;
            row.name_search = Set(fold_for_search(&name));
            row.name = Set(name);
        }
        if let Some(category) = &changes.category {
            row.category = Set(validate::category(category)?);
        }
        if let Some(description) = &changes.description {
            row.description = Set(validate::description(description.as_deref())?);
        }
        let quantity = changes.quantity.map(validate::quantity).transpose()?.unwrap_or(existing.quantity);
        if quantity < existing.promised {
            return Err(HubError::bad_input(
                "input.quantity",
                msg!("quantity-cannot-drop-below-promised-units", promised = existing.promised),
            ));
        }
        row.quantity = Set(quantity);
        if let Some(condition) = changes.condition {
            row.condition = Set(condition);
        }
        if let Some(value) = changes.unit_value_vnd {
            row.unit_value_vnd = Set(validate::unit_value(value)?);
        }
        let from = changes.available_from.unwrap_or(existing.available_from);
        let until = changes.available_until.unwrap_or(existing.available_until);
        if changes.available_from.is_some() || changes.available_until.is_some() {
            validate::availability(from, until)?;
        }
        row.available_from = Set(from);
        row.available_until = Set(until);
        if let Some(photos) = &changes.photo_urls {
            row.photo_urls = Set(validate::photos(photos)?);
        }
        if let Some(partnership) = changes.partnership_id {
            if let Some(id) = partnership.filter(|id| Some(*id) != existing.partnership_id) {
                self.check_partnership(existing.owner_id, id).await?;
            }
            row.partnership_id = Set(partnership);
        }
        row.updated_at = Set(Utc::now());

        let txn = self.begin_write().await?;
        let result = listing::Entity::update_many()
            .set(row)
            .filter(listing::Column::Id.eq(id))
            .filter(listing::Column::Status.eq(ListingStatus::Available))
            .filter(listing::Column::Promised.lte(quantity))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(HubError::conflict(msg!("listing-changed-meanwhile-reload-try-again")));
        }
        txn.commit().await?;
        self.reload_listing(id).await
    }

    /// Takes a listing off. Promises already made stand (approved requests are still handed
    /// over); pending requests are declined in the same transaction, so nobody waits on a
    /// listing that is gone.
    pub async fn withdraw_listing(&self, principal: &Principal, id: Uuid) -> HubResult<listing::Model> {
        let owner = self.owned_listing(principal, id).await?.owner_id;
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let result = listing::Entity::update_many()
            .col_expr(listing::Column::Status, Expr::value(ListingStatus::Withdrawn))
            .col_expr(listing::Column::UpdatedAt, Expr::value(now))
            .filter(listing::Column::Id.eq(id))
            .filter(listing::Column::Status.eq(ListingStatus::Available))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("listing-already-withdrawn")));
        }
        let pending = request::Entity::find()
            .filter(request::Column::ListingId.eq(id))
            .filter(request::Column::Status.eq(RequestStatus::Pending))
            .all(&txn)
            .await?;
        if !pending.is_empty() {
            request::Entity::update_many()
                .col_expr(request::Column::Status, Expr::value(RequestStatus::Declined))
                .col_expr(request::Column::DecisionNote, Expr::value("the listing was withdrawn"))
                .col_expr(request::Column::DecidedAt, Expr::value(now))
                .col_expr(request::Column::UpdatedAt, Expr::value(now))
                .filter(request::Column::Id.is_in(pending.iter().map(|row| row.id)))
                .exec(&txn)
                .await?;
        }
        // Each requester hears that its request was declined, in the same transaction.
        for row in &pending {
            let declined = request::Model { status: RequestStatus::Declined, ..row.clone() };
            REQUEST_CHANGED.publish(&txn, &RequestChanged::new(&declined, owner)).await?;
        }
        txn.commit().await?;
        if !pending.is_empty() {
            self.events.wake_relay();
        }
        self.reload_listing(id).await
    }

    pub(crate) async fn reload_listing(&self, id: Uuid) -> HubResult<listing::Model> {
        listing::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(HubError::NotFound(msg!("equipment-listing-not-found")))
    }
}
