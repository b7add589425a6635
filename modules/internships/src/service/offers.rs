//! Offers: listing with visibility, and the enterprise's life cycle of an offer.

use chrono::{NaiveDate, Utc};
use directory::OrganizationKind;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::projection::Projection;
use hub_common::text::fold_for_search;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};
use uuid::Uuid;

use super::{Internships, OfferQuery, validate};
use crate::entity::offer;
use crate::events::{OFFER_PUBLISHED, OfferPublished};
use crate::kinds::{EligibleLevel, OfferStatus};

#[derive(Debug, Clone)]
pub struct NewOffer {
    pub title: String,
    pub description: String,
    pub sector: String,
    pub area_id: Uuid,
    pub seats: i32,
    pub eligible_levels: Vec<EligibleLevel>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub application_deadline: NaiveDate,
    pub stipend_vnd: Option<i64>,
    /// The partnership this offer delivers; the enterprise must be an active party to it.
    pub partnership_id: Option<Uuid>,
}

/// A partial update: `None` leaves a field as it is, `Some(None)` clears the stipend.
#[derive(Debug, Default, Clone)]
pub struct OfferChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sector: Option<String>,
    pub area_id: Option<Uuid>,
    pub seats: Option<i32>,
    pub eligible_levels: Option<Vec<EligibleLevel>>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub application_deadline: Option<NaiveDate>,
    pub stipend_vnd: Option<Option<i64>>,
    /// `Some(None)` detaches the offer from its partnership.
    pub partnership_id: Option<Option<Uuid>>,
}

const NOT_OWNER: Message = msg!("only-enterprise-posted-offer-may-change");

