//! Career events: hosts publish and cancel them, schools register students and cancel their
//! registrations. Registered students never exceed the capacity: registering runs in one write
//! transaction (`BEGIN IMMEDIATE` on SQLite) that, on PostgreSQL, first locks the event row
//! (`SELECT … FOR UPDATE`), so concurrent registrations for one event take turns; the counter
//! update is conditional as well, and a check constraint backs both.

use chrono::{DateTime, Utc};
use directory::OrganizationKind;
use hub_common::msg;
use hub_common::pagination::PageRequest;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{Careers, validate};
use crate::entity::{event, registration};
use crate::events::{CAREER_EVENT_PUBLISHED, CareerEventPublished};
use crate::kinds::{CareerEventKind, CareerEventStatus, RegistrationStatus, set_contains};

#[derive(Debug, Clone)]
pub struct NewCareerEvent {
    pub kind: CareerEventKind,
    pub title: String,
    pub description: String,
    pub place: String,
    pub area_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub grades: Vec<i32>,
}

/// What `careerEvents` is asked for.
#[derive(Debug, Clone, Default)]
pub struct CareerEventQuery {
    /// Only events that have not ended yet (the default), or only those that have.
    pub upcoming: Option<bool>,
    pub host_id: Option<Uuid>,
    /// In this area or any area within it.
    pub area_id: Option<Uuid>,
    pub kind: Option<CareerEventKind>,
    /// Events for pupils of this grade.
    pub grade: Option<i32>,
    pub status: Option<CareerEventStatus>,
}

/// The keyset of `careerEvents`: start time, then id.
pub type EventCursor = (DateTime<Utc>, Uuid);

/// The grades a school of `kind` teaches.
pub(crate) fn grades_taught(kind: OrganizationKind) -> Option<std::ops::RangeInclusive<i32>> {
    match kind {
        OrganizationKind::LowerSecondarySchool => Some(6..=9),
        OrganizationKind::UpperSecondarySchool => Some(10..=12),
        OrganizationKind::MultiLevelSchool => Some(6..=12),
        _ => None,
    }
}

/// Locks the event row until the transaction ends, on PostgreSQL; SQLite's `BEGIN IMMEDIATE`
/// already holds the database's one write lock.
async fn lock_event(txn: &DatabaseTransaction, id: Uuid) -> HubResult<Option<event::Model>> {
    let mut select = event::Entity::find_by_id(id);
    if txn.get_database_backend() == DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    Ok(select.one(txn).await?)
}

impl Careers {
    /// One page of events in start order. Public: published and cancelled events alike (a
    /// school needs to learn that an event it counted on was called off).
    pub async fn career_events(
        &self,
        query: &CareerEventQuery,
        page: &PageRequest<EventCursor>,
    ) -> HubResult<Vec<event::Model>> {
        let now = Utc::now();
        let upcoming = query.upcoming.unwrap_or(true);
        let mut select = event::Entity::find();
        select = if upcoming {
            select.filter(event::Column::EndsAt.gt(now))
        } else {
            select.filter(event::Column::EndsAt.lte(now))
        };
        if let Some(host) = query.host_id {
            select = select.filter(event::Column::HostId.eq(host));
        }
        if let Some(area_id) = query.area_id {
            let areas = self.directory.area_with_descendants(area_id).await?;
            select = select.filter(event::Column::AreaId.is_in(areas));
        }
        if let Some(kind) = query.kind {
            select = select.filter(event::Column::Kind.eq(kind));
        }
        if let Some(grade) = query.grade {
            select = select.filter(event::Column::Grades.like(set_contains(&grade.to_string())));
        }
        if let Some(status) = query.status {
            select = select.filter(event::Column::Status.eq(status));
        }
        if let Some((starts_at, id)) = page.after {
            select = select.filter(
                sea_orm::Condition::any().add(event::Column::StartsAt.gt(starts_at)).add(
                    sea_orm::Condition::all()
                        .add(event::Column::StartsAt.eq(starts_at))
                        .add(event::Column::Id.gt(id)),
                ),
            );
        }
        Ok(select
            .order_by_asc(event::Column::StartsAt)
            .order_by_asc(event::Column::Id)
            .limit(page.fetch_limit())
            .all(&self.db)
            .await?)
    }

