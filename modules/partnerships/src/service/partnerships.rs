//! Partnerships: listing with visibility, and the life cycle propose → accept → terminate,
//! plus renewal. Each change appends a `partnerships.changed` event in its own transaction.

use chrono::{NaiveDate, TimeDelta, Utc};
use directory::OrganizationKind;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::validate::{self, CommitmentItem, today};
use super::{Access, Partnerships};
use crate::entity::{commitment, partnership, party};
use crate::kinds::{PartnershipKind, PartnershipStatus};
use crate::{PARTNERSHIP_CHANGED, PartnershipChanged};

/// A proposal as the caller gave it. `party_ids` are the other parties: the proposer's own
/// organization is always a party.
#[derive(Debug, Clone)]
pub struct NewPartnership {
    pub kind: PartnershipKind,
    pub title: String,
    pub summary: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub commitments: Vec<CommitmentItem>,
    pub document_url: Option<String>,
    pub document_sha256: Option<String>,
    pub party_ids: Vec<Uuid>,
}

/// The terms of a renewal; the parties stay those of the partnership renewed. Commitments
/// left out are copied from it; kind, title and summary likewise.
#[derive(Debug, Clone)]
pub struct Renewal {
    pub kind: Option<PartnershipKind>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub commitments: Option<Vec<CommitmentItem>>,
    pub document_url: Option<String>,
    pub document_sha256: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct PartnershipQuery {
    /// The status as readers see it (`EXPIRED` included).
    pub status: Option<PartnershipStatus>,
    pub kind: Option<PartnershipKind>,
    /// Partnerships this organization is a party to.
    pub organization_id: Option<Uuid>,
}

const NOT_A_PARTY: Message = msg!("only-administrator-one-parties-may-do");

/// The validated columns of a new partnership row.
struct Terms {
    kind: PartnershipKind,
    title: String,
    summary: Option<String>,
    signed_on: Option<NaiveDate>,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    document_url: Option<String>,
    document_sha256: Option<String>,
}

/// The SQL form of "reads as `status` today".
fn status_condition(status: PartnershipStatus, today: NaiveDate) -> Condition {
    let stored = partnership::Column::Status;
    match status {
        PartnershipStatus::Active => Condition::all()
            .add(stored.eq(PartnershipStatus::Active))
            .add(partnership::Column::ValidTo.gte(today)),
        PartnershipStatus::Expired => Condition::all()
            .add(stored.eq(PartnershipStatus::Active))
            .add(partnership::Column::ValidTo.lt(today)),
        other => Condition::all().add(stored.eq(other)),
    }
}

/// Partnerships one of `organizations` is a party to, as a subquery condition.
fn party_of(organizations: impl IntoIterator<Item = Uuid>) -> sea_orm::sea_query::SimpleExpr {
    partnership::Column::Id.in_subquery(
        Query::select()
            .column(party::Column::PartnershipId)
            .from(party::Entity)
            .and_where(party::Column::OrganizationId.is_in(organizations))
            .to_owned(),
    )
}

/// Hides what the caller may not see: proposals from all but their parties, everything from
/// those who are neither parties nor department officers.
fn visibility(access: &Access) -> Condition {
    let mine = party_of(access.organizations.clone());
    if access.officer {
        Condition::any().add(partnership::Column::Status.ne(PartnershipStatus::Proposed)).add(mine)
    } else {
        Condition::all().add(mine)
    }
}

impl Partnerships {
    /// One page of the partnerships the caller may see, newest first.
    pub async fn partnerships(
        &self,
        principal: Option<&Principal>,
        query: &PartnershipQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<partnership::Model>> {
        let access = self.access(principal).await?;
        let mut select = partnership::Entity::find().filter(visibility(&access));
        if let Some(status) = query.status {
            select = select.filter(status_condition(status, today()));
        }
        if let Some(kind) = query.kind {
            select = select.filter(partnership::Column::Kind.eq(kind));
        }
        if let Some(org) = query.organization_id {
            select = select.filter(party_of([org]));
        }
        if let Some(after) = page.after {
            select = select.filter(partnership::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(partnership::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// Active partnerships the caller may see whose validity ends within `days` days from
    /// today (today itself included), soonest first.
    pub async fn expiring(
        &self,
        principal: Option<&Principal>,
        days: i32,
    ) -> HubResult<Vec<partnership::Model>> {
        let days = validate::within_days(days)?;
        let today = today();
        let access = self.access(principal).await?;
        Ok(partnership::Entity::find()
            .filter(visibility(&access))
            .filter(status_condition(PartnershipStatus::Active, today))
            .filter(partnership::Column::ValidTo.lte(today + TimeDelta::days(days)))
            .order_by_asc(partnership::Column::ValidTo)
            .order_by_asc(partnership::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// The party the caller decides for: the organization its token acts for, when that is
    /// a party and the caller may administer it. Refuses before saying whether `id` exists.
    async fn acting_party(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> HubResult<(partnership::Model, Vec<party::Model>, Uuid)> {
        let found = partnership::Entity::find_by_id(id).one(&self.db).await?;
        let parties = match &found {
            Some(row) => self.parties_of(&[row.id]).await?.remove(&row.id).unwrap_or_default(),
            None => Vec::new(),
        };
        let acting =
            principal.organization_id.filter(|org| parties.iter().any(|p| p.organization_id == *org));
        let allowed = match acting {
            Some(org) => self.directory.may_administer(principal, org).await?,
            None => false,
        };
        match (found, acting) {
            (Some(row), Some(org)) if allowed => Ok((row, parties, org)),
            // Platform admins may see everything, so telling them is no leak.
            (None, _) if principal.is_platform_admin() => {
                Err(HubError::NotFound(msg!("partnership-not-found")))
            }
            _ => Err(HubError::forbidden(NOT_A_PARTY)),
        }
    }

    /// Proposes a partnership; the proposer's organization is a party and has accepted.
    pub async fn propose(
        &self,
        principal: &Principal,
        input: NewPartnership,
    ) -> HubResult<partnership::Model> {
        let proposer = principal.acting_organization()?;
        if !self.directory.may_administer(principal, proposer).await? {
            return Err(HubError::forbidden(msg!("only-administrator-may-propose-partnership-organization")));
        }
        let terms = Terms {
            kind: input.kind,
            title: validate::title(&input.title)?,
            summary: validate::summary(input.summary.as_deref())?,
            signed_on: validate::signed_on(input.signed_on)?,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            document_url: None,
            document_sha256: None,
        };
        validate::period(terms.valid_from, terms.valid_to)?;
        let (document_url, document_sha256) =
            validate::document(input.document_url.as_deref(), input.document_sha256.as_deref())?;
        let terms = Terms { document_url, document_sha256, ..terms };
        let commitments = validate::commitments(input.commitments)?;
        let mut parties = vec![proposer];
        parties.extend(input.party_ids);
        validate::party_ids(&parties)?;
        self.check_party_kinds(&parties).await?;

        let txn = self.begin_write().await?;
        let created = insert(&txn, proposer, None, terms, &parties, &commitments).await?;
        let cursor = announce(&txn, &created, &parties).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(partnership = %created.id, proposer = %proposer, cursor, "partnership proposed");
        Ok(created)
    }

    /// Every party exists and is an enterprise, association, school, college or centre, and the
    /// parties pair a place of learning with someone who brings work or training to it: a
    /// business, or a vocational or higher-education institution (the plan's coordination
    /// between schools and vocational institutions, and their shared use of facilities). Two
    /// general-education schools alone, or businesses alone, are not a career-education
    /// partnership.
    async fn check_party_kinds(&self, parties: &[Uuid]) -> HubResult<()> {
        let found = self.directory.organizations_by_ids(parties).await?;
        if let Some(unknown) = parties.iter().find(|id| !found.contains_key(id)) {
            return Err(HubError::bad_input(
                "input.partyIds",
                msg!("organization-unknown-does-not-exist", unknown = unknown),
            ));
        }
        let kinds: Vec<OrganizationKind> =
            parties.iter().filter_map(|id| found.get(id)).map(|org| org.kind).collect();
        if kinds.iter().any(|kind| !kind.is_business() && !kind.is_school()) {
            return Err(HubError::bad_input(
                "input.partyIds",
                msg!("parties-enterprises-business-associations-schools-colleges"),
            ));
        }
        if !pairs_learning_with_work_or_training(&kinds) {
            return Err(HubError::bad_input(
                "input.partyIds",
                msg!("partnership-needs-school-college-centre-besides"),
            ));
        }
        Ok(())
    }

    /// Accepts a proposal for the caller's organization; the last acceptance makes it active.
    pub async fn accept(&self, principal: &Principal, id: Uuid) -> HubResult<partnership::Model> {
        let (existing, parties, org) = self.acting_party(principal, id).await?;
        if existing.valid_to < today() {
            return Err(HubError::conflict(msg!("proposed-period-has-already-ended-propose")));
        }
        let now = Utc::now();
        let txn = self.begin_write().await?;
        // Touching the row first locks it on PostgreSQL, so two last acceptances racing each
        // other both see the final count and exactly one activates.
        let touched = partnership::Entity::update_many()
            .col_expr(partnership::Column::UpdatedAt, Expr::value(now))
            .filter(partnership::Column::Id.eq(id))
            .filter(partnership::Column::Status.eq(PartnershipStatus::Proposed))
            .exec(&txn)
            .await?;
        if touched.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("only-proposed-partnership-can-accepted")));
        }
        let accepted = party::Entity::update_many()
            .col_expr(party::Column::AcceptedAt, Expr::value(now))
            .filter(party::Column::PartnershipId.eq(id))
            .filter(party::Column::OrganizationId.eq(org))
            .filter(party::Column::AcceptedAt.is_null())
            .exec(&txn)
            .await?;
        if accepted.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("your-organization-has-already-accepted")));
        }
        let waiting = party::Entity::find()
            .filter(party::Column::PartnershipId.eq(id))
            .filter(party::Column::AcceptedAt.is_null())
            .count(&txn)
            .await?;
        if waiting == 0 {
            partnership::Entity::update_many()
                .col_expr(partnership::Column::Status, Expr::value(PartnershipStatus::Active))
                .col_expr(partnership::Column::ActivatedAt, Expr::value(now))
                .filter(partnership::Column::Id.eq(id))
                .exec(&txn)
                .await?;
        }
        let updated = reload(&txn, id).await?;
        let ids: Vec<Uuid> = parties.iter().map(|p| p.organization_id).collect();
        let cursor = announce(&txn, &updated, &ids).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(partnership = %id, party = %org, cursor, active = waiting == 0, "partnership accepted");
        Ok(updated)
    }

    /// Ends a proposal or an active partnership early, for a reason every party will read.
    pub async fn terminate(
        &self,
        principal: &Principal,
        id: Uuid,
        reason: &str,
    ) -> HubResult<partnership::Model> {
        let (_, parties, org) = self.acting_party(principal, id).await?;
        let reason = validate::reason(reason)?;
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let result = partnership::Entity::update_many()
            .col_expr(partnership::Column::Status, Expr::value(PartnershipStatus::Terminated))
            .col_expr(partnership::Column::TerminatedAt, Expr::value(now))
            .col_expr(partnership::Column::TerminatedBy, Expr::value(org))
            .col_expr(partnership::Column::TerminationReason, Expr::value(reason))
            .col_expr(partnership::Column::UpdatedAt, Expr::value(now))
            .filter(partnership::Column::Id.eq(id))
            .filter(
                Condition::any()
                    .add(partnership::Column::Status.eq(PartnershipStatus::Proposed))
                    .add(status_condition(PartnershipStatus::Active, today())),
            )
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("only-proposed-active-partnership-can-terminated")));
        }
        let updated = reload(&txn, id).await?;
        let ids: Vec<Uuid> = parties.iter().map(|p| p.organization_id).collect();
        let cursor = announce(&txn, &updated, &ids).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(partnership = %id, party = %org, cursor, "partnership terminated");
        Ok(updated)
    }

