//! Nominations: a school puts a student forward, the enterprise decides, the student works,
//! the enterprise records the hours.
//!
//! Every transaction that touches both tables locks the offer row before the nomination row, so
//! an accept and a withdrawal of the same nomination queue instead of deadlocking.

use chrono::Utc;
use hub_common::error::on_unique_violation;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{Internships, validate};
use crate::entity::{nomination, offer};
use crate::events::{NOMINATION_CHANGED, NominationChanged};
use crate::kinds::{NominationDecision, NominationStatus, OfferStatus};

#[derive(Debug, Clone)]
pub struct NewNomination {
    pub offer_id: Uuid,
    pub student_ref: String,
    pub grade: i32,
    pub note: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct NominationQuery {
    pub offer_id: Option<Uuid>,
    pub status: Option<NominationStatus>,
}

/// A nomination together with the offer it is for.
struct Placement {
    nomination: nomination::Model,
    offer: offer::Model,
}

impl Internships {
    /// One page of the nominations the caller may see, newest first: a school its own, an
    /// enterprise those for its offers, department officers all.
    pub async fn nominations(
        &self,
        principal: &Principal,
        query: &NominationQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<nomination::Model>> {
        let access = self.access(Some(principal)).await?;
        let mut select = nomination::Entity::find();
        if !access.officer {
            let offers_of_caller = Query::select()
                .column(offer::Column::Id)
                .from(offer::Entity)
                .and_where(offer::Column::EnterpriseId.is_in(access.organizations.iter().copied()))
                .to_owned();
            select = select.filter(
                Condition::any()
                    .add(nomination::Column::NominatingOrganizationId.is_in(access.organizations))
                    .add(nomination::Column::OfferId.in_subquery(offers_of_caller)),
            );
        }
        if let Some(offer_id) = query.offer_id {
            select = select.filter(nomination::Column::OfferId.eq(offer_id));
        }
        if let Some(status) = query.status {
            select = select.filter(nomination::Column::Status.eq(status));
        }
        if let Some(after) = page.after {
            select = select.filter(nomination::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(nomination::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// One nomination by id, with no visibility applied: for the `nominationChanged` event,
    /// whose subscribers are parties to it (the subscription checked that).
    pub async fn nomination_by_id(&self, id: Uuid) -> HubResult<Option<nomination::Model>> {
        Ok(nomination::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Nominates a student of the school the caller's token acts for.
    pub async fn nominate(
        &self,
        principal: &Principal,
        input: NewNomination,
    ) -> HubResult<nomination::Model> {
        let school_id = principal.acting_organization()?;
        if !self.may_act_for(principal, school_id).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let Some(school) = self.directory.organization(school_id).await?.filter(|org| org.kind.is_school())
        else {
            return Err(HubError::forbidden(msg!("only-schools-colleges-nominate-students")));
        };
        let student_ref = validate::student_ref(&input.student_ref)?;
        let grade = validate::grade(input.grade, school.kind)?;
        let note = validate::note(input.note.as_deref())?;

        // Visibility may ask the directory, so it is settled before the transaction holds a
        // connection (and on SQLite the write lock).
        let visible = match offer::Entity::find_by_id(input.offer_id).one(&self.db).await? {
            Some(offer) => self.visible_to(Some(principal), &offer).await?,
            None => false,
        };
        if !visible {
            // A draft looks exactly like an id that does not exist.
            return Err(HubError::NotFound(msg!("internship-offer-not-found")));
        }
        let txn = self.begin_write().await?;
        // The shared lock holds off a concurrent close until this nomination is in (SQLite's
        // write lock, taken by `begin_write`, does the same there).
        let offer = offer::Entity::find_by_id(input.offer_id)
            .lock_shared()
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("internship-offer-not-found")))?;
        match offer.status {
            OfferStatus::Published => {}
            OfferStatus::Closed => {
                return Err(HubError::conflict(msg!("offer-closed-takes-no-nominations")));
            }
            OfferStatus::Cancelled => return Err(HubError::conflict(msg!("offer-was-cancelled"))),
            OfferStatus::Draft => return Err(HubError::conflict(msg!("offer-not-published-yet"))),
        }
        if offer.application_deadline < validate::today() {
            return Err(HubError::conflict(msg!("application-deadline-offer-has-passed")));
        }
        let levels = offer.levels();
        if !levels.iter().any(|level| level.admits_grade(grade)) {
            let open_to = levels.iter().map(|level| level.describe()).collect();
            return Err(HubError::bad_input(
                "grade",
                msg!("offer-open-only-to-levels", levels => open_to, grade = grade),
            ));
        }
        let created = nomination::ActiveModel {
            id: Set(Uuid::now_v7()),
            offer_id: Set(offer.id),
            nominating_organization_id: Set(school_id),
            student_ref: Set(student_ref),
            grade: Set(grade),
            note: Set(note),
            status: Set(NominationStatus::Submitted),
            hours: Set(None),
            evaluation: Set(None),
            decided_at: Set(None),
            completed_at: Set(None),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await
        .map_err(|err| on_unique_violation(err, msg!("school-has-already-nominated-student-offer")))?;
        let cursor = NOMINATION_CHANGED.publish(&txn, &NominationChanged::new(&created, &offer)).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(nomination = %created.id, offer = %offer.id, school = %school_id, cursor, "student nominated");
        Ok(created)
    }

    /// Loads a nomination and its offer for someone allowed to act on it, refusing before
    /// saying whether it exists. `enterprise_side` picks who is allowed: the offer's enterprise,
    /// or the nominating school.
    async fn placement_for(
        &self,
        principal: &Principal,
        id: Uuid,
        enterprise_side: bool,
    ) -> HubResult<Placement> {
        let found = nomination::Entity::find_by_id(id).one(&self.db).await?;
        let offer = match &found {
            Some(nomination) => offer::Entity::find_by_id(nomination.offer_id).one(&self.db).await?,
            None => None,
        };
        let allowed = match (&found, &offer) {
            (Some(nomination), Some(offer)) => {
                let party =
                    if enterprise_side { offer.enterprise_id } else { nomination.nominating_organization_id };
                self.may_act_for(principal, party).await?
            }
            // Platform admins may act for everybody, so telling them is no leak.
            _ => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(if enterprise_side {
                msg!("only-enterprise-posted-offer-may-decide")
            } else {
                msg!("only-school-made-nomination-may-withdraw")
            }));
        }
        match (found, offer) {
            (Some(nomination), Some(offer)) => Ok(Placement { nomination, offer }),
            _ => Err(HubError::NotFound(msg!("nomination-not-found"))),
        }
    }

    /// Accepts or rejects a submitted nomination.
    ///
    /// Accepting takes a seat with one conditional `UPDATE … SET accepted_count =
    /// accepted_count + 1 WHERE accepted_count < seats`: the database serializes concurrent
    /// accepts on the offer row and re-checks the condition for each, so however many arrive
    /// at once, exactly as many succeed as there are seats.
    pub async fn decide(
        &self,
        principal: &Principal,
        id: Uuid,
        decision: NominationDecision,
    ) -> HubResult<nomination::Model> {
        let Placement { nomination, offer } = self.placement_for(principal, id, true).await?;
        if nomination.status != NominationStatus::Submitted {
            return Err(HubError::conflict(msg!("nomination-has-already-been-decided")));
        }
        if offer.status == OfferStatus::Cancelled {
            return Err(HubError::conflict(msg!("offer-was-cancelled")));
        }
        let txn = self.begin_write().await?;
        let status = match decision {
            NominationDecision::Accept => {
                let seat = offer::Entity::update_many()
                    .col_expr(offer::Column::AcceptedCount, Expr::col(offer::Column::AcceptedCount).add(1))
                    .filter(offer::Column::Id.eq(offer.id))
                    .filter(offer::Column::Status.is_in([OfferStatus::Published, OfferStatus::Closed]))
                    .filter(Expr::col(offer::Column::AcceptedCount).lt(Expr::col(offer::Column::Seats)))
                    .exec(&txn)
                    .await?;
                if seat.rows_affected == 0 {
                    let now = offer::Entity::find_by_id(offer.id).one(&txn).await?;
                    txn.rollback().await?;
                    return Err(match now.map(|offer| offer.status) {
                        Some(OfferStatus::Cancelled) => HubError::conflict(msg!("offer-was-cancelled")),
                        _ => HubError::conflict(msg!("all-seats-taken")),
                    });
                }
                NominationStatus::Accepted
            }
            NominationDecision::Reject => NominationStatus::Rejected,
        };
        let decided = nomination::ActiveModel {
            status: Set(status),
            decided_at: Set(Some(Utc::now())),
            ..Default::default()
        };
        self.finish(
            txn,
            id,
            NominationStatus::Submitted,
            decided,
            msg!("nomination-has-already-been-decided"),
        )
        .await
    }

    /// Withdraws a submitted or accepted nomination; an accepted one gives its seat back in the
    /// same transaction.
    pub async fn withdraw(&self, principal: &Principal, id: Uuid) -> HubResult<nomination::Model> {
        let Placement { nomination, offer } = self.placement_for(principal, id, false).await?;
        let was = nomination.status;
        if !matches!(was, NominationStatus::Submitted | NominationStatus::Accepted) {
            return Err(HubError::conflict(msg!("only-submitted-accepted-nomination-can-withdrawn")));
        }
        let txn = self.begin_write().await?;
        if was == NominationStatus::Accepted {
            offer::Entity::update_many()
                .col_expr(offer::Column::AcceptedCount, Expr::col(offer::Column::AcceptedCount).sub(1))
                .filter(offer::Column::Id.eq(offer.id))
                .filter(offer::Column::AcceptedCount.gt(0))
                .exec(&txn)
                .await?;
        }
        let withdrawn =
            nomination::ActiveModel { status: Set(NominationStatus::Withdrawn), ..Default::default() };
        // If the status moved meanwhile, `finish` rolls the seat change back with everything else.
        self.finish(txn, id, was, withdrawn, msg!("nomination-changed-meanwhile-reload-try-again")).await
    }

    /// Records a finished placement with the hours the student worked.
    pub async fn complete(
        &self,
        principal: &Principal,
        id: Uuid,
        hours: i32,
        evaluation: Option<String>,
    ) -> HubResult<nomination::Model> {
        let Placement { nomination, offer } = self.placement_for(principal, id, true).await?;
        let hours = validate::hours(hours)?;
        let evaluation = validate::evaluation(evaluation.as_deref())?;
        if nomination.status != NominationStatus::Accepted {
            return Err(HubError::conflict(msg!("only-accepted-nomination-can-completed")));
        }
        if offer.status == OfferStatus::Cancelled {
            return Err(HubError::conflict(msg!("offer-was-cancelled")));
        }
        let txn = self.begin_write().await?;
        let completed = nomination::ActiveModel {
            status: Set(NominationStatus::Completed),
            hours: Set(Some(hours)),
            evaluation: Set(evaluation),
            completed_at: Set(Some(Utc::now())),
            ..Default::default()
        };
        self.finish(
            txn,
            id,
            NominationStatus::Accepted,
            completed,
            msg!("only-accepted-nomination-can-completed"),
        )
        .await
    }

    /// Applies `changes` to the nomination if it is still in status `from`, announces its new
    /// state with the offer's seats (`nominationChanged`) and commits; otherwise rolls the
    /// whole transaction back and answers `CONFLICT`.
    async fn finish(
        &self,
        txn: DatabaseTransaction,
        id: Uuid,
        from: NominationStatus,
        changes: nomination::ActiveModel,
        refusal: Message,
    ) -> HubResult<nomination::Model> {
        let result = nomination::Entity::update_many()
            .set(changes)
            .filter(nomination::Column::Id.eq(id))
            .filter(nomination::Column::Status.eq(from))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(refusal));
        }
        let row = nomination::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("nomination-not-found")))?;
        let offer = offer::Entity::find_by_id(row.offer_id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("internship-offer-not-found")))?;
        let cursor = NOMINATION_CHANGED.publish(&txn, &NominationChanged::new(&row, &offer)).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(nomination = %id, status = ?row.status, cursor, "nomination changed");
        Ok(row)
    }
}
