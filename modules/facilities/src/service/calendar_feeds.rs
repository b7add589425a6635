//! Calendar feeds and the per-organization secrets that protect them.
//!
//! A feed URL carries the organization's secret (`?token=…`), because calendar programs fetch
//! feeds without any login. Only a SHA-256 of the secret is stored; a rotation replaces it, so
//! the old URL stops working with the same commit. A wrong or missing secret and an unknown
//! facility or organization look the same to the caller (`None`), so guessing learns nothing.

use hub_common::msg;
use std::collections::HashMap;

use chrono::{TimeDelta, Utc};
use hub_common::secrets::{constant_time_eq, new_secret, sha256_hex};
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::Facilities;
use crate::calendar::{self, CalendarEvent};
use crate::entity::{booking, calendar_token, facility};
use crate::kinds::BookingStatus;

/// How far back a feed reaches: calendars keep what they already have.
const FEED_HISTORY_DAYS: i64 = 92;
/// Events in one feed at most, oldest dropped first.
const MAX_FEED_EVENTS: u64 = 2000;

impl Facilities {
    /// Issues a new calendar-feed secret for an organization (its administrators only) and
    /// returns it; this is the only time it is shown. Any earlier secret stops working.
    pub async fn rotate_calendar_token(
        &self,
        principal: &Principal,
        organization_id: Uuid,
    ) -> HubResult<String> {
        if !self.directory.may_administer(principal, organization_id).await? {
            return Err(HubError::forbidden(msg!("only-administrator-organization-may-rotate-calendar")));
        }
        if self.directory.organization(organization_id).await?.is_none() {
            // Only platform admins get here for an unknown id, and they may know.
            return Err(HubError::NotFound(msg!("organization-not-found")));
        }
        let token = new_secret();
        let txn = self.begin_write().await?;
        calendar_token::Entity::insert(calendar_token::ActiveModel {
            organization_id: Set(organization_id),
            token_sha256: Set(sha256_hex(&token)),
            rotated_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::column(calendar_token::Column::OrganizationId)
                .update_columns([calendar_token::Column::TokenSha256, calendar_token::Column::RotatedAt])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        tracing::info!(organization = %organization_id, "calendar secret rotated");
        Ok(token)
    }

    /// Whether `token` is the organization's current calendar secret.
    async fn token_matches(&self, organization_id: Uuid, token: &str) -> HubResult<bool> {
        let stored = calendar_token::Entity::find_by_id(organization_id).one(&self.db).await?;
        Ok(stored.is_some_and(|row| constant_time_eq(&row.token_sha256, &sha256_hex(token))))
    }

    /// The feed of one facility's bookings, for its host's secret.
    pub async fn facility_feed(&self, facility_id: Uuid, token: &str) -> HubResult<Option<String>> {
        let Some(facility) = facility::Entity::find_by_id(facility_id).one(&self.db).await? else {
            return Ok(None);
        };
        if !self.token_matches(facility.owner_id, token).await? {
            return Ok(None);
        }
        let rows = self.feed_rows(Condition::all().add(booking::Column::FacilityId.eq(facility_id))).await?;
        let events = self.events_of(rows).await?;
        Ok(Some(calendar::render(&facility.name, &events)))
    }

    /// The feed of an organization: the bookings it made and those of the facilities it hosts,
    /// for its secret.
    pub async fn organization_feed(&self, organization_id: Uuid, token: &str) -> HubResult<Option<String>> {
        if !self.token_matches(organization_id, token).await? {
            return Ok(None);
        }
        let Some(organization) = self.directory.organization(organization_id).await? else {
            return Ok(None);
        };
        let hosted = facility::Entity::find()
            .select_only()
            .column(facility::Column::Id)
            .filter(facility::Column::OwnerId.eq(organization_id))
            .into_tuple::<Uuid>()
            .all(&self.db)
            .await?;
        let rows = self
            .feed_rows(
                Condition::any()
                    .add(booking::Column::OrganizationId.eq(organization_id))
                    .add(booking::Column::FacilityId.is_in(hosted)),
            )
            .await?;
        let events = self.events_of(rows).await?;
        Ok(Some(calendar::render(&organization.name, &events)))
    }

    async fn feed_rows(&self, which: Condition) -> HubResult<Vec<booking::Model>> {
        let since = Utc::now() - TimeDelta::days(FEED_HISTORY_DAYS);
        let mut rows = booking::Entity::find()
            .filter(which)
            .filter(booking::Column::EndsAt.gt(since))
            .order_by_desc(booking::Column::StartsAt)
            .limit(MAX_FEED_EVENTS)
            .all(&self.db)
            .await?;
        rows.reverse();
        Ok(rows)
    }

    /// Calendar events for bookings, naming facilities, hosts and booking organizations.
    async fn events_of(&self, rows: Vec<booking::Model>) -> HubResult<Vec<CalendarEvent>> {
        let facility_ids: Vec<Uuid> = rows.iter().map(|row| row.facility_id).collect();
        let facilities = self.facilities_by_ids(&facility_ids).await?;
        let organization_ids: Vec<Uuid> = rows
            .iter()
            .map(|row| row.organization_id)
            .chain(facilities.values().map(|f| f.owner_id))
            .collect();
        let names: HashMap<Uuid, String> = self
            .directory
            .organizations_by_ids(&organization_ids)
            .await?
            .into_iter()
            .map(|(id, org)| (id, org.name))
            .collect();
        let name_of = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let facility = facilities.get(&row.facility_id)?;
                let status = match row.status {
                    BookingStatus::Pending => "chờ duyệt",
                    BookingStatus::Confirmed => "đã xác nhận",
                    BookingStatus::Declined => "bị từ chối",
                    BookingStatus::Cancelled => "đã huỷ",
                };
                Some(CalendarEvent {
                    booking_id: row.id,
                    starts_at: row.starts_at,
                    ends_at: row.ends_at,
                    status: row.status,
                    revision: row.revision,
                    updated_at: row.updated_at,
                    summary: format!("{} – {}", facility.name, name_of(&row.organization_id)),
                    location: format!("{}, {}", facility.name, name_of(&facility.owner_id)),
                    description: format!("{}\n{} người tham gia · {}", row.purpose, row.participants, status),
                })
            })
            .collect())
    }
}