    /// Proposes the next period of an active or expired partnership between the same
    /// parties; the renewing party has accepted, the others accept as for any proposal.
    pub async fn renew(
        &self,
        principal: &Principal,
        id: Uuid,
        input: Renewal,
    ) -> HubResult<partnership::Model> {
        let (old, parties, org) = self.acting_party(principal, id).await?;
        if old.status != PartnershipStatus::Active {
            return Err(HubError::conflict(msg!("only-active-expired-partnership-can-renewed")));
        }
        let title = match &input.title {
            Some(title) => validate::title(title)?,
            None => old.title.clone(),
        };
        let summary = match &input.summary {
            Some(summary) => validate::summary(Some(summary))?,
            None => old.summary.clone(),
        };
        validate::period(input.valid_from, input.valid_to)?;
        if input.valid_from <= old.valid_from {
            return Err(HubError::bad_input(
                "input.validFrom",
                msg!("renewal-starts-after-partnership-renews"),
            ));
        }
        let (document_url, document_sha256) =
            validate::document(input.document_url.as_deref(), input.document_sha256.as_deref())?;
        let commitments = match input.commitments {
            Some(items) => validate::commitments(items)?,
            None => self
                .commitments_of(&[id])
                .await?
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|c| CommitmentItem { kind: c.kind, per_year: c.per_year, description: c.description })
                .collect(),
        };
        let terms = Terms {
            kind: input.kind.unwrap_or(old.kind),
            title,
            summary,
            signed_on: validate::signed_on(input.signed_on)?,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            document_url,
            document_sha256,
        };
        // The renewing party first, so it is recorded as the proposer.
        let mut ids = vec![org];
        ids.extend(parties.iter().map(|p| p.organization_id).filter(|p| *p != org));

