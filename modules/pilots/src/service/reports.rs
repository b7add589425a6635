//! Yearly reports: an organization drafts its report for a calendar year (any member) and its
//! administrator submits it; an officer accepts it or returns it with a reason, after which the
//! organization edits and submits again. Due on 25 December of the year; a report first
//! submitted later is still taken, and reads as late (a resubmission after a return does not
//! make an on-time report late).
//!
//! Officers do not see drafts. "Outstanding" means: an organization expected to report (see
//! [`crate::kinds::reports_yearly`]) with no report that is `SUBMITTED` or `ACCEPTED` for the
//! year, so drafts and returned reports are outstanding.

use chrono::{NaiveDate, Utc};
use directory::OrganizationRecord;
use hub_common::error::on_unique_violation;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal, Remit};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::{Pilots, validate};
use crate::entity::annual_report;
use crate::kinds::{REPORTING_KINDS, ReportStatus, reports_yearly};

/// What a draft says.
#[derive(Debug, Clone)]
pub struct ReportDraft {
    pub year: i32,
    pub summary: String,
    pub document_url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AnnualReportQuery {
    pub year: Option<i32>,
    pub status: Option<ReportStatus>,
    pub organization_id: Option<Uuid>,
}

/// The day a report for `year` is due.
pub fn due_on(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 25)
}

const NOT_YOURS: Message = msg!("only-reporting-organization-may-do");

