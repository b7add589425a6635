//! Engagements: who recorded what encounter with which students, and under which
//! partnership. The recording organization alone changes or deletes a record.
//!
//! The other organizations a record names confirm it (`confirmEngagement`) before it counts
//! for them: in participation figures an engagement counts for the organizations that have
//! confirmed (the recorder always has), and for a partnership's delivery once every
//! organization named has confirmed, so nobody is credited, or credits a partnership, with an
//! encounter on someone else's word alone. Changing what happened (kind, day, students
//! reached) asks the others to confirm again.

use hub_common::messages::Message;
use hub_common::msg;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::Partnerships;
use super::validate;
use crate::entity::{engagement, engagement_organization as involved, engagement_reach as reach, party};
use crate::kinds::{EngagementKind, PartnershipStatus};

#[derive(Debug, Clone)]
pub struct NewEngagement {
    pub kind: EngagementKind,
    pub held_on: NaiveDate,
    /// The other organizations involved; the recorder is always involved.
    pub organization_ids: Vec<Uuid>,
    pub partnership_id: Option<Uuid>,
    /// (grade, students) pairs.
    pub reach: Vec<(i32, i32)>,
    pub two_way: bool,
    pub notes: Option<String>,
}

/// A partial update: `None` leaves a field as it is; the partnership does not change.
#[derive(Debug, Default, Clone)]
pub struct EngagementChanges {
    pub kind: Option<EngagementKind>,
    pub held_on: Option<NaiveDate>,
    pub organization_ids: Option<Vec<Uuid>>,
    pub reach: Option<Vec<(i32, i32)>>,
    pub two_way: Option<bool>,
    pub notes: Option<Option<String>>,
}

#[derive(Debug, Default, Clone)]
pub struct EngagementQuery {
    pub partnership_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    pub kind: Option<EngagementKind>,
    pub held_from: Option<NaiveDate>,
    pub held_to: Option<NaiveDate>,
}

/// An organization named in an engagement, and when it confirmed (never, so far: `None`).
type Involvement = (Uuid, Option<DateTime<Utc>>);

const NOT_RECORDER: Message = msg!("only-organization-recorded-engagement-may-change");
const NOT_NAMED: Message = msg!("only-organization-named-engagement-may-confirm");

/// Engagements every organization named in them has confirmed.
fn fully_confirmed() -> sea_orm::sea_query::SimpleExpr {
    engagement::Column::Id.not_in_subquery(
        Query::select()
            .column(involved::Column::EngagementId)
            .from(involved::Entity)
            .and_where(involved::Column::ConfirmedAt.is_null())
            .to_owned(),
    )
}

fn involving(organizations: impl IntoIterator<Item = Uuid>) -> sea_orm::sea_query::SimpleExpr {
    engagement::Column::Id.in_subquery(
        Query::select()
            .column(involved::Column::EngagementId)
            .from(involved::Entity)
            .and_where(involved::Column::OrganizationId.is_in(organizations))
            .to_owned(),
    )
}

