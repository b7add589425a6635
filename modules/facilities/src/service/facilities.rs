//! Facilities: publishing, changing and listing workshops with their opening hours.

use hub_common::msg;
use std::collections::HashMap;

use chrono::Utc;
use directory::OrganizationKind;
use hub_common::pagination::PageRequest;
use hub_common::text::{folded_matches, optional_text};
use hub_common::{HubError, HubResult, Principal};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::Facilities;
use super::validate::{self, OpeningSpan, StoredSpan};
use crate::entity::{facility, opening_hours};
use hub_common::time::TIME_ZONE;

/// A facility as its host describes it.
#[derive(Debug, Clone)]
pub struct NewFacility {
    pub name: String,
    pub trade: String,
    pub capacity: i32,
    pub opening_hours: Vec<OpeningSpan>,
    pub approval_required: bool,
    pub equipment: Vec<String>,
}

/// Changes to a facility; fields left `None` stay as they are. New opening hours replace the
/// old ones and apply to bookings made from then on.
#[derive(Debug, Clone, Default)]
pub struct FacilityChanges {
    pub name: Option<String>,
    pub trade: Option<String>,
    pub capacity: Option<i32>,
    pub opening_hours: Option<Vec<OpeningSpan>>,
    pub approval_required: Option<bool>,
    pub equipment: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct FacilityQuery {
    pub owner_id: Option<Uuid>,
    /// Part of the trade, accents and case ignored ("dien" finds "Điện công nghiệp").
    pub trade: Option<String>,
    /// Facilities that hold at least this many students.
    pub min_capacity: Option<i32>,
}

/// The kinds of organization that run vocational workshops.
fn hosts_workshops(kind: OrganizationKind) -> bool {
    matches!(
        kind,
        OrganizationKind::College
            | OrganizationKind::IntermediateSchool
            | OrganizationKind::VocationalCentre
            | OrganizationKind::University
    )
}

impl Facilities {
    /// Facilities by id.
    pub async fn facilities_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, facility::Model>> {
        let rows = facility::Entity::find()
            .filter(facility::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// The opening hours of each facility, Monday first.
    pub async fn opening_hours_of(
        &self,
        ids: &[Uuid],
    ) -> HubResult<HashMap<Uuid, Vec<opening_hours::Model>>> {
        opening_hours_of(&self.db, ids).await
    }

    /// One page of facilities, oldest first (anyone may look).
    pub async fn facilities(
        &self,
        query: &FacilityQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<facility::Model>> {
        let mut select = facility::Entity::find();
        if let Some(owner) = query.owner_id {
            select = select.filter(facility::Column::OwnerId.eq(owner));
        }
        let trade = optional_text("filter.trade", query.trade.as_deref(), validate::MAX_TRADE_CHARS)?;
        if let Some(trade) = trade {
            // Trades are few: match them folded in memory, then filter by the ones that match.
            let trades: Vec<String> = facility::Entity::find()
                .select_only()
                .column(facility::Column::Trade)
                .distinct()
                .into_tuple()
                .all(&self.db)
                .await?;
            select = select.filter(facility::Column::Trade.is_in(folded_matches(trades, &trade)));
        }
        if let Some(min) = query.min_capacity {
            select = select.filter(facility::Column::Capacity.gte(min));
        }
        if let Some(after) = page.after {
            select = select.filter(facility::Column::Id.gt(after));
        }
        Ok(select.order_by_asc(facility::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// Publishes a facility of the organization the caller's token acts for.
    pub async fn create(&self, principal: &Principal, input: NewFacility) -> HubResult<facility::Model> {
        let owner = principal.acting_organization()?;
        if !self.directory.may_administer(principal, owner).await? {
            return Err(HubError::forbidden(msg!("only-administrator-may-publish-organization-s")));
        }
        let kind = self.directory.organization(owner).await?.map(|org| org.kind);
        if !kind.is_some_and(hosts_workshops) {
            return Err(HubError::forbidden(msg!(
                "only-colleges-intermediate-schools-universities-vocational"
            )));
        }
        let name = validate::name(&input.name)?;
        let trade = validate::trade(&input.trade)?;
        let capacity = validate::capacity(input.capacity)?;
        let hours = validate::opening_hours(&input.opening_hours)?;
        let equipment = validate::equipment(&input.equipment)?;

        let now = Utc::now();
        let id = Uuid::now_v7();
        let txn = self.begin_write().await?;
        facility::Entity::insert(facility::ActiveModel {
            id: Set(id),
            owner_id: Set(owner),
            name: Set(name),
            trade: Set(trade),
            capacity: Set(capacity),
            time_zone: Set(TIME_ZONE.to_owned()),
            approval_required: Set(input.approval_required),
            equipment: Set(equipment),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        replace_hours(&txn, id, &hours).await?;
        let created = reload(&txn, id).await?;
        txn.commit().await?;
        tracing::info!(facility = %id, owner = %owner, "facility published");
        Ok(created)
    }

    /// Changes a facility; an administrator of its host only.
    pub async fn update(
        &self,
        principal: &Principal,
        id: Uuid,
        changes: FacilityChanges,
    ) -> HubResult<facility::Model> {
        let existing = facility::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &existing {
            Some(row) => self.directory.may_administer(principal, row.owner_id).await?,
            None => false,
        };
        let Some(existing) = existing.filter(|_| allowed) else {
            if principal.is_platform_admin() {
                return Err(HubError::NotFound(msg!("facility-not-found")));
            }
            return Err(HubError::forbidden(msg!("only-administrator-host-may-change-facility")));
        };
        let mut row: facility::ActiveModel = existing.into();
        if let Some(name) = &changes.name {
            row.name = Set(validate::name(name)?);
        }
        if let Some(trade) = &changes.trade {
            row.trade = Set(validate::trade(trade)?);
        }
        if let Some(capacity) = changes.capacity {
            row.capacity = Set(validate::capacity(capacity)?);
        }
        if let Some(required) = changes.approval_required {
            row.approval_required = Set(required);
        }
        if let Some(items) = &changes.equipment {
            row.equipment = Set(validate::equipment(items)?);
        }
        let hours = changes.opening_hours.as_deref().map(validate::opening_hours).transpose()?;
        row.updated_at = Set(Utc::now());
        let txn = self.begin_write().await?;
        facility::Entity::update(row).exec(&txn).await?;
        if let Some(hours) = hours {
            replace_hours(&txn, id, &hours).await?;
        }
        let updated = reload(&txn, id).await?;
        txn.commit().await?;
        tracing::info!(facility = %id, "facility changed");
        Ok(updated)
    }
}

pub(crate) async fn opening_hours_of<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> HubResult<HashMap<Uuid, Vec<opening_hours::Model>>> {
    let rows = opening_hours::Entity::find()
        .filter(opening_hours::Column::FacilityId.is_in(ids.iter().copied()))
        .order_by_asc(opening_hours::Column::Weekday)
        .all(db)
        .await?;
    let mut grouped: HashMap<Uuid, Vec<opening_hours::Model>> =
        ids.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        grouped.entry(row.facility_id).or_default().push(row);
    }
    Ok(grouped)
}

pub(crate) fn stored_spans(rows: &[opening_hours::Model]) -> Vec<StoredSpan> {
    rows.iter()
        .map(|row| StoredSpan {
            weekday: row.weekday,
            opens_minute: row.opens_minute,
            closes_minute: row.closes_minute,
        })
        .collect()
}

async fn replace_hours(txn: &DatabaseTransaction, id: Uuid, hours: &[StoredSpan]) -> HubResult<()> {
    opening_hours::Entity::delete_many().filter(opening_hours::Column::FacilityId.eq(id)).exec(txn).await?;
    opening_hours::Entity::insert_many(hours.iter().map(|span| opening_hours::ActiveModel {
        facility_id: Set(id),
        weekday: Set(span.weekday),
        opens_minute: Set(span.opens_minute),
        closes_minute: Set(span.closes_minute),
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

async fn reload<C: ConnectionTrait>(db: &C, id: Uuid) -> HubResult<facility::Model> {
    facility::Entity::find_by_id(id).one(db).await?.ok_or(HubError::NotFound(msg!("facility-not-found")))
}