    /// Published events that have not ended, soonest first: what the public pages list.
    pub async fn upcoming_events(&self, limit: u64) -> HubResult<Vec<event::Model>> {
        Ok(event::Entity::find()
            .filter(event::Column::EndsAt.gt(Utc::now()))
            .filter(event::Column::Status.eq(CareerEventStatus::Published))
            .order_by_asc(event::Column::StartsAt)
            .order_by_asc(event::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?)
    }

    /// One event. Public.
    pub async fn career_event(&self, id: Uuid) -> HubResult<Option<event::Model>> {
        Ok(event::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// The registrations of an event the caller may see: every one for the host's people and
    /// officers, a school's own for the school, none for anybody else.
    pub async fn registrations_for(
        &self,
        principal: Option<&Principal>,
        event: &event::Model,
    ) -> HubResult<Vec<registration::Model>> {
        let Some(principal) = principal else {
            return Ok(Vec::new());
        };
        let mut select = registration::Entity::find().filter(registration::Column::EventId.eq(event.id));
        let sees_all =
            principal.is_department_officer() || self.may_act_for(principal, event.host_id).await?;
        if !sees_all {
            let reach = self.directory.reach(Some(principal)).await?;
            select = select.filter(registration::Column::OrganizationId.is_in(reach.organizations));
        }
        Ok(select.order_by_asc(registration::Column::Id).all(&self.db).await?)
    }

    /// Publishes an event hosted by the organization the caller's token acts for, and announces
    /// it to `careerEventPublished` subscribers in the same transaction.
    pub async fn publish_event(
        &self,
        principal: &Principal,
        input: NewCareerEvent,
    ) -> HubResult<event::Model> {
        let host_id = principal.acting_organization()?;
        if !self.may_act_for(principal, host_id).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let verified = self.directory.organization(host_id).await?.is_some_and(|org| org.verified);
        if !verified {
            return Err(HubError::forbidden(msg!("only-verified-organizations-host-career-events")));
        }
        let title = validate::name("input.title", &input.title)?;
        let description = validate::description("input.description", &input.description)?;
        let place = validate::name("input.place", &input.place)?;
        let capacity = validate::capacity(input.capacity)?;
        let grades = validate::grades(&input.grades)?;
        if input.ends_at <= input.starts_at {
            return Err(HubError::bad_input("input.endsAt", msg!("event-ends-after-starts")));
        }
        if input.starts_at <= Utc::now() {
            return Err(HubError::bad_input("input.startsAt", msg!("event-published-before-starts")));
        }
        self.directory.require_current_area(input.area_id).await?;
        let now = Utc::now();
        let row = event::Model {
            id: Uuid::now_v7(),
            host_id,
            kind: input.kind,
            title,
            description,
            place,
            area_id: input.area_id,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            capacity,
            registered_students: 0,
            grades,
            status: CareerEventStatus::Published,
            published_at: now,
            updated_at: now,
        };
        let txn = self.begin_write().await?;
        event::ActiveModel::from(row.clone()).insert(&txn).await?;
        let cursor = CAREER_EVENT_PUBLISHED.publish(&txn, &CareerEventPublished::from(&row)).await?;
        txn.commit().await?;
        // The relay would find the row at its next poll; waking it makes delivery immediate.
        self.events.wake_relay();
        tracing::info!(event = %row.id, host = %host_id, cursor, "career event published");
        Ok(row)
    }

    /// Calls an event off; its host's people only. Registrations stay on record.
    pub async fn cancel_event(&self, principal: &Principal, id: Uuid) -> HubResult<event::Model> {
        let found = self.career_event(id).await?;
        let allowed = match &found {
            Some(event) => self.may_act_for(principal, event.host_id).await?,
            None => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(msg!("only-host-event-may-cancel")));
        }
        found.ok_or(HubError::NotFound(msg!("career-event-not-found")))?;
        let txn = self.begin_write().await?;
        let result = event::Entity::update_many()
            .col_expr(event::Column::Status, Expr::value(CareerEventStatus::Cancelled))
            .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(event::Column::Id.eq(id))
            .filter(event::Column::Status.eq(CareerEventStatus::Published))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(HubError::conflict(msg!("event-cancelled-already")));
        }
        txn.commit().await?;
        self.career_event(id).await?.ok_or(HubError::NotFound(msg!("career-event-not-found")))
    }

    /// Registers `students` pupils of the school the caller's token acts for. Refused with
    /// `CONFLICT` when fewer seats are left, whatever other schools do at the same moment.
    pub async fn register_for_event(
        &self,
        principal: &Principal,
        event_id: Uuid,
        students: i32,
    ) -> HubResult<registration::Model> {
        let school_id = principal.acting_organization()?;
        if !self.may_act_for(principal, school_id).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let taught = self
            .directory
            .organization(school_id)
            .await?
            .and_then(|org| grades_taught(org.kind))
            .ok_or_else(|| HubError::forbidden(msg!("only-schools-register-students-career-events")))?;
        let students = validate::students(students)?;

        let txn = self.begin_write().await?;
        let Some(event) = lock_event(&txn, event_id).await? else {
            txn.rollback().await?;
            return Err(HubError::NotFound(msg!("career-event-not-found")));
        };
        let refusal = if event.status != CareerEventStatus::Published {
            Some(HubError::conflict(msg!("event-was-cancelled-2")))
        } else if event.starts_at <= Utc::now() {
            Some(HubError::conflict(msg!("registration-has-closed-event-has-started")))
        } else if !event.audience().iter().any(|grade| taught.contains(grade)) {
            Some(HubError::bad_input("eventId", msg!("event-grades-your-school-does-not")))
        } else if students > event.seats_left() {
            Some(HubError::conflict(match event.seats_left() {
                0 => msg!("event-full"),
                left => msg!("only-seats-left", left = left),
            }))
        } else {
            None
        };
        if let Some(refusal) = refusal {
            txn.rollback().await?;
            return Err(refusal);
        }
        // Conditional as well: the lock makes this always match, and it keeps the rule true
        // should a path ever update the counter without the lock.
        let result = event::Entity::update_many()
            .col_expr(
                event::Column::RegisteredStudents,
                Expr::col(event::Column::RegisteredStudents).add(students),
            )
            .filter(event::Column::Id.eq(event_id))
            .filter(
                Expr::col(event::Column::RegisteredStudents)
                    .add(students)
                    .lte(Expr::col(event::Column::Capacity)),
            )
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("event-full")));
        }
        let created = registration::ActiveModel {
            id: Set(Uuid::now_v7()),
            event_id: Set(event_id),
            organization_id: Set(school_id),
            students: Set(students),
            status: Set(RegistrationStatus::Registered),
            registered_by: Set(principal.subject.clone()),
            created_at: Set(Utc::now()),
            cancelled_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        tracing::info!(event = %event_id, school = %school_id, students, "registered for a career event");
        Ok(created)
    }

    /// Cancels a registration and gives its seats back; the registering school's people only.
    pub async fn cancel_registration(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> HubResult<registration::Model> {
        let found = registration::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &found {
            Some(row) => self.may_act_for(principal, row.organization_id).await?,
            None => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(msg!("only-school-registered-may-cancel-registration")));
        }
        let found = found.ok_or(HubError::NotFound(msg!("career-event-registration-not-found")))?;
        let txn = self.begin_write().await?;
        lock_event(&txn, found.event_id).await?;
        let now = Utc::now();
        let result = registration::Entity::update_many()
            .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Cancelled))
            .col_expr(registration::Column::CancelledAt, Expr::value(Some(now)))
            .filter(registration::Column::Id.eq(id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Registered))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            txn.rollback().await?;
            return Err(HubError::conflict(msg!("registration-cancelled-already")));
        }
        event::Entity::update_many()
            .col_expr(
                event::Column::RegisteredStudents,
                Expr::col(event::Column::RegisteredStudents).sub(found.students),
            )
            .filter(event::Column::Id.eq(found.event_id))
            .exec(&txn)
            .await?;
        let cancelled = registration::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("career-event-registration-not-found")))?;
        txn.commit().await?;
        Ok(cancelled)
    }
}