        let txn = self.begin_write().await?;
        let pending = partnership::Entity::find()
            .filter(partnership::Column::RenewedFromId.eq(id))
            .filter(partnership::Column::Status.ne(PartnershipStatus::Terminated))
            .count(&txn)
            .await?;
        if pending > 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("partnership-has-already-been-renewed")));
        }
        let created = insert(&txn, org, Some(id), terms, &ids, &commitments).await?;
        let cursor = announce(&txn, &created, &ids).await?;
        txn.commit().await?;
        self.events.wake_relay();
        tracing::info!(partnership = %created.id, renews = %id, cursor, "partnership renewal proposed");
        Ok(created)
    }
}

/// Writes a proposal: the row, its parties (the first, the proposer, already accepted) and
/// its commitments.
async fn insert(
    txn: &DatabaseTransaction,
    proposer: Uuid,
    renewed_from: Option<Uuid>,
    terms: Terms,
    parties: &[Uuid],
    commitments: &[CommitmentItem],
) -> HubResult<partnership::Model> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    partnership::Entity::insert(partnership::ActiveModel {
        id: Set(id),
        kind: Set(terms.kind),
        title: Set(terms.title),
        summary: Set(terms.summary),
        signed_on: Set(terms.signed_on),
        valid_from: Set(terms.valid_from),
        valid_to: Set(terms.valid_to),
        document_url: Set(terms.document_url),
        document_sha256: Set(terms.document_sha256),
        status: Set(PartnershipStatus::Proposed),
        proposed_by: Set(proposer),
        renewed_from_id: Set(renewed_from),
        activated_at: Set(None),
        terminated_at: Set(None),
        terminated_by: Set(None),
        termination_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    party::Entity::insert_many(parties.iter().map(|org| party::ActiveModel {
        partnership_id: Set(id),
        organization_id: Set(*org),
        accepted_at: Set((*org == proposer).then_some(now)),
    }))
    .exec_without_returning(txn)
    .await?;
    if !commitments.is_empty() {
        commitment::Entity::insert_many(commitments.iter().enumerate().map(|(position, item)| {
            commitment::ActiveModel {
                id: Set(Uuid::now_v7()),
                partnership_id: Set(id),
                kind: Set(item.kind),
                per_year: Set(item.per_year),
                description: Set(item.description.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    reload(txn, id).await
}

/// Appends the change to the outbox inside the caller's transaction.
async fn announce(txn: &DatabaseTransaction, row: &partnership::Model, parties: &[Uuid]) -> HubResult<i64> {
    let event = PartnershipChanged {
        partnership_id: row.id,
        parties: parties.to_vec(),
        status: row.effective_status(today()),
    };
    PARTNERSHIP_CHANGED.publish(txn, &event).await
}

async fn reload<C: ConnectionTrait>(db: &C, id: Uuid) -> HubResult<partnership::Model> {
    partnership::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(HubError::NotFound(msg!("partnership-not-found")))
}

/// Whether some party teaches and another party brings work or training to it.
fn pairs_learning_with_work_or_training(kinds: &[OrganizationKind]) -> bool {
    kinds.iter().enumerate().any(|(learner, kind)| {
        kind.is_school()
            && kinds
                .iter()
                .enumerate()
                .any(|(other, partner)| other != learner && partner.brings_work_or_training())
    })
}