impl Pilots {
    /// Writes the caller's organization's report for the year as a draft: creates it, or
    /// edits a draft or a returned report (which becomes a draft again).
    pub async fn save_report_draft(
        &self,
        principal: &Principal,
        draft: ReportDraft,
    ) -> HubResult<annual_report::Model> {
        let org = principal.acting_organization()?;
        if !self.directory.may_act_for(principal, org).await? {
            return Err(HubError::forbidden(NOT_YOURS));
        }
        let kind = self.directory.organization(org).await?.map(|o| o.kind);
        if !kind.is_some_and(reports_yearly) {
            return Err(HubError::forbidden(msg!("only-schools-centres-colleges-send-yearly")));
        }
        let year = validate::report_year("input.year", draft.year)?;
        let summary = validate::summary(&draft.summary)?;
        let document_url = validate::url("input.documentUrl", draft.document_url.as_deref())?;
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let existing = annual_report::Entity::find()
            .filter(annual_report::Column::OrganizationId.eq(org))
            .filter(annual_report::Column::Year.eq(year))
            .one(&txn)
            .await?;
        let id = match existing {
            None => {
                let id = Uuid::now_v7();
                annual_report::Entity::insert(annual_report::ActiveModel {
                    id: Set(id),
                    organization_id: Set(org),
                    year: Set(year),
                    status: Set(ReportStatus::Draft),
                    summary: Set(summary),
                    document_url: Set(document_url),
                    submitted_at: Set(None),
                    first_submitted_at: Set(None),
                    decided_at: Set(None),
                    decided_by: Set(None),
                    return_reason: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(|err| on_unique_violation(err, msg!("report-year-was-created-at-same")))?;
                id
            }
            Some(row) => {
                let updated = annual_report::Entity::update_many()
                    .col_expr(annual_report::Column::Status, Expr::value(ReportStatus::Draft))
                    .col_expr(annual_report::Column::Summary, Expr::value(summary))
                    .col_expr(annual_report::Column::DocumentUrl, Expr::value(document_url))
                    .col_expr(annual_report::Column::UpdatedAt, Expr::value(now))
                    .filter(annual_report::Column::Id.eq(row.id))
                    .filter(
                        annual_report::Column::Status.is_in([ReportStatus::Draft, ReportStatus::Returned]),
                    )
                    .exec(&txn)
                    .await?;
                if updated.rows_affected == 0 {
                    txn.rollback().await?;
                    return Err(HubError::conflict(msg!("report-has-been-submitted-changes-only")));
                }
                row.id
            }
        };
        let saved = reload(&txn, id).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Submits a draft (or a returned report, as it stands); the organization's administrator.
    pub async fn submit_report(&self, principal: &Principal, id: Uuid) -> HubResult<annual_report::Model> {
        let row = self.own_report(principal, id, true).await?;
        self.transition(
            row.id,
            &[ReportStatus::Draft, ReportStatus::Returned],
            ReportStatus::Submitted,
            None,
            None,
        )
        .await
    }

    /// Accepts a submitted report; officers of Education and Training only.
    pub async fn accept_report(&self, principal: &Principal, id: Uuid) -> HubResult<annual_report::Model> {
        principal.require_remit(Remit::EducationAndTraining, msg!("what-accept-report"))?;
        self.officer_report(id).await?;
        self.transition(id, &[ReportStatus::Submitted], ReportStatus::Accepted, Some(principal), None).await
    }

    /// Returns a submitted report to its organization with a reason; officers of Education and
    /// Training only.
    pub async fn return_report(
        &self,
        principal: &Principal,
        id: Uuid,
        reason: &str,
    ) -> HubResult<annual_report::Model> {
        principal.require_remit(Remit::EducationAndTraining, msg!("what-return-report"))?;
        let reason = validate::reason(reason)?;
        self.officer_report(id).await?;
        self.transition(id, &[ReportStatus::Submitted], ReportStatus::Returned, Some(principal), Some(reason))
            .await
    }

    /// A report as officers may see it: anything but a draft. A draft reads as missing.
    async fn officer_report(&self, id: Uuid) -> HubResult<annual_report::Model> {
        match annual_report::Entity::find_by_id(id).one(&self.db).await? {
            Some(row) if row.status != ReportStatus::Draft => Ok(row),
            _ => Err(HubError::NotFound(msg!("annual-report-not-found"))),
        }
    }

    /// The caller's own organization's report; refuses before revealing whether it exists.
    async fn own_report(
        &self,
        principal: &Principal,
        id: Uuid,
        admin: bool,
    ) -> HubResult<annual_report::Model> {
        let found = annual_report::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &found {
            Some(row) if admin => self.directory.may_administer(principal, row.organization_id).await?,
            Some(row) => self.directory.may_act_for(principal, row.organization_id).await?,
            None => false,
        };
        match found {
            Some(row) if allowed => Ok(row),
            None if principal.is_platform_admin() => Err(HubError::NotFound(msg!("annual-report-not-found"))),
            _ => Err(HubError::forbidden(if admin {
                msg!("only-administrator-reporting-organization-may-submit")
            } else {
                NOT_YOURS
            })),
        }
    }

    async fn transition(
        &self,
        id: Uuid,
        from: &[ReportStatus],
        to: ReportStatus,
        officer: Option<&Principal>,
        reason: Option<String>,
    ) -> HubResult<annual_report::Model> {
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let mut update = annual_report::Entity::update_many()
            .col_expr(annual_report::Column::Status, Expr::value(to))
            .col_expr(annual_report::Column::UpdatedAt, Expr::value(now));
        if to == ReportStatus::Submitted {
            update = update
                .col_expr(annual_report::Column::SubmittedAt, Expr::value(now))
                // A resubmission after a return keeps the first date: lateness is judged by it.
                .col_expr(
                    annual_report::Column::FirstSubmittedAt,
                    Expr::col(annual_report::Column::FirstSubmittedAt).if_null(now),
                )
                .col_expr(annual_report::Column::ReturnReason, Expr::value(Option::<String>::None));
        }
        if let Some(officer) = officer {
            update = update
                .col_expr(annual_report::Column::DecidedAt, Expr::value(now))
                .col_expr(annual_report::Column::DecidedBy, Expr::value(officer.subject.clone()))
                .col_expr(annual_report::Column::ReturnReason, Expr::value(reason));
        }
        let result = update
            .filter(annual_report::Column::Id.eq(id))
            .filter(annual_report::Column::Status.is_in(from.iter().copied()))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(refusal(to)));
        }
        let row = reload(&txn, id).await?;
        txn.commit().await?;
        tracing::info!(report = %id, status = status_name(to), "annual report changed");
        Ok(row)
    }

    /// One page of the reports the caller may see, newest first: officers every report past
    /// the draft stage, organizations their own (drafts included).
    pub async fn annual_reports(
        &self,
        principal: &Principal,
        query: &AnnualReportQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<annual_report::Model>> {
        let access = self.access(principal).await?;
        let mine = annual_report::Column::OrganizationId.is_in(access.organizations.clone());
        let visible = if access.officer {
            Condition::any().add(annual_report::Column::Status.ne(ReportStatus::Draft)).add(mine)
        } else {
            Condition::all().add(mine)
        };
        let mut select = annual_report::Entity::find().filter(visible);
        if let Some(year) = query.year {
            select = select.filter(annual_report::Column::Year.eq(year));
        }
        if let Some(status) = query.status {
            select = select.filter(annual_report::Column::Status.eq(status));
        }
        if let Some(org) = query.organization_id {
            select = select.filter(annual_report::Column::OrganizationId.eq(org));
        }
        if let Some(after) = page.after {
            select = select.filter(annual_report::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(annual_report::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// The organizations expected to report for `year` (in the area, or the city) that have
    /// no submitted or accepted report, in name order; department officers only.
    pub async fn outstanding_reports(
        &self,
        principal: &Principal,
        year: i32,
        area_id: Option<Uuid>,
    ) -> HubResult<Vec<OrganizationRecord>> {
        Self::require_officer(principal, "see who has not reported")?;
        let year = validate::year("year", year)?;
        let root = match area_id {
            Some(id) => Some(
                self.directory
                    .area(id)
                    .await?
                    .ok_or_else(|| HubError::bad_input("areaId", msg!("area-id-does-not-exist", id = id)))?,
            ),
            None => self.city().await?,
        };
        let Some(root) = root else {
            return Ok(Vec::new());
        };
        let areas = self.directory.area_with_descendants(root.id).await?;
        let expected = self.directory.organizations_in_areas(&areas, REPORTING_KINDS).await?;
        let reported: Vec<Uuid> = annual_report::Entity::find()
            .select_only()
            .column(annual_report::Column::OrganizationId)
            .filter(annual_report::Column::Year.eq(year))
            .filter(annual_report::Column::Status.is_in([ReportStatus::Submitted, ReportStatus::Accepted]))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(expected.into_iter().filter(|org| !reported.contains(&org.id)).collect())
    }
}

fn status_name(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Draft => "DRAFT",
        ReportStatus::Submitted => "SUBMITTED",
        ReportStatus::Accepted => "ACCEPTED",
        ReportStatus::Returned => "RETURNED",
    }
}

/// Why a report could not move to `to`: it was not in a state that moves there.
fn refusal(to: ReportStatus) -> Message {
    match to {
        ReportStatus::Draft => msg!("report-cannot-be-edited"),
        ReportStatus::Submitted => msg!("report-cannot-be-submitted"),
        ReportStatus::Accepted => msg!("report-cannot-be-accepted"),
        ReportStatus::Returned => msg!("report-cannot-be-returned"),
    }
}

async fn reload<C: ConnectionTrait>(db: &C, id: Uuid) -> HubResult<annual_report::Model> {
    annual_report::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(HubError::NotFound(msg!("annual-report-not-found")))
}
