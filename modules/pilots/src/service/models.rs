//! Pilot career-education models: created by department officers with a lead organization,
//! the other organizations taking part and dated milestones; officers move them through
//! `PLANNED → RUNNING → COMPLETED | DISCONTINUED`, and the lead organization's administrator
//! marks milestones reached. The plan is public, so anyone reads them.

use hub_common::msg;
use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal, Remit};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::{Pilots, validate};
use crate::entity::{milestone, participant, pilot_model};
use crate::kinds::PilotStatus;

#[derive(Debug, Clone)]
pub struct NewPilotModel {
    pub name: String,
    pub approach: String,
    pub lead_organization_id: Uuid,
    pub participant_ids: Vec<Uuid>,
    pub area_id: Option<Uuid>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// Title and due day of each milestone, in order.
    pub milestones: Vec<(String, NaiveDate)>,
}

#[derive(Debug, Clone, Default)]
pub struct PilotModelQuery {
    pub status: Option<PilotStatus>,
    /// Models this organization leads or takes part in.
    pub organization_id: Option<Uuid>,
}

impl Pilots {
    pub async fn pilot_models(
        &self,
        query: &PilotModelQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<pilot_model::Model>> {
        let mut select = pilot_model::Entity::find();
        if let Some(status) = query.status {
            select = select.filter(pilot_model::Column::Status.eq(status));
        }
        if let Some(org) = query.organization_id {
            select = select.filter(
                Condition::any().add(pilot_model::Column::LeadOrganizationId.eq(org)).add(
                    pilot_model::Column::Id.in_subquery(
                        Query::select()
                            .column(participant::Column::PilotModelId)
                            .from(participant::Entity)
                            .and_where(participant::Column::OrganizationId.eq(org))
                            .to_owned(),
                    ),
                ),
            );
        }
        if let Some(after) = page.after {
            select = select.filter(pilot_model::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(pilot_model::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    pub async fn pilot_models_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, pilot_model::Model>> {
        let rows = pilot_model::Entity::find()
            .filter(pilot_model::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// The participants (besides the lead) of each model.
    pub async fn participants_of(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<Uuid>>> {
        let rows = participant::Entity::find()
            .filter(participant::Column::PilotModelId.is_in(ids.iter().copied()))
            .order_by_asc(participant::Column::OrganizationId)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for row in rows {
            grouped.entry(row.pilot_model_id).or_default().push(row.organization_id);
        }
        Ok(grouped)
    }

    /// The milestones of each model, in their order.
    pub async fn milestones_of(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<milestone::Model>>> {
        let rows = milestone::Entity::find()
            .filter(milestone::Column::PilotModelId.is_in(ids.iter().copied()))
            .order_by_asc(milestone::Column::Position)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<Uuid, Vec<milestone::Model>> = HashMap::new();
        for row in rows {
            grouped.entry(row.pilot_model_id).or_default().push(row);
        }
        Ok(grouped)
    }

    /// Creates a pilot model, `PLANNED`; officers of Education and Training only.
    pub async fn create_pilot_model(
        &self,
        principal: &Principal,
        input: NewPilotModel,
    ) -> HubResult<pilot_model::Model> {
        principal.require_remit(Remit::EducationAndTraining, msg!("what-create-pilot-model"))?;
        let name = validate::name(&input.name)?;
        let approach = validate::approach(&input.approach)?;
        validate::pilot_period(input.starts_on, input.ends_on)?;
        validate::participant_ids(&input.participant_ids, input.lead_organization_id)?;
        let lead = self.directory.organization(input.lead_organization_id).await?;
        if !lead.is_some_and(|org| org.kind.is_school()) {
            return Err(HubError::bad_input(
                "input.leadOrganizationId",
                msg!("lead-existing-school-centre-college"),
            ));
        }
        let found = self.directory.organizations_by_ids(&input.participant_ids).await?;
        if let Some(unknown) = input.participant_ids.iter().find(|id| !found.contains_key(id)) {
            return Err(HubError::bad_input(
                "input.participantIds",
                msg!("organization-unknown-does-not-exist", unknown = unknown),
            ));
        }
        if let Some(area) = input.area_id
            && self.directory.area(area).await?.is_none()
        {
            return Err(HubError::bad_input("input.areaId", msg!("area-area-does-not-exist", area = area)));
        }
        if input.milestones.len() > validate::MAX_MILESTONES {
            return Err(HubError::bad_input(
                "input.milestones",
                msg!("at-most-max-milestones-milestones", max_milestones = validate::MAX_MILESTONES),
            ));
        }
        let mut milestones = Vec::with_capacity(input.milestones.len());
        for (title, due_on) in &input.milestones {
            if *due_on < input.starts_on || input.ends_on.is_some_and(|end| *due_on > end) {
                return Err(HubError::bad_input(
                    "input.milestones.dueOn",
                    msg!("milestone-falls-within-pilot-s-period"),
                ));
            }
            milestones.push((validate::milestone_title(title)?, *due_on));
        }

        let now = Utc::now();
        let id = Uuid::now_v7();
        let txn = self.begin_write().await?;
        pilot_model::Entity::insert(pilot_model::ActiveModel {
            id: Set(id),
            name: Set(name),
            approach: Set(approach),
            lead_organization_id: Set(input.lead_organization_id),
            area_id: Set(input.area_id),
            starts_on: Set(input.starts_on),
            ends_on: Set(input.ends_on),
            status: Set(PilotStatus::Planned),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        if !input.participant_ids.is_empty() {
            participant::Entity::insert_many(
                input.participant_ids.iter().map(|org| participant::ActiveModel {
                    pilot_model_id: Set(id),
                    organization_id: Set(*org),
                }),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        if !milestones.is_empty() {
            milestone::Entity::insert_many(milestones.into_iter().enumerate().map(
                |(position, (title, due_on))| milestone::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    pilot_model_id: Set(id),
                    title: Set(title),
                    due_on: Set(due_on),
                    reached_on: Set(None),
                    position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                },
            ))
            .exec_without_returning(&txn)
            .await?;
        }
        let created = reload(&txn, id).await?;
        txn.commit().await?;
        tracing::info!(pilot_model = %id, "pilot model created");
        Ok(created)
    }

    /// Moves a model to its next status; officers of Education and Training only.
    pub async fn set_pilot_status(
        &self,
        principal: &Principal,
        id: Uuid,
        status: PilotStatus,
    ) -> HubResult<pilot_model::Model> {
        principal.require_remit(Remit::EducationAndTraining, msg!("what-change-pilot-model-status"))?;
        let current = reload(&self.db, id).await?;
        if !current.status.may_become(status) {
            return Err(HubError::conflict(msg!("pilot-model-moves-planned-running-completed")));
        }
        let txn = self.begin_write().await?;
        let result = pilot_model::Entity::update_many()
            .col_expr(pilot_model::Column::Status, Expr::value(status))
            .col_expr(pilot_model::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(pilot_model::Column::Id.eq(id))
            .filter(pilot_model::Column::Status.eq(current.status))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("pilot-model-changed-meanwhile-reload")));
        }
        let updated = reload(&txn, id).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Marks a milestone reached on a day (today or earlier, not before the pilot started);
    /// the lead organization's administrator or an officer of Education and Training.
    pub async fn reach_milestone(
        &self,
        principal: &Principal,
        id: Uuid,
        reached_on: NaiveDate,
    ) -> HubResult<milestone::Model> {
        let found = milestone::Entity::find_by_id(id).one(&self.db).await?;
        let pilot = match &found {
            Some(row) => pilot_model::Entity::find_by_id(row.pilot_model_id).one(&self.db).await?,
            None => None,
        };
        let allowed = principal.within_remit(Remit::EducationAndTraining)
            || match &pilot {
                Some(pilot) => self.directory.may_administer(principal, pilot.lead_organization_id).await?,
                None => false,
            };
        if !allowed {
            return Err(HubError::forbidden(msg!("only-lead-organization-s-administrator-officer")));
        }
        let (Some(row), Some(pilot)) = (found, pilot) else {
            return Err(HubError::NotFound(msg!("milestone-not-found")));
        };
        if reached_on > validate::today() || reached_on < pilot.starts_on {
            return Err(HubError::bad_input("reachedOn", msg!("reachedon-between-pilot-s-start-today")));
        }
        let txn = self.begin_write().await?;
        milestone::Entity::update_many()
            .col_expr(milestone::Column::ReachedOn, Expr::value(reached_on))
            .filter(milestone::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(milestone::Model { reached_on: Some(reached_on), ..row })
    }
}

async fn reload<C: ConnectionTrait>(db: &C, id: Uuid) -> HubResult<pilot_model::Model> {
    pilot_model::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(HubError::NotFound(msg!("pilot-model-not-found")))
}