impl Internships {
    /// One page of the offers the caller may see, newest first.
    pub async fn offers(
        &self,
        principal: Option<&Principal>,
        query: &OfferQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<offer::Model>> {
        Ok(self.offers_page(principal, query, page).await?.all(&self.reads).await?)
    }

    /// The page [`Self::offers`] gives, reading only `projection`'s columns (for the compiled
    /// plans; see `hub_common::projection`).
    pub(crate) async fn offers_projected(
        &self,
        principal: Option<&Principal>,
        query: &OfferQuery,
        page: &PageRequest<Uuid>,
        projection: &Projection<offer::Column>,
    ) -> HubResult<Vec<offer::Model>> {
        self.read_projected(self.offers_page(principal, query, page).await?, projection).await
    }

    /// The offers `select` finds, reading only `projection`'s columns, in its order.
    pub(super) async fn read_projected(
        &self,
        select: Select<offer::Entity>,
        projection: &Projection<offer::Column>,
    ) -> HubResult<Vec<offer::Model>> {
        let select = select.select_only().columns(projection.columns().iter().copied());
        let rows = self.reads.query_all(select.as_query()).await?;
        let rows = rows.iter().map(|row| offer::Model::from_projected(&projection.row(row, 0)));
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The statement of one page of the offers the caller may see.
    async fn offers_page(
        &self,
        principal: Option<&Principal>,
        query: &OfferQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Select<offer::Entity>> {
        let matcher = self.resolve_filter(query).await?;
        let access = self.access(principal).await?;
        let mut select = offer::Entity::find().filter(matcher.condition());
        if !access.officer {
            select = select.filter(
                Condition::any()
                    .add(offer::Column::Status.is_in(OfferStatus::PUBLIC))
                    .add(offer::Column::EnterpriseId.is_in(access.organizations)),
            );
        }
        if let Some(status) = query.status {
            select = select.filter(offer::Column::Status.eq(status));
        }
        if let Some(after) = page.after {
            select = select.filter(offer::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(offer::Column::Id).limit(page.fetch_limit()))
    }

    /// Loads an offer the caller may change, refusing before saying whether it exists.
    async fn owned_offer(&self, principal: &Principal, id: Uuid) -> HubResult<offer::Model> {
        let found = offer::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &found {
            Some(offer) => self.may_act_for(principal, offer.enterprise_id).await?,
            // Platform admins may act for every enterprise, so telling them is no leak.
            None => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(NOT_OWNER));
        }
        found.ok_or(HubError::NotFound(msg!("internship-offer-not-found")))
    }

    /// Creates a draft for the enterprise the caller's token acts for.
    pub async fn create_offer(&self, principal: &Principal, input: NewOffer) -> HubResult<offer::Model> {
        let enterprise_id = principal.acting_organization()?;
        if !self.may_act_for(principal, enterprise_id).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let enterprise = self.directory.organization(enterprise_id).await?;
        if enterprise.is_none_or(|org| org.kind != OrganizationKind::Enterprise) {
            return Err(HubError::forbidden(msg!("only-enterprises-post-internship-offers")));
        }
        let title = validate::title(&input.title)?;
        let description = validate::description(&input.description)?;
        let sector = validate::sector(&input.sector)?;
        let seats = validate::seats(input.seats)?;
        let eligible_levels = validate::levels(&input.eligible_levels)?;
        validate::dates(input.start_date, input.end_date, input.application_deadline)?;
        validate::future_deadline(input.application_deadline)?;
        let stipend_vnd = validate::stipend(input.stipend_vnd)?;
        self.directory.require_current_area(input.area_id).await?;
        if let Some(partnership) = input.partnership_id {
            self.check_partnership(enterprise_id, partnership).await?;
        }

        let now = Utc::now();
        let created = offer::ActiveModel {
            id: Set(Uuid::now_v7()),
            enterprise_id: Set(enterprise_id),
            title_search: Set(fold_for_search(&title)),
            title: Set(title),
            description: Set(description),
            sector: Set(sector),
            area_id: Set(input.area_id),
            seats: Set(seats),
            accepted_count: Set(0),
            eligible_levels: Set(eligible_levels),
            start_date: Set(input.start_date),
            end_date: Set(input.end_date),
            application_deadline: Set(input.application_deadline),
            stipend_vnd: Set(stipend_vnd),
            status: Set(OfferStatus::Draft),
            partnership_id: Set(input.partnership_id),
            published_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let txn = self.begin_write().await?;
        let created = created.insert(&txn).await?;
        txn.commit().await?;
        tracing::info!(offer = %created.id, enterprise = %enterprise_id, "internship offer drafted");
        Ok(created)
    }

    /// Changes a draft or a published offer. Seats never drop below the nominations already
    /// accepted; the guard is part of the `UPDATE`, so an accept racing with the edit cannot
    /// slip between the check and the write.
    pub async fn update_offer(
        &self,
        principal: &Principal,
        id: Uuid,
        changes: OfferChanges,
    ) -> HubResult<offer::Model> {
        let existing = self.owned_offer(principal, id).await?;
        if !existing.status.is_editable() {
            return Err(HubError::conflict(msg!("closed-cancelled-offer-can-no-longer")));
        }
        let mut row = <offer::ActiveModel as Default>::default();
        if let Some(title) = &changes.title {
            let title = validate::title(title)?;
            row.title_search = Set(fold_for_search(&title));
            row.title = Set(title);
        }
        if let Some(description) = &changes.description {
            row.description = Set(validate::description(description)?);
        }
        if let Some(sector) = &changes.sector {
            row.sector = Set(validate::sector(sector)?);
        }
        let seats = changes.seats.map(validate::seats).transpose()?.unwrap_or(existing.seats);
        if seats < existing.accepted_count {
            return Err(HubError::bad_input(
                "seats",
                msg!("seats-cannot-drop-below-accepted-count", accepted_count = existing.accepted_count),
            ));
        }
        row.seats = Set(seats);
        if let Some(levels) = &changes.eligible_levels {
            row.eligible_levels = Set(validate::levels(levels)?);
        }
        let start = changes.start_date.unwrap_or(existing.start_date);
        let end = changes.end_date.unwrap_or(existing.end_date);
        let deadline = changes.application_deadline.unwrap_or(existing.application_deadline);
        validate::dates(start, end, deadline)?;
        if deadline != existing.application_deadline {
            validate::future_deadline(deadline)?;
        }
        row.start_date = Set(start);
        row.end_date = Set(end);
        row.application_deadline = Set(deadline);
        if let Some(stipend) = changes.stipend_vnd {
            row.stipend_vnd = Set(validate::stipend(stipend)?);
        }
        if let Some(area_id) = changes.area_id {
            self.directory.require_current_area(area_id).await?;
            row.area_id = Set(area_id);
        }
        if let Some(partnership) = changes.partnership_id {
            if let Some(id) = partnership.filter(|id| Some(*id) != existing.partnership_id) {
                self.check_partnership(existing.enterprise_id, id).await?;
            }
            row.partnership_id = Set(partnership);
        }
        row.updated_at = Set(Utc::now());

        let txn = self.begin_write().await?;
        let result = offer::Entity::update_many()
            .set(row)
            .filter(offer::Column::Id.eq(id))
            .filter(offer::Column::Status.is_in([OfferStatus::Draft, OfferStatus::Published]))
            .filter(offer::Column::AcceptedCount.lte(seats))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(HubError::conflict(msg!("offer-changed-meanwhile-reload-try-again")));
        }
        txn.commit().await?;
        self.reload(id).await
    }

    /// Opens a draft to nominations and announces it, in one transaction: the offer and its
    /// `internships.offer_published` event commit together or not at all.
    pub async fn publish_offer(&self, principal: &Principal, id: Uuid) -> HubResult<offer::Model> {
        let existing = self.owned_offer(principal, id).await?;
        let verified =
            self.directory.organization(existing.enterprise_id).await?.is_some_and(|org| org.verified);
        if !verified {
            return Err(HubError::forbidden(msg!("only-verified-enterprises-publish-offers-department")));
        }
        if existing.status != OfferStatus::Draft {
            return Err(HubError::conflict(msg!("only-draft-can-published")));
        }
        if existing.application_deadline < validate::today() {
            return Err(HubError::conflict(msg!("application-deadline-has-passed-set-later")));
        }
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let result = offer::Entity::update_many()
            .set(offer::ActiveModel {
                status: Set(OfferStatus::Published),
                published_at: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(offer::Column::Id.eq(id))
            .filter(offer::Column::Status.eq(OfferStatus::Draft))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("only-draft-can-published")));
        }
        let published = offer::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("internship-offer-not-found")))?;
        let cursor = OFFER_PUBLISHED.publish(&txn, &OfferPublished::from(&published)).await?;
        txn.commit().await?;
        // The relay would find the row at its next poll; waking it makes delivery immediate.
        self.events.wake_relay();
        tracing::info!(offer = %id, cursor, "internship offer published");
        Ok(published)
    }