impl Partnerships {
    /// One page of engagements the caller may see, newest first: those its organizations
    /// took part in, or all of them for department officers.
    pub async fn engagements(
        &self,
        principal: &Principal,
        query: &EngagementQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<engagement::Model>> {
        let access = self.access(Some(principal)).await?;
        let mut select = engagement::Entity::find();
        if !access.officer {
            select = select.filter(involving(access.organizations));
        }
        if let Some(id) = query.partnership_id {
            select = select.filter(engagement::Column::PartnershipId.eq(id));
        }
        if let Some(org) = query.organization_id {
            select = select.filter(involving([org]));
        }
        if let Some(kind) = query.kind {
            select = select.filter(engagement::Column::Kind.eq(kind));
        }
        if let Some(day) = query.held_from {
            select = select.filter(engagement::Column::HeldOn.gte(day));
        }
        if let Some(day) = query.held_to {
            select = select.filter(engagement::Column::HeldOn.lte(day));
        }
        if let Some(after) = page.after {
            select = select.filter(engagement::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(engagement::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// Organizations involved in each engagement.
    pub async fn involved_in(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<Uuid>>> {
        let rows = involved::Entity::find()
            .filter(involved::Column::EngagementId.is_in(ids.iter().copied()))
            .order_by_asc(involved::Column::OrganizationId)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<Uuid>> = ids.iter().map(|id| (*id, Vec::new())).collect();
        for row in rows {
            grouped.entry(row.engagement_id).or_default().push(row.organization_id);
        }
        Ok(grouped)
    }

    /// Organizations named in each engagement that have not confirmed it yet.
    pub async fn unconfirmed_in(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<Uuid>>> {
        let rows = involved::Entity::find()
            .filter(involved::Column::EngagementId.is_in(ids.iter().copied()))
            .filter(involved::Column::ConfirmedAt.is_null())
            .order_by_asc(involved::Column::OrganizationId)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<Uuid>> = ids.iter().map(|id| (*id, Vec::new())).collect();
        for row in rows {
            grouped.entry(row.engagement_id).or_default().push(row.organization_id);
        }
        Ok(grouped)
    }

    /// Students reached by grade, for each engagement.
    pub async fn reach_of(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<reach::Model>>> {
        let rows = reach::Entity::find()
            .filter(reach::Column::EngagementId.is_in(ids.iter().copied()))
            .order_by_asc(reach::Column::Grade)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<reach::Model>> = ids.iter().map(|id| (*id, Vec::new())).collect();
        for row in rows {
            grouped.entry(row.engagement_id).or_default().push(row);
        }
        Ok(grouped)
    }

    /// Records an engagement for the organization the caller's token acts for.
    pub async fn record_engagement(
        &self,
        principal: &Principal,
        input: NewEngagement,
    ) -> HubResult<engagement::Model> {
        let recorder = principal.acting_organization()?;
        if !self.may_act_for(principal, recorder).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        if let Some(partnership_id) = input.partnership_id {
            self.check_recordable_under(recorder, partnership_id, input.held_on).await?;
        }
        let held_on = validate::held_on(input.held_on)?;
        validate::reach(&input.reach)?;
        let notes = validate::notes(input.notes.as_deref())?;
        let organizations = self.involved_organizations(recorder, &input.organization_ids).await?;

        let now = Utc::now();
        let id = Uuid::now_v7();
        let txn = self.begin_write().await?;
        engagement::Entity::insert(engagement::ActiveModel {
            id: Set(id),
            kind: Set(input.kind),
            held_on: Set(held_on),
            recorded_by: Set(recorder),
            partnership_id: Set(input.partnership_id),
            two_way: Set(input.two_way),
            notes: Set(notes),
            created_at: Set(now),
            updated_at: Set(now),
            career_event_id: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        let involvement: Vec<Involvement> =
            organizations.iter().map(|org| (*org, (*org == recorder).then_some(now))).collect();
        write_children(&txn, id, Some(&involvement), Some(&input.reach)).await?;
        let created = engagement::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("engagement-not-found")))?;
        txn.commit().await?;
        tracing::info!(engagement = %id, recorder = %recorder, "engagement recorded");
        Ok(created)
    }

    /// Only a party records under a partnership, and only while the partnership was in
    /// force: accepted (active or since expired) and the day within its period.
    async fn check_recordable_under(
        &self,
        recorder: Uuid,
        partnership_id: Uuid,
        held_on: NaiveDate,
    ) -> HubResult<()> {
        let is_party = party::Entity::find()
            .filter(party::Column::PartnershipId.eq(partnership_id))
            .filter(party::Column::OrganizationId.eq(recorder))
            .one(&self.db)
            .await?
            .is_some();
        if !is_party {
            return Err(HubError::forbidden(msg!("only-party-records-engagements-under-partnership")));
        }
        let row = self.partnerships_by_ids(&[partnership_id]).await?.remove(&partnership_id);
        let row = row.ok_or(HubError::NotFound(msg!("partnership-not-found")))?;
        if row.status != PartnershipStatus::Active {
            return Err(HubError::conflict(msg!("engagements-recorded-under-accepted-partnerships-only")));
        }
        if held_on < row.valid_from || held_on > row.valid_to {
            return Err(HubError::bad_input("input.heldOn", msg!("heldon-outside-partnership-s-period")));
        }
        Ok(())
    }

    /// The recorder and the other organizations given, each existing and listed once.
    pub(super) async fn involved_organizations(
        &self,
        recorder: Uuid,
        others: &[Uuid],
    ) -> HubResult<Vec<Uuid>> {
        let mut all = vec![recorder];
        for id in others {
            if all.contains(id) {
                return Err(HubError::bad_input(
                    "input.organizationIds",
                    msg!("organization-id-listed-twice", id = id),
                ));
            }
            all.push(*id);
        }
        if all.len() > validate::MAX_PARTIES {
            return Err(HubError::bad_input("input.organizationIds", msg!("too-many-organizations")));
        }
        let found = self.directory.organizations_by_ids(&all).await?;
        if let Some(unknown) = all.iter().find(|id| !found.contains_key(id)) {
            return Err(HubError::bad_input(
                "input.organizationIds",
                msg!("organization-unknown-does-not-exist", unknown = unknown),
            ));
        }
        Ok(all)
    }

    /// Loads an engagement the caller may change, refusing before saying whether it exists.
    async fn recorded_engagement(&self, principal: &Principal, id: Uuid) -> HubResult<engagement::Model> {
        let found = engagement::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &found {
            Some(row) => self.may_act_for(principal, row.recorded_by).await?,
            None => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(NOT_RECORDER));
        }
        found.ok_or(HubError::NotFound(msg!("engagement-not-found")))
    }

    pub async fn update_engagement(
        &self,
        principal: &Principal,
        id: Uuid,
        changes: EngagementChanges,
    ) -> HubResult<engagement::Model> {
        let existing = self.recorded_engagement(principal, id).await?;
        let held_on = changes.held_on.map(validate::held_on).transpose()?;
        if let (Some(day), Some(partnership_id)) = (held_on, existing.partnership_id) {
            self.check_recordable_under(existing.recorded_by, partnership_id, day).await?;
        }
        if let Some(rows) = &changes.reach {
            validate::reach(rows)?;
        }
        let recorder = existing.recorded_by;
        // What the others confirmed is the kind, the day and the students reached; a change
        // to any of them asks them to confirm again.
        let facts_changed = changes.kind.is_some_and(|kind| kind != existing.kind)
            || held_on.is_some_and(|day| day != existing.held_on)
            || changes.reach.is_some();
        let now = Utc::now();
        let involvement = match &changes.organization_ids {
            Some(others) => {
                let others: Vec<Uuid> = others.iter().copied().filter(|o| *o != recorder).collect();
                let organizations = self.involved_organizations(recorder, &others).await?;
                let confirmed: HashMap<Uuid, Option<DateTime<Utc>>> = involved::Entity::find()
                    .filter(involved::Column::EngagementId.eq(id))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|row| (row.organization_id, row.confirmed_at))
                    .collect();
                Some(
                    organizations
                        .into_iter()
                        .map(|org| {
                            let kept = if org == recorder {
                                confirmed.get(&org).copied().flatten().or(Some(now))
                            } else if facts_changed {
                                None
                            } else {
                                confirmed.get(&org).copied().flatten()
                            };
                            (org, kept)
                        })
                        .collect::<Vec<_>>(),
                )
            }
            None => None,
        };
        let mut row: engagement::ActiveModel = existing.into();
        if let Some(kind) = changes.kind {
            row.kind = Set(kind);
        }
        if let Some(day) = held_on {
            row.held_on = Set(day);
        }
        if let Some(two_way) = changes.two_way {
            row.two_way = Set(two_way);
        }
        if let Some(notes) = &changes.notes {
            row.notes = Set(validate::notes(notes.as_deref())?);
        }
        row.updated_at = Set(now);
        let txn = self.begin_write().await?;
        let updated = row.update(&txn).await?;
        write_children(&txn, id, involvement.as_deref(), changes.reach.as_deref()).await?;
        if facts_changed && involvement.is_none() {
            involved::Entity::update_many()
                .col_expr(
                    involved::Column::ConfirmedAt,
                    sea_orm::sea_query::Expr::value(None::<DateTime<Utc>>),
                )
                .filter(involved::Column::EngagementId.eq(id))
                .filter(involved::Column::OrganizationId.ne(recorder))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(updated)
    }

    /// Confirms, for the organization the caller's token acts for, that it took part in an
    /// engagement another organization recorded naming it; from then on the engagement counts
    /// for it. Confirming again changes nothing.
    pub async fn confirm_engagement(&self, principal: &Principal, id: Uuid) -> HubResult<engagement::Model> {
        let organization = principal.acting_organization()?;
        if !self.may_act_for(principal, organization).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let named = involved::Entity::find()
            .filter(involved::Column::EngagementId.eq(id))
            .filter(involved::Column::OrganizationId.eq(organization))
            .one(&self.db)
            .await?;
        if named.is_none() {
            return Err(HubError::forbidden(NOT_NAMED));
        }
        let txn = self.begin_write().await?;
        involved::Entity::update_many()
            .col_expr(involved::Column::ConfirmedAt, sea_orm::sea_query::Expr::value(Some(Utc::now())))
            .filter(involved::Column::EngagementId.eq(id))
            .filter(involved::Column::OrganizationId.eq(organization))
            .filter(involved::Column::ConfirmedAt.is_null())
            .exec(&txn)
            .await?;
        let row = engagement::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("engagement-not-found")))?;
        txn.commit().await?;
        tracing::info!(engagement = %id, organization = %organization, "engagement confirmed");
        Ok(row)
    }

    /// Deletes an engagement the caller's organization recorded; returns its id.
    pub async fn delete_engagement(&self, principal: &Principal, id: Uuid) -> HubResult<Uuid> {
        self.recorded_engagement(principal, id).await?;
        let txn = self.begin_write().await?;
        involved::Entity::delete_many().filter(involved::Column::EngagementId.eq(id)).exec(&txn).await?;
        reach::Entity::delete_many().filter(reach::Column::EngagementId.eq(id)).exec(&txn).await?;
        engagement::Entity::delete_by_id(id).exec(&txn).await?;
        txn.commit().await?;
        tracing::info!(engagement = %id, "engagement deleted");
        Ok(id)
    }

    /// How many engagements under `partnership_id` were held in `year`, optionally of one
    /// kind, counting those every organization named in has confirmed.
    pub(crate) async fn engagements_in_year(
        &self,
        partnership_id: Uuid,
        year: i32,
        kind: Option<EngagementKind>,
    ) -> HubResult<i64> {
        let (first, last) = year_bounds(year)?;
        let mut select = engagement::Entity::find()
            .filter(engagement::Column::PartnershipId.eq(partnership_id))
            .filter(engagement::Column::HeldOn.between(first, last))
            .filter(fully_confirmed());
        if let Some(kind) = kind {
            select = select.filter(engagement::Column::Kind.eq(kind));
        }
        Ok(sea_orm::PaginatorTrait::count(select, &self.db).await? as i64)
    }

    /// How many engagements the `recorders` recorded naming no partnership, held in `year`,
    /// optionally of one kind, once confirmed by all they name: a partnership's
    /// `unattributed` figure.
    pub(crate) async fn unattributed_engagements(
        &self,
        recorders: &[Uuid],
        year: i32,
        kind: Option<EngagementKind>,
    ) -> HubResult<i64> {
        let (first, last) = year_bounds(year)?;
        let mut select = engagement::Entity::find()
            .filter(engagement::Column::PartnershipId.is_null())
            .filter(engagement::Column::RecordedBy.is_in(recorders.iter().copied()))
            .filter(engagement::Column::HeldOn.between(first, last))
            .filter(fully_confirmed());
        if let Some(kind) = kind {
            select = select.filter(engagement::Column::Kind.eq(kind));
        }
        Ok(sea_orm::PaginatorTrait::count(select, &self.db).await? as i64)
    }
}

/// First and last day of a calendar year the hub can hold.
pub(crate) fn year_bounds(year: i32) -> HubResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    match (first, last) {
        (Some(first), Some(last)) if (2000..=2200).contains(&year) => Ok((first, last)),
        _ => Err(HubError::bad_input("year", msg!("year-must-between-2000-2200"))),
    }
}

/// Replaces the involved organizations (with when each confirmed) and the reach rows that are
/// given.
pub(super) async fn write_children(
    txn: &DatabaseTransaction,
    id: Uuid,
    organizations: Option<&[Involvement]>,
    rows: Option<&[(i32, i32)]>,
) -> HubResult<()> {
    if let Some(organizations) = organizations {
        involved::Entity::delete_many().filter(involved::Column::EngagementId.eq(id)).exec(txn).await?;
        involved::Entity::insert_many(organizations.iter().map(|(org, confirmed_at)| {
            involved::ActiveModel {
                engagement_id: Set(id),
                organization_id: Set(*org),
                confirmed_at: Set(*confirmed_at),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    if let Some(rows) = rows {
        reach::Entity::delete_many().filter(reach::Column::EngagementId.eq(id)).exec(txn).await?;
        reach::Entity::insert_many(rows.iter().map(|(grade, students)| reach::ActiveModel {
            engagement_id: Set(id),
            grade: Set(*grade),
            students: Set(*students),
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}
