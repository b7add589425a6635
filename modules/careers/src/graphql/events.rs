//! The career event types.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use directory::{Area, AreaRefs, Organization, OrganizationRefs};
use hub_common::ids::to_id;
use hub_common::principal::caller;

use super::types::dangling;
use crate::entity::{event, registration};
use crate::kinds::{CareerEventKind, CareerEventStatus, RegistrationStatus};
use crate::service::Careers;

/// A career-guidance day, an open day or a company visit, planned ahead.
#[derive(Clone)]
pub struct CareerEvent {
    pub model: event::Model,
    refs: Arc<EventRefs>,
}

struct EventRefs {
    hosts: OrganizationRefs,
    areas: AreaRefs,
}

impl CareerEvent {
    /// Wraps events fetched together, so their hosts and areas load together.
    pub fn siblings(models: Vec<event::Model>) -> Vec<Self> {
        let refs = Arc::new(EventRefs {
            hosts: OrganizationRefs::new(models.iter().map(|m| m.host_id)),
            areas: AreaRefs::new(models.iter().map(|m| m.area_id)),
        });
        models.into_iter().map(|model| Self { model, refs: refs.clone() }).collect()
    }

    pub fn single(model: event::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

#[Object]
impl CareerEvent {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn kind(&self) -> CareerEventKind {
        self.model.kind
    }

    async fn title(&self) -> &str {
        &self.model.title
    }

    async fn description(&self) -> &str {
        &self.model.description
    }

    /// Where it takes place (an address or a hall).
    async fn place(&self) -> &str {
        &self.model.place
    }

    /// The organization that hosts it.
    async fn host(&self, ctx: &Context<'_>) -> Result<Organization> {
        self.refs.hosts.get(ctx, self.model.host_id).await?.ok_or_else(|| dangling("organization"))
    }

    async fn area(&self, ctx: &Context<'_>) -> Result<Area> {
        self.refs.areas.get(ctx, self.model.area_id).await?.ok_or_else(|| dangling("area"))
    }

    async fn starts_at(&self) -> DateTime<Utc> {
        self.model.starts_at
    }

    async fn ends_at(&self) -> DateTime<Utc> {
        self.model.ends_at
    }

    /// Students it can take, over every school's registrations.
    async fn capacity(&self) -> i32 {
        self.model.capacity
    }

    /// Students of the registrations not cancelled; never above `capacity`.
    async fn registered_students(&self) -> i32 {
        self.model.registered_students
    }

    async fn seats_left(&self) -> i32 {
        self.model.seats_left()
    }

    /// The grades it is for, ascending.
    async fn grades(&self) -> Vec<i32> {
        self.model.audience()
    }

    async fn status(&self) -> CareerEventStatus {
        self.model.status
    }

    async fn published_at(&self) -> DateTime<Utc> {
        self.model.published_at
    }

    /// The registrations the caller may see: all of them for the host's people and officers,
    /// a school's own for the school, none for anybody else.
    async fn registrations(&self, ctx: &Context<'_>) -> Result<Vec<CareerEventRegistration>> {
        let rows = ctx.data::<Careers>()?.registrations_for(caller(ctx), &self.model).await?;
        Ok(CareerEventRegistration::siblings(rows))
    }
}

/// A school's registration of some of its students for an event.
#[derive(Clone)]
pub struct CareerEventRegistration {
    pub model: registration::Model,
    schools: Arc<OrganizationRefs>,
}

impl CareerEventRegistration {
    pub fn siblings(models: Vec<registration::Model>) -> Vec<Self> {
        let schools = Arc::new(OrganizationRefs::new(models.iter().map(|m| m.organization_id)));
        models.into_iter().map(|model| Self { model, schools: schools.clone() }).collect()
    }

    pub fn single(model: registration::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

#[Object]
impl CareerEventRegistration {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// The event registered for.
    async fn event(&self, ctx: &Context<'_>) -> Result<CareerEvent> {
        let found = ctx.data::<Careers>()?.career_event(self.model.event_id).await?;
        found.map(CareerEvent::single).ok_or_else(|| dangling("career event"))
    }

    /// The school whose students come.
    async fn school(&self, ctx: &Context<'_>) -> Result<Organization> {
        self.schools.get(ctx, self.model.organization_id).await?.ok_or_else(|| dangling("organization"))
    }

    async fn students(&self) -> i32 {
        self.model.students
    }

    async fn status(&self) -> RegistrationStatus {
        self.model.status
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.model.cancelled_at
    }
}

/// A newly published event, with its cursor for resuming (`careerEventPublished(after:)`).
#[derive(SimpleObject)]
pub struct CareerEventPublishedEvent {
    pub cursor: String,
    /// The event as it was published.
    pub event: CareerEvent,
}