    /// Stops taking nominations. Those already made are still decided and completed.
    pub async fn close_offer(&self, principal: &Principal, id: Uuid) -> HubResult<offer::Model> {
        self.owned_offer(principal, id).await?;
        self.transition(
            id,
            &[OfferStatus::Published],
            OfferStatus::Closed,
            msg!("only-published-offer-can-closed"),
        )
        .await
    }

    /// Withdraws a draft or a published offer; it disappears from everybody but the enterprise
    /// and the department officers.
    pub async fn cancel_offer(&self, principal: &Principal, id: Uuid) -> HubResult<offer::Model> {
        self.owned_offer(principal, id).await?;
        self.transition(
            id,
            &[OfferStatus::Draft, OfferStatus::Published],
            OfferStatus::Cancelled,
            msg!("only-draft-published-offer-can-cancelled"),
        )
        .await
    }

    /// Moves an offer from one of `from` to `to` with one conditional `UPDATE`, so two racing
    /// transitions cannot both succeed.
    async fn transition(
        &self,
        id: Uuid,
        from: &[OfferStatus],
        to: OfferStatus,
        refusal: Message,
    ) -> HubResult<offer::Model> {
        let txn = self.begin_write().await?;
        let result = offer::Entity::update_many()
            .col_expr(offer::Column::Status, Expr::value(to))
            .col_expr(offer::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(offer::Column::Id.eq(id))
            .filter(offer::Column::Status.is_in(from.iter().copied()))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(HubError::conflict(refusal));
        }
        txn.commit().await?;
        self.reload(id).await
    }

    async fn reload(&self, id: Uuid) -> HubResult<offer::Model> {
        offer::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(HubError::NotFound(msg!("internship-offer-not-found")))
    }
}

impl Internships {
    /// Seats of the published or closed offers naming `partnership` that start in `year`:
    /// what they offered for it that year, whatever became of the nominations. Partnerships
    /// (through the gateway) count commitments with it; drafts and cancelled offers were
    /// never offered.
    pub async fn seats_offered(&self, partnership: Uuid, year: i32) -> HubResult<i64> {
        self.seats_starting_in(year, offer::Column::PartnershipId.eq(partnership)).await
    }

    /// Seats of the published or closed offers of `enterprises` that start in `year` and name
    /// no partnership: a partnership's unattributed figure.
    pub async fn seats_unattributed(&self, enterprises: &[Uuid], year: i32) -> HubResult<i64> {
        if enterprises.is_empty() {
            return Ok(0);
        }
        let unattributed = Condition::all()
            .add(offer::Column::PartnershipId.is_null())
            .add(offer::Column::EnterpriseId.is_in(enterprises.iter().copied()));
        self.seats_starting_in(year, unattributed).await
    }

    async fn seats_starting_in(
        &self,
        year: i32,
        which: impl sea_orm::sea_query::IntoCondition,
    ) -> HubResult<i64> {
        let (Some(first), Some(last)) =
            (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Err(HubError::bad_input("year", msg!("year-out-range")));
        };
        let seats: Option<i64> = offer::Entity::find()
            .select_only()
            .column_as(offer::Column::Seats.sum(), "seats")
            .filter(which)
            .filter(offer::Column::Status.is_in(OfferStatus::PUBLIC))
            .filter(offer::Column::StartDate.between(first, last))
            .into_tuple::<Option<i64>>()
            .one(&self.db)
            .await?
            .flatten();
        Ok(seats.unwrap_or(0))
    }
}
