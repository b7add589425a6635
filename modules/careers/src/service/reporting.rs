//! What other modules read of careers, through the gateway's bridges: an event's attendance
//! (for the engagement its host records afterwards), the events hosted and students registered
//! over a period (for the participation reports) and the lower-secondary graduates the
//! institutions enrolled in a year (for the pilots' indicator). Each answers in a fixed number
//! of statements.

use hub_common::msg;
use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use hub_common::activity::{CareerEventsHosted, CareerEventsJoined};
use hub_common::time::start_of_day;
use hub_common::{HubError, HubResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::Careers;
use super::events::grades_taught;
use crate::entity::{admission, event, registration};
use crate::kinds::{CareerEventStatus, RegistrationStatus};

/// An event and who was registered for it when it took place.
#[derive(Debug, Clone)]
pub struct EventAttendance {
    pub event: event::Model,
    /// One entry per school with live registrations, in registration order.
    pub schools: Vec<SchoolAttendance>,
}

/// A school's registered students at an event, counted under one grade: the lowest of the
/// event's grades that the school teaches. Registrations carry no grade, and the usual events
/// (grade 9 or grade 12, the two points where pupils choose a path) put each school's pupils in
/// one grade anyway; the host corrects the split afterwards when it was otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolAttendance {
    pub school: Uuid,
    pub grade: i32,
    pub students: i64,
}

/// What institutions reported enrolling in one intake year, over every programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeTotals {
    /// Lower-secondary graduates (after grade 9) enrolled, newest version of each report.
    pub lower_secondary_enrolled: i64,
    /// Programmes with a report for the year.
    pub programmes_reporting: i64,
}

impl Careers {
    /// The event with its live registrations, each school's students under one grade; `None`
    /// when there is no such event. Public facts plus registrations: callers decide who sees it.
    pub async fn event_attendance(&self, id: Uuid) -> HubResult<Option<EventAttendance>> {
        let Some(event) = self.career_event(id).await? else {
            return Ok(None);
        };
        let rows = registration::Entity::find()
            .filter(registration::Column::EventId.eq(id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Registered))
            .order_by_asc(registration::Column::Id)
            .all(&self.db)
            .await?;
        let school_ids: Vec<Uuid> = rows.iter().map(|r| r.organization_id).collect();
        let schools = self.directory.organizations_by_ids(&school_ids).await?;
        let audience = event.audience();
        let mut attendance: Vec<SchoolAttendance> = Vec::new();
        for row in rows {
            if let Some(known) = attendance.iter_mut().find(|a| a.school == row.organization_id) {
                known.students += i64::from(row.students);
                continue;
            }
            // Registering checked the school teaches one of the grades; a school whose kind
            // changed since counts under the event's lowest grade.
            let taught = schools.get(&row.organization_id).and_then(|org| grades_taught(org.kind));
            let grade = audience
                .iter()
                .copied()
                .filter(|grade| taught.as_ref().is_none_or(|range| range.contains(grade)))
                .min()
                .or_else(|| audience.iter().copied().min())
                .ok_or_else(|| HubError::from(anyhow::anyhow!("career event {id} has no grades")))?;
            attendance.push(SchoolAttendance {
                school: row.organization_id,
                grade,
                students: i64::from(row.students),
            });
        }
        Ok(Some(EventAttendance { event, schools: attendance }))
    }

    /// Events held (started, not cancelled) on a Hải Phòng day from `from` to `to`, per
    /// host, with the students registered for them. One statement.
    pub async fn events_hosted(&self, from: NaiveDate, to: NaiveDate) -> HubResult<Vec<CareerEventsHosted>> {
        let mut hosted: HashMap<Uuid, CareerEventsHosted> = HashMap::new();
        for event in self.events_held_between(from, to).await? {
            let entry = hosted
                .entry(event.host_id)
                .or_insert_with(|| CareerEventsHosted { host: event.host_id, ..Default::default() });
            entry.events += 1;
            entry.students_registered += i64::from(event.registered_students);
        }
        Ok(hosted.into_values().collect())
    }

    /// Per school, the events held from `from` to `to` it had live registrations for and the
    /// students registered. Two statements.
    pub async fn events_joined(&self, from: NaiveDate, to: NaiveDate) -> HubResult<Vec<CareerEventsJoined>> {
        let events: Vec<Uuid> = self.events_held_between(from, to).await?.into_iter().map(|e| e.id).collect();
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let rows = registration::Entity::find()
            .filter(registration::Column::EventId.is_in(events))
            .filter(registration::Column::Status.eq(RegistrationStatus::Registered))
            .all(&self.db)
            .await?;
        let mut joined: HashMap<Uuid, (HashSet<Uuid>, i64)> = HashMap::new();
        for row in rows {
            let entry = joined.entry(row.organization_id).or_default();
            entry.0.insert(row.event_id);
            entry.1 += i64::from(row.students);
        }
        Ok(joined
            .into_iter()
            .map(|(school, (events, students))| CareerEventsJoined {
                school,
                events: events.len() as i64,
                students,
            })
            .collect())
    }

    /// What every programme's newest report for the intake `year` says; `None` when no
    /// programme reported that year. One statement.
    pub async fn intake_totals(&self, year: i32) -> HubResult<Option<IntakeTotals>> {
        let rows = admission::Entity::find()
            .filter(admission::Column::Year.eq(year))
            .order_by_desc(admission::Column::Version)
            .all(&self.db)
            .await?;
        let mut seen = HashSet::new();
        let newest: Vec<&admission::Model> =
            rows.iter().filter(|row| seen.insert(row.programme_id)).collect();
        if newest.is_empty() {
            return Ok(None);
        }
        Ok(Some(IntakeTotals {
            lower_secondary_enrolled: newest.iter().map(|row| i64::from(row.enrolled_lower_secondary)).sum(),
            programmes_reporting: newest.len() as i64,
        }))
    }

    /// Events not cancelled that started on a Hải Phòng day from `from` to `to`, and before
    /// now: an event still to come has not been held, however many have registered.
    async fn events_held_between(&self, from: NaiveDate, to: NaiveDate) -> HubResult<Vec<event::Model>> {
        let end =
            to.succ_opt().ok_or_else(|| HubError::bad_input("period.to", msg!("period-ends-too-late")))?;
        Ok(event::Entity::find()
            .filter(event::Column::StartsAt.gte(start_of_day(from)))
            .filter(event::Column::StartsAt.lt(start_of_day(end)))
            .filter(event::Column::StartsAt.lte(Utc::now()))
            .filter(event::Column::Status.ne(CareerEventStatus::Cancelled))
            .all(&self.db)
            .await?)
    }
}
