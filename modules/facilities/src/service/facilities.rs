//! Facilities: publishing, changing, withdrawing and listing workshops with their opening
//! spans, closures and booking limits.

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
use super::validate::{self, OpeningDay, StoredSpan};
use crate::entity::{facility, opening_hours, opening_span};
use hub_common::time::TIME_ZONE;

/// A facility as its host describes it.
#[derive(Debug, Clone)]
pub struct NewFacility {
    pub name: String,
    pub trade: String,
    pub capacity: i32,
    pub opening_hours: Vec<OpeningDay>,
    pub approval_required: bool,
    pub equipment: Vec<String>,
    /// Hours between booking and a session's start (0: none).
    pub min_notice_hours: i32,
    /// How many days ahead a session may start (`None`: no limit).
    pub max_advance_days: Option<i32>,
}

/// Changes to a facility; fields left `None` stay as they are. New opening hours replace the
/// old ones and apply to bookings made from then on.
#[derive(Debug, Clone, Default)]
pub struct FacilityChanges {
    pub name: Option<String>,
    pub trade: Option<String>,
    pub capacity: Option<i32>,
    pub opening_hours: Option<Vec<OpeningDay>>,
    pub approval_required: Option<bool>,
    pub equipment: Option<Vec<String>>,
    pub min_notice_hours: Option<i32>,
    /// `Some(None)` removes the limit.
    pub max_advance_days: Option<Option<i32>>,
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

    /// The opening spans of each facility, Monday first and by opening time within a day.
    pub async fn opening_hours_of(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<StoredSpan>>> {
        opening_hours_of(&self.db, ids).await
    }

    /// One page of facilities, oldest first (anyone may look). Withdrawn facilities are left
    /// out, except for the people of their host, who see them marked withdrawn.
    pub async fn facilities(
        &self,
        principal: Option<&Principal>,
        query: &FacilityQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<facility::Model>> {
        let own = match principal {
            Some(_) => self.access(principal).await?.organizations,
            None => Vec::new(),
        };
        let mut select = facility::Entity::find().filter(
            sea_orm::Condition::any()
                .add(facility::Column::WithdrawnAt.is_null())
                .add(facility::Column::OwnerId.is_in(own)),
        );
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
        let min_notice_hours = validate::min_notice_hours(input.min_notice_hours)?;
        let max_advance_days = validate::max_advance_days(input.max_advance_days)?;

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
            withdrawn_at: Set(None),
            withdrawal_reason: Set(None),
            min_notice_hours: Set(min_notice_hours),
            max_advance_days: Set(max_advance_days),
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
        let existing = self.administered(principal, id).await?;
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
        if let Some(hours) = changes.min_notice_hours {
            row.min_notice_hours = Set(validate::min_notice_hours(hours)?);
        }
        if let Some(days) = changes.max_advance_days {
            row.max_advance_days = Set(validate::max_advance_days(days)?);
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

    /// The facility, when the caller administers its host; refuses before saying whether it
    /// exists (platform administrators, who may see everything, are told).
    pub(crate) async fn administered(&self, principal: &Principal, id: Uuid) -> HubResult<facility::Model> {
        let existing = facility::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &existing {
            Some(row) => self.directory.may_administer(principal, row.owner_id).await?,
            None => false,
        };
        match existing.filter(|_| allowed) {
            Some(row) => Ok(row),
            None if principal.is_platform_admin() => Err(HubError::NotFound(msg!("facility-not-found"))),
            None => Err(HubError::forbidden(msg!("only-administrator-host-may-change-facility"))),
        }
    }
}

/// The opening spans of each facility, Monday first and by opening time within a day.
pub(crate) async fn opening_hours_of<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> HubResult<HashMap<Uuid, Vec<StoredSpan>>> {
    let rows = opening_span::Entity::find()
        .filter(opening_span::Column::FacilityId.is_in(ids.iter().copied()))
        .order_by_asc(opening_span::Column::Weekday)
        .order_by_asc(opening_span::Column::OpensMinute)
        .all(db)
        .await?;
    let mut grouped: HashMap<Uuid, Vec<StoredSpan>> = ids.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        grouped.entry(row.facility_id).or_default().push(StoredSpan {
            weekday: row.weekday,
            opens_minute: row.opens_minute,
            closes_minute: row.closes_minute,
        });
    }
    Ok(grouped)
}

/// Replaces a facility's opening spans. The previous release reads one span a weekday from
/// `facilities_opening_hours`, so that table keeps each weekday's first span until it is
/// dropped (bookings there can only be stricter, never across a lunch break).
async fn replace_hours(txn: &DatabaseTransaction, id: Uuid, hours: &[StoredSpan]) -> HubResult<()> {
    opening_span::Entity::delete_many().filter(opening_span::Column::FacilityId.eq(id)).exec(txn).await?;
    opening_span::Entity::insert_many(hours.iter().map(|span| opening_span::ActiveModel {
        facility_id: Set(id),
        weekday: Set(span.weekday),
        opens_minute: Set(span.opens_minute),
        closes_minute: Set(span.closes_minute),
    }))
    .exec_without_returning(txn)
    .await?;
    opening_hours::Entity::delete_many().filter(opening_hours::Column::FacilityId.eq(id)).exec(txn).await?;
    let mut firsts: Vec<&StoredSpan> = Vec::new();
    for span in hours {
        if firsts.last().is_none_or(|last| last.weekday != span.weekday) {
            firsts.push(span);
        }
    }
    opening_hours::Entity::insert_many(firsts.into_iter().map(|span| opening_hours::ActiveModel {
        facility_id: Set(id),
        weekday: Set(span.weekday),
        opens_minute: Set(span.opens_minute),
        closes_minute: Set(span.closes_minute),
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

pub(crate) async fn reload<C: ConnectionTrait>(db: &C, id: Uuid) -> HubResult<facility::Model> {
    facility::Entity::find_by_id(id).one(db).await?.ok_or(HubError::NotFound(msg!("facility-not-found")))
}
