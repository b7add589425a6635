//! The engagement a career event's host records after the event, in one call: the schools
//! registered for it become the organizations involved, their registered students the reach,
//! and the event's day, kind and title the engagement's. Career events belong to the careers
//! module, which this crate may not depend on, so it states what it needs as
//! [`CareerEventSource`]; the gateway implements it with the careers service.

use chrono::{DateTime, Utc};
use hub_common::error::on_unique_violation;
use hub_common::messages::Message;
use hub_common::msg;
use hub_common::{HubError, HubResult, Principal};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Partnerships, validate};
use crate::entity::engagement;
use crate::kinds::EngagementKind;

/// A career event as the engagement recorded from it needs it.
#[derive(Debug, Clone)]
pub struct CareerEventHeld {
    pub host: Uuid,
    /// The engagement kind the event is (an open day is a career day at the institution).
    pub kind: EngagementKind,
    pub title: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    /// The schools with live registrations, each once, with the grade their students count
    /// under and how many were registered.
    pub attendance: Vec<Attendance>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    pub school: Uuid,
    pub grade: i32,
    pub students: i64,
}

/// Reads a career event for the engagement recorded from it.
#[async_trait::async_trait]
pub trait CareerEventSource: Send + Sync {
    /// `None` when there is no such event.
    async fn career_event_held(&self, event: Uuid) -> HubResult<Option<CareerEventHeld>>;
}

const ALREADY_RECORDED: Message = msg!("engagement-was-already-recorded-from-event");

impl Partnerships {
    /// Records the engagement of a career event that has ended, for its host (the organization
    /// the caller's token acts for), prefilled from the event and its registrations. Once per
    /// event; the host changes the record afterwards like any other (`updateEngagement`).
    pub async fn record_engagement_from_career_event(
        &self,
        principal: &Principal,
        event_id: Uuid,
    ) -> HubResult<engagement::Model> {
        let recorder = principal.acting_organization()?;
        if !self.may_act_for(principal, recorder).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let source = self.career_events.as_ref().ok_or_else(|| {
            HubError::from(anyhow::anyhow!("this hub was built without a source of career events"))
        })?;
        // Events are public, so saying that one does not exist reveals nothing.
        let event = source
            .career_event_held(event_id)
            .await?
            .ok_or(HubError::NotFound(msg!("career-event-not-found")))?;
        if event.host != recorder {
            return Err(HubError::forbidden(msg!("only-host-career-event-records-engagement")));
        }
        if event.cancelled {
            return Err(HubError::conflict(msg!("event-was-cancelled")));
        }
        if event.ends_at > Utc::now() {
            return Err(HubError::conflict(msg!("event-has-not-ended-yet-record")));
        }
        if event.attendance.is_empty() {
            return Err(HubError::conflict(msg!("no-school-was-registered-event-record")));
        }
        let existing = engagement::Entity::find()
            .filter(engagement::Column::CareerEventId.eq(event_id))
            .one(&self.db)
            .await?;
        if existing.is_some() {
            return Err(HubError::conflict(ALREADY_RECORDED));
        }

        let held_on = validate::held_on(hub_common::time::local_date(event.starts_at))?;
        let reach = reach_by_grade(&event.attendance)?;
        validate::reach(&reach)?;
        let schools: Vec<Uuid> =
            event.attendance.iter().map(|a| a.school).filter(|school| *school != recorder).collect();
        let organizations = self.involved_organizations(recorder, &schools).await?;
        let notes = validate::notes(Some(&format!("{} ({})", event.title, event.place)))?;

        let now = Utc::now();
        let id = Uuid::now_v7();
        let txn = self.begin_write().await?;
        engagement::Entity::insert(engagement::ActiveModel {
            id: Set(id),
            kind: Set(event.kind),
            held_on: Set(held_on),
            recorded_by: Set(recorder),
            partnership_id: Set(None),
            two_way: Set(false),
            notes: Set(notes),
            created_at: Set(now),
            updated_at: Set(now),
            career_event_id: Set(Some(event_id)),
        })
        .exec_without_returning(&txn)
        .await
        // Two calls at once both pass the check above; the unique index lets one through.
        .map_err(|err| on_unique_violation(err, ALREADY_RECORDED))?;
        // The host's involvement is confirmed by recording it; each school confirms its own
        // (`confirmEngagement`) before the engagement counts for it, as for any engagement.
        let involvement: Vec<_> =
            organizations.iter().map(|org| (*org, (*org == recorder).then_some(now))).collect();
        super::engagements::write_children(&txn, id, Some(&involvement), Some(&reach)).await?;
        let created = engagement::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(HubError::NotFound(msg!("engagement-not-found")))?;
        txn.commit().await?;
        tracing::info!(engagement = %id, event = %event_id, recorder = %recorder, "engagement recorded from a career event");
        Ok(created)
    }
}

/// Students per grade over every school, grades ascending. A grade with more students than
/// one engagement records per grade is refused rather than cut: the host then records the
/// engagement by hand.
fn reach_by_grade(attendance: &[Attendance]) -> HubResult<Vec<(i32, i32)>> {
    let mut by_grade: std::collections::BTreeMap<i32, i64> = std::collections::BTreeMap::new();
    for entry in attendance {
        *by_grade.entry(entry.grade).or_default() += entry.students;
    }
    by_grade
        .into_iter()
        .map(|(grade, students)| match i32::try_from(students) {
            Ok(students) if students <= validate::MAX_STUDENTS_PER_GRADE => Ok((grade, students)),
            _ => Err(HubError::conflict(msg!(
                "more-than-max-students-per-grade",
                max_students_per_grade = validate::MAX_STUDENTS_PER_GRADE,
                grade = grade
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schools_add_up_per_grade() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let attendance = vec![
            Attendance { school: a, grade: 12, students: 40 },
            Attendance { school: b, grade: 9, students: 25 },
            Attendance { school: Uuid::now_v7(), grade: 9, students: 5 },
        ];
        assert_eq!(reach_by_grade(&attendance).ok(), Some(vec![(9, 30), (12, 40)]));
    }
}
